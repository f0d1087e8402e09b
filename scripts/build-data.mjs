// Writes dist/dataset.json: the built-in dataset (data/features.yaml + data/meshes/*.yaml +
// data/changelog.yaml) parsed
// and validated with the core's own loader at build time, so the extension reads one JSON file
// instead of parsing and validating YAML on every start; and dist/catalog/docs/<group>.json, the
// catalog's docs as JSON, for the same reason. Fails on any problem in the data.
// Run by esbuild.mjs after every build; `node scripts/build-data.mjs` runs it alone.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds dist/dataset.json; returns the problems found (none when it was written). */
export async function buildDataset({ root = ROOT } = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'meshlens-data-'));
	try {
		const out = join(dir, 'core.cjs');
		await build({
			entryPoints: [join(root, 'src', 'core', 'index.ts')],
			bundle: true,
			loader: { '.yaml': 'text' },
			format: 'cjs',
			platform: 'node',
			outfile: out,
			logLevel: 'error',
		});
		const { loadDataset, formatIssue, parseDocs } = createRequire(import.meta.url)(out);
		const read = (rel) => ({ path: rel, text: readFileSync(join(root, rel), 'utf8') });
		const meshes = readdirSync(join(root, 'data', 'meshes'))
			.filter((f) => /\.ya?ml$/.test(f))
			.sort()
			.map((f) => read(`data/meshes/${f}`));
		const { dataset, issues } = loadDataset({
			features: read('data/features.yaml'),
			meshes,
			catalogIndex: read('data/catalog/schemas/index.json'),
			changelog: read('data/changelog.yaml'),
		});
		if (issues.length) return issues.map(formatIssue);
		mkdirSync(join(root, 'dist'), { recursive: true });
		writeFileSync(join(root, 'dist', 'dataset.json'), JSON.stringify(dataset));
		// The catalog's docs as JSON (dist/catalog/docs/<group>.json): hover reads them at once.
		const docsDir = join(root, 'data', 'catalog', 'docs');
		const outDir = join(root, 'dist', 'catalog', 'docs');
		mkdirSync(outDir, { recursive: true });
		const problems = [];
		for (const f of readdirSync(docsDir).filter((n) => n.endsWith('.yaml'))) {
			const text = readFileSync(join(docsDir, f), 'utf8');
			if (!parseDocs(text)) {
				problems.push(`data/catalog/docs/${f}: not a docs file`);
				continue;
			}
			const json = JSON.stringify(parseYaml(text, { maxAliasCount: 50, uniqueKeys: false }));
			writeFileSync(join(outDir, f.replace(/\.yaml$/, '.json')), json);
		}
		return problems;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const problems = await buildDataset();
	for (const p of problems) console.error(`data: ${p}`);
	process.exitCode = problems.length ? 1 : 0;
}
