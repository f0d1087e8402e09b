import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { LineIndex, maskTemplates } from './text';

/** Documents larger than this are not given to the YAML parser; the line scanner still works. */
export const MAX_PARSED_DOCUMENT = 512 * 1024;

/**
 * What one document's own text says, wherever the document sits in its file: every offset, line
 * and AST range in it is relative to the document's start, so it is reused as is when edits
 * elsewhere move the document.
 */
export interface DocumentBody {
	/** The document's text as written (so a consumer never needs the whole file's text). */
	readonly raw: string;
	/** The document's text with template actions blanked (same length as its raw text). */
	readonly text: string;
	readonly lines: LineIndex;
	readonly apiVersion?: string;
	readonly kind?: string;
	/** The API group of apiVersion ('' for the core group). */
	readonly group?: string;
	readonly version?: string;
	/** The parsed document, or undefined when it was too large. */
	readonly ast?: Document.Parsed;
	readonly hasTemplates: boolean;
}

/** Masks templates in one document's raw text, parses it and reads its apiVersion and kind. */
export function parseBody(raw: string): DocumentBody {
	const text = maskTemplates(raw);
	let ast: Document.Parsed | undefined;
	if (text.length <= MAX_PARSED_DOCUMENT) {
		try {
			ast = parseDocument(text, { strict: false, uniqueKeys: false, prettyErrors: false });
		} catch {
			ast = undefined;
		}
	}
	let apiVersion = topLevelString(ast, 'apiVersion') ?? topLevelLine(text, 'apiVersion');
	const kind = topLevelString(ast, 'kind') ?? topLevelLine(text, 'kind');
	if (apiVersion === '') apiVersion = undefined;
	let group: string | undefined;
	let version: string | undefined;
	if (apiVersion) {
		const slash = apiVersion.lastIndexOf('/');
		group = slash === -1 ? '' : apiVersion.slice(0, slash);
		version = apiVersion.slice(slash + 1);
	}
	return {
		raw,
		text,
		lines: new LineIndex(text),
		...(apiVersion !== undefined ? { apiVersion } : {}),
		...(kind ? { kind } : {}),
		...(group !== undefined ? { group } : {}),
		...(version !== undefined ? { version } : {}),
		...(ast ? { ast } : {}),
		hasTemplates: text.length !== 0 && text !== raw,
	};
}

/** Reads a top-level string field without resolving aliases (so alias bombs cost nothing). */
function topLevelString(ast: Document.Parsed | undefined, key: string): string | undefined {
	const contents = ast?.contents;
	if (!isMap(contents)) return undefined;
	for (const pair of contents.items) {
		if (isScalar(pair.key) && pair.key.value === key) {
			if (isScalar(pair.value) && typeof pair.value.value === 'string')
				return pair.value.value;
			return undefined;
		}
	}
	return undefined;
}

/** Falls back to a plain `key: value` line at column 0 (templated or broken documents). */
function topLevelLine(text: string, key: string): string | undefined {
	const m = new RegExp(`^${key}[ \\t]*:[ \\t]*["']?([^\\s"'#]+)`, 'm').exec(text);
	return m?.[1];
}
