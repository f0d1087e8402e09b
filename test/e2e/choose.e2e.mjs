// "Which mesh fits?" in the real workbench: state requirements, see the ranking with reasons and
// gaps, copy it, and find the same requirement set after a reload. Also: retired products' cells
// read as their final release in the matrix.
import assert from 'node:assert/strict';
import { retry } from '../../scripts/e2e/driver.mjs';

async function openChoose(wb) {
	await wb.runCommand('Meshlens: Compare Service Meshes');
	const frame = await wb.waitForWebview('#mode-choose');
	await frame.locator('#mode-choose').click();
	await frame.locator('[data-testid="ranking"] li.choice').first().waitFor({ timeout: 30_000 });
	return frame;
}

const cards = (frame) =>
	frame.locator('[data-testid="ranking"] li.choice').evaluateAll((els) =>
		els.map((e) => ({
			mesh: e.dataset.mesh,
			fits: e.classList.contains('fits'),
			retired: e.classList.contains('retired'),
			text: e.innerText,
		})),
	);

const requirementFeatures = (frame) =>
	frame
		.locator('[data-testid="requirements"] select.req-feature')
		.evaluateAll((els) => els.map((e) => e.value));

export const tests = [
	{
		name: 'choose: states requirements and ranks the meshes with reasons and gaps',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		timeout: 150_000,
		async run(wb) {
			const frame = await openChoose(wb);
			// The starter set: mTLS full, multi-cluster partial or better, retired excluded.
			assert.deepEqual(await requirementFeatures(frame), ['mtls', 'multi-cluster']);
			assert.equal(await frame.locator('#choose-excludeRetired').isChecked(), true);
			let ranked = await cards(frame);
			assert.ok(ranked.length >= 10, `ranked ${ranked.length}`);
			assert.ok(ranked[0]?.fits, 'a fitting mesh comes first');
			const firstGap = ranked.findIndex((c) => !c.fits);
			assert.ok(firstGap === -1 || ranked.slice(firstGap).every((c) => !c.fits));
			assert.ok(
				ranked.every((c) => !c.retired),
				'retired products are excluded',
			);
			assert.match(
				await frame.locator('[data-testid="choose-summary"]').innerText(),
				/^\d+ of \d+ meet every requirement/,
			);
			const istio = frame.locator('li.choice[data-mesh="istio"]');
			assert.match(await istio.innerText(), /✓ Mutual TLS: full/);
			assert.ok((await istio.locator('a.source').count()) >= 2, 'reasons cite their cells');

			// Add a requirement: fault injection, full. Linkerd has none, so it becomes a gap.
			await frame.locator('#choose-add').click();
			await retry(async () => assert.equal((await requirementFeatures(frame)).length, 3));
			await frame
				.locator('[data-testid="requirements"] select.req-feature')
				.nth(2)
				.selectOption('fault-injection');
			await frame
				.locator('[data-testid="requirements"] select.req-level')
				.nth(2)
				.selectOption('full');
			await retry(async () => {
				const linkerd = (await cards(frame)).find((c) => c.mesh === 'linkerd');
				assert.ok(linkerd && !linkerd.fits, JSON.stringify(linkerd));
				assert.match(linkerd.text, /✗ Fault injection: \w+.*\(wanted full\)/s);
			});
			ranked = await cards(frame);
			assert.ok(ranked.find((c) => c.mesh === 'istio')?.fits, 'Istio still fits');

			// Open source only drops Google's managed Cloud Service Mesh.
			assert.ok(ranked.some((c) => c.mesh === 'cloud-service-mesh'));
			await frame.locator('#choose-openSourceOnly').check();
			await retry(async () =>
				assert.ok(!(await cards(frame)).some((c) => c.mesh === 'cloud-service-mesh')),
			);
			await wb.screenshot('choose-mode');

			await frame.locator('#choose-copy').click();
			await retry(async () =>
				assert.match(
					await frame.locator('#status').innerText(),
					/Copied the ranking as Markdown/,
				),
			);
			// The requirement set outlives the panel: leave the starter set for the next tests.
			await frame.locator('[data-testid="requirements"] button.remove').nth(2).click();
			await frame.locator('#choose-openSourceOnly').uncheck();
			await retry(async () =>
				assert.deepEqual(await requirementFeatures(frame), ['mtls', 'multi-cluster']),
			);
		},
	},
	{
		name: 'choose: the requirement set survives a window reload and closing the panel',
		timeout: 150_000,
		async run(wb) {
			const frame = await openChoose(wb);
			await frame.locator('#choose-add').click();
			await retry(async () => assert.equal((await requirementFeatures(frame)).length, 3));
			await frame
				.locator('[data-testid="requirements"] select.req-feature')
				.nth(2)
				.selectOption('fault-injection');
			await frame.locator('#choose-openSourceOnly').check();
			await retry(async () =>
				assert.ok(!(await cards(frame)).some((c) => c.mesh === 'cloud-service-mesh')),
			);
			const before = await requirementFeatures(frame);
			assert.deepEqual(before, ['mtls', 'multi-cluster', 'fault-injection']);
			await wb.reload();
			const restored = await wb.waitForWebview('[data-testid="ranking"] li.choice', {
				timeout: 60_000,
			});
			assert.deepEqual(await requirementFeatures(restored), before);
			assert.equal(await restored.locator('#choose-openSourceOnly').isChecked(), true);
			assert.equal(
				await restored.locator('#mode-choose').getAttribute('aria-selected'),
				'true',
			);

			// Closing the panel ends its webview state; the host still remembers the requirements.
			await wb.runCommand('View: Close All Editors');
			const reopened = await openChoose(wb);
			await retry(async () => assert.deepEqual(await requirementFeatures(reopened), before));
			assert.equal(await reopened.locator('#choose-openSourceOnly').isChecked(), true);

			// Back to the matrix, and leave a clean state for other tests.
			for (let i = before.length - 1; i >= 2; i--) {
				await reopened.locator('[data-testid="requirements"] button.remove').nth(i).click();
			}
			await reopened.locator('#choose-openSourceOnly').uncheck();
			await retry(async () => assert.equal((await requirementFeatures(reopened)).length, 2));
			await reopened.locator('#mode-compare').click();
			await reopened.locator('#matrix td.cell').first().waitFor();
			assert.equal(await reopened.locator('#choose').isHidden(), true);
		},
	},
	{
		name: 'choose: retired products read as their final release in the matrix',
		async run(wb) {
			await wb.runCommand('Meshlens: Compare Service Meshes');
			const frame = await wb.waitForWebview('#matrix td.cell');
			const cell = frame.locator(
				'#matrix td.cell[data-mesh="app-mesh"][data-feature="mtls"]',
			);
			assert.match((await cell.getAttribute('class')) ?? '', /final-release/);
			assert.match(
				(await cell.getAttribute('aria-label')) ?? '',
				/final release .*no longer available/,
			);
			await cell.click();
			const detail = frame.locator('[data-testid="detail"]');
			await retry(async () =>
				assert.match(await detail.innerText(), /Final release\s+controller v1\.13\.3/),
			);
			const live = frame.locator('#matrix td.cell[data-mesh="istio"][data-feature="mtls"]');
			assert.doesNotMatch((await live.getAttribute('class')) ?? '', /final-release/);
		},
	},
];
