import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fallbackStarter, groupOf, parseStarters } from '../../src/core';

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
