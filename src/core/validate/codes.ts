/**
 * The registry of diagnostic codes: stable ids, default severities and what each means. The README's
 * codes table and `meshlens lint --explain` are generated from / checked against this list, so it is
 * the single place where a code is defined. Schema checks use ML1xxx (fields and values), ML2xxx
 * (the resource's identity), ML4xxx (deprecations) and ML9xxx (syntax); cross-resource analysis
 * registers its own codes elsewhere.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface CodeInfo {
	readonly code: string;
	/** A short kebab-case name, also accepted by --select/--ignore and the settings. */
	readonly name: string;
	readonly severity: Severity;
	/** One line: what is wrong. */
	readonly meaning: string;
	/** How to fix it. */
	readonly fix: string;
	/** A short example of a mistake this code reports (one line of YAML). */
	readonly example: string;
	/**
	 * The `istioctl analyze` code upstream reports for the same problem on a resource of an Istio
	 * group (*.istio.io): IST0106 SchemaValidationError for errors, IST0133 SchemaWarning for
	 * warnings, IST0002 Deprecated for deprecations. Findings on Istio resources carry it as
	 * `upstream`, `galley.istio.io/analyze-suppress` may name it, and `--select`/`--ignore` match it.
	 */
	readonly upstream?: string;
}

const SCHEMA = 'IST0106';

export const CODES: readonly CodeInfo[] = [
	{
		code: 'ML1001',
		name: 'unknown-field',
		severity: 'error',
		meaning:
			'The field does not exist at this place in the schema of this kind and version; the API server rejects it (or silently drops it).',
		fix: 'Correct the spelling (the message suggests the closest sibling field) or move the field to where it belongs.',
		example: '`retires:` under a VirtualService http route (did you mean `retries`?)',
		upstream: SCHEMA,
	},
	{
		code: 'ML1002',
		name: 'wrong-type',
		severity: 'error',
		meaning:
			'The value has the wrong type: a string where a number is expected, a list where an object is expected, or null where a value is needed.',
		fix: 'Write a value of the expected type; quote numbers that must be strings.',
		example: '`attempts: three` (expected an integer)',
		upstream: SCHEMA,
	},
	{
		code: 'ML1003',
		name: 'invalid-enum',
		severity: 'error',
		meaning: 'The value is not one of the values the field allows.',
		fix: 'Pick one of the allowed values listed in the message (the quick fix offers each).',
		example:
			'`simple: ROUND_ROBBIN` (allowed: UNSPECIFIED, RANDOM, PASSTHROUGH, ROUND_ROBIN, …)',
		upstream: SCHEMA,
	},
	{
		code: 'ML1004',
		name: 'missing-required',
		severity: 'error',
		meaning: 'A field that the schema requires is missing from this object.',
		fix: 'Add the field (the quick fix inserts every missing one with a placeholder).',
		example: 'a DestinationRule without `spec.host`',
		upstream: SCHEMA,
	},
	{
		code: 'ML1005',
		name: 'one-of',
		severity: 'error',
		meaning: 'Fields that exclude each other are set together; at most one of them may be set.',
		fix: 'Keep one of the fields named in the message and remove the others.',
		example: '`exact:` and `prefix:` in the same string match',
		upstream: SCHEMA,
	},
	{
		code: 'ML1006',
		name: 'any-of',
		severity: 'error',
		meaning: 'None of a group of fields is set, but the schema needs at least one of them.',
		fix: 'Set one of the fields named in the message.',
		example: 'a Linkerd Server without `podSelector` or `externalWorkloadSelector`',
		upstream: SCHEMA,
	},
	{
		code: 'ML1007',
		name: 'duplicate-key',
		severity: 'error',
		meaning:
			'The same key appears twice in one mapping; YAML forbids it and tools disagree on which value wins.',
		fix: 'Remove one of the two keys (the quick fix removes this occurrence).',
		example: '`timeout: 5s` written twice under one route',
		upstream: SCHEMA,
	},
	{
		code: 'ML1008',
		name: 'pattern',
		severity: 'error',
		meaning: 'The string does not match the regular expression the schema declares.',
		fix: 'Write the value in the form the field expects (see the pattern in the message and the hover).',
		example: '`sha256: xyz` on a WasmPlugin (64 hexadecimal digits expected)',
		upstream: SCHEMA,
	},
	{
		code: 'ML1009',
		name: 'format',
		severity: 'error',
		meaning:
			'The value does not have the declared format (int32/int64 range, date-time, duration, byte, CIDR, IPv4).',
		fix: 'Write the value in the declared format, for example `10.0.0.0/8` for a CIDR or `2026-12-01T10:00:00Z` for a date-time.',
		example: '`cidr: 10.0.0/8`',
		upstream: SCHEMA,
	},
	{
		code: 'ML1010',
		name: 'range',
		severity: 'error',
		meaning: 'The number is below the declared minimum or above the declared maximum.',
		fix: 'Use a value inside the range given in the message.',
		example: '`minimumPercent: 150` (at most 100)',
		upstream: SCHEMA,
	},
	{
		code: 'ML1011',
		name: 'length',
		severity: 'error',
		meaning:
			'The string is shorter than the declared minimum length or longer than the maximum.',
		fix: 'Shorten the value, or fill in the empty string.',
		example: '`name: ""` where at least 1 character is needed',
		upstream: SCHEMA,
	},
	{
		code: 'ML1012',
		name: 'item-count',
		severity: 'error',
		meaning: 'The list has fewer items than the declared minimum or more than the maximum.',
		fix: 'Add or remove items until the count is inside the range given in the message.',
		example: 'a Gateway API `parentRefs:` list with 33 entries (at most 32)',
		upstream: SCHEMA,
	},
	{
		code: 'ML1013',
		name: 'property-count',
		severity: 'error',
		meaning:
			'The object or map has fewer entries than the declared minimum or more than the maximum.',
		fix: 'Add or remove entries until the count is inside the range given in the message.',
		example: '`portLevelMtls: {}` (at least 1 entry)',
		upstream: SCHEMA,
	},
	{
		code: 'ML1014',
		name: 'duplicate-item',
		severity: 'error',
		meaning:
			'Two items of a list that must hold unique values (a set, or a map keyed by the fields in the message) are equal.',
		fix: 'Remove or change the repeated item.',
		example: 'two `ports:` entries with the same `port` and `protocol` in a list keyed by both',
		upstream: SCHEMA,
	},
	{
		code: 'ML1015',
		name: 'cel-rule',
		severity: 'error',
		meaning:
			"The value breaks a validation rule that the upstream CRD writes in CEL (x-kubernetes-validations), or the rule fails on this value; the API server rejects the object. The message is the rule's own.",
		fix: 'Change the value as the message says; the rule is in the upstream CRD under x-kubernetes-validations.',
		example: '`number: 70000` on an Istio ServiceEntry port (port must be between 1-65535)',
		upstream: SCHEMA,
	},
	{
		code: 'ML2001',
		name: 'unknown-kind',
		severity: 'error',
		meaning: 'The API group belongs to a mesh, but it defines no kind of this name.',
		fix: 'Correct the kind (the message suggests the closest one) or the apiVersion.',
		example: '`kind: VirtualServce` with `apiVersion: networking.istio.io/v1`',
		upstream: SCHEMA,
	},
	{
		code: 'ML2002',
		name: 'unknown-version',
		severity: 'warning',
		meaning:
			'The kind exists, but the upstream CRDs Meshlens knows do not serve it in this version (a cluster with older CRDs may still accept it); its fields are not checked.',
		fix: 'Use one of the served versions listed in the message.',
		example: '`apiVersion: networking.istio.io/v2`',
		upstream: 'IST0133',
	},
	{
		code: 'ML4001',
		name: 'deprecated-field',
		severity: 'warning',
		meaning:
			'The upstream API marks this field deprecated; it may stop working in a later release.',
		fix: 'Use the successor field named in the message (the quick fix rewrites it where the mapping is direct).',
		example: '`mirrorPercent: 50` (use `mirrorPercentage`)',
		upstream: 'IST0002',
	},
	{
		code: 'ML4002',
		name: 'deprecated-version',
		severity: 'warning',
		meaning: 'The upstream API marks this apiVersion of the kind deprecated.',
		fix: 'Move to a newer served version of the kind (listed in the message).',
		example: '`apiVersion: policy.linkerd.io/v1alpha1` on a Server',
		upstream: 'IST0002',
	},
	{
		code: 'ML9001',
		name: 'yaml-syntax',
		severity: 'error',
		meaning: 'The document is not valid YAML, so no tool can read it as written.',
		fix: 'Repair the syntax at the marked place (indentation, a missing colon, an unclosed quote or bracket).',
		example: '`hosts: [a, b` (unclosed flow sequence)',
	},
];

const BY_CODE = new Map(CODES.map((c) => [c.code, c]));
const BY_NAME = new Map(CODES.map((c) => [c.name, c]));

/** The registry entry for a code or its kebab-case name, case-insensitive for codes. */
export function codeInfo(codeOrName: string): CodeInfo | undefined {
	return BY_CODE.get(codeOrName.toUpperCase()) ?? BY_NAME.get(codeOrName.toLowerCase());
}

/** How `istioctl analyze` words the messages of the codes schema findings map to (its templates). */
const UPSTREAM_FORMS: Readonly<Record<string, string>> = {
	IST0106: 'Schema validation error: ',
	IST0133: 'Schema validation warning: ',
	IST0002: 'Deprecated: ',
};

/** A finding's message in the form `istioctl analyze` prints for an upstream code. */
export function upstreamMessage(upstream: string, message: string): string {
	const form = UPSTREAM_FORMS[upstream] ?? '';
	return message.startsWith(form) ? message : `${form}${message}`;
}

/** The schema codes that upstream reports as `upstream` on Istio resources. */
export function codesForUpstream(upstream: string): CodeInfo[] {
	const code = upstream.trim().toUpperCase();
	return CODES.filter((c) => c.upstream === code);
}
