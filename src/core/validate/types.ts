import type { Severity } from './codes';

/** One text edit: replace [start, end) of the whole file's text with newText. */
export interface TextEdit {
	readonly start: number;
	readonly end: number;
	readonly newText: string;
}

/** A quick fix computed by the core; adapters only map it to their editor's types. */
export interface QuickFix {
	readonly title: string;
	readonly edits: readonly TextEdit[];
	/** The one obvious fix (VS Code's isPreferred; applied by "Auto Fix"). */
	readonly isPreferred?: boolean;
	/** newText is a snippet with $1/${1:placeholder} tab stops (one edit only). */
	readonly snippet?: boolean;
}

/**
 * One finding. Offsets are into the whole file's text (ManifestDocument offsets). After an edit
 * that moves it, `shiftDiagnostic` (shift.ts) copies it field by field: add a new field there too.
 * A moved diagnostic with quick fixes reads `fixes` through a getter (its fixes are moved on first
 * use): read the fields, or copy one with `plainDiagnostic`, rather than spreading it (`{ ...d }`
 * leaves out a getter); `JSON.stringify` gives every field.
 */
export interface Diagnostic {
	readonly code: string;
	readonly severity: Severity;
	readonly message: string;
	readonly start: number;
	readonly end: number;
	/** Index of the `---` document. */
	readonly document: number;
	/** The field path, e.g. spec.http[0].retries ('' for the document itself). */
	readonly path: string;
	/**
	 * On a resource of an Istio group (*.istio.io): the `istioctl analyze` code upstream reports
	 * for the same problem (IST0106, IST0133 or IST0002; see CodeInfo.upstream).
	 */
	readonly upstream?: string;
	/** What the finding is about, for quick fixes and machine output. */
	readonly data?: DiagnosticData;
	readonly fixes?: readonly QuickFix[];
}

export interface DiagnosticData {
	/** ML1001/ML2001: the closest valid name. */
	readonly suggestion?: string;
	/** ML1003: the allowed values. */
	readonly allowed?: readonly string[];
	/** ML1004: the missing field names. */
	readonly missing?: readonly string[];
	/** ML4001: the successor field. */
	readonly replacement?: string;
}

export interface ValidateOptions {
	/**
	 * The file is a partial object (a kustomize strategic-merge patch): no required-field,
	 * at-least-one or minimum-count checks. Adapters and the CLI decide it from kustomization.yaml.
	 */
	readonly partial?: boolean;
	/** Per-code severity overrides ('off' drops the code); keys are codes or names. */
	readonly rules?: Readonly<Record<string, Severity | 'off'>>;
	/** Honour `# meshlens-disable…` comments and galley.istio.io/analyze-suppress (default true). */
	readonly suppressions?: boolean;
	/**
	 * False for a one-shot check (`meshlens lint`): each document is validated once and nothing is
	 * kept for the next edit. By default each document's diagnostics are kept (by its parse), so
	 * validating after an edit costs only the documents the edit touched.
	 */
	readonly incremental?: boolean;
}
