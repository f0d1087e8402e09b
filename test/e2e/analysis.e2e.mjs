// Cross-resource analysis in the real workbench: breaking a subset name in one file shows
// IST0101 on the VirtualService with the DestinationRule of another file as related information;
// fixing it clears it; Go to Definition on the subset opens the DestinationRule, whose code lens
// says who routes to it.
import assert from 'node:assert/strict';
import { retry } from '../../scripts/e2e/driver.mjs';

const ROUTES = 'istio/ratings-routing.yaml';
const SUBSETS = 'istio/ratings-subsets.yaml';

/** Puts the cursor at a 1-based line and column of the active editor (Go to Line). */
async function cursorTo(wb, line, column) {
	await wb.page.keyboard.press('Control+P');
	const input = wb.page.locator('.quick-input-widget input');
	await input.waitFor({ state: 'visible' });
	await input.fill(`:${line}:${column}`);
	await wb.page.keyboard.press('Enter');
	await input.waitFor({ state: 'hidden' });
}

/** The text of the Problems panel's rows. */
async function problems(wb) {
	const panel = wb.page.locator('.markers-panel');
	await panel.waitFor({ state: 'visible', timeout: 10_000 });
	return (await panel.locator('.monaco-list-row').allInnerTexts()).join('\n');
}

export const tests = [
	{
		name: 'analysis: a broken subset shows IST0101 across files, clears when fixed, and Go to Definition opens the DestinationRule',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		timeout: 150_000,
		async run(wb) {
			const { line, column } = wb.findText(ROUTES, 'subset: v1');
			const at = column + 'subset: '.length;
			await wb.goTo(ROUTES, line, at);
			await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
			// Nothing about ratings while the subset exists (the first full analysis has to finish).
			await wb.page.waitForTimeout(3000);
			assert.doesNotMatch(await problems(wb), /ratings\+v/);

			// Break the subset: select "v1" and type "v9".
			await wb.goTo(ROUTES, line, at);
			await wb.page.keyboard.press('Shift+End');
			await wb.page.keyboard.type('v9');
			await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
			const text = await retry(
				async () => {
					const t = await problems(wb);
					assert.match(t, /IST0101/);
					assert.match(t, /ratings\+v9/);
					return t;
				},
				{ timeout: 30_000, between: () => wb.page.waitForTimeout(500) },
			);
			assert.match(text, /VirtualService bookinfo\/ratings/);
			// The DestinationRule in the other file is the related information.
			await retry(async () => assert.match(await problems(wb), /ratings-subsets\.yaml/), {
				timeout: 10_000,
				between: () => wb.page.waitForTimeout(300),
			});
			await wb.screenshot('analysis-problems');

			// Fix it (back to the file on disk; the routes file is still the active editor): the
			// problem goes away.
			await wb.revertFile();
			await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
			await retry(async () => assert.doesNotMatch(await problems(wb), /ratings\+v9/), {
				timeout: 30_000,
				between: () => wb.page.waitForTimeout(500),
			});

			// Go to Definition on the subset opens the DestinationRule at the subset's name.
			await cursorTo(wb, line, at);
			await wb.page.keyboard.press('F12');
			const target = wb.findText(SUBSETS, 'name: v1');
			const editor = wb.page.locator(`.monaco-editor[data-uri$="/${SUBSETS}"]`);
			await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: 15_000 });
			const status = wb.page.locator('[id="status.editor.selection"]');
			await retry(
				async () => {
					const t = (await status.innerText()).trim();
					assert.match(t, new RegExp(`^Ln ${target.line}, Col \\d+`));
				},
				{ timeout: 10_000, between: () => wb.page.waitForTimeout(200) },
			);
			await wb.screenshot('analysis-definition');

			// The code lenses above the DestinationRule and the Service say who uses them.
			const lenses = editor.locator('.codelens-decoration');
			await retry(
				async () => {
					const t = (await lenses.allInnerTexts()).join('\n');
					assert.match(t, /^routed by 1$/m);
					assert.match(t, /^routed by 1 · 1 config · selects 1 workload$/m);
				},
				{ timeout: 15_000, between: () => wb.page.waitForTimeout(300) },
			);
		},
	},
];
