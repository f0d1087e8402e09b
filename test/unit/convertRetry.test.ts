// Istio retries → Gateway API HTTPRoute retry: every retryOn condition either becomes an exact
// list of status codes or is noted, and the output stays valid (codes 400-599, attempts >= 1).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convert, type ConvertResult } from '../../src/core';
import { schemaProblems, silentlyLost } from './convertHelpers';

function meshRoute(retries: Record<string, unknown>): {
	result: ConvertResult;
	retry: Record<string, unknown> | undefined;
	timeouts: Record<string, unknown> | undefined;
} {
	const inputs = [
		{
			resource: {
				apiVersion: 'networking.istio.io/v1',
				kind: 'VirtualService',
				metadata: { name: 'api', namespace: 'shop' },
				spec: {
					hosts: ['api'],
					http: [
						{
							route: [{ destination: { host: 'api', port: { number: 8080 } } }],
							retries,
						},
					],
				},
			},
		},
	];
	const result = convert(inputs, { target: 'gateway-api' });
	assert.deepEqual(silentlyLost(inputs, result), []);
	assert.deepEqual(
		result.notes.filter((n) => n.unhandled),
		[],
	);
	const route = result.resources.find((r) => r.kind === 'HTTPRoute') as {
		spec: { rules: Record<string, unknown>[] };
	};
	const rule = route.spec.rules[0] ?? {};
	return {
		result,
		retry: rule.retry as Record<string, unknown> | undefined,
		timeouts: rule.timeouts as Record<string, unknown> | undefined,
	};
}

function retryOnNote(result: ConvertResult) {
	return result.notes.find((n) => n.path === 'spec.http[0].retries.retryOn');
}

const REGISTERED_5XX = [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511];

describe('convert: Istio retryOn → HTTPRoute retry.codes', () => {
	/** retryOn → the codes written, and whether the field is noted lost, noted info or mapped. */
	const cases: [string, number[] | undefined, 'lost' | 'info' | 'mapped', RegExp?][] = [
		['gateway-error', [502, 503, 504], 'lost', /a reset, which gateway-error also retries/],
		['5xx', REGISTERED_5XX, 'lost', /unregistered ones such as 509 and 599/],
		['retriable-4xx', [409], 'mapped'],
		['503', [503], 'mapped'],
		['retriable-status-codes,503,429', [429, 503], 'mapped'],
		['409,retriable-4xx', [409], 'mapped'],
		['connect-failure', undefined, 'lost', /connect-failure \(a connection condition/],
		['reset', undefined, 'lost', /reset \(a connection condition/],
		['refused-stream', undefined, 'lost', /refused-stream \(a connection condition/],
		['unavailable', undefined, 'lost', /unavailable \(a gRPC status/],
		['cancelled,deadline-exceeded', undefined, 'lost', /deadline-exceeded \(a gRPC status/],
		['retriable-headers', undefined, 'lost', /response headers/],
		['envoy-ratelimited', undefined, 'lost', /rate-limit/],
		['retriable-status-codes', undefined, 'lost', /x-envoy-retriable-status-codes/],
		['200', undefined, 'lost', /200 \(Gateway API retries on codes 400-599 only\)/],
		['5xz', undefined, 'lost', /5xz \(not an Istio retry condition\)/],
		[
			'gateway-error,connect-failure,retriable-4xx',
			[409, 502, 503, 504],
			'lost',
			/^retries on codes 409, 502-504; no Gateway API form for: a reset, which gateway-error also retries; connect-failure/,
		],
	];
	for (const [retryOn, codes, fate, reason] of cases) {
		it(`${retryOn} → ${codes ? codes.join(',') : 'no codes'} (${fate})`, async () => {
			const { result, retry } = meshRoute({ attempts: 3, retryOn });
			assert.deepEqual(retry?.codes, codes);
			assert.equal(retry?.attempts, 3);
			const note = retryOnNote(result);
			if (fate === 'mapped') {
				assert.equal(note, undefined);
				const p = result.provenance[0]?.sources[0]?.paths ?? [];
				assert.ok(p.includes('spec.http[0].retries.retryOn'), p.join(' '));
			} else {
				assert.equal(note?.level, fate);
				if (reason) assert.match(note?.reason ?? '', reason);
			}
			const problems = (await Promise.all(result.resources.map(schemaProblems))).flat();
			assert.deepEqual(problems, []);
		});
	}
	it("no retryOn: Istio's default becomes code 503, and the rest is noted", () => {
		const { result, retry } = meshRoute({ attempts: 2 });
		assert.deepEqual(retry, { attempts: 2, codes: [503] });
		const note = result.notes.find(
			(n) => n.path === 'spec.http[0].retries' && n.reason.startsWith('no retryOn'),
		);
		assert.match(note?.reason ?? '', /connect-failure,refused-stream,unavailable,cancelled/);
	});
	it('attempts: 0 turns retries off: no retry field (Gateway API attempts start at 1)', async () => {
		const { result, retry, timeouts } = meshRoute({
			attempts: 0,
			retryOn: '5xx',
			perTryTimeout: '1s',
		});
		assert.equal(retry, undefined);
		assert.equal(timeouts, undefined);
		const paths = result.notes.map((n) => n.path);
		assert.ok(paths.includes('spec.http[0].retries.attempts'));
		assert.ok(paths.includes('spec.http[0].retries.retryOn'));
		const problems = (await Promise.all(result.resources.map(schemaProblems))).flat();
		assert.deepEqual(problems, []);
	});
	it('perTryTimeout and backoff carry over as timeouts.backendRequest and retry.backoff', () => {
		const { retry, timeouts } = meshRoute({
			attempts: 3,
			retryOn: '503',
			perTryTimeout: '1500ms',
			backoff: '250ms',
		});
		assert.deepEqual(retry, { attempts: 3, codes: [503], backoff: '250ms' });
		assert.deepEqual(timeouts, { backendRequest: '1s500ms' });
	});
});
