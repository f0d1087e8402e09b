// Copies the README images from the last e2e run's screenshots into docs/images/, and makes the
// walkthrough's images (media/walkthrough/*.jpg, shipped in the .vsix) from the same screenshots:
// scaled to 640 px wide and saved as JPEG by headless Chromium, so the package stays small.
// Usage: npm run test:e2e && node scripts/e2e/copy-screenshots.mjs
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCREENSHOT_DIR } from './driver.mjs';
import { launchBrowser } from './workbench.mjs';

/** README image → the e2e screenshot it comes from. */
const IMAGES = {
	'comparison-dark.png': 'comparison-dark.png',
	'comparison-light.png': 'comparison-light.png',
	'sidebar.png': 'sidebar.png',
	'mesh-resources.png': 'mesh-resources.png',
	'hover.png': 'hover.png',
	'hover-consul.png': 'hover-consul.png',
	'completion.png': 'completion.png',
	'choose.png': 'choose-mode.png',
	'walkthrough.png': 'walkthrough.png',
	'problems.png': 'problems-panel.png',
	'quick-fix.png': 'quick-fix.png',
	'analysis.png': 'analysis-problems.png',
	'convert.png': 'convert-preview.png',
	'dataset-changes.png': 'dataset-changes.png',
};

/** Walkthrough step image (package.json contributes.walkthroughs) → the e2e screenshot. */
export const WALKTHROUGH_IMAGES = {
	'compare.jpg': 'comparison-dark.png',
	'browse.jpg': 'sidebar.png',
	'starter.jpg': 'starter-manifest.png',
	'assist.jpg': 'hover.png',
};

const WIDTH = 640;

const missing = [];
const source = (shot) => {
	const from = join(SCREENSHOT_DIR, shot);
	if (!existsSync(from)) missing.push(shot);
	return from;
};

const target = join(process.cwd(), 'docs', 'images');
mkdirSync(target, { recursive: true });
for (const [image, shot] of Object.entries(IMAGES)) {
	const from = source(shot);
	if (!existsSync(from)) continue;
	copyFileSync(from, join(target, image));
	console.log(`docs/images/${image} ← ${shot}`);
}

const walkthrough = join(process.cwd(), 'media', 'walkthrough');
mkdirSync(walkthrough, { recursive: true });
const pending = Object.entries(WALKTHROUGH_IMAGES).filter(([, shot]) => existsSync(source(shot)));
if (pending.length) {
	const xdg = mkdtempSync(join(tmpdir(), 'meshlens-shots-'));
	const browser = await launchBrowser({ xdg });
	try {
		const page = await browser.newPage();
		for (const [image, shot] of pending) {
			const png = readFileSync(join(SCREENSHOT_DIR, shot));
			// PNG header: width and height are big-endian at bytes 16 and 20.
			const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
			const height = Math.round((h * WIDTH) / w);
			await page.setViewportSize({ width: WIDTH, height });
			await page.setContent(
				`<body style="margin:0"><img style="display:block;width:${WIDTH}px;height:${height}px" src="data:image/png;base64,${png.toString('base64')}"></body>`,
			);
			await page.screenshot({
				path: join(walkthrough, image),
				type: 'jpeg',
				quality: 60,
			});
			console.log(`media/walkthrough/${image} ← ${shot} (${WIDTH}×${height})`);
		}
	} finally {
		await browser.close();
	}
}
if (missing.length) {
	console.error(`Missing screenshots (run npm run test:e2e first): ${missing.join(', ')}`);
	process.exit(1);
}
