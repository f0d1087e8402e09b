// `npm run test:e2e`: UI tests in a real VS Code workbench (code-server + headless Chromium).
//
//   npm run test:e2e [-- --grep <text>[|<text>…]] [--keep] [--reuse-vsix | --vsix <file>] [--port <n>]
//                    [--tests <folder of *.e2e.mjs>] [--web-host]
//
// --web-host forces Meshlens into the browser's web-worker extension host (user setting
// remote.extensionKind) and runs only the tests marked `web: true`.
//
// Packages the extension (scripts/package.mjs) unless told to reuse a .vsix, installs it into a
// throwaway sandbox under .e2e/runs/, starts one code-server on 127.0.0.1, opens the workbench
// on a fresh copy of samples/ and runs the tests exported by test/e2e/*.e2e.mjs:
//
//   export const tests = [{ name: 'does a thing', timeout: 60_000, async run(wb) { … } }];
//
// `wb` is the driver from scripts/e2e/driver.mjs. Prints one line per test and ends with
// "N passed, N failed"; exits non-zero on any failure. --keep leaves the workbench up until
// Ctrl+C. Every process started is stopped by PID at the end, on failure and on Ctrl+C.
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDriver } from './driver.mjs';
import { installSignalHandlers, tracker } from './procs.mjs';
import { openPage, packagedVsix, parseArgs, runMain, timed } from './steps.mjs';
import { zipRead } from './zip.mjs';
import {
	ROOT,
	SetupError,
	createSandbox,
	ensureWorkbench,
	installVsix,
	localizedManifest,
	readManifest,
	startCodeServer,
} from './workbench.mjs';

const DEFAULT_TEST_DIR = join(ROOT, 'test', 'e2e');
const DEFAULT_TIMEOUT = 60_000;
const log = (msg) => console.log(msg);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const slug = (s) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Loads every test of test/e2e/*.e2e.mjs as { file, name, fullName, timeout, run }. */
async function loadTests(grep, testDir) {
	const files = readdirSync(testDir)
		.filter((f) => f.endsWith('.e2e.mjs'))
		.sort();
	const all = [];
	for (const file of files) {
		const mod = await import(pathToFileURL(join(testDir, file)).href);
		if (!Array.isArray(mod.tests)) {
			throw new SetupError(`${file} must export \`tests\`, an array of { name, run(wb) }.`);
		}
		const group = basename(file, '.e2e.mjs');
		for (const t of mod.tests) {
			if (typeof t?.name !== 'string' || typeof t.run !== 'function') {
				throw new SetupError(`${file}: every test needs a name and a run(wb) function.`);
			}
			all.push({ ...t, group, fullName: `${group} › ${t.name}` });
		}
	}
	// "a|b" runs the tests whose full name contains a or b.
	const needles = grep?.toLowerCase().split('|').filter(Boolean) ?? [];
	return needles.length
		? all.filter((t) => needles.some((n) => t.fullName.toLowerCase().includes(n)))
		: all;
}

class TestTimeout extends Error {}

function withTimeout(promise, ms, what) {
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(
			() => reject(new TestTimeout(`${what} timed out after ${seconds(ms)}`)),
			ms,
		);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function indent(text, prefix = '        ') {
	return text
		.split('\n')
		.map((l) => prefix + l)
		.join('\n');
}

/** The extension's id, `<publisher>.<name>`. */
const EXTENSION_ID = (() => {
	const { publisher, name } = readManifest();
	return `${publisher}.${name}`;
})();

/** Shows the Meshlens log and waits for its activation line to name the web-worker host. */
async function checkWebHost(wb) {
	await wb.runCommand('Meshlens: Show Log');
	const line = wb.page.locator('.part.panel .monaco-editor .view-lines', {
		hasText: 'Meshlens activated',
	});
	await line.waitFor({ timeout: 30_000 });
	const text = (await line.textContent()) ?? '';
	if (!/extension\shost:\sweb\sworker/.test(text)) {
		throw new SetupError(`--web-host: Meshlens did not run in the web worker: ${text.trim()}`);
	}
	log(`  ${/Meshlens activated[^\n]*?\)\./.exec(text)?.[0] ?? text.trim()}`);
	await wb.page.keyboard.press('Escape');
}

async function main() {
	const args = parseArgs(process.argv.slice(2), {
		grep: 'string',
		keep: 'boolean',
		'reuse-vsix': 'boolean',
		vsix: 'string',
		port: 'string',
		tests: 'string',
		'web-host': 'boolean',
	});
	const webHost = Boolean(args['web-host']);
	installSignalHandlers();
	const t0 = Date.now();

	// --web-host: Meshlens runs in the browser's web-worker extension host (as in vscode.dev), and
	// only the tests marked `web: true` (the main checks of each face) run.
	const tests = (
		await loadTests(args.grep, args.tests ? resolve(args.tests) : DEFAULT_TEST_DIR)
	).filter((t) => !webHost || t.web === true);
	if (tests.length === 0) {
		throw new SetupError(`No e2e test matches${args.grep ? ` --grep "${args.grep}"` : ''}.`);
	}

	const codeServer = await timed('Workbench prerequisites ready', () => ensureWorkbench({ log }));
	const vsix = await packagedVsix({ vsix: args.vsix, reuse: args['reuse-vsix'], log });

	const sandbox = createSandbox(webHost ? 'e2e-web' : 'e2e', {
		settings: webHost ? { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } } : {},
	});
	log(`Sandbox: ${relative(ROOT, sandbox.dir)}`);
	await timed(`Installed ${basename(vsix)}`, () => installVsix(codeServer, sandbox, vsix));
	const server = await startCodeServer(codeServer, sandbox, {
		port: args.port ? Number(args.port) : 0,
		log,
	});

	const { browser, page } = await openPage(sandbox);

	// The workbench is ready for tests once the extension's contributions are registered: its
	// activity-bar container shows (the remote extension host has scanned the extension).
	const manifest = localizedManifest(
		zipRead(vsix, 'extension/package.json')?.toString() ?? '{}',
		zipRead(vsix, 'extension/package.nls.json')?.toString(),
	);
	const container = manifest.contributes?.viewsContainers?.activitybar?.[0]?.title;
	const ready = async () => {
		await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
		if (container) {
			await page
				.locator(`.activitybar .action-label[aria-label^="${container}"]`)
				.waitFor({ timeout: 60_000 })
				.catch(() => {
					throw new SetupError(
						`The workbench loaded, but the "${container}" activity-bar item never showed: ` +
							`was ${basename(vsix)} installed? See ${relative(ROOT, server.logFile)}.`,
					);
				});
		}
	};
	await timed('Workbench loaded', async () => {
		await page.goto(server.url);
		await ready();
	});

	const wb = createDriver(page, sandbox, { ready });
	if (webHost) {
		// Proof, from the extension's own log line, that it runs in the web worker.
		await timed('Meshlens runs in the web-worker extension host', () => checkWebHost(wb));
	}
	log(`\nRunning ${tests.length} e2e test${tests.length === 1 ? '' : 's'}`);
	let passed = 0;
	let failed = 0;
	for (const test of tests) {
		if (tracker.stopping) break; // Interrupted: the signal handler is stopping everything.
		const start = Date.now();
		try {
			await withTimeout(test.run(wb), test.timeout ?? DEFAULT_TIMEOUT, test.fullName);
			passed++;
			log(`  PASS  ${test.fullName} (${seconds(Date.now() - start)})`);
		} catch (e) {
			if (tracker.stopping) break;
			failed++;
			log(`  FAIL  ${test.fullName} (${seconds(Date.now() - start)})`);
			// Playwright's messages carry terminal colours; strip them.
			// eslint-disable-next-line no-control-regex
			const text = String(e?.stack ?? e).replace(/\u001b\[[0-9;]*m/g, '');
			log(indent(text.split('\n').slice(0, 12).join('\n')));
			const shot = join(sandbox.dir, 'failures', `${slug(test.fullName)}.png`);
			mkdirSync(dirname(shot), { recursive: true });
			const saved = await page
				.screenshot({ path: shot, animations: 'disabled' })
				.then(() => true)
				.catch(() => false);
			if (saved) log(indent(`screenshot: ${relative(ROOT, shot)}`));
			if (e instanceof TestTimeout) {
				// The test may still be acting on the page: go on from a freshly loaded window.
				await wb.reload().catch((err) => log(indent(`reload failed: ${err.message}`)));
			}
		}
		await wb.reset().catch(() => {});
	}
	log(`\nTotal ${seconds(Date.now() - t0)}; logs in ${relative(ROOT, sandbox.dir)}`);

	if (args.keep) {
		// Free the headless browser's extension host; open the URL in your own browser.
		await browser.close().catch(() => {});
		log(`\n--keep: the workbench stays up at ${server.url}`);
		log(`code-server pid ${server.pid}. Press Ctrl+C to stop everything.`);
		log(`${passed} passed, ${failed} failed`);
		await new Promise(() => {});
	}
	await tracker.stopAll({ log });
	log(`${passed} passed, ${failed} failed`);
	return failed === 0 ? 0 : 1;
}

runMain('e2e', main, { log, failLine: '0 passed, 1 failed' });
