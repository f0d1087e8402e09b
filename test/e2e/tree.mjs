// Shared helpers for tests of tree views (not a test file: the runner loads *.e2e.mjs only).
import assert from 'node:assert/strict';
import { retry } from '../../scripts/e2e/driver.mjs';

/** The rendered rows of a view as { level, label, description, expanded, path } in screen order. */
export async function rows(section) {
	const list = await section.locator('.monaco-list-row').evaluateAll((els) =>
		els.map((el) => ({
			level: Number(el.getAttribute('aria-level')),
			label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
			description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
			expanded: el.getAttribute('aria-expanded'),
		})),
	);
	// Rows are flat in the DOM; rebuild each one's path from the levels.
	const stack = [];
	return list.map((r) => {
		stack.length = r.level - 1;
		stack.push(r.label);
		return { ...r, path: stack.join(' / ') };
	});
}

/** The row locator for a path, once it shows. */
export async function rowAt(wb, section, path) {
	return retry(
		async () => {
			const all = await rows(section);
			const index = all.findIndex((r) => r.path === path);
			assert.ok(index >= 0, `row ${path} shows; rows: ${all.map((r) => r.path).join(', ')}`);
			return section.locator('.monaco-list-row').nth(index);
		},
		{ timeout: 15_000, between: () => wb.page.waitForTimeout(250) },
	);
}

/** Expands a collapsed row (by its path) and waits until its children show. */
export async function expand(wb, section, path) {
	await retry(
		async () => {
			const all = await rows(section);
			const index = all.findIndex((r) => r.path === path);
			assert.ok(index >= 0, `row ${path} shows; rows: ${all.map((r) => r.path).join(', ')}`);
			if (all[index].expanded === 'false') {
				await section.locator('.monaco-list-row').nth(index).click();
			}
			assert.equal((await rows(section))[index]?.expanded, 'true', `${path} is expanded`);
		},
		{ timeout: 15_000, between: () => wb.page.waitForTimeout(250) },
	);
}
