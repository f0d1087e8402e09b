import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
	ANALYZERS,
	CHECK_DOCS,
	WorkspaceModel,
	createAnalysis,
	explainCode,
	referenceAt,
	referenceSummary,
	referencesTo,
} from '../../src/core';
import { CHECK_FIXTURES } from './analysisCases';

function run(files: Record<string, string>): ReturnType<typeof createAnalysis> {
	const model = new WorkspaceModel();
	for (const [name, text] of Object.entries(files)) model.setFile(name, name, text);
	const engine = createAnalysis(model);
	engine.runAll();
	return engine;
}

const codes = (e: ReturnType<typeof createAnalysis>): string[] => e.all().map((f) => f.code);

describe('analysis registry', () => {
	it('documents every code an analyzer reports, with a fix, and Istio codes with their reference page', () => {
		for (const a of ANALYZERS) {
			for (const code of a.codes) {
				const doc = CHECK_DOCS.get(code);
				assert.ok(doc, `${a.name}: ${code} has docs`);
				assert.ok(doc.summary.length > 20 && doc.fix.length > 5, code);
				if (code.startsWith('IST'))
					assert.match(
						doc.url ?? '',
						/^https:\/\/istio\.io\/latest\/docs\/reference\/config\/analysis\/ist\d{4}\/$/,
					);
			}
		}
		assert.equal(explainCode('ist0101')?.name, 'ReferencedResourceNotFound');
		assert.equal(explainCode('NOPE'), undefined);
	});

	it('has a positive and a negative fixture for every code', () => {
		const covered = new Set(CHECK_FIXTURES.map((f) => f.code));
		for (const code of CHECK_DOCS.keys()) assert.ok(covered.has(code), `fixtures for ${code}`);
	});

	it('has negative fixtures that hold the kinds of resource the positive finding is on (not vacuous)', () => {
		const missing: string[] = [];
		for (const f of CHECK_FIXTURES) {
			const on = new Set(
				run(f.positive)
					.all()
					.filter((x) => x.code === f.code)
					.map((x) => x.object.kind),
			);
			const negative = run(f.negative).model.files.flatMap((file) =>
				file.objects.map((o) => o.kind),
			);
			for (const kind of on) if (!negative.includes(kind)) missing.push(`${f.code}: ${kind}`);
		}
		assert.deepEqual(missing, []);
	});

	for (const f of CHECK_FIXTURES) {
		it(`${f.code}: reports the positive fixture${f.on ? ` on ${f.on}` : ''}`, () => {
			const e = run(f.positive);
			const hits = e.all().filter((x) => x.code === f.code);
			assert.ok(hits.length > 0, `${f.code} in ${JSON.stringify(codes(e))}`);
			if (f.on)
				assert.ok(
					hits.some((h) => h.resource === f.on),
					hits.map((h) => h.resource).join(),
				);
			if (f.level)
				assert.ok(
					hits.some((h) => h.level === f.level),
					hits.map((h) => h.level).join(),
				);
			if (f.related) assert.ok(hits.some((h) => h.related.some((r) => r.uri === f.related)));
		});
		it(`${f.code}: stays quiet on the negative fixture`, () => {
			const e = run(f.negative);
			assert.deepEqual(
				e
					.all()
					.filter((x) => x.code === f.code)
					.map((x) => x.message),
				[],
			);
		});
	}
});

describe('IST0166 selectors on Kubernetes Gateway pods', () => {
	const gateway = (cls: string, extra = ''): string => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: edge }
spec:
  gatewayClassName: ${cls}
  infrastructure: { labels: { team: edge } }
  listeners: [{ name: http, port: 80, protocol: HTTP }]${extra}`;
	const policy = (
		kind: string,
		apiVersion: string,
		labels: string,
	): string => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: { name: p, namespace: edge }
spec:
  selector: { matchLabels: ${labels} }`;
	const found = (...docs: string[]): string[] =>
		run({ 'a.yaml': docs.join('\n---\n') })
			.all()
			.filter((f) => f.code === 'IST0166')
			.map((f) => f.resource);

	it('matches the infrastructure labels of the pods Istio deploys, for every policy kind', () => {
		assert.deepEqual(
			found(
				gateway('istio'),
				policy('RequestAuthentication', 'security.istio.io/v1', '{ team: edge }'),
			),
			['RequestAuthentication edge/p'],
		);
		assert.deepEqual(
			found(gateway('istio'), policy('Telemetry', 'telemetry.istio.io/v1', '{ team: edge }')),
			['Telemetry edge/p'],
		);
		assert.deepEqual(
			found(
				gateway('istio'),
				policy('WasmPlugin', 'extensions.istio.io/v1alpha1', '{ team: edge }'),
			),
			['WasmPlugin edge/p'],
		);
	});

	it('reads gateway pods from workloads labelled with the Gateway name', () => {
		const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: public-istio, namespace: edge }
spec:
  template:
    metadata: { labels: { gateway.networking.k8s.io/gateway-name: public, app: gw } }
    spec: { containers: [{ name: istio-proxy, image: auto }] }`;
		assert.deepEqual(
			found(deployment, policy('AuthorizationPolicy', 'security.istio.io/v1', '{ app: gw }')),
			['AuthorizationPolicy edge/p'],
		);
	});

	it('stays quiet for other classes, manual deployments, other namespaces and other labels', () => {
		const ap = (labels: string): string =>
			policy('AuthorizationPolicy', 'security.istio.io/v1', labels);
		assert.deepEqual(found(gateway('cilium'), ap('{ team: edge }')), []);
		assert.deepEqual(
			found(
				gateway(
					'istio',
					'\n  addresses: [{ type: Hostname, value: gw.edge.svc.cluster.local }]',
				),
				ap('{ team: edge }'),
			),
			[],
		);
		assert.deepEqual(found(gateway('istio'), ap('{ team: edge, app: web }')), []);
		assert.deepEqual(
			found(
				gateway('istio'),
				ap('{ team: edge }').replace('namespace: edge', 'namespace: shop'),
			),
			[],
		);
	});

	it('knows Istio classes declared as GatewayClasses', () => {
		const cls = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: internal }
spec: { controllerName: istio.io/gateway-controller }`;
		assert.deepEqual(
			found(
				cls,
				gateway('internal'),
				policy('AuthorizationPolicy', 'security.istio.io/v1', '{ team: edge }'),
			),
			['AuthorizationPolicy edge/p'],
		);
	});
});

describe('IST0167 ineffective Sidecars in ambient mode', () => {
	const sidecar = (name: string, sel = ''): string => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: ${name}, namespace: shop }
spec:
${sel ? `  workloadSelector: { labels: ${sel} }\n` : ''}  egress: [{ hosts: ['./*'] }]`;
	const deploy = (name: string, labels: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  template:
    metadata: { labels: ${labels} }
    spec: { containers: [{ name: app, image: app }] }`;
	const ns = (labels: string): string =>
		`apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, labels: ${labels} }`;
	const found = (files: Record<string, string>): string[] =>
		run(files)
			.all()
			.map((f) => `${f.code} ${f.resource}`)
			.sort();

	it('reports a Sidecar whose selected workload is labelled ambient, instead of a conflict', () => {
		assert.deepEqual(
			found({
				'a.yaml': [
					deploy('web', '{ app: web, istio.io/dataplane-mode: ambient }'),
					sidecar('s1', '{ app: web }'),
					sidecar('s2', '{ app: web }'),
				].join('\n---\n'),
			}),
			['IST0167 Sidecar shop/s1', 'IST0167 Sidecar shop/s2'],
		);
	});

	it('reports a Sidecar selecting pods of an ambient namespace, once per Sidecar', () => {
		const e = run({
			'a.yaml': [
				ns('{ istio.io/dataplane-mode: ambient }'),
				deploy('web', '{ app: web }'),
				deploy('web2', '{ app: web }'),
				sidecar('s1', '{ app: web }'),
			].join('\n---\n'),
		});
		const hits = e.all().filter((f) => f.code === 'IST0167');
		assert.equal(hits.length, 1);
		assert.equal(hits[0]?.related.length, 2);
	});

	it('stays quiet where pods keep their sidecar', () => {
		// Injection on the namespace wins over the ambient label; pods can opt out of ambient.
		assert.deepEqual(
			found({
				'a.yaml': [
					ns('{ istio.io/dataplane-mode: ambient, istio-injection: enabled }'),
					deploy('web', '{ app: web }'),
					sidecar('s1', '{ app: web }'),
					sidecar('all'),
				].join('\n---\n'),
			}),
			[],
		);
		assert.deepEqual(
			found({
				'a.yaml': [
					ns('{ istio.io/dataplane-mode: ambient }'),
					deploy('web', '{ app: web, istio.io/dataplane-mode: none }'),
					sidecar('s1', '{ app: web }'),
				].join('\n---\n'),
			}),
			[],
		);
	});

	it('reports every selectorless Sidecar of an ambient namespace, and no IST0111 there', () => {
		assert.deepEqual(
			found({
				'a.yaml': [
					ns('{ istio.io/dataplane-mode: ambient }'),
					sidecar('a'),
					sidecar('b'),
				].join('\n---\n'),
			}),
			['IST0167 Sidecar shop/a', 'IST0167 Sidecar shop/b'],
		);
	});
});

describe('incremental analysis', () => {
	const VS = (subset: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews, subset: ${subset} }
`;
	const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
`;
	it('re-analyses a changed file and the files that depend on it, like a full run', () => {
		const model = new WorkspaceModel();
		model.setFile('vs.yaml', 'vs.yaml', VS('v1'));
		model.setFile('dr.yaml', 'dr.yaml', DR);
		const engine = createAnalysis(model);
		engine.runAll();
		assert.deepEqual(
			engine
				.findingsFor('vs.yaml')
				.filter((f) => f.code === 'IST0101' && f.level === 'Error'),
			[],
		);
		const touched = engine.update([model.setFile('vs.yaml', 'vs.yaml', VS('v3'))]);
		assert.ok(touched.has('vs.yaml'));
		const broken = engine.findingsFor('vs.yaml').find((f) => f.message.includes('subset'));
		assert.ok(broken, 'IST0101 on the VirtualService');
		assert.equal(broken.level, 'Error');
		assert.equal(broken.related[0]?.uri, 'dr.yaml');
		// Fixing the DestinationRule in the other file clears it.
		engine.update([model.setFile('dr.yaml', 'dr.yaml', DR.replace('name: v1', 'name: v3'))]);
		assert.equal(
			engine.findingsFor('vs.yaml').find((f) => f.message.includes('subset')),
			undefined,
		);
		// Removing the DestinationRule file: a target that may be elsewhere is only a hint.
		engine.update([model.removeFile('dr.yaml')]);
		assert.equal(
			engine.findingsFor('vs.yaml').find((f) => f.message.includes('subset'))?.level,
			'Info',
		);
		const fresh = createAnalysis(model);
		fresh.runAll();
		const key = (f: { code: string; resource: string; message: string }): string =>
			`${f.code} ${f.resource} ${f.message}`;
		assert.deepEqual(engine.all().map(key).sort(), fresh.all().map(key).sort());
	});

	it('keeps files apart and forgets removed ones', () => {
		const model = new WorkspaceModel();
		model.setFile('a.yaml', 'a.yaml', `${VS('v1')}---\n${DR}`);
		assert.equal(model.files.length, 1);
		assert.equal(model.file('a.yaml')?.objects.length, 2);
		assert.equal(
			model.get('networking.istio.io/DestinationRule', 'shop', 'reviews')?.uri,
			'a.yaml',
		);
		model.removeFile('a.yaml');
		assert.equal(
			model.get('networking.istio.io/DestinationRule', 'shop', 'reviews'),
			undefined,
		);
		assert.equal(model.countOf('networking.istio.io/VirtualService'), 0);
	});

	it('suppresses codes named in galley.istio.io/analyze-suppress', () => {
		const e = run({
			'a.yaml': VS('v9').replace(
				'namespace: shop }',
				'namespace: shop, annotations: { galley.istio.io/analyze-suppress: "IST0101" } }',
			),
		});
		assert.deepEqual(
			codes(e).filter((c) => c === 'IST0101'),
			[],
		);
	});
});

describe('navigation', () => {
	const files = {
		'vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
`,
		'dr.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
`,
		'svc.yaml': `apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop }
spec:
  selector: { app: reviews }
  ports: [{ name: http, port: 9080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: shop }
spec:
  template:
    metadata: { labels: { app: reviews, version: v1 } }
    spec: { containers: [{ name: app, image: reviews }] }
`,
	};
	const model = new WorkspaceModel();
	for (const [name, text] of Object.entries(files)) model.setFile(name, name, text);

	it('goes from a subset to the DestinationRule subset, from a host to the Service', () => {
		const subset = referenceAt(model, 'vs.yaml', 9, 17);
		assert.equal(subset?.text, 'v1');
		assert.equal(subset.targets[0]?.object.uri, 'dr.yaml');
		assert.deepEqual(subset.targets[0]?.object.locate(subset.targets[0].path ?? []).start, {
			line: 6,
			character: 10,
		});
		const host = referenceAt(model, 'vs.yaml', 8, 16);
		assert.equal(host?.targets[0]?.object.kind, 'Service');
		assert.equal(referenceAt(model, 'vs.yaml', 2, 5), undefined);
	});

	it('finds everything that points at a resource and summarises it', () => {
		const svc = model.get('/Service', 'shop', 'reviews');
		assert.ok(svc);
		const from = referencesTo(model, svc)
			.map((r) => r.from.kind)
			.sort();
		assert.deepEqual(from, ['DestinationRule', 'VirtualService', 'VirtualService']);
		assert.equal(referenceSummary(model, svc), 'routed by 1 · 1 config · selects 1 workload');
		const deployment = model.get('apps/Deployment', 'shop', 'reviews-v1');
		assert.ok(deployment);
		assert.equal(referenceSummary(model, deployment), 'selected by 1');
	});
});

describe('README analysis codes table', () => {
	it('lists every analysis code with its level and name, row for row', () => {
		const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
		const rows = readme
			.split('\n')
			.filter((l) => /^\| (Istio|Gateway API|Linkerd)\s+\| \S*`(IST|MLG|MLL)\d+`/.test(l))
			.map((l) => l.split('|').map((c) => c.trim()));
		const expected = [...CHECK_DOCS.values()].map((d) => [d.code, d.level, d.name]);
		assert.deepEqual(
			rows.map((r) => [/`([A-Z]+\d+)`/.exec(r[2] ?? '')?.[1], r[3], r[4]]),
			expected,
		);
		const istio = [...CHECK_DOCS.values()].filter((d) => d.mesh === 'istio').length;
		assert.match(readme, new RegExp(`Istio coverage: ${istio} of the 68 codes`));
	});
});

describe('analysis findings the schema check repeats', () => {
	it('IST0002 on fault.delay.percent names ML4001 as the schema finding of the same problem', () => {
		const e = run({
			'a.yaml': `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: r, namespace: shop }\nspec:\n  hosts: [r]\n  http:\n  - fault: { delay: { percent: 50, fixedDelay: 1s } }\n    route: [{ destination: { host: r } }]\n---\napiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: s, namespace: shop }\nspec:\n  outboundTrafficPolicy: { mode: ALLOW_ANY, egressProxy: { host: p.example.com, port: { number: 3128 } } }`,
		});
		const ist0002 = e.all().filter((f) => f.code === 'IST0002');
		assert.deepEqual(
			ist0002.map((f) => [f.object.kind, f.schemaCode]),
			[
				['VirtualService', 'ML4001'],
				['Sidecar', undefined],
			],
		);
	});
});
