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

/**
 * Runs analyzers over a workspace model and keeps their findings. `update` re-runs only what a
 * change can affect: a per-object analyzer for the changed subjects, or for all its subjects
 * when a type it reads changed; a whole analyzer when any type it reads changed.
 */
export class AnalysisEngine {
	/** analyzer → subject id ('' for whole analyzers) → findings. */
	private readonly store = new Map<string, Map<string, Finding[]>>();
	private readonly byUri = new Map<string, Set<Finding>>();

	constructor(
		readonly model: WorkspaceModel,
		readonly analyzers: readonly Analyzer[],
		private readonly docs: ReadonlyMap<string, CheckDoc>,
	) {}

	/** Analyses the whole model; returns the files whose findings may have changed. */
	runAll(): Set<string> {
		const touched = new Set<string>(this.byUri.keys());
		this.store.clear();
		this.byUri.clear();
		for (const a of this.analyzers) this.runAnalyzer(a, undefined, touched);
		return touched;
	}

	/** Re-analyses what a model change can affect; returns the files whose findings may have changed. */
	update(changes: readonly ModelChange[]): Set<string> {
		const touched = new Set<string>();
		const changedTypes = new Set<string>();
		const changedSubjects = new Map<string, WorkspaceObject[]>();
		const removedIds = new Set<string>();
		for (const c of changes) {
			for (const u of c.uris) touched.add(u);
			for (const o of c.removed) {
				changedTypes.add(o.type);
				removedIds.add(o.id);
			}
			for (const o of c.added) {
				changedTypes.add(o.type);
				const list = changedSubjects.get(o.type);
				if (list) list.push(o);
				else changedSubjects.set(o.type, [o]);
			}
		}
		if (changedTypes.size === 0 && touched.size === 0) return touched;
		for (const a of this.analyzers) {
			const readsChanged = a.reads.some((t) => changedTypes.has(t));
			if (!a.subjects) {
				if (readsChanged) this.runAnalyzer(a, undefined, touched);
				continue;
			}
			if (readsChanged) {
				this.runAnalyzer(a, undefined, touched);
				continue;
			}
			const slots = this.store.get(a.name);
			for (const id of removedIds) if (slots) this.clearSlot(a.name, id, touched);
			for (const t of a.subjects) {
				for (const o of changedSubjects.get(t) ?? []) this.runAnalyzer(a, o, touched);
			}
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
		return [...(this.store.get(analyzer)?.values() ?? [])].flat();
	}

	private clearSlot(analyzer: string, id: string, touched: Set<string>): void {
		const slots = this.store.get(analyzer);
		const old = slots?.get(id);
		if (!old) return;
		slots?.delete(id);
		for (const f of old) {
			this.byUri.get(f.object.uri)?.delete(f);
			touched.add(f.object.uri);
		}
	}

	/** Runs one analyzer: for one subject, or (subject undefined) for all of it. */
	private runAnalyzer(
		a: Analyzer,
		subject: WorkspaceObject | undefined,
		touched: Set<string>,
	): void {
		let slots = this.store.get(a.name);
		if (!slots) this.store.set(a.name, (slots = new Map<string, Finding[]>()));
		const run = (o: WorkspaceObject | undefined): void => {
			const id = o?.id ?? '';
			this.clearSlot(a.name, id, touched);
			const found: Finding[] = [];
			try {
				a.analyze(this.reporter(a, found), o);
			} catch {
				// A check that trips over odd input reports nothing rather than breaking the others.
			}
			if (found.length === 0) return;
			slots.set(id, found);
			for (const f of found) {
				let set = this.byUri.get(f.object.uri);
				if (!set) this.byUri.set(f.object.uri, (set = new Set()));
				set.add(f);
				touched.add(f.object.uri);
			}
		};
		if (subject) return run(subject);
		for (const id of [...slots.keys()]) this.clearSlot(a.name, id, touched);
		if (!a.subjects) return run(undefined);
		for (const t of a.subjects) for (const o of this.model.ofType(t)) run(o);
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
				});
			},
		};
	}
}
