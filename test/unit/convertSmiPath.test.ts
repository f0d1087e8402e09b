// SMI pathRegex anchoring: the SMI spec anchors it at the start of the path only; the converted
// resources match the whole path (as OSM did). The difference is noted wherever it changes what
// the regex matches, and only there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convert, type ConvertInput, type ConvertTarget } from '../../src/core';
import { silentlyLost } from './convertHelpers';

function inputs(pathRegex: string): ConvertInput[] {
	return [
		{
			resource: {
				apiVersion: 'specs.smi-spec.io/v1alpha4',
				kind: 'HTTPRouteGroup',
				metadata: { name: 'routes', namespace: 'shop' },
				spec: { matches: [{ name: 'm', pathRegex, methods: ['GET'] }] },
			},
		},
		{
			resource: {
				apiVersion: 'access.smi-spec.io/v1alpha3',
				kind: 'TrafficTarget',
				metadata: { name: 'tt', namespace: 'shop' },
				spec: {
					destination: { kind: 'ServiceAccount', name: 'api', namespace: 'shop' },
					rules: [{ kind: 'HTTPRouteGroup', name: 'routes', matches: ['m'] }],
					sources: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
				},
			},
		},
	];
}

const PATH = 'spec.matches[0].pathRegex';

describe('convert: SMI pathRegex anchoring', () => {
	const cases: [string, boolean][] = [
		['/buy', true],
		['/books/[0-9]+', true],
		['/books/.*', false],
		['/books/.+', true],
		['/books$', false],
		['/books\\$', true],
		['/a|/b.*', true],
		['(/a|/b).*', false],
		['/literal\\.*', true],
	];
	for (const target of ['linkerd', 'istio', 'cilium'] as ConvertTarget[]) {
		for (const [regex, noted] of cases) {
			it(`${target}: '${regex}' is ${noted ? '' : 'not '}noted`, () => {
				const ins = inputs(regex);
				const result = convert(ins, { target });
				const notes = result.notes.filter(
					(n) => n.path === PATH && /anchors pathRegex/.test(n.reason),
				);
				// Istio authorization takes only literal paths and prefixes; other regexes are lost
				// there, and the anchoring is then beside the point.
				const lost = result.notes.some((n) => n.path === PATH && n.level === 'lost');
				assert.equal(lost, target === 'istio' && !['/buy', '/books/.*'].includes(regex));
				assert.equal(notes.length, noted && !lost ? 1 : 0, JSON.stringify(result.notes));
				if (noted && !lost) {
					assert.equal(notes[0]?.level, 'info');
					assert.match(notes[0]?.nearest ?? '', /end the regex with \.\*/);
				}
				assert.deepEqual(silentlyLost(ins, result), []);
			});
		}
	}
	it('the Gateway API route carries the regex as written (the whole-path reading)', () => {
		const result = convert(inputs('/buy'), { target: 'linkerd' });
		const route = result.resources.find((r) => r.kind === 'HTTPRoute') as {
			spec: { rules: { matches: { path: unknown }[] }[] };
		};
		assert.deepEqual(route.spec.rules[0]?.matches[0]?.path, {
			type: 'RegularExpression',
			value: '/buy',
		});
	});
});
