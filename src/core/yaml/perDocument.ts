import type { Manifest, ManifestDocument } from './documents';

/** Moves a result computed at one offset and document index to another. */
export type Shift<T> = (item: T, offsetDelta: number, indexDelta: number) => T;

interface Held<T> {
	readonly offset: number;
	readonly index: number;
	readonly items: readonly T[];
}

/**
 * Results computed document by document (diagnostics, say), kept so that after an edit only the
 * documents it touched are computed again: per document (keyed by its parse, which an edit
 * elsewhere does not replace) and per run of documents (so an untouched run costs one lookup, and
 * one shift of its results when the edit moved it). `compute` must depend on the document alone;
 * use one instance per set of inputs (catalog, options).
 */
export class PerDocument<T> {
	private readonly byDocument = new WeakMap<object, Held<T>>();
	private readonly byRun = new WeakMap<object, Held<T>>();

	constructor(
		private readonly compute: (doc: ManifestDocument) => Promise<readonly T[]>,
		private readonly shift: Shift<T>,
	) {}

	/** The results of every document, in document order. */
	async collect(manifest: Manifest): Promise<T[]> {
		const out: T[] = [];
		for (const run of manifest.runs()) {
			let held = this.byRun.get(run.key);
			if (!held) {
				const items: T[] = [];
				for (let i = run.index; i < run.index + run.count; i++) {
					items.push(
						...(await this.ofDocument(manifest.document(i) as ManifestDocument)),
					);
				}
				held = { offset: run.offset, index: run.index, items };
			} else if (held.offset !== run.offset || held.index !== run.index) {
				held = moved(held, run.offset, run.index, this.shift);
			}
			this.byRun.set(run.key, held);
			out.push(...held.items);
		}
		return out;
	}

	private async ofDocument(doc: ManifestDocument): Promise<readonly T[]> {
		// The line index belongs to the document's parse, shared by every version it is unchanged in.
		let held = this.byDocument.get(doc.lines);
		if (!held) held = { offset: doc.start, index: doc.index, items: await this.compute(doc) };
		else if (held.offset !== doc.start || held.index !== doc.index) {
			held = moved(held, doc.start, doc.index, this.shift);
		}
		this.byDocument.set(doc.lines, held);
		return held.items;
	}
}

function moved<T>(held: Held<T>, offset: number, index: number, shift: Shift<T>): Held<T> {
	const dOffset = offset - held.offset;
	const dIndex = index - held.index;
	return { offset, index, items: held.items.map((item) => shift(item, dOffset, dIndex)) };
}
