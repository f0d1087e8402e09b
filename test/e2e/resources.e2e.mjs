// The Mesh Resources view in the real workbench: the samples' resources show under their mesh
// and kind, a click selects the resource's name in the right `---` document, and the view
// follows files and folders created, renamed and deleted on disk.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { retry } from '../../scripts/e2e/driver.mjs';
import { expand, rows } from './tree.mjs';

const FILE = 'istio/bookinfo-routing.yaml';

/** The Mesh Resources pane, shown and expanded, with the other panes collapsed for room. */
async function resourcesView(wb) {
	await wb.openView('Service Meshes');
	const meshes = await wb.viewSection('Meshes');
	const header = meshes.locator('.pane-header');
	if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
	return wb.viewSection('Mesh Resources');
}

export const tests = [
	{
		name: 'shows the samples by mesh and kind and reveals a resource in its document',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		timeout: 90_000,
		async run(wb) {
			const section = await resourcesView(wb);
			// The first scan runs when the view first shows; the mesh rows come expanded.
			await retry(
				async () => {
					const paths = (await rows(section)).map((r) => r.path);
					assert.ok(paths.includes('Istio / VirtualService'), paths.join(', '));
					assert.ok(paths.includes('Gateway API / HTTPRoute'), paths.join(', '));
				},
				{ timeout: 45_000, between: () => wb.page.waitForTimeout(500) },
			);
			const istio = (await rows(section)).find((r) => r.path === 'Istio');
			assert.match(istio?.description ?? '', /^\d+$/, 'the mesh row shows its count');
			await expect(section, 'Istio / VirtualService', /^\d+$/);

			await expand(wb, section, 'Istio / VirtualService');
			const path = 'Istio / VirtualService / reviews · bookinfo';
			const row = await retry(
				async () => {
					const found = (await rows(section)).find((r) => r.path === path);
					assert.ok(found, `${path} shows`);
					return found;
				},
				{ timeout: 15_000, between: () => wb.page.waitForTimeout(250) },
			);
			assert.equal(row.description, FILE);
			// The plain Deployment next to it in the same file is not a mesh resource.
			assert.ok(!(await rows(section)).some((r) => r.label.startsWith('reviews-v2')));
			// The view's title shows the total.
			const title = wb.page.locator('.part.sidebar .pane-header', {
				has: wb.page.locator('h3.title', { hasText: /^Mesh Resources$/i }),
			});
			await title.locator('.description', { hasText: /\d+ resources?/ }).waitFor();

			const index = (await rows(section)).findIndex((r) => r.path === path);
			await section.locator('.monaco-list-row').nth(index).click();
			const editor = wb.page.locator(`.monaco-editor[data-uri$="/${FILE}"]`);
			await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: 15_000 });
			// `name: reviews` of the VirtualService, the second document; "reviews" is selected.
			const { line, column } = wb.findText(FILE, 'name: reviews\n');
			const status = wb.page.locator('[id="status.editor.selection"]');
			await retry(
				async () => {
					const text = (await status.innerText()).trim();
					assert.equal(
						text,
						`Ln ${line}, Col ${column + 'name: reviews'.length} (7 selected)`,
					);
				},
				{ timeout: 10_000, between: () => wb.page.waitForTimeout(200) },
			);
			await editor.locator('.selected-text').first().waitFor();
			await wb.withSideBarWidth(480, () => wb.screenshot('mesh-resources'));
		},
	},
	{
		name: 'follows YAML files and folders created, renamed and deleted on disk',
		timeout: 90_000,
		async run(wb) {
			const section = await resourcesView(wb);
			const file = join(wb.workspace, 'e2e-new-resources.yaml');
			const path = 'Kuma / MeshRetry / e2e-retry · kuma-system';
			writeFileSync(
				file,
				'# Written by the e2e test.\n' +
					'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: not-a-mesh-resource\n' +
					'---\n' +
					'apiVersion: kuma.io/v1alpha1\nkind: MeshRetry\nmetadata:\n' +
					'  name: e2e-retry\n  namespace: kuma-system\nspec: {}\n',
			);
			try {
				await retry(
					async () => {
						await expand(wb, section, 'Kuma / MeshRetry');
						assert.ok(
							(await rows(section)).some((r) => r.path === path),
							`${path} shows`,
						);
					},
					{ timeout: 30_000, between: () => wb.page.waitForTimeout(500) },
				);
				await wb.screenshot('mesh-resources-new-file');
			} finally {
				rmSync(file, { force: true });
			}
			await retry(
				async () => {
					const paths = (await rows(section)).map((r) => r.path);
					assert.ok(
						!paths.some((p) => p.startsWith('Kuma / MeshRetry')),
						paths.join(', '),
					);
				},
				{ timeout: 30_000, between: () => wb.page.waitForTimeout(500) },
			);

			// A renamed folder reports only the folder; its YAML files move along in the view.
			await expand(wb, section, 'Kuma / MeshTimeout');
			const description = async () =>
				(await rows(section)).find((r) => r.path.startsWith('Kuma / MeshTimeout / '))
					?.description;
			await retry(async () => assert.equal(await description(), 'kuma/mesh-timeout.yaml'), {
				timeout: 15_000,
				between: () => wb.page.waitForTimeout(250),
			});
			renameSync(join(wb.workspace, 'kuma'), join(wb.workspace, 'kuma-moved'));
			try {
				await retry(
					async () => {
						await expand(wb, section, 'Kuma / MeshTimeout');
						assert.equal(await description(), 'kuma-moved/mesh-timeout.yaml');
					},
					{ timeout: 30_000, between: () => wb.page.waitForTimeout(500) },
				);
			} finally {
				renameSync(join(wb.workspace, 'kuma-moved'), join(wb.workspace, 'kuma'));
			}
		},
	},
	{
		name: 'honours files.exclude, search.exclude and the size limit; welcome when empty',
		timeout: 120_000,
		async run(wb) {
			const section = await resourcesView(wb);
			const settingsFile = join(wb.workspace, '.vscode', 'settings.json');
			const original = existsSync(settingsFile)
				? readFileSync(settingsFile, 'utf8')
				: undefined;
			const setSettings = (settings) => {
				mkdirSync(join(wb.workspace, '.vscode'), { recursive: true });
				writeFileSync(settingsFile, JSON.stringify(settings, null, '\t'));
			};
			const meshes = async () =>
				(await rows(section)).filter((r) => r.level === 1).map((r) => r.label);
			const waitFor = (check, what) =>
				retry(
					async () =>
						assert.ok(check(await meshes()), `${what}; meshes: ${await meshes()}`),
					{
						timeout: 30_000,
						between: () => wb.page.waitForTimeout(500),
					},
				);
			await waitFor((m) => m.includes('Istio') && m.includes('Linkerd'), 'the samples show');
			const count = async (path) =>
				Number((await rows(section)).find((r) => r.path === path)?.description ?? 0);
			const gateways = await retry(async () => {
				const n = await count('Istio / Gateway');
				assert.ok(n >= 1, 'the Istio Gateways show');
				return n;
			});
			try {
				setSettings({
					'files.exclude': { 'linkerd/**': true },
					// Every Istio sample: the istio/ folder and the Helm chart's templates.
					'search.exclude': { '{istio,helm}/**': true },
				});
				await waitFor(
					(m) => !m.includes('Istio') && !m.includes('Linkerd') && m.includes('Kuma'),
					'Istio and Linkerd are excluded, Kuma is not',
				);
				// bookinfo-routing.yaml (one of the Gateways) is 1.8 KiB, security.yaml less.
				setSettings({ 'meshlens.resources.maxFileSizeKb': 1 });
				await retry(
					async () => {
						const paths = (await rows(section)).map((r) => r.path);
						assert.ok(
							paths.includes('Istio / PeerAuthentication') &&
								(await count('Istio / Gateway')) === gateways - 1,
							`big files skipped; rows: ${paths.join(', ')}`,
						);
					},
					{ timeout: 30_000, between: () => wb.page.waitForTimeout(500) },
				);
				assert.match(
					wb.readOutputChannel('Meshlens'),
					/skipped istio\/bookinfo-routing\.yaml/,
				);
				setSettings({ 'search.exclude': { '**/*.yaml': true } });
				await section
					.locator('.welcome-view-content', { hasText: 'No mesh resources were found' })
					.waitFor({ timeout: 30_000 });
				await wb.screenshot('mesh-resources-welcome');
			} finally {
				if (original === undefined) rmSync(settingsFile, { force: true });
				else writeFileSync(settingsFile, original);
			}
			await waitFor((m) => m.includes('Istio'), 'the samples show again');
		},
	},
];

/** Asserts that the row at `path` shows and its description matches. */
async function expect(section, path, description) {
	const row = (await rows(section)).find((r) => r.path === path);
	assert.ok(row, `${path} shows`);
	assert.match(row.description, description);
}
