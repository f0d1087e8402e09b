// The `wb` object e2e tests receive: small, robust helpers over a code-server workbench page.
// Selectors come from ../shared/docs/e2e-recipe.md §5 (verified against VS Code 1.100.3).
import assert from 'node:assert/strict';
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
 * @param {{ ready?: () => Promise<void> }} options ready: waits until the workbench is usable
 */
export function createDriver(page, sandbox, { ready = async () => {} } = {}) {
	const quickInput = page.locator('.quick-input-widget input');
	const quickRows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');

	/** The visible editor showing a workspace file (matched on the end of its URI). */
	const editorFor = (relPath) =>
		page
			.locator(`.monaco-editor[data-uri$="/${cssString(relPath.replace(/^\.?\//, ''))}"]`)
			.filter({ visible: true })
			.first();

	async function closeQuickInput() {
		if (await quickInput.isVisible()) await page.keyboard.press('Escape');
	}

	/** Opens the command palette on a title and returns the row whose label is exactly it. */
	async function paletteRow(title) {
		await closeQuickInput();
		// F1 can be lost while a webview is taking the focus (e.g. just after a theme change):
		// then give the focus back to the workbench's status bar and press it again.
		await retry(
			async () => {
				if (!(await quickInput.isVisible())) await page.keyboard.press('F1');
				await quickInput.waitFor({ state: 'visible', timeout: 3_000 });
				// The palette may close again at once; then this fails and it is opened again.
				await quickInput.fill(`>${title}`, { timeout: 3_000 });
			},
			{
				timeout: 30_000,
				between: () =>
					page
						.locator('.part.statusbar')
						.focus()
						.catch(() => {}),
			},
		);
		return quickRows.filter({
			has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
		});
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
				// Into the first visible line: the viewport, not `.view-lines`, whose box starts
				// above the viewport once the editor is scrolled (the tab bar would take the click),
				// below the shadow a scrolled editor draws along its top edge.
				await editor.locator('.editor-scrollable').click({ position: { x: 4, y: 10 } });
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
		async runCommand(title, { timeout = 15_000, opensQuickInput = false } = {}) {
			// A view taking the focus (the walkthrough does, after a step is selected) closes the
			// palette under the test, even between finding the row and clicking it: then open it
			// again.
			await retry(
				async () => {
					const row = (await paletteRow(title)).first();
					await row.waitFor({ timeout: Math.min(timeout, 5_000) });
					await row.click({ timeout: 2_000 });
				},
				{ timeout },
			);
			// A command that shows its own quick pick may replace the palette without hiding it.
			if (!opensQuickInput) await quickInput.waitFor({ state: 'hidden', timeout });
		},

		/** True when the command palette lists a command with this exact title. */
		async hasCommand(title, { timeout = 5_000 } = {}) {
			const row = await paletteRow(title);
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
			let lastError;
			for (;;) {
				try {
					for (const outer of await page
						.locator('iframe.webview.ready')
						.elementHandles()) {
						const outerFrame = await outer.contentFrame();
						const innerEl = outerFrame && (await outerFrame.$('iframe#active-frame'));
						const inner = innerEl && (await innerEl.contentFrame());
						if (inner && (await inner.$(selector))) return inner;
					}
				} catch (e) {
					// Frames come and go (a webview being restored, a window reloading): poll again.
					lastError = e;
				}
				if (Date.now() > end) {
					const why = lastError
						? ` (last error: ${lastError.message.split('\n')[0]})`
						: '';
					throw new Error(
						`no webview contains ${selector} after ${timeout / 1000} s${why}`,
					);
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
			const item = page.locator('.activitybar .action-item', {
				has: page.locator(`.action-label[aria-label^="${cssString(containerTitle)}"]`),
			});
			await item.first().waitFor({ timeout });
			// Clicking the item of the open container would close it.
			const isOpen = async () =>
				(await item.first().getAttribute('class'))?.split(' ').includes('checked');
			if (!(await isOpen())) await item.first().click();
			await retry(async () => assert.ok(await isOpen(), `${containerTitle} is shown`), {
				timeout,
				between: () => page.waitForTimeout(100),
			});
			return page.locator('.part.sidebar');
		},

		/**
		 * Runs `fn` with the primary side bar `width` px wide (its edge dragged, as a user does),
		 * then drags it back to the width it had; returns what `fn` returns. For screenshots in
		 * which the side bar's descriptions should not be cut.
		 */
		async withSideBarWidth(width, fn) {
			const sidebar = page.locator('.part.sidebar');
			const drag = async (to) => {
				const box = await sidebar.boundingBox();
				const y = box.y + box.height / 2;
				await page.mouse.move(box.x + box.width, y);
				await page.mouse.down();
				await page.mouse.move(box.x + to, y, { steps: 5 });
				await page.mouse.up();
				// Off the edge (its highlight would show), to an empty spot of the title bar.
				await page.mouse.move(page.viewportSize().width - 200, 16);
				await retry(
					async () => {
						const now = (await sidebar.boundingBox()).width;
						assert.ok(Math.abs(now - to) <= 2, `side bar ${now} px wide, not ${to}`);
					},
					{ timeout: 3_000, between: () => page.waitForTimeout(100) },
				);
				return box.width;
			};
			const before = await drag(width);
			try {
				return await fn();
			} finally {
				await drag(before);
			}
		},

		/**
		 * A view (pane) of the side bar by its name ("Meshes"); expands it when collapsed. In a
		 * container with one view the pane header is hidden, and the view is always expanded.
		 */
		async viewSection(name, { timeout = 15_000 } = {}) {
			const header = page
				.locator('.part.sidebar .pane-header', {
					has: page.locator('h3.title', {
						hasText: new RegExp(`^${escapeRegExp(name)}$`, 'i'),
					}),
				})
				.first();
			await header.waitFor({ state: 'attached', timeout });
			if (
				(await header.isVisible()) &&
				(await header.getAttribute('aria-expanded')) === 'false'
			) {
				await header.click();
			}
			return header.locator('xpath=..');
		},

		/**
		 * Finds the `nth` (0-based) occurrence of `text` in a workspace file, as a 1-based
		 * { line, column } of its first character.
		 */
		findText(file, text, nth = 0) {
			const content = readFileSync(join(sandbox.workspace, file), 'utf8');
			let index = -1;
			for (let i = 0; i <= nth; i++) {
				index = content.indexOf(text, index + 1);
				if (index < 0) throw new Error(`findText: "${text}" #${nth} is not in ${file}`);
			}
			const before = content.slice(0, index).split('\n');
			return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
		},

		/** Opens a file and puts the cursor at a 1-based line and column (Go to Line). */
		async goTo(file, line, column = 1) {
			const editor = await wb.openFile(file);
			await closeQuickInput();
			await page.keyboard.press('Control+P');
			await quickInput.waitFor({ state: 'visible' });
			await quickInput.fill(`:${line}:${column}`);
			await page.keyboard.press('Enter');
			await quickInput.waitFor({ state: 'hidden' });
			return editor;
		},

		/**
		 * Shows the hover of a word (its `nth` occurrence in the file) and returns the hover's
		 * text. The cursor goes to the word and the hover opens with Ctrl+K Ctrl+I, so the word
		 * need not be on screen. Retries until the hover shows `expect` (text or RegExp).
		 */
		async hoverWord(file, word, { expect, timeout = 20_000, nth = 0 } = {}) {
			const { line, column } = wb.findText(file, word, nth);
			// Aim at the middle of the word, so the hover is for this word and not its neighbour.
			await wb.goTo(file, line, column + Math.floor(word.length / 2));
			const hover = page.locator('.monaco-hover:visible', expect ? { hasText: expect } : {});
			return retry(
				async () => {
					await page.keyboard.press('Control+K');
					await page.keyboard.press('Control+I');
					await hover.first().waitFor({ timeout: 3000 });
					// A short timeout: a hover closed right after it showed (a re-render) is opened again.
					return (await hover.first().innerText({ timeout: 3000 })).trim();
				},
				{ timeout, between: () => page.keyboard.press('Escape') },
			);
		},

		/**
		 * Opens completion (Ctrl+Space) and returns the suggestion labels. Where: `after` (put
		 * the cursor right after that text; `nth` picks the occurrence), or `line`/`column`
		 * (1-based), or by default a new line at the end of the file; then types `type`.
		 * Retries until a label starting with `expect` shows. Unless keepOpen, closes the widget
		 * and reverts the file afterwards (with keepOpen, call wb.revertFile() when done).
		 */
		async triggerCompletion(
			file,
			{
				after,
				nth = 0,
				line,
				column = 1,
				type = '',
				expect,
				timeout = 20_000,
				keepOpen = false,
			} = {},
		) {
			let edits = 0;
			if (after !== undefined) {
				const at = wb.findText(file, after, nth);
				await wb.goTo(file, at.line, at.column + after.length);
			} else if (line !== undefined) {
				await wb.goTo(file, line, column);
			} else {
				const editor = await wb.openFile(file);
				await editor.locator('.view-lines').click();
				await page.keyboard.press('Control+End');
				await page.keyboard.press('Enter');
				edits++;
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
			let ok = false;
			try {
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
				ok = true;
				return labels;
			} finally {
				if (!ok || !keepOpen) {
					await page.keyboard.press('Escape');
					// Back to the file on disk, however the typing was grouped for undo.
					if (edits > 0) await wb.revertFile();
				}
			}
		},

		/** Reverts the active editor's file to its content on disk. */
		async revertFile() {
			await page.keyboard.press('Escape');
			await wb.runCommand('File: Revert File');
			await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
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

		/**
		 * Reloads the window as a user does, with "Developer: Reload Window" (it saves the
		 * window's state first, so open editors and webviews come back; page.reload() does
		 * not wait for that), and waits until the workbench and the extension are back.
		 */
		async reload() {
			const navigated = page.waitForEvent('framenavigated', {
				predicate: (frame) => frame === page.mainFrame(),
				timeout: 30_000,
			});
			await wb.runCommand('Developer: Reload Window');
			await navigated;
			await page.waitForLoadState('domcontentloaded');
			await ready();
		},

		/**
		 * Hides the bottom panel (Problems, Output, …) when it shows, with "View: Hide Panel"
		 * (workbench.action.closePanel: the palette lists it only while the panel is visible).
		 */
		async hidePanel() {
			const panel = page.locator('.part.panel');
			if (!(await panel.isVisible())) return;
			await wb.runCommand('View: Hide Panel');
			await panel.waitFor({ state: 'hidden', timeout: 5_000 });
		},

		/**
		 * Presses Escape a few times, closes all editors (discarding unsaved changes) and hides
		 * the bottom panel: a clean state between tests.
		 */
		async reset() {
			for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
			const dirty = await page.locator('.tab.dirty').count();
			await wb.runCommand('View: Close All Editors').catch(() => {});
			if (dirty > 0) {
				// A modified file makes closing ask "Do you want to save…?": discard the changes.
				const dontSave = page
					.locator('.monaco-dialog-box')
					.getByRole('button', { name: /^Don.t Save$/ });
				try {
					await dontSave.waitFor({ timeout: 1000 });
					await dontSave.click();
					await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
				} catch {
					// No prompt.
				}
			}
			await wb.hidePanel();
		},
	};
	return wb;
}
