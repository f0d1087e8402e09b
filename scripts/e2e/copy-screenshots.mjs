// Copies the README images from the last e2e run's screenshots into docs/images/.
// Usage: npm run test:e2e && node scripts/e2e/copy-screenshots.mjs
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOT_DIR } from './driver.mjs';

/** README image → the e2e screenshot it comes from. */
const IMAGES = {
	'comparison-dark.png': 'comparison-dark.png',
	'comparison-light.png': 'comparison-light.png',
	'sidebar.png': 'sidebar.png',
	'mesh-resources.png': 'mesh-resources.png',
	'hover.png': 'hover.png',
	'completion.png': 'completion.png',
};

const target = join(process.cwd(), 'docs', 'images');
mkdirSync(target, { recursive: true });
const missing = [];
for (const [image, shot] of Object.entries(IMAGES)) {
	const from = join(SCREENSHOT_DIR, shot);
	if (!existsSync(from)) {
		missing.push(shot);
		continue;
	}
	copyFileSync(from, join(target, image));
	console.log(`docs/images/${image} ← ${shot}`);
}
if (missing.length) {
	console.error(`Missing screenshots (run npm run test:e2e first): ${missing.join(', ')}`);
	process.exit(1);
}
