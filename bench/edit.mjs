// `node bench/edit.mjs`: the cost of one keystroke in a large file of many `---` documents.
// On generated files of 10 KB, 100 KB, 1 MB and 5 MB, a one-character edit in one document, then a
// hover, a completion and (when the engine has it) validation, each timed with the edit applied
// through the core's public API: `ManifestCache.get(key, version, text, changes)`. Compared with
// the floor (the `yaml` parse of the one edited document) and with yaml-language-server (same JSON
// schemas, same run, in process). Then a cold full parse (and validation) of the 5 MB file against
// the `yaml` whole-file parse. Prints ratios; asserts nothing. Options: --sizes 10k,100k,1m,5m,
// --edit replace|insert (insert: type a letter and delete it in turn, moving what follows)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments, parseDocument } from 'yaml';
import { loadEngine } from './engine.mjs';
import { documentText, injectedLines } from './manifests.mjs';

const shared = resolve('..', 'shared');
const crdsRoot = join(shared, 'crds');
if (!existsSync(crdsRoot)) {
	console.log(`Skipping: the shared CRDs are not at ${crdsRoot}.`);
	process.exit(0);
}
const SIZES = { '10k': 10e3, '100k': 100e3, '1m': 1e6, '5m': 5e6 };
const arg = process.argv.indexOf('--sizes');
const sizes = (arg > 0 ? process.argv[arg + 1] : '10k,100k,1m,5m').split(',');
/**
 * The edit: `replace` (the default) replaces one character of the name with another letter, so
 * nothing after it moves; `insert` types a letter into the name and deletes it again in turn, so
 * every document and diagnostic after it moves by one character, as while typing.
 */
const editArg = process.argv.indexOf('--edit');
const EDIT = editArg > 0 ? process.argv[editArg + 1] : 'replace';
if (EDIT !== 'replace' && EDIT !== 'insert') {
	console.error(`--edit replace|insert, not ${EDIT}`);
	process.exit(2);
}
/**
 * Repetitions: every Meshlens step is cheap (a median of many edits steadies it on a busy machine);
 * yaml-language-server reparses the whole file.
 */
const REPS = 200;
/**
 * Milliseconds of CPU time used by this process (user + system). The machine is shared, so wall
 * time moves with other work; CPU time counts only ours (also the garbage collector's threads).
 */
const clock = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};
const PARSE_OPTIONS = { strict: false, uniqueKeys: false, prettyErrors: false };
const ylsReps = (bytes) => (bytes <= 100e3 ? 15 : bytes <= 1e6 ? 5 : 2);

// --- Meshlens, bundled from its TypeScript sources (the public API only) ---
const require = createRequire(import.meta.url);
const ml = await loadEngine();
const catalogDir = resolve('data', 'catalog');
const catalog = new ml.Catalog((path) => {
	const file = join(catalogDir, path);
	return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
});
const hasValidate = typeof ml.validate === 'function';

// --- yaml-language-server, offline, with the JSON Schemas of the same kinds ---
const yls = require('yaml-language-server');
const { TextDocument } = require('vscode-languageserver-textdocument');
const ylsVersion = JSON.parse(
	readFileSync(require.resolve('yaml-language-server/package.json'), 'utf8'),
).version;
const ls = yls.getLanguageService({
	schemaRequestService: (uri) => Promise.reject(new Error(`offline: ${uri}`)),
	workspaceContext: { resolveRelativePath: (path, resource) => new URL(path, resource).href },
});
function schemaFile(group, kind, version) {
	for (const mesh of readdirSync(crdsRoot)) {
		const file = join(
			crdsRoot,
			mesh,
			'jsonschema-crds-catalog',
			group,
			`${kind}_${version}.json`,
		);
		if (existsSync(file) && statSync(file).isFile()) return file;
	}
	throw new Error(`no JSON schema for ${group}/${kind}_${version} in ${crdsRoot}`);
}
const schemas = {
	VirtualService: schemaFile('networking.istio.io', 'virtualservice', 'v1'),
	DestinationRule: schemaFile('networking.istio.io', 'destinationrule', 'v1'),
};
const schemaUri = Object.fromEntries(
	Object.entries(schemas).map(([k, f]) => [k, pathToFileURL(f).href]),
);
ls.configure({
	validate: true,
	hover: true,
	completion: true,
	isKubernetes: false,
	yamlVersion: '1.2',
	customTags: [],
	schemas: Object.entries(schemas).map(([k, f]) => ({
		uri: schemaUri[k],
		schema: JSON.parse(readFileSync(f, 'utf8')),
	})),
});

// --- generated files: VirtualService and DestinationRule in turn, ~1 KB each, some errors ---
function generate(bytes) {
	const docs = [];
	let length = 0;
	while (length < bytes) {
		const t = documentText(docs.length);
		docs.push(t);
		length += t.length + 4;
	}
	// The edited document is the middle one, a VirtualService with an injected error.
	const target = (docs.length >> 1) & ~1;
	docs[target] = documentText(target, true);
	const text = docs.join('---\n');
	const starts = [];
	let at = 0;
	for (const d of docs) {
		starts.push(at);
		at += d.length + 4;
	}
	return { text, docs, starts, target };
}

/** The text yaml-language-server gets: a `$schema` modeline at the head of each document. */
function withModelines(text) {
	const out = [];
	const lineMap = [];
	let first = true;
	const lines = text.split('\n');
	lines.forEach((line, i) => {
		if (first || line === '---') {
			if (line === '---') {
				lineMap.push(out.length);
				out.push(line);
			}
			// The kind is on the document's second line.
			const kindLine = first ? lines[i + 1] : lines[i + 2];
			const kind = /^kind: (\w+)/.exec(kindLine ?? '')?.[1];
			if (kind && schemaUri[kind])
				out.push(`# yaml-language-server: $schema=${schemaUri[kind]}`);
			if (line === '---') return;
			first = false;
		}
		lineMap.push(out.length);
		out.push(line);
	});
	return { text: out.join('\n'), lineMap };
}

function lineCol(text, offset) {
	let line = 0;
	let last = -1;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
		line++;
		last = i;
	}
	return { line, character: offset - last - 1 };
}

const hoverText = (h) => {
	const c = h?.contents;
	if (!c) return '';
	if (typeof c === 'string') return c;
	if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('');
	return c.value ?? '';
};

function median(times) {
	const s = [...times].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

async function timeEach(reps, fn) {
	const times = [];
	for (let k = 0; k < reps; k++) {
		const t0 = clock();
		await fn(k);
		times.push(clock() - t0);
	}
	return median(times);
}

// --- one size ---
const results = [];
let ylsVersionCounter = 0;
for (const sizeName of sizes) {
	const bytes = SIZES[sizeName];
	const { text, docs, starts, target } = generate(bytes);
	const targetStart = starts[target];
	// The edit: one character of the target's name (`vs-<n>` → `vs-<n>a`, `b`, …).
	const nameAt = text.indexOf('name: vs-', targetStart) + 'name: vs-'.length;
	// The cursor: one character into `hosts`, the first key under spec.
	const keyAt = text.indexOf('\n  hosts:', targetStart) + 3;
	const edited = (k) => {
		const ch = String.fromCharCode(97 + (k % 26));
		if (EDIT === 'insert') {
			// Even edits type a letter, odd ones delete it (26 letters: the cycle keeps the turn).
			if (k % 2 === 1) {
				const change = { rangeOffset: nameAt, rangeLength: 1, text: '' };
				return { change, text, doc: docs[target] };
			}
			const change = { rangeOffset: nameAt, rangeLength: 0, text: ch };
			const t = text.slice(0, nameAt) + ch + text.slice(nameAt);
			return {
				change,
				text: t,
				doc: t.slice(targetStart, targetStart + docs[target].length + 1),
			};
		}
		const change = { rangeOffset: nameAt, rangeLength: 1, text: ch };
		const t = text.slice(0, nameAt) + ch + text.slice(nameAt + 1);
		return { change, text: t, doc: t.slice(targetStart, targetStart + docs[target].length) };
	};
	const ylsOf = (t) => {
		const y = withModelines(t);
		const p = lineCol(t, keyAt);
		return {
			text: y.text,
			lineMap: y.lineMap,
			position: { line: y.lineMap[p.line], character: p.character },
		};
	};

	// Check first: both engines answer at the position and find the injected errors, nothing else.
	const check = {};
	{
		const m = ml.parseManifest(text);
		const hover = await ml.hoverAt(m, keyAt, catalog, undefined);
		const items = await ml.completeAt(m, keyAt, catalog, undefined);
		check.meshlens = {
			hover: /hosts/.test(hover?.markdown ?? ''),
			completion: items.some((i) => i.label === 'hosts'),
		};
		const y = ylsOf(text);
		const doc = TextDocument.create(
			'file:///bench/edit.yaml',
			'yaml',
			++ylsVersionCounter,
			y.text,
		);
		const yh = await ls.doHover(doc, y.position);
		const yc = await ls.doComplete(doc, y.position, false);
		check.yls = {
			hover: hoverText(yh).length > 0,
			completion: (yc?.items ?? []).some((i) => i.label === 'hosts'),
		};
		const expected = injectedLines(text);
		if (hasValidate) {
			const diags = ml.validate(m, catalog, undefined);
			const got = [
				...new Set((await diags).map((d) => lineCol(text, d.range?.start ?? d.start).line)),
			];
			check.meshlens.validation = sameSet(got, expected);
		}
		{
			const yd = await ls.doValidation(doc, false);
			const got = [...new Set(yd.map((d) => d.range.start.line))].map((l) =>
				y.lineMap.indexOf(l),
			);
			check.yls.validation = sameSet(got, expected);
			if (!check.yls.validation)
				check.yls.validationDetail = yd.slice(0, 3).map((d) => d.message);
		}
		check.errors = expected.length;
	}

	// The floor: the `yaml` parse of the one edited document (with the options Meshlens uses).
	// Meshlens: each operation has its own cache, loaded with the file (not timed), then follows
	// the same edits through ManifestCache.get with the change. The steps run in turn within each
	// repetition, so they share the machine's load; the first repetitions warm up and are dropped.
	const ops = {
		floor: (m, k) => parseDocument(inputs[k].doc, PARSE_OPTIONS),
		hover: (m) => ml.hoverAt(m, keyAt, catalog, undefined),
		completion: (m) => ml.completeAt(m, keyAt, catalog, undefined),
		...(hasValidate ? { validation: (m) => ml.validate(m, catalog, undefined) } : {}),
	};
	const WARM = 5;
	// 26 edited texts (one per letter), used in turn: each edit differs from the one before.
	const letters = Array.from({ length: 26 }, (_, k) => edited(k));
	const inputs = Array.from({ length: REPS + WARM }, (_, k) => letters[k % 26]);
	const caches = {};
	const times = {};
	for (const name of Object.keys(ops)) {
		caches[name] = new ml.ManifestCache();
		void caches[name].get('f', 0, text).documents; // loaded and parsed, as an open file is
		times[name] = [];
	}
	for (let k = 0; k < REPS + WARM; k++) {
		for (const [name, op] of Object.entries(ops)) {
			const { change, text: t } = inputs[k];
			const t0 = clock();
			const m = name === 'floor' ? undefined : caches[name].get('f', k + 1, t, [change]);
			await op(m, k);
			if (k >= WARM) times[name].push(clock() - t0);
		}
	}
	const floor = median(times.floor);
	const meshlens = {
		hover: median(times.hover),
		completion: median(times.completion),
		validation: hasValidate ? median(times.validation) : undefined,
	};

	// yaml-language-server: a new version of the document (it reparses the whole file).
	const reps = ylsReps(bytes);
	const ylsInputs = Array.from({ length: reps }, (_, k) => ylsOf(edited(k).text));
	const ylsOp = (op) =>
		timeEach(reps, (k) => {
			const y = ylsInputs[k];
			return op(
				TextDocument.create('file:///bench/edit.yaml', 'yaml', ++ylsVersionCounter, y.text),
				y.position,
			);
		});
	const ylsTimes = {
		hover: await ylsOp((d, p) => ls.doHover(d, p)),
		completion: await ylsOp((d, p) => ls.doComplete(d, p, false)),
		validation: await ylsOp((d) => ls.doValidation(d, false)),
	};
	results.push({
		sizeName,
		bytes: text.length,
		docs: docs.length,
		check,
		floor,
		meshlens,
		yls: ylsTimes,
	});
	console.error(`${sizeName}: done`);
}

function sameSet(a, b) {
	return a.length === b.length && a.every((x) => b.includes(x));
}

// --- cold: the 5 MB file (or the largest size run) parsed whole ---
const coldSize = sizes.includes('5m') ? '5m' : sizes.at(-1);
const cold = {};
{
	const { text } = generate(SIZES[coldSize]);
	// In turn, so both see the same load.
	const runs = {
		yaml: () => parseAllDocuments(text),
		parse: () => ml.parseManifest(text).documents,
		...(hasValidate
			? { validate: () => ml.validate(ml.parseManifest(text), catalog, undefined) }
			: {}),
	};
	const times = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
	for (let k = 0; k < 3; k++) {
		for (const [name, run] of Object.entries(runs)) {
			const t0 = clock();
			await run();
			times[name].push(clock() - t0);
		}
	}
	for (const [name, t] of Object.entries(times)) cold[name] = median(t);
}

// --- report ---
const f = (x) => (x === undefined ? '—' : x < 10 ? x.toFixed(3) : x.toFixed(1));
const r = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
console.log(
	`node ${process.version}, yaml-language-server ${ylsVersion}, ${new Date().toISOString()}`,
);
console.log(
	`validation in the engine: ${hasValidate ? 'yes' : 'not yet (validate() is not exported)'}; edit: ${EDIT}\n`,
);
console.log(
	'checks before timing (answers at the cursor; injected errors found and nothing else):',
);
for (const x of results)
	console.log(
		`  ${x.sizeName.padEnd(5)} ${x.check.errors} errors  ${JSON.stringify({ meshlens: x.check.meshlens, yls: x.check.yls })}`,
	);
console.log(
	'\none-character edit, then the operation; median ms of CPU time (floor = `yaml` parse of the edited document):',
);
console.log('size   docs   floor   | meshlens: hover  compl.  valid. | yls: hover  compl.  valid.');
for (const x of results) {
	console.log(
		`${x.sizeName.padEnd(6)} ${String(x.docs).padStart(5)} ${f(x.floor).padStart(7)} | ${f(x.meshlens.hover).padStart(15)} ${f(x.meshlens.completion).padStart(7)} ${f(x.meshlens.validation).padStart(7)} | ${f(x.yls.hover).padStart(10)} ${f(x.yls.completion).padStart(7)} ${f(x.yls.validation).padStart(7)}`,
	);
}
console.log('\nRATIOS (lower is better; target: meshlens ≤ 2× the floor at every size):');
console.log('size   | hover/floor compl./floor valid./floor | yls÷meshlens: hover  compl.  valid.');
for (const x of results) {
	console.log(
		`${x.sizeName.padEnd(6)} | ${r(x.meshlens.hover, x.floor).padStart(11)} ${r(x.meshlens.completion, x.floor).padStart(12)} ${r(x.meshlens.validation, x.floor).padStart(12)} | ${r(x.yls.hover, x.meshlens.hover).padStart(19)} ${r(x.yls.completion, x.meshlens.completion).padStart(7)} ${r(x.yls.validation, x.meshlens.validation).padStart(7)}`,
	);
}
console.log(
	`\ncold ${coldSize}: yaml parseAllDocuments ${f(cold.yaml)} ms; meshlens parse of every document ${f(cold.parse)} ms (${r(cold.parse, cold.yaml)}); full validation ${f(cold.validate)} ms (${r(cold.validate, cold.yaml)}; target ≤ 1.2×)`,
);
