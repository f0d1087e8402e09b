// `node bench/lint.mjs`: `meshlens lint` over a generated tree of 10,000 manifest files against the
// floor, a Node process that reads the same files and parses each with `yaml` — with the package's
// CommonJS build, as `require('yaml')` gives it, and with its ES module build, the one the CLI
// bundles (it parses ~15 % faster: no process.env look-up per token). Both run as fresh
// processes (start-up included), in turn, three times; medians are compared. Before timing, the
// lint output is checked: exactly the injected errors, nothing else. Needs `npm run build` first
// (dist/cli.js). Prints the ratio; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { documentText, injectedLines } from './manifests.mjs';

const FILES = 10_000;
const REPS = Number(process.env.BENCH_REPS ?? 3);
const cli = resolve('dist', 'cli.js');
if (!existsSync(cli)) {
	console.log('Skipping: no dist/cli.js (run `npm run build` first).');
	process.exit(0);
}
const help = spawnSync(process.execPath, [cli, 'lint', '--help'], { encoding: 'utf8' });
if (/unknown command/i.test(`${help.stdout}${help.stderr}`)) {
	console.log('Skipping: this build of the CLI has no `lint` command.');
	process.exit(0);
}

// --- the tree: 100 folders of 100 files, ~1 KB each ---
const root = resolve('out', 'bench', 'lint-tree');
rmSync(root, { recursive: true, force: true });
const expected = new Set();
for (let i = 0; i < FILES; i++) {
	const folder = join(root, `team-${String(Math.floor(i / 100)).padStart(2, '0')}`);
	if (i % 100 === 0) mkdirSync(folder, { recursive: true });
	const file = join(folder, `m-${i}.yaml`);
	const text = documentText(i);
	writeFileSync(file, text);
	for (const line of injectedLines(text)) expected.add(`${file}:${line + 1}`);
}

// Each process reports its CPU time (user + system, all threads) on stderr as it exits.
const cpuReport = resolve('out', 'bench', 'cpu-report.cjs');
writeFileSync(
	cpuReport,
	"process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`\\nBENCH_CPU_MS ${(u.user + u.system) / 1000}\\n`); });\n",
);
const cpuOf = (result) => Number(/BENCH_CPU_MS ([\d.]+)/.exec(result.stderr ?? '')?.[1] ?? NaN);

const floorScript = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseAllDocuments } = require('yaml');
let docs = 0;
for (const e of readdirSync(process.argv[1], { recursive: true, withFileTypes: true })) {
	if (e.isFile() && e.name.endsWith('.yaml')) docs += parseAllDocuments(readFileSync(join(e.parentPath, e.name), 'utf8')).length;
}
console.log(docs);
`;
// The same walk with yaml's ES module build (`browser/index.js`, what dist/cli.js bundles).
const floorEsmScript = `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from ${JSON.stringify(resolve('node_modules', 'yaml', 'browser', 'index.js'))};
let docs = 0;
for (const e of readdirSync(process.argv[1], { recursive: true, withFileTypes: true })) {
	if (e.isFile() && e.name.endsWith('.yaml')) docs += parseAllDocuments(readFileSync(join(e.parentPath, e.name), 'utf8')).length;
}
console.log(docs);
`;
const run = {
	lint: () =>
		spawnSync(
			process.execPath,
			['--require', cpuReport, cli, 'lint', root, '--format', 'json'],
			{
				encoding: 'utf8',
				maxBuffer: 1 << 28,
			},
		),
	// Schema validation alone: no checker has a selected code, so cross-resource analysis is skipped.
	schema: () =>
		spawnSync(
			process.execPath,
			['--require', cpuReport, cli, 'lint', root, '--format', 'json', '--select', 'ML'],
			{ encoding: 'utf8', maxBuffer: 1 << 28 },
		),
	floor: () =>
		spawnSync(process.execPath, ['--require', cpuReport, '-e', floorScript, root], {
			encoding: 'utf8',
			cwd: process.cwd(),
		}),
	floorEsm: () =>
		spawnSync(
			process.execPath,
			['--require', cpuReport, '--input-type=module', '-e', floorEsmScript, root],
			{ encoding: 'utf8', cwd: process.cwd() },
		),
};

// --- check: exactly the injected errors ---
const first = run.lint();
let found;
try {
	found = JSON.parse(first.stdout);
} catch {
	console.log(`lint did not print JSON (exit ${first.status}): ${first.stderr.slice(0, 500)}`);
	process.exit(1);
}
const got = new Set(found.map((d) => `${resolve(d.file)}:${d.line}`));
const missing = [...expected].filter((k) => !got.has(k));
const extra = [...got].filter((k) => !expected.has(k));
const schemaOnly = JSON.parse(run.schema().stdout);
const sameSchema =
	schemaOnly.length === found.length && schemaOnly.every((d, i) => d.code === found[i]?.code);
const floorDocs = Number(run.floor().stdout.trim());
const floorEsmDocs = Number(run.floorEsm().stdout.trim());
console.log(
	`check: ${expected.size} injected errors; lint found ${got.size} (missing ${missing.length}, extra ${extra.length}), exit ${first.status}; --select ML (the schema codes) found the same: ${sameSchema}; floors parsed ${floorDocs} and ${floorEsmDocs} documents`,
);
if (missing.length || extra.length)
	console.log({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) });

// --- timing: in turn, fresh processes ---
const times = { lint: [], schema: [], floor: [], floorEsm: [] };
const cpu = { lint: [], schema: [], floor: [], floorEsm: [] };
for (let k = 0; k < REPS; k++) {
	for (const name of ['floor', 'floorEsm', 'lint', 'schema']) {
		const t0 = performance.now();
		const result = run[name]();
		times[name].push(performance.now() - t0);
		cpu[name].push(cpuOf(result));
	}
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const node = execFileSync(process.execPath, ['--version'], { encoding: 'utf8' }).trim();
console.log(`node ${node}, ${FILES} files, ${new Date().toISOString()}`);
console.log('median of', REPS, 'fresh processes (wall ms / CPU ms, user + system):');
for (const [name, label] of [
	['floor', 'floor (read + yaml parseAllDocuments, require(yaml): CommonJS build)'],
	['floorEsm', 'floor, ES module build of yaml (the build the CLI bundles)'],
	['lint', 'meshlens lint --format json (schema + cross-resource analysis)'],
	['schema', 'meshlens lint --format json --select ML (schema only)'],
])
	console.log(`  ${label}: ${median(times[name]).toFixed(0)} / ${median(cpu[name]).toFixed(0)}`);
for (const name of ['lint', 'schema'])
	for (const floor of ['floor', 'floorEsm'])
		console.log(
			`RATIO ${name} / ${floor}: wall ${(median(times[name]) / median(times[floor])).toFixed(2)}×, CPU ${(median(cpu[name]) / median(cpu[floor])).toFixed(2)}× (target ≤ 1.5×)`,
		);
// Per repetition (each run in turn, so under the same load): CPU ratios.
for (const name of ['lint', 'schema'])
	console.log(
		`per repetition, ${name} CPU ÷ floor: ${cpu[name].map((c, k) => (c / cpu.floor[k]).toFixed(2)).join(' ')}; ÷ ES-module floor: ${cpu[name].map((c, k) => (c / cpu.floorEsm[k]).toFixed(2)).join(' ')}`,
	);
rmSync(root, { recursive: true, force: true });
