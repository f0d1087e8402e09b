import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { LineIndex, maskTemplates } from './text';

/** Documents larger than this are not given to the YAML parser; the line scanner still works. */
export const MAX_PARSED_DOCUMENT = 512 * 1024;
/** Files larger than this get no assistance at all. */
export const MAX_MANIFEST = 8 * 1024 * 1024;

/** One `---` document of a manifest file. Offsets are into the whole file's text. */
export interface ManifestDocument {
	readonly index: number;
	/** Offset of the first character after the `---` line (or of the file, after a BOM). */
	readonly start: number;
	/** Offset of the start of the next `---` line, or the end of the text. */
	readonly end: number;
	/** The document's text with template actions blanked; `text.length === end - start`. */
	readonly text: string;
	readonly lines: LineIndex;
	readonly apiVersion?: string;
	readonly kind?: string;
	/** The API group of apiVersion ('' for the core group). */
	readonly group?: string;
	readonly version?: string;
	/** The parsed document, or undefined when it was too large. Ranges are relative to `start`. */
	readonly ast?: Document.Parsed;
	readonly hasTemplates: boolean;
}

/** A whole file split into its documents. */
export interface Manifest {
	readonly text: string;
	readonly lines: LineIndex;
	readonly documents: readonly ManifestDocument[];
}

/** Splits text into documents at `---` lines and parses each one, reusing unchanged documents. */
export function parseManifest(text: string, previous?: Manifest): Manifest {
	const lines = new LineIndex(text);
	if (text.length > MAX_MANIFEST) return { text, lines, documents: [] };
	const reuse = new Map<string, ManifestDocument>();
	for (const d of previous?.documents ?? []) reuse.set(d.text, d);
	const documents: ManifestDocument[] = [];
	let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const push = (end: number) => {
		const masked = maskTemplates(text.slice(start, end));
		const old = reuse.get(masked);
		// A document's own ranges are relative to its start, so an unchanged one is reused as is.
		documents.push(
			old
				? { ...old, index: documents.length, start, end }
				: parseDocumentAt(
						masked,
						documents.length,
						start,
						end,
						masked.length !== 0 && masked !== text.slice(start, end),
					),
		);
	};
	for (let line = 0; line < lines.lineCount; line++) {
		let content = lines.lineText(line);
		if (line === 0 && start === 1) content = content.slice(1);
		if (!/^(---|\.\.\.)(\s|$)/.test(content)) continue;
		// A separator on the first line has no document before it.
		if (line > 0) push(lines.lineStart(line));
		start = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : text.length;
	}
	push(text.length);
	return { text, lines, documents };
}

function parseDocumentAt(
	text: string,
	index: number,
	start: number,
	end: number,
	hasTemplates: boolean,
): ManifestDocument {
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
		index,
		start,
		end,
		text,
		lines: new LineIndex(text),
		...(apiVersion !== undefined ? { apiVersion } : {}),
		...(kind ? { kind } : {}),
		...(group !== undefined ? { group } : {}),
		...(version !== undefined ? { version } : {}),
		...(ast ? { ast } : {}),
		hasTemplates,
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

/**
 * Keeps the parsed form of each open file per version; a new version reparses only the documents
 * whose text changed.
 */
export class ManifestCache {
	private readonly entries = new Map<string, { version: number; manifest: Manifest }>();

	constructor(private readonly capacity = 32) {}

	get(key: string, version: number, text: string): Manifest {
		const hit = this.entries.get(key);
		if (hit && hit.version === version && hit.manifest.text === text) return hit.manifest;
		const manifest = parseManifest(text, hit?.manifest);
		this.entries.delete(key);
		this.entries.set(key, { version, manifest });
		if (this.entries.size > this.capacity) {
			const oldest = this.entries.keys().next().value;
			if (oldest !== undefined) this.entries.delete(oldest);
		}
		return manifest;
	}

	delete(key: string): void {
		this.entries.delete(key);
	}
}

/** The document that holds an offset (a `---` line belongs to the document after it). */
export function documentAt(manifest: Manifest, offset: number): ManifestDocument | undefined {
	let found: ManifestDocument | undefined;
	for (const d of manifest.documents) {
		if (d.start <= offset) found = d;
		else break;
	}
	if (found && offset > found.end) return undefined;
	return found;
}
