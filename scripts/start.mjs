// `npm start`: builds and packages the extension, then opens it in a real VS Code on samples/.
//
//   npm start [-- --web] [--port <n>]
//
// With a `code` CLI on PATH: an Extension Development Host (code --extensionDevelopmentPath).
// Without one (or with --web): code-server on 127.0.0.1 (installed on first use, like the e2e
// tests) with the packaged .vsix in a throwaway profile under .e2e/runs/. Both open a scratch copy
// of samples/, so edits made while trying the extension leave the repository alone. It prints the
// URL last and stays up until Ctrl+C, then stops everything it started, by PID.
import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import { interruptedBy, installSignalHandlers, tracker } from './e2e/procs.mjs';
import { packagedVsix, parseArgs, run, runMain } from './e2e/steps.mjs';
import {
	ROOT,
	createSandbox,
	ensureWorkbench,
	installVsix,
	startCodeServer,
	which,
} from './e2e/workbench.mjs';

const log = (msg) => console.log(msg);
const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (text) => (tty ? `\x1b[1m${text}\x1b[22m` : text);
const link = (text) => (tty ? `\x1b[1;4;36m${text}\x1b[0m` : text);

async function main() {
	const args = parseArgs(process.argv.slice(2), { web: 'boolean', port: 'string' });
	const t0 = Date.now();
	// Ctrl+C is how a session ends: say what stopped, and exit without an error.
	installSignalHandlers(log, {
		stopping: 'Stopping the workbench…',
		stopped: 'Stopped the workbench (code-server and everything it started).',
		exitCode: 0,
	});
	const code = !args.web && which(process.platform === 'win32' ? 'code.cmd' : 'code');
	// A scratch copy of samples/ under .e2e/runs/: edits stay out of the repository.
	const sandbox = createSandbox('start');
	const scratch = relative(ROOT, sandbox.workspace);

	if (code) {
		// The development host runs dist/ from a development build; package first anyway, so a
		// broken package shows up now rather than at release time.
		await packagedVsix({ log, quiet: true });
		await run(process.execPath, [join(ROOT, 'esbuild.mjs')]);
		log(
			`\nOpening an Extension Development Host on ${bold(scratch)} (a scratch copy of samples/).`,
		);
		const child = spawn(code, [`--extensionDevelopmentPath=${ROOT}`, sandbox.workspace], {
			stdio: 'inherit',
		});
		return new Promise((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
	}

	const codeServer = await ensureWorkbench({ log });
	const vsix = await packagedVsix({ log, quiet: true });
	await installVsix(codeServer, sandbox, vsix);
	const server = await startCodeServer(codeServer, sandbox, {
		port: args.port ? Number(args.port) : 0,
		log: () => undefined,
	});
	const seconds = ((Date.now() - t0) / 1000).toFixed(0);
	log(
		[
			'',
			`Meshlens is running in VS Code (code-server) after ${seconds} s, on a scratch copy of samples/`,
			`(${scratch}; edits there leave samples/ unchanged). Press Ctrl+C to stop the workbench.`,
			'Open this address in a browser on this machine (it listens on 127.0.0.1 only):',
			'',
			`    ${link(server.url)}`,
			'',
		].join('\n'),
	);
	await new Promise((resolve) => {
		const timer = setInterval(() => {
			if (interruptedBy()) {
				// Ctrl+C: the signal handler stops the workbench and says so.
				clearInterval(timer);
				return;
			}
			if (!server.isRunning()) {
				clearInterval(timer);
				log(`code-server stopped on its own; see ${server.logFile}`);
				resolve();
			}
		}, 1000);
	});
	await tracker.stopAll({ log });
	return 1;
}

runMain('start', main, { log });
