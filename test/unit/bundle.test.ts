import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { build } from 'esbuild';
import { ROOT } from './helpers';

/** The webview boots on every open of the comparison: its bundle's size is its start-up time. */
const WEBVIEW_BUDGET = 250 * 1024;

describe('bundles', () => {
	it(`keeps the minified webview bundle under ${WEBVIEW_BUDGET / 1024} KiB (no zod classic, no yaml)`, async () => {
		const result = await build({
			entryPoints: [join(ROOT, 'webview', 'main.ts')],
			bundle: true,
			minify: true,
			format: 'esm',
			platform: 'browser',
			loader: { '.css': 'css' },
			outdir: join(ROOT, 'out', 'bundle-check'),
			write: false,
			metafile: true,
			logLevel: 'silent',
		});
		const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
		assert.ok(js, 'a JavaScript output');
		const inputs = Object.keys(result.metafile.inputs);
		assert.ok(
			!inputs.some((f) => f.includes('node_modules/yaml/')),
			'the webview bundles no YAML parser',
		);
		assert.ok(
			!inputs.some((f) => /node_modules\/zod\/v4\/classic\//.test(f)),
			'the webview uses zod/mini only',
		);
		assert.ok(
			js.contents.length < WEBVIEW_BUDGET,
			`webview bundle is ${js.contents.length} bytes`,
		);
	});
});
