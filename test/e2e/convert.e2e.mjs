// Convert in the real workbench: the command converts a ServiceProfile, the notes open beside
// as a rendered Markdown preview,
// the refactor preview shows the change, and nothing changes before Apply.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { retry } from '../../scripts/e2e/driver.mjs';

const FILE = 'linkerd/serviceprofile.yaml';

/** The text of every visible editor (Monaco draws spaces as non-breaking spaces). */
async function editorTexts(wb) {
	const texts = await wb.page.locator('.editor-instance .view-lines').allInnerTexts();
	return texts.map((t) => t.replace(/\u00a0/g, ' '));
}

/** The tab of the sample (not the notes, not a diff). */
const sampleTab = (wb) =>
	wb.page.locator('.tabs-container .tab').filter({
		has: wb.page.locator('.label-name', { hasText: /^serviceprofile\.yaml$/ }),
	});

export const tests = [
	{
		name: 'convert: ServiceProfile to Linkerd HTTPRoute through the refactor preview',
		timeout: 120_000,
		// The notes preview and the refactor preview in both extension hosts.
		web: true,
		async run(wb) {
			const path = join(wb.workspace, FILE);
			const original = readFileSync(path, 'utf8');
			try {
				await wb.openFile(FILE);
				await wb.runCommand('Meshlens: Convert Mesh Resources…', { opensQuickInput: true });
				const input = wb.page.locator('.quick-input-widget input');
				await input.waitFor({ state: 'visible' });
				await retry(async () => {
					await input.fill('Linkerd (Gateway');
					const rows = await wb.page
						.locator('.quick-input-widget .monaco-list-row')
						.allInnerTexts();
					assert.ok(
						rows.some((r) => r.includes('Linkerd (Gateway API + Linkerd policy)')),
						rows.join('\n'),
					);
				});
				await wb.page.keyboard.press('Enter');

				// The notes open beside as rendered Markdown (the built-in preview of a read-only
				// notes document); the refactor preview lists the change.
				const apply = wb.page.getByRole('button', { name: 'Apply', exact: true }).first();
				const preview = await wb.waitForWebview('.markdown-body h1', { timeout: 30_000 });
				const rendered = await retry(async () => {
					const text = await preview.locator('.markdown-body').innerText();
					assert.match(text, /what did not carry over/);
					return text;
				});
				// Rendered, not source: the heading is an <h1>, the field paths are <code>.
				assert.match(
					await preview.locator('.markdown-body h1').first().innerText(),
					/Convert to Linkerd/,
				);
				assert.match(rendered, /spec\.retryBudget/);
				assert.match(rendered, /retry\.linkerd\.io\/limit/);
				assert.match(rendered, /retry\.linkerd\.io\/http annotation/);
				assert.doesNotMatch(rendered, /^# /m, 'the notes show as Markdown source');
				assert.ok(
					(await preview.locator('.markdown-body code').count()) > 0,
					'no rendered code spans in the notes',
				);
				const notesTab = wb.page.locator('.tabs-container .tab', {
					has: wb.page.locator('.label-name', {
						hasText: /^Preview Conversion notes \(linkerd\)\.md$/,
					}),
				});
				await notesTab.first().waitFor({ timeout: 10_000 });
				await retry(
					async () => assert.ok(await apply.isVisible(), 'refactor preview not shown'),
					{
						timeout: 30_000,
					},
				);
				await wb.screenshot('convert-notes');

				// VS Code leaves changes that need confirmation unticked: tick them.
				const boxes = wb.page.locator('input.edit-checkbox');
				await retry(async () => {
					const n = await boxes.count();
					assert.ok(n >= 1, 'no change to tick');
					for (let i = 0; i < n; i++)
						if (!(await boxes.nth(i).isChecked())) await boxes.nth(i).click();
					for (let i = 0; i < n; i++) assert.ok(await boxes.nth(i).isChecked());
				});
				// The change, opened from the preview, shows the HTTPRoutes beside the profile.
				const change = wb.page.locator('.monaco-list-row', {
					has: wb.page.locator('input.edit-checkbox'),
					hasText: 'Per-route metrics',
				});
				await change.first().click();
				await retry(
					async () => {
						const text = (await editorTexts(wb)).join('\n');
						// (The retry annotation is further down, off screen; the file is read after Apply.)
						assert.match(text, /kind:\s+HTTPRoute/);
					},
					{ timeout: 20_000 },
				);
				await wb.screenshot('convert-preview');

				// Nothing has changed yet: not on disk, not in the editor.
				assert.equal(readFileSync(path, 'utf8'), original, 'written before Apply');
				assert.doesNotMatch(
					(await sampleTab(wb).first().getAttribute('class')) ?? '',
					/\bdirty\b/,
					'the sample changed before Apply',
				);
				await apply.click();
				await apply.waitFor({ state: 'hidden', timeout: 15_000 });

				// Applied: the sample now holds the converted HTTPRoutes. VS Code saves the files of
				// a refactoring itself (files.refactoring.autoSave); when it has not, save it.
				await wb.openFile(FILE);
				let savedByHand = false;
				const docs = await retry(
					async () => {
						const text = readFileSync(path, 'utf8');
						// (Read again while the save is still writing it.)
						if (text !== original) {
							const parsed = parseAllDocuments(text).map((d) => d.toJS());
							assert.deepEqual(
								parsed.map((d) => d?.kind),
								['HTTPRoute', 'HTTPRoute'],
							);
							return parsed;
						}
						const dirty = /\bdirty\b/.test(
							(await sampleTab(wb).first().getAttribute('class')) ?? '',
						);
						if (dirty && !savedByHand) {
							savedByHand = true;
							await wb.runCommand('File: Save');
						}
						assert.fail('the converted resources are not in the file');
					},
					{ timeout: 20_000 },
				);
				for (const d of docs)
					assert.deepEqual(d.spec.parentRefs, [
						{ group: 'core', kind: 'Service', name: 'books' },
					]);
				assert.ok(
					docs.some((d) => d.metadata.annotations?.['retry.linkerd.io/http']),
					'the retryable route keeps its retries as an annotation',
				);
				await editorTop(wb);
				await wb.screenshot('convert-applied');
			} finally {
				// Put the sample back for the other tests.
				writeFileSync(path, original);
			}
		},
	},
];

/** Scrolls the active editor to its first line (the view shows only what is on screen). */
async function editorTop(wb) {
	await wb.page.keyboard.press('Control+Home');
}
