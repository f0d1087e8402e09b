// `npm run test:desktop`: the integration tests (test/integration) in desktop VS Code, through
// @vscode/test-electron's runTests. Uses an installed VS Code when it finds one ($VSCODE_EXECUTABLE_PATH,
// or the `code` CLI on PATH); otherwise asks test-electron to download VS Code $VSCODE_VERSION
// (default: stable) into .vscode-test/, which needs the internet and fails clearly without it.
// On Linux without a display it re-runs itself under xvfb-run when that exists.
//
//   npm run test:desktop [-- --grep <text>] [--no-build]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { installSignalHandlers } from './e2e/procs.mjs';
import { parseArgs, printReport, run, runMain, summaryLine } from './e2e/steps.mjs';
import { ROOT, SetupError, createSandbox, which } from './e2e/workbench.mjs';

const TESTS_ENTRY = join(ROOT, 'out', 'test', 'integration', 'index.js');
const log = (msg) => console.log(msg);

/** The VS Code (Electron) executable behind an installed `code` CLI, if any. */
function installedVSCode() {
	if (process.env.VSCODE_EXECUTABLE_PATH) return process.env.VSCODE_EXECUTABLE_PATH;
	const cli = which(process.platform === 'win32' ? 'code.cmd' : 'code');
	if (!cli) return undefined;
	const real = realpathSync(cli);
	const candidates =
		process.platform === 'darwin'
			? [
					join(real, '..', '..', '..', '..', 'MacOS', 'Electron'),
					join(real, '..', '..', '..', '..', 'MacOS', 'Code'),
				]
			: process.platform === 'win32'
				? [join(dirname(real), '..', 'Code.exe')]
				: [join(dirname(real), '..', 'code'), join(dirname(real), '..', 'code-oss')];
	return candidates.find((p) => existsSync(p));
}

async function main() {
	const args = parseArgs(process.argv.slice(2), { grep: 'string', 'no-build': 'boolean' });
	installSignalHandlers();
	if (!args['no-build']) await run(process.execPath, [join(ROOT, 'esbuild.mjs'), '--tests']);

	const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
	let vscodeExecutablePath = installedVSCode();
	if (vscodeExecutablePath) {
		log(`Using VS Code at ${vscodeExecutablePath}`);
	} else {
		const version = process.env.VSCODE_VERSION ?? 'stable';
		log(`No VS Code found (VSCODE_EXECUTABLE_PATH, \`code\` on PATH); downloading ${version}…`);
		try {
			vscodeExecutablePath = await downloadAndUnzipVSCode({ version, timeout: 30_000 });
		} catch (e) {
			throw new SetupError(
				`Could not download VS Code ${version} (${String(e instanceof Error ? e.message : e).split('\n')[0]}). ` +
					'This machine is probably offline: install VS Code and put `code` on PATH, or set ' +
					'VSCODE_EXECUTABLE_PATH. Offline, `npm run test:integration` runs the same tests in code-server.',
			);
		}
	}

	if (
		process.platform === 'linux' &&
		!process.env.DISPLAY &&
		!process.env.WAYLAND_DISPLAY &&
		!process.env.MESHLENS_UNDER_XVFB
	) {
		const xvfb = which('xvfb-run');
		if (!xvfb) {
			throw new SetupError(
				'Desktop VS Code needs a display: run this in a desktop session, or install xvfb (xvfb-run).',
			);
		}
		// Same script under a virtual display, with VS Code and the build already in place.
		const child = spawnSync(
			xvfb,
			['-a', process.execPath, process.argv[1], ...process.argv.slice(2), '--no-build'],
			{
				stdio: 'inherit',
				env: {
					...process.env,
					MESHLENS_UNDER_XVFB: '1',
					VSCODE_EXECUTABLE_PATH: vscodeExecutablePath,
				},
			},
		);
		return child.status ?? 1;
	}

	const sandbox = createSandbox('desktop');
	const reportFile = join(sandbox.dir, 'mocha-report.json');
	let exitCode;
	try {
		exitCode = await runTests({
			vscodeExecutablePath,
			extensionDevelopmentPath: ROOT,
			extensionTestsPath: TESTS_ENTRY,
			extensionTestsEnv: {
				MESHLENS_TEST_REPORT: reportFile,
				MESHLENS_TEST_GREP: args.grep ?? '',
			},
			launchArgs: [
				sandbox.workspace,
				'--disable-extensions',
				'--disable-workspace-trust',
				'--skip-welcome',
				'--skip-release-notes',
				'--user-data-dir',
				sandbox.userData,
				'--extensions-dir',
				sandbox.extensions,
			],
		});
	} catch (e) {
		exitCode = 1;
		log(`VS Code failed: ${e instanceof Error ? e.message : String(e)}`);
	}
	const report = existsSync(reportFile)
		? JSON.parse(readFileSync(reportFile, 'utf8'))
		: undefined;
	log('');
	const counts = report ? printReport(report) : { passed: 0, failed: 1, skipped: 0 };
	if (!report) log(`  FAIL  no test report in ${relative(ROOT, reportFile)}`);
	else if (exitCode !== 0 && counts.failed === 0) counts.failed++;
	log(summaryLine(counts));
	return counts.failed === 0 ? 0 : 1;
}

runMain('test:desktop', main, { log, failLine: '0 passed, 1 failed' });
