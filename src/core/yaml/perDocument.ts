import type { DocumentRun, Manifest, ManifestDocument } from './documents';

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
		/** A document's results: without a promise when they need no waiting. */
		private readonly compute: (doc: ManifestDocument) => readonly T[] | Promise<readonly T[]>,
		private readonly shift: Shift<T>,
	) {}

	/**
	 * The runs of the last `collect` and their results. A run object stands for the same documents
	 * at the same place (see Manifest.runs), so a run of the last manifest that the next one shares
	 * (every run an edit left where it was) needs no lookup. Holds one manifest's runs at most.
	 */
	private lastRuns: readonly DocumentRun[] = [];
	private lastHeld: readonly Held<T>[] = [];
	/** The last call's results (not the array it returned) and where each run's begin in it. */
	private lastOut: readonly T[] = [];
	private lastStarts: readonly number[] = [];

	/** The results of every document, in document order. */
	async collect(manifest: Manifest): Promise<T[]> {
		const out: T[] = [];
		const runs = manifest.runs();
		const heldRuns: Held<T>[] = [];
		const starts: number[] = [];
		const { lastRuns, lastHeld, lastOut, lastStarts } = this;
		for (let r = 0; r < runs.length; r++) {
			const run = runs[r] as DocumentRun;
			starts.push(out.length);
			if (lastRuns[r] === run) {
				// Its results are where the last call put them (no record of the run is read).
				heldRuns.push(lastHeld[r] as Held<T>);
				const to = lastStarts[r + 1] ?? 0;
				for (let i = lastStarts[r] ?? 0; i < to; i++) out.push(lastOut[i] as T);
				continue;
			}
			const before = this.byRun.get(run.key);
			let held = before;
			if (!held) {
				const items: T[] = [];
				for (let i = 0; i < run.count; i++) {
					const found = this.ofDocument(manifest, run, i);
					const list = found instanceof Promise ? await found : found;
					for (const item of list) items.push(item);
				}
				held = { offset: run.offset, index: run.index, items };
			} else if (
				held.items.length &&
				(held.offset !== run.offset || held.index !== run.index)
			) {
				// Results without a place need no moving (a run without results stays as held).
				held = moved(held, run.offset, run.index, this.shift);
			}
			if (held !== before) this.byRun.set(run.key, held);
			heldRuns.push(held);
			const items = held.items;
			for (let i = 0; i < items.length; i++) out.push(items[i] as T);
		}
		starts.push(out.length);
		this.lastRuns = runs;
		this.lastHeld = heldRuns;
		this.lastOut = out;
		this.lastStarts = starts;
		// A copy: what the caller does with its list must not change the next call's.
		return out.slice();
	}

	/**
	 * The results of a run's i-th document. Its key (its block) stays the same object while its
	 * text is unchanged, so a document an edit did not touch costs a lookup (and a shift when the
	 * edit moved it), without building its view. Only a computation is awaited.
	 */
	private ofDocument(
		manifest: Manifest,
		run: DocumentRun,
		i: number,
	): readonly T[] | Promise<readonly T[]> {
		const key = run.keys[i] as object;
		const start = run.offset + (run.starts[i] ?? 0);
		const index = run.index + i;
		const before = this.byDocument.get(key);
		if (!before) {
			const found = this.compute(manifest.document(index) as ManifestDocument);
			const keep = (items: readonly T[]) => {
				this.byDocument.set(key, {
					offset: start,
					index,
					items: items.length ? items : NONE,
				});
				return items;
			};
			return found instanceof Promise ? found.then(keep) : keep(found);
		}
		let held = before;
		// Most documents have no results: nothing to move, nothing to record about their place.
		if (held.items.length && (held.offset !== start || held.index !== index)) {
			held = moved(held, start, index, this.shift);
			this.byDocument.set(key, held);
		}
		return held.items;
	}
}

/** The results of a document that has none (most have none: one array for all of them). */
const NONE: readonly never[] = Object.freeze([]);

function moved<T>(held: Held<T>, offset: number, index: number, shift: Shift<T>): Held<T> {
	const dOffset = offset - held.offset;
	const dIndex = index - held.index;
	const items = held.items.map((item) => shift(item, dOffset, dIndex));
	return { offset, index, items };
}
