// Copies the README images from the last e2e run's screenshots into docs/images/, and makes the
// walkthrough's images (media/walkthrough/*.jpg, shipped in the .vsix) from the same screenshots:
// the part of the 1400×900 workbench a step is about, cropped and scaled to at most 560 px wide
// and saved as JPEG by headless Chromium, so the package stays small and the text stays readable
// in the walkthrough's narrow media column.
// Usage: npm run test:e2e && node scripts/e2e/copy-screenshots.mjs [image…]
// With image names (hover.png, browse.jpg, …) only those are made; otherwise all of them.
import { spawnSync } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	statSync,
	writeFileSync,
} from 'node:fs';
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

/**
 * Walkthrough step image (package.json contributes.walkthroughs) → the e2e screenshot and the
 * part of it to show, in the screenshot's pixels (1400×900).
 */
export const WALKTHROUGH_IMAGES = {
	// The toolbar, the legend and the first four meshes' columns.
	'compare.jpg': { shot: 'comparison-dark.png', clip: { x: 48, y: 68, width: 784, height: 556 } },
	// The Meshes view, widened by the test: the meshes with their versions, Istio's overview.
	'browse.jpg': { shot: 'sidebar.png', clip: { x: 0, y: 34, width: 600, height: 466 } },
	// Linkerd's manifest kinds with Server selected, and the manifest it opened.
	'starter.jpg': { shot: 'starter-manifest.png', clip: { x: 0, y: 34, width: 800, height: 814 } },
	// The hover over `retries` and the lines around it.
	'assist.jpg': { shot: 'hover.png', clip: { x: 345, y: 90, width: 880, height: 530 } },
};
/** About the width of the walkthrough's media column in a 1400 px window without the side bar. */
const WIDTH = 560;
const only = process.argv.slice(2);
const wanted = (image) => only.length === 0 || only.includes(image);

/**
 * The same JPEG, losslessly smaller (optimised Huffman tables, progressive, no metadata: about 7 %
 * less), when libjpeg-turbo's `jpegtran` is installed (Debian: libjpeg-turbo-progs); else as it is.
 */
function optimized(jpeg) {
	const run = spawnSync('jpegtran', ['-optimize', '-progressive', '-copy', 'none'], {
		input: jpeg,
		maxBuffer: 16 * 1024 * 1024,
	});
	if (run.status === 0 && run.stdout.length > 0) return run.stdout;
	if (!warnedJpegtran) {
		console.log('(no jpegtran: the walkthrough images are not optimised; see the comment)');
		warnedJpegtran = true;
	}
	return jpeg;
}
let warnedJpegtran = false;

const missing = [];
const source = (shot) => {
	const from = join(SCREENSHOT_DIR, shot);
	if (!existsSync(from)) missing.push(shot);
	return from;
};

const target = join(process.cwd(), 'docs', 'images');
mkdirSync(target, { recursive: true });
for (const [image, shot] of Object.entries(IMAGES)) {
	if (!wanted(image)) continue;
	const from = source(shot);
	if (!existsSync(from)) continue;
	copyFileSync(from, join(target, image));
	console.log(`docs/images/${image} ← ${shot}`);
}

const walkthrough = join(process.cwd(), 'media', 'walkthrough');
mkdirSync(walkthrough, { recursive: true });
const pending = Object.entries(WALKTHROUGH_IMAGES).filter(
	([image, { shot }]) => wanted(image) && existsSync(source(shot)),
);
if (pending.length) {
	const xdg = mkdtempSync(join(tmpdir(), 'meshlens-shots-'));
	const browser = await launchBrowser({ xdg });
	try {
		const page = await browser.newPage();
		for (const [image, { shot, clip }] of pending) {
			const png = readFileSync(join(SCREENSHOT_DIR, shot));
			// PNG header: width and height are big-endian at bytes 16 and 20.
			const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
			const scale = Math.min(1, WIDTH / clip.width);
			const width = Math.round(clip.width * scale);
			const height = Math.round(clip.height * scale);
			await page.setViewportSize({ width, height });
			// The whole screenshot, scaled and moved so that the clip fills the page.
			const style = [
				'display:block',
				'position:absolute',
				`left:${-clip.x * scale}px`,
				`top:${-clip.y * scale}px`,
				`width:${w * scale}px`,
				`height:${h * scale}px`,
			].join(';');
			await page.setContent(
				`<body style="margin:0;overflow:hidden"><img style="${style}" src="data:image/png;base64,${png.toString('base64')}"></body>`,
			);
			const jpeg = await page.screenshot({ type: 'jpeg', quality: 60 });
			const out = join(walkthrough, image);
			writeFileSync(out, optimized(jpeg));
			console.log(
				`media/walkthrough/${image} ← ${shot} at ${clip.x},${clip.y} ${clip.width}×${clip.height} (${width}×${height}, ${(statSync(out).size / 1024).toFixed(1)} KiB)`,
			);
		}
	} finally {
		await browser.close();
	}
}
if (missing.length) {
	console.error(`Missing screenshots (run npm run test:e2e first): ${missing.join(', ')}`);
	process.exit(1);
}
