// `node bench/analysis.mjs`: cross-resource analysis on a generated workspace of 2,000 files /
// 20,000 resources (Istio, Gateway API and Linkerd resources with their Services and Deployments,
// in 100 namespaces). Times the first full analysis (parse every file into the workspace model,
// then every analyzer) against the floor of `yaml` parsing every file, and the re-analysis after
// an edit in one file (a subset renamed in a VirtualService, a port changed on a Service, one
// character typed in a name) against the floor of `yaml` parsing that file: median and p95 of 200
// edits. CPU time of the process (user + system), as the machine is shared. Prints the numbers;
// asserts nothing.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { loadEngine } from './engine.mjs';

const FILES = Number(process.env.BENCH_FILES ?? 2_000);
const PER_FILE = 10;
const NAMESPACES = 100;
const EDITS = 200;

const { WorkspaceModel, createAnalysis, referenceSummary } = await loadEngine();

/** One file: ten resources of one app in one namespace (which kinds depends on the file). */
function fileText(i, subset = 'v1', port = 9080, typed = '') {
	const ns = `team-${i % NAMESPACES}`;
	const app = `app-${i}`;
	const docs = [
		`apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}${typed}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${app}\n  ports:\n    - name: http\n      port: ${port}`,
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

/** CPU time of this process in ms (user + system). */
function cpu() {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
}

const yamlOptions = { uniqueKeys: false, prettyErrors: false };
/** The floor: `yaml` parses a text into documents and plain data, and nothing else. */
function parseFloor(text) {
	for (const d of parseAllDocuments(text, yamlOptions)) d.toJS();
}

console.log(
	`Node ${process.version}, load average ${loadavg()
		.map((x) => x.toFixed(1))
		.join(' ')}`,
);

// --- first full analysis: model + every analyzer, three runs in turn with the floor, median ---
const fulls = [];
let model;
let engine;
for (let rep = 0; rep < 3; rep++) {
	model = undefined;
	engine = undefined;
	const f0 = cpu();
	for (const t of texts) parseFloor(t);
	const t0 = cpu();
	const w0 = performance.now();
	model = new WorkspaceModel();
	for (let i = 0; i < FILES; i++) model.setFile(`file:///ws/f${i}.yaml`, `f${i}.yaml`, texts[i]);
	const t1 = cpu();
	engine = createAnalysis(model);
	engine.runAll();
	const t2 = cpu();
	const wall = performance.now() - w0;
	fulls.push({ floor: t0 - f0, parse: t1 - t0, analyse: t2 - t1, total: t2 - t0, wall });
}
fulls.sort((a, b) => a.total - b.total);
const full = fulls[1];
const floorAll = [...fulls].sort((a, b) => a.floor - b.floor)[1].floor;
const resources = [...model.objects()].length;
console.log(
	`workspace: ${FILES} files, ${resources} resources, ${(bytes / 1024 / 1024).toFixed(1)} MB`,
);
console.log(
	`first full analysis (median of 3, CPU): ${full.total.toFixed(0)} ms — model ${full.parse.toFixed(0)} ms + analyzers ${full.analyse.toFixed(0)} ms (wall clock ${full.wall.toFixed(0)} ms); ${engine.all().length} findings`,
);
console.log(
	`floor (yaml parses every file, median of 3, CPU): ${floorAll.toFixed(0)} ms; analysis ÷ floor ${(full.total / floorAll).toFixed(2)}×, model ÷ floor ${(full.parse / floorAll).toFixed(2)}×`,
);

// --- re-analysis after an edit in one file, with the floor (yaml parses that file) ---
const kinds = [
	['subset renamed in a VirtualService', (i, k) => fileText(i, k % 2 ? 'v9' : 'v1')],
	['port changed on a Service', (i, k) => fileText(i, 'v1', k % 2 ? 8080 : 9080)],
	['a character typed in a Service name', (i, k) => fileText(i, 'v1', 9080, k % 2 ? 'x' : '')],
];
let floorEdits = [];
for (const [label, edit] of kinds) {
	const times = [];
	for (let k = 0; k < EDITS; k++) {
		const i = (k * 7919) % FILES;
		const text = edit(i, k + 1);
		const f0 = cpu();
		parseFloor(text);
		const t0 = cpu();
		const change = model.setFile(`file:///ws/f${i}.yaml`, `f${i}.yaml`, text);
		engine.update([change]);
		times.push(cpu() - t0);
		floorEdits.push(t0 - f0);
	}
	times.sort((a, b) => a - b);
	console.log(
		`re-analysis after one edit (${label}, ${EDITS} edits, CPU): median ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`,
	);
}
floorEdits = floorEdits.sort((a, b) => a - b);
console.log(
	`floor (yaml parses the edited file, CPU): median ${percentile(floorEdits, 50).toFixed(2)} ms, p95 ${percentile(floorEdits, 95).toFixed(2)} ms`,
);
// --- code lenses of the edited file after an edit (what the editor asks for after each one) ---
{
	const lens = (i) => {
		for (const o of model.file(`file:///ws/f${i}.yaml`)?.objects ?? [])
			referenceSummary(model, o);
	};
	const t0 = cpu();
	lens(0);
	const first = cpu() - t0;
	const times = [];
	for (let k = 0; k < EDITS; k++) {
		const i = (k * 7919) % FILES;
		engine.update([
			model.setFile(`file:///ws/f${i}.yaml`, `f${i}.yaml`, kinds[k % 3][1](i, k)),
		]);
		const l0 = cpu();
		lens(i);
		times.push(cpu() - l0);
	}
	times.sort((a, b) => a - b);
	console.log(
		`code lenses of the edited file after an edit (${EDITS} edits, CPU): median ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms (the first request builds the reference index: ${first.toFixed(0)} ms)`,
	);
}
const fresh = createAnalysis(model);
fresh.runAll();
console.log(
	`after the edits: ${engine.all().length} findings incrementally, ${fresh.all().length} from a full run`,
);
