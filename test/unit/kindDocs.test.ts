import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
	applyTopFields,
	Catalog,
	completeAt,
	hoverAt,
	parseDocs,
	parseManifest,
	stubNode,
	type SchemaNode,
} from '../../src/core';

/** The repository's schemas with docs files given here, so the test fixes the words it reads. */
function catalogWith(docs: Record<string, string>): Catalog {
	return new Catalog((path) => {
		if (path.startsWith('docs/')) return Promise.resolve(docs[path.slice(5, -5)]);
		return Promise.resolve(readFileSync(join(process.cwd(), 'data', 'catalog', path), 'utf8'));
	});
}

const KUMA_DOCS = `group: kuma.io
mesh: kuma
kinds:
  TrafficPermission:
    summary: Allows traffic between services.
    release: Kuma 2.x (up to 2.14.3); removed on main
    replacedBy: [MeshTrafficPermission]
    topFields:
      spec.sources: object[]
      spec.sources[].match: map[string]string
      spec.destinations: object[]
    fields:
      mesh: The mesh this policy belongs to.
      spec.sources: Who may call.
      spec.sources[].match: Tags that select the callers.
  Mesh:
    summary: One service mesh.
    topFields:
      spec.mtls: object
      spec.mtls.enabledBackend: string
      spec.networking: object
      spec.mesh: string
    fields:
      spec.mtls: Mutual TLS settings.
`;

const APPMESH_DOCS = `group: appmesh.k8s.aws
mesh: app-mesh
discontinued:
  date: 2026-09-30
  successors: [Amazon ECS Service Connect, Amazon VPC Lattice]
  note: AWS ended the service.
kinds:
  VirtualNode:
    summary: A workload behind App Mesh.
`;

async function hover(cat: Catalog, marked: string) {
	const offset = marked.indexOf('|');
	const text = marked.slice(0, offset) + marked.slice(offset + 1);
	return hoverAt(parseManifest(text), offset, cat, undefined);
}

describe('kind-level docs: release line, replacement, end of life, documented top fields', () => {
	it('parses release, replacedBy, discontinued (group default) and topFields', () => {
		const k = parseDocs(KUMA_DOCS);
		assert.equal(
			k?.kinds.TrafficPermission?.release,
			'Kuma 2.x (up to 2.14.3); removed on main',
		);
		assert.deepEqual(k?.kinds.TrafficPermission?.replacedBy, ['MeshTrafficPermission']);
		assert.equal(k?.kinds.TrafficPermission?.topFields['spec.sources'], 'object[]');
		assert.equal(k?.kinds.Mesh?.replacedBy, undefined);
		const a = parseDocs(APPMESH_DOCS);
		// A YAML date is read back as the date written.
		assert.deepEqual(a?.kinds.VirtualNode?.discontinued, {
			date: '2026-09-30',
			successors: ['Amazon ECS Service Connect', 'Amazon VPC Lattice'],
			note: 'AWS ended the service.',
		});
		assert.equal(
			parseDocs('kinds:\n  K:\n    discontinued: { successors: [x] }\n')?.kinds.K
				?.discontinued,
			undefined,
		);
	});
	it('shows the release line and the replacement of a legacy kind', async () => {
		const cat = catalogWith({ 'kuma.io': KUMA_DOCS });
		const doc =
			'apiVersion: kuma.io/v1alpha1\nkind: TrafficPermission\nmesh: default\nspec:\n  sources:\n  - match:\n      kuma.io/service: web\n';
		const k = await hover(cat, doc.replace('kind:', 'ki|nd:'));
		assert.match(
			k?.markdown ?? '',
			/Release line: Kuma 2\.x \(up to 2\.14\.3\); removed on main/,
		);
		assert.match(k?.markdown ?? '', /Replaced by: \*\*MeshTrafficPermission\*\*/);
		const f = await hover(cat, doc.replace('sources:', 'sour|ces:'));
		assert.equal(f?.path, 'spec.sources');
		assert.equal(f?.type, 'object (free-form)[]');
		assert.match(f?.markdown ?? '', /Who may call\./);
		assert.match(
			f?.markdown ?? '',
			/Legacy kind \(Kuma 2\.x.*replaced by \*\*MeshTrafficPermission\*\*/,
		);
		const m = await hover(cat, doc.replace('mesh: default', 'me|sh: default'));
		assert.match(m?.markdown ?? '', /The mesh this policy belongs to\./);
		const tag = await hover(cat, doc.replace('kuma.io/service', 'kuma|.io/service'));
		assert.equal(tag?.path, 'spec.sources[].match.*');
	});
	it('says an App Mesh kind is discontinued, with date and successors, on kind and field hovers', async () => {
		const cat = catalogWith({ 'appmesh.k8s.aws': APPMESH_DOCS });
		const doc =
			'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualNode\nspec:\n  listeners: []\n';
		const k = await hover(cat, doc.replace('kind:', 'ki|nd:'));
		assert.match(k?.markdown ?? '', /Discontinued on 2026-09-30/);
		assert.match(
			k?.markdown ?? '',
			/Successors: Amazon ECS Service Connect; Amazon VPC Lattice/,
		);
		assert.match(k?.markdown ?? '', /AWS ended the service\./);
		const f = await hover(cat, doc.replace('listeners', 'list|eners'));
		assert.match(
			f?.markdown ?? '',
			/VirtualNode is discontinued \(2026-09-30\); successors: Amazon ECS/,
		);
		// A kind the docs file does not list still gets the group's end-of-life notice.
		const vr = await hover(cat, 'apiVersion: appmesh.k8s.aws/v1beta2\nki|nd: VirtualRouter\n');
		assert.match(vr?.markdown ?? '', /Discontinued on 2026-09-30/);
	});
	it('completes the documented top fields of a kind whose CRD has no field schema', async () => {
		const cat = catalogWith({ 'kuma.io': KUMA_DOCS });
		const text =
			'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\nspec:\n  mtls:\n    enabledBackend: ca-1\n  ';
		const items = await completeAt(parseManifest(text), text.length, cat, undefined);
		const labels = items.map((i) => i.label);
		assert.ok(labels.includes('networking'), labels.join(','));
		assert.ok(!labels.includes('mtls'));
		// Keys we did not list are left alone: no hover, no error.
		const none = await hover(
			cat,
			'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nspec:\n  unlis|ted: 1\n',
		);
		assert.equal(none, undefined);
		const h = await hover(cat, text.replace('enabledBackend', 'enabled|Backend'));
		assert.equal(h?.path, 'spec.mtls.enabledBackend');
	});
	it('adds stubs only inside free-form parts and reports the rest', () => {
		const root: SchemaNode = {
			t: 'object',
			p: { spec: { t: 'object', p: { a: { t: 'string' } } }, free: { t: 'any', x: 1 } },
		};
		const r = applyTopFields(root, {
			'spec.b': 'string',
			'spec.a': 'integer',
			'free.list[].name': 'string',
			'free.n': 'nonsense',
		});
		assert.deepEqual(r.rejected.sort(), ['free.n', 'spec.a', 'spec.b']);
		const list = r.root.p?.free?.p?.list;
		assert.equal(list?.t, 'array');
		assert.equal(list?.i?.p?.name?.t, 'string');
		assert.equal(root.p?.free?.p, undefined, 'the shared schema is not changed');
		assert.deepEqual(stubNode('map[string]integer'), { t: 'object', a: { t: 'integer' } });
		assert.deepEqual(stubNode('string[]'), { t: 'array', i: { t: 'string' } });
	});
});

describe('the same feature in other meshes’ manifests', () => {
	const repo = () =>
		new Catalog((path) =>
			Promise.resolve(readFileSync(join(process.cwd(), 'data', 'catalog', path), 'utf8')),
		);
	it('shows the other meshes’ field paths for the feature of a hovered field', async () => {
		const vs =
			'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - retries:\n      attempts: 3\n      retryOn: 5xx\n';
		const h = await hover(repo(), vs.replace('retryOn', 'retr|yOn'));
		const text = h?.markdown ?? '';
		assert.match(text, /The same feature in other meshes' manifests/);
		// The path that ends in the same key comes first.
		assert.match(
			text,
			/- In Kuma: MeshRetry `spec\.to\[\]\.default\.grpc\.retryOn`, `spec\.to\[\]\.default\.http\.retryOn`/,
		);
		assert.match(text, /- In Kubernetes Gateway API: HTTPRoute `spec\.rules\[\]\.retry`/);
		assert.match(text, /- In Linkerd: ServiceProfile/);
		assert.doesNotMatch(text, /In Istio:/, 'the hovered mesh is not listed');
	});
	it('reads every docs file only when a hover needs the feature index', async () => {
		const asked: string[] = [];
		const cat = new Catalog((path) => {
			asked.push(path);
			return Promise.resolve(
				readFileSync(join(process.cwd(), 'data', 'catalog', path), 'utf8'),
			);
		});
		const vs =
			'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - retries:\n      attempts: 3\n';
		await hover(cat, vs.replace('hosts', 'ho|sts'));
		assert.ok(
			!asked.includes('docs/kuma.io.yaml'),
			'a field without a feature reads one group',
		);
		await hover(cat, vs.replace('attempts', 'att|empts'));
		assert.ok(asked.includes('docs/kuma.io.yaml'));
		const reads = asked.length;
		await hover(cat, vs.replace('attempts', 'atte|mpts'));
		assert.equal(asked.length, reads, 'the index is built once');
	});
	it('translates a Consul ServiceRouter retry field to the Kuma and Istio fields', async () => {
		const text = readFileSync(
			join(process.cwd(), 'samples', 'consul', 'service-router.yaml'),
			'utf8',
		);
		const offset = text.indexOf('numRetries') + 2;
		const h = await hoverAt(parseManifest(text), offset, repo(), undefined);
		assert.equal(h?.path, 'spec.routes[].destination.numRetries');
		assert.match(h?.markdown ?? '', /Most retries of a failed request/);
		const lines = (h?.markdown ?? '').split('\n').filter((l) => l.startsWith('- In '));
		// Kinds with a field of the same name come first.
		assert.match(
			lines[0] ?? '',
			/^- In Kuma: MeshRetry `spec\.to\[\]\.default\.grpc\.numRetries`, `spec\.to\[\]\.default\.http\.numRetries`/,
		);
		assert.ok(
			lines.some((l) => l.startsWith('- In Istio: VirtualService `spec.http[].retries`')),
		);
		assert.ok(!lines.some((l) => l.startsWith('- In Consul')));
	});
	it('completes and explains the documented fields of the shipped Kuma Mesh (no field schema upstream)', async () => {
		const text =
			'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\nspec:\n  mtls:\n    enabledBackend: ca-1\n    ';
		const items = await completeAt(parseManifest(text), text.length, repo(), undefined);
		assert.ok(
			items.some((i) => i.label === 'backends'),
			items.map((i) => i.label).join(),
		);
		const h = await hover(repo(), text.replace('enabledBackend', 'enabled|Backend'));
		assert.equal(h?.path, 'spec.mtls.enabledBackend');
		assert.doesNotMatch(h?.markdown ?? '', /No description yet/);
	});
	it('says on the shipped App Mesh docs that the service ended on 2026-09-30 and names successors', async () => {
		const text = readFileSync(
			join(process.cwd(), 'samples', 'app-mesh', 'virtual-node.yaml'),
			'utf8',
		);
		const kind = await hover(repo(), text.replace('kind: VirtualNode', 'ki|nd: VirtualNode'));
		assert.match(kind?.markdown ?? '', /Discontinued on 2026-09-30/);
		assert.match(kind?.markdown ?? '', /ECS Service Connect/);
		assert.match(kind?.markdown ?? '', /VPC Lattice/);
		const field = await hover(repo(), text.replace('healthCheck', 'health|Check'));
		assert.match(field?.markdown ?? '', /VirtualNode is discontinued \(2026-09-30\)/);
	});
});
