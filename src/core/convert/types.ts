/** A Kubernetes resource as plain data (the parsed YAML of one document). */
export type Resource = Record<string, unknown>;

/** Where a conversion can go. */
export const CONVERT_TARGETS = [
	'gateway-api',
	'istio',
	'istio-ambient',
	'linkerd',
	'cilium',
	'serviceprofile',
] as const;
export type ConvertTarget = (typeof CONVERT_TARGETS)[number];

/** One input resource, with where it came from (for editors and the CLI). */
export interface ConvertInput {
	readonly resource: Resource;
	readonly origin?: { readonly file: string; readonly document: number };
}

/**
 * A source field that did not carry over as it was. `lost` means the output does not express it;
 * `info` means it carried over in another form worth knowing about (a generated Service, an
 * approximation, a field that needs a newer channel).
 */
export interface ConvertNote {
	readonly level: 'lost' | 'info';
	/** The source resource, as `Kind namespace/name`. */
	readonly source: string;
	/** Index of the source resource in the inputs. */
	readonly input: number;
	/** The field, written spec.http[0].fault.delay; '' for the whole resource. */
	readonly path: string;
	readonly reason: string;
	/** The closest thing the target offers, when there is one. */
	readonly nearest?: string;
	/** True when no rule of the conversion handled the field (a gap in the converter). */
	readonly unhandled?: true;
}

/** Which source fields one output resource was built from. */
export interface Provenance {
	readonly sources: readonly { readonly input: number; readonly paths: readonly string[] }[];
}

export interface ConvertResult {
	readonly resources: readonly Resource[];
	/** Parallel to resources. */
	readonly provenance: readonly Provenance[];
	readonly notes: readonly ConvertNote[];
}

/** Options every conversion accepts. */
export interface ConvertOptions {
	readonly target: ConvertTarget;
	/** Namespace for resources that have none (default 'default'). */
	readonly defaultNamespace?: string;
}
