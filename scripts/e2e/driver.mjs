// The `wb` object e2e tests receive: small, robust helpers over a code-server workbench page.
// Selectors come from ../shared/docs/e2e-recipe.md §5 (verified against VS Code 1.100.3).
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_DIR } from './workbench.mjs';

export const SCREENSHOT_DIR = join(E2E_DIR, 'screenshots');

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cssString = (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** Retries `attempt` until it returns without throwing, or rethrows its last error. */
export async function retry(attempt, { timeout = 20_000, between = async () => {} } = {}) {
	const end = Date.now() + timeout;
	for (;;) {
		try {
			return await attempt();
		} catch (e) {
			if (Date.now() > end) throw e;
			await between();
		}
	}
}

/**
 * Creates the workbench driver.
 * @param {import('playwright-core').Page} page
 * @param {{ workspace: string, userData: string }} sandbox
 */
export function createDriver(page, sandbox) {
	const quickInput = page.locator('.quick-input-widget input');
	const quickRows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');

	/** The editor showing a workspace file (matched on the end of its URI). */
	const editorFor = (relPath) =>
		page.locator(`.monaco-editor[data-uri$="/${cssString(relPath.replace(/^\.?\//, ''))}"]`);

	async function closeQuickInput() {
		if (await quickInput.isVisible()) await page.keyboard.press('Escape');
	}

	const wb = {
		page,
		/** Absolute path of the run's workspace (a fresh copy of samples/). */
		workspace: sandbox.workspace,

		/** Opens a workspace file with Quick Open; returns the editor locator. */
		async openFile(relPath) {
			const rel = relPath.replace(/^\.?\//, '');
			const editor = editorFor(rel);
			if (await editor.locator('.view-lines').isVisible()) {
				await editor.locator('.view-lines').click({ position: { x: 1, y: 1 } });
				return editor;
			}
			if (!existsSync(join(sandbox.workspace, rel))) {
				throw new Error(`openFile: ${rel} is not in the workspace (samples/)`);
			}
			await closeQuickInput();
			await page.keyboard.press('Control+P');
			await quickInput.waitFor({ state: 'visible' });
			await quickInput.fill(rel);
			const name = rel.split('/').pop();
			const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
			// Rows read "<name>, <folder>"; pick the one in the right folder rather than the first.
			const row = quickRows.filter({
				has: page.locator('.label-name', {
					hasText: new RegExp(`^${escapeRegExp(name)}$`),
				}),
				hasText: dir ? dir.split('/').pop() : undefined,
			});
			await row.first().waitFor({ timeout: 15_000 });
			await row.first().click();
			await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: 15_000 });
			return editor;
		},

		/**
		 * Runs a command from the palette by its title as shown there ("Category: Title").
		 * Clicks the row whose label is exactly the title.
		 */
		async runCommand(title, { timeout = 15_000 } = {}) {
			await closeQuickInput();
			await page.keyboard.press('F1');
			await quickInput.waitFor({ state: 'visible' });
			await quickInput.fill(`>${title}`);
			const row = quickRows.filter({
				has: page.locator('.label-name', {
					hasText: new RegExp(`^${escapeRegExp(title)}$`),
				}),
			});
			await row.first().waitFor({ timeout });
			await row.first().click();
			await quickInput.waitFor({ state: 'hidden', timeout });
		},

		/** True when the command palette lists a command with this exact title. */
		async hasCommand(title, { timeout = 10_000 } = {}) {
			await closeQuickInput();
			await page.keyboard.press('F1');
			await quickInput.waitFor({ state: 'visible' });
			await quickInput.fill(`>${title}`);
			const row = quickRows.filter({
				has: page.locator('.label-name', {
					hasText: new RegExp(`^${escapeRegExp(title)}$`),
				}),
			});
			try {
				await row.first().waitFor({ timeout });
				return true;
			} catch {
				return false;
			} finally {
				await page.keyboard.press('Escape');
			}
		},

		/**
		 * Waits for a webview whose document contains `selector` and returns its inner frame
		 * (a playwright Frame: use frame.locator(…), frame.evaluate(…)). Webviews are nested
		 * iframes: iframe.webview.ready > iframe#active-frame.
		 */
		async waitForWebview(selector, { timeout = 30_000 } = {}) {
			const end = Date.now() + timeout;
			for (;;) {
				for (const outer of await page.locator('iframe.webview.ready').elementHandles()) {
					const outerFrame = await outer.contentFrame();
					const innerEl = outerFrame && (await outerFrame.$('iframe#active-frame'));
					const inner = innerEl && (await innerEl.contentFrame());
					if (inner && (await inner.$(selector).catch(() => null))) return inner;
				}
				if (Date.now() > end) {
					throw new Error(`no webview contains ${selector} after ${timeout / 1000} s`);
				}
				await page.waitForTimeout(200);
			}
		},

		/**
		 * Shows a view container of the activity bar by its title ("Service Meshes") and returns
		 * the side bar locator. Use wb.viewSection(name) for one view in it.
		 */
		async openView(containerTitle, { timeout = 15_000 } = {}) {
			await closeQuickInput();
			const item = page.locator(
				`.activitybar .action-label[aria-label^="${cssString(containerTitle)}"]`,
			);
			await item.first().waitFor({ timeout });
			const sidebar = page.locator('.part.sidebar');
			const title = sidebar.locator('.composite.title h2', {
				hasText: new RegExp(`^${escapeRegExp(containerTitle)}$`, 'i'),
			});
			if (!(await title.isVisible())) await item.first().click();
			await title.waitFor({ timeout });
			return sidebar;
		},

		/** A view (pane) of the side bar by its name ("Meshes"); expands it when collapsed. */
		async viewSection(name, { timeout = 15_000 } = {}) {
			const header = page.locator('.part.sidebar .pane-header', {
				has: page.locator('h3.title', {
					hasText: new RegExp(`^${escapeRegExp(name)}$`, 'i'),
				}),
			});
			await header.first().waitFor({ timeout });
			if ((await header.first().getAttribute('aria-expanded')) === 'false') {
				await header.first().click();
			}
			return header.first().locator('xpath=..');
		},

		/**
		 * Hovers a word in a file and returns the hover's text. Retries (moving the mouse away
		 * first) until the hover shows `expect` (text or RegExp), if given.
		 */
		async hoverWord(file, word, { expect, timeout = 20_000, nth = 0 } = {}) {
			const editor = await wb.openFile(file);
			const exact = editor.locator('.view-line span span', {
				hasText: new RegExp(`^${escapeRegExp(word)}$`),
			});
			const partial = editor.locator('.view-line span span', { hasText: word });
			const hover = page.locator('.monaco-hover:visible', expect ? { hasText: expect } : {});
			return retry(
				async () => {
					await page.mouse.move(5, 5);
					if ((await exact.count()) > nth) {
						await exact.nth(nth).hover();
					} else {
						// The word is part of a longer token: hover over its first characters.
						const span = partial.nth(nth);
						const text = (await span.textContent()) ?? '';
						const box = await span.boundingBox();
						if (!box) throw new Error(`hoverWord: "${word}" is not visible in ${file}`);
						const x =
							box.x +
							(box.width * (text.indexOf(word) + 1)) / Math.max(text.length, 1);
						await page.mouse.move(x, box.y + box.height / 2);
					}
					await hover.first().waitFor({ timeout: 3000 });
					return (await hover.first().innerText()).trim();
				},
				{ timeout },
			);
		},

		/**
		 * Puts the cursor at `line`/`column` (1-based; default: end of file on a new line),
		 * types `type`, opens completion (Ctrl+Space) and returns the suggestion labels.
		 * Retries until a label starting with `expect` shows. Unless keepOpen, closes the
		 * widget and undoes the typing afterwards.
		 */
		async triggerCompletion(
			file,
			{ line, column = 1, type = '', expect, timeout = 20_000, keepOpen = false } = {},
		) {
			const editor = await wb.openFile(file);
			await page.mouse.move(5, 5);
			await editor.locator('.view-lines').click();
			let edits = 0;
			if (line === undefined) {
				await page.keyboard.press('Control+End');
				await page.keyboard.press('Enter');
				edits++;
			} else {
				await page.keyboard.press('Control+G');
				await quickInput.waitFor({ state: 'visible' });
				await quickInput.fill(`:${line}:${column}`);
				await page.keyboard.press('Enter');
			}
			if (type) {
				await page.keyboard.type(type);
				edits++;
			}
			const widget = page.locator('.editor-widget.suggest-widget.visible');
			const rows = widget.locator('.monaco-list-row');
			const wanted = expect
				? widget.locator(`.monaco-list-row[aria-label^="${cssString(expect)}"]`)
				: rows;
			await retry(
				async () => {
					await page.keyboard.press('Control+Space');
					await wanted.first().waitFor({ timeout: 3000 });
				},
				{ timeout, between: () => page.keyboard.press('Escape') },
			);
			const labels = await rows.evaluateAll((els) =>
				els.map((el) => (el.getAttribute('aria-label') ?? '').split(',')[0]),
			);
			if (!keepOpen) {
				await page.keyboard.press('Escape');
				for (let i = 0; i < edits; i++) await page.keyboard.press('Control+Z');
			}
			return labels;
		},

		/** Saves a screenshot (animations disabled) to .e2e/screenshots/<name>.png. */
		async screenshot(name, options = {}) {
			mkdirSync(SCREENSHOT_DIR, { recursive: true });
			const path = join(SCREENSHOT_DIR, `${name}.png`);
			await page.screenshot({ path, animations: 'disabled', ...options });
			return path;
		},

		/**
		 * The text the extension host wrote to an output channel (e.g. "Meshlens"), read from the
		 * workbench's log files: no UI involved. Empty when the channel does not exist (yet).
		 */
		readOutputChannel(name) {
			const logs = join(sandbox.userData, 'logs');
			if (!existsSync(logs)) return '';
			// LogOutputChannels write <logs>/…/exthost1/<extension id>/<name>.log; plain output
			// channels write <logs>/…/output_logging_<time>/<n>-<name>.log.
			return readdirSync(logs, { recursive: true })
				.map(String)
				.filter((f) => {
					const base = f.split('/').pop() ?? '';
					return (
						base === `${name}.log` ||
						(f.includes('output_logging') && base.endsWith(`-${name}.log`))
					);
				})
				.map((f) => readFileSync(join(logs, f), 'utf8'))
				.join('');
		},

		/** Presses Escape a few times and closes all editors: a clean state between tests. */
		async reset() {
			for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
			await wb.runCommand('View: Close All Editors').catch(() => {});
		},
	};
	return wb;
}
