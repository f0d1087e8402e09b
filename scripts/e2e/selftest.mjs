// `node scripts/e2e/selftest.mjs`: checks the e2e harness itself, independent of Meshlens.
// Packages the recipe's prototype extension (../shared/e2e-recipe/ext) in a temporary folder
// and runs scripts/e2e/selftest/*.e2e.mjs against it with the normal runner.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './workbench.mjs';

const proto = join(ROOT, '..', 'shared', 'e2e-recipe', 'ext');
if (!existsSync(proto)) {
	console.log(`selftest skipped: ${proto} is missing (../shared is not beside the repository).`);
	process.exit(0);
}
const tmp = mkdtempSync(join(tmpdir(), 'meshlens-selftest-'));
let status = 1;
try {
	const ext = join(tmp, 'ext');
	cpSync(proto, ext, { recursive: true });
	const vsix = join(tmp, 'e2e-proto.vsix');
	const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
	const pack = spawnSync(
		process.execPath,
		[vsce, 'package', '--allow-missing-repository', '--skip-license', '-o', vsix],
		{ cwd: ext, stdio: ['ignore', 'ignore', 'inherit'] },
	);
	if (pack.status !== 0) throw new Error('vsce could not package the prototype extension');
	const run = spawnSync(
		process.execPath,
		[
			join(ROOT, 'scripts', 'e2e', 'run.mjs'),
			'--vsix',
			vsix,
			'--tests',
			join(ROOT, 'scripts', 'e2e', 'selftest'),
			...process.argv.slice(2),
		],
		{ stdio: 'inherit' },
	);
	status = run.status ?? 1;
} catch (e) {
	console.error(`selftest: ${e.message}`);
} finally {
	rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
