import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIssue, loadDataset } from '../../src/core';
import { FEATURES_YAML, builtinFiles, loadBuiltin, meshYaml, smallDataset } from './helpers';

describe('shipped dataset', () => {
	const { dataset, issues } = loadBuiltin();

	it('loads without a single issue', () => {
		assert.deepEqual(issues.map(formatIssue), []);
	});

	it('has every seed mesh', () => {
		const ids = dataset.meshes.map((m) => m.id);
		for (const id of [
			'istio',
			'istio-ambient',
			'linkerd',
			'consul',
			'kuma',
			'traefik-mesh',
			'open-service-mesh',
			'gloo-mesh',
			'app-mesh',
			'openshift-service-mesh',
			'tanzu-service-mesh',
			'cloud-service-mesh',
			'buoyant-enterprise-linkerd',
			'cilium',
			'kong-mesh',
			'nginx-service-mesh',
		]) {
			assert.ok(ids.includes(id), `missing mesh ${id}`);
		}
	});

	it('has a cell for every mesh × feature, each with sources and asOf', () => {
		for (const mesh of dataset.meshes) {
			for (const feature of dataset.features) {
				const cell = mesh.cells[feature.id];
				assert.ok(cell, `${mesh.id} has no cell for ${feature.id}`);
				assert.ok(cell.sources.length > 0, `${mesh.id}.${feature.id} has no source`);
				assert.match(cell.asOf, /^\d{4}-\d{2}-\d{2}$/);
				if (cell.support === 'unknown')
					assert.ok(cell.note, `${mesh.id}.${feature.id} unknown without note`);
			}
		}
	});

	it('takes manifest kinds from the catalog; distributions list the kinds of their base mesh', () => {
		const kinds = (id: string) =>
			(dataset.meshes.find((m) => m.id === id)?.manifestKinds ?? []).map(
				(k) => `${k.apiVersion} ${k.kind}`,
			);
		const index = JSON.parse(builtinFiles().catalogIndex.text) as {
			groups: Record<string, { mesh: string; kinds: Record<string, string[]> }>;
		};
		// Every catalog kind is listed by the mesh that defines it.
		for (const [group, g] of Object.entries(index.groups)) {
			if (g.mesh === 'gateway-api') continue;
			for (const kind of Object.keys(g.kinds)) {
				assert.ok(
					kinds(g.mesh).some((k) => k.startsWith(`${group}/`) && k.endsWith(` ${kind}`)),
					`${g.mesh} lists ${group} ${kind}`,
				);
			}
		}
		const bases: Record<string, string> = {
			'openshift-service-mesh': 'istio',
			'cloud-service-mesh': 'istio',
			'tanzu-service-mesh': 'istio',
			'gloo-mesh': 'istio',
			'istio-ambient': 'istio',
			'buoyant-enterprise-linkerd': 'linkerd',
			'kong-mesh': 'kuma',
		};
		for (const [mesh, base] of Object.entries(bases)) {
			for (const k of kinds(base)) assert.ok(kinds(mesh).includes(k), `${mesh} lists ${k}`);
		}
		assert.ok(kinds('openshift-service-mesh').includes('sailoperator.io/v1 Istio'));
		assert.ok(
			kinds('buoyant-enterprise-linkerd').includes(
				'linkerd.buoyant.io/v1alpha1 ControlPlane',
			),
		);
		// No data file keeps a hand list of kinds the catalog already has.
		for (const f of builtinFiles().meshes) {
			for (const m of f.text.matchAll(/apiVersion: ([\w.-]+)\//g)) {
				assert.ok(!index.groups[m[1] ?? ''], `${f.path} hand-lists ${m[1]} kinds`);
			}
		}
	});

	it('has unique ids and file names that match them', () => {
		const files = builtinFiles().meshes.map((f) =>
			f.path.replace(/^data\/meshes\/|\.yaml$/g, ''),
		);
		const ids = dataset.meshes.map((m) => m.id);
		assert.equal(new Set(ids).size, ids.length);
		assert.deepEqual([...ids].sort(), [...files].sort());
		const featureIds = dataset.features.map((f) => f.id);
		assert.equal(new Set(featureIds).size, featureIds.length);
	});

	it('covers the dimensions the issue asks for', () => {
		const ids = new Set(dataset.features.map((f) => f.id));
		for (const f of [
			'current-version',
			'creators',
			'service-proxy',
			'ingress',
			'load-balancing',
			'traffic-split',
			'circuit-breaking',
			'retries',
			'timeouts',
			'fault-injection',
			'delay-injection',
			'monitoring',
			'mtls',
			'external-ca',
			'getting-started',
			'production-ready',
			'key-features',
			'limitations',
			'protocol-tcp',
			'protocol-http1',
			'protocol-http2',
			'protocol-grpc',
			'sidecar-modes',
			'cni-redirection',
			'platform-support',
			'multi-cluster',
			'governance',
			'license',
			'lifecycle',
			'gateway-api',
			'sidecarless',
			'rate-limiting',
			'egress-control',
			'authorization-policy',
			'mtls-default',
			'mtls-permissive',
			'multi-tenancy',
			'vm-workloads',
			'extensibility',
			'fips',
			'tracing',
			'dashboards',
		]) {
			assert.ok(ids.has(f), `missing feature ${f}`);
		}
	});

	it('marks retired meshes with a date, and ambient as a mode of Istio', () => {
		const byId = new Map(dataset.meshes.map((m) => [m.id, m]));
		assert.equal(byId.get('app-mesh')?.lifecycle.status, 'end-of-life');
		assert.equal(byId.get('app-mesh')?.lifecycle.date, '2026-09-30');
		assert.equal(byId.get('open-service-mesh')?.lifecycle.status, 'archived');
		assert.equal(byId.get('istio-ambient')?.variantOf, 'istio');
		assert.equal(byId.get('istio-ambient')?.mode, 'ambient');
		for (const m of dataset.meshes) {
			if (m.lifecycle.status !== 'active' && m.lifecycle.status !== 'unknown')
				assert.ok(m.lifecycle.date, `${m.id} lifecycle date`);
		}
	});
});

describe('loadDataset', () => {
	it('loads a valid small dataset', () => {
		const { dataset, issues } = smallDataset();
		assert.deepEqual(issues, []);
		assert.equal(dataset.meshes.length, 3);
		assert.equal(dataset.asOf, '2026-11-03');
	});

	it('reports broken YAML with file and line, and keeps the other meshes', () => {
		const { dataset, issues } = loadDataset({
			features: { path: 'features.yaml', text: FEATURES_YAML },
			meshes: [
				{ path: 'good.yaml', text: meshYaml('good', { retries: ['full', 'Yes'] }) },
				{ path: 'bad.yaml', text: 'id: bad\nname: [unclosed\n' },
			],
		});
		assert.deepEqual(
			dataset.meshes.map((m) => m.id),
			['good'],
		);
		assert.equal(issues[0]?.file, 'bad.yaml');
		assert.ok(issues[0]?.line, 'a YAML error carries a line');
		assert.match(issues[0]?.message ?? '', /^YAML:/);
	});

	it('gives the exact path of a bad cell and drops only that cell', () => {
		const text = meshYaml('m', { retries: ['full', 'Yes'], timeouts: ['sometimes', 'Maybe'] });
		const { dataset, issues } = loadDataset({
			features: { path: 'f.yaml', text: FEATURES_YAML },
			meshes: [{ path: 'm.yaml', text }],
		});
		assert.equal(issues.length, 1);
		assert.equal(issues[0]?.file, 'm.yaml');
		assert.equal(issues[0]?.path, 'cells.timeouts.support');
		assert.ok(dataset.meshes[0]?.cells.retries);
		assert.equal(dataset.meshes[0]?.cells.timeouts, undefined);
	});

	it('rejects cells without sources, bad URLs, bad dates and unknown without a note', () => {
		const text = `${meshYaml('m', {})}  retries:
    support: full
    value: Yes
    sources: []
    asOf: 2026-11-01
  timeouts:
    support: full
    value: Yes
    sources: [ftp://example.com/x]
    asOf: 2026-13-45
  mtls:
    support: unknown
    value: "?"
    sources: [https://example.com]
    asOf: 2026-11-01
`;
		const { issues } = loadDataset({
			features: { path: 'f.yaml', text: FEATURES_YAML },
			meshes: [{ path: 'm.yaml', text: text.replace('cells:\n\n', 'cells:\n') }],
		});
		const paths = issues.map((i) => i.path);
		assert.ok(paths.includes('cells.retries.sources'), paths.join());
		assert.ok(paths.includes('cells.timeouts.sources.0'), paths.join());
		assert.ok(paths.includes('cells.timeouts.asOf'), paths.join());
		assert.ok(paths.includes('cells.mtls.note'), paths.join());
	});

	it('reports unknown features, duplicate ids, bad references and missing facts', () => {
		const { dataset, issues } = loadDataset({
			features: { path: 'f.yaml', text: FEATURES_YAML },
			meshes: [
				{
					path: 'a.yaml',
					text: meshYaml('a', { nope: ['full', 'x'] }, 'variantOf: ghost'),
				},
				{ path: 'a2.yaml', text: meshYaml('a', {}) },
				{ path: 'c.yaml', text: 'id: c\nname: C\n' },
			],
		});
		const lines = issues.map(formatIssue);
		assert.ok(
			lines.some((l) => l.startsWith('a.yaml cells.nope: unknown feature')),
			lines.join('\n'),
		);
		assert.ok(
			lines.some((l) => l.startsWith("a2.yaml id: duplicate mesh id 'a'")),
			lines.join('\n'),
		);
		assert.ok(
			lines.some((l) => l.includes("variantOf: refers to unknown mesh 'ghost'")),
			lines.join('\n'),
		);
		assert.ok(
			lines.some((l) => l.startsWith('c.yaml vendor:')),
			lines.join('\n'),
		);
		assert.equal(dataset.meshes.length, 1);
	});

	it('survives a corrupt features file, an alias bomb and a huge file', () => {
		const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`;
		const { dataset, issues } = loadDataset({
			features: { path: 'f.yaml', text: '\u0000\u0001 not: [yaml' },
			meshes: [
				{ path: 'bomb.yaml', text: bomb },
				{ path: 'huge.yaml', text: 'x'.repeat(3_000_000) },
			],
		});
		assert.equal(dataset.features.length, 0);
		assert.equal(dataset.meshes.length, 0);
		assert.ok(issues.some((i) => i.file === 'f.yaml'));
		assert.ok(issues.some((i) => i.file === 'bomb.yaml'));
		assert.ok(issues.some((i) => i.file === 'huge.yaml' && /too large/.test(i.message)));
	});

	it('applies workspace overrides and additions', () => {
		const base = smallDataset();
		assert.deepEqual(base.issues, []);
		const { dataset, issues } = loadDataset({
			features: { path: 'features.yaml', text: FEATURES_YAML },
			meshes: [
				{ path: 'a.yaml', text: meshYaml('alpha', { retries: ['full', 'Per route'] }) },
			],
			extras: [
				{
					path: 'ours.yaml',
					text: `override: alpha
vendor: Our platform team
cells:
  retries:
    support: enterprise
    value: Only in our paid build
    sources: [https://intranet.example.com/alpha]
    asOf: 2026-11-20
`,
				},
				{ path: 'new.yaml', text: meshYaml('delta', { mtls: ['full', 'Yes'] }) },
				{ path: 'ghost.yaml', text: 'override: ghost\n' },
			],
		});
		const alpha = dataset.meshes.find((m) => m.id === 'alpha');
		assert.equal(alpha?.vendor, 'Our platform team');
		assert.equal(alpha?.cells.retries?.support, 'enterprise');
		assert.equal(alpha?.name, 'ALPHA');
		assert.ok(dataset.meshes.some((m) => m.id === 'delta'));
		assert.deepEqual(issues.map(formatIssue), ["ghost.yaml override: no mesh with id 'ghost'"]);
	});
});
