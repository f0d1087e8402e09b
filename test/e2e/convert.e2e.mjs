// Convert in the real workbench: the command converts a ServiceProfile, the notes open beside,
// the refactor preview shows the change, and nothing is written until Apply.
import assert from 'node:assert/strict';
import { retry } from '../../scripts/e2e/driver.mjs';

export const tests = [
	{
		name: 'convert: ServiceProfile to Linkerd HTTPRoute through the refactor preview',
		timeout: 120_000,
		async run(wb) {
			const editor = await wb.openFile('linkerd/serviceprofile.yaml');
			await editor.click();
			await wb.runCommand('Meshlens: Convert Mesh Resources…');
			const input = wb.page.locator('.quick-input-widget input');
			await input.waitFor({ state: 'visible' });
			await input.fill('Linkerd (Gateway');
			await retry(async () => {
				const rows = await wb.page
					.locator('.quick-input-widget .monaco-list-row')
					.allInnerTexts();
				assert.ok(
					rows.some((r) => r.includes('Linkerd (Gateway API + Linkerd policy)')),
					rows.join('\n'),
				);
			});
			await wb.page.keyboard.press('Enter');
			// The notes open beside as Markdown, and the refactor preview asks for confirmation.
			const apply = wb.page.getByRole('button', { name: 'Apply', exact: true }).first();
			await retry(
				async () => {
					const tabs = await wb.page.locator('.tabs-container .tab').allInnerTexts();
					assert.ok(
						tabs.some((t) => t.includes('Untitled')),
						tabs.join(' | '),
					);
					assert.ok(await apply.isVisible(), 'refactor preview not shown');
				},
				{ timeout: 30_000 },
			);
			// Nothing is written yet: the file still holds the ServiceProfile.
			const before = await wb.page
				.locator('.editor-instance .view-lines')
				.first()
				.innerText();
			assert.match(before, /kind:\s+ServiceProfile/);
			// VS Code leaves changes that need confirmation unticked: tick the file, then Apply.
			const box = wb.page.locator('input.edit-checkbox').first();
			await box.click();
			await retry(async () => assert.ok(await box.isChecked()));
			await wb.screenshot('convert-preview');
			await apply.click();
			await wb.openFile('linkerd/serviceprofile.yaml');
			await retry(
				async () => {
					const text = await wb.page
						.locator('.editor-instance .view-lines')
						.first()
						.innerText();
					assert.match(text, /kind:\s+HTTPRoute/);
					assert.match(text, /retry\.linkerd\.io\/http/);
				},
				{ timeout: 20_000 },
			);
			await wb.screenshot('convert-applied');
			// Put the sample back for the other tests (the notes are an untitled document).
			await wb.openFile('linkerd/serviceprofile.yaml');
			await wb.revertFile();
		},
	},
];
