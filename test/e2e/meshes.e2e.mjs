// The Meshes view in the real workbench: a mesh's overview, features and kinds, a starter
// manifest from a kind, the inline Compare action and the title-bar filter.
import assert from 'node:assert/strict';
import { retry } from '../../scripts/e2e/driver.mjs';
import { expand, rowAt, rows } from './tree.mjs';

/** The Meshes pane, shown, expanded and collapsed to its top level, with Mesh Resources closed. */
async function meshesView(wb) {
	await wb.openView('Service Meshes');
	const resources = await wb.viewSection('Mesh Resources');
	const header = resources.locator('.pane-header');
	if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
	const section = await wb.viewSection('Meshes');
	await section.hover();
	await section.locator('.actions .action-label[aria-label="Collapse All"]').click();
	return section;
}

export const tests = [
	{
		name: 'meshes: a mesh shows its overview, features by category and kinds',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			const section = await meshesView(wb);
			await expand(wb, section, 'Istio');
			await expand(wb, section, 'Istio / Overview');
			const find = (path) =>
				retry(
					async () => {
						const row = (await rows(section)).find((r) => r.path === path);
						assert.ok(row, `${path} shows`);
						return row;
					},
					{ timeout: 15_000, between: () => wb.page.waitForTimeout(250) },
				);
			assert.equal((await find('Istio / Overview / Lifecycle')).description, 'active');
			await find('Istio / Overview / Latest version');
			await expand(wb, section, 'Istio / Features');
			await expand(wb, section, 'Istio / Features / Resiliency');
			const retries = await find('Istio / Features / Resiliency / Retries');
			assert.ok(retries.description, 'the retries feature shows its value');
			// A retired mesh is marked in its description.
			const appMesh = await find('AWS App Mesh');
			assert.match(appMesh.description, /end-of-life/);
			// Wide enough that the overview's and features' descriptions are not cut.
			await wb.withSideBarWidth(560, () => wb.screenshot('sidebar'));
		},
	},
	{
		name: 'meshes: selecting a manifest kind opens a starter manifest of that kind',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			const section = await meshesView(wb);
			await expand(wb, section, 'Linkerd');
			await expand(wb, section, 'Linkerd / Manifest kinds');
			await (await rowAt(wb, section, 'Linkerd / Manifest kinds / Server')).click();
			const editor = wb.page.locator('.monaco-editor[data-uri^="untitled:"]');
			await editor
				.locator('.view-lines', { hasText: 'kind: Server' })
				.waitFor({ timeout: 15_000 });
			const text = await editor.locator('.view-lines').innerText();
			assert.match(text, /apiVersion:\s*policy\.linkerd\.io\/v1beta\d/);
			assert.match(text, /metadata:/);
			await wb.screenshot('starter-manifest');
			// Close the untitled editor without saving.
			await wb.runCommand('View: Revert and Close Editor').catch(() => undefined);
		},
	},
	{
		name: 'meshes: the inline Compare action opens the matrix on that mesh',
		async run(wb) {
			const section = await meshesView(wb);
			const row = await rowAt(wb, section, 'Kong Mesh');
			await row.hover();
			await row.locator('.action-label[aria-label="Compare"]').click();
			const frame = await wb.waitForWebview('#matrix th[data-mesh="kong-mesh"].focused');
			assert.ok(await frame.locator('#matrix th[data-mesh="kong-mesh"]').isVisible());
		},
	},
	{
		name: 'meshes: the title-bar filter narrows the list',
		async run(wb) {
			const section = await meshesView(wb);
			await section.hover();
			await section.locator('.actions .action-label[aria-label="Filter Meshes"]').click();
			const input = wb.page.locator('.quick-input-widget input');
			await input.waitFor({ state: 'visible' });
			await input.fill('linkerd');
			await wb.page.keyboard.press('Enter');
			await retry(async () => {
				const top = (await rows(section)).filter((r) => r.level === 1).map((r) => r.label);
				assert.deepEqual(top, ['Buoyant Enterprise for Linkerd', 'Linkerd']);
			});
			await section.hover();
			await section.locator('.actions .action-label[aria-label="Clear Mesh Filter"]').click();
			await retry(async () => {
				const top = (await rows(section)).filter((r) => r.level === 1);
				assert.ok(top.length >= 16, `all meshes back: ${top.length}`);
			});
		},
	},
	{
		name: 'meshes: grouping by lifecycle puts retired meshes in their own groups',
		async run(wb) {
			const section = await meshesView(wb);
			await section.hover();
			await section
				.locator('.actions .action-label[aria-label="Group by Lifecycle"]')
				.click();
			try {
				await retry(async () => {
					const top = (await rows(section))
						.filter((r) => r.level === 1)
						.map((r) => r.label);
					assert.equal(top[0], 'Active');
					assert.ok(top.includes('End-of-life'), top.join());
					assert.ok(top.includes('Archived'), top.join());
				});
				const paths = (await rows(section)).map((r) => r.path);
				assert.ok(paths.includes('End-of-life / AWS App Mesh'), paths.join(', '));
			} finally {
				await section.hover();
				await section
					.locator('.actions .action-label[aria-label="Show as Flat List"]')
					.click();
			}
		},
	},
];
