/**
 * One node of a generated schema (data/catalog/schemas/<group>.json), written by
 * scripts/import-crds.mjs. Short keys keep the files small.
 */
export interface SchemaNode {
	/** object | array | string | integer | number | boolean | int-or-string | any */
	readonly t: string;
	/** Properties of an object. */
	readonly p?: Readonly<Record<string, SchemaNode>>;
	/** Required property names. */
	readonly r?: readonly string[];
	/** Allowed values. */
	readonly e?: readonly unknown[];
	/** Format (int32, duration, byte, …). */
	readonly f?: string;
	/** Default value. */
	readonly d?: unknown;
	/** Array items. */
	readonly i?: SchemaNode;
	/** Values of a map (additionalProperties). */
	readonly a?: SchemaNode;
	/** Groups of properties of which at most one may be set. */
	readonly o?: readonly (readonly string[])[];
	/** Groups of properties of which at least one must be set (anyOf, or oneOf without a 'none'). */
	readonly y?: readonly (readonly string[])[];
	/** Free-form content (x-kubernetes-preserve-unknown-fields). */
	readonly x?: 1;
	/** Deprecated field: 1, or the name of the sibling field that replaces it. */
	readonly dep?: 1 | string;
	/** null is allowed. */
	readonly n?: 1;
	/** Regular expression a string must match (upstream writes them for Go's RE2). */
	readonly pt?: string;
	/** Minimum and maximum of a number; xn/xx make them exclusive. */
	readonly mn?: number;
	readonly mx?: number;
	readonly xn?: 1;
	readonly xx?: 1;
	/** Minimum and maximum length of a string. */
	readonly ln?: number;
	readonly lx?: number;
	/** Minimum and maximum number of items of an array. */
	readonly in?: number;
	readonly ix?: number;
	/** Minimum and maximum number of properties of an object. */
	readonly pn?: number;
	readonly px?: number;
	/** Items are unique (x-kubernetes-list-type: set). */
	readonly u?: 1;
	/** Item keys of an x-kubernetes-list-type: map list; no two items may share them. */
	readonly k?: readonly string[];
	/** The CEL rules (x-kubernetes-validations) upstream attaches here, evaluated with self = this value. */
	readonly c?: readonly CelRuleSpec[];
}

/** One upstream CEL validation rule, verbatim (x-kubernetes-validations), under short keys. */
export interface CelRuleSpec {
	/** The rule: a CEL expression that must be true. */
	readonly r: string;
	/** The message shown when it is false. */
	readonly m?: string;
	/** A CEL expression that builds the message. */
	readonly me?: string;
	/** The reason upstream reports (FieldValueInvalid, FieldValueForbidden, …). */
	readonly re?: string;
	/** Where the error goes, relative to the node (`.spec.foo`). */
	readonly fp?: string;
	/** The rule also runs on creation, with oldSelf unset (a transition rule). */
	readonly oo?: 1;
}

/** A version maps to its schema, or to the name of an earlier version with the same schema. */
export interface KindSchema {
	readonly plural?: string;
	readonly scope?: string;
	readonly deprecated?: readonly string[];
	readonly versions: Readonly<Record<string, SchemaNode | string>>;
}

export interface GroupSchema {
	readonly group: string;
	readonly mesh: string;
	readonly kinds: Readonly<Record<string, KindSchema>>;
}

/** data/catalog/schemas/index.json: every group, its mesh, kinds and served versions. */
export interface CatalogIndex {
	readonly groups: Readonly<
		Record<
			string,
			{ readonly mesh: string; readonly kinds: Readonly<Record<string, string[]>> }
		>
	>;
}

/** A product or API that its vendor has ended, and what users move to. */
export interface Discontinued {
	/** The end date, YYYY-MM-DD. */
	readonly date: string;
	/** What replaces it (products or meshes, in words). */
	readonly successors: readonly string[];
	/** One optional sentence of context. */
	readonly note?: string;
}

/** Our words about one kind (data/catalog/docs/<group>.yaml). */
export interface KindDocs {
	readonly summary?: string;
	readonly docs?: string;
	/** The release line the kind belongs to, e.g. "Kuma 2.x (up to 2.14.3); removed on main". */
	readonly release?: string;
	/** The kinds that replace this one. */
	readonly replacedBy?: readonly string[];
	readonly discontinued?: Discontinued;
	/** Documented fields of parts the CRD leaves free-form: path → type (string, object, string[]…). */
	readonly topFields: Readonly<Record<string, string>>;
	readonly features: Readonly<Record<string, string>>;
	readonly fields: Readonly<Record<string, string>>;
	readonly values: Readonly<Record<string, string>>;
}

export interface GroupDocs {
	readonly group: string;
	readonly mesh?: string;
	/** Applies to every kind of the group that does not say otherwise (AWS App Mesh). */
	readonly discontinued?: Discontinued;
	readonly kinds: Readonly<Record<string, KindDocs>>;
}

/** Reads a file below data/catalog (e.g. 'schemas/index.json'); undefined when it is missing. */
export type CatalogLoader = (path: string) => Promise<string | undefined>;
