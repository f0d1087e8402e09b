// Builds every bundle: the Node and web extension, the webview, the CLI and (with --tests) the tests.
// Usage: node esbuild.mjs [--production] [--watch] [--tests]
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset } from './scripts/build-data.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Reports build results in the shape VS Code's esbuild problem matcher expects. */
const problemMatcher = {
	name: 'problem-matcher',
	setup(build) {
		build.onStart(() => console.log('[watch] build started'));
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location)
					console.error(`    ${location.file}:${location.line}:${location.column}:`);
			}
			console.log('[watch] build finished');
		});
	},
};

/**
 * The Node bundles take `yaml`'s ES module build (the one the web bundle uses) instead of its
 * CommonJS build: the same parser, but bundled as plain functions rather than through CommonJS
 * export getters on every `isMap`/`isScalar` call, and without the CommonJS build's look at
 * `process.env.LOG_TOKENS` for every token (a call into the environment each time); a file
 * parses about 15 % faster.
 */
const YAML_ESM = { yaml: './node_modules/yaml/browser/index.js' };

const base = {
	bundle: true,
	minify: production,
	sourcemap: !production,
	sourcesContent: false,
	// data/ YAML the core bundles (the Istio annotation catalogue), parsed and validated at run time.
	loader: { '.yaml': 'text' },
	logLevel: 'warning',
	// The `[watch]` lines are for VS Code's problem matcher in watch mode; one-off builds stay quiet.
	plugins: watch ? [problemMatcher] : [],
};

/** Lists the test entry points below a folder. */
function testEntries(dir) {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true })
		.map(String)
		.filter((f) => f.endsWith('.test.ts') || (dir.endsWith('integration') && f === 'index.ts'))
		.map((f) => join(dir, f));
}

const configs = [
	{
		...base,
		entryPoints: ['src/extension.ts'],
		outfile: 'dist/extension.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
		alias: YAML_ESM,
	},
	{
		...base,
		entryPoints: ['src/extension.ts'],
		outfile: 'dist/web/extension.js',
		platform: 'browser',
		format: 'cjs',
		target: 'es2022',
		external: ['vscode'],
		define: { 'process.env.MESHLENS_WEB': '"1"' },
	},
	{
		...base,
		entryPoints: { webview: 'webview/main.ts' },
		outdir: 'dist',
		platform: 'browser',
		format: 'esm',
		target: 'es2022',
		loader: { '.css': 'css' },
	},
	{
		...base,
		entryPoints: ['src/cli.ts'],
		outfile: 'dist/cli.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		banner: { js: '#!/usr/bin/env node' },
		alias: YAML_ESM,
	},
];

if (tests) {
	const unit = testEntries('test/unit');
	const integration = testEntries('test/integration');
	if (unit.length) {
		configs.push({
			...base,
			entryPoints: unit,
			outdir: 'out/test/unit',
			outbase: 'test/unit',
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			// Tests that bundle (the webview size budget) load esbuild from node_modules.
			external: ['esbuild'],
			plugins: [],
		});
	}
	if (integration.length) {
		configs.push({
			...base,
			entryPoints: integration,
			outdir: 'out/test/integration',
			outbase: 'test/integration',
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			external: ['vscode', 'mocha'],
			plugins: [],
		});
	}
}

/** Copies the codicon font into dist/: the toolkit's <vscode-icon> (in the mesh picker) needs it. */
function copyAssets() {
	const codicons = 'node_modules/@vscode/codicons/dist';
	if (existsSync(codicons)) {
		mkdirSync('dist/codicons', { recursive: true });
		for (const f of ['codicon.css', 'codicon.ttf'])
			cpSync(join(codicons, f), join('dist/codicons', f));
	}
}

if (watch) {
	const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
	copyAssets();
	await Promise.all(contexts.map((c) => c.watch()));
} else {
	await Promise.all(configs.map((c) => esbuild.build(c)));
	copyAssets();
}

// dist/dataset.json: data/ validated once here, read by the extension in one JSON.parse.
const problems = await buildDataset();
if (problems.length) {
	for (const p of problems) console.error(`✘ [ERROR] data: ${p}`);
	if (!watch) process.exitCode = 1;
}
