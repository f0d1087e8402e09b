// Converted output passes our own checks: the schema validator behind the editor's diagnostics
// and `meshlens lint`, and the cross-resource analysis, over every conversion of our fixtures and
// of the upstream examples (../shared/examples).
//
// What the analysis may still say about converted output, and why:
// - a reference to something outside the analysed files (a route's parent or backend Service, a
//   namespace, a policy target) — the converted files, like their sources, rarely hold every
//   Service — but only when no input defines it either: a name the conversion got wrong fails;
// - a selector that matches no workload — only when the inputs hold no workload in that
//   namespace either;
// - a finding the analysis also reports on the input resources (a problem carried over as it
//   was, such as a DestinationRule without caCertificates);
// - the same finding on a copy made for a DestinationRule subset (the DestinationRule of
//   reviews-v1, copied from reviews's, keeps its TLS settings and what is said about them).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import {
	convert,
	CONVERSIONS,
	CONVERT_TARGETS,
	createAnalysis,
	inputsFromText,
	renderResources,
	WorkspaceModel,
	type ConvertInput,
	type ConvertTarget,
	type Finding,
	type Resource,
} from '../../src/core';
import { EXAMPLES, FIXTURES, validatorProblems, yamlFiles } from './convertHelpers';

/** Codes for a reference to a resource outside the analysed files. */
const OUTSIDE = new Set(['MLG001', 'MLG002', 'MLG004', 'MLG006', 'IST0101', 'MLL003', 'MLL004']);
/** Codes for a selector that matches no workload of the analysed files. */
const NO_WORKLOAD = new Set(['IST0127', 'MLL001']);
/** Kinds a converted resource may name (parents, backends, namespaces, policy targets). */
const REFERABLE = [
	'Service',
	'Namespace',
	'ServiceAccount',
	'Gateway',
	'Server',
	'HTTPRoute',
	'MeshTLSAuthentication',
	'NetworkAuthentication',
];
const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'Job'];

function analyse(resources: readonly Resource[]): Finding[] {
	if (!resources.length) return [];
	const model = new WorkspaceModel();
	model.setFile('file:///converted.yaml', 'converted.yaml', renderResources(resources, 'yaml'));
	const engine = createAnalysis(model);
	engine.runAll();
	return engine.all();
}

const meta = (r: Resource) => (r.metadata ?? {}) as { name?: unknown; namespace?: unknown };

/** Findings on the output that none of the reasons above explains. */
function unexplained(inputs: readonly ConvertInput[], output: readonly Resource[]): string[] {
	const sources = inputs.map((x) => x.resource);
	const before = new Set(analyse(sources).map((f) => `${f.code} ${f.resource}`));
	const names = new Set(
		sources.flatMap((r) => {
			if (!REFERABLE.includes(String(r.kind))) return [];
			const name = String(meta(r).name);
			const ns = typeof meta(r).namespace === 'string' ? String(meta(r).namespace) : '';
			return [name, `${ns}/${name}`];
		}),
	);
	const workloadNamespaces = new Set(
		sources
			.filter((r) => WORKLOADS.includes(String(r.kind)))
			.map((r) => {
				const ns = meta(r).namespace;
				return typeof ns === 'string' ? ns : 'default';
			}),
	);
	const out: string[] = [];
	for (const f of analyse(output)) {
		if (before.has(`${f.code} ${f.resource}`)) continue;
		if (OUTSIDE.has(f.code)) {
			// The quoted names in the message: "ns/name" or "name"; none may be an input's.
			const quoted = [...f.message.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
			const clash = quoted.filter((q) => names.has(q));
			if (!clash.length) continue;
		}
		if (NO_WORKLOAD.has(f.code)) {
			const ns = f.resource.includes('/') ? f.resource.split(' ')[1]?.split('/')[0] : '';
			if (!workloadNamespaces.has(ns ?? 'default')) continue;
		}
		// A copy made for a subset (reviews-v1 from reviews) carries its source's finding.
		if (before.has(`${f.code} ${f.resource.replace(/-[^-/]+$/, '')}`)) continue;
		out.push(`${f.level} ${f.code} ${f.resource}: ${f.message}`);
	}
	return out;
}

/** Runs a conversion; returns the schema problems and unexplained analysis findings. */
async function problems(inputs: readonly ConvertInput[], target: ConvertTarget) {
	const result = convert(inputs, { target });
	// Resources passed through are the user's own; the ones a conversion made must be valid.
	const made = result.resources.filter(
		(_, i) => !result.provenance[i]?.sources.some((s) => s.paths.includes('')),
	);
	return {
		schema: await validatorProblems(made, result.notes),
		analysis: unexplained(inputs, result.resources),
		resources: result.resources.length,
	};
}

const cases = readdirSync(FIXTURES).filter((c) => c.includes('--'));

describe('converted output passes our schema and cross-resource checks', () => {
	for (const c of cases) {
		const target = c.split('--')[1] as ConvertTarget;
		it(`fixture ${c}`, async () => {
			const { inputs } = inputsFromText(
				readFileSync(join(FIXTURES, c, 'input.yaml'), 'utf8'),
				'input.yaml',
			);
			const p = await problems(inputs, target);
			assert.ok(p.resources > 0);
			assert.deepEqual(p.schema, [], 'schema');
			assert.deepEqual(p.analysis, [], 'analysis');
		});
	}

	const files = ['istio', 'linkerd', 'appmesh', 'osm', 'gateway-api']
		.flatMap((d) => yamlFiles(join(EXAMPLES, d)))
		.filter((f) => !f.includes('crd-validation'));
	let runs = 0;
	for (const file of files) {
		const name = relative(EXAMPLES, file);
		const { inputs } = inputsFromText(readFileSync(file, 'utf8'), name);
		const targets = CONVERT_TARGETS.filter((t) =>
			inputs.some((x) =>
				CONVERSIONS.some((c) => c.accepts(x.resource) && c.targets.includes(t)),
			),
		);
		if (!targets.length) continue;
		it(`upstream ${name}`, async () => {
			for (const target of targets) {
				const p = await problems(inputs, target);
				runs++;
				assert.deepEqual(p.schema, [], `${target}: schema`);
				assert.deepEqual(p.analysis, [], `${target}: analysis`);
			}
		});
	}

	it('ran over the upstream examples', (t) => {
		if (!existsSync(EXAMPLES)) return t.skip('../shared is absent');
		assert.ok(runs > 100, `only ${runs} conversions checked`);
	});

	it('can fail: a route to a Service the inputs define under another name is reported', () => {
		const inputs = inputsFromText(
			[
				'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { ports: [{ port: 80, name: http }], selector: { app: web } }',
				'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: r, namespace: shop }\nspec:\n  parentRefs: [{ group: "", kind: Service, name: web, port: 80 }]\n  rules: [{ backendRefs: [{ name: web, port: 8080 }] }]',
			].join('\n---\n'),
			'x.yaml',
		).inputs;
		const result = convert(inputs, { target: 'gateway-api' });
		assert.match(unexplained([], result.resources).join('\n'), /MLG005/);
	});
});
