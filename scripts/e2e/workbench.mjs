// A real VS Code workbench for tests and `npm start`: code-server 4.100.3 (VS Code 1.100.3)
// served on 127.0.0.1 to Debian Chromium, driven by playwright-core. Installs what is missing
// (Debian packages, code-server into a cache folder outside node_modules) and starts every
// process through the tracker in procs.mjs, so the caller can always stop them by PID.
// See ../shared/docs/e2e-recipe.md for why each flag and setting is here.
import { execFile, execFileSync, spawn } from 'node:child_process';
import {
	accessSync,
	constants,
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	readdirSync,
	realpathSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { arch, homedir, tmpdir } from 'node:os';
import { delimiter, dirname, basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tracker } from './procs.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Throwaway run folders and screenshots live here (git-ignored). */
export const E2E_DIR = join(ROOT, '.e2e');

/** An error whose message is shown to the user as is, without a stack. */
export class SetupError extends Error {}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ prerequisites

/** Finds an executable on PATH. */
export function which(cmd) {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		if (!dir) continue;
		const file = join(dir, cmd);
		try {
			accessSync(file, constants.X_OK);
			if (statSync(file).isFile()) return file;
		} catch {
			// Not here.
		}
	}
	return undefined;
}

/** The Chromium to drive: $CHROMIUM_PATH, or Debian's /usr/bin/chromium. */
export function chromiumPath() {
	const candidates = [
		process.env.CHROMIUM_PATH,
		'/usr/bin/chromium',
		'/usr/bin/chromium-browser',
	];
	return candidates.find((p) => p && existsSync(p));
}

/** Where code-server is installed: outside node_modules, so `npm ci` never sees it. */
export function codeServerDir() {
	if (process.env.MESHLENS_CODE_SERVER_DIR) return resolve(process.env.MESHLENS_CODE_SERVER_DIR);
	const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(cache, 'meshlens', `code-server-${CODE_SERVER_VERSION}`);
}

function codeServerBin(dir = codeServerDir()) {
	return join(dir, 'node_modules', '.bin', 'code-server');
}

function codeServerInstalled(dir = codeServerDir()) {
	return existsSync(join(dir, '.meshlens-installed')) && existsSync(codeServerBin(dir));
}

/** Installs the Debian packages the workbench needs, when one is missing. */
export function ensureSystemPackages({ log = console.log, forCodeServerInstall = false } = {}) {
	const missing = [];
	if (!chromiumPath()) missing.push('chromium');
	if (forCodeServerInstall) {
		// libkrb5-dev: headers for code-server's `kerberos` native module.
		if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/gssapi/gssapi.h')) {
			missing.push('libkrb5-dev');
		}
		// ripgrep: seeds the download cache of @vscode/ripgrep (it cannot reach GitHub).
		if (!which('rg')) missing.push('ripgrep');
	}
	if (missing.length === 0) return;
	const apt = which('apt-get');
	const asRoot = process.getuid?.() === 0;
	const sudo = !asRoot && which('sudo');
	if (!apt || (!asRoot && !sudo)) {
		throw new SetupError(
			`Missing: ${missing.join(', ')}. The e2e workbench needs Debian's chromium` +
				(forCodeServerInstall
					? ', and libkrb5-dev and ripgrep to install code-server'
					: '') +
				`, but ${apt ? 'this user is not root and there is no sudo' : 'there is no apt-get here'}. ` +
				'Install the missing packages, or point CHROMIUM_PATH at a Chromium binary.',
		);
	}
	mkdirSync(join(E2E_DIR, 'logs'), { recursive: true });
	const logFile = join(E2E_DIR, 'logs', 'apt-get.log');
	writeFileSync(logFile, '');
	const run = (args) => {
		const cmd = sudo ? 'sudo' : apt;
		const full = sudo ? ['-n', apt, ...args] : args;
		const fd = openSync(logFile, 'a');
		try {
			execFileSync(cmd, full, {
				stdio: ['ignore', fd, fd],
				env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
				timeout: 15 * 60_000,
			});
		} catch (e) {
			throw new SetupError(
				`${sudo ? 'sudo ' : ''}apt-get ${args.join(' ')} failed (${e.message.split('\n')[0]}).\n` +
					`Last lines of ${logFile}:\n${tail(logFile)}`,
			);
		}
	};
	const t0 = Date.now();
	log(`Installing Debian packages: ${missing.join(' ')} (apt-get; log: ${logFile})…`);
	run(['-q', 'update']);
	run(['-q', '-y', 'install', ...missing]);
	if (!chromiumPath()) {
		throw new SetupError('apt-get installed chromium, but /usr/bin/chromium is missing.');
	}
	log(`Installed ${missing.join(' ')} in ${((Date.now() - t0) / 1000).toFixed(0)} s.`);
}

/** Node headers for node-gyp: CI may not have the ~/.npmrc (nodedir=/usr) this machine has. */
function nodeGypEnv() {
	const header = '/usr/include/node/node_version.h';
	if (!existsSync(header)) return {};
	const text = readFileSync(header, 'utf8');
	const v = ['MAJOR', 'MINOR', 'PATCH'].map(
		(k) => new RegExp(`define NODE_${k}_VERSION (\\d+)`).exec(text)?.[1],
	);
	if (`v${v.join('.')}` !== process.version) return {};
	return { npm_config_nodedir: '/usr' };
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable; it looks in
 * $TMPDIR/vscode-ripgrep-cache-<version>/ first, so seed that with Debian's rg.
 */
function seedRipgrepCache(tmpDir) {
	const rg = which('rg');
	if (!rg) throw new SetupError('ripgrep (rg) is missing; it is needed to install code-server.');
	const real = realpathSync(rg);
	const target = arch() === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
	const staging = join(tmpDir, 'rg-staging');
	mkdirSync(staging, { recursive: true });
	cpSync(real, join(staging, 'rg'));
	for (let patch = 9; patch <= 14; patch++) {
		const dir = join(tmpDir, `vscode-ripgrep-cache-1.15.${patch}`);
		mkdirSync(dir, { recursive: true });
		const file = join(dir, `ripgrep-v13.0.0-10-${target}.tar.gz`);
		execFileSync('tar', ['czf', file, '-C', staging, 'rg']);
	}
}

/** Takes a lock folder, waiting while another live process holds it. */
async function withLock(lockDir, log, fn) {
	const deadline = Date.now() + 20 * 60_000;
	for (;;) {
		try {
			mkdirSync(lockDir);
			writeFileSync(join(lockDir, 'pid'), String(process.pid));
			break;
		} catch {
			const owner = Number(readFileSafe(join(lockDir, 'pid')));
			let alive = false;
			try {
				process.kill(owner, 0);
				alive = owner > 0;
			} catch {
				alive = false;
			}
			if (!alive) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new SetupError(`Timed out waiting for ${lockDir}.`);
			log(`Waiting for process ${owner} to finish installing code-server…`);
			await sleep(5000);
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

function readFileSafe(file) {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/** Tails a log file for error messages. */
export function tail(file, lines = 30) {
	return readFileSafe(file).split('\n').slice(-lines).join('\n');
}

/** Runs a command to completion, tracked, with its output in a log file. */
function runLogged(cmd, args, { cwd, env, logFile, timeoutMs }) {
	return new Promise((resolvePromise, reject) => {
		const fd = openSync(logFile, 'a');
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
		tracker.track(child.pid);
		const timer = setTimeout(() => {
			child.kill('SIGTERM');
			reject(
				new SetupError(`${cmd} ${args.join(' ')} took longer than ${timeoutMs / 1000} s.`),
			);
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('exit', (code, sig) => {
			clearTimeout(timer);
			if (code === 0) resolvePromise();
			else
				reject(
					new SetupError(`${cmd} ${args.join(' ')} failed (${sig ?? `exit ${code}`}).`),
				);
		});
	});
}

/**
 * Makes sure code-server is installed in the cache folder (a few minutes, once per machine)
 * and the Debian packages are there. Returns the code-server executable.
 */
export async function ensureWorkbench({ log = console.log } = {}) {
	const dir = codeServerDir();
	const installed = codeServerInstalled(dir);
	ensureSystemPackages({ log, forCodeServerInstall: !installed });
	if (installed) return codeServerBin(dir);
	mkdirSync(dirname(dir), { recursive: true });
	await withLock(`${dir}.lock`, log, async () => {
		if (codeServerInstalled(dir)) return;
		const t0 = Date.now();
		log(
			`Installing code-server ${CODE_SERVER_VERSION} into ${dir} (a few minutes, once: about 300 MB from the npm registry)…`,
		);
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		const tmpDir = join(dir, '.tmp');
		mkdirSync(tmpDir, { recursive: true });
		seedRipgrepCache(tmpDir);
		writeFileSync(
			join(dir, 'package.json'),
			JSON.stringify({ name: 'meshlens-code-server', private: true }, null, 2),
		);
		const logFile = join(dir, 'install.log');
		const env = {
			...process.env,
			TMPDIR: tmpDir,
			npm_config_yes: 'true',
			// code-server's postinstall refuses to run as root without it (npm 11 no longer knows
			// the option, but still passes it on to the script's environment).
			npm_config_unsafe_perm: 'true',
			npm_config_audit: 'false',
			npm_config_fund: 'false',
			npm_config_update_notifier: 'false',
			...nodeGypEnv(),
		};
		if (!env.npm_config_nodedir) {
			log(
				`Note: no Node ${process.version} headers in /usr/include/node; node-gyp may try to ` +
					'download them, which fails offline.',
			);
		}
		try {
			await runLogged(
				'npm',
				[
					'install',
					'--unsafe-perm',
					'--no-audit',
					'--no-fund',
					`code-server@${CODE_SERVER_VERSION}`,
				],
				{ cwd: dir, env, logFile, timeoutMs: 20 * 60_000 },
			);
		} catch (e) {
			throw new SetupError(`${e.message}\nLast lines of ${logFile}:\n${tail(logFile)}`);
		}
		const vscodeModules = join(
			dir,
			'node_modules',
			'code-server',
			'lib',
			'vscode',
			'node_modules',
		);
		if (!existsSync(vscodeModules) || readdirSync(vscodeModules).length === 0) {
			throw new SetupError(
				`code-server installed, but its postinstall did not populate ${vscodeModules}.\n` +
					`Last lines of ${logFile}:\n${tail(logFile)}`,
			);
		}
		const version = execFileSync(codeServerBin(dir), ['--version'], {
			encoding: 'utf8',
			timeout: 60_000,
			// Otherwise code-server writes ~/.config/code-server/config.yaml.
			env: { ...process.env, XDG_CONFIG_HOME: tmpDir, XDG_DATA_HOME: tmpDir },
		});
		if (!version.includes(`${CODE_SERVER_VERSION} `)) {
			throw new SetupError(`Unexpected code-server version: ${version}`);
		}
		rmSync(tmpDir, { recursive: true, force: true });
		writeFileSync(join(dir, '.meshlens-installed'), `${new Date().toISOString()}\n`);
		log(`Installed code-server in ${((Date.now() - t0) / 1000).toFixed(0)} s.`);
	});
	return codeServerBin(dir);
}

// ------------------------------------------------------------------ sandbox and server

/** Finds a free TCP port on 127.0.0.1, or checks that the given one is free. */
export function reservePort(port = 0) {
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.once('error', (e) => {
			reject(
				new SetupError(
					e.code === 'EADDRINUSE'
						? `Port ${port} on 127.0.0.1 is already in use. Pick another with --port, or leave it out to use a free one.`
						: `Cannot listen on 127.0.0.1:${port}: ${e.message}`,
				),
			);
		});
		server.listen(port, '127.0.0.1', () => {
			const { port: free } = server.address();
			server.close(() => resolvePromise(free));
		});
	});
}

/** User settings that make the workbench open clean: no welcome page, trust prompt or tips. */
export const WORKBENCH_SETTINGS = {
	'workbench.startupEditor': 'none',
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'security.workspace.trust.enabled': false,
	'security.workspace.trust.startupPrompt': 'never',
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'git.enabled': false,
	'npm.autoDetect': 'off',
	'task.autoDetect': 'off',
	'editor.minimap.enabled': false,
	'files.autoSave': 'off',
	'workbench.editor.enablePreview': false,
	'chat.commandCenter.enabled': false,
	'workbench.colorTheme': 'Default Dark Modern',
};

const KEEP_RUNS = 20;

/** Deletes all but the newest run folders, skipping those of runs still going. */
function pruneOldRuns() {
	const runs = join(E2E_DIR, 'runs');
	if (!existsSync(runs)) return;
	const old = readdirSync(runs).sort().reverse().slice(KEEP_RUNS);
	for (const name of old) {
		const pid = Number(/-(\d+)$/.exec(name)?.[1]);
		try {
			if (pid) process.kill(pid, 0);
			if (pid) continue; // Still running.
		} catch {
			// Gone: safe to delete.
		}
		rmSync(join(runs, name), { recursive: true, force: true });
	}
}

/** A unique folder name for this run. */
export function runId(label) {
	return `${new Date().toISOString().replace(/[:.]/g, '-')}-${label}-${process.pid}`;
}

/**
 * Creates a throwaway sandbox under .e2e/runs/: user data, extensions, XDG folders (so nothing
 * is written to $HOME) and a fresh copy of samples/ as the workspace.
 */
export function createSandbox(
	label,
	{ workspaceFrom = join(ROOT, 'samples'), workspace, settings = {} } = {},
) {
	pruneOldRuns();
	const dir = join(E2E_DIR, 'runs', runId(label));
	const sandbox = {
		dir,
		userData: join(dir, 'user-data'),
		extensions: join(dir, 'extensions'),
		// `workspace` opens an existing folder as is; otherwise a fresh copy of `workspaceFrom`.
		workspace: workspace ?? join(dir, 'workspace'),
		xdg: join(dir, 'xdg'),
	};
	for (const d of [sandbox.userData, sandbox.extensions, sandbox.workspace, sandbox.xdg]) {
		mkdirSync(d, { recursive: true });
	}
	if (!workspace && existsSync(workspaceFrom)) {
		cpSync(workspaceFrom, sandbox.workspace, { recursive: true });
	}
	mkdirSync(join(sandbox.userData, 'User'), { recursive: true });
	writeFileSync(
		join(sandbox.userData, 'User', 'settings.json'),
		JSON.stringify({ ...WORKBENCH_SETTINGS, ...settings }, null, '\t'),
	);
	return sandbox;
}

/**
 * A short private temporary folder for code-server and the extension host: they put Unix
 * sockets (vscode-ipc-*.sock) there, whose paths must stay under 108 bytes, so it cannot live
 * in the sandbox. Removed when everything has stopped.
 */
function sandboxTmp(sandbox) {
	if (!sandbox.tmp) {
		sandbox.tmp = mkdtempSync(join(tmpdir(), 'meshlens-e2e-'));
		const dir = sandbox.tmp;
		tracker.afterStop(() => rmSync(dir, { recursive: true, force: true }));
	}
	return sandbox.tmp;
}

function serverEnv(sandbox, extraEnv = {}) {
	return {
		...process.env,
		TMPDIR: sandboxTmp(sandbox),
		// code-server and the extension host write config, logs and a device id under these.
		XDG_CONFIG_HOME: join(sandbox.xdg, 'config'),
		XDG_DATA_HOME: join(sandbox.xdg, 'data'),
		XDG_CACHE_HOME: join(sandbox.xdg, 'cache'),
		...extraEnv,
	};
}

function commonArgs(sandbox) {
	return [
		'--config',
		join(sandbox.dir, 'config.yaml'),
		'--user-data-dir',
		sandbox.userData,
		'--extensions-dir',
		sandbox.extensions,
	];
}

/** Installs a .vsix into the sandbox's extensions folder. */
export async function installVsix(bin, sandbox, vsix) {
	if (!existsSync(vsix)) throw new SetupError(`No such .vsix: ${vsix}`);
	writeConfig(sandbox, 0);
	const out = await new Promise((resolvePromise, reject) => {
		const child = execFile(
			bin,
			[...commonArgs(sandbox), '--install-extension', resolve(vsix), '--force'],
			{ env: serverEnv(sandbox), timeout: 120_000, encoding: 'utf8' },
			(err, stdout, stderr) =>
				err
					? reject(new SetupError(`${err.message}\n${stderr}`))
					: resolvePromise(stdout + stderr),
		);
		tracker.track(child.pid);
	});
	if (!/successfully installed/i.test(out)) {
		throw new SetupError(`code-server could not install ${basename(vsix)}:\n${out}`);
	}
}

function writeConfig(sandbox, port) {
	writeFileSync(
		join(sandbox.dir, 'config.yaml'),
		`bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`,
	);
}

function httpStatus(url) {
	return new Promise((resolvePromise) => {
		const req = get(url, (res) => {
			res.resume();
			resolvePromise(res.statusCode);
		});
		req.on('error', () => resolvePromise(0));
		req.setTimeout(2000, () => {
			req.destroy();
			resolvePromise(0);
		});
	});
}

/**
 * Starts code-server on 127.0.0.1 (a free port unless one is given; a taken port fails fast)
 * and waits until it answers. Returns { pid, port, origin, url, logFile }.
 */
export async function startCodeServer(
	bin,
	sandbox,
	{ port = 0, env = {}, log = console.log } = {},
) {
	const chosen = await reservePort(port);
	writeConfig(sandbox, chosen);
	const logFile = join(sandbox.dir, 'code-server.log');
	const fd = openSync(logFile, 'w');
	const child = spawn(
		bin,
		[
			...commonArgs(sandbox),
			'--bind-addr',
			`127.0.0.1:${chosen}`,
			'--auth',
			'none',
			'--disable-telemetry',
			'--disable-update-check',
			'--disable-workspace-trust',
			'--disable-getting-started-override',
			'--disable-proxy',
			'--ignore-last-opened',
			sandbox.workspace,
		],
		// Own process group: a Ctrl+C in the terminal reaches only us, and we stop it in order.
		{ env: serverEnv(sandbox, env), stdio: ['ignore', fd, fd], detached: true },
	);
	tracker.track(child.pid);
	let exited;
	child.on('exit', (code, sig) => (exited = sig ?? `exit code ${code}`));
	const origin = `http://127.0.0.1:${chosen}`;
	const deadline = Date.now() + 60_000;
	while ((await httpStatus(`${origin}/healthz`)) !== 200) {
		if (exited) {
			throw new SetupError(
				`code-server stopped during start-up (${exited}). Last lines of ${logFile}:\n${tail(logFile)}`,
			);
		}
		if (Date.now() > deadline) {
			throw new SetupError(
				`code-server did not answer on ${origin} within 60 s. See ${logFile}.`,
			);
		}
		await sleep(100);
	}
	log(`code-server ${CODE_SERVER_VERSION} (pid ${child.pid}) is up on ${origin}`);
	return {
		pid: child.pid,
		port: chosen,
		origin,
		logFile,
		url: `${origin}/?folder=${encodeURIComponent(sandbox.workspace)}`,
		isRunning: () => exited === undefined,
	};
}

/** The workbench URL with a payload (extensionDevelopmentPath, extensionTestsPath, …). */
export function workbenchUrl(server, sandbox, payload = []) {
	const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
	const entries = payload.map(([k, v]) => [k, v.startsWith('/') ? remote(v) : v]);
	const query = entries.length ? `&payload=${encodeURIComponent(JSON.stringify(entries))}` : '';
	return `${server.origin}/?folder=${encodeURIComponent(sandbox.workspace)}${query}`;
}

// ------------------------------------------------------------------ browser

/** Launches headless Debian Chromium through playwright-core; it is closed by the tracker. */
export async function launchBrowser(sandbox) {
	const executablePath = chromiumPath();
	if (!executablePath) throw new SetupError('Chromium is missing (run ensureWorkbench first).');
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
		// Chromium writes crash reports and dconf under these even with a temporary profile.
		env: {
			...process.env,
			XDG_CONFIG_HOME: join(sandbox.xdg, 'chromium-config'),
			XDG_CACHE_HOME: join(sandbox.xdg, 'chromium-cache'),
		},
		timeout: 60_000,
		// Playwright's own handlers would exit the process before code-server is stopped.
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
	});
	tracker.sample();
	tracker.onCleanup(() => browser.close());
	return browser;
}

/** Parses a package.json text with its `%key%` placeholders resolved from package.nls.json's. */
export function localizedManifest(manifestText, nlsText) {
	const nls = nlsText ? JSON.parse(nlsText) : {};
	return JSON.parse(manifestText, (_key, value) => {
		const m = typeof value === 'string' ? /^%(.+)%$/.exec(value) : null;
		return m && typeof nls[m[1]] === 'string' ? nls[m[1]] : value;
	});
}

/** Reads the repository's package.json as VS Code shows it (placeholders resolved). */
export function readManifest() {
	const nlsFile = join(ROOT, 'package.nls.json');
	return localizedManifest(
		readFileSync(join(ROOT, 'package.json'), 'utf8'),
		existsSync(nlsFile) ? readFileSync(nlsFile, 'utf8') : undefined,
	);
}

// `node scripts/e2e/workbench.mjs`: install the prerequisites only (CI does this as its own step).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { installSignalHandlers } = await import('./procs.mjs');
	installSignalHandlers();
	try {
		console.log(`code-server: ${await ensureWorkbench()}\nchromium: ${chromiumPath()}`);
	} catch (e) {
		console.error(e instanceof SetupError ? e.message : e);
		process.exitCode = 1;
	} finally {
		await tracker.stopAll();
	}
}
