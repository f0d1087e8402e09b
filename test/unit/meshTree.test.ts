import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMeshTree, type TreeNode } from '../../src/core';
import { loadBuiltin, smallDataset } from './helpers';

const { dataset } = smallDataset();

function child(node: TreeNode | undefined, label: string): TreeNode | undefined {
	return node?.children?.find((c) => c.label === label);
}

describe('buildMeshTree', () => {
	it('lists meshes by name with version and a mesh context value', () => {
		const roots = buildMeshTree(dataset);
		assert.deepEqual(
			roots.map((r) => r.label),
			['ALPHA', 'BETA', 'GAMMA'],
		);
		assert.equal(roots[0]?.contextValue, 'mesh');
		assert.equal(roots[0]?.description, '1.0');
		assert.deepEqual(
			roots[0]?.children?.map((c) => c.label),
			['Overview', 'Features', 'Manifest kinds', 'Links'],
		);
	});

	it('marks retired meshes visibly', () => {
		const gamma = buildMeshTree(dataset).find((r) => r.label === 'GAMMA');
		assert.equal(gamma?.description, '1.0 · archived');
		assert.equal(gamma?.icon?.id, 'circle-slash');
		const lifecycle = child(child(gamma, 'Overview'), 'Lifecycle');
		assert.equal(lifecycle?.description, 'archived, since 2023-06-30, successor: alpha');
	});

	it('shows features by category with support icons, values and a tooltip with note and as-of', () => {
		const beta = buildMeshTree(dataset).find((r) => r.label === 'BETA');
		const traffic = child(child(beta, 'Features'), 'Traffic');
		const retries = child(traffic, 'Retries');
		assert.equal(retries?.description, 'Only idempotent | GET');
		assert.equal(retries?.icon?.id, 'pie-chart');
		assert.match(retries?.tooltip ?? '', /As of 2026-11-01/);
		assert.deepEqual(retries?.command?.args, [{ mesh: 'beta', feature: 'retries' }]);
	});

	it('filters by name, vendor or former name and groups by lifecycle', () => {
		assert.deepEqual(
			buildMeshTree(dataset, { filter: 'vendor beta' }).map((r) => r.label),
			['BETA'],
		);
		const grouped = buildMeshTree(dataset, { groupByLifecycle: true });
		assert.deepEqual(
			grouped.map((g) => [g.label, g.description]),
			[
				['Active', '2'],
				['Archived', '1'],
			],
		);
	});

	it('offers a starter for every manifest kind of a shipped mesh', () => {
		const { dataset: real } = loadBuiltin();
		const istio = buildMeshTree(real).find((r) => r.id === 'mesh:istio');
		const kinds = child(istio, 'Manifest kinds');
		const vs = kinds?.children?.find((k) => k.label === 'VirtualService');
		assert.ok(vs, 'Istio lists VirtualService');
		assert.equal(vs?.command?.command, 'meshlens.openStarter');
		assert.deepEqual(vs?.command?.args, [
			{ apiVersion: vs?.description, kind: 'VirtualService' },
		]);
	});

	it('shows the kinds of the base mesh under a distribution (Kong Mesh, OpenShift Service Mesh)', () => {
		const { dataset: real } = loadBuiltin();
		const roots = buildMeshTree(real);
		const labels = (id: string) =>
			child(
				roots.find((r) => r.id === `mesh:${id}`),
				'Manifest kinds',
			)?.children?.map((k) => k.label) ?? [];
		for (const kind of ['MeshHTTPRoute', 'MeshGateway', 'TrafficPermission', 'Mesh'])
			assert.ok(labels('kong-mesh').includes(kind), `Kong Mesh lists ${kind}`);
		for (const kind of ['VirtualService', 'Istio'])
			assert.ok(labels('openshift-service-mesh').includes(kind), `OpenShift lists ${kind}`);
		assert.ok(labels('tanzu-service-mesh').includes('AuthorizationPolicy'));
		assert.ok(labels('consul').includes('ServiceRouter'));
		assert.ok(labels('consul').includes('TrafficPermissions'));
	});
});
