// Imports the field structure of upstream CRDs into data/catalog/schemas/<group>.json.
// Usage: npm run import-crds -- [--out <dir>] <crd.yaml | jsonschema.json> …
//
// Keeps names, types, enums, required fields, formats, one-of groups, defaults and served versions.
// Drops every description: the words hover shows are ours (data/catalog/docs/<group>.yaml).
// Each group named in the inputs is rebuilt from those inputs alone; when several inputs define the
// same kind and version, their fields are merged (the first input's types, enums and defaults win),
// so Kuma's main branch and its latest release, or both Gateway API channels, can be imported together. index.json is rebuilt from every group file in the folder.
// JSON Schema inputs (datreeio CRDs-catalog layout, <group>/<kind>_<version>.json) are accepted for
// groups that ship no CRD YAML (Cilium).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

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
	if (schema.format) node.f = String(schema.format);
	if (Array.isArray(schema.enum)) node.e = schema.enum.filter((v) => v !== null);
	if (schema.default !== undefined) node.d = schema.default;
	if (schema['x-kubernetes-preserve-unknown-fields'] === true && !schema.properties) node.x = 1;
	// Upstream marks many retired fields only in prose; the flag is kept, the words are not.
	if (schema.deprecated === true || /^\s*deprecated\b/i.test(String(schema.description ?? ''))) {
		node.dep = 1;
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
	// Only oneOf means "at most one": a bare anyOf of required branches (Cilium's policies) means
	// "at least one of", which is no exclusive group.
	for (const key of ['oneOf']) {
		if (!Array.isArray(schema[key]) || intOrString) continue;
		const names = new Set();
		for (const branch of schema[key]) requiredNames(branch, names);
		const known = [...names].filter((n) => node.p && n in node.p);
		if (known.length > 1) groups.push(known);
	}
	if (groups.length) node.o = groups;
	return node;
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
	if (a.r && b.r) out.r = a.r.filter((n) => b.r.includes(n));
	if (out.r && !out.r.length) delete out.r;
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
				node: compact(schema ?? {}),
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
