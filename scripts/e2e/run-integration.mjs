// `npm run test:integration`: the mocha integration tests (test/integration, the
// @vscode/test-electron run() contract) inside the same code-server workbench as the e2e tests.
//
//   npm run test:integration [-- --grep <text>] [--no-build] [--port <n>]
//
// Builds the extension and the tests (node esbuild.mjs --tests), starts code-server on
// 127.0.0.1 with a throwaway sandbox and a fresh copy of samples/, and opens the workbench with
// extensionDevelopmentPath=<repo> and extensionTestsPath=out/test/integration/index.js in the
// URL payload (../shared/docs/e2e-recipe.md §8). The result comes from
// window.codeAutomationExit; the per-test results from the JSON report run() writes.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { installSignalHandlers, tracker } from './procs.mjs';
import { openPage, parseArgs, printReport, run, runMain, summaryLine, timed } from './steps.mjs';
import {
	ROOT,
	SetupError,
	createSandbox,
	ensureWorkbench,
	startCodeServer,
	workbenchUrl,
} from './workbench.mjs';

const TESTS_ENTRY = join(ROOT, 'out', 'test', 'integration', 'index.js');
const RUN_TIMEOUT_MS = 5 * 60_000;
const log = (msg) => console.log(msg);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
	const args = parseArgs(process.argv.slice(2), {
		grep: 'string',
		'no-build': 'boolean',
		port: 'string',
	});
	installSignalHandlers();
	const t0 = Date.now();
	const codeServer = await timed('Workbench prerequisites ready', () => ensureWorkbench({ log }));
	if (!args['no-build']) {
		await timed('Built the extension and the tests', () =>
			run(process.execPath, [join(ROOT, 'esbuild.mjs'), '--tests']),
		);
	}
	if (!existsSync(TESTS_ENTRY)) {
		throw new SetupError(
			`${relative(ROOT, TESTS_ENTRY)} is missing: run \`node esbuild.mjs --tests\`.`,
		);
	}

	const sandbox = createSandbox('integration');
	const reportFile = join(sandbox.dir, 'mocha-report.json');
	log(`Sandbox: ${relative(ROOT, sandbox.dir)}`);
	const server = await startCodeServer(codeServer, sandbox, {
		port: args.port ? Number(args.port) : 0,
		// The extension host inherits code-server's environment.
		env: { MESHLENS_TEST_REPORT: reportFile, MESHLENS_TEST_GREP: args.grep ?? '' },
		log,
	});
	const { page, consoleLines } = await openPage(sandbox);

	let onExit;
	const exited = new Promise((resolve) => (onExit = resolve));
	await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
	const url = workbenchUrl(server, sandbox, [
		['extensionDevelopmentPath', ROOT],
		['extensionTestsPath', TESTS_ENTRY],
	]);
	log('Running the integration tests in the workbench…');
	await page.goto(url);
	let timer;
	const code = await Promise.race([
		exited,
		new Promise((resolve) => {
			timer = setInterval(() => {
				if (!server.isRunning()) resolve('code-server stopped');
				else if (Date.now() - t0 > RUN_TIMEOUT_MS) resolve('timeout');
			}, 500);
		}),
	]).finally(() => clearInterval(timer));
	await tracker.stopAll({ log });

	const report = existsSync(reportFile)
		? JSON.parse(readFileSync(reportFile, 'utf8'))
		: undefined;
	log('');
	const counts = report ? printReport(report) : { passed: 0, failed: 1, skipped: 0 };
	if (!report) {
		log(`  FAIL  no test report (${typeof code === 'number' ? `exit code ${code}` : code})`);
		const errors = consoleLines.filter((l) => /error/i.test(l)).slice(-15);
		if (errors.length) log(errors.map((l) => `        ${l.slice(0, 400)}`).join('\n'));
	} else if (code !== 0 && counts.failed === 0) {
		counts.failed++;
		log(
			`  FAIL  run() did not succeed (${typeof code === 'number' ? `exit code ${code}` : code})`,
		);
	}
	if (counts.passed + counts.failed === 0) {
		counts.failed++;
		log('  FAIL  no integration test ran');
	}
	log(`\nTotal ${seconds(Date.now() - t0)}; logs in ${relative(ROOT, sandbox.dir)}`);
	log(summaryLine(counts));
	return counts.failed === 0 ? 0 : 1;
}

runMain('integration', main, { log, failLine: '0 passed, 1 failed' });
