import { dirname } from 'node:path';
import { runCli } from './cli/main';

// A reader that stops early (`meshlens compare | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
	if (e.code === 'EPIPE') process.exit(0);
	throw e;
});

void runCli(process.argv.slice(2), {
	// dist/cli.js sits next to data/ and package.json in the repository and the packaged extension.
	root: dirname(__dirname),
	cwd: process.cwd(),
	env: process.env,
	stdout: (t) => process.stdout.write(t),
	stderr: (t) => process.stderr.write(t),
}).then((code) => {
	process.exitCode = code;
});
