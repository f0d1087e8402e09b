import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkspaceModel, createAnalysis, type Finding } from '../../src/core';

const BASE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
`;

/** A strategic-merge patch of the VirtualService: no routes of its own, the same host. */
const PATCH = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts: [reviews]
`;

const key = (f: Finding) => `${f.code} ${f.object.uri} ${f.resource}`;

function findings(partial: boolean): string[] {
	const model = new WorkspaceModel();
	model.setFile('base.yaml', 'base.yaml', BASE);
	model.setFile('patch.yaml', 'patch.yaml', PATCH);
	if (partial) model.setPartialFiles(['patch.yaml']);
	const engine = createAnalysis(model);
	engine.runAll();
	return engine.all().map(key).sort();
}

describe('analysis of kustomize patches', () => {
	it('reports the patch as a second VirtualService and a route-less one when it is not known as a patch', () => {
		const all = findings(false);
		assert.ok(all.includes('IST0109 patch.yaml VirtualService shop/reviews'), all.join('\n'));
		assert.ok(all.includes('IST0109 base.yaml VirtualService shop/reviews'), all.join('\n'));
		assert.ok(
			all.some((f) => f.startsWith('IST0106 patch.yaml')),
			all.join('\n'),
		);
	});

	it('leaves a patch file alone: nothing on it, and it is not a second resource', () => {
		assert.deepEqual(findings(true), []);
	});

	it('keeps the patch in its file for the tree but out of the indexes and objects()', () => {
		const model = new WorkspaceModel();
		model.setFile('base.yaml', 'base.yaml', BASE);
		model.setFile('patch.yaml', 'patch.yaml', PATCH);
		const type = 'networking.istio.io/VirtualService';
		assert.equal(model.countOf(type), 2);
		const change = model.setPartialFiles(['patch.yaml']);
		assert.ok(change);
		assert.deepEqual(change.uris, ['patch.yaml']);
		assert.equal(change.removed.length, 1);
		assert.equal(model.isPartial('patch.yaml'), true);
		assert.equal(model.countOf(type), 1);
		assert.equal(model.file('patch.yaml')?.objects.length, 1);
		assert.equal([...model.objects()].filter((o) => o.uri === 'patch.yaml').length, 0);
		// Nothing changes: no change.
		assert.equal(model.setPartialFiles(['patch.yaml']), undefined);
		// An edit of the patch stays out of the indexes.
		model.setFile('patch.yaml', 'patch.yaml', PATCH.replace('[reviews]', '[reviews, ratings]'));
		assert.equal(model.countOf(type), 1);
		// No longer a patch: back in.
		const back = model.setPartialFiles([]);
		assert.equal(back?.added.length, 1);
		assert.equal(model.countOf(type), 2);
	});

	it('updates the analysis incrementally as files become patches and stop being ones', () => {
		const model = new WorkspaceModel();
		const engine = createAnalysis(model);
		engine.runAll();
		const step = (change: ReturnType<WorkspaceModel['setFile']> | undefined) => {
			if (change) engine.update([change]);
			return engine.all().map(key).sort();
		};
		step(model.setFile('base.yaml', 'base.yaml', BASE));
		assert.deepEqual(step(model.setFile('patch.yaml', 'patch.yaml', PATCH)), findings(false));
		assert.deepEqual(step(model.setPartialFiles(['patch.yaml'])), findings(true));
		step(model.removeFile('patch.yaml'));
		// A patch file that comes back is still a patch.
		assert.deepEqual(step(model.setFile('patch.yaml', 'patch.yaml', PATCH)), findings(true));
		assert.deepEqual(step(model.setPartialFiles([])), findings(false));
	});
});
