// Checks the hand-written starter manifests in data/starters/<group>.yaml: one per manifest kind
// of the dataset, each a single valid document that matches the structural schema of its group.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import type { GroupSchema, KindSchema, SchemaNode } from '../../src/core';
import { groupOf, parseStarters } from '../../src/core';
import { loadBuiltin } from './helpers';

const DATA = join(process.cwd(), 'data');
const STARTER_DIR = join(DATA, 'starters');
const SCHEMA_DIR = join(DATA, 'catalog', 'schemas');

/** The longest a starter may be, its leading comment line included. */
const MAX_LINES = 25;

/**
 * Cluster-scoped kinds whose group has no `scope` in data/catalog/schemas (no schema, or an
 * importer that did not record it). Their starters carry no metadata.namespace.
 */
const CLUSTER_SCOPED = new Set([
	'cilium.io/CiliumBGPAdvertisement',
	'cilium.io/CiliumBGPClusterConfig',
	'cilium.io/CiliumBGPNodeConfig',
	'cilium.io/CiliumBGPNodeConfigOverride',
	'cilium.io/CiliumBGPPeerConfig',
	'cilium.io/CiliumBGPPeeringPolicy',
	'cilium.io/CiliumEndpointSlice',
	'cilium.io/CiliumExternalWorkload',
	'cilium.io/CiliumIdentity',
	'cilium.io/CiliumL2AnnouncementPolicy',
	'cilium.io/CiliumLoadBalancerIPPool',
	'cilium.io/CiliumNode',
	'cilium.io/CiliumPodIPPool',
	'cilium.io/CiliumCIDRGroup',
	'cilium.io/CiliumClusterwideEnvoyConfig',
	'cilium.io/CiliumClusterwideNetworkPolicy',
	'cilium.io/CiliumEgressGatewayPolicy',
	'linkerd.buoyant.io/ControlPlane',
	'sailoperator.io/Istio',
	'sailoperator.io/IstioCNI',
	'sailoperator.io/IstioRevision',
	'sailoperator.io/IstioRevisionTag',
	'sailoperator.io/ZTunnel',
]);

/** The metadata fields a starter may set. */
const METADATA_KEYS = new Set(['name', 'namespace', 'labels', 'annotations']);

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

// ---------------------------------------------------------------------------------------------
// Kubernetes version order: GA > beta > alpha, then the higher major, then the higher minor.

function versionRank(version: string): [number, number, number] {
	const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
	if (!m) return [-1, 0, 0];
	const stability = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
	return [stability, Number(m[1]), Number(m[3] ?? 0)];
}

/** Positive when version a is newer than b. */
function compareVersions(a: string, b: string): number {
	const ra = versionRank(a);
	const rb = versionRank(b);
	for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] ?? 0) - (rb[i] ?? 0);
	return 0;
}

function versionOf(apiVersion: string): string {
	return apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
}

// ---------------------------------------------------------------------------------------------
// The manifest kinds of the dataset: group → kind → the apiVersions meshes list for it.

function manifestKinds(): Map<string, Map<string, Set<string>>> {
	const out = new Map<string, Map<string, Set<string>>>();
	// The dataset as the product loads it: kinds from the catalog plus the hand-listed ones.
	for (const mesh of loadBuiltin().dataset.meshes) {
		for (const { apiVersion, kind } of mesh.manifestKinds) {
			const group = groupOf(apiVersion);
			let kinds = out.get(group);
			if (!kinds) out.set(group, (kinds = new Map<string, Set<string>>()));
			let versions = kinds.get(kind);
			if (!versions) kinds.set(kind, (versions = new Set<string>()));
			versions.add(apiVersion);
		}
	}
	return out;
}

/** The apiVersion a starter must use: the newest one any mesh lists for the kind. */
function newestApiVersion(apiVersions: Set<string>): string {
	return [...apiVersions].sort((a, b) => compareVersions(versionOf(b), versionOf(a)))[0] ?? '';
}

function loadSchema(group: string): GroupSchema | undefined {
	const file = join(SCHEMA_DIR, `${group}.json`);
	return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as GroupSchema) : undefined;
}

/** The schema node of one served version, following aliases to the version that holds it. */
function versionNode(kind: KindSchema, version: string): SchemaNode | undefined {
	let entry = kind.versions[version];
	for (let hops = 0; typeof entry === 'string' && hops < 10; hops++) entry = kind.versions[entry];
	return typeof entry === 'object' ? entry : undefined;
}

// ---------------------------------------------------------------------------------------------
// A small structural validator for SchemaNode (see src/core/catalog/types.ts).

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringMap(value: unknown): boolean {
	return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (isObject(value)) return 'an object';
	return `${typeof value} ${JSON.stringify(value)}`;
}

function typeMatches(type: string, value: unknown): boolean {
	switch (type) {
		case 'any':
			return value !== null;
		case 'object':
			return isObject(value);
		case 'array':
			return Array.isArray(value);
		case 'string':
			return typeof value === 'string';
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value);
		case 'number':
			return typeof value === 'number';
		case 'boolean':
			return typeof value === 'boolean';
		case 'int-or-string':
			return (
				typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))
			);
		default:
			return false;
	}
}

/**
 * Validates a value against a schema node and appends `path: reason` for every problem:
 * missing required properties, unknown properties, wrong scalar types, enum values that are not
 * allowed, non-arrays where arrays are expected and more than one member of a one-of group.
 */
function validateNode(
	node: SchemaNode,
	value: unknown,
	path: string,
	errors: string[],
	extraKeys: readonly string[] = [],
): void {
	if (node.t === 'any') {
		if (value === null) errors.push(`${path}: null value`);
		return;
	}
	if (!typeMatches(node.t, value)) {
		errors.push(`${path}: expected ${node.t}, got ${describeValue(value)}`);
		return;
	}
	if (node.e && !node.e.some((allowed) => allowed === value)) {
		errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(node.e)}`);
	}
	if (node.t === 'array' && Array.isArray(value)) {
		if (node.i)
			value.forEach((item, n) => validateNode(node.i!, item, `${path}[${n}]`, errors));
		return;
	}
	if (node.t !== 'object' || !isObject(value)) return;
	for (const required of node.r ?? []) {
		if (value[required] === undefined) errors.push(`${path}: missing required '${required}'`);
	}
	for (const group of node.o ?? []) {
		const set = group.filter((key) => value[key] !== undefined);
		if (set.length > 1)
			errors.push(`${path}: at most one of ${group.join(', ')}; got ${set.join(', ')}`);
	}
	// An object node without properties, map values or free-form marker constrains nothing.
	const closed = node.p !== undefined || node.a !== undefined;
	for (const [key, child] of Object.entries(value)) {
		const childPath = path ? `${path}.${key}` : key;
		const known = node.p?.[key];
		if (known) validateNode(known, child, childPath, errors);
		else if (node.a) validateNode(node.a, child, childPath, errors);
		else if (closed && !node.x && !extraKeys.includes(key)) {
			errors.push(`${childPath}: unknown property`);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// The checks.

interface Starter {
	readonly group: string;
	readonly kind: string;
	readonly text: string;
}

function readStarterFiles(): { starters: Starter[]; problems: string[] } {
	const starters: Starter[] = [];
	const problems: string[] = [];
	if (!existsSync(STARTER_DIR)) return { starters, problems: ['data/starters/ is missing'] };
	for (const file of readdirSync(STARTER_DIR).filter((f) => f.endsWith('.yaml'))) {
		const text = readFileSync(join(STARTER_DIR, file), 'utf8');
		const group = file.slice(0, -'.yaml'.length);
		const data = parse(text) as { group?: unknown; starters?: unknown } | null;
		if (data?.group !== group) problems.push(`${file}: 'group' must be ${group}`);
		const parsed = parseStarters(text);
		const raw = isObject(data?.starters) ? Object.keys(data.starters) : [];
		for (const kind of raw) {
			if (!parsed.has(kind)) problems.push(`${file}: ${kind}: not a non-empty block string`);
		}
		for (const [kind, body] of parsed) starters.push({ group, kind, text: body });
	}
	return { starters, problems };
}

/** Everything wrong with one starter, schema aside. */
function checkStarter(starter: Starter, wantApiVersion: string | undefined): string[] {
	const where = `${starter.group}/${starter.kind}`;
	const problems: string[] = [];
	const lines = starter.text.trimEnd().split('\n');
	if (lines.length > MAX_LINES)
		problems.push(`${where}: ${lines.length} lines (max ${MAX_LINES})`);
	if (!/^# \S/.test(lines[0] ?? '')) problems.push(`${where}: first line must be a '# ' comment`);
	if (lines.slice(1).some((line) => line.startsWith('#'))) {
		problems.push(`${where}: only the first line may be a top-level comment`);
	}
	const docs = parseAllDocuments(starter.text);
	if (!Array.isArray(docs) || docs.length !== 1) {
		problems.push(`${where}: must be exactly one YAML document`);
		return problems;
	}
	const doc = docs[0]!;
	for (const error of doc.errors) problems.push(`${where}: YAML error: ${error.message}`);
	if (doc.errors.length > 0) return problems;
	const value: unknown = doc.toJS();
	if (!isObject(value)) return [...problems, `${where}: the document is not a mapping`];
	if (value.kind !== starter.kind) problems.push(`${where}: kind is ${String(value.kind)}`);
	if (typeof value.apiVersion !== 'string' || groupOf(value.apiVersion) !== starter.group) {
		problems.push(
			`${where}: apiVersion ${String(value.apiVersion)} is not in ${starter.group}`,
		);
	} else if (wantApiVersion && value.apiVersion !== wantApiVersion) {
		problems.push(
			`${where}: apiVersion ${value.apiVersion}, the dataset lists ${wantApiVersion}`,
		);
	}
	const meta = value.metadata;
	if (!isObject(meta)) return [...problems, `${where}: metadata is missing`];
	if (typeof meta.name !== 'string' || !DNS_SUBDOMAIN.test(meta.name)) {
		problems.push(`${where}: metadata.name ${JSON.stringify(meta.name)} is not a valid name`);
	}
	const clusterScoped =
		loadSchema(starter.group)?.kinds[starter.kind]?.scope === 'Cluster' ||
		CLUSTER_SCOPED.has(`${starter.group}/${starter.kind}`);
	if (clusterScoped && meta.namespace !== undefined) {
		problems.push(`${where}: metadata.namespace set on a cluster-scoped kind`);
	}
	if (!clusterScoped && (typeof meta.namespace !== 'string' || !DNS_LABEL.test(meta.namespace))) {
		problems.push(
			`${where}: metadata.namespace ${JSON.stringify(meta.namespace)} is not valid`,
		);
	}
	for (const [key, field] of Object.entries(meta)) {
		if (!METADATA_KEYS.has(key)) problems.push(`${where}: metadata.${key} is not expected`);
		if ((key === 'labels' || key === 'annotations') && !isStringMap(field)) {
			problems.push(`${where}: metadata.${key} must map strings to strings`);
		}
	}
	if ('status' in value) problems.push(`${where}: a starter must not set status`);
	return problems;
}

/** Schema problems of one starter; the group has a schema file. */
function checkSchema(starter: Starter, schema: GroupSchema): string[] {
	const where = `${starter.group}/${starter.kind}`;
	const value = parse(starter.text) as Record<string, unknown>;
	const kind = schema.kinds[starter.kind];
	if (!kind) return [`${where}: the ${starter.group} schema has no kind ${starter.kind}`];
	const version = versionOf(String(value.apiVersion));
	const node = versionNode(kind, version);
	if (!node) return [`${where}: the schema does not serve version ${version}`];
	const errors: string[] = [];
	if (node.p?.spec !== undefined || !('spec' in value)) {
		// The node describes the resource root (spec, and mesh for Kuma's legacy kinds).
		validateNode(node, value, '', errors, ['apiVersion', 'kind', 'metadata']);
	} else {
		validateNode(node, value.spec, 'spec', errors);
	}
	return errors.map((error) => `${where}: ${error}`);
}

/** Fails with every problem on its own line, so a run names each failing starter and why. */
function report(problems: readonly string[]): void {
	if (problems.length > 0)
		assert.fail(`${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
}

const kinds = manifestKinds();
const { starters, problems: fileProblems } = readStarterFiles();

describe('starter manifests (data/starters)', () => {
	it('has a well-formed file per group', () => {
		report(fileProblems);
	});

	it('has a starter for every manifest kind of every mesh, at the newest listed version', () => {
		const missing: string[] = [];
		for (const [group, groupKinds] of kinds) {
			for (const [kind, apiVersions] of groupKinds) {
				const starter = starters.find((s) => s.group === group && s.kind === kind);
				if (!starter) {
					missing.push(`${[...apiVersions].join(', ')} ${kind}: no starter`);
					continue;
				}
				const apiVersion = newestApiVersion(apiVersions);
				const listed = /^apiVersion:\s*(\S+)\s*$/m.exec(starter.text)?.[1];
				if (listed !== apiVersion)
					missing.push(`${group}/${kind}: uses ${listed}, want ${apiVersion}`);
			}
		}
		report(missing);
	});

	it('has no starter for a kind that no mesh lists', () => {
		const orphans = starters
			.filter((s) => !kinds.get(s.group)?.has(s.kind))
			.map((s) => `${s.group}/${s.kind}`);
		report(orphans);
	});

	it('parses each starter as one document with its kind, apiVersion and metadata', () => {
		const problems = starters.flatMap((starter) => {
			const listed = kinds.get(starter.group)?.get(starter.kind);
			return checkStarter(starter, listed ? newestApiVersion(listed) : undefined);
		});
		report(problems);
	});

	const groups = [...new Set(starters.map((s) => s.group))].sort();
	for (const group of groups) {
		const schema = loadSchema(group);
		if (!schema) continue;
		it(`validates the ${group} starters against data/catalog/schemas/${group}.json`, () => {
			const problems = starters
				.filter((s) => s.group === group && checkStarter(s, undefined).length === 0)
				.flatMap((s) => checkSchema(s, schema));
			report(problems);
		});
	}
});

describe('starter schema validator', () => {
	const node: SchemaNode = {
		t: 'object',
		r: ['host'],
		o: [['exact', 'prefix']],
		p: {
			host: { t: 'string' },
			port: { t: 'int-or-string' },
			weight: { t: 'integer' },
			mode: { t: 'string', e: ['STRICT', 'PERMISSIVE'] },
			exact: { t: 'string' },
			prefix: { t: 'string' },
			hosts: { t: 'array', i: { t: 'string' } },
			labels: { t: 'object', a: { t: 'string' } },
			config: { t: 'object', x: 1 },
			value: { t: 'any' },
		},
	};

	function errorsOf(value: unknown): string[] {
		const errors: string[] = [];
		validateNode(node, value, 'spec', errors);
		return errors;
	}

	it('accepts a valid value', () => {
		assert.deepEqual(
			errorsOf({
				host: 'reviews',
				port: 'http',
				weight: 90,
				mode: 'STRICT',
				exact: '/',
				hosts: ['a'],
				labels: { app: 'web' },
				config: { anything: [1] },
				value: 3,
			}),
			[],
		);
		assert.deepEqual(errorsOf({ host: 'reviews', port: 8080 }), []);
	});

	it('reports every kind of problem with its path', () => {
		assert.deepEqual(
			errorsOf({
				weight: '90',
				mode: 'LAX',
				exact: '/',
				prefix: '/a',
				hosts: 'a',
				labels: { app: 1 },
				typo: true,
			}),
			[
				"spec: missing required 'host'",
				'spec: at most one of exact, prefix; got exact, prefix',
				'spec.weight: expected integer, got string "90"',
				'spec.mode: "LAX" is not one of ["STRICT","PERMISSIVE"]',
				'spec.hosts: expected array, got string "a"',
				'spec.labels.app: expected string, got number 1',
				'spec.typo: unknown property',
			],
		);
	});

	it('orders Kubernetes versions', () => {
		assert.ok(compareVersions('v1', 'v1beta1') > 0);
		assert.ok(compareVersions('v1alpha4', 'v1alpha3') > 0);
		assert.ok(compareVersions('v1beta1', 'v2alpha1') > 0);
		assert.equal(
			newestApiVersion(new Set(['a.io/v1alpha2', 'a.io/v1alpha3'])),
			'a.io/v1alpha3',
		);
	});
});
