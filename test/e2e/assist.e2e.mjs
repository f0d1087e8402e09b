// Manifest assist in the real workbench: hover on VirtualService and ServiceProfile fields, the
// hover's link into the comparison, and completion on a fresh key line.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { retry } from '../../scripts/e2e/driver.mjs';

const VS = 'istio/bookinfo-routing.yaml';
const SP = 'linkerd/serviceprofile.yaml';

export const tests = [
	{
		name: 'assist: opening a mesh file loads its catalog group before any hover or completion',
		// Not in the web-worker host run: it reads the log file, which that host keeps in the browser.
		async run(wb) {
			await wb.openFile('cilium/envoy-config.yaml');
			// Logged only by the load that opening a document starts (this file's, or an earlier
			// cilium.io file's): completion and hover never log it.
			const line = await retry(() => {
				const m =
					/Catalog: loaded [^\n]*\bcilium\.io\b[^\n]* when (\S+) opened \((\d+) ms[;)]/.exec(
						wb.readOutputChannel('Meshlens'),
					);
				assert.ok(m, 'a "Catalog: loaded cilium.io" line');
				return m;
			});
			assert.ok(Number(line[2]) >= 0);
		},
	},
	{
		name: 'assist: hover explains a VirtualService field with its feature and other meshes',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			const text = await wb.hoverWord(VS, 'retries', { expect: 'Implements' });
			assert.match(text, /retries\s*·\s*object\s*·\s*optional/);
			assert.match(text, /spec\.http\[\]\.retries in VirtualService/);
			assert.match(text, /Implements Retries/);
			assert.match(text, /In other meshes:/);
			assert.match(text, /Linkerd: full/);
			await wb.screenshot('hover');
		},
	},
	{
		name: 'assist: the hover link opens the comparison on that feature',
		async run(wb) {
			await wb.hoverWord(VS, 'retries', { expect: 'Open in comparison' });
			await wb.page
				.locator('.monaco-hover:visible a', { hasText: 'Open in comparison' })
				.click();
			const frame = await wb.waitForWebview(
				'#matrix td.cell.selected[data-feature="retries"]',
			);
			assert.ok(await frame.locator('#detail h2', { hasText: 'Retries' }).isVisible());
		},
	},
	{
		name: 'assist: hover explains a ServiceProfile field',
		async run(wb) {
			const text = await wb.hoverWord(SP, 'isRetryable', { expect: 'isRetryable' });
			assert.match(text, /isRetryable\s*·\s*boolean/);
			assert.match(text, /spec\.routes\[\]\.isRetryable in ServiceProfile/);
			assert.match(text, /Implements Retries/);
		},
	},
	{
		name: 'assist: completion on a fresh key line lists the missing keys',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			// A new line inside the first route, which has name, condition, isRetryable and timeout.
			const labels = await wb.triggerCompletion(SP, {
				after: 'isRetryable: true',
				type: '\n',
				expect: 'responseClasses',
				keepOpen: true,
			});
			try {
				assert.ok(labels.includes('responseClasses'), labels.join());
				for (const present of ['name', 'condition', 'isRetryable', 'timeout']) {
					assert.ok(!labels.includes(present), `${present} is already there`);
				}
			} finally {
				await wb.page.keyboard.press('Escape');
				await wb.revertFile();
			}
		},
	},
	{
		name: 'assist: completion on an empty line after spec: at column 0 inserts spec keys indented',
		async run(wb) {
			const file = 'istio/col0-completion.yaml';
			writeFileSync(
				join(wb.workspace, file),
				'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: col0\nspec:\n  hosts:\n    - ratings\n',
			);
			try {
				// Enter at the start of "  hosts:" leaves an empty, unindented line under spec:.
				await wb.goTo(file, 6, 1);
				await wb.page.keyboard.press('Enter');
				await wb.page.keyboard.press('ArrowUp');
				await wb.page.keyboard.press('Home');
				const labels = await wb.triggerCompletion(file, {
					line: 6,
					column: 1,
					expect: 'gateways',
					keepOpen: true,
				});
				for (const key of ['gateways', 'http', 'tcp', 'tls']) {
					assert.ok(labels.includes(key), `${key} offered: ${labels.join()}`);
				}
				assert.ok(!labels.includes('hosts'), 'hosts is already there');
				await wb.screenshot('completion-col0');
				await wb.page.keyboard.type('gatew');
				await wb.page.keyboard.press('Enter');
				await wb.page.locator('.tab.active.dirty').waitFor({ timeout: 10_000 });
				await wb.page.keyboard.press('Escape');
				await wb.page.keyboard.press('Control+S');
				await wb.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
				const saved = readFileSync(join(wb.workspace, file), 'utf8');
				assert.match(saved, /^spec:\n {2}gateways:\n {4}- .*\n {2}hosts:\n/m, saved);
			} finally {
				await wb.reset();
				rmSync(join(wb.workspace, file), { force: true });
			}
		},
	},
	{
		name: 'assist: completion in a VirtualService route offers the route keys with their types',
		async run(wb) {
			const labels = await wb.triggerCompletion(VS, {
				after: 'timeout: 5s',
				type: '\n',
				expect: 'fault',
				keepOpen: true,
			});
			try {
				for (const key of ['fault', 'mirror', 'corsPolicy', 'headers']) {
					assert.ok(labels.includes(key), `${key} offered: ${labels.join()}`);
				}
				assert.ok(
					!labels.includes('retries') && !labels.includes('route'),
					'present keys left out',
				);
				await wb.screenshot('completion');
			} finally {
				await wb.page.keyboard.press('Escape');
				await wb.revertFile();
			}
		},
	},
];
