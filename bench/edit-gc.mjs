// `node bench/edit-gc.mjs`: where validation after a keystroke in a 5 MB file spends the time that
// makes it dearer than at 1 MB. One process per configuration (so nothing one leaves in memory
// reaches the next), each timing the floor (`yaml` parses the edited document) and, unless
// `floor only`, `ManifestCache.get` + `validate` after a one-character edit, 1,000 edits in turn,
// median CPU ms. Configurations: the floor with no parsed file in memory; the floor with the 5 MB
// file parsed and validated in a ManifestCache (as an open editor holds it); floor + validation
// with that one cache; and with three more caches of the same file (what bench/edit.mjs holds: one
// per operation). Prints the medians, the ratios and the heap in use; asserts nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { loadEngine } from './engine.mjs';
import { documentText } from './manifests.mjs';

const CONFIGS = [
	{ name: 'floor, nothing parsed in memory', cache: false, validate: false, extra: 0 },
	{ name: 'floor, the 5 MB file held parsed', cache: true, validate: false, extra: 0 },
	{ name: 'floor + validation, one cache', cache: true, validate: true, extra: 0 },
	{ name: 'floor + validation, four caches', cache: true, validate: true, extra: 3 },
];
const EDITS = Number(process.env.BENCH_EDITS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

if (process.argv[2] !== '--child') {
	const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
	console.log(
		`node ${process.version}, ${EDITS} edits per run, ${RUNS} runs per configuration, edit: ${process.env.BENCH_EDIT ?? 'replace'}`,
	);
	const rows = CONFIGS.map((c) => ({ ...c, floor: [], validation: [], heap: [] }));
	for (let r = 0; r < RUNS; r++) {
		for (const [i, row] of rows.entries()) {
			const out = spawnSync(process.execPath, [process.argv[1], '--child', String(i)], {
				encoding: 'utf8',
			});
			const result = JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '{}');
			row.floor.push(result.floor);
			if (result.validation !== undefined) row.validation.push(result.validation);
			row.heap.push(result.heap);
		}
	}
	for (const row of rows) {
		const ratios = row.validation.map((v, k) => (v / row.floor[k]).toFixed(2));
		console.log(
			`${row.name.padEnd(36)} floor ${median(row.floor).toFixed(3)} ms (runs: ${row.floor.map((x) => x.toFixed(3)).join(' ')})` +
				(ratios.length
					? `, validation ${median(row.validation).toFixed(3)} ms, ÷ floor per run: ${ratios.join(' ')}`
					: '') +
				`, heap ${Math.round(median(row.heap))} MB`,
		);
	}
	process.exit(0);
}

const config = CONFIGS[Number(process.argv[3])];
const ml = await loadEngine();
const catalogDir = resolve('data', 'catalog');
const catalog = new ml.Catalog((path) => {
	const file = join(catalogDir, path);
	return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
});
const clock = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};
const PARSE_OPTIONS = { strict: false, uniqueKeys: false, prettyErrors: false };

// The 5 MB file of bench/edit.mjs: the edit is one character of the middle VirtualService's name.
const docs = [];
for (let length = 0; length < 5e6; length += docs.at(-1).length + 4)
	docs.push(documentText(docs.length));
const target = (docs.length >> 1) & ~1;
docs[target] = documentText(target, true);
const text = docs.join('---\n');
let start = 0;
for (let i = 0; i < target; i++) start += docs[i].length + 4;
const at = text.indexOf('name: vs-', start) + 'name: vs-'.length;
// BENCH_EDIT=insert: type a letter and delete it in turn (what follows moves), as bench/edit.mjs.
const INSERT = process.env.BENCH_EDIT === 'insert';
const letters = Array.from({ length: 26 }, (_, k) => {
	const ch = String.fromCharCode(97 + k);
	if (INSERT && k % 2 === 1) {
		const doc = text.slice(start, start + docs[target].length);
		return { change: { rangeOffset: at, rangeLength: 1, text: '' }, text, doc };
	}
	if (INSERT) {
		const t = text.slice(0, at) + ch + text.slice(at);
		const doc = t.slice(start, start + docs[target].length + 1);
		return { change: { rangeOffset: at, rangeLength: 0, text: ch }, text: t, doc };
	}
	const t = text.slice(0, at) + ch + text.slice(at + 1);
	return {
		change: { rangeOffset: at, rangeLength: 1, text: ch },
		text: t,
		doc: t.slice(start, start + docs[target].length),
	};
});

const caches = [];
for (let i = 0; i < (config.cache ? 1 + config.extra : 0); i++) {
	const cache = new ml.ManifestCache();
	await ml.validate(cache.get('f', 0, text), catalog);
	caches.push(cache);
}
const floor = [];
const validation = [];
for (let k = 0; k < EDITS + 5; k++) {
	const input = letters[k % 26];
	let t0 = clock();
	parseDocument(input.doc, PARSE_OPTIONS);
	if (k >= 5) floor.push(clock() - t0);
	if (!config.validate) continue;
	t0 = clock();
	await ml.validate(caches[0].get('f', k + 1, input.text, [input.change]), catalog);
	if (k >= 5) validation.push(clock() - t0);
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(
	JSON.stringify({
		floor: median(floor),
		...(validation.length ? { validation: median(validation) } : {}),
		heap: process.memoryUsage().heapUsed / 1e6,
	}),
);
