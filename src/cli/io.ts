import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** What a CLI command may touch: its arguments, where the data folder is, and the output streams. */
export interface CliIo {
	readonly args: readonly string[];
	/** The folder holding features.yaml, meshes/ and catalog/. */
	readonly dataDir: string;
	readonly cwd: string;
	stdout(text: string): void;
	stderr(text: string): void;
}

/** A command's result: the process exit code (0 ok, 1 failure, 2 usage error). */
export type CliCommand = (io: CliIo) => Promise<number>;

/** Thrown for a bad command line; the dispatcher prints it with the command's usage and exits 2. */
export class UsageError extends Error {}

/**
 * Thrown for input the command cannot use (a missing file, a folder, a binary file, a position
 * past the end): the dispatcher prints the one-sentence message and exits 1.
 */
export class InputError extends Error {}

/** Edit distance between two short strings (options, command names). */
function distance(a: string, b: string): number {
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			row.push(
				Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost),
			);
		}
		prev = row;
	}
	return prev[b.length] ?? 0;
}

/** The closest candidate to a mistyped word, when it is close enough to be a typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
	// A unique prefix (`-f`, `--feat`) is what the person started to type.
	const prefixed = candidates.filter((c) => word && c.startsWith(word));
	if (prefixed.length === 1) return prefixed[0];
	let best: string | undefined;
	let bestDistance = Infinity;
	for (const c of candidates) {
		const d = distance(word, c);
		if (d < bestDistance) {
			best = c;
			bestDistance = d;
		}
	}
	return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Options every command accepts; the dispatcher answers them before the command runs. */
export const COMMON_OPTIONS = ['help', 'version'];

/**
 * Splits `--name value` and `--name=value` options from positional arguments. Names in `flags`
 * take no value: `--name` alone sets them to "true".
 */
export function parseOptions(
	args: readonly string[],
	known: readonly string[],
	flags: readonly string[] = [],
): { options: Map<string, string>; positional: string[] } {
	const options = new Map<string, string>();
	const positional: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] ?? '';
		if (arg === '--') {
			positional.push(...args.slice(i + 1));
			break;
		}
		if (!arg.startsWith('-') || arg === '-') {
			positional.push(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = arg.slice(arg.startsWith('--') ? 2 : 1, eq === -1 ? undefined : eq);
		if (arg.startsWith('--') && flags.includes(name)) {
			if (eq !== -1) throw new UsageError(`--${name} takes no value`);
			options.set(name, 'true');
			continue;
		}
		if (!arg.startsWith('--') || !known.includes(name)) {
			const guess = didYouMean(name, [...known, ...flags, ...COMMON_OPTIONS]);
			throw new UsageError(
				`unknown option ${arg.slice(0, eq === -1 ? undefined : eq)}${guess ? `; did you mean --${guess}?` : ''}`,
			);
		}
		let value: string | undefined;
		if (eq !== -1) value = arg.slice(eq + 1);
		else {
			value = args[i + 1];
			i++;
		}
		if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
		options.set(name, value);
	}
	return { options, positional };
}

/**
 * Reads a text file the user named, or throws an InputError that names the file and says what to
 * do: it is missing, a folder, unreadable, or binary. A leading byte-order mark is dropped.
 */
export function readTextFile(io: Pick<CliIo, 'cwd'>, path: string, what = 'a YAML file'): string {
	const full = resolve(io.cwd, path);
	let size: number;
	try {
		const stat = statSync(full);
		if (stat.isDirectory())
			throw new InputError(`${path} is a folder, not a file; give ${what} inside it.`);
		size = stat.size;
	} catch (e) {
		if (e instanceof InputError) throw e;
		const code = (e as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR')
			throw new InputError(`${path} does not exist (looked for ${full}); check the path.`);
		throw new InputError(`${path} cannot be read (${code ?? 'error'}); check its permissions.`);
	}
	if (size > 64 * 1024 * 1024)
		throw new InputError(`${path} is ${Math.round(size / 1048576)} MiB; give ${what}.`);
	let bytes: Buffer;
	try {
		bytes = readFileSync(full);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code ?? 'error';
		throw new InputError(`${path} cannot be read (${code}); check its permissions.`);
	}
	let text: string;
	try {
		if (bytes.includes(0)) throw new Error('NUL');
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new InputError(`${path} is a binary file, not text; give ${what}.`);
	}
	return text.replace(/^\uFEFF/, '');
}
