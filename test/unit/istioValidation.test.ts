import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { WorkspaceModel, createAnalysis } from '../../src/core';
import { VALIDATION_CASES } from './istioValidationCases';

const EXAMPLES = join(process.cwd(), '..', 'shared', 'examples');
const CODES = new Set(['IST0106', 'IST0133']);

function yamlFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true })
		.map(String)
		.filter((f) => /\.ya?ml$/.test(f))
		.sort()
		.map((f) => join(dir, f));
}

function findings(files: Record<string, string>): string[] {
	const model = new WorkspaceModel();
	for (const [name, text] of Object.entries(files)) model.setFile(name, name, text);
	const engine = createAnalysis(model);
	engine.runAll();
	return engine
		.all()
		.filter((f) => CODES.has(f.code))
		.map((f) => `${f.object.uri} ${f.code} ${f.resource}: ${f.message}`);
}

/**
 * Upstream's analyzer fixtures are minimal inputs for OTHER analyzers, and a few of them break
 * istiod's validation on purpose or for brevity; each finding below is one upstream's Go
 * validation makes too (checked against validation.go), so none is a false positive.
 */
const ON_ANALYZER_FIXTURES = [
	// A DNS ServiceEntry without endpoints whose hosts include a wildcard (ValidateFQDN fails).
	'istio/analyzer-testdata/authorizationpolicies.yaml IST0106 ServiceEntry httpbin/istio',
	// An http rule with only a fault: no route, redirect or directResponse.
	'istio/analyzer-testdata/deprecation.yaml IST0106 VirtualService foo/productpage',
	// applyTo CLUSTER with a listener match.
	'istio/analyzer-testdata/relative-envoy-filter-operation.yaml IST0106 EnvoyFilter bookinfo/test-relative-3',
	// Two route destinations, neither weighted ({} and one host): total weight 0.
	'istio/analyzer-testdata/virtualservice_destinationhosts.yaml IST0106 VirtualService default/reviews-bogushost',
	// VirtualServices with hosts and gateways but no routes; one with host "*" for the mesh.
	'istio/analyzer-testdata/virtualservice_gateways.yaml IST0106 VirtualService httpbin',
	'istio/analyzer-testdata/virtualservice_gateways.yaml IST0106 VirtualService httpbin-bogus',
	'istio/analyzer-testdata/virtualservice_gateways.yaml IST0106 VirtualService httpbin-mesh',
	'istio/analyzer-testdata/virtualservice_gateways.yaml IST0106 VirtualService httpbin-mesh',
	'istio/analyzer-testdata/virtualservice_gateways.yaml IST0106 VirtualService default/cross-test',
	// Gateways written with a selector only (no servers).
	'istio/analyzer-testdata/virtualservice_gateways.yaml IST0106 Gateway httpbin-gateway',
	'istio/analyzer-testdata/virtualservice_gateways.yaml IST0106 Gateway another/crossnamespace-gw',
];

describe('IST0106/IST0133 on the upstream examples (../shared/examples)', () => {
	const files = yamlFiles(EXAMPLES).filter((f) => !/-invalid\.ya?ml$/.test(f));
	it('report nothing on the upstream samples and per-kind examples of every mesh', () => {
		const out: string[] = [];
		for (const f of files.filter((x) => !x.includes('analyzer-testdata'))) {
			out.push(...findings({ [relative(EXAMPLES, f)]: readFileSync(f, 'utf8') }));
		}
		assert.deepEqual(out, []);
	});
	it("report on upstream's analyzer fixtures exactly what istiod's validation rejects there", () => {
		if (!files.length) return;
		const out: string[] = [];
		for (const f of files.filter((x) => x.includes('analyzer-testdata'))) {
			out.push(
				...findings({ [relative(EXAMPLES, f)]: readFileSync(f, 'utf8') }).map((h) =>
					h.slice(0, h.indexOf(':')),
				),
			);
		}
		assert.deepEqual(out, ON_ANALYZER_FIXTURES);
	});
});

describe('IST0106/IST0133: a positive and a negative resource per check', () => {
	it('has a case for every check, with distinct names', () => {
		assert.ok(VALIDATION_CASES.length >= 100, String(VALIDATION_CASES.length));
		assert.equal(new Set(VALIDATION_CASES.map((c) => c.name)).size, VALIDATION_CASES.length);
	});
	for (const c of VALIDATION_CASES) {
		it(`${c.code} ${c.name}`, () => {
			const hits = findings({ 'a.yaml': c.positive });
			assert.ok(
				hits.some((h) => h.includes(` ${c.code} `) && h.includes(c.expect)),
				`expected ${c.code} "${c.expect}" in ${JSON.stringify(hits)}`,
			);
			assert.deepEqual(findings({ 'a.yaml': c.negative }), []);
		});
	}
});

describe('IST0106 on VirtualService hosts: DNS names', () => {
	it('flags exactly the hosts that are not DNS names (plain names take a shorter path)', () => {
		const long = 'a'.repeat(64);
		const hosts = [
			'reviews.prod.svc.cluster.local',
			'Reviews-2.example.com',
			'123',
			'api.example.com.',
			'*.example.com',
			'a.123',
			'-bad.example.com',
			'bad-.example.com',
			'ok.-bad.com',
			'a..b',
			'x_y.example.com',
			`${long}.example.com`,
			`ok.${long}.com`,
			`${'a.'.repeat(128)}com`,
		];
		const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: hosts, namespace: default }
spec:
  gateways: [gw]
  hosts: [${hosts.map((h) => JSON.stringify(h)).join(', ')}]
  http:
    - route:
        - destination: { host: reviews.prod.svc.cluster.local }
`;
		const flagged = findings({ 'a.yaml': text })
			.filter((f) => f.includes(': host '))
			.map((f) => /: host "([^"…]*)/.exec(f)?.[1]);
		assert.deepEqual(flagged, [
			'a.123',
			'-bad.example.com',
			'bad-.example.com',
			'ok.-bad.com',
			'a..b',
			'x_y.example.com',
			`${long}.example.com`,
			`ok.${long}.com`,
			'a.a.a.a.a.a.a.a.a.a.',
		]);
	});
});
