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

/** Thrown for a bad command line; the dispatcher prints it with the usage text and exits 2. */
export class UsageError extends Error {}

/** Splits `--name value` and `--name=value` options from positional arguments. */
export function parseOptions(
	args: readonly string[],
	known: readonly string[],
): { options: Map<string, string>; positional: string[] } {
	const options = new Map<string, string>();
	const positional: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] ?? '';
		if (!arg.startsWith('--')) {
			positional.push(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = arg.slice(2, eq === -1 ? undefined : eq);
		if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
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
