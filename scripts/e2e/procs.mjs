// Keeps track of every process the e2e scripts start and stops them by PID, descendants
// included, on success, on failure and on SIGINT/SIGTERM. Nothing here kills by name.
import { readdirSync, readFileSync } from 'node:fs';

/** Reads the parent PID and start time of a process from /proc, or undefined when it is gone. */
function procStat(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may contain spaces and parentheses, so split after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { ppid: Number(fields[1]), start: fields[19] };
	} catch {
		return undefined;
	}
}

/** Lists all descendants of a PID (children, grandchildren, …) with their start times. */
export function descendants(rootPid) {
	const children = new Map();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const stat = procStat(Number(entry));
		if (!stat) continue;
		const list = children.get(stat.ppid) ?? [];
		list.push({ pid: Number(entry), start: stat.start });
		children.set(stat.ppid, list);
	}
	const out = [];
	const walk = (pid) => {
		for (const child of children.get(pid) ?? []) {
			out.push(child);
			walk(child.pid);
		}
	};
	walk(rootPid);
	return out;
}

/** True while the process is alive and is still the one we saw (PIDs can be reused). */
function stillOurs({ pid, start }) {
	const stat = procStat(pid);
	return stat !== undefined && stat.start === start;
}

function signal({ pid }, sig) {
	try {
		process.kill(pid, sig);
	} catch {
		// Already gone.
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Remembers every process below this Node process. Children of code-server (the extension
 * host, the file watcher) outlive it for a few seconds after it is stopped and get reparented
 * to PID 1, so the tracker samples the tree while it runs and stops what it saw, by PID.
 */
class ProcessTracker {
	constructor() {
		/** @type {Map<number, {pid: number, start: string}>} */
		this.seen = new Map();
		/** @type {(() => Promise<void>)[]} async cleanups (closing the browser) run before killing */
		this.cleanups = [];
		/** @type {(() => void)[]} run once every process is gone (removing temporary folders) */
		this.afterStops = [];
		this.timer = undefined;
		this.stopping = undefined;
	}

	/** Samples the process tree now. */
	sample() {
		for (const p of descendants(process.pid)) this.seen.set(p.pid, p);
	}

	/** Registers a process we started: it and its descendants are stopped at the end. */
	track(pid) {
		const stat = procStat(pid);
		if (stat) this.seen.set(pid, { pid, start: stat.start });
		this.sample();
		if (!this.timer) {
			this.timer = setInterval(() => this.sample(), 500);
			this.timer.unref();
		}
	}

	/** Registers an async cleanup that runs before the processes are stopped. */
	onCleanup(fn) {
		this.cleanups.push(fn);
	}

	/** Registers a cleanup that runs after every process is stopped. */
	afterStop(fn) {
		this.afterStops.push(fn);
	}

	/** Stops everything this process started. Safe to call more than once. */
	stopAll({ log = () => {} } = {}) {
		this.stopping ??= this.#stop(log).finally(() => {
			for (const fn of this.afterStops.splice(0)) {
				try {
					fn();
				} catch {
					// Best effort.
				}
			}
		});
		return this.stopping;
	}

	async #stop(log) {
		for (const fn of this.cleanups.splice(0).reverse()) {
			await Promise.race([fn().catch(() => {}), sleep(5000)]);
		}
		this.sample();
		if (this.timer) clearInterval(this.timer);
		const all = [...this.seen.values()].filter(stillOurs);
		if (all.length === 0) return;
		// Throwaway processes: TERM them all at once (waiting for code-server to end its children
		// itself costs seconds), then KILL what is left after 5 s.
		for (const p of all) signal(p, 'SIGTERM');
		const until = Date.now() + 5000;
		while (Date.now() < until && all.some(stillOurs)) await sleep(50);
		const left = all.filter(stillOurs);
		if (left.length > 0) {
			log(`killing leftover processes ${left.map((p) => p.pid).join(' ')}`);
			for (const p of left) signal(p, 'SIGKILL');
		}
	}
}

export const tracker = new ProcessTracker();

let handlersInstalled = false;
let signalled;

/** The signal that is stopping this process, if any (callers then stay quiet and let it exit). */
export function interruptedBy() {
	return signalled;
}

/**
 * On SIGINT/SIGTERM: stop every tracked process, then exit with 130/143 (or `exitCode`). A second
 * signal kills whatever is left at once. `stopping` and `stopped` replace the generic messages.
 */
export function installSignalHandlers(
	log = (m) => console.error(m),
	{ stopping, stopped, exitCode } = {},
) {
	if (handlersInstalled) return;
	handlersInstalled = true;
	const onSignal = (sig) => {
		const code = exitCode ?? (sig === 'SIGINT' ? 130 : 143);
		if (signalled) {
			tracker.sample();
			for (const p of tracker.seen.values()) if (stillOurs(p)) signal(p, 'SIGKILL');
			process.exit(code);
		}
		signalled = sig;
		log(stopping ? `\n${stopping}` : `\n${sig}: stopping everything that was started…`);
		void tracker
			.stopAll({ log })
			.then(() => stopped && log(stopped))
			.finally(() => process.exit(code));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
}
