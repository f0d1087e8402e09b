// The benchmarks' one way to run Meshlens's engine: bundled with esbuild from its TypeScript
// sources (the public API, `src/core`, plus the CLI's loader of the data folder) into
// out/bench/ (ignored by git), then required. `yaml` stays external, so the engine and a
// benchmark's floor (`yaml` called directly) run the same copy of the parser (and its JIT state);
// bundled inside the repository, the engine's `require('yaml')` finds the repository's package.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const outDir = resolve('out', 'bench');

/**
 * Bundles TypeScript for Node as CommonJS into out/bench/<outName>: `entry` is a file, or
 * `{ contents }` for source text resolved from the repository root. Returns the bundle's path.
 */
export async function bundle(entry, outName) {
	mkdirSync(outDir, { recursive: true });
	const outfile = resolve(outDir, outName);
	await build({
		...(typeof entry === 'string'
			? { entryPoints: [entry] }
			: { stdin: { contents: entry.contents, resolveDir: process.cwd(), loader: 'ts' } }),
		bundle: true,
		loader: { '.yaml': 'text' },
		platform: 'node',
		format: 'cjs',
		outfile,
		external: ['yaml'],
		logLevel: 'error',
	});
	return outfile;
}

let engine;

/** The engine: everything `src/core` exports, and `loadDatasetFromDir` of the CLI. */
export async function loadEngine() {
	engine ??= createRequire(import.meta.url)(
		await bundle(
			{
				contents: [
					"export * from './src/core';",
					"export { loadDatasetFromDir } from './src/cli/data';",
				].join('\n'),
			},
			'engine.cjs',
		),
	);
	return engine;
}
