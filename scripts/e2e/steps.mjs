// Small shared pieces of the e2e, integration and start scripts: argument parsing, timed
// steps, and building or packaging the extension in a tracked child process.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { interruptedBy, tracker } from './procs.mjs';
import { ROOT, SetupError, launchBrowser, readManifest } from './workbench.mjs';

/**
 * Parses `--flag` and `--name value` arguments. `spec` maps names to 'boolean' or 'string'.
 * Unknown arguments are an error.
 */
export function parseArgs(argv, spec) {
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [];
		const kind = name && spec[name];
		if (!kind)
			throw new SetupError(
				`Unknown argument: ${arg}. Known: ${Object.keys(spec)
					.map((k) => `--${k}`)
					.join(' ')}`,
			);
		if (kind === 'boolean') {
			out[name] = true;
		} else {
			const value = inline ?? argv[++i];
			if (value === undefined) throw new SetupError(`--${name} needs a value`);
			out[name] = value;
		}
	}
	return out;
}

/** Runs a command with inherited output, tracked so a Ctrl+C stops it too. */
export function run(cmd, args, { cwd = ROOT, env = process.env } = {}) {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
		tracker.track(child.pid);
		child.on('error', reject);
		child.on('exit', (code, sig) =>
			code === 0
				? resolvePromise()
				: reject(
						new SetupError(
							`${cmd} ${args.join(' ')} failed (${sig ?? `exit ${code}`}).`,
						),
					),
		);
	});
}

/** The .vsix `npm run package` makes. */
export function defaultVsixPath() {
	const { name, version } = readManifest();
	return join(ROOT, `${name}-${version}.vsix`);
}

/** Packages the extension (production build + vsce) unless a .vsix to reuse is given. */
export async function packagedVsix({ vsix, reuse = false, quiet = false, log = console.log } = {}) {
	if (vsix) {
		const file = resolve(vsix);
		if (!existsSync(file)) throw new SetupError(`--vsix ${vsix}: no such file.`);
		return file;
	}
	const file = defaultVsixPath();
	if (reuse) {
		if (!existsSync(file)) {
			throw new SetupError(
				`--reuse-vsix: ${file} does not exist. Run \`npm run package\` first.`,
			);
		}
		log(`Reusing ${file}`);
		return file;
	}
	await run(process.execPath, [
		join(ROOT, 'scripts', 'package.mjs'),
		...(quiet ? ['--quiet'] : []),
	]);
	return file;
}

/** Times an async step and logs its duration. */
export async function timed(label, fn, log = console.log) {
	const t0 = Date.now();
	const result = await fn();
	log(`${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
	return result;
}

/**
 * Prints the JSON report test/integration/index.ts writes, one line per test; returns the
 * counts { passed, failed, skipped }.
 */
export function printReport(report) {
	const counts = { passed: 0, failed: 0, skipped: 0 };
	for (const r of report.results ?? []) {
		if (r.state === 'passed') {
			counts.passed++;
			console.log(`  PASS  ${r.title} (${r.durationMs} ms)`);
		} else if (r.state === 'pending') {
			counts.skipped++;
			console.log(`  SKIP  ${r.title}`);
		} else {
			counts.failed++;
			console.log(`  FAIL  ${r.title} (${r.durationMs} ms)`);
			console.log(
				(r.error ?? '')
					.split('\n')
					.slice(0, 15)
					.map((l) => `        ${l}`)
					.join('\n'),
			);
		}
	}
	if (report.error) {
		counts.failed++;
		console.log(
			`  FAIL  loading the tests\n        ${report.error.split('\n').join('\n        ')}`,
		);
	}
	return counts;
}

/** The closing line: "N passed, N failed" (", N skipped" when some were skipped). */
export function summaryLine({ passed, failed, skipped }) {
	return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

/**
 * Runs a script's main(): exits with its status; on an error prints it (a SetupError as its
 * message only), stops every process started, prints `failLine` if given and exits 1. After a
 * Ctrl+C the signal handler owns the exit.
 */
export function runMain(name, main, { log = console.log, failLine } = {}) {
	main().then(
		(status) => process.exit(status),
		async (e) => {
			if (interruptedBy()) return;
			console.error(`\n${name}: ${e instanceof SetupError ? e.message : (e?.stack ?? e)}`);
			await tracker.stopAll({ log });
			if (failLine) console.error(failLine);
			process.exit(1);
		},
	);
}

/**
 * Opens the browser and a workbench-sized page for a sandbox. The page's console is kept and
 * written to <sandbox>/browser-console.txt when everything stops; the lines are returned too.
 */
export async function openPage(sandbox) {
	const browser = await launchBrowser(sandbox);
	const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
	const consoleLines = [];
	page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text().replace(/%c/g, '')}`));
	page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
	tracker.onCleanup(async () =>
		writeFileSync(join(sandbox.dir, 'browser-console.txt'), consoleLines.join('\n')),
	);
	return { browser, page, consoleLines };
}
