// First run: the Getting Started walkthrough opens from its command and shows the four steps
// with their images; a step's button runs the Meshlens command it names.
import assert from 'node:assert/strict';

export const tests = [
	{
		name: '"Get Started" opens the walkthrough with its four steps and images',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		timeout: 90_000,
		async run(wb) {
			await wb.hidePanel();
			await wb.runCommand('Meshlens: Get Started');
			const page = wb.page;
			const walkthrough = page.locator('.gettingStartedContainer');
			await walkthrough
				.getByText('Get started with Meshlens')
				.first()
				.waitFor({ timeout: 20_000 });
			for (const title of [
				'Compare service meshes',
				'Browse meshes and your mesh resources',
				'Start a manifest from a starter',
				'Hover and complete mesh fields',
			]) {
				await walkthrough
					.getByText(title, { exact: true })
					.first()
					.waitFor({ timeout: 10_000 });
			}
			// The first step is expanded: its image is the comparison, loaded from the package.
			const image = walkthrough.locator('.getting-started-media img').first();
			await image.waitFor({ timeout: 15_000 });
			await page.waitForFunction(
				(img) => img.complete && img.naturalWidth > 0,
				await image.elementHandle(),
				{ timeout: 15_000 },
			);
			const src = decodeURIComponent(
				await image.evaluate((img) => img.currentSrc || img.src),
			);
			assert.match(src, /walkthrough\/compare\.jpg/);
			await wb.screenshot('walkthrough');
			// The step's button (the visible one, in the expanded step) opens the comparison.
			await page
				.locator(
					'.gettingStartedContainer >> text="Compare Service Meshes" >> visible=true',
				)
				.first()
				.click();
			await wb.waitForWebview('[data-testid="matrix"]');
		},
	},
];
