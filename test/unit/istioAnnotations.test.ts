import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
	ISTIO_ANNOTATIONS_TEXT,
	WorkspaceModel,
	createAnalysis,
	invalidAnnotationValue,
	istioAnnotations,
	parseAnnotationCatalog,
} from '../../src/core';

const FILE = join(process.cwd(), 'data', 'analysis', 'istio-annotations.yaml');

describe('Istio annotation catalogue (data/analysis/istio-annotations.yaml)', () => {
	it('is bundled as it is on disk and passes its schema', () => {
		assert.equal(ISTIO_ANNOTATIONS_TEXT, readFileSync(FILE, 'utf8'));
		const index = istioAnnotations();
		assert.ok(index, 'the bundled catalogue loads');
		assert.match(
			index.catalog.source,
			/^https:\/\/github\.com\/istio\/api\/blob\/[0-9a-f]{40}\//,
		);
		assert.ok(index.byName.size >= 60, `${index.byName.size} annotations`);
		assert.equal(index.byName.get('proxy.istio.io/config')?.status, 'beta');
		assert.deepEqual(index.byName.get('kubernetes.io/ingress.class')?.resources, ['Ingress']);
	});

	it('refuses a catalogue with a duplicate, an unknown ignored name or a bad field', () => {
		const base = ISTIO_ANNOTATIONS_TEXT;
		assert.throws(() =>
			parseAnnotationCatalog(
				`${base}\n  - { name: istio.io/rev, status: alpha, resources: [Pod] }\n`,
			),
		);
		assert.throws(() =>
			parseAnnotationCatalog(base.replace('  - istio.io/rev\n', '  - istio.io/nope\n')),
		);
		assert.throws(() => parseAnnotationCatalog(base.replace('status: beta', 'status: gamma')));
		assert.throws(() => parseAnnotationCatalog('annotations: [}'));
	});

	it('checks values as the injector does', () => {
		const ok: [Parameters<typeof invalidAnnotationValue>[0], string][] = [
			['uint32', '10'],
			['port', '15020'],
			['ports', ''],
			['ports', '80, 443'],
			['ports-or-wildcard', '*'],
			['cidrs', ''],
			['cidrs', '10.0.0.0/8,192.168.1.0/24'],
			['cidrs', 'fd00::/8'],
			['cidrs-or-wildcard', '*'],
			['bool', 'true'],
			['bool', 'F'],
			['interception-mode', 'NONE'],
			['proxy-config', '{ "holdApplicationUntilProxyStarts": true }'],
			['proxy-config', 'concurrency: 2'],
		];
		const bad: typeof ok = [
			['uint32', 'bar'],
			['uint32', '-1'],
			['uint32', '4294967296'],
			['port', '65536'],
			['ports', '80,'],
			['ports-or-wildcard', '*,80'],
			['cidrs', '10.0.0.0'],
			['cidrs', '10.0.0.300/8'],
			['cidrs', '10.0.0.0/33'],
			['cidrs-or-wildcard', '0.0.0.0/0,*'],
			['bool', 'yes'],
			['interception-mode', 'redirect'],
			['proxy-config', '[1, 2]'],
			['proxy-config', '{ unclosed'],
		];
		for (const [kind, value] of ok)
			assert.equal(invalidAnnotationValue(kind, value), undefined, `${kind} ${value}`);
		for (const [kind, value] of bad)
			assert.ok(invalidAnnotationValue(kind, value), `${kind} ${value} is refused`);
	});

	it("checks workloads' pod template annotations as a Pod's (not for IST0136)", () => {
		const model = new WorkspaceModel();
		model.setFile(
			'a.yaml',
			'a.yaml',
			[
				'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db, namespace: shop }\nspec:\n  template:\n    metadata:\n      annotations:\n        sidecar.istio.io/proxyCPu: 100m\n        networking.istio.io/exportTo: "."\n        traffic.sidecar.istio.io/excludeInboundPorts: "5432,"\n        sidecar.istio.io/proxyCPU: 100m',
				'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: nightly, namespace: shop }\nspec:\n  jobTemplate:\n    spec:\n      template:\n        metadata: { annotations: { sidecar.istio.io/inject: "false" } }',
				'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  template:\n    metadata: { annotations: { sidecar.istio.io/proxyMemory: 128Mi, readiness.status.sidecar.istio.io/periodSeconds: "5" } }',
			].join('\n---\n'),
		);
		const engine = createAnalysis(model);
		engine.runAll();
		const found = engine
			.all()
			.map((f) => `${f.code} ${f.resource} ${f.message.split(':')[0]}`)
			.sort();
		assert.deepEqual(found, [
			"IST0107 StatefulSet shop/db Annotation networking.istio.io/exportTo has no effect on a pod (this workload's pod template)",
			'IST0108 StatefulSet shop/db Unknown annotation sidecar.istio.io/proxyCPu',
			"IST0125 StatefulSet shop/db Invalid value '5432,' for annotation traffic.sidecar.istio.io/excludeInboundPorts",
			'IST0135 CronJob shop/nightly Annotation sidecar.istio.io/inject is deprecated and may stop working in a later Istio release. Use the sidecar.istio.io/inject label instead.',
		]);
		const typo = engine.all().find((f) => f.code === 'IST0108');
		assert.equal(typo?.range.start.line, 7);
	});

	it('reports on the annotation key (the value for IST0125), and not on annotations outside Istio', () => {
		const model = new WorkspaceModel();
		model.setFile(
			'a.yaml',
			'a.yaml',
			'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    example.com/istio: x\n    foo.istio.io/bar: x\n    readiness.status.sidecar.istio.io/periodSeconds: soon\n',
		);
		const engine = createAnalysis(model);
		engine.runAll();
		const byCode = new Map(engine.all().map((f) => [f.code, f]));
		assert.deepEqual([...byCode.keys()].sort(), ['IST0108', 'IST0125', 'IST0136']);
		assert.deepEqual(byCode.get('IST0108')?.range.start, { line: 6, character: 4 });
		assert.deepEqual(byCode.get('IST0125')?.range.start, { line: 7, character: 53 });
	});
});
