import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	fallbackStarter,
	groupOf,
	groupsDeclaredIn,
	parseStarters,
	starterChoices,
	starterDetail,
	type CatalogIndex,
} from '../../src/core';
import { DATA_DIR, loadBuiltin } from './helpers';

describe('starters', () => {
	it('reads starters by kind and ignores malformed entries', () => {
		const map = parseStarters(
			'group: g\nstarters:\n  Good: |\n    apiVersion: g/v1\n    kind: Good\n  Bad: 3\n  Empty: ""\n',
		);
		assert.deepEqual([...map.keys()], ['Good']);
		assert.equal(map.get('Good'), 'apiVersion: g/v1\nkind: Good\n');
		assert.equal(parseStarters('starters: [unclosed').size, 0);
		assert.equal(parseStarters('a: &a [1]\nstarters: *a\n').size, 0);
	});

	it('splits groups and builds a valid fallback', () => {
		assert.equal(groupOf('networking.istio.io/v1'), 'networking.istio.io');
		assert.equal(groupOf('v1'), '');
		assert.equal(
			fallbackStarter('kuma.io/v1alpha1', 'MeshTimeout'),
			'apiVersion: kuma.io/v1alpha1\nkind: MeshTimeout\nmetadata:\n  name: my-mesh-timeout\n  namespace: default\nspec: {}\n',
		);
	});
});

describe('starter picker choices', () => {
	const { dataset } = loadBuiltin();
	const index = JSON.parse(
		readFileSync(join(DATA_DIR, 'catalog', 'schemas', 'index.json'), 'utf8'),
	) as CatalogIndex;
	const choices = starterChoices(dataset.meshes, index.groups);
	const byKey = new Map(choices.map((c) => [`${c.apiVersion} ${c.kind}`, c]));
	const nameOf = (id: string) => dataset.meshes.find((m) => m.id === id)?.name;

	it('offers every listed kind exactly once', () => {
		const listed = new Set(
			dataset.meshes.flatMap((m) => m.manifestKinds.map((k) => `${k.apiVersion} ${k.kind}`)),
		);
		assert.equal(choices.length, listed.size);
		assert.deepEqual(new Set(byKey.keys()), listed);
	});

	it('names, for every kind, the mesh whose API group defines it and every other mesh that lists it', () => {
		let catalogued = 0;
		for (const c of choices) {
			const listers = dataset.meshes
				.filter((m) =>
					m.manifestKinds.some((k) => k.apiVersion === c.apiVersion && k.kind === c.kind),
				)
				.map((m) => m.name);
			const owner = index.groups[groupOf(c.apiVersion)]?.mesh;
			if (owner && nameOf(owner)) {
				catalogued++;
				assert.equal(c.mesh, nameOf(owner), `${c.apiVersion} ${c.kind}`);
			} else if (listers.length === 1) {
				assert.equal(c.mesh, listers[0], `${c.apiVersion} ${c.kind}`);
			}
			// The owner plus alsoIn are exactly the meshes that list the kind, none twice.
			const named = [c.mesh, ...c.alsoIn].filter((n) => n !== undefined);
			assert.equal(new Set(named).size, named.length, `${c.apiVersion} ${c.kind}`);
			for (const l of listers)
				assert.ok(named.includes(l), `${c.apiVersion} ${c.kind}: ${l}`);
			assert.ok(!c.mesh || !c.alsoIn.includes(c.mesh));
		}
		assert.ok(catalogued > 40, `only ${catalogued} kinds in catalogued groups`);
	});

	it('labels Istio and Linkerd kinds with Istio and Linkerd, distributions on the second line', () => {
		const istio = byKey.get('security.istio.io/v1 AuthorizationPolicy');
		assert.equal(istio?.mesh, 'Istio');
		assert.ok(istio.alsoIn.includes('Google Cloud Service Mesh'));
		assert.ok(istio.alsoIn.includes('Red Hat OpenShift Service Mesh'));
		assert.match(starterDetail(istio), /^Istio · also in: .*Google Cloud Service Mesh/);
		const linkerd = byKey.get('policy.linkerd.io/v1alpha1 AuthorizationPolicy');
		assert.equal(linkerd?.mesh, 'Linkerd');
		assert.deepEqual(linkerd.alsoIn, ['Buoyant Enterprise for Linkerd']);
		const kuma = choices.find((c) => c.apiVersion.startsWith('kuma.io/'));
		assert.equal(kuma?.mesh, 'Kuma');
		assert.deepEqual(kuma.alsoIn, ['Kong Mesh']);
		const appMesh = choices.find((c) => c.apiVersion.startsWith('appmesh.k8s.aws/'));
		assert.equal(appMesh && starterDetail(appMesh), 'AWS App Mesh');
	});

	it('names a group outside the catalog after the mesh the others are based on, or lists them all', () => {
		const meshes = [
			{ id: 'base', name: 'Base', manifestKinds: [{ apiVersion: 'x.io/v1', kind: 'A' }] },
			{
				id: 'dist',
				name: 'Dist',
				basedOn: { mesh: 'base' },
				manifestKinds: [
					{ apiVersion: 'x.io/v1', kind: 'A' },
					{ apiVersion: 'y.io/v1', kind: 'B' },
				],
			},
			{ id: 'other', name: 'Other', manifestKinds: [{ apiVersion: 'y.io/v1', kind: 'B' }] },
		];
		const [a, b] = starterChoices(meshes, {});
		assert.deepEqual(a, { apiVersion: 'x.io/v1', kind: 'A', mesh: 'Base', alsoIn: ['Dist'] });
		assert.deepEqual(b, { apiVersion: 'y.io/v1', kind: 'B', alsoIn: ['Dist', 'Other'] });
		assert.equal(b && starterDetail(b), 'in: Dist, Other');
		// The catalog wins over the order in which meshes list a kind.
		const [c] = starterChoices([...meshes].reverse(), { 'x.io': { mesh: 'base' } });
		assert.equal(c?.mesh, 'Base');
	});
});

describe('groups declared in a file (catalog preload)', () => {
	it('finds each apiVersion group once, in order, without parsing', () => {
		const text = [
			'# comment apiVersion: nope.io/v1',
			'apiVersion: networking.istio.io/v1',
			'kind: VirtualService',
			'---',
			'"apiVersion": "security.istio.io/v1beta1"',
			'---',
			'apiVersion: v1',
			'kind: Service',
			'---',
			'apiVersion: networking.istio.io/v1alpha3',
			'items:',
			'  - apiVersion: policy.linkerd.io/v1beta3',
		].join('\n');
		assert.deepEqual(groupsDeclaredIn(text), [
			'networking.istio.io',
			'security.istio.io',
			'policy.linkerd.io',
		]);
		assert.deepEqual(groupsDeclaredIn('apiVersion: a.io/v1\napiVersion: b.io/v1\n', 1), [
			'a.io',
		]);
		assert.deepEqual(
			groupsDeclaredIn('x'.repeat(100) + '\napiVersion: late.io/v1', 16, 50),
			[],
		);
	});
});
