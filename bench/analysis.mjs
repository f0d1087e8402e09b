// `node bench/analysis.mjs`: cross-resource analysis on a generated workspace of 2,000 files /
// 20,000 resources (Istio, Gateway API and Linkerd resources with their Services and Deployments,
// in 100 namespaces). Times the first full analysis (parse every file into the workspace model,
// then every analyzer) and the re-analysis after an edit in one file (a subset renamed in a
// VirtualService, a port changed on a Service, a DestinationRule rewritten): median and p95 of
// 200 edits. Prints the numbers; asserts nothing.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';

const FILES = Number(process.env.BENCH_FILES ?? 2_000);
const PER_FILE = 10;
const NAMESPACES = 100;
const EDITS = 200;

const outDir = resolve('out', 'bench');
mkdirSync(outDir, { recursive: true });
const engineFile = join(outDir, 'analysis-engine.cjs');
await build({
	stdin: {
		contents: "export { WorkspaceModel, createAnalysis } from './src/core';",
		resolveDir: process.cwd(),
		loader: 'ts',
	},
	bundle: true,
	platform: 'node',
	format: 'cjs',
	outfile: engineFile,
	logLevel: 'error',
});
const { WorkspaceModel, createAnalysis } = createRequire(import.meta.url)(engineFile);

/** One file: ten resources of one app in one namespace (which kinds depends on the file). */
function fileText(i, subset = 'v1', port = 9080) {
	const ns = `team-${i % NAMESPACES}`;
	const app = `app-${i}`;
	const docs = [
		`apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${app}\n  ports:\n    - name: http\n      port: ${port}`,
		`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}-v1\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n        version: v1\n    spec:\n      containers:\n        - name: app\n          image: example/${app}:1\n          ports:\n            - containerPort: 9080`,
		`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  hosts:\n    - ${app}\n  http:\n    - match:\n        - uri:\n            prefix: /api\n      route:\n        - destination:\n            host: ${app}\n            subset: ${subset}\n    - route:\n        - destination:\n            host: ${app}\n            subset: v1`,
		`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  host: ${app}\n  subsets:\n    - name: v1\n      labels:\n        version: v1`,
		`apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: ${app}\n  rules:\n    - from:\n        - source:\n            principals: ["cluster.local/ns/${ns}/sa/client"]`,
		`apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  workloadSelector:\n    labels:\n      app: ${app}\n  egress:\n    - hosts: ["./*"]`,
		`apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  parentRefs:\n    - group: ""\n      kind: Service\n      name: ${app}\n      port: 9080\n  rules:\n    - matches:\n        - path:\n            type: PathPrefix\n            value: /v${i}\n      backendRefs:\n        - name: ${app}\n          port: 9080`,
		`apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${app}\n  port: 9080`,
		`apiVersion: policy.linkerd.io/v1alpha1\nkind: AuthorizationPolicy\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  targetRef:\n    group: policy.linkerd.io\n    kind: Server\n    name: ${app}\n  requiredAuthenticationRefs:\n    - group: policy.linkerd.io\n      kind: MeshTLSAuthentication\n      name: ${app}`,
		`apiVersion: policy.linkerd.io/v1alpha1\nkind: MeshTLSAuthentication\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  identities:\n    - "client.${ns}.serviceaccount.identity.linkerd.cluster.local"`,
	];
	if (docs.length !== PER_FILE) throw new Error('ten resources per file');
	return docs.join('\n---\n');
}

const texts = Array.from({ length: FILES }, (_, i) => fileText(i));
const bytes = texts.reduce((n, t) => n + t.length, 0);

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// --- first full analysis: model + every analyzer, three runs, median ---
const fulls = [];
let model;
let engine;
for (let rep = 0; rep < 3; rep++) {
	const t0 = performance.now();
	model = new WorkspaceModel();
	for (let i = 0; i < FILES; i++) model.setFile(`file:///ws/f${i}.yaml`, `f${i}.yaml`, texts[i]);
	const t1 = performance.now();
	engine = createAnalysis(model);
	engine.runAll();
	const t2 = performance.now();
	fulls.push({ parse: t1 - t0, analyse: t2 - t1, total: t2 - t0 });
}
fulls.sort((a, b) => a.total - b.total);
const full = fulls[1];
const resources = [...model.objects()].length;
console.log(
	`workspace: ${FILES} files, ${resources} resources, ${(bytes / 1024 / 1024).toFixed(1)} MB`,
);
console.log(
	`first full analysis (median of 3): ${full.total.toFixed(0)} ms — model ${full.parse.toFixed(0)} ms + analyzers ${full.analyse.toFixed(0)} ms; ${engine.all().length} findings`,
);

// --- re-analysis after an edit in one file ---
const kinds = [
	['subset renamed in a VirtualService', (i, k) => fileText(i, k % 2 ? 'v9' : 'v1')],
	['port changed on a Service', (i, k) => fileText(i, 'v1', k % 2 ? 8080 : 9080)],
];
for (const [label, edit] of kinds) {
	const times = [];
	for (let k = 0; k < EDITS; k++) {
		const i = (k * 7919) % FILES;
		const text = edit(i, k + 1);
		const t0 = performance.now();
		const change = model.setFile(`file:///ws/f${i}.yaml`, `f${i}.yaml`, text);
		engine.update([change]);
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	console.log(
		`re-analysis after one edit (${label}, ${EDITS} edits): median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`,
	);
}
// The floor: parsing the one edited file.
const floor = [];
for (let k = 0; k < EDITS; k++) {
	const t0 = performance.now();
	new WorkspaceModel().setFile('x', 'x', texts[k % FILES]);
	floor.push(performance.now() - t0);
}
floor.sort((a, b) => a - b);
console.log(
	`floor (parse the edited file alone): median ${percentile(floor, 50).toFixed(2)} ms, p95 ${percentile(floor, 95).toFixed(2)} ms`,
);
