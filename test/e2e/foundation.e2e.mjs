// Foundation checks in the real workbench: the extension activates, the comparison command is
// in the palette and opens its webview, and the activity bar has the Service Meshes views.
import assert from 'node:assert/strict';
import { retry } from '../../scripts/e2e/driver.mjs';

export const tests = [
	{
		name: 'the extension activates and logs to its output channel',
		async run(wb) {
			// Opening a mesh manifest activates the extension (onLanguage:yaml).
			await wb.openFile('istio/bookinfo-routing.yaml');
			await retry(
				async () => assert.match(wb.readOutputChannel('Meshlens'), /Meshlens activated/),
				{ timeout: 30_000, between: () => wb.page.waitForTimeout(250) },
			);
			// The same line, as a user sees it after "Meshlens: Show Log".
			await wb.runCommand('Meshlens: Show Log');
			// The activation line is the log's first: go to the top of the output, as a user scrolls.
			const lines = wb.page.locator('.part.panel .monaco-editor .view-lines');
			await lines.first().click();
			await wb.page.keyboard.press('Control+Home');
			const output = wb.page.locator('.part.panel .monaco-editor .view-lines', {
				hasText: 'Meshlens activated',
			});
			await output.waitFor({ timeout: 15_000 });
		},
	},
	{
		name: '"Compare Service Meshes" is in the palette and opens the matrix webview',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			assert.ok(
				await wb.hasCommand('Meshlens: Compare Service Meshes'),
				'the command palette lists "Meshlens: Compare Service Meshes"',
			);
			await wb.runCommand('Meshlens: Compare Service Meshes');
			const frame = await wb.waitForWebview('[data-testid="matrix"]');
			// The table fills in once the host has sent the matrix.
			await frame.locator('[data-testid="matrix"] td').first().waitFor({ timeout: 15_000 });
			await wb.screenshot('foundation-comparison');
		},
	},
	{
		name: 'the activity bar has "Service Meshes" with a "Meshes" view',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			await wb.openView('Service Meshes');
			const meshes = await wb.viewSection('Meshes');
			await meshes.locator('.monaco-list-row').first().waitFor({ timeout: 15_000 });
			await wb.viewSection('Mesh Resources');
			await wb.screenshot('foundation-service-meshes');
		},
	},
];
