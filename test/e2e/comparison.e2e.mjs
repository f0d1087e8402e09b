// The comparison matrix in the real workbench: open, columns, filters, details, export, reload.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { retry } from '../../scripts/e2e/driver.mjs';

const DEFAULT_COLUMNS = ['istio', 'linkerd', 'app-mesh', 'consul', 'cilium', 'kuma'];

/** Opens the comparison from the palette and returns its frame and the time to a drawn table. */
async function openComparison(wb) {
	const started = Date.now();
	await wb.runCommand('Meshlens: Compare Service Meshes');
	const frame = await wb.waitForWebview('#matrix td.cell');
	return { frame, ms: Date.now() - started };
}

const columns = (frame) =>
	frame
		.locator('#matrix thead th[data-mesh]')
		.evaluateAll((els) => els.map((e) => e.dataset.mesh));
const rowIds = (frame) =>
	frame
		.locator('#matrix tbody tr[data-feature]')
		.evaluateAll((els) => els.map((e) => e.dataset.feature));

/** Takes a README screenshot of the comparison with the side bar closed, so more columns show. */
async function screenshotWide(wb, frame, name) {
	await wb.runCommand('View: Toggle Primary Side Bar Visibility');
	try {
		const cell = frame.locator(
			'#matrix td.cell[data-mesh="linkerd"][data-feature="circuit-breaking"]',
		);
		await cell.click();
		await cell.scrollIntoViewIfNeeded();
		// The rows start at the category before the cell's, right under the sticky header, so
		// no row shows half hidden under it.
		await cell.evaluate((td) => {
			const wrap = document.getElementById('table-wrap');
			const rows = [...document.querySelectorAll('#matrix tbody tr')];
			const before = rows.slice(0, rows.indexOf(td.closest('tr')));
			const groups = before.filter((tr) => tr.classList.contains('group'));
			const first = groups.at(-2) ?? groups.at(-1);
			// The header cells are sticky, not the thead.
			const header = document
				.querySelector('#matrix thead th.corner')
				.getBoundingClientRect();
			wrap.scrollTop += first.getBoundingClientRect().top - header.bottom;
		});
		// The mouse, left where the cell was, would now hover another one: to the title bar.
		await wb.page.mouse.move(wb.page.viewportSize().width - 200, 16);
		await wb.screenshot(name);
	} finally {
		await wb.runCommand('View: Toggle Primary Side Bar Visibility');
	}
}

/** What a user sees of the table: columns on screen, cut ones, category labels, scroll cues. */
function layoutOf(frame) {
	return frame.evaluate(() => {
		const wrap = document.getElementById('table-wrap');
		const box = wrap.getBoundingClientRect();
		// The visible area, without the scrollbars.
		const right = box.left + wrap.clientWidth;
		const bottom = box.top + wrap.clientHeight;
		const edge = document
			.querySelector('#matrix thead th.corner')
			.getBoundingClientRect().right;
		const headers = [...document.querySelectorAll('#matrix thead th[data-mesh]')].map((th) => {
			const r = th.getBoundingClientRect();
			return { mesh: th.dataset.mesh, left: r.left, right: r.right };
		});
		const groups = [...document.querySelectorAll('#matrix tr.group')]
			.map((tr) => {
				const row = tr.getBoundingClientRect();
				const label = tr.querySelector('button.group-toggle').getBoundingClientRect();
				return { name: tr.innerText.trim(), row, label };
			})
			.filter((g) => g.row.top >= box.top && g.row.bottom <= bottom)
			.map((g) => ({
				name: g.name,
				onScreen: g.label.left >= box.left - 1 && g.label.right <= right + 1,
			}));
		return {
			density: document.body.dataset.density,
			scrollLeft: wrap.scrollLeft,
			maxScroll: wrap.scrollWidth - wrap.clientWidth,
			edge,
			right,
			// Fully visible between the sticky feature column and the right edge.
			visible: headers
				.filter((h) => h.left >= edge - 1 && h.right <= right + 1)
				.map((h) => h.mesh),
			// Partly hidden under the sticky feature column.
			cut: headers.filter((h) => h.left < edge - 1 && h.right > edge + 1).map((h) => h.mesh),
			groups,
			shadowLeft: document.getElementById('table-frame').classList.contains('more-left'),
			shadowRight: document.getElementById('table-frame').classList.contains('more-right'),
			hint: document.getElementById('scroll-hint').textContent,
		};
	});
}

/** Scrolls the table sideways as far as a user would to see the last column. */
async function scrollRight(frame, by) {
	await frame.evaluate((px) => document.getElementById('table-wrap').scrollBy({ left: px }), by);
	// Snapping settles the position; wait until it stops moving.
	let last = -1;
	await retry(async () => {
		const now = await frame.evaluate(() => document.getElementById('table-wrap').scrollLeft);
		const settled = now === last;
		last = now;
		assert.ok(settled && now > 0, `scrollLeft ${now}`);
	});
}

/** Picks the shown meshes as the mesh selector does (a change event with the new value). */
async function setMeshes(frame, ids) {
	await frame.evaluate((list) => {
		const select = document.getElementById('meshes');
		select.value = list;
		select.dispatchEvent(new window.Event('change', { bubbles: true }));
	}, ids);
	await retry(async () => assert.deepEqual(await columns(frame), ids));
}

async function setTheme(wb, name) {
	// "Preferences: Color Theme" opens a second quick pick, so drive the palette by hand.
	const input = wb.page.locator('.quick-input-widget input');
	// F1 toggles a palette that is already open, and a palette opened while the webview has the
	// focus can close again at once: start from a closed palette and try again until it stays.
	await retry(
		async () => {
			if (await input.isVisible()) {
				await wb.page.keyboard.press('Escape');
				await input.waitFor({ state: 'hidden', timeout: 5_000 });
			}
			await wb.page.keyboard.press('F1');
			await input.waitFor({ state: 'visible', timeout: 5_000 });
			await input.fill('>Preferences: Color Theme', { timeout: 5_000 });
		},
		{ timeout: 30_000, between: () => wb.page.waitForTimeout(300) },
	);
	await wb.page
		.locator('.quick-input-widget .monaco-list-row', { hasText: 'Preferences: Color Theme' })
		.first()
		.click();
	await retry(async () =>
		assert.match((await input.getAttribute('placeholder')) ?? '', /Color Theme/),
	);
	await input.fill(name);
	await wb.page
		.locator('.quick-input-widget .monaco-list-row', { hasText: name })
		.first()
		.waitFor();
	await wb.page.keyboard.press('Enter');
	await input.waitFor({ state: 'hidden' });
}

export const tests = [
	{
		name: 'comparison: opens from the palette with the default columns, fast',
		async run(wb) {
			const { frame, ms } = await openComparison(wb);
			assert.deepEqual(await columns(frame), DEFAULT_COLUMNS);
			const headers = await frame
				.locator('#matrix thead th[data-mesh] .mesh-name')
				.allInnerTexts();
			assert.ok(
				headers.includes('AWS App Mesh') && headers.includes('Istio'),
				headers.join(),
			);
			// The retired App Mesh says so in its header.
			const appMesh = frame.locator('#matrix thead th[data-mesh="app-mesh"]');
			assert.match(await appMesh.innerText(), /end-of-life 2026-09-30/i);
			const cells = await frame.locator('#matrix td.cell').count();
			assert.ok(cells >= 6 * 40, `expected a full table, got ${cells} cells`);
			console.log(`    command → rendered table: ${ms} ms (${cells} cells)`);
			await retry(() =>
				assert.match(
					wb.readOutputChannel('Meshlens'),
					/Comparison rendered \d+ rows × \d+ meshes; \d+ ms/,
				),
			);
			const logged =
				/Comparison rendered (\d+) rows × (\d+) meshes; (\d+) ms after the command \([^)]*\)/.exec(
					wb.readOutputChannel('Meshlens'),
				);
			if (logged) console.log(`    host log: ${logged[0]}`);
			await screenshotWide(wb, frame, 'comparison-dark');
		},
	},
	{
		name: 'comparison: the text filter and "only differences" change the rows',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			const { frame } = await openComparison(wb);
			const all = await rowIds(frame);
			await frame.locator('#filter input').fill('retries');
			await retry(async () => {
				const rows = await rowIds(frame);
				assert.ok(rows.includes('retries') && rows.length <= all.length / 4, rows.join());
			});
			await frame.locator('#filter input').fill('');
			await retry(async () => assert.equal((await rowIds(frame)).length, all.length));

			await frame.locator('#only-diff').click();
			await retry(async () => {
				const rows = await rowIds(frame);
				assert.ok(
					rows.length > 0 && rows.length < all.length,
					`${rows.length} of ${all.length}`,
				);
			});
			const same = await frame
				.locator('#matrix tbody tr[data-feature]:not(.differs)')
				.count();
			assert.equal(same, 0, 'only differing rows remain');
			await frame.locator('#only-diff').click();
			await retry(async () => assert.equal((await rowIds(frame)).length, all.length));
		},
	},
	{
		name: 'comparison: a cell shows its detail with sources; keyboard moves across cells',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			const { frame } = await openComparison(wb);
			const cell = frame.locator(
				'#matrix td.cell[data-mesh="linkerd"][data-feature="retries"]',
			);
			await cell.click();
			const detail = frame.locator('#detail');
			await detail.locator('h2', { hasText: 'Linkerd · Retries' }).waitFor();
			const links = await detail
				.locator('.sources a')
				.evaluateAll((as) => as.map((a) => a.dataset.url));
			assert.ok(links.length > 0 && links.every((u) => /^https?:\/\//.test(u)), links.join());
			assert.match(await detail.innerText(), /As of\s+\d{4}-\d{2}-\d{2}/);
			// A source shows host and path (no scheme), the full URL in its tooltip.
			const first = detail.locator('.sources a').first();
			assert.equal(await first.getAttribute('title'), links[0]);
			const shown = await first.innerText();
			assert.ok(!shown.startsWith('http') && links[0].includes(shown.split('/')[0]), shown);
			await wb.page.keyboard.press('ArrowRight');
			await detail.locator('h2', { hasText: 'AWS App Mesh · Retries' }).waitFor();
			await wb.page.keyboard.press('ArrowDown');
			await detail.locator('h2', { hasText: /AWS App Mesh · Timeouts/ }).waitFor();
		},
	},
	{
		name: 'comparison: a cell detail links to the conversion between the two meshes',
		async run(wb) {
			const { frame } = await openComparison(wb);
			await setMeshes(frame, ['istio', 'linkerd', 'app-mesh', 'consul', 'cilium', 'kuma']);
			await frame
				.locator('#matrix td.cell[data-mesh="app-mesh"][data-feature="retries"]')
				.click();
			const detail = frame.locator('#detail');
			await detail.locator('h2', { hasText: 'AWS App Mesh · Retries' }).waitFor();
			await detail.locator('h3', { hasText: 'Convert' }).waitFor();
			const links = await detail.locator('.conversions a').allInnerTexts();
			assert.deepEqual(links, [
				'AWS App Mesh → Istio',
				'AWS App Mesh → Linkerd',
				'AWS App Mesh → Cilium Service Mesh',
			]);
			assert.match(await detail.innerText(), /meshlens convert --to istio <files>/);
			// A feature no conversion carries has no such section.
			await frame
				.locator('#matrix td.cell[data-mesh="app-mesh"][data-feature="fips"]')
				.click();
			await detail.locator('h2', { hasText: 'AWS App Mesh · FIPS 140 builds' }).waitFor();
			assert.equal(await detail.locator('.conversions').count(), 0);
			await frame
				.locator('#matrix td.cell[data-mesh="app-mesh"][data-feature="retries"]')
				.click();
			await detail.locator('.conversions a').first().waitFor();
			await wb.screenshot('comparison-cell-convert');
			// The link runs the conversion to Istio: the files are picked next.
			await detail.locator('.conversions a', { hasText: 'AWS App Mesh → Istio' }).click();
			const dialog = wb.page.locator('.quick-input-widget');
			await retry(async () =>
				assert.match(await dialog.innerText(), /Meshlens: files to convert/),
			);
			// Pick the App Mesh sample in the file dialog (in the browser, VS Code's own dialog: a
			// path box over the folder's entries) and accept it.
			const sample = join(wb.workspace, 'app-mesh', 'routing.yaml');
			const original = readFileSync(sample, 'utf8');
			const box = dialog.locator('input');
			await retry(async () => {
				// The dialog writes its folder into the box once it has read it: type again then.
				if ((await box.inputValue()) !== sample) await box.fill(sample);
				assert.equal(await box.inputValue(), sample);
				const rows = await dialog.locator('.monaco-list-row').allInnerTexts();
				assert.ok(
					rows.some((r) => r.includes('routing.yaml')),
					rows.join('\n'),
				);
			});
			await wb.page.keyboard.press('Enter');
			// The conversion runs to the link's target (no target question): the notes open as
			// rendered Markdown and the refactor preview waits for Apply.
			const notes = await wb.waitForWebview('.markdown-body h1', { timeout: 30_000 });
			assert.match(
				await notes.locator('.markdown-body h1').first().innerText(),
				/Convert to Istio/,
			);
			const discard = wb.page.getByRole('button', { name: 'Discard', exact: true }).first();
			await retry(
				async () => {
					assert.ok(
						await wb.page
							.getByRole('button', { name: 'Apply', exact: true })
							.first()
							.isVisible(),
						'refactor preview not shown',
					);
				},
				{ timeout: 30_000 },
			);
			await wb.screenshot('comparison-convert-preview');
			await discard.click();
			await discard.waitFor({ state: 'hidden', timeout: 15_000 });
			assert.equal(readFileSync(sample, 'utf8'), original, 'written without Apply');
		},
	},
	{
		name: 'comparison: the cell detail says Since once and wraps a long source URL',
		async run(wb) {
			const { frame } = await openComparison(wb);
			await setMeshes(frame, [...DEFAULT_COLUMNS, 'buoyant-enterprise-linkerd']);
			try {
				const cell = frame.locator(
					'#matrix td.cell[data-mesh="buoyant-enterprise-linkerd"][data-feature="fips"]',
				);
				await cell.click();
				const detail = frame.locator('#detail');
				await detail
					.locator('h2', { hasText: /Buoyant Enterprise for Linkerd · FIPS/ })
					.waitFor();
				const text = await detail.innerText();
				assert.match(text, /since 2\.19/i);
				assert.equal(text.match(/\bsince\b/gi)?.length, 1, text);
				// The long blog URL wraps inside the panel instead of overflowing it.
				const fits = await detail.evaluate((aside) => {
					const box = aside.getBoundingClientRect();
					return [...aside.querySelectorAll('.sources a')].map((a) => {
						const r = a.getBoundingClientRect();
						return {
							right: r.right,
							limit: box.right,
							lines: a.getClientRects().length,
						};
					});
				});
				assert.ok(fits.length > 0);
				for (const f of fits) assert.ok(f.right <= f.limit + 1, JSON.stringify(f));
				assert.ok(
					fits.some((f) => f.lines > 1),
					'a long URL wraps over lines',
				);
				await wb.screenshot('comparison-cell-detail');
			} finally {
				await setMeshes(frame, DEFAULT_COLUMNS);
			}
		},
	},
	{
		name: 'comparison: at 1000 and 1400 px beside the side bar, scrolled right, in dark and light themes',
		timeout: 180_000,
		async run(wb) {
			const many = [...DEFAULT_COLUMNS, 'istio-ambient', 'kong-mesh', 'traefik-mesh'];
			try {
				for (const theme of ['Dark Modern', 'Light Modern']) {
					if (theme !== 'Dark Modern') await setTheme(wb, theme);
					const tag = theme.startsWith('Dark') ? 'dark' : 'light';
					for (const width of [1400, 1000]) {
						await wb.page.setViewportSize({ width, height: 900 });
						const { frame } = await openComparison(wb);
						assert.ok(
							await wb.page.locator('.part.sidebar').isVisible(),
							'the side bar is open',
						);
						if (width === 1400) {
							// The six default meshes all fit, compact, beside the side bar.
							await setMeshes(frame, DEFAULT_COLUMNS);
							const fit = await retry(async () => {
								const l = await layoutOf(frame);
								assert.deepEqual(l.visible, DEFAULT_COLUMNS, JSON.stringify(l));
								return l;
							});
							assert.equal(fit.density, 'compact');
							assert.equal(
								await frame.locator('#compact').evaluate((c) => c.checked),
								true,
							);
							await wb.screenshot(`comparison-${width}-${tag}`);
						}
						await setMeshes(frame, many);
						await frame.evaluate(
							() => (document.getElementById('table-wrap').scrollLeft = 0),
						);
						// The scroll cues follow the scroll event: wait until they have caught up.
						const before = await retry(async () => {
							const l = await layoutOf(frame);
							assert.equal(l.scrollLeft, 0);
							assert.ok(!l.shadowLeft && !l.hint.includes('←'), JSON.stringify(l));
							return l;
						});
						assert.ok(before.maxScroll > 0, `the table overflows at ${width} px`);
						assert.ok(before.shadowRight && !before.shadowLeft, JSON.stringify(before));
						assert.match(before.hint, /more mesh(es)? →/);
						await scrollRight(frame, Math.round(before.maxScroll * 0.6));
						// The scroll cues follow the scroll event: read the layout once they have.
						const after = await retry(async () => {
							const l = await layoutOf(frame);
							assert.ok(l.shadowLeft && /← \d+ mesh/.test(l.hint), JSON.stringify(l));
							return l;
						});
						const where = `${width} px, ${theme}: ${JSON.stringify(after)}`;
						// Which category: every category row on screen shows its label.
						assert.ok(after.groups.length > 0, where);
						for (const g of after.groups)
							assert.ok(g.onScreen, `${g.name} label off screen; ${where}`);
						// Which column: no header is half-hidden under the sticky feature column.
						assert.deepEqual(after.cut, [], where);
						assert.ok(after.visible.length >= 2, where);
						assert.ok(after.shadowLeft, where);
						assert.match(after.hint, /← \d+ mesh/);
						await wb.screenshot(`comparison-${width}-${tag}-scrolled`);
					}
				}
			} finally {
				await wb.page.setViewportSize({ width: 1400, height: 900 });
				await setTheme(wb, 'Dark Modern');
				const { frame } = await openComparison(wb);
				await setMeshes(frame, DEFAULT_COLUMNS);
			}
		},
	},
	{
		name: 'comparison: the Compact checkbox switches density and is remembered',
		async run(wb) {
			const { frame } = await openComparison(wb);
			await retry(async () => assert.equal((await layoutOf(frame)).density, 'compact'));
			await frame.locator('#compact').click();
			const comfortable = await retry(async () => {
				const l = await layoutOf(frame);
				assert.equal(l.density, 'comfortable');
				return l;
			});
			// Comfortable columns are wider: fewer of the six fit beside the side bar.
			assert.ok(
				comfortable.visible.length < DEFAULT_COLUMNS.length,
				JSON.stringify(comfortable),
			);
			await wb.runCommand('View: Close All Editors');
			const { frame: reopened } = await openComparison(wb);
			await retry(async () =>
				assert.equal((await layoutOf(reopened)).density, 'comfortable'),
			);
			await reopened.locator('#compact').click();
			await retry(async () => {
				const l = await layoutOf(reopened);
				assert.equal(l.density, 'compact');
				assert.deepEqual(l.visible, DEFAULT_COLUMNS);
			});
		},
	},
	{
		name: 'comparison: export to CSV writes a file with the expected rows',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			const target = join(wb.workspace, 'mesh-comparison.csv');
			rmSync(target, { force: true });
			const { frame } = await openComparison(wb);
			await frame.locator('#filter input').fill('mutual');
			await retry(async () => assert.ok((await rowIds(frame)).includes('mtls')));
			await frame.locator('#export-csv').click();
			// code-server's save dialog is a quick input prefilled with the default path.
			const input = wb.page.locator('.quick-input-widget input');
			await input.waitFor({ state: 'visible' });
			await retry(async () =>
				assert.match(await input.inputValue(), /mesh-comparison\.csv$/),
			);
			await wb.page.keyboard.press('Enter');
			const lines = await retry(() => {
				assert.ok(existsSync(target), 'the export file exists');
				const text = readFileSync(target, 'utf8').trimEnd().split('\r\n');
				assert.equal(
					text[0],
					'category,feature,mesh,support,value,note,since,asOf,sources',
				);
				return text;
			});
			assert.ok(
				lines.some((l) => l.startsWith('Security,Mutual TLS,istio,')),
				lines.slice(0, 5).join('\n'),
			);
			// One CSV row per shown feature and mesh: the export is the filtered view.
			const shown = (await rowIds(frame)).length * (await columns(frame)).length;
			assert.ok(shown < 42 * 6, 'the filter narrowed the view');
			assert.equal(lines.length - 1, shown);
			await frame.locator('#filter input').fill('');
		},
	},
	{
		name: 'comparison: the chosen state survives a window reload',
		timeout: 150_000,
		async run(wb) {
			const { frame } = await openComparison(wb);
			const all = (await rowIds(frame)).length;
			await frame.locator('#filter input').fill('tls');
			await retry(async () => {
				const rows = await rowIds(frame);
				assert.ok(rows.includes('mtls') && rows.length < all, rows.join());
			});
			await frame
				.locator('#matrix thead th[data-mesh="linkerd"] button.move')
				.first()
				.click();
			await retry(async () => assert.equal((await columns(frame))[0], 'linkerd'));
			const rowsBefore = await rowIds(frame);

			// Reload the way a user does ("Developer: Reload Window"), so the workbench saves its
			// editors first.
			await wb.reload();
			const restored = await wb.waitForWebview('#matrix td.cell', { timeout: 60_000 });
			await retry(async () => assert.equal((await columns(restored))[0], 'linkerd'));
			assert.deepEqual(await rowIds(restored), rowsBefore);
			assert.equal(await restored.locator('#filter input').inputValue(), 'tls');

			// Leave a clean state for later tests.
			await restored.locator('#filter input').fill('');
			await restored
				.locator('#matrix thead th[data-mesh="linkerd"] button.move')
				.nth(1)
				.click();
			await retry(async () => assert.equal((await columns(restored))[0], 'istio'));
		},
	},
	{
		name: 'comparison: looks native in a light theme',
		async run(wb) {
			await setTheme(wb, 'Light Modern');
			try {
				const { frame } = await openComparison(wb);
				const bg = await frame.evaluate(
					() => window.getComputedStyle(document.body).backgroundColor,
				);
				assert.match(
					bg,
					/rgb\((2[0-9]{2}), (2[0-9]{2}), (2[0-9]{2})\)/,
					`light background, got ${bg}`,
				);
				await screenshotWide(wb, frame, 'comparison-light');
			} finally {
				await setTheme(wb, 'Dark Modern');
			}
		},
	},
	{
		name: 'comparison: the chosen columns persist after the panel is closed',
		async run(wb) {
			const { frame } = await openComparison(wb);
			await frame.locator('#matrix thead th[data-mesh="kuma"] button.move').first().click();
			await retry(async () => assert.equal((await columns(frame)).at(-2), 'kuma'));
			const order = await columns(frame);
			await wb.runCommand('View: Close All Editors');
			const { frame: reopened } = await openComparison(wb);
			await retry(async () => assert.deepEqual(await columns(reopened), order));
			// Put Kuma back at the end for the tests that follow.
			await reopened.locator('#matrix thead th[data-mesh="kuma"] button.move').nth(1).click();
			await retry(async () => assert.deepEqual(await columns(reopened), DEFAULT_COLUMNS));
		},
	},
	{
		name: 'comparison: lets go of its webview service worker, and still loads resources through it',
		web: true,
		async run(wb) {
			// See webview/worker.ts: the next open then starts from a clean origin, about a second
			// sooner (bench/README.md).
			const registrations = (frame) =>
				frame.evaluate(() =>
					window.navigator.serviceWorker.getRegistrations().then((r) => r.length),
				);
			for (let open = 0; open < 2; open++) {
				const { frame } = await openComparison(wb);
				await retry(async () => assert.equal(await registrations(frame), 0));
				// The page is still served by the worker: a resource from dist/ loads.
				// (A new stylesheet element: the page's CSP allows styles from the webview's origin.)
				const loaded = await frame.evaluate(
					(attempt) =>
						new Promise((resolve) => {
							const existing = document.getElementById('vscode-codicon-stylesheet');
							if (!existing) return resolve('no codicon stylesheet');
							const link = document.createElement('link');
							link.rel = 'stylesheet';
							link.nonce = existing.nonce;
							link.href = `${existing.href}${existing.href.includes('?') ? '&' : '?'}probe=${attempt}`;
							link.onload = () => resolve('loaded');
							link.onerror = () => resolve('failed');
							document.head.append(link);
						}),
					open,
				);
				assert.equal(loaded, 'loaded');
				await wb.runCommand('View: Close All Editors');
			}
		},
	},
	{
		name: 'comparison: "Show Dataset Changes Since…" marks the changed cells and counts them',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			await wb.runCommand('Meshlens: Show Dataset Changes Since…', { opensQuickInput: true });
			const rows = wb.page.locator('.quick-input-widget .monaco-list-row', {
				hasText: /^Dataset \d/,
			});
			await rows.first().waitFor({ timeout: 15_000 });
			const picked = (await rows.first().innerText()).split('\n')[0];
			await rows.first().click();
			const frame = await wb.waitForWebview('#changes:not([hidden])');
			const banner = frame.locator('#changes');
			const text = await banner.innerText();
			const count = Number(/(\d+) changes?/.exec(text)?.[1]);
			assert.ok(count > 0, `the banner counts the changes: ${text} (picked ${picked})`);
			const marked = frame.locator('#matrix td.cell.changed');
			await retry(async () => assert.ok((await marked.count()) > 0, 'changed cells marked'));
			assert.ok((await marked.count()) <= count);
			await wb.screenshot('dataset-changes');
			await frame.locator('#changes-dismiss').click();
			await retry(async () => assert.equal(await banner.isHidden(), true));
			await retry(async () => assert.equal(await marked.count(), 0));
		},
	},
	{
		name: 'comparison: the mesh picker adds a column; a service-networking column says so',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			const { frame } = await openComparison(wb);
			// The toolkit's icons (the picker's select-all and clear buttons) need the codicons.
			await retry(async () =>
				assert.ok(
					await frame.evaluate(
						() =>
							/** @type {HTMLLinkElement | null} */ (
								document.getElementById('vscode-codicon-stylesheet')
							)?.sheet != null,
					),
					'the codicon stylesheet is linked and loaded',
				),
			);
			const picker = frame.locator('#meshes');
			const toggle = async (name) => {
				await picker.locator('.select-face').click();
				const option = picker.locator('li', {
					has: frame.locator('.option-label', { hasText: name }),
				});
				await option.scrollIntoViewIfNeeded();
				await option.click();
				await wb.page.keyboard.press('Escape');
			};
			await toggle('Amazon VPC Lattice');
			const th = frame.locator('#matrix thead th[data-mesh="vpc-lattice"]');
			await th.waitFor();
			assert.match(await th.innerText(), /service networking/);
			await th.scrollIntoViewIfNeeded();
			await wb.screenshot('comparison-service-networking');
			await toggle('Amazon VPC Lattice');
			await retry(async () => assert.deepEqual(await columns(frame), DEFAULT_COLUMNS));
		},
	},
	{
		name: 'comparison: stays readable in a high-contrast theme',
		async run(wb) {
			await setTheme(wb, 'Dark High Contrast');
			try {
				const { frame } = await openComparison(wb);
				const cell = frame.locator(
					'#matrix td.cell[data-mesh="linkerd"][data-feature="circuit-breaking"]',
				);
				await cell.click();
				// The selection is marked by an outline in the contrast border colour, not by colour alone.
				const outline = await cell.evaluate(
					(el) => window.getComputedStyle(el).outlineStyle,
				);
				assert.notEqual(outline, 'none');
				await screenshotWide(wb, frame, 'comparison-high-contrast');
			} finally {
				await setTheme(wb, 'Dark Modern');
			}
		},
	},
];
