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

/**
 * How many documents of the manifests an editor holds (see `ManifestCache`) keep their parse
 * between requests: the last ones parsed. The others keep only what they were read for (text,
 * apiVersion and kind, line index); their parse is made again, from the same text, when asked for.
 */
export const RECENT_TREES = 16;

/** The bodies whose parse is kept, in the order parsed; the oldest is dropped first. */
const recent: (Body | undefined)[] = new Array<Body | undefined>(RECENT_TREES);
let next = 0;

const PARSE_OPTIONS = { strict: false, uniqueKeys: false, prettyErrors: false } as const;

function parseTree(text: string): Document.Parsed | null {
	if (text.length > MAX_PARSED_DOCUMENT) return null;
	try {
		return parseDocument(text, PARSE_OPTIONS);
	} catch {
		return null;
	}
}

/**
 * A document's text and what it says. Its parse (`ast`) is kept for good (`keep`) or, in the
 * manifests an editor holds, only while it is one of the last {@link RECENT_TREES} parsed: a
 * parsed 560-byte manifest is about 14 KB of nodes, so a 5 MB file of 9,000 documents held 130 MB
 * that every garbage collection had to walk, although an edit needs the parse of the documents it
 * touches only (the others' diagnostics, facts and offsets are kept without it).
 */
class Body implements DocumentBody {
	readonly raw: string;
	readonly text: string;
	readonly lines: LineIndex;
	readonly hasTemplates: boolean;
	readonly apiVersion?: string;
	readonly kind?: string;
	readonly group?: string;
	readonly version?: string;
	/** The parse; undefined when dropped, null when the text cannot be parsed. */
	private tree: Document.Parsed | null | undefined;

	constructor(
		raw: string,
		private readonly keep: boolean,
	) {
		const text = maskTemplates(raw);
		this.raw = raw;
		this.text = text;
		this.lines = new LineIndex(text);
		this.hasTemplates = text.length !== 0 && text !== raw;
		const ast = this.parse();
		let apiVersion = topLevelString(ast, 'apiVersion') ?? topLevelLine(text, 'apiVersion');
		const kind = topLevelString(ast, 'kind') ?? topLevelLine(text, 'kind');
		if (apiVersion === '') apiVersion = undefined;
		if (apiVersion !== undefined) {
			this.apiVersion = apiVersion;
			const slash = apiVersion.lastIndexOf('/');
			this.group = slash === -1 ? '' : apiVersion.slice(0, slash);
			this.version = apiVersion.slice(slash + 1);
		}
		if (kind) this.kind = kind;
	}

	/** The parsed document, or undefined when it was too large (parsed again if dropped). */
	get ast(): Document.Parsed | undefined {
		return (this.tree === undefined ? this.parse() : this.tree) ?? undefined;
	}

	private parse(): Document.Parsed | undefined {
		const tree = parseTree(this.text);
		this.tree = tree;
		if (tree && !this.keep) {
			recent[next]?.drop();
			recent[next] = this;
			next = (next + 1) % RECENT_TREES;
		}
		return tree ?? undefined;
	}

	private drop(): void {
		if (this.tree) this.tree = undefined;
	}
}

/**
 * Masks templates in one document's raw text, parses it and reads its apiVersion and kind. With
 * `keep` false the parse is dropped once {@link RECENT_TREES} newer ones were made.
 */
export function parseBody(raw: string, keep = true): DocumentBody {
	return new Body(raw, keep);
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
