// `node bench/matrix.mjs`: times the comparison's pure model (20 meshes × 60 features) and the
// webview drawing that view in headless Chromium, with the real dist/webview.js bundle.
// Run `npm run build` first. Results are printed; nothing is asserted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle, loadEngine } from './engine.mjs';

const dir = mkdtempSync(join(tmpdir(), 'meshlens-bench-'));
const viewFile = join(dir, 'view.json');
const script = await bundle('bench/matrix-data.ts', 'matrix-data.cjs');
console.log('Model (mean per run):');
execFileSync(process.execPath, [script, viewFile], { stdio: 'inherit' });

if (!existsSync('dist/webview.js')) {
	console.log('\nSkipping the webview part: run `npm run build` first.');
	process.exit(0);
}
const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromiumPath) {
	console.log('\nSkipping the webview part: no Chromium (npm run test:e2e installs it).');
	process.exit(0);
}
const { chromium } = await import('playwright-core');
const view = readFileSync(viewFile, 'utf8');
const { renderWebviewHtml } = await loadEngine();
const root = pathToFileURL(process.cwd()).href;
let html = renderWebviewHtml({
	scriptUri: `${root}/dist/webview.js`,
	styleUri: `${root}/dist/webview.css`,
	cspSource: 'file:',
	nonce: 'bench',
});
// A stand-in for the VS Code webview API that answers `ready` with the 20×60 view.
const fake = `<script nonce="bench">
window.acquireVsCodeApi = () => ({ getState: () => undefined, setState() {}, postMessage(m) {
  if (m.type === 'ready') { window.__t0 = performance.now(); const view = ${view};
    window.postMessage({ type: 'view', view, options: { meshes: view.columns.map((c) => c.id) } }, '*'); }
  if (m.type === 'rendered') window.__rendered = performance.now() - window.__t0;
} });
</script>`;
html = html
	.replace('<body>', `<body>${fake}`)
	.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
const page = join(dir, 'index.html');
writeFileSync(page, html);
const browser = await chromium.launch({
	executablePath: chromiumPath,
	args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
});
try {
	const results = [];
	for (let i = 0; i < 5; i++) {
		const tab = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
		await tab.goto(pathToFileURL(page).href);
		await tab.waitForFunction(() => window.__rendered !== undefined, null, { timeout: 20_000 });
		results.push(await tab.evaluate(() => window.__rendered));
		await tab.close();
	}
	results.sort((a, b) => a - b);
	console.log('\nWebview (headless Chromium, 20 meshes × 60 features = 1,200 cells):');
	console.log(
		`view message → table in the DOM: median ${results[2].toFixed(1)} ms, min ${results[0].toFixed(1)} ms, max ${results[4].toFixed(1)} ms`,
	);
} finally {
	await browser.close();
}
