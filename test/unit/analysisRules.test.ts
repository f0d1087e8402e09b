// IST0130/IST0131 (unreachable VirtualService rules): the check skips the match comparison when a
// section holds fewer than two matches (nothing to repeat or cover), but never the rules without
// matches. These cases pin both sides of that shortcut.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkspaceModel, createAnalysis } from '../../src/core';

function findings(http: string): string[] {
	const text = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r, namespace: n}\nspec:\n  hosts: [r]\n  http:\n${http}`;
	const model = new WorkspaceModel();
	model.setFile('vs.yaml', 'vs.yaml', text);
	const engine = createAnalysis(model, undefined, { incremental: false });
	engine.runAll();
	return engine
		.all()
		.filter((f) => f.code === 'IST0130' || f.code === 'IST0131')
		.map((f) => `${f.code} ${f.range.start.line}`)
		.sort();
}

const route = '    route: [{destination: {host: r}}]\n';
const noMatch = `  - ${route.trimStart()}`;
const match = (prefix: string) => `  - match: [{uri: {prefix: ${prefix}}}]\n${route}`;

describe('unreachable VirtualService rules', () => {
	it('reports a rule without matches after another one, whatever the match count', () => {
		assert.deepEqual(findings(noMatch + noMatch), ['IST0130 7']);
		assert.deepEqual(findings(match('/a') + noMatch + noMatch), ['IST0130 9']);
		assert.deepEqual(findings(noMatch + match('/a') + noMatch), ['IST0130 9']);
	});
	it('reports nothing for one match, or for rules without matches only at the end', () => {
		assert.deepEqual(findings(match('/a')), []);
		assert.deepEqual(findings(match('/a') + noMatch), []);
	});
	it('compares matches once there are two', () => {
		assert.deepEqual(findings(match('/a') + match('/a')), ['IST0130 8', 'IST0131 8']);
		assert.deepEqual(findings(match('/a') + match('/a/b')), ['IST0131 8']);
		assert.deepEqual(findings(match('/a/b') + match('/a')), []);
	});
});
