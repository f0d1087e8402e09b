// Imports the field structure of upstream CRDs into data/catalog/schemas/<group>.json.
// Usage: npm run import-crds -- [--out <dir>] <crd.yaml | jsonschema.json> …
//
// Keeps names, types, enums, required fields, formats, one-of and any-of groups, defaults, served
// versions and what validation needs: patterns, numeric bounds, length/item/property counts,
// nullable, list types (set / map keys), deprecation (with the successor field where upstream names
// one) and the CEL rules (x-kubernetes-validations) of each node: rule, message, messageExpression,
// reason, fieldPath and optionalOldSelf, verbatim (src/core/validate/cel evaluates them).
// Drops every description: the words hover shows are ours (data/catalog/docs/<group>.yaml).
// data/catalog/deprecated.yaml adds deprecations the upstream API marks only in its protos.
// Each group named in the inputs is rebuilt from those inputs alone; when several inputs define the
// same kind and version, their fields are merged (the first input's types, enums and defaults win),
// so Kuma's main branch and its latest release, or both Gateway API channels, can be imported together. index.json is rebuilt from every group file in the folder.
// JSON Schema inputs (datreeio CRDs-catalog layout, <group>/<kind>_<version>.json) are accepted for
// groups that ship no CRD YAML (Cilium).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';

// --out writes elsewhere (the catalog test regenerates into a temporary folder and compares).
const outFlag = process.argv.indexOf('--out');
const OUT_DIR = outFlag === -1 ? 'data/catalog/schemas' : process.argv[outFlag + 1];
const INPUTS = process.argv
	.slice(2)
	.filter((_, i) => outFlag === -1 || (i !== outFlag - 2 && i !== outFlag - 1));

/** Which mesh (data/meshes id) defines each API group. */
const GROUP_MESH = {
	'networking.istio.io': 'istio',
	'security.istio.io': 'istio',
	'telemetry.istio.io': 'istio',
	'extensions.istio.io': 'istio',
	'linkerd.io': 'linkerd',
	'policy.linkerd.io': 'linkerd',
	'workload.linkerd.io': 'linkerd',
	'gateway.networking.k8s.io': 'gateway-api',
	'gateway.networking.x-k8s.io': 'gateway-api',
	'consul.hashicorp.com': 'consul',
	'auth.consul.hashicorp.com': 'consul',
	'kuma.io': 'kuma',
	'appmesh.k8s.aws': 'app-mesh',
	'cilium.io': 'cilium',
};

/** JSON Schema file names are lower-case; these restore the kind's spelling. */
const CILIUM_KINDS = [
	'CiliumBGPAdvertisement',
	'CiliumBGPClusterConfig',
	'CiliumBGPNodeConfig',
	'CiliumBGPNodeConfigOverride',
	'CiliumBGPPeerConfig',
	'CiliumBGPPeeringPolicy',
	'CiliumCIDRGroup',
	'CiliumClusterwideEnvoyConfig',
	'CiliumClusterwideNetworkPolicy',
	'CiliumEgressGatewayPolicy',
	'CiliumEndpoint',
	'CiliumEndpointSlice',
	'CiliumEnvoyConfig',
	'CiliumExternalWorkload',
	'CiliumIdentity',
	'CiliumL2AnnouncementPolicy',
	'CiliumLoadBalancerIPPool',
	'CiliumLocalRedirectPolicy',
	'CiliumNetworkPolicy',
	'CiliumNode',
	'CiliumNodeConfig',
	'CiliumPodIPPool',
];

/**
 * Deprecations the CRDs do not carry (Istio drops the proto's `deprecated` option): group → kind →
 * field path (catalog notation) → successor sibling name, or '' when there is no direct one.
 */
const EXTRA_DEPRECATED = (() => {
	const file = new URL('../data/catalog/deprecated.yaml', import.meta.url);
	if (!existsSync(file)) return {};
	const entry = z.strictObject({
		group: z.string().min(1),
		kind: z.string().min(1),
		path: z.string().min(1),
		replacement: z
			.string()
			.regex(/^[A-Za-z_][\w]*$/)
			.optional(),
		source: z.url(),
		asOf: z.union([z.string(), z.date()]),
	});
	const data = z
		.strictObject({ fields: z.array(entry) })
		.parse(parse(readFileSync(file, 'utf8')));
	const out = {};
	for (const e of data.fields) {
		((out[e.group] ??= {})[e.kind] ??= {})[e.path] = e.replacement ?? '';
	}
	return out;
})();

/** The successor a deprecation description names ("Deprecated: use `warmup` instead."). */
function successor(description) {
	const m = /\bdeprecated\b[^.]*?\b(?:use|in favou?r of|replaced by)\s+`?([A-Za-z][\w]*)`?/i.exec(
		String(description ?? ''),
	);
	return m?.[1];
}

/** Root fields every kind shares; the engine describes them itself. */
const COMMON_ROOT = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/**
 * Collects the property names a oneOf branch requires, looking through not/anyOf/allOf wrappers
 * the way Istio and Gateway API generators nest them.
 */
function requiredNames(schema, out) {
	if (!schema || typeof schema !== 'object') return out;
	if (Array.isArray(schema.required)) for (const n of schema.required) out.add(String(n));
	for (const k of ['anyOf', 'allOf', 'oneOf']) {
		if (Array.isArray(schema[k])) for (const s of schema[k]) requiredNames(s, out);
	}
	if (schema.not) requiredNames(schema.not, out);
	return out;
}

/** Turns one OpenAPI v3 / JSON Schema node into the compact catalog node (see src/core/catalog/types.ts). */
function compact(schema, depth = 0) {
	if (!schema || typeof schema !== 'object' || depth > 64) return { t: 'any' };
	const node = {};
	let type = schema.type;
	if (Array.isArray(type)) type = type.find((t) => t !== 'null');
	const intOrString =
		schema['x-kubernetes-int-or-string'] === true ||
		(Array.isArray(schema.anyOf) &&
			schema.anyOf.length === 2 &&
			schema.anyOf.some((s) => s.type === 'integer') &&
			schema.anyOf.some((s) => s.type === 'string'));
	if (intOrString) type = 'int-or-string';
	if (!type) {
		if (schema.properties) type = 'object';
		else if (schema.items) type = 'array';
		else type = 'any';
	}
	node.t = type;
	if (schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null')))
		node.n = 1;
	if (schema.format) node.f = String(schema.format);
	if (typeof schema.pattern === 'string') node.pt = schema.pattern;
	bounds(schema, node);
	if (schema['x-kubernetes-list-type'] === 'set' || schema.uniqueItems === true) node.u = 1;
	if (
		schema['x-kubernetes-list-type'] === 'map' &&
		Array.isArray(schema['x-kubernetes-list-map-keys'])
	)
		node.k = schema['x-kubernetes-list-map-keys'].map(String);
	const cel = celRules(schema['x-kubernetes-validations']);
	if (cel.length) node.c = cel;
	if (Array.isArray(schema.enum)) node.e = schema.enum.filter((v) => v !== null);
	if (schema.default !== undefined) node.d = schema.default;
	if (schema['x-kubernetes-preserve-unknown-fields'] === true && !schema.properties) node.x = 1;
	// Upstream marks many retired fields only in prose; the flag is kept, the words are not.
	if (schema.deprecated === true || /^\s*deprecated\b/i.test(String(schema.description ?? ''))) {
		node.dep = successor(schema.description) ?? 1;
	}
	if (schema.properties && typeof schema.properties === 'object') {
		node.p = {};
		for (const [name, sub] of Object.entries(schema.properties)) {
			if (depth === 0 && COMMON_ROOT.has(name)) continue;
			node.p[name] = compact(sub, depth + 1);
		}
		if (Array.isArray(schema.required)) {
			const req = schema.required.filter((n) => depth !== 0 || !COMMON_ROOT.has(n));
			if (req.length) node.r = req;
		}
	}
	if (
		schema.additionalProperties &&
		typeof schema.additionalProperties === 'object' &&
		!schema.properties
	) {
		node.a = compact(schema.additionalProperties, depth + 1);
	} else if (schema.additionalProperties === true && !schema.properties) {
		node.a = { t: 'any' };
	}
	if (schema.items && !Array.isArray(schema.items)) node.i = compact(schema.items, depth + 1);
	const groups = [];
	const atLeast = [];
	// oneOf means "at most one" (Istio adds a `not: anyOf` branch for "none"); without that branch,
	// and when every branch requires one field, it also means "at least one". A bare anyOf of
	// required branches (Cilium's policies) means "at least one of", which is no exclusive group.
	if (Array.isArray(schema.oneOf) && !intOrString) {
		const names = new Set();
		for (const branch of schema.oneOf) requiredNames(branch, names);
		const known = [...names].filter((n) => node.p && n in node.p);
		if (known.length > 1) groups.push(known);
		const single = singleRequired(schema.oneOf, node);
		if (single) atLeast.push(single);
	}
	if (Array.isArray(schema.anyOf) && !intOrString) {
		const single = singleRequired(schema.anyOf, node);
		if (single) atLeast.push(single);
	}
	if (groups.length) node.o = groups;
	if (atLeast.length) node.y = atLeast;
	return node;
}

/**
 * The CEL rules of a node under short keys: r rule, m message, me messageExpression, re reason,
 * fp fieldPath, oo optionalOldSelf. Rules are upstream code, so they are kept verbatim.
 */
function celRules(list) {
	if (!Array.isArray(list)) return [];
	const out = [];
	for (const v of list) {
		if (!v || typeof v.rule !== 'string' || !v.rule.trim()) continue;
		const rule = { r: v.rule };
		if (typeof v.message === 'string' && v.message) rule.m = v.message;
		if (typeof v.messageExpression === 'string' && v.messageExpression)
			rule.me = v.messageExpression;
		if (typeof v.reason === 'string' && v.reason) rule.re = v.reason;
		if (typeof v.fieldPath === 'string' && v.fieldPath) rule.fp = v.fieldPath;
		if (v.optionalOldSelf === true) rule.oo = 1;
		out.push(rule);
	}
	return out;
}

/** Copies numeric bounds and length/item/property counts under short keys. */
function bounds(schema, node) {
	const num = (v) => typeof v === 'number' && Number.isFinite(v);
	if (num(schema.minimum)) node.mn = schema.minimum;
	if (num(schema.maximum)) node.mx = schema.maximum;
	// OpenAPI 3.0 flags (boolean) and JSON Schema draft 6+ bounds (numbers) both end up as a flag.
	if (schema.exclusiveMinimum === true && node.mn !== undefined) node.xn = 1;
	if (schema.exclusiveMaximum === true && node.mx !== undefined) node.xx = 1;
	if (num(schema.exclusiveMinimum)) ((node.mn = schema.exclusiveMinimum), (node.xn = 1));
	if (num(schema.exclusiveMaximum)) ((node.mx = schema.exclusiveMaximum), (node.xx = 1));
	const counts = [
		['minLength', 'ln'],
		['maxLength', 'lx'],
		['minItems', 'in'],
		['maxItems', 'ix'],
		['minProperties', 'pn'],
		['maxProperties', 'px'],
	];
	for (const [from, to] of counts) if (num(schema[from])) node[to] = schema[from];
}

/** The field names of branches that each require exactly one known field, else undefined. */
function singleRequired(branches, node) {
	const names = [];
	for (const b of branches) {
		if (!b || typeof b !== 'object') return undefined;
		const keys = Object.keys(b);
		if (keys.length !== 1 || keys[0] !== 'required') return undefined;
		if (!Array.isArray(b.required) || b.required.length !== 1) return undefined;
		const n = String(b.required[0]);
		if (!node.p || !(n in node.p)) return undefined;
		names.push(n);
	}
	return names.length > 1 ? names : undefined;
}

/** Marks the deprecations listed in data/catalog/deprecated.yaml on one kind's tree. */
function markExtraDeprecated(group, kind, root) {
	const rules = Object.entries(EXTRA_DEPRECATED[group]?.[kind] ?? {});
	if (!rules.length) return root;
	// Visits every node with its catalog path (spec.http[].fault, spec.labels.*).
	const visit = (node, path, depth) => {
		if (!node || depth > 40) return;
		for (const [rule, replacement] of rules) {
			const hit = rule.startsWith('**.')
				? path === rule.slice(3) || path.endsWith(`.${rule.slice(3)}`)
				: path === rule;
			if (hit) node.dep = replacement || 1;
		}
		for (const [k, c] of Object.entries(node.p ?? {}))
			visit(c, path ? `${path}.${k}` : k, depth + 1);
		if (node.i) visit(node.i, `${path}[]`, depth + 1);
		if (node.a) visit(node.a, `${path}.*`, depth + 1);
	};
	visit(root, '', 0);
	return root;
}

/** Merges two compact nodes of the same field: properties are united, `a` wins on conflicts. */
function mergeNodes(a, b) {
	if (!a) return b;
	if (!b) return a;
	const out = { ...b, ...a };
	if (a.p || b.p) {
		out.p = {};
		for (const k of new Set([...Object.keys(a.p ?? {}), ...Object.keys(b.p ?? {})])) {
			out.p[k] = mergeNodes(a.p?.[k], b.p?.[k]);
		}
	}
	if (a.i || b.i) out.i = mergeNodes(a.i, b.i);
	if (a.a || b.a) out.a = mergeNodes(a.a, b.a);
	if (a.e && b.e) out.e = [...new Set([...a.e, ...b.e])];
	else delete out.e;
	// A manifest valid against either input must stay valid: a constraint survives the merge only
	// when both inputs have it (required fields and at-least-one groups: the ones both share).
	out.r = (a.r ?? []).filter((n) => b.r?.includes(n));
	if (!out.r.length) delete out.r;
	const groups = new Set((b.y ?? []).map((g) => JSON.stringify(g)));
	out.y = (a.y ?? []).filter((g) => groups.has(JSON.stringify(g)));
	if (!out.y.length) delete out.y;
	for (const k of [
		'pt',
		'mn',
		'mx',
		'xn',
		'xx',
		'ln',
		'lx',
		'in',
		'ix',
		'pn',
		'px',
		'u',
		'k',
		'f',
	]) {
		if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) delete out[k];
	}
	if (a.n || b.n) out.n = 1;
	// Like the other constraints, a rule survives only when both inputs carry it.
	if (a.c || b.c) {
		const rules = new Set((b.c ?? []).map((c) => JSON.stringify(c)));
		out.c = (a.c ?? []).filter((c) => rules.has(JSON.stringify(c)));
		if (!out.c.length) delete out.c;
	}
	return out;
}

/** Reads one input file into [{ group, kind, plural, scope, version, deprecated, node }]. */
function readInput(file) {
	const text = readFileSync(file, 'utf8');
	if (file.endsWith('.json')) {
		const schema = JSON.parse(text);
		const group = basename(dirname(file));
		const m = /^(.+)_(v[0-9a-z]+)\.json$/.exec(basename(file));
		if (!m) throw new Error(`${file}: expected <kind>_<version>.json`);
		const kind =
			(group === 'cilium.io' ? CILIUM_KINDS : []).find((k) => k.toLowerCase() === m[1]) ??
			m[1];
		return [{ group, kind, plural: '', scope: '', version: m[2], node: compact(schema) }];
	}
	if (text.includes('{{')) {
		console.warn(`skipped ${file}: Helm template (render it first)`);
		return [];
	}
	const out = [];
	for (const doc of parseAllDocuments(text)) {
		const crd = doc.toJS({ maxAliasCount: 100 });
		if (!crd || crd.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
		const { group, names, scope, versions } = crd.spec;
		for (const v of versions ?? []) {
			if (v.served === false) continue;
			const schema = v.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema;
			out.push({
				group,
				kind: names.kind,
				plural: names.plural,
				scope,
				version: v.name,
				deprecated: v.deprecated === true,
				node: markExtraDeprecated(group, names.kind, compact(schema ?? {})),
			});
		}
	}
	return out;
}

/** Orders versions newest-stable first: v2 > v1 > v1beta3 > v1beta1 > v1alpha3. */
function versionRank(v) {
	const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
	if (!m) return [0, 0, 0];
	const stage = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
	return [Number(m[1]), stage, Number(m[3] ?? 0)];
}
function compareVersions(a, b) {
	const ra = versionRank(a);
	const rb = versionRank(b);
	for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
	return a.localeCompare(b);
}

function main(files) {
	if (!files.length) {
		console.error('usage: npm run import-crds -- <crd.yaml | jsonschema.json> …');
		process.exit(2);
	}
	/** group → kind → { plural, scope, versions: Map<version, {node, deprecated}> } */
	const groups = new Map();
	for (const file of files) {
		let entries;
		try {
			entries = readInput(file);
		} catch (e) {
			console.warn(`skipped ${file}: ${e.message}`);
			continue;
		}
		for (const e of entries) {
			if (!groups.has(e.group)) groups.set(e.group, new Map());
			const kinds = groups.get(e.group);
			if (!kinds.has(e.kind))
				kinds.set(e.kind, { plural: e.plural, scope: e.scope, versions: new Map() });
			const k = kinds.get(e.kind);
			if (!k.plural && e.plural) k.plural = e.plural;
			if (!k.scope && e.scope) k.scope = e.scope;
			const old = k.versions.get(e.version);
			k.versions.set(e.version, old ? { ...old, node: mergeNodes(old.node, e.node) } : e);
		}
	}
	mkdirSync(OUT_DIR, { recursive: true });
	for (const [group, kinds] of groups) {
		const out = { group, mesh: GROUP_MESH[group] ?? '', kinds: {} };
		for (const kind of [...kinds.keys()].sort()) {
			const k = kinds.get(kind);
			const versions = {};
			const seen = new Map();
			const deprecated = [];
			for (const v of [...k.versions.keys()].sort(compareVersions)) {
				const e = k.versions.get(v);
				const json = JSON.stringify(e.node);
				// Identical versions point at the first one instead of repeating the tree.
				versions[v] = seen.get(json) ?? e.node;
				if (!seen.has(json)) seen.set(json, v);
				if (e.deprecated) deprecated.push(v);
			}
			out.kinds[kind] = {
				...(k.plural ? { plural: k.plural } : {}),
				...(k.scope ? { scope: k.scope } : {}),
				...(deprecated.length ? { deprecated } : {}),
				versions,
			};
		}
		writeFileSync(join(OUT_DIR, `${group}.json`), JSON.stringify(out) + '\n');
		console.log(`${group}: ${Object.keys(out.kinds).length} kinds`);
	}
	writeIndex();
}

/** index.json: the groups, kinds and versions, small enough to load at activation. */
function writeIndex() {
	const index = { groups: {} };
	const files = existsSync(OUT_DIR)
		? readdirSync(OUT_DIR).filter((f) => f.endsWith('.json') && f !== 'index.json')
		: [];
	for (const f of files.sort()) {
		const g = JSON.parse(readFileSync(join(OUT_DIR, f), 'utf8'));
		index.groups[g.group] = {
			mesh: g.mesh,
			kinds: Object.fromEntries(
				Object.entries(g.kinds).map(([kind, k]) => [kind, Object.keys(k.versions)]),
			),
		};
	}
	writeFileSync(join(OUT_DIR, 'index.json'), JSON.stringify(index, null, '\t') + '\n');
}

main(INPUTS);
