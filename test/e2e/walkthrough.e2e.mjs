// First run: the Getting Started walkthrough opens from its command and shows the four steps
// with their images; a step's button runs the Meshlens command it names.
import { retry } from '../../scripts/e2e/driver.mjs';

/** The steps' titles and the names of their images in media/walkthrough/. */
const STEPS = [
	['Compare service meshes', 'compare'],
	['Browse meshes and your mesh resources', 'browse'],
	['Start a manifest from a starter', 'starter'],
	['Hover and complete mesh fields', 'assist'],
];

/** Waits until the walkthrough shows media/walkthrough/<name>.jpg, loaded. */
async function stepImage(page, name) {
	const media = page.locator('.gettingStartedContainer .getting-started-media img');
	await retry(
		async () => {
			const shown = await media.evaluateAll((imgs) =>
				imgs
					.filter((img) => img.checkVisibility() && img.complete && img.naturalWidth > 0)
					.map((img) => decodeURIComponent(img.currentSrc || img.src)),
			);
			if (!shown.some((src) => src.includes(`walkthrough/${name}.jpg`))) {
				throw new Error(
					`walkthrough/${name}.jpg is not shown (shown: ${shown.join(', ')})`,
				);
			}
		},
		{ timeout: 15_000, between: () => page.waitForTimeout(200) },
	);
}

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
			for (const [title] of STEPS) {
				await walkthrough
					.getByText(title, { exact: true })
					.first()
					.waitFor({ timeout: 10_000 });
			}
			// The first step is expanded: its image is the comparison. Each step shows its own
			// image, loaded from the package.
			await stepImage(page, STEPS[0][1]);
			// Without the side bar the walkthrough has room for its images at a readable size.
			await wb.runCommand('View: Toggle Primary Side Bar Visibility');
			try {
				for (const [i, [title, image]] of STEPS.entries()) {
					if (i > 0) await walkthrough.getByText(title, { exact: true }).first().click();
					await stepImage(page, image);
					await wb.screenshot(i === 0 ? 'walkthrough' : `walkthrough-${image}`);
				}
				await walkthrough.getByText(STEPS[0][0], { exact: true }).first().click();
				await stepImage(page, STEPS[0][1]);
			} finally {
				await wb.runCommand('View: Toggle Primary Side Bar Visibility');
			}
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
