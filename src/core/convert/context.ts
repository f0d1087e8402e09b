import { childPath, itemPath, leafPaths, PathSet } from './paths';
import type {
	ConvertInput,
	ConvertNote,
	ConvertOptions,
	ConvertResult,
	Provenance,
	Resource,
} from './types';

export function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A note's reason and, optionally, the nearest equivalent. */
export type NoteText = string | readonly [reason: string, nearest: string];

/** One output resource under construction, and the source fields it was built from. */
export class Out {
	readonly used = new Map<number, PathSet>();

	constructor(
		readonly resource: Resource,
		private readonly ctx: ConvertContext,
	) {}

	/** Records that this output carries the field (and everything below it); returns its value. */
	use(field: Field): unknown {
		if (field.present) {
			let set = this.used.get(field.input);
			if (!set) this.used.set(field.input, (set = new PathSet()));
			set.add(field.path);
			this.ctx.cover(field.input, field.path);
		}
		return field.value;
	}

	/** Records several fields at once. */
	useAll(...fields: Field[]): void {
		for (const f of fields) this.use(f);
	}

	get spec(): Record<string, unknown> {
		const s = this.resource.spec;
		if (isRecord(s)) return s;
		const fresh: Record<string, unknown> = {};
		this.resource.spec = fresh;
		return fresh;
	}
}

/** A field of a source resource: its value and its path, with ways to record what became of it. */
export class Field {
	constructor(
		readonly ctx: ConvertContext,
		readonly input: number,
		readonly path: string,
		readonly value: unknown,
	) {}

	get present(): boolean {
		return this.value !== undefined;
	}

	get(key: string): Field {
		const v = isRecord(this.value) ? this.value[key] : undefined;
		return new Field(this.ctx, this.input, childPath(this.path, key), v);
	}

	/** The items of an array (none for anything else). */
	items(): Field[] {
		if (!Array.isArray(this.value)) return [];
		return this.value.map(
			(v, i) => new Field(this.ctx, this.input, itemPath(this.path, i), v as unknown),
		);
	}

	/** The entries of an object (none for anything else). */
	entries(): [string, Field][] {
		if (!isRecord(this.value)) return [];
		return Object.keys(this.value).map((k) => [k, this.get(k)]);
	}

	str(): string | undefined {
		return typeof this.value === 'string' ? this.value : undefined;
	}

	num(): number | undefined {
		if (typeof this.value === 'number') return this.value;
		if (typeof this.value === 'string' && /^\d+$/.test(this.value)) return Number(this.value);
		return undefined;
	}

	bool(): boolean | undefined {
		return typeof this.value === 'boolean' ? this.value : undefined;
	}

	/** Records the field as not carried over (only when it is set). */
	lost(text: NoteText): void {
		this.ctx.noteField(this, 'lost', text);
	}

	/** Records how the field carried over in another form. Also counts as handled. */
	info(text: NoteText): void {
		this.ctx.noteField(this, 'info', text);
	}

	/**
	 * Marks the field as read to connect resources (a name, a host, a port another output refers
	 * to). It joins the provenance of the outputs made from the same source; a source with no
	 * output of its own gets an info note for it instead.
	 */
	consumed(): unknown {
		if (this.present) {
			this.ctx.cover(this.input, this.path);
			this.ctx.consume(this.input, this.path);
		}
		return this.value;
	}

	/**
	 * Notes the children listed in `table` that nothing has handled yet. Children absent from the
	 * table are left alone, so a field no rule knows about shows up as unhandled.
	 */
	rest(table: Readonly<Record<string, NoteText>>, level: 'lost' | 'info' = 'lost'): void {
		for (const [key, child] of this.entries()) {
			const text = table[key];
			if (text === undefined || this.ctx.touched(child.input, child.path)) continue;
			this.ctx.noteField(child, level, text);
		}
	}
}

/** The state of one conversion run: the inputs, the outputs and the notes. */
export class ConvertContext {
	readonly outs: Out[] = [];
	readonly notes: ConvertNote[] = [];
	private readonly covered = new Map<number, PathSet>();
	private readonly keyed = new Map<string, Out>();
	private readonly consumedPaths = new Map<number, PathSet>();
	private readonly noted = new Set<string>();
	/** Inputs a conversion has taken on (the rest pass through or are reported whole). */
	readonly taken = new Set<number>();

	constructor(
		readonly inputs: readonly ConvertInput[],
		readonly options: ConvertOptions,
	) {}

	get defaultNamespace(): string {
		return this.options.defaultNamespace ?? 'default';
	}

	root(input: number): Field {
		this.taken.add(input);
		return new Field(this, input, '', this.inputs[input]?.resource);
	}

	/** `Kind namespace/name` of an input. */
	sourceId(input: number): string {
		const r = this.inputs[input]?.resource ?? {};
		const meta = isRecord(r.metadata) ? r.metadata : {};
		const name = typeof meta.name === 'string' ? meta.name : '(unnamed)';
		const ns = typeof meta.namespace === 'string' ? meta.namespace : this.defaultNamespace;
		return `${typeof r.kind === 'string' ? r.kind : '(no kind)'} ${ns}/${name}`;
	}

	/** Adds an output; with a key, a second emit of the same key returns the first output. */
	emit(resource: Resource, key?: string): Out {
		if (key !== undefined) {
			const seen = this.keyed.get(key);
			if (seen) return seen;
		}
		const out = new Out(resource, this);
		this.outs.push(out);
		if (key !== undefined) this.keyed.set(key, out);
		return out;
	}

	/** Removes an output that turned out empty (its source should then be noted whole). */
	drop(out: Out): void {
		const i = this.outs.indexOf(out);
		if (i !== -1) this.outs.splice(i, 1);
	}

	keyedOut(key: string): Out | undefined {
		return this.keyed.get(key);
	}

	cover(input: number, path: string): void {
		let set = this.covered.get(input);
		if (!set) this.covered.set(input, (set = new PathSet()));
		set.add(path);
	}

	consume(input: number, path: string): void {
		let set = this.consumedPaths.get(input);
		if (!set) this.consumedPaths.set(input, (set = new PathSet()));
		set.add(path);
	}

	touched(input: number, path: string): boolean {
		return this.covered.get(input)?.touches(path) ?? false;
	}

	isCovered(input: number, path: string): boolean {
		return this.covered.get(input)?.covers(path) ?? false;
	}

	noteField(field: Field, level: 'lost' | 'info', text: NoteText): void {
		if (!field.present) return;
		this.note(field.input, field.path, level, text);
	}

	note(input: number, path: string, level: 'lost' | 'info', text: NoteText): void {
		const [reason, nearest] = typeof text === 'string' ? [text, undefined] : text;
		this.cover(input, path);
		// A resource read twice (a VirtualService bound to a gateway and to the mesh) says each
		// thing once.
		const key = JSON.stringify([input, path, level, reason, nearest]);
		if (this.noted.has(key)) return;
		this.noted.add(key);
		this.notes.push({
			level,
			source: this.sourceId(input),
			input,
			path,
			reason,
			...(nearest ? { nearest } : {}),
		});
	}

	/** The result; every field of a taken input that nothing handled becomes an `unhandled` note. */
	result(): ConvertResult {
		for (const input of [...this.taken].sort((a, b) => a - b)) {
			for (const path of leafPaths(this.inputs[input]?.resource)) {
				if (this.isCovered(input, path)) continue;
				this.cover(input, path);
				this.notes.push({
					level: 'lost',
					source: this.sourceId(input),
					input,
					path,
					reason: 'the converter has no rule for this field, so it was not carried over',
					unhandled: true,
				});
			}
		}
		for (const [input, set] of this.consumedPaths) {
			const carrier = this.outs.find((o) => o.used.has(input));
			if (carrier) {
				const used = carrier.used.get(input);
				for (const p of set.values()) used?.add(p);
				continue;
			}
			// No output of its own: one note for the resource when that hides nothing, else one
			// per field that was read.
			const unhandled = this.notes.some((n) => n.input === input && n.unhandled);
			for (const p of unhandled ? set.values() : [''])
				this.notes.push({
					level: 'info',
					source: this.sourceId(input),
					input,
					path: p,
					reason: 'no resource of its own in the target: the converted resources use its names, hosts and ports, and its other fields are noted here',
				});
		}
		const provenance: Provenance[] = this.outs.map((o) => ({
			sources: [...o.used.entries()]
				.sort(([a], [b]) => a - b)
				.map(([input, set]) => ({ input, paths: set.values() })),
		}));
		// Notes read best in input order; within one input, in the order the rules ran.
		const notes = this.notes
			.map((n, i) => [n, i] as const)
			.sort(([a, i], [b, j]) => a.input - b.input || i - j)
			.map(([n]) => n);
		return { resources: this.outs.map((o) => o.resource), provenance, notes };
	}
}
