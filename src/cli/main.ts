// The dispatcher: picks the command, answers --help and --version, and turns errors into one
// message and an exit code. src/cli.ts runs it on the process; tests run it in-process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, USAGE } from './commands';
import { didYouMean, InputError, UsageError } from './io';

/** Where the CLI runs: the package root (holding data/ and package.json) and the streams. */
export interface CliHost {
	readonly root: string;
	readonly cwd: string;
	readonly env: Readonly<Record<string, string | undefined>>;
	stdout(text: string): void;
	stderr(text: string): void;
}

/** The usage of one command: its lines in USAGE (synopsis and description). */
function commandUsage(name: string): string {
	const lines = USAGE.split('\n');
	const start = lines.findIndex((l) => l.startsWith(`  ${name} `) || l === `  ${name}`);
	if (start === -1) return USAGE;
	let end = start + 1;
	while (lines[end]?.startsWith('      ')) end++;
	const [synopsis, ...description] = lines.slice(start, end);
	return `Usage: meshlens ${synopsis?.trim()}\n\n${description.map((l) => l.trim()).join('\n')}\n`;
}

function version(root: string): string {
	try {
		const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
			version?: string;
		};
		return pkg.version ?? 'unknown';
	} catch {
		return 'unknown';
	}
}

const isHelp = (a: string) => a === '--help' || a === '-h';
const isVersion = (a: string) => a === '--version' || a === '-V';

/** Runs the CLI on an argument list; resolves to the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: readonly string[], host: CliHost): Promise<number> {
	const [name, ...args] = argv;
	if (!name || isHelp(name) || name === 'help') {
		const topic = name === 'help' ? args[0] : undefined;
		host.stdout(topic && COMMANDS[topic] ? commandUsage(topic) : USAGE);
		return name ? 0 : 2;
	}
	if (isVersion(name)) {
		host.stdout(`meshlens ${version(host.root)}\n`);
		return 0;
	}
	const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
	if (!command) {
		const guess = didYouMean(name, Object.keys(COMMANDS));
		host.stderr(
			`meshlens: unknown command '${name}'${guess ? `; did you mean '${guess}'?` : ''}\n\n${USAGE}`,
		);
		return 2;
	}
	// Options after `--` are arguments, not requests for help.
	const own = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
	if (own.some(isHelp)) {
		host.stdout(commandUsage(name));
		return 0;
	}
	if (own.some(isVersion)) {
		host.stdout(`meshlens ${version(host.root)}\n`);
		return 0;
	}
	try {
		return await command({
			args,
			dataDir: host.env.MESHLENS_DATA_DIR ?? join(host.root, 'data'),
			cwd: host.cwd,
			stdout: (t) => host.stdout(t),
			stderr: (t) => host.stderr(t),
		});
	} catch (e) {
		if (e instanceof UsageError) {
			host.stderr(`meshlens ${name}: ${e.message}\n\n${commandUsage(name)}`);
			return 2;
		}
		if (e instanceof InputError) {
			host.stderr(`meshlens ${name}: ${e.message}\n`);
			return 1;
		}
		host.stderr(`meshlens ${name}: ${(e as Error).message}\n`);
		return 1;
	}
}
