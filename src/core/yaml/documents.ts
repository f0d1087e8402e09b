import { isMap, type Document } from 'yaml';
import { Block, splitBlocks } from './blocks';
import { chunkBreaks, chunksOf, floorIndex, type Chunk } from './chunks';
import type { DocumentBody } from './body';
import { LineIndex, type Position as TextPosition } from './text';

export { MAX_PARSED_DOCUMENT, RECENT_TREES } from './body';

/** Files larger than this get no assistance at all. */
export const MAX_MANIFEST = 8 * 1024 * 1024;

/** One `---` document of a manifest file. Offsets are into the whole file's text. */
export interface ManifestDocument {
	readonly index: number;
	/** Offset of the first character after the `---` line (or of the file, after a BOM). */
	readonly start: number;
	/** Offset of the start of the next `---` line, or the end of the text. */
	readonly end: number;
	/** The document's text as written; `raw.length === end - start`. */
	readonly raw: string;
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

/** How a manifest holds its documents' parses. */
export interface ManifestOptions {
	/**
	 * Keep every document's parse (`ast`) for as long as the manifest lives (the default), or
	 * only the last few parsed (`'recent'`, what `ManifestCache` does for the files an editor
	 * holds open): a document's `ast` is then parsed again from its text when asked for after
	 * others were parsed, and a large file costs its text, offsets and results, not its parse.
	 */
	readonly trees?: 'all' | 'recent';
}

/**
 * One edit of a text, as editors report them (LSP `TextDocumentContentChangeEvent` with offsets,
 * VS Code's `contentChanges`): replace `rangeLength` characters at `rangeOffset` with `text`.
 * A list of changes is applied in order, each to the text the previous one left.
 */
export interface TextChange {
	readonly rangeOffset: number;
	readonly rangeLength: number;
	readonly text: string;
}

/** Consecutive documents of a manifest (see `Manifest.runs`). */
export interface DocumentRun {
	/** The same object while the run's documents are unchanged: a key for cached results. */
	readonly key: object;
	/** Offset of the run's start in the file. */
	readonly offset: number;
	/** Index of the run's first document. */
	readonly index: number;
	readonly count: number;
	/** Each document's key (see `Manifest.documentKey`), in order. */
	readonly keys: readonly object[];
	/** Where each document's text starts (after its `---` line), from the run's offset. */
	readonly starts: readonly number[];
}

/**
 * A whole file split into its `---` documents. Immutable: an edit gives a new Manifest that shares
 * every untouched document (parsed form, line index, AST) with the old one, so an edit costs the
 * parse of the documents it touched, whatever the size of the file. Documents are parsed on first
 * use, and whole-file views (`text`, `lines`, `documents`) are built only when asked for.
 */
export class Manifest {
	/** Offset where each chunk starts, then the text's length. */
	private readonly starts: number[];
	/** Index of each chunk's first document, then the document count. */
	private readonly firsts: number[];
	private readonly views = new Map<number, ManifestDocument>();
	private all?: readonly ManifestDocument[];
	private lineIndex?: LineIndex;
	/** Line breaks before each chunk, then the text's (see positionAt). */
	private chunkLines?: number[];
	private source: string | (() => string) | undefined;
	/** The runs, made on first use (see `runs`). */
	private runList?: DocumentRun[];
	/**
	 * For a manifest made by an edit of one whose runs were made: those runs and what the edit
	 * replaced (chunks `from` to `to` of the old list became `added` chunks; the ones after moved
	 * by `dOffset` characters and `dIndex` documents). Read once, by `runs`.
	 */
	private base?: {
		readonly runs: readonly DocumentRun[];
		readonly from: number;
		readonly to: number;
		readonly added: number;
		readonly dOffset: number;
		readonly dIndex: number;
	};

	private constructor(
		private readonly chunks: readonly Chunk[],
		source: string | (() => string) | undefined,
		/** The text's length. */
		readonly length: number,
		/** True when the file is over MAX_MANIFEST: it then has no documents. */
		readonly tooLarge: boolean,
		/** Whether its documents keep their parse for good (see ManifestOptions.trees). */
		private readonly keep: boolean,
		/** Where each chunk starts and its first document, when the caller worked them out. */
		offsets?: { readonly starts: number[]; readonly firsts: number[] },
	) {
		this.source = source;
		if (offsets) {
			this.starts = offsets.starts;
			this.firsts = offsets.firsts;
			return;
		}
		const starts = [0];
		const firsts = [0];
		let at = 0;
		let first = 0;
		for (let i = 0; i < chunks.length; i++) {
			const c = chunks[i] as Chunk;
			starts.push((at += c.offsets[c.offsets.length - 1] ?? 0));
			firsts.push((first += c.blocks.length));
		}
		this.starts = starts;
		this.firsts = firsts;
	}

	/** Splits a text into documents; documents whose text is in `previous` keep its parse. */
	static parse(text: string, previous?: Manifest, options?: ManifestOptions): Manifest {
		const keep = options?.trees !== 'recent';
		if (text.length > MAX_MANIFEST) return new Manifest([], text, text.length, true, keep);
		const blocks = splitBlocks(text, true, keep);
		if (previous && !previous.tooLarge) {
			const old = new Map<string, Block>();
			for (const c of previous.chunks) for (const b of c.blocks) old.set(b.raw, b);
			for (let i = 0; i < blocks.length; i++) {
				const b = blocks[i] as Block;
				blocks[i] = Block.reuse(b.raw, b.head, old.get(b.raw), keep);
			}
		}
		return new Manifest(chunksOf(blocks), text, text.length, false, keep);
	}

	/** A manifest of unknown text, over the size limit (its text is read only when asked for). */
	static tooLarge(length: number, text: string | (() => string), keep = true): Manifest {
		return new Manifest([], text, length, true, keep);
	}

	/** The whole text (joined from the documents when the manifest was built by edits). */
	get text(): string {
		if (typeof this.source === 'function') this.source = this.source();
		if (this.source === undefined) {
			this.source = this.chunks.map((c) => c.blocks.map((b) => b.raw).join('')).join('');
		}
		return this.source;
	}

	/** A line index of the whole text, built on first use. */
	get lines(): LineIndex {
		this.lineIndex ??= new LineIndex(this.text);
		return this.lineIndex;
	}

	/**
	 * `lines.positionAt(offset)`, without the whole text: the lines of the documents before the
	 * offset are counted document by document (each document's count is kept with it, so after an
	 * edit only the edited documents are counted again), then the lines of the one that holds it.
	 */
	positionAt(offset: number): TextPosition {
		if (this.lineIndex || this.chunks.length === 0) return this.lines.positionAt(offset);
		const o = Math.max(0, Math.min(offset, this.length));
		const g = this.blockAt(o);
		const { start, block, chunk } = this.blockInfo(g);
		if (!this.chunkLines) {
			const lines = [0];
			let n = 0;
			for (const c of this.chunks) lines.push((n += chunkBreaks(c).at(-1) ?? 0));
			this.chunkLines = lines;
		}
		const before =
			(this.chunkLines[chunk] ?? 0) +
			(chunkBreaks(this.chunks[chunk] as Chunk)[g - (this.firsts[chunk] ?? 0)] ?? 0);
		// The block's text up to the offset (and a line break's second character) is enough.
		const at = new LineIndex(block.raw.slice(0, o - start + 2)).positionAt(o - start);
		return { line: before + at.line, character: at.character };
	}

	get documentCount(): number {
		return this.firsts.at(-1) ?? 0;
	}

	/** All documents (parses every one not parsed yet). */
	get documents(): readonly ManifestDocument[] {
		this.all ??= Array.from(
			{ length: this.documentCount },
			(_, i) => this.document(i) as ManifestDocument,
		);
		return this.all;
	}

	/** The document at an index, parsed on first use. */
	document(index: number): ManifestDocument | undefined {
		if (!(index >= 0 && index < this.documentCount)) return undefined;
		let view = this.views.get(index);
		if (view) return view;
		const c = floorIndex(this.firsts, index, this.chunks.length - 1);
		const chunk = this.chunks[c] as Chunk;
		const i = index - (this.firsts[c] ?? 0);
		const block = chunk.blocks[i] as Block;
		const at = (this.starts[c] ?? 0) + (chunk.offsets[i] ?? 0);
		view = documentView(block.body, index, at + block.head, at + block.raw.length);
		this.views.set(index, view);
		return view;
	}

	/**
	 * What stays the same object while a document's text does, whatever edits elsewhere do to its
	 * offset and index (its block): a key for per-document results that needs no view and no parse.
	 */
	documentKey(index: number): object | undefined {
		if (!(index >= 0 && index < this.documentCount)) return undefined;
		return this.blockInfo(index).block;
	}

	/** The offset where a document's text starts (after its `---` line), without building its view. */
	documentStart(index: number): number {
		if (!(index >= 0 && index < this.documentCount)) return -1;
		const { start, block } = this.blockInfo(index);
		return start + block.head;
	}

	/**
	 * The documents in runs that edits replace as a whole: a run's `key` stays the same object while
	 * none of its documents change, whatever edits elsewhere do to its offset and first index.
	 */
	runs(): readonly DocumentRun[] {
		if (this.runList) return this.runList;
		const base = this.base;
		this.base = undefined;
		let out: DocumentRun[];
		if (base) {
			// After an edit: the runs before it are the old ones, and so are those after it when
			// nothing moved (a replaced character); only the rest are looked at.
			out = base.runs.slice(0, base.from);
			const end = base.from + base.added;
			for (let i = base.from; i < end; i++) out.push(this.runOf(i));
			if (base.dOffset === 0 && base.dIndex === 0) {
				for (let j = base.to; j < base.runs.length; j++)
					out.push(base.runs[j] as DocumentRun);
			} else {
				for (let i = end; i < this.chunks.length; i++) out.push(this.runOf(i));
			}
		} else {
			out = [];
			for (let i = 0; i < this.chunks.length; i++) out.push(this.runOf(i));
		}
		this.runList = out;
		return out;
	}

	private runOf(i: number): DocumentRun {
		const c = this.chunks[i] as Chunk;
		const offset = this.starts[i] ?? 0;
		const index = this.firsts[i] ?? 0;
		// An edit leaves most runs where they were: their run objects serve again.
		let run = c.run;
		if (!run || run.offset !== offset || run.index !== index) {
			run = {
				key: c,
				offset,
				index,
				count: c.blocks.length,
				keys: c.blocks,
				starts: c.starts,
			};
			c.run = run;
		}
		return run;
	}

	/** The document that holds an offset (see `documentAt`). */
	documentAt(offset: number): ManifestDocument | undefined {
		if (this.documentCount === 0 || offset < 0 || offset > this.length) return undefined;
		const g = this.blockAt(offset);
		const { start, block } = this.blockInfo(g);
		if (offset >= start + block.head) return this.document(g);
		return offset === start && g > 0 ? this.document(g - 1) : undefined;
	}

	/** The index of the block that holds an offset (the last one holds the end of the text). */
	private blockAt(offset: number): number {
		const c = floorIndex(this.starts, offset, this.chunks.length - 1);
		const chunk = this.chunks[c] as Chunk;
		return (
			(this.firsts[c] ?? 0) +
			floorIndex(chunk.offsets, offset - (this.starts[c] ?? 0), chunk.blocks.length - 1)
		);
	}

	private blockInfo(index: number): { start: number; block: Block; chunk: number } {
		const c = floorIndex(this.firsts, index, this.chunks.length - 1);
		const chunk = this.chunks[c] as Chunk;
		const i = index - (this.firsts[c] ?? 0);
		return {
			start: (this.starts[c] ?? 0) + (chunk.offsets[i] ?? 0),
			block: chunk.blocks[i] as Block,
			chunk: c,
		};
	}

	/**
	 * The manifest after `changes`, applied in order. Only the blocks an edit touches are split
	 * again (with the block before, when the edit removed the `---` line between them); the others
	 * are shared. `text`, when given, is the text after the changes (trusted, not compared).
	 */
	edit(changes: readonly TextChange[], text?: string | (() => string)): Manifest {
		let length = this.length;
		for (const ch of changes) {
			const s = Math.max(0, Math.min(ch.rangeOffset, length));
			const e = Math.max(s, Math.min(s + ch.rangeLength, length));
			length += ch.text.length - (e - s);
		}
		const after = text ?? (() => applyChanges(this.text, changes));
		if (length > MAX_MANIFEST) return Manifest.tooLarge(length, after, this.keep);
		if (this.tooLarge) {
			return Manifest.parse(typeof after === 'string' ? after : after(), undefined, {
				trees: this.keep ? 'all' : 'recent',
			});
		}
		const m = changes.reduce<Manifest>((acc, ch) => acc.editOnce(ch), this);
		if (text !== undefined) m.source = text;
		return m;
	}

	private editOnce(change: TextChange): Manifest {
		const s = Math.max(0, Math.min(change.rangeOffset, this.length));
		const e = Math.max(s, Math.min(s + change.rangeLength, this.length));
		let a = this.blockAt(s);
		const b = this.blockAt(e);
		const first = this.blockInfo(a);
		let regionStart = first.start;
		const old: Block[] = [];
		for (let g = a; g <= b; g++) old.push(this.blockInfo(g).block);
		const before = old.map((x) => x.raw).join('');
		let region = before.slice(0, s - regionStart) + change.text + before.slice(e - regionStart);
		let blocks = splitBlocks(region, regionStart === 0, this.keep);
		// The edit took away the separator line that opened the region: it joins the block before.
		while (regionStart > 0 && (blocks[0]?.head ?? 0) === 0) {
			a--;
			const prev = this.blockInfo(a).block;
			old.unshift(prev);
			regionStart -= prev.raw.length;
			region = prev.raw + region;
			blocks = splitBlocks(region, regionStart === 0, this.keep);
		}
		const reusable = new Map(old.map((x) => [x.raw, x]));
		blocks = blocks.map((x) => Block.reuse(x.raw, x.head, reusable.get(x.raw), this.keep));
		// Rebuild the chunks from the one holding block a to the one holding block b.
		const ca = this.blockInfo(a).chunk;
		const cb = this.blockInfo(b).chunk;
		const firstA = this.firsts[ca] ?? 0;
		const firstAfter = this.firsts[cb + 1] ?? 0;
		const merged: Block[] = [];
		for (let c = ca; c <= cb; c++) merged.push(...(this.chunks[c] as Chunk).blocks);
		const replaced = [
			...merged.slice(0, a - firstA),
			...blocks,
			...merged.slice(merged.length - (firstAfter - 1 - b)),
		];
		const added = chunksOf(replaced);
		const chunks = [...this.chunks.slice(0, ca), ...added, ...this.chunks.slice(cb + 1)];
		const dOffset = change.text.length - (e - s);
		const dIndex = replaced.length - merged.length;
		// The chunks' starts and first documents: the old ones before the edit, counted in the
		// edited chunks, moved after them (no chunk object is read but the new ones).
		const starts = this.starts.slice(0, ca + 1);
		const firsts = this.firsts.slice(0, ca + 1);
		let at = starts[ca] ?? 0;
		let count = firsts[ca] ?? 0;
		for (const c of added) {
			starts.push((at += c.offsets[c.offsets.length - 1] ?? 0));
			firsts.push((count += c.blocks.length));
		}
		for (let j = cb + 2; j < this.starts.length; j++) {
			starts.push((this.starts[j] ?? 0) + dOffset);
			firsts.push((this.firsts[j] ?? 0) + dIndex);
		}
		const m = new Manifest(chunks, undefined, this.length + dOffset, false, this.keep, {
			starts,
			firsts,
		});
		if (this.runList) {
			m.base = {
				runs: this.runList,
				from: ca,
				to: cb + 1,
				added: added.length,
				dOffset,
				dIndex,
			};
		}
		return m;
	}
}

/**
 * A document's view: its body at a place in the file. Built field by field (one object shape for
 * every document), since an edit builds the views of a whole run of documents again. The parse
 * is read through the body, which may have dropped it and parses the text again when asked.
 */
class DocumentView implements ManifestDocument {
	readonly raw: string;
	readonly text: string;
	readonly lines: LineIndex;
	readonly hasTemplates: boolean;
	readonly apiVersion?: string;
	readonly kind?: string;
	readonly group?: string;
	readonly version?: string;
	readonly #body: DocumentBody;

	constructor(
		body: DocumentBody,
		readonly index: number,
		readonly start: number,
		readonly end: number,
	) {
		this.#body = body;
		this.raw = body.raw;
		this.text = body.text;
		this.lines = body.lines;
		this.hasTemplates = body.hasTemplates;
		if (body.apiVersion !== undefined) this.apiVersion = body.apiVersion;
		if (body.kind !== undefined) this.kind = body.kind;
		if (body.group !== undefined) this.group = body.group;
		if (body.version !== undefined) this.version = body.version;
	}

	get ast(): Document.Parsed | undefined {
		return this.#body.ast;
	}
}

function documentView(
	body: DocumentBody,
	index: number,
	start: number,
	end: number,
): ManifestDocument {
	return new DocumentView(body, index, start, end);
}

/** Applies changes, in order, to a text. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
	let out = text;
	for (const ch of changes) {
		const s = Math.max(0, Math.min(ch.rangeOffset, out.length));
		const e = Math.max(s, Math.min(s + ch.rangeLength, out.length));
		out = out.slice(0, s) + ch.text + out.slice(e);
	}
	return out;
}

/** Splits text into documents at `---` lines; documents unchanged from `previous` keep their parse. */
export function parseManifest(
	text: string,
	previous?: Manifest,
	options?: ManifestOptions,
): Manifest {
	return Manifest.parse(text, previous, options);
}

/**
 * Keeps the parsed form of each open file per version. Given the editor's changes since the
 * version it holds, it reparses only the documents they touch and shifts the others; given only
 * a new text, it splits the whole text and reparses the documents whose text changed. Its
 * manifests keep the parse (`ast`) of the last RECENT_TREES documents parsed only; the others
 * keep their text, apiVersion and kind, and are parsed again when hover, completion or a quick
 * fix asks for their `ast` (results kept per document, such as diagnostics, need no parse).
 */
export class ManifestCache {
	private readonly entries = new Map<string, { version: number; manifest: Manifest }>();

	constructor(
		private readonly capacity = 32,
		private readonly options: ManifestOptions = { trees: 'recent' },
	) {}

	/**
	 * The manifest of a file at a version. `text` is the file's text at that version, or a function
	 * that reads it (called only when the cache cannot follow the changes). `changes` lead from the
	 * version held to this one; the version must change whenever the text does.
	 */
	get(
		key: string,
		version: number,
		text: string | (() => string),
		changes?: readonly TextChange[],
	): Manifest {
		const hit = this.entries.get(key);
		let manifest: Manifest | undefined;
		if (hit && hit.version === version) {
			if (typeof text !== 'string' || text.length === hit.manifest.length)
				manifest = hit.manifest;
		} else if (hit && changes) {
			const edited = hit.manifest.edit(changes, text);
			// A length that does not add up means the changes were not from the version held.
			if (typeof text !== 'string' || edited.length === text.length) manifest = edited;
		}
		manifest ??= Manifest.parse(
			typeof text === 'string' ? text : text(),
			hit?.manifest,
			this.options,
		);
		this.entries.delete(key);
		this.entries.set(key, { version, manifest });
		if (this.entries.size > this.capacity) {
			const oldest = this.entries.keys().next().value;
			if (oldest !== undefined) this.entries.delete(oldest);
		}
		return manifest;
	}

	/** True when a file's manifest is held (so its edits can be followed). */
	has(key: string): boolean {
		return this.entries.has(key);
	}

	/** The version held for a file. */
	version(key: string): number | undefined {
		return this.entries.get(key)?.version;
	}

	delete(key: string): void {
		this.entries.delete(key);
	}
}

/**
 * The document that holds an offset: its end offset (the start of the next `---` line) included,
 * the rest of a `---` line in none.
 */
export function documentAt(manifest: Manifest, offset: number): ManifestDocument | undefined {
	return manifest.documentAt(offset);
}

/** True when some document of the manifest is a YAML mapping (what every Kubernetes object is). */
export function hasMapping(manifest: Manifest): boolean {
	return manifest.documents.some((d) => d.ast !== undefined && isMap(d.ast.contents));
}
