import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
	Catalog,
	loadDataset,
	plainDiagnostic,
	type DataFile,
	type Diagnostic,
	type LoadResult,
} from '../../src/core';

/**
 * Diagnostics as plain objects, for comparing the values of incremental results (whose moved
 * diagnostics with quick fixes read their fixes through a getter) with results from scratch.
 */
export const plain = (ds: readonly Diagnostic[]): Diagnostic[] => ds.map(plainDiagnostic);

/** The repository root: tests run from it (npm scripts). */
export const ROOT = process.cwd();
export const DATA_DIR = join(ROOT, 'data');

export function builtinFiles(): {
	features: DataFile;
	meshes: DataFile[];
	catalogIndex: DataFile;
	changelog: DataFile;
} {
	const meshDir = join(DATA_DIR, 'meshes');
	return {
		features: {
			path: 'data/features.yaml',
			text: readFileSync(join(DATA_DIR, 'features.yaml'), 'utf8'),
		},
		changelog: {
			path: 'data/changelog.yaml',
			text: readFileSync(join(DATA_DIR, 'changelog.yaml'), 'utf8'),
		},
		meshes: readdirSync(meshDir)
			.filter((f) => f.endsWith('.yaml'))
			.sort()
			.map((f) => ({
				path: `data/meshes/${f}`,
				text: readFileSync(join(meshDir, f), 'utf8'),
			})),
		catalogIndex: {
			path: 'data/catalog/schemas/index.json',
			text: readFileSync(join(DATA_DIR, 'catalog', 'schemas', 'index.json'), 'utf8'),
		},
	};
}

export function loadBuiltin(): LoadResult {
	return loadDataset(builtinFiles());
}

/** A small valid dataset for model tests, independent of the shipped data. */
export const FEATURES_YAML = `
categories:
  - { id: traffic, name: Traffic }
  - { id: security, name: Security }
features:
  - { id: retries, category: traffic, name: Retries, description: Repeats failed requests. }
  - { id: timeouts, category: traffic, name: Timeouts, description: Bounds request time. }
  - { id: mtls, category: security, name: Mutual TLS, description: Encrypts traffic. }
`;

export function meshYaml(id: string, cells: Record<string, [string, string]>, extra = ''): string {
	const cellText = Object.entries(cells)
		.map(
			([f, [support, value]]) =>
				`  ${f}:\n    support: ${support}\n    value: "${value}"\n    sources: [https://example.com/${id}/${f}]\n    asOf: 2026-11-0${Object.keys(cells).indexOf(f) + 1}`,
		)
		.join('\n');
	return `id: ${id}
name: ${id.toUpperCase()}
creators: [Someone]
vendor: Vendor ${id}
openSource: true
license: Apache-2.0
governance: { body: CNCF, status: graduated }
dataPlaneProxy: Envoy
lifecycle: { status: active }
latestVersion: { version: "1.0", date: 2026-09-01, source: "https://example.com/${id}/releases" }
homepage: https://example.com/${id}
docs: https://example.com/${id}/docs
asOf: 2026-10-01
sources: [https://example.com/${id}]
${extra}
cells:
${cellText}
`;
}

export function smallDataset(): LoadResult {
	return loadDataset({
		features: { path: 'features.yaml', text: FEATURES_YAML },
		meshes: [
			{
				path: 'a.yaml',
				text: meshYaml('alpha', {
					retries: ['full', 'Per route'],
					timeouts: ['full', 'Per route'],
					mtls: ['full', 'On by default'],
				}),
			},
			{
				path: 'b.yaml',
				text: meshYaml('beta', {
					retries: ['partial', 'Only idempotent | GET'],
					timeouts: ['full', 'Per route'],
					mtls: ['none', 'No'],
				}),
			},
			{
				path: 'c.yaml',
				text: meshYaml(
					'gamma',
					{ retries: ['full', 'Yes'], timeouts: ['full', 'Yes'], mtls: ['full', 'Yes'] },
					'lifecycle: { status: archived, date: 2023-06-30, successor: alpha }',
				).replace('lifecycle: { status: active }\n', ''),
			},
		],
	});
}

/** The shipped manifest catalog, read from data/catalog. */
export const catalog = new Catalog((path) => {
	const file = join(DATA_DIR, 'catalog', path);
	return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
});

/**
 * Milliseconds of CPU time this process has used. Bounds that catch runaway work (alias bombs,
 * quadratic loops) use it instead of the wall clock, which moves with the machine's other load.
 */
export function cpuMs(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
}

/** What a CLI command printed, and its exit code. */
export interface Captured {
	readonly code: number;
	readonly out: string;
	readonly err: string;
}

/** Runs a CLI entry point with stdout and stderr captured as text. */
export async function captured(
	command: (io: { stdout: (t: string) => void; stderr: (t: string) => void }) => Promise<number>,
): Promise<Captured> {
	let out = '';
	let err = '';
	const code = await command({ stdout: (t) => (out += t), stderr: (t) => (err += t) });
	return { code, out, err };
}
