import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
	convert,
	CONVERSIONS,
	CONVERT_TARGETS,
	inputsFromText,
	notesMarkdown,
	planConversion,
	requestInputs,
	TARGET_LABELS,
	targetsFor,
	renderResources,
	type ConvertTarget,
} from '../../src/core';
import {
	EXAMPLES,
	FIXTURES,
	schemaProblems,
	silentlyLost,
	validatorProblems,
	yamlFiles,
} from './convertHelpers';

function parseAll(text: string): unknown[] {
	return parseAllDocuments(text)
		.map((d) => d.toJS() as unknown)
		.filter((v) => v !== null && v !== undefined);
}

const cases = readdirSync(FIXTURES).filter((c) => c.includes('--'));

describe('convert: our fixtures', () => {
	it('has a fixture for every conversion', () => {
		const sources = cases.map((c) => c.split('--')[0]);
		for (const s of [
			'istio-ingress',
			'istio-mesh',
			'istio-grpc',
			'serviceprofile',
			'httproute',
			'appmesh',
			'smi',
			'sidecar',
		])
			assert.ok(sources.includes(s), `no fixture for ${s}`);
		assert.equal(CONVERSIONS.length, 6);
	});
	for (const c of cases) {
		const target = c.split('--')[1] as ConvertTarget;
		describe(c, () => {
			const dir = join(FIXTURES, c);
			const { inputs, problems } = inputsFromText(
				readFileSync(join(dir, 'input.yaml'), 'utf8'),
				'input.yaml',
			);
			const result = convert(inputs, { target });
			it('reads every input document', () => {
				assert.deepEqual(problems, []);
				assert.ok(inputs.length > 0);
			});
			it('produces the expected resources (compared as parsed data)', () => {
				const expected = parseAll(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
				assert.deepEqual(JSON.parse(JSON.stringify(result.resources)), expected);
			});
			it('gives the expected notes', () => {
				const expected = parseAll(readFileSync(join(dir, 'notes.yaml'), 'utf8'))[0] ?? [];
				const got = result.notes.map((n) => ({
					level: n.level,
					source: n.source,
					path: n.path,
					reason: n.reason,
					...(n.nearest ? { nearest: n.nearest } : {}),
				}));
				assert.deepEqual(got, expected);
			});
			it('loses nothing silently: every input field is mapped or noted by a rule', () => {
				assert.deepEqual(
					result.notes.filter((n) => n.unhandled).map((n) => `${n.source} ${n.path}`),
					[],
				);
				assert.deepEqual(silentlyLost(inputs, result), []);
			});
			it('writes resources valid against the catalog', async () => {
				const problems = (await Promise.all(result.resources.map(schemaProblems))).flat();
				assert.deepEqual(problems, []);
				assert.deepEqual(await validatorProblems(result.resources, result.notes), []);
			});
			it('records provenance for every output', () => {
				assert.equal(result.provenance.length, result.resources.length);
				for (const p of result.provenance) assert.ok(p.sources.length > 0);
			});
		});
	}
});

/** Source kinds, by the API group of their examples. */
const SOURCE_DIRS = ['istio', 'linkerd', 'appmesh', 'osm', 'gateway-api'];

describe('convert: upstream examples', () => {
	const files = SOURCE_DIRS.flatMap((d) => yamlFiles(join(EXAMPLES, d)));
	it('has upstream examples to convert (../shared/examples)', (t) => {
		if (!existsSync(EXAMPLES)) return t.skip('../shared is absent');
		assert.ok(files.length > 50);
	});
	let converted = 0;
	for (const file of files) {
		const name = relative(EXAMPLES, file);
		const invalidFixture = name.includes('crd-validation/');
		it(name, async () => {
			const { inputs } = inputsFromText(readFileSync(file, 'utf8'), name);
			for (const target of CONVERT_TARGETS) {
				if (
					!inputs.some((x) =>
						CONVERSIONS.some(
							(c) => c.accepts(x.resource) && c.targets.includes(target),
						),
					)
				)
					continue;
				const result = convert(inputs, { target });
				converted++;
				// Upstream CRD-validation fixtures carry an `_err` key that is no field of any kind.
				const unhandled = result.notes
					.filter((n) => n.unhandled && !(invalidFixture && n.path === '_err'))
					.map((n) => `${target}: ${n.source} ${n.path}`);
				assert.deepEqual(unhandled, [], `${target}: fields no rule handled`);
				assert.deepEqual(
					silentlyLost(inputs, result, { countUnhandled: invalidFixture }),
					[],
					`${target}: silently lost`,
				);
				if (invalidFixture) continue;
				// Outputs made by a conversion must be valid; pass-through resources are the user's own.
				const made = result.resources.filter(
					(_, i) => !result.provenance[i]?.sources.some((s) => s.paths.includes('')),
				);
				const problems = (await Promise.all(made.map(schemaProblems))).flat();
				assert.deepEqual(problems, [], `${target}: invalid output`);
				assert.deepEqual(
					await validatorProblems(made, result.notes),
					[],
					`${target}: validator findings`,
				);
				assert.doesNotThrow(() => renderResources(result.resources, 'yaml'));
			}
		});
	}
	it('converted upstream examples to at least one target each', (t) => {
		if (!existsSync(EXAMPLES)) return t.skip('../shared is absent');
		assert.ok(converted > 100, `only ${converted} conversions ran`);
	});
});

/** A ServiceProfile as comparable facts: one entry per (method, path) with timeout and retries. */
function profileFacts(sp: Record<string, unknown>): string[] {
	const spec = sp.spec as {
		routes?: Record<string, unknown>[];
		dstOverrides?: { authority: string; weight: unknown }[];
	};
	const facts: string[] = [];
	const flatten = (c: Record<string, unknown>): Record<string, unknown>[] => {
		let base: Record<string, unknown> = {};
		if (c.method) base.method = c.method;
		if (c.pathRegex) base.pathRegex = c.pathRegex;
		for (const a of (c.all as Record<string, unknown>[] | undefined) ?? [])
			base = { ...base, ...flatten(a)[0] };
		const any = (c.any as Record<string, unknown>[] | undefined) ?? [];
		return any.length ? any.flatMap(flatten).map((a) => ({ ...base, ...a })) : [base];
	};
	for (const r of spec.routes ?? []) {
		for (const cond of flatten(r.condition as Record<string, unknown>))
			facts.push(
				JSON.stringify([
					cond.method ?? '*',
					cond.pathRegex,
					r.timeout ?? '-',
					r.isRetryable === true,
				]),
			);
	}
	const q = (w: unknown) =>
		typeof w === 'string' && w.endsWith('m') ? Number.parseFloat(w) / 1000 : Number(w);
	const total = (spec.dstOverrides ?? []).reduce((s, d) => s + q(d.weight), 0);
	for (const d of spec.dstOverrides ?? [])
		facts.push(`${d.authority} share=${(q(d.weight) / total).toFixed(3)}`);
	return facts.sort();
}

describe('convert: round trips', () => {
	const profiles = [
		join(FIXTURES, 'serviceprofile--linkerd', 'input.yaml'),
		...yamlFiles(join(EXAMPLES, 'linkerd')).filter((f) =>
			readFileSync(f, 'utf8').includes('kind: ServiceProfile'),
		),
	];
	for (const file of profiles) {
		it(`ServiceProfile → HTTPRoute → ServiceProfile: ${relative(process.cwd(), file)}`, () => {
			const { inputs } = inputsFromText(readFileSync(file, 'utf8'), 'in.yaml');
			const there = convert(inputs, { target: 'linkerd' });
			const back = convert(
				there.resources.map((resource) => ({ resource })),
				{ target: 'serviceprofile' },
			);
			const original = inputs
				.filter((x) => x.resource.kind === 'ServiceProfile')
				.map((x) => x.resource);
			assert.equal(back.resources.length, original.length);
			original.forEach((sp, i) => {
				const again = back.resources[i] as Record<string, unknown>;
				assert.deepEqual(
					(again.metadata as Record<string, unknown>).name,
					(sp.metadata as Record<string, unknown>).name,
				);
				assert.deepEqual(profileFacts(again), profileFacts(sp));
			});
		});
	}
});

describe('convert: behaviour', () => {
	it('reports resources it cannot convert instead of dropping them', () => {
		const { inputs } = inputsFromText(
			'apiVersion: kuma.io/v1alpha1\nkind: MeshTimeout\nmetadata: { name: t }\nspec: {}\n',
			'x.yaml',
		);
		const r = convert(inputs, { target: 'gateway-api' });
		assert.equal(r.resources.length, 0);
		assert.equal(r.notes.length, 1);
		assert.equal(r.notes[0]?.level, 'lost');
		assert.equal(r.notes[0]?.path, '');
	});
	it('passes Kubernetes and Gateway API resources through unchanged', () => {
		const text =
			'apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: { ports: [{ port: 80 }] }\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: r }\nspec: {}\n';
		const { inputs } = inputsFromText(text, 'x.yaml');
		const r = convert(inputs, { target: 'istio' });
		assert.deepEqual(
			r.resources,
			inputs.map((x) => x.resource),
		);
		assert.deepEqual(r.notes, []);
	});
	it('selects the pods of the workloads that run as an SMI destination ServiceAccount', () => {
		const text = [
			'apiVersion: access.smi-spec.io/v1alpha3\nkind: TrafficTarget\nmetadata: { name: t, namespace: shop }\nspec:\n  destination: { kind: ServiceAccount, name: api-sa, namespace: shop }\n  rules: [{ kind: HTTPRouteGroup, name: g }]\n  sources: [{ kind: ServiceAccount, name: web, namespace: shop }]',
			'apiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\nmetadata: { name: g, namespace: shop }\nspec:\n  matches: [{ name: all, pathRegex: /api/.*, methods: [GET] }]',
			'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: shop }\nspec:\n  selector: { matchLabels: { app: api, tier: backend } }\n  template:\n    metadata: { labels: { app: api, tier: backend } }\n    spec: { serviceAccountName: api-sa, containers: [{ name: c, ports: [{ containerPort: 8080 }] }] }',
		].join('\n---\n');
		const { inputs } = inputsFromText(text, 'x.yaml');
		const kind = (t: ConvertTarget, k: string) =>
			convert(inputs, { target: t }).resources.find((r) => r.kind === k) as {
				spec: Record<string, unknown>;
			};
		const labels = { app: 'api', tier: 'backend' };
		assert.deepEqual(kind('istio', 'AuthorizationPolicy').spec.selector, {
			matchLabels: labels,
		});
		const server = kind('linkerd', 'Server').spec;
		assert.deepEqual(server.podSelector, { matchLabels: labels });
		assert.equal(server.port, 8080);
		// Cilium selects by the ServiceAccount itself, and puts the HTTP rules on the pods' port.
		assert.deepEqual(kind('cilium', 'CiliumNetworkPolicy').spec, {
			endpointSelector: { matchLabels: { 'io.cilium.k8s.policy.serviceaccount': 'api-sa' } },
			ingress: [
				{
					fromEndpoints: [
						{ matchLabels: { 'io.cilium.k8s.policy.serviceaccount': 'web' } },
					],
					toPorts: [
						{
							ports: [{ port: '8080', protocol: 'TCP' }],
							rules: { http: [{ method: 'GET', path: '/api/.*' }] },
						},
					],
				},
			],
		});
	});
	it('notes an unknown field as unhandled rather than losing it silently', () => {
		const text =
			'apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata: { name: a.b.svc.cluster.local, namespace: b }\nspec:\n  routes: []\n  futureField: 1\n';
		const { inputs } = inputsFromText(text, 'x.yaml');
		const r = convert(inputs, { target: 'linkerd' });
		const n = r.notes.find((x) => x.path === 'spec.futureField');
		assert.ok(n?.unhandled);
		assert.equal(n.level, 'lost');
	});
	it('never throws on hostile or broken input', () => {
		const texts = [
			'a: [1, 2',
			'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: 3\nspec: [1]\n',
			'apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  http: 7\n  hosts: {a: b}\n',
			'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualRouter\nspec: { routes: [null, 1, {httpRoute: 2}] }\n',
			'apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata: { name: x }\nspec: { routes: [{condition: {all: [1, {any: null}]}}] }\n',
			'apiVersion: split.smi-spec.io/v1alpha2\nkind: TrafficSplit\nspec: { backends: [{weight: "x"}] }\n',
			'apiVersion: access.smi-spec.io/v1alpha3\nkind: TrafficTarget\nspec: { rules: [{kind: HTTPRouteGroup}] }\n',
			'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nspec: { rules: 5, selector: [] }\n',
			'a: &a [*a]\n',
		];
		for (const text of texts) {
			const { inputs } = inputsFromText(text, 'bad.yaml');
			for (const target of CONVERT_TARGETS) {
				const r = convert(inputs, { target });
				// Fields no rule expects are still reported (as unhandled), never dropped.
				assert.deepEqual(silentlyLost(inputs, r, { countUnhandled: true }), []);
			}
		}
	});
	it('writes the notes as a Markdown table per source resource', () => {
		const { inputs } = inputsFromText(
			readFileSync(join(FIXTURES, 'istio-ingress--gateway-api', 'input.yaml'), 'utf8'),
			'in.yaml',
		);
		const r = convert(inputs, { target: 'gateway-api' });
		const md = notesMarkdown(r.notes, inputs, 'Convert to Gateway API');
		assert.match(md, /^# Convert to Gateway API/);
		assert.match(md, /## VirtualService shop\/shop — in\.yaml/);
		assert.match(
			md,
			/\| ⚠ lost \| `spec\.http\[0\]\.fault` \| Gateway API has no fault injection \|/,
		);
	});
	it('quotes strings YAML 1.1 readers would take for booleans', () => {
		const out = renderResources(
			[
				{
					apiVersion: 'v1',
					kind: 'ConfigMap',
					metadata: { name: 'x' },
					data: { a: 'on', b: 'yes' },
				},
			],
			'yaml',
		);
		assert.match(out, /a: "on"/);
		assert.match(out, /b: "yes"/);
	});
});

describe('convert: editor plans', () => {
	const text = readFileSync(join(FIXTURES, 'istio-mesh--gateway-api', 'input.yaml'), 'utf8');
	it('replaces only the documents a selection touches', () => {
		const at = text.indexOf('kind: DestinationRule');
		const plan = planConversion([{ file: 'a.yaml', text, start: at, end: at }], 'gateway-api');
		assert.equal(plan.inputs.length, 1);
		const [r] = plan.replacements;
		assert.ok(r);
		assert.ok(r.start > 0 && r.end < text.length, 'only the DestinationRule document');
		assert.match(
			text.slice(r.start, r.end),
			/^apiVersion: networking\.istio\.io\/v1\nkind: DestinationRule/,
		);
		assert.match(r.text, /name: reviews-v1/);
		assert.ok(r.text.endsWith('\n'));
	});
	it('converts whole files together so routes find their subsets', () => {
		const plan = planConversion([{ file: 'a.yaml', text }], 'gateway-api');
		assert.deepEqual(
			plan.replacements.map((r) => [r.start, r.end]),
			[[0, text.length]],
		);
		assert.deepEqual(
			parseAll(plan.replacements[0]?.text ?? ''),
			parseAll(
				readFileSync(join(FIXTURES, 'istio-mesh--gateway-api', 'expected.yaml'), 'utf8'),
			),
		);
	});
	it('offers the targets the resources can go to, with labels', () => {
		const { inputs } = requestInputs({ file: 'a.yaml', text });
		assert.deepEqual(targetsFor(inputs.map((x) => x.resource)), [
			'gateway-api',
			'istio',
			'istio-ambient',
		]);
		assert.equal(TARGET_LABELS['istio-ambient'], 'Istio ambient mode (waypoints)');
	});
});
