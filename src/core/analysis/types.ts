import type { FieldPath, Range } from '../workspace/objects';
import type { Location, WorkspaceModel, WorkspaceObject } from '../workspace/model';

export type Level = 'Error' | 'Warning' | 'Info';

/** The family a check belongs to. */
export type CheckMesh = 'istio' | 'gateway-api' | 'linkerd';

/** What a code means, for the Problems panel, `meshlens lint --explain` and the README. */
export interface CheckDoc {
	/** `IST0101` for Istio (upstream's code), `MLG001`/`MLL001` for ours. */
	readonly code: string;
	/** A short name, upstream's for Istio (`ReferencedResourceNotFound`). */
	readonly name: string;
	/** The default level; a finding may lower it when the target may live elsewhere. */
	readonly level: Level;
	readonly mesh: CheckMesh;
	/** What the finding means, in one or two sentences. */
	readonly summary: string;
	/** How to fix it. */
	readonly fix: string;
	/** The upstream reference page (Istio codes). */
	readonly url?: string;
}

/** Another resource involved in a finding. */
export interface Related extends Location {
	readonly message: string;
}

/** One problem found by an analyzer, reported on one object. */
export interface Finding {
	readonly code: string;
	readonly level: Level;
	readonly message: string;
	/** The object the finding is reported on (upstream's resource for Istio codes). */
	readonly object: WorkspaceObject;
	/** Where in the object's file. */
	readonly range: Range;
	/** `<Kind> [<namespace>/]<name>` of the object, like `istioctl analyze` origins. */
	readonly resource: string;
	readonly related: readonly Related[];
	/** The analyzer that found it. */
	readonly analyzer: string;
	/**
	 * The schema check reports the same problem at the same place under this code (upstream's
	 * deprecation analyzer and the CRD's deprecation mark both flag `fault.delay.percent`): where
	 * the file is validated too, adapters show only the schema finding.
	 */
	readonly schemaCode?: string;
}

/** What an analyzer reports through. */
export interface Reporter {
	readonly model: WorkspaceModel;
	/**
	 * Reports a finding of `code` on `object` at `path` (the deepest existing node of it). `level`
	 * overrides the code's level (lower it where the target may live outside the analysed files).
	 */
	report(
		code: string,
		object: WorkspaceObject,
		path: FieldPath,
		message: string,
		options?: {
			level?: Level;
			related?: readonly (Related | RelatedObject)[];
			part?: 'key' | 'value';
			schemaCode?: string;
		},
	): void;
}

/** A related object, located by the reporter (at a path, or at its name). */
export interface RelatedObject {
	readonly object: WorkspaceObject;
	readonly path?: FieldPath;
	readonly message: string;
}

/**
 * A family of checks. A per-object analyzer (`subjects` set) runs once per object of those
 * types; a whole analyzer runs over the model at once (conflicts between resources). `reads`
 * lists the other types it looks at: a change to one of those re-runs it for every subject,
 * a change to a subject re-runs it for that subject only.
 */
export interface Analyzer {
	/** Upstream's analyzer name for Istio (`virtualservice.GatewayAnalyzer`), ours otherwise. */
	readonly name: string;
	readonly mesh: CheckMesh;
	/** The codes it may report. */
	readonly codes: readonly string[];
	/** The types it reports on, one object at a time; absent for whole analyzers. */
	readonly subjects?: readonly string[];
	/** The types it reads (besides its subjects). For whole analyzers: every type it reads. */
	readonly reads: readonly string[];
	/** Per-object analyzers get the subject; whole analyzers get undefined. */
	analyze(r: Reporter, subject?: WorkspaceObject): void;
}
