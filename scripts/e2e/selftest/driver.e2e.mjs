// Self-test of the workbench driver against the recipe's prototype extension
// (../shared/e2e-recipe/ext): hover, completion, webview, tree view, palette and reload. Its
// providers answer on any YAML word, so the checks do not depend on Meshlens's features.
import assert from 'node:assert/strict';
import { retry } from '../driver.mjs';

export const tests = [
	{
		name: 'hoverWord shows the hover of an off-screen word',
		async run(wb) {
			const text = await wb.hoverWord('istio/bookinfo-routing.yaml', 'consecutive5xxErrors', {
				expect: 'HOVER-OK',
			});
			assert.equal(text, 'HOVER-OK field=consecutive5xxErrors');
		},
	},
	{
		name: 'triggerCompletion lists suggestions and leaves the file clean',
		async run(wb) {
			const at = await wb.triggerCompletion('istio/security.yaml', {
				after: 'mode: ',
				expect: 'mesh-complete-ok',
			});
			assert.ok(at.includes('mesh-complete-ok'), at.join());
			const atEnd = await wb.triggerCompletion('kuma/mesh-timeout.yaml', {
				type: 'me',
				expect: 'mesh-complete-ok',
			});
			assert.ok(atEnd.includes('mesh-complete-ok'), atEnd.join());
			assert.equal(await wb.page.locator('.tab.dirty').count(), 0, 'no file left modified');
		},
	},
	{
		name: 'reset() discards a modified file (no save prompt left open)',
		async run(wb) {
			await wb.triggerCompletion('app/deployment.yaml', {
				type: 'me',
				expect: 'mesh-complete-ok',
				keepOpen: true,
			});
			await wb.page.locator('.tab.dirty').waitFor();
			await wb.reset();
			assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0);
			await retry(async () => assert.equal(await wb.page.locator('.tab').count(), 0));
		},
	},
	{
		name: 'reset() hides the bottom panel',
		async run(wb) {
			const panel = wb.page.locator('.part.panel');
			await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
			await panel.waitFor({ state: 'visible' });
			await wb.reset();
			assert.equal(await panel.isVisible(), false);
			await wb.reset(); // Already hidden: nothing to do, no palette left open.
			assert.equal(await wb.page.locator('.quick-input-widget').isVisible(), false);
		},
	},
	{
		name: 'runCommand, waitForWebview, openView and viewSection',
		async run(wb) {
			assert.equal(await wb.hasCommand('Proto: No Such Command', { timeout: 1000 }), false);
			await wb.runCommand('Proto: Open Matrix');
			const frame = await wb.waitForWebview('#matrix td#cell-ok');
			assert.equal(await frame.locator('#cell-ok').innerText(), 'MATRIX-OK');
			await wb.openView('Proto Mesh');
			await wb.openView('Proto Mesh'); // Already open: must stay open.
			const meshes = await wb.viewSection('Meshes');
			await meshes.locator('.monaco-list-row').nth(1).waitFor();
			assert.deepEqual(await meshes.locator('.label-name').allInnerTexts(), [
				'Istio',
				'Linkerd',
			]);
		},
	},
	{
		name: 'reload brings the open editors back',
		async run(wb) {
			await wb.openFile('linkerd/serviceprofile.yaml');
			await wb.openFile('consul/service-defaults.yaml');
			await wb.reload();
			await wb.page.locator('.tab', { hasText: 'serviceprofile.yaml' }).waitFor();
			await wb.openFile('linkerd/serviceprofile.yaml');
			await wb.screenshot('selftest-after-reload');
		},
	},
];
