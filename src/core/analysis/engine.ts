import type { FieldPath } from '../workspace/objects';
import {
	locationOf,
	originOf,
	type ModelChange,
	type WorkspaceModel,
	type WorkspaceObject,
} from '../workspace/model';
import { annotationsOf } from '../workspace/resolve';
import type { Analyzer, CheckDoc, Finding, Level, Related, RelatedObject, Reporter } from './types';

/** The annotation `istioctl analyze` honours to silence codes on one resource. */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

function isRelatedObject(r: Related | RelatedObject): r is RelatedObject {
	return 'object' in r;
}

/** The reads of a run that records none. */
const NO_DEPS: Set<string> = new Set();

/** One analyzer of a one-shot run: its reporter and the list its findings go to. */
interface OnceRun {
	readonly a: Analyzer;
	readonly reporter: Reporter;
	readonly out: Finding[];
}

/** Runs an analyzer for one subject of a one-shot run. */
function analyzeOnce(run: OnceRun, subject: WorkspaceObject | undefined): void {
	const before = run.out.length;
	try {
		run.a.analyze(run.reporter, subject);
	} catch {
		// As in `run`: a check that trips over odd input reports nothing for that subject.
		run.out.length = before;
	}
}

/**
 * The object-by-object loop of a one-shot analysis, in a function of its own: V8 compiles the
 * function that holds a long loop while the loop runs, and code after the loop in the same
 * function, never run by then, would throw that compiled code away when reached.
 */
function runPasses(
	passes: Iterable<{ readonly types: readonly string[]; readonly runs: readonly OnceRun[] }>,
	model: WorkspaceModel,
): void {
	for (const { types, runs } of passes)
		for (const t of types)
			for (const o of model.ofType(t)) for (const run of runs) analyzeOnce(run, o);
}

/** One run of an analyzer: for one subject, or (id '') for the whole model. */
interface Slot {
	readonly analyzer: Analyzer;
	readonly id: string;
	readonly subject: WorkspaceObject | undefined;
	findings: Finding[];
	/** The model reads the run made ({@link depKey}). */
	deps: Set<string>;
}

/**
 * Runs analyzers over a workspace model and keeps their findings. Every run records what it read
 * from the model (types, namespaces, names, index keys); `update` re-runs only the runs whose
 * reads a change touched, plus the per-object runs of the changed objects themselves. An edit in
 * one file thus re-checks that file's resources and the few resources that refer to them, not
 * the workspace.
 */
export class AnalysisEngine {
	/** analyzer → subject id ('' for whole analyzers) → run. */
	private readonly store = new Map<string, Map<string, Slot>>();
	/** dependency key → the runs that read it. */
	private readonly readers = new Map<string, Set<Slot>>();
	private readonly byUri = new Map<string, Set<Finding>>();

	constructor(
		readonly model: WorkspaceModel,
		readonly analyzers: readonly Analyzer[],
		private readonly docs: ReadonlyMap<string, CheckDoc>,
		/**
		 * False for a one-shot analysis (`meshlens lint`): runs record no reads, so nothing is kept
		 * for re-analysis and `update` analyses everything again.
		 */
		private readonly incremental = true,
	) {}

	/** Analyses the whole model; returns the files whose findings may have changed. */
	runAll(): Set<string> {
		const touched = new Set<string>(this.byUri.keys());
		this.store.clear();
		this.readers.clear();
		this.byUri.clear();
		if (!this.incremental) {
			this.runAllOnce(touched);
			return touched;
		}
		for (const a of this.analyzers) {
			if (!a.subjects) this.run(a, undefined, touched);
			else
				for (const t of a.subjects)
					for (const o of this.model.ofType(t)) this.run(a, o, touched);
		}
		return touched;
	}

	/**
	 * Runs every analyzer for the whole model and all of its subjects, one run per analyzer (one
	 * reporter, one list of findings, no reads recorded): what a one-shot analysis needs, without
	 * the per-run bookkeeping that lets `update` re-run a single subject. The analyzers that take
	 * the same subjects are called object by object in one pass over those objects (each visits
	 * its subjects in its own order, as when run alone), so no loop is compiled with one analyzer
	 * inlined, then again for the next; findings are kept analyzer by analyzer, as `run` keeps them.
	 */
	private runAllOnce(touched: Set<string>): void {
		const slots: Slot[] = [];
		const passes = new Map<string, { types: readonly string[]; runs: OnceRun[] }>();
		for (const a of this.analyzers) {
			const slot: Slot = {
				analyzer: a,
				id: '',
				subject: undefined,
				findings: [],
				deps: NO_DEPS,
			};
			slots.push(slot);
			const run: OnceRun = {
				a,
				reporter: this.reporter(a, slot.findings),
				out: slot.findings,
			};
			if (!a.subjects) {
				analyzeOnce(run, undefined);
				continue;
			}
			const key = a.subjects.join('\n');
			let pass = passes.get(key);
			if (!pass) passes.set(key, (pass = { types: a.subjects, runs: [] }));
			pass.runs.push(run);
		}
		runPasses(passes.values(), this.model);
		for (const slot of slots) {
			this.store.set(slot.analyzer.name, new Map([['', slot]]));
			this.keep(slot, touched);
		}
	}

	/** Re-analyses what a model change can affect; returns the files whose findings may have changed. */
	update(changes: readonly ModelChange[]): Set<string> {
		if (!this.incremental || changes.some((c) => !c.keys)) return this.runAll();
		const touched = new Set<string>();
		const due = new Set<Slot>();
		for (const c of changes) {
			for (const u of c.uris) touched.add(u);
			for (const k of c.keys ?? [])
				for (const slot of this.readers.get(k) ?? []) due.add(slot);
		}
		// The runs of removed subjects go; those of added subjects come.
		const added = new Map<string, WorkspaceObject>();
		for (const c of changes) {
			for (const o of c.removed) {
				for (const slots of this.store.values()) {
					const slot = slots.get(o.id);
					if (slot?.subject !== o) continue;
					this.forget(slot, touched);
					due.delete(slot);
				}
			}
			for (const o of c.added) added.set(o.id, o);
		}
		for (const slot of due) this.run(slot.analyzer, slot.subject, touched);
		for (const o of added.values()) {
			for (const a of this.analyzers)
				if (a.subjects?.includes(o.type)) this.run(a, o, touched);
		}
		return touched;
	}

	/** The findings reported on objects of one file. */
	findingsFor(uri: string): Finding[] {
		return [...(this.byUri.get(uri) ?? [])];
	}

	/** Every finding. */
	all(): Finding[] {
		const out: Finding[] = [];
		for (const set of this.byUri.values()) out.push(...set);
		return out;
	}

	/** The findings of one analyzer. */
	findingsOf(analyzer: string): Finding[] {
		return [...(this.store.get(analyzer)?.values() ?? [])].flatMap((s) => s.findings);
	}

	/** Drops a run: its findings and its reads. */
	private forget(slot: Slot, touched: Set<string>): void {
		this.store.get(slot.analyzer.name)?.delete(slot.id);
		for (const k of slot.deps) this.readers.get(k)?.delete(slot);
		for (const f of slot.findings) {
			this.byUri.get(f.object.uri)?.delete(f);
			touched.add(f.object.uri);
		}
	}

	/** Runs one analyzer for one subject (or, subject undefined, for the whole model). */
	private run(a: Analyzer, subject: WorkspaceObject | undefined, touched: Set<string>): void {
		let slots = this.store.get(a.name);
		if (!slots) this.store.set(a.name, (slots = new Map<string, Slot>()));
		const id = subject?.id ?? '';
		const old = slots.get(id);
		if (old) this.forget(old, touched);
		const slot: Slot = { analyzer: a, id, subject, findings: [], deps: new Set() };
		try {
			const reporter = this.reporter(a, slot.findings);
			this.model.recording(slot.deps, () => a.analyze(reporter, subject));
		} catch {
			// A check that trips over odd input reports nothing rather than breaking the others.
			slot.findings = [];
		}
		slots.set(id, slot);
		for (const k of slot.deps) {
			let set = this.readers.get(k);
			if (!set) this.readers.set(k, (set = new Set()));
			set.add(slot);
		}
		this.keep(slot, touched);
	}

	/** Files the findings of a run under their files. */
	private keep(slot: Slot, touched: Set<string>): void {
		for (const f of slot.findings) {
			let set = this.byUri.get(f.object.uri);
			if (!set) this.byUri.set(f.object.uri, (set = new Set()));
			set.add(f);
			touched.add(f.object.uri);
		}
	}

	private reporter(a: Analyzer, out: Finding[]): Reporter {
		const docs = this.docs;
		return {
			model: this.model,
			report(code, object, path: FieldPath, message, options = {}) {
				const doc = docs.get(code);
				const suppressed = (annotationsOf(object)[SUPPRESS_ANNOTATION] ?? '')
					.split(',')
					.map((s) => s.trim());
				if (suppressed.includes(code) || suppressed.includes('*')) return;
				const level: Level = options.level ?? doc?.level ?? 'Warning';
				const related: Related[] = (options.related ?? []).map((r) =>
					isRelatedObject(r)
						? {
								uri: r.object.uri,
								range: r.path
									? r.object.locate(r.path)
									: locationOf(r.object).range,
								message: r.message,
							}
						: r,
				);
				out.push({
					code,
					level,
					message,
					object,
					range: object.locate(path, options.part),
					resource: originOf(object),
					related,
					analyzer: a.name,
					...(options.schemaCode ? { schemaCode: options.schemaCode } : {}),
				});
			},
		};
	}
}
