// `node bench/assist.mjs`: times Meshlens's hover and completion engine against Red Hat's
// yaml-language-server (its language service, configured with the JSON Schemas of the same kinds)
// on the same manifests and positions, in one run. Inputs are read from ../shared at run time.
// Results are printed; nothing is asserted.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LineCounter, isMap, isScalar, parseAllDocuments, visit } from 'yaml';
import { loadEngine } from './engine.mjs';

const shared = resolve('..', 'shared');
const crdsRoot = join(shared, 'crds');
const roots = [
	join(shared, 'examples', 'istio', 'samples'),
	join(shared, 'examples', 'istio', 'one-per-kind'),
	join(shared, 'examples', 'linkerd'),
];
if (!roots.every((r) => existsSync(r)) || !existsSync(crdsRoot)) {
	console.log(`Skipping: the shared examples and CRDs are not at ${shared}.`);
	process.exit(0);
}

/** Most positions timed on the real files, and on the synthetic file. */
const MAX_REAL_POSITIONS = 3000;
const MAX_SYNTHETIC_POSITIONS = 100;
const SYNTHETIC_DOCUMENTS = 500;
const EDITS = 100;

// --- Meshlens, bundled from its TypeScript sources ---
const require = createRequire(import.meta.url);
const ml = await loadEngine();
const catalogDir = resolve('data', 'catalog');
const catalog = new ml.Catalog((path) => {
	const file = join(catalogDir, path);
	return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
});
let dataset;
try {
	dataset = ml.loadDatasetFromDir('data').dataset;
} catch {
	dataset = undefined;
}
const meshGroups = new Set(Object.keys((await catalog.index()).groups));

// --- yaml-language-server, offline: every schema is given as content, nothing is fetched ---
const yls = require('yaml-language-server');
const { TextDocument } = require('vscode-languageserver-textdocument');
const ylsVersion = JSON.parse(
	readFileSync(require.resolve('yaml-language-server/package.json'), 'utf8'),
).version;
const fetched = [];
const ls = yls.getLanguageService({
	schemaRequestService: (uri) => {
		fetched.push(uri);
		return Promise.reject(new Error(`offline: ${uri}`));
	},
	workspaceContext: { resolveRelativePath: (path, resource) => new URL(path, resource).href },
});

/** JSON Schema files of the datree CRD catalog in shared/crds, by `group/kind_version`. */
const schemaFiles = new Map();
for (const mesh of readdirSync(crdsRoot)) {
	const catalogRoot = join(crdsRoot, mesh, 'jsonschema-crds-catalog');
	if (!existsSync(catalogRoot)) continue;
	for (const group of readdirSync(catalogRoot)) {
		const groupDir = join(catalogRoot, group);
		if (!statSync(groupDir).isDirectory()) continue;
		for (const file of readdirSync(groupDir)) {
			if (file.endsWith('.json'))
				schemaFiles.set(`${group}/${file.slice(0, -5)}`, join(groupDir, file));
		}
	}
}

// --- inputs ---
function yamlFiles(root) {
	const out = [];
	for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
		if (entry.isFile() && /\.ya?ml$/.test(entry.name))
			out.push(join(entry.parentPath, entry.name));
	}
	return out.sort();
}

function topLevel(doc, key) {
	if (!isMap(doc.contents)) return undefined;
	const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key);
	return pair && isScalar(pair.value) && typeof pair.value.value === 'string'
		? pair.value.value
		: undefined;
}

/**
 * Splits a file with the `yaml` package (the parser both engines use) and returns, per document,
 * its apiVersion and kind, and the position of every key of the documents of a mesh API group.
 */
function analyse(text) {
	const lineCounter = new LineCounter();
	const docs = parseAllDocuments(text, { lineCounter, strict: false, uniqueKeys: false });
	const documents = [];
	const positions = [];
	for (const doc of Array.isArray(docs) ? docs : []) {
		const apiVersion = topLevel(doc, 'apiVersion');
		const kind = topLevel(doc, 'kind');
		documents.push({ apiVersion, kind });
		const slash = apiVersion?.lastIndexOf('/') ?? -1;
		if (!apiVersion || !meshGroups.has(slash === -1 ? '' : apiVersion.slice(0, slash)))
			continue;
		visit(doc, {
			Pair(_, pair) {
				if (!isScalar(pair.key) || !pair.key.range) return;
				// One character into the key, as while typing it: at a nested key's first
				// character yaml-language-server offers no completion at all.
				const offset = pair.key.range[0] + 1;
				const { line, col } = lineCounter.linePos(offset);
				positions.push({ offset, line: line - 1, character: col - 1 });
			},
		});
	}
	return { documents, positions };
}

function schemaKey(apiVersion, kind) {
	if (!apiVersion || !kind) return undefined;
	const slash = apiVersion.lastIndexOf('/');
	if (slash === -1) return undefined;
	return `${apiVersion.slice(0, slash)}/${kind.toLowerCase()}_${apiVersion.slice(slash + 1)}`;
}

const inputs = [];
for (const root of roots) {
	for (const file of yamlFiles(root)) {
		const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
		inputs.push({ name: relative(shared, file), text, ...analyse(text) });
	}
}
const realFiles = inputs.length;

/** 500 documents, VirtualService and DestinationRule in turn, each a little different. */
function syntheticText() {
	const docs = [];
	for (let i = 0; i < SYNTHETIC_DOCUMENTS; i++) {
		const host = `svc-${i}.team-${i % 17}.svc.cluster.local`;
		docs.push(
			i % 2 === 0
				? `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs-${i}
  namespace: team-${i % 17}
  labels:
    app: svc-${i}
spec:
  hosts:
    - ${host}
  gateways:
    - mesh
  http:
    - name: primary
      match:
        - uri:
            prefix: /api/v${i % 3}
          headers:
            x-tenant:
              exact: t-${i}
      route:
        - destination:
            host: ${host}
            subset: v1
            port:
              number: 8080
          weight: 90
        - destination:
            host: ${host}
            subset: v2
          weight: 10
      timeout: 5s
      retries:
        attempts: 3
        perTryTimeout: 2s
        retryOn: 5xx,connect-failure
`
				: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: dr-${i}
  namespace: team-${i % 17}
spec:
  host: ${host}
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 100
      http:
        http1MaxPendingRequests: 10
        maxRequestsPerConnection: 2
    loadBalancer:
      simple: LEAST_REQUEST
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 30s
      baseEjectionTime: 60s
    tls:
      mode: ISTIO_MUTUAL
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
`,
		);
	}
	return docs.join('---\n');
}
const synthetic = { name: `synthetic (${SYNTHETIC_DOCUMENTS} documents)`, text: syntheticText() };
Object.assign(synthetic, analyse(synthetic.text));
inputs.push(synthetic);

// Per-document schemas for yaml-language-server, as a user of Red Hat's YAML extension would set
// them in a file of several kinds: a `# yaml-language-server: $schema=<uri>` modeline at the head
// of each document, on a copy of the text held in memory; the schemas' content is registered up
// front, so nothing is fetched. (A `schemaSequence` would leave the text alone, but its completion
// never selects the document's entry.) The copy has one more line per document, so positions are
// moved down by as many lines.
const usedSchemas = new Map();
let docsWithSchema = 0;
let meshDocs = 0;

function schemaUri(apiVersion, kind) {
	const key = schemaKey(apiVersion, kind);
	const file = key && schemaFiles.get(key);
	if (!file) return undefined;
	const uri = pathToFileURL(file).href;
	if (!usedSchemas.has(uri)) usedSchemas.set(uri, JSON.parse(readFileSync(file, 'utf8')));
	return uri;
}

/** The text with a modeline heading each document, and the new line of each old line. */
function withModelines(text, documents) {
	const out = [];
	const lineMap = [];
	let index = 0;
	let content = false;
	const modeline = () => {
		const { apiVersion, kind } = documents[index] ?? {};
		const uri = schemaUri(apiVersion, kind);
		if (uri) out.push(`# yaml-language-server: $schema=${uri}`);
	};
	modeline();
	for (const line of text.split('\n')) {
		lineMap.push(out.length);
		out.push(line);
		if (/^(---|\.\.\.)(\s|$)/.test(line)) {
			// A separator before any content starts the first document, which has its modeline.
			if (content && line.startsWith('---')) {
				index++;
				modeline();
			}
		} else if (/^\s*[^\s#]/.test(line)) content = true;
	}
	return { text: out.join('\n'), lineMap };
}

inputs.forEach((input, i) => {
	input.uri = `file:///meshlens-bench/f${i}.yaml`;
	for (const { apiVersion, kind } of input.documents) {
		const slash = apiVersion?.lastIndexOf('/') ?? -1;
		if (!apiVersion || !meshGroups.has(slash === -1 ? '' : apiVersion.slice(0, slash)))
			continue;
		meshDocs++;
		if (schemaUri(apiVersion, kind)) docsWithSchema++;
	}
	input.yls = withModelines(input.text, input.documents);
});
const ylsPosition = (input, { line, character }) => ({ line: input.yls.lineMap[line], character });
ls.configure({
	validate: false,
	hover: true,
	completion: true,
	isKubernetes: false,
	yamlVersion: '1.2',
	customTags: [],
	schemas: [...usedSchemas].map(([uri, schema]) => ({ uri, schema })),
});

// --- positions: every key of every mesh document, capped (evenly spread when over the cap) ---
function spread(list, max) {
	if (list.length <= max) return list;
	return Array.from({ length: max }, (_, i) => list[Math.floor((i * list.length) / max)]);
}
const realCases = spread(
	inputs
		.slice(0, realFiles)
		.flatMap((input) => input.positions.map((position) => ({ input, position }))),
	MAX_REAL_POSITIONS,
);
const syntheticCases = spread(
	synthetic.positions.map((position) => ({ input: synthetic, position })),
	MAX_SYNTHETIC_POSITIONS,
);

// --- the operations; each one parses first, as an editor request on a changed file would ---
let version = 0;
const ylsDocument = (input, text = input.yls.text) =>
	TextDocument.create(input.uri, 'yaml', ++version, text);
const ops = {
	meshlens: {
		hover: async ({ input, position }) => {
			const r = await ml.hoverAt(
				ml.parseManifest(input.text),
				position.offset,
				catalog,
				dataset,
			);
			return r !== undefined && r.markdown.length > 0;
		},
		completion: async ({ input, position }) => {
			const items = await ml.completeAt(
				ml.parseManifest(input.text),
				position.offset,
				catalog,
				dataset,
			);
			return items.length > 0;
		},
	},
	yls: {
		hover: async ({ input, position }) => {
			const r = await ls.doHover(ylsDocument(input), ylsPosition(input, position));
			return hoverText(r).length > 0;
		},
		completion: async ({ input, position }) => {
			const r = await ls.doComplete(ylsDocument(input), ylsPosition(input, position), false);
			return (r?.items.length ?? 0) > 0;
		},
	},
};

function hoverText(hover) {
	const c = hover?.contents;
	if (!c) return '';
	if (typeof c === 'string') return c.trim();
	if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('');
	return (c.value ?? '').trim();
}

async function time(fn, cases) {
	const times = [];
	let nonEmpty = 0;
	for (const c of cases) {
		const t0 = performance.now();
		const ok = await fn(c);
		times.push(performance.now() - t0);
		if (ok) nonEmpty++;
	}
	return { times, nonEmpty };
}

function stats(times) {
	const s = [...times].sort((a, b) => a - b);
	const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
	const mean = s.reduce((a, b) => a + b, 0) / s.length;
	return { median: at(0.5), p95: at(0.95), mean };
}

// Cold: the first request of each engine (catalog or schema compilation included).
const cold = {};
for (const engine of ['meshlens', 'yls']) {
	const t0 = performance.now();
	await ops[engine].hover(realCases[0]);
	cold[engine] = performance.now() - t0;
}
// Warm-up: one untimed pass over a sample of each set.
for (const engine of ['meshlens', 'yls']) {
	for (const op of ['hover', 'completion']) {
		await time(ops[engine][op], spread(realCases, 200));
		await time(ops[engine][op], spread(syntheticCases, 10));
	}
}

const rows = [];
const record = (label, engine, op, result, count) =>
	rows.push({ label, engine, op, count, ...result, ...stats(result.times) });
for (const [label, cases] of [
	['real files', realCases],
	['synthetic', syntheticCases],
]) {
	for (const op of ['hover', 'completion']) {
		for (const engine of ['meshlens', 'yls']) {
			record(label, engine, op, await time(ops[engine][op], cases), cases.length);
		}
	}
}

// Editing the synthetic file: a one-character edit in one document, then a hover in it.
// Meshlens through ManifestCache (only the edited document is reparsed), Meshlens reparsing the
// whole file, and yaml-language-server (a new document version: it reparses the whole file).
const editCases = [];
{
	let text = synthetic.text;
	const nameOffsets = [...text.matchAll(/^ {2}name: [vd][sr]-\d+/gm)].map(
		(m) => m.index + m[0].length - 1,
	);
	for (let i = 0; i < EDITS; i++) {
		const at = nameOffsets[(i * 37) % nameOffsets.length];
		const ch = String.fromCharCode(97 + (i % 26));
		text = text.slice(0, at) + ch + text.slice(at + 1);
		// The hover is on the first key under `spec:` (hosts or host), one character in.
		const offset = text.indexOf('\nspec:\n  ', at) + 10;
		const line = text.slice(0, offset).split('\n').length - 1;
		const yls = withModelines(text, synthetic.documents);
		editCases.push({
			text,
			position: { offset, line, character: 3 },
			ylsText: yls.text,
			ylsPosition: { line: yls.lineMap[line], character: 3 },
		});
	}
}
const cache = new ml.ManifestCache();
cache.get(synthetic.uri, 0, synthetic.text);
let cacheVersion = 0;
const editOps = {
	'meshlens (ManifestCache)': async ({ text, position }) => {
		const m = cache.get(synthetic.uri, ++cacheVersion, text);
		return (await ml.hoverAt(m, position.offset, catalog, dataset)) !== undefined;
	},
	'meshlens (full reparse)': async ({ text, position }) =>
		(await ml.hoverAt(ml.parseManifest(text), position.offset, catalog, dataset)) !== undefined,
	yls: async ({ ylsText, ylsPosition: position }) =>
		hoverText(await ls.doHover(ylsDocument(synthetic, ylsText), position)).length > 0,
};
const editRows = [];
for (const [engine, fn] of Object.entries(editOps)) {
	const result = await time(fn, editCases);
	editRows.push({ engine, count: editCases.length, ...result, ...stats(result.times) });
}

// --- report ---
const ms = (x) => x.toFixed(3).padStart(9);
const pad = (s, n) => String(s).padEnd(n);
console.log(
	`node ${process.version}, yaml-language-server ${ylsVersion}, ${new Date().toISOString()}`,
);
console.log(
	`inputs: ${realFiles} real files (${relative(process.cwd(), shared)}/examples: istio samples and one-per-kind, linkerd) + 1 synthetic file`,
);
console.log(
	`documents of a mesh API group: ${meshDocs}; with a JSON Schema for yaml-language-server: ${docsWithSchema} (${usedSchemas.size} schema files)`,
);
console.log(
	`positions: ${realCases.length} keys on the real files (of ${inputs
		.slice(0, realFiles)
		.reduce(
			(n, i) => n + i.positions.length,
			0,
		)}), ${syntheticCases.length} on the synthetic file (of ${synthetic.positions.length})`,
);
console.log(
	`first request (cold): meshlens ${cold.meshlens.toFixed(1)} ms, yaml-language-server ${cold.yls.toFixed(1)} ms\n`,
);
console.log('parse + operation, ms per request (yls = yaml-language-server):');
console.log(
	`${pad('input', 11)} ${pad('operation', 11)} ${pad('engine', 9)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'mean'.padStart(9)}  ${'non-empty'.padStart(11)}  yls/meshlens (median)`,
);
for (const r of rows) {
	const other = rows.find((o) => o.label === r.label && o.op === r.op && o.engine === 'meshlens');
	const ratio = r.engine === 'yls' ? `${(r.median / other.median).toFixed(1)}×` : '';
	console.log(
		`${pad(r.label, 11)} ${pad(r.op, 11)} ${pad(r.engine, 9)} ${ms(r.median)} ${ms(r.p95)} ${ms(r.mean)}  ${`${r.nonEmpty}/${r.count}`.padStart(11)}  ${ratio}`,
	);
}
console.log(
	`\none-character edit in one of ${SYNTHETIC_DOCUMENTS} documents, then hover there, ms per edit:`,
);
for (const r of editRows) {
	console.log(
		`${pad(r.engine, 25)} ${ms(r.median)} ${ms(r.p95)} ${ms(r.mean)}  ${`${r.nonEmpty}/${r.count}`.padStart(11)}`,
	);
}
if (fetched.length > 0)
	console.log(`\nyaml-language-server asked for ${fetched.length} URIs offline`);
