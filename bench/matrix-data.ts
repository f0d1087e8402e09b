// Builds a synthetic dataset of the size the issue names (20 meshes × 60 features) plus the
// shipped one, and times the pure parts: load + validate, build the view, export.
import { loadDataset, type DataFile } from '../src/core';
import { buildMatrix, toCsv, toHtml, toMarkdown } from '../src/core';
import { loadDatasetFromDir } from '../src/cli/data';
import { writeFileSync } from 'node:fs';

const SUPPORT = ['full', 'partial', 'preview', 'enterprise', 'none', 'n/a'];

export function syntheticFiles(
	meshes = 20,
	features = 60,
): { features: DataFile; meshes: DataFile[] } {
	const cats = ['general', 'architecture', 'traffic', 'resiliency', 'security', 'observability'];
	const featureYaml = [
		'categories:',
		...cats.map((c) => `  - { id: ${c}, name: ${c.toUpperCase()} }`),
		'features:',
		...Array.from(
			{ length: features },
			(_, i) =>
				`  - { id: f${i}, category: ${cats[i % cats.length]}, name: Feature ${i}, description: What feature ${i} does. }`,
		),
	].join('\n');
	const meshFiles = Array.from({ length: meshes }, (_, m) => {
		const cells = Array.from(
			{ length: features },
			(_, f) => `  f${f}:
    support: ${SUPPORT[(m * 7 + f * 3) % SUPPORT.length]}
    value: "Value ${m}-${f} with some words"
    note: "A note about mesh ${m} and feature ${f} that is a sentence long."
    sources: [https://example.com/m${m}/f${f}, https://example.com/m${m}/docs]
    asOf: 2026-11-25
    since: "1.${f}"`,
		).join('\n');
		return {
			path: `m${m}.yaml`,
			text: `id: m${m}
name: Mesh ${m}
creators: [Someone]
vendor: Vendor ${m}
openSource: true
license: Apache-2.0
governance: { body: CNCF, status: graduated }
dataPlaneProxy: Envoy
lifecycle: ${m % 5 === 4 ? '{ status: archived, date: 2024-01-01 }' : '{ status: active }'}
latestVersion: { version: "1.${m}", date: 2026-11-01, source: "https://example.com/m${m}" }
homepage: https://example.com/m${m}
docs: https://example.com/m${m}/docs
asOf: 2026-11-25
sources: [https://example.com/m${m}]
cells:
${cells}
`,
		};
	});
	return { features: { path: 'features.yaml', text: featureYaml }, meshes: meshFiles };
}

function time<T>(label: string, runs: number, fn: () => T): T {
	let result = fn();
	const started = performance.now();
	for (let i = 0; i < runs; i++) result = fn();
	const ms = (performance.now() - started) / runs;
	console.log(`${label.padEnd(44)} ${ms.toFixed(2).padStart(8)} ms`);
	return result;
}

const synthetic = syntheticFiles();
const { dataset, issues } = time('load + validate 20×60 synthetic', 20, () =>
	loadDataset(synthetic),
);
if (issues.length) throw new Error(`synthetic dataset has issues: ${JSON.stringify(issues[0])}`);
const ids = dataset.meshes.map((m) => m.id);
const view = time('buildMatrix 20×60', 200, () => buildMatrix(dataset, { meshes: ids }));
time('buildMatrix 20×60, text filter + differences', 200, () =>
	buildMatrix(dataset, { meshes: ids, text: 'value 3', onlyDifferences: true }),
);
time('toMarkdown 20×60', 100, () => toMarkdown(view));
time('toCsv 20×60', 100, () => toCsv(view));
time('toHtml 20×60', 100, () => toHtml(view));
const shipped = time('load + validate shipped data/', 20, () => loadDatasetFromDir('data'));
time('buildMatrix shipped, all meshes', 200, () =>
	buildMatrix(shipped.dataset, { meshes: shipped.dataset.meshes.map((m) => m.id) }),
);
writeFileSync(process.argv[2] ?? 'bench/.view-20x60.json', JSON.stringify(view));
