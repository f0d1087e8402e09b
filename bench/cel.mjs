// `node bench/cel.mjs`: what the CEL rules (x-kubernetes-validations, ML1015) cost in validation.
// Validates whole files once (the cold path, `incremental: false`) with the catalog as shipped and
// with the same catalog stripped of its rules, in turn, and compares CPU time. Two inputs of about
// 1 MB: the VirtualService/DestinationRule documents of bench/edit.mjs (3 rules run per pair) and
// Gateway API HTTPRoutes, the kind with the most rules (about 60 run per route). Before timing,
// both catalogs must give the same diagnostics apart from ML1015. Prints ratios; asserts nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEngine } from './engine.mjs';
import { documentText } from './manifests.mjs';

const REPS = Number(process.env.BENCH_REPS ?? 7);
const ml = await loadEngine();
const dir = resolve('data', 'catalog');

/** A catalog reading data/catalog; `strip` drops every rule (the `c` key) from the schemas. */
function catalog(strip) {
	return new ml.Catalog((path) => {
		const file = join(dir, path);
		if (!existsSync(file)) return Promise.resolve(undefined);
		const text = readFileSync(file, 'utf8');
		if (!strip || !path.startsWith('schemas/')) return Promise.resolve(text);
		return Promise.resolve(
			JSON.stringify(JSON.parse(text, (k, v) => (k === 'c' ? undefined : v))),
		);
	});
}

function route(i) {
	return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route-${i}
  namespace: team-${i % 17}
spec:
  parentRefs:
    - name: gateway
      namespace: infra
      sectionName: https
  hostnames:
    - app-${i}.example.com
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /api/v${i % 3}
          headers:
            - name: x-canary
              value: "true"
      filters:
        - type: RequestHeaderModifier
          requestHeaderModifier:
            set:
              - name: x-route
                value: r${i}
      backendRefs:
        - name: app-${i}-v2
          port: 8080
          weight: 10
        - name: app-${i}-v1
          port: 8080
          weight: 90
      timeouts:
        request: 10s
        backendRequest: 2s
    - matches:
        - path:
            type: Exact
            value: /healthz
      backendRefs:
        - name: app-${i}-v1
          port: 8080
`;
}

function file(make, bytes) {
	const parts = [];
	let size = 0;
	for (let i = 0; size < bytes; i++) {
		const t = make(i);
		parts.push(t);
		size += t.length + 4;
	}
	return parts.join('---\n');
}

const cpu = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const withRules = catalog(false);
const without = catalog(true);
const inputs = [
	['VirtualService + DestinationRule', file((i) => documentText(i), 1e6)],
	['HTTPRoute', file(route, 1e6)],
];
console.log(`node ${process.version}, ${new Date().toISOString()}, median of ${REPS} runs, CPU ms`);
for (const [name, text] of inputs) {
	const run = async (c) => {
		const m = ml.parseManifest(text);
		const t0 = cpu();
		const ds = await ml.validate(m, c, undefined, { incremental: false });
		return { ms: cpu() - t0, ds, docs: m.documents.length };
	};
	// Warm-up, and the check: the same findings but for ML1015.
	const a = await run(withRules);
	const b = await run(without);
	const key = (d) => `${d.start} ${d.code}`;
	const same =
		JSON.stringify(a.ds.filter((d) => d.code !== 'ML1015').map(key)) ===
		JSON.stringify(b.ds.map(key));
	const times = { with: [], without: [] };
	for (let i = 0; i < REPS; i++) {
		times.with.push((await run(withRules)).ms);
		times.without.push((await run(without)).ms);
	}
	const w = median(times.with);
	const wo = median(times.without);
	console.log(
		`${name}: ${a.docs} documents, ${(text.length / 1e6).toFixed(2)} MB; findings equal but ML1015: ${same} (${a.ds.filter((d) => d.code === 'ML1015').length} ML1015)`,
	);
	console.log(
		`  validation with rules ${w.toFixed(1)} ms, without ${wo.toFixed(1)} ms: RATIO ${(w / wo).toFixed(2)}× (+${(((w - wo) / a.docs) * 1000).toFixed(1)} µs per document)`,
	);
}
