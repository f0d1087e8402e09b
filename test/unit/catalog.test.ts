import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
	applyTopFields,
	Catalog,
	joinPath,
	lookupPath,
	lookupValue,
	parseDocs,
	resolvePath,
} from '../../src/core';
import type { GroupSchema, SchemaNode } from '../../src/core';

const CATALOG_DIR = join(process.cwd(), 'data', 'catalog');
const SCHEMA_DIR = join(CATALOG_DIR, 'schemas');
const SHARED = join(process.cwd(), '..', 'shared', 'crds');

function groupFiles(): GroupSchema[] {
	return readdirSync(SCHEMA_DIR)
		.filter((f) => f.endsWith('.json') && f !== 'index.json')
		.map((f) => JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')) as GroupSchema);
}

function catalog(): Catalog {
	return new Catalog((path) => {
		const file = join(CATALOG_DIR, path);
		return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
	});
}

/** Every field path of a catalog node. */
function catalogPaths(
	node: SchemaNode,
	prefix: string[] = [],
	out = new Set<string>(),
): Set<string> {
	if (prefix.length > 40) return out;
	for (const [k, child] of Object.entries(node.p ?? {})) {
		const p = [...prefix, k];
		out.add(joinPath(p));
		catalogPaths(child, p, out);
	}
	if (node.i) {
		const p = [...prefix, '[]'];
		out.add(joinPath(p));
		catalogPaths(node.i, p, out);
	}
	if (node.a) {
		const p = [...prefix, '*'];
		out.add(joinPath(p));
		catalogPaths(node.a, p, out);
	}
	return out;
}

type Upstream = Record<string, unknown>;
const COMMON = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** Every field path of an upstream OpenAPI / JSON Schema node (descriptions ignored). */
function upstreamPaths(
	node: Upstream,
	prefix: string[] = [],
	out = new Set<string>(),
): Set<string> {
	if (prefix.length > 40 || typeof node !== 'object' || node === null) return out;
	const props = node.properties as Record<string, Upstream> | undefined;
	for (const [k, child] of Object.entries(props ?? {})) {
		if (!prefix.length && COMMON.has(k)) continue;
		const p = [...prefix, k];
		out.add(joinPath(p));
		upstreamPaths(child, p, out);
	}
	const items = node.items as Upstream | undefined;
	if (items && typeof items === 'object' && !Array.isArray(items)) {
		const p = [...prefix, '[]'];
		out.add(joinPath(p));
		upstreamPaths(items, p, out);
	}
	const ap = node.additionalProperties;
	if (!props && (ap === true || (typeof ap === 'object' && ap !== null))) {
		const p = [...prefix, '*'];
		out.add(joinPath(p));
		if (typeof ap === 'object') upstreamPaths(ap as Upstream, p, out);
	}
	return out;
}

function listFiles(dir: string, ext: string): string[] {
	return existsSync(dir)
		? readdirSync(dir)
				.filter((f) => f.endsWith(ext))
				.map((f) => join(dir, f))
		: [];
}

const CILIUM = join(SHARED, 'cilium', 'jsonschema-crds-catalog', 'cilium.io');

/** The upstream files the catalog is imported from, in import order. */
function importInputs(): string[] {
	return [
		join(SHARED, 'istio', 'crd-all.gen.yaml'),
		join(SHARED, 'linkerd', 'rendered', 'install_crds.rendered.yaml'),
		...listFiles(join(SHARED, 'gateway-api', 'experimental'), '.yaml'),
		...listFiles(join(SHARED, 'gateway-api', 'standard'), '.yaml'),
		...listFiles(join(SHARED, 'consul'), '.yaml'),
		...listFiles(join(SHARED, 'kuma'), '.yaml'),
		...listFiles(join(SHARED, 'kuma', 'release-v2.14.3'), '.yaml'),
		...listFiles(join(SHARED, 'appmesh'), '.yaml'),
		...listFiles(CILIUM, '.json'),
	];
}

/** group/kind/version → upstream field paths, from the same files the catalog is imported from. */
function readUpstream(): Map<string, Set<string>> {
	const files = importInputs().filter((f) => f.endsWith('.yaml'));
	const out = new Map<string, Set<string>>();
	const add = (key: string, paths: Set<string>) => {
		const set = out.get(key) ?? new Set<string>();
		for (const p of paths) set.add(p);
		out.set(key, set);
	};
	for (const file of files) {
		if (!existsSync(file)) continue;
		for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
			const crd = doc.toJS({ maxAliasCount: 100 }) as Upstream | null;
			if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
			const spec = crd.spec as {
				group: string;
				names: { kind: string };
				versions: {
					name: string;
					served?: boolean;
					schema?: { openAPIV3Schema?: Upstream };
				}[];
			};
			for (const v of spec.versions) {
				if (v.served === false) continue;
				add(
					`${spec.group}/${spec.names.kind}/${v.name}`,
					upstreamPaths(v.schema?.openAPIV3Schema ?? {}),
				);
			}
		}
	}
	for (const file of listFiles(CILIUM, '.json')) {
		const m = /([a-z0-9]+)_(v[0-9a-z]+)\.json$/.exec(file);
		if (!m) continue;
		add(
			`cilium.io/${m[1]}/${m[2]}`,
			upstreamPaths(JSON.parse(readFileSync(file, 'utf8')) as Upstream),
		);
	}
	return out;
}

function versionNode(g: GroupSchema, kind: string, version: string): SchemaNode | undefined {
	let v = g.kinds[kind]?.versions[version];
	while (typeof v === 'string') v = g.kinds[kind]?.versions[v];
	return v;
}

describe('catalog', () => {
	it('builds the answer for a kind once and shares it; unknown kinds are asked again', async () => {
		const c = catalog();
		const a = await c.kind('networking.istio.io/v1', 'VirtualService');
		const b = await c.kind('networking.istio.io/v1', 'VirtualService');
		assert.ok(a, 'VirtualService is in the catalog');
		assert.equal(b, a);
		assert.equal(b?.root, a.root);
		// Another requested version is another answer (it names that version).
		const older = await c.kind('networking.istio.io/v1beta1', 'VirtualService');
		assert.equal(older?.requestedVersion, 'v1beta1');
		assert.notEqual(older, a);
		assert.equal(await c.kind('networking.istio.io/v1', 'VirtualServce'), undefined);
		assert.equal(await c.kind('networking.istio.io/v1', 'VirtualServce'), undefined);
		assert.equal(await c.kind(undefined, 'VirtualService'), undefined);
	});
	it('covers every Istio, Linkerd and Gateway API route kind and served version', async () => {
		const expected: Record<string, string[]> = {
			'extensions.istio.io': ['TrafficExtension:v1alpha1', 'WasmPlugin:v1alpha1'],
			'networking.istio.io': [
				'DestinationRule:v1,v1alpha3,v1beta1',
				'EnvoyFilter:v1alpha3',
				'Gateway:v1,v1alpha3,v1beta1',
				'ProxyConfig:v1beta1',
				'ServiceEntry:v1,v1alpha3,v1beta1',
				'Sidecar:v1,v1alpha3,v1beta1',
				'VirtualService:v1,v1alpha3,v1beta1',
				'WorkloadEntry:v1,v1alpha3,v1beta1',
				'WorkloadGroup:v1,v1alpha3,v1beta1',
			],
			'security.istio.io': [
				'AuthorizationPolicy:v1,v1beta1',
				'PeerAuthentication:v1,v1beta1',
				'RequestAuthentication:v1,v1beta1',
			],
			'telemetry.istio.io': ['Telemetry:v1,v1alpha1'],
			'linkerd.io': ['ServiceProfile:v1alpha1,v1alpha2'],
			'policy.linkerd.io': [
				'AuthorizationPolicy:v1alpha1',
				'EgressNetwork:v1alpha1',
				'HTTPLocalRateLimitPolicy:v1alpha1',
				'HTTPRoute:v1alpha1,v1beta1,v1beta2,v1beta3',
				'MeshTLSAuthentication:v1alpha1',
				'NetworkAuthentication:v1alpha1',
				'Server:v1alpha1,v1beta1,v1beta2,v1beta3',
				'ServerAuthorization:v1alpha1,v1beta1',
			],
			'workload.linkerd.io': ['ExternalWorkload:v1alpha1,v1beta1'],
			'gateway.networking.k8s.io': ['HTTPRoute:v1,v1beta1', 'GRPCRoute:v1'],
		};
		const { groups } = await catalog().index();
		for (const [group, kinds] of Object.entries(expected)) {
			for (const entry of kinds) {
				const [kind = '', versions = ''] = entry.split(':');
				assert.deepEqual(
					[...(groups[group]?.kinds[kind] ?? [])].sort(),
					versions.split(',').sort(),
					`${group} ${kind}`,
				);
			}
		}
		for (const other of ['consul.hashicorp.com', 'kuma.io', 'appmesh.k8s.aws', 'cilium.io']) {
			assert.ok(Object.keys(groups[other]?.kinds ?? {}).length > 5, other);
		}
		// Kuma's 2.x line (release-v2.14.3) sits next to main: legacy kinds and current ones.
		for (const kind of [
			'MeshGateway',
			'MeshGatewayRoute',
			'TrafficPermission',
			'TrafficRoute',
			'Mesh',
			'Dataplane',
			'MeshHTTPRoute',
			'MeshTrafficPermission',
		]) {
			assert.ok(groups['kuma.io']?.kinds[kind], `kuma.io ${kind}`);
		}
		for (const kind of [
			'CiliumNetworkPolicy',
			'CiliumClusterwideNetworkPolicy',
			'CiliumEnvoyConfig',
			'CiliumClusterwideEnvoyConfig',
		]) {
			assert.ok(groups['cilium.io']?.kinds[kind], `cilium.io ${kind}`);
		}
	});

	it('keeps structure only: no upstream description text, only known node keys', () => {
		const allowed = new Set([
			...['t', 'p', 'r', 'e', 'f', 'd', 'i', 'a', 'o', 'y', 'x', 'dep', 'n', 'pt'],
			...['mn', 'mx', 'xn', 'xx', 'ln', 'lx', 'in', 'ix', 'pn', 'px', 'u', 'k', 'c'],
		]);
		const check = (node: SchemaNode, where: string) => {
			for (const k of Object.keys(node)) assert.ok(allowed.has(k), `${where}: key ${k}`);
			for (const v of node.e ?? []) assert.ok(String(v).length < 200, `${where}: long enum`);
			if (typeof node.d === 'string')
				assert.ok(node.d.length < 200, `${where}: long default`);
			// A deprecation names its successor (a sibling field), never upstream prose.
			if (typeof node.dep === 'string') assert.match(node.dep, /^[A-Za-z_]\w*$/, where);
			for (const [k, c] of Object.entries(node.p ?? {})) check(c, `${where}.${k}`);
			if (node.i) check(node.i, `${where}[]`);
			if (node.a) check(node.a, `${where}.*`);
		};
		for (const g of groupFiles()) {
			assert.ok(g.mesh, `${g.group} has a mesh`);
			for (const [kind, k] of Object.entries(g.kinds)) {
				for (const [v, node] of Object.entries(k.versions)) {
					if (typeof node === 'string') assert.ok(k.versions[node], `${kind} ${v} alias`);
					else check(node, `${g.group}/${v} ${kind}`);
				}
			}
		}
	});

	it('matches the upstream CRDs: no field missing upstream, and reports coverage', (t) => {
		if (!existsSync(SHARED)) {
			t.skip('../shared/crds not present');
			return;
		}
		const upstream = readUpstream();
		let present = 0;
		let total = 0;
		const invented: string[] = [];
		for (const g of groupFiles()) {
			let gPresent = 0;
			let gTotal = 0;
			for (const [kind, k] of Object.entries(g.kinds)) {
				for (const version of Object.keys(k.versions)) {
					const key = `${g.group}/${g.group === 'cilium.io' ? kind.toLowerCase() : kind}/${version}`;
					const up = upstream.get(key);
					assert.ok(up, `${key} exists upstream`);
					const node = versionNode(g, kind, version);
					assert.ok(node, key);
					const ours = catalogPaths(node);
					for (const p of ours) if (!up.has(p)) invented.push(`${key}: ${p}`);
					for (const p of up) {
						gTotal++;
						if (ours.has(p)) gPresent++;
					}
				}
			}
			present += gPresent;
			total += gTotal;
			t.diagnostic(`${g.group}: ${gPresent}/${gTotal} upstream fields present`);
		}
		assert.deepEqual(invented.slice(0, 20), []);
		// The other way round: every served kind and version upstream is in the catalog (Kuma main and
		// release-v2.14.3, both Gateway API channels, Consul, App Mesh, Cilium's JSON Schemas).
		const ours = new Set<string>();
		for (const g of groupFiles()) {
			for (const [kind, k] of Object.entries(g.kinds)) {
				for (const v of Object.keys(k.versions))
					ours.add(
						`${g.group}/${g.group === 'cilium.io' ? kind.toLowerCase() : kind}/${v}`,
					);
			}
		}
		const missing = [...upstream.keys()].filter((key) => !ours.has(key));
		assert.deepEqual(missing, [], 'upstream kinds missing from the catalog');
		t.diagnostic(`kinds and versions: ${ours.size} in the catalog, ${upstream.size} upstream`);
		t.diagnostic(`all groups: ${present}/${total} upstream fields present`);
		assert.ok(present / total > 0.99);
	});

	it('is exactly what import-crds makes from ../shared/crds', (t) => {
		if (!existsSync(SHARED)) {
			t.skip('../shared/crds not present');
			return;
		}
		const out = mkdtempSync(join(tmpdir(), 'meshlens-crds-'));
		try {
			const r = spawnSync(
				process.execPath,
				['scripts/import-crds.mjs', '--out', out, ...importInputs()],
				{ encoding: 'utf8' },
			);
			assert.equal(r.status, 0, r.stderr);
			const made = readdirSync(out).sort();
			assert.deepEqual(made, readdirSync(SCHEMA_DIR).sort());
			for (const f of made) {
				assert.equal(
					readFileSync(join(out, f), 'utf8'),
					readFileSync(join(SCHEMA_DIR, f), 'utf8'),
					`${f} is stale: run npm run import-crds`,
				);
			}
		} finally {
			rmSync(out, { recursive: true, force: true });
		}
	});

	const FULLY_DESCRIBED = [
		'networking.istio.io',
		'security.istio.io',
		'telemetry.istio.io',
		'extensions.istio.io',
		'linkerd.io',
		'policy.linkerd.io',
		'workload.linkerd.io',
		'gateway.networking.k8s.io',
		'gateway.networking.x-k8s.io',
		'kuma.io',
		'consul.hashicorp.com',
		'auth.consul.hashicorp.com',
		'appmesh.k8s.aws',
	];
	/** Groups of which only some kinds are promised (`group` → kinds), e.g. Cilium's mesh kinds. */
	const FULLY_DESCRIBED_KINDS: Record<string, readonly string[]> = {
		'cilium.io': [
			'CiliumNetworkPolicy',
			'CiliumClusterwideNetworkPolicy',
			'CiliumEnvoyConfig',
			'CiliumClusterwideEnvoyConfig',
		],
	};

	it('reports how many fields our docs describe', async (t) => {
		const cat = catalog();
		let described = 0;
		let total = 0;
		const allUnknown: string[] = [];
		const incomplete = new Map<string, string>();
		for (const g of groupFiles()) {
			const docs = await cat.groupDocs(g.group);
			if (!docs) continue;
			let gDescribed = 0;
			let gTotal = 0;
			const unknown: string[] = [];
			for (const kind of Object.keys(g.kinds)) {
				const kd = docs.kinds[kind];
				const paths = new Set<string>();
				for (const v of Object.keys(g.kinds[kind]?.versions ?? {})) {
					let node = versionNode(g, kind, v);
					if (node && kd) {
						// Documented fields of free-form parts (topFields) count as fields.
						const stubbed = applyTopFields(node, kd.topFields);
						for (const r of stubbed.rejected) unknown.push(`${kind} topFields ${r}`);
						node = stubbed.root;
					}
					if (node) for (const p of catalogPaths(node)) paths.add(p);
				}
				let kDescribed = 0;
				for (const p of paths) {
					gTotal++;
					if (kd && lookupPath(kd.fields, p)) kDescribed++;
				}
				gDescribed += kDescribed;
				if (kDescribed < paths.size)
					incomplete.set(`${g.group} ${kind}`, `${kDescribed}/${paths.size}`);
				for (const p of Object.keys(kd?.fields ?? {})) {
					if (!p.startsWith('**.') && !paths.has(p)) unknown.push(`${kind} ${p}`);
				}
			}
			described += gDescribed;
			total += gTotal;
			allUnknown.push(...unknown.map((u) => `${g.group} ${u}`));
			if (gDescribed < gTotal) incomplete.set(g.group, `${gDescribed}/${gTotal}`);
			t.diagnostic(`${g.group}: ${gDescribed}/${gTotal} fields described`);
			if (unknown.length) {
				t.diagnostic(
					`${g.group}: ${unknown.length} described paths not in the schema, e.g. ${unknown.slice(0, 3).join('; ')}`,
				);
			}
		}
		t.diagnostic(`described groups: ${described}/${total} fields described`);
		assert.ok(total > 0);
		// Every docs key names a real field, and the groups the product promises are fully described.
		assert.deepEqual(allUnknown, [], 'described paths that are not in the schema');
		for (const group of FULLY_DESCRIBED) {
			assert.equal(incomplete.get(group), undefined, `${group} has undescribed fields`);
		}
		for (const [group, kinds] of Object.entries(FULLY_DESCRIBED_KINDS)) {
			for (const kind of kinds) {
				const k = `${group} ${kind}`;
				assert.equal(incomplete.get(k), undefined, `${k} has undescribed fields`);
			}
		}
	});
});

describe('catalog lookups', () => {
	it('resolves paths with items and map values', () => {
		const root: SchemaNode = {
			t: 'object',
			p: {
				spec: {
					t: 'object',
					r: ['hosts'],
					o: [['a', 'b']],
					p: {
						hosts: { t: 'array', i: { t: 'string' } },
						labels: { t: 'object', a: { t: 'string' } },
						a: { t: 'string' },
						b: { t: 'string' },
					},
				},
			},
		};
		assert.equal(resolvePath(root, ['spec', 'hosts'])?.required, true);
		assert.equal(resolvePath(root, ['spec', 'hosts', '[]'])?.schemaPath, 'spec.hosts[]');
		assert.equal(resolvePath(root, ['spec', 'labels', 'app'])?.schemaPath, 'spec.labels.*');
		assert.deepEqual(resolvePath(root, ['spec', 'a'])?.oneOf, ['b']);
		assert.equal(resolvePath(root, ['spec', 'nope']), undefined);
		assert.equal(resolvePath(root, ['spec', 'hosts', 'x']), undefined);
	});
	it('prefers exact keys, then the longest suffix rule', () => {
		const map = {
			'spec.a.timeout': 'exact',
			'**.timeout': 'short',
			'**.b.timeout': 'long',
		};
		assert.equal(lookupPath(map, 'spec.a.timeout'), 'exact');
		assert.equal(lookupPath(map, 'spec.b.timeout'), 'long');
		assert.equal(lookupPath(map, 'spec.c.timeout'), 'short');
		assert.equal(lookupPath(map, 'spec.c.timeoutx'), undefined);
		const values = { 'spec.mode=A': 'exact A', '**.mode=A': 'any A', '**.x.mode=A': 'x A' };
		assert.equal(lookupValue(values, 'spec.mode', 'A'), 'exact A');
		assert.equal(lookupValue(values, 'spec.x.mode', 'A'), 'x A');
		assert.equal(lookupValue(values, 'spec.y.mode', 'A'), 'any A');
		assert.equal(lookupValue(values, 'spec.y.mode', 'B'), undefined);
	});
	it('reads docs leniently and rejects broken files', () => {
		assert.equal(parseDocs('kinds: [ {{'), undefined);
		assert.equal(parseDocs('- a'), undefined);
		const d = parseDocs(
			'group: g\nkinds:\n  K:\n    summary: S\n    fields:\n      spec.a: A\n      spec.b: [not, text]\n  Bad: 3\n',
		);
		assert.equal(d?.kinds.K?.summary, 'S');
		assert.deepEqual(d?.kinds.K?.fields, { 'spec.a': 'A' });
		assert.equal(d?.kinds.Bad, undefined);
	});
	it('loads groups lazily and survives a broken loader', async () => {
		const asked: string[] = [];
		const cat = new Catalog((path) => {
			asked.push(path);
			if (path.startsWith('docs/')) return Promise.reject(new Error('boom'));
			return Promise.resolve(readFileSync(join(CATALOG_DIR, path), 'utf8'));
		});
		assert.equal(await cat.hasGroup('networking.istio.io'), true);
		assert.deepEqual(asked, ['schemas/index.json']);
		const k = await cat.kind('networking.istio.io/v1', 'Gateway');
		assert.equal(k?.kind, 'Gateway');
		assert.equal(k?.docs, undefined);
		// The build's JSON copy of the docs first, then the YAML (absent from this loader).
		assert.deepEqual(asked.sort(), [
			'docs/networking.istio.io.json',
			'docs/networking.istio.io.yaml',
			'schemas/index.json',
			'schemas/networking.istio.io.json',
		]);
		const unknownVersion = await cat.kind('networking.istio.io/v9', 'Gateway');
		assert.equal(unknownVersion?.version, 'v1');
		assert.equal(await cat.kind('apps/v1', 'Deployment'), undefined);
		const empty = new Catalog(() => Promise.resolve('not json'));
		assert.deepEqual(await empty.kinds(), []);
	});
});
