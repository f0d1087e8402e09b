import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ANALYZERS, WorkspaceModel, createAnalysis } from '../../src/core';

const DIR = join(process.cwd(), '..', 'shared', 'examples', 'istio', 'analyzer-testdata');
const INDEX = join(DIR, 'expected-messages.json');

interface Case {
	file: string | string[];
	upstreamTestName: string;
	analyzer: string;
	expected: { code: string; origin: string }[];
}

/**
 * The upstream cases whose analyzer Meshlens implements. Each must produce exactly upstream's
 * messages (code + resource, any order); the list is explicit so coverage cannot shrink silently.
 */
const COVERED = [
	'deprecation',
	'conflicting gateways detect',
	'sidecarSelector',
	'virtualServiceConflictingMeshGatewayHosts',
	'virtualServiceDestinationHosts',
	'virtualServiceDestinationRules',
	'virtualServiceGateways',
	'virtualServiceJWTClaimRoute',
	'authorizationpolicies',
	'destinationrule with no cacert, mutual at destinationlevel and simple at port level',
	'dupmatches',
	'certificate duplication in Gateway',
	'EnvoyFilterUsesRelativeOperation',
	'ServiceEntry conflicting protocols on same host and port',
	'misannoted',
	'alpha',
];

function messagesOf(c: Case): string[] {
	const analyzer = ANALYZERS.find((a) => a.name === c.analyzer);
	assert.ok(analyzer, `no analyzer ${c.analyzer}`);
	const model = new WorkspaceModel();
	for (const f of Array.isArray(c.file) ? c.file : [c.file]) {
		model.setFile(f, f, readFileSync(join(DIR, f), 'utf8'));
	}
	const engine = createAnalysis(model, [analyzer]);
	engine.runAll();
	return engine
		.all()
		.map((f) => `${f.code} ${f.resource}`)
		.sort();
}

describe('istioctl analyze fixtures (../shared/examples/istio/analyzer-testdata)', () => {
	const cases: Case[] = existsSync(INDEX)
		? (JSON.parse(readFileSync(INDEX, 'utf8')) as { cases: Case[] }).cases
		: [];

	it('covers the listed cases, each with an analyzer of the registry', () => {
		if (cases.length === 0) return;
		const implemented = new Set(ANALYZERS.map((a) => a.name));
		const covered = cases
			.filter((c) => implemented.has(c.analyzer))
			.map((c) => c.upstreamTestName);
		assert.deepEqual(covered.sort(), [...COVERED].sort());
	});

	for (const name of COVERED) {
		it(`${name}: exactly upstream's messages`, () => {
			const c = cases.find((x) => x.upstreamTestName === name);
			if (cases.length === 0) return;
			assert.ok(c, `case ${name} is in expected-messages.json`);
			const expected = c.expected.map((e) => `${e.code} ${e.origin}`).sort();
			assert.deepEqual(messagesOf(c), expected);
		});
	}
});
