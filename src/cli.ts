import { dirname, join } from 'node:path';
import { compare } from './cli/compare';
import { complete, explain, kinds } from './cli/assist';
import { UsageError, type CliCommand } from './cli/io';

const USAGE = `Usage: meshlens <command> [options]

Commands:
  compare [--meshes id,…] [--features id,…] [--format table|md|csv|json] [--extra file,…]
      Print the service-mesh comparison.
  explain <file>:<line>:<col> [--format md|json]
      Explain the manifest field, kind or value at a position (1-based line and column).
  complete <file>:<line>:<col> [--format json]
      List the completions offered at a position.
  kinds [--format json]
      List every manifest kind Meshlens knows.
`;

const COMMANDS: Record<string, CliCommand> = { compare, explain, complete, kinds };

async function main(argv: readonly string[]): Promise<number> {
	const [name, ...args] = argv;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		process.stdout.write(USAGE);
		return name ? 0 : 2;
	}
	const command = COMMANDS[name];
	if (!command) {
		process.stderr.write(`meshlens: unknown command '${name}'\n\n${USAGE}`);
		return 2;
	}
	try {
		return await command({
			args,
			// dist/cli.js sits next to data/ in both the repository and the packaged extension.
			dataDir: process.env.MESHLENS_DATA_DIR ?? join(dirname(__dirname), 'data'),
			cwd: process.cwd(),
			stdout: (t) => process.stdout.write(t),
			stderr: (t) => process.stderr.write(t),
		});
	} catch (e) {
		if (e instanceof UsageError) {
			process.stderr.write(`meshlens ${name}: ${e.message}\n\n${USAGE}`);
			return 2;
		}
		process.stderr.write(`meshlens ${name}: ${(e as Error).message}\n`);
		return 1;
	}
}

// A reader that stops early (`meshlens compare | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
	if (e.code === 'EPIPE') process.exit(0);
	throw e;
});

void main(process.argv.slice(2)).then((code) => {
	process.exitCode = code;
});
