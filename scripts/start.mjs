// `npm start`: builds and packages the extension, then opens it in a real VS Code on samples/.
//
//   npm start [-- --web] [--port <n>]
//
// With a `code` CLI on PATH: an Extension Development Host (code --extensionDevelopmentPath).
// Without one (or with --web): code-server on 127.0.0.1 (installed on first use, like the e2e
// tests) with the packaged .vsix in a throwaway profile under .e2e/runs/, serving samples/. It
// prints the URL and stays up until Ctrl+C, then stops everything it started, by PID.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { installSignalHandlers, tracker } from './e2e/procs.mjs';
import { packagedVsix, parseArgs, run, runMain } from './e2e/steps.mjs';
import {
	ROOT,
	createSandbox,
	ensureWorkbench,
	installVsix,
	startCodeServer,
	which,
} from './e2e/workbench.mjs';

const SAMPLES = join(ROOT, 'samples');
const log = (msg) => console.log(msg);

async function main() {
	const args = parseArgs(process.argv.slice(2), { web: 'boolean', port: 'string' });
	installSignalHandlers();
	const code = !args.web && which(process.platform === 'win32' ? 'code.cmd' : 'code');

	if (code) {
		await run(process.execPath, [join(ROOT, 'esbuild.mjs')]);
		// The development host runs dist/ from the build above; package anyway, so a broken
		// package shows up now rather than at release time.
		await packagedVsix({ log });
		await run(process.execPath, [join(ROOT, 'esbuild.mjs')]);
		log(`Opening an Extension Development Host on ${SAMPLES}`);
		const child = spawn(code, [`--extensionDevelopmentPath=${ROOT}`, SAMPLES], {
			stdio: 'inherit',
		});
		return new Promise((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
	}

	const codeServer = await ensureWorkbench({ log });
	const vsix = await packagedVsix({ log });
	const sandbox = createSandbox('start', { workspace: SAMPLES });
	await installVsix(codeServer, sandbox, vsix);
	const server = await startCodeServer(codeServer, sandbox, {
		port: args.port ? Number(args.port) : 0,
		log,
	});
	log(`\nMeshlens is running in VS Code (code-server) on samples/:\n\n    ${server.url}\n`);
	log('Open it in a browser on this machine (127.0.0.1 only). Press Ctrl+C to stop.');
	await new Promise((resolve) => {
		const timer = setInterval(() => {
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
