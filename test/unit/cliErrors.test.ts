// The CLI as a person meets it, with bad input: the dispatcher in-process, and once the built
// dist/cli.js as a real process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { forTerminal } from '../../src/cli/assist';
import { didYouMean } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { ROOT, captured } from './helpers';

const DIR = mkdtempSync(join(tmpdir(), 'meshlens-cli-'));

type Result = { code: number | null; out: string; err: string };

function cli(...args: string[]): Promise<Result> {
	return captured((io) => runCli(args, { root: ROOT, cwd: DIR, env: {}, ...io }));
}

/** An input error: exit 1, nothing on stdout, one sentence on stderr naming the file. */
function assertInputError(r: Result, file: string, advice: RegExp): void {
	assert.equal(r.code, 1, r.err);
	assert.equal(r.out, '');
	const lines = r.err.trimEnd().split('\n');
	assert.equal(lines.length, 1, r.err);
	assert.ok(lines[0]?.includes(file), `${lines[0]} names ${file}`);
	assert.match(lines[0] ?? '', advice);
	assert.doesNotMatch(r.err, /\n\s+at |Error:|ENOENT|EISDIR/, 'no stack trace or errno');
}

const MANIFEST = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  hosts: [a]\n';
writeFileSync(join(DIR, 'vs.yaml'), MANIFEST);
writeFileSync(join(DIR, 'image.png'), readFileSync(join(ROOT, 'media', 'icon.png')));
writeFileSync(join(DIR, 'notes.md'), '# Notes\n\nSome *prose*, not a manifest.\n');
writeFileSync(join(DIR, 'latin1.yaml'), Buffer.from([0x6b, 0x3a, 0x20, 0xe9, 0x0a]));
mkdirSync(join(DIR, 'folder'));
writeFileSync(join(DIR, 'broken-extra.yaml'), 'override: istio\ncells: [\n');
writeFileSync(join(DIR, 'unknown-extra.yaml'), 'override: no-such-mesh\n');

const commandNames = async (): Promise<string[]> => {
	const usage = (await cli('--help')).out;
	return [...usage.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1] ?? '');
};

describe('meshlens CLI errors', () => {
	for (const command of ['explain', 'complete']) {
		it(`${command}: a missing file, a folder, a binary, a non-YAML file`, async () => {
			assertInputError(
				await cli(command, 'missing.yaml:1:1'),
				'missing.yaml',
				/does not exist.*check the path/,
			);
			assertInputError(
				await cli(command, 'folder:1:1'),
				'folder',
				/is a folder.*give a YAML manifest/,
			);
			assertInputError(
				await cli(command, 'image.png:1:1'),
				'image.png',
				/binary file.*give a YAML manifest/,
			);
			assertInputError(await cli(command, 'latin1.yaml:1:1'), 'latin1.yaml', /binary file/);
			assertInputError(
				await cli(command, 'notes.md:1:1'),
				'notes.md',
				/not a YAML manifest.*apiVersion and kind/,
			);
		});

		it(`${command}: a position past the end of the file or of its line`, async () => {
			assertInputError(
				await cli(command, 'vs.yaml:99:1'),
				'vs.yaml:99:1',
				/past the end of the file.*last line is 5/,
			);
			assertInputError(
				await cli(command, 'vs.yaml:2:40'),
				'vs.yaml:2:40',
				/past the end of line 2.*20 characters.*1 to 21/,
			);
			const usage = await cli(command, 'vs.yaml');
			assert.equal(usage.code, 2);
			assert.match(usage.err, /add the line and column, e\.g\. vs\.yaml:1:1/);
		});
	}

	it('explain: nothing at a position is one sentence and a failure', async () => {
		assertInputError(
			await cli('explain', 'vs.yaml:4:1'),
			'vs.yaml:4:1',
			/nothing to explain.*VirtualService/,
		);
	});

	it('compare: a malformed, unknown-mesh or missing --extra file', async () => {
		assertInputError(
			await cli('compare', '--extra', 'broken-extra.yaml'),
			'broken-extra.yaml',
			/not a valid Meshlens data file \(line 3: YAML.*fix it .*or leave it out/,
		);
		assertInputError(
			await cli('compare', '--extra', 'unknown-extra.yaml'),
			'unknown-extra.yaml',
			/no mesh with id 'no-such-mesh'.*fix it/,
		);
		assertInputError(
			await cli('compare', '--extra', 'gone.yaml'),
			'gone.yaml',
			/does not exist/,
		);
		assertInputError(await cli('compare', '--extra', 'folder'), 'folder', /is a folder/);
	});

	it('--help and --version work for every command', async () => {
		const names = await commandNames();
		assert.ok(names.length >= 4 && names.includes('compare'), names.join());
		const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
			version: string;
		};
		for (const args of [['--version'], ['-V']]) {
			const r = await cli(...args);
			assert.equal(r.code, 0);
			assert.equal(r.out, `meshlens ${version}\n`);
		}
		assert.equal((await cli('kinds', '-h')).out, (await cli('help', 'kinds')).out);
		for (const name of names) {
			const help = await cli(name, '--help');
			assert.equal(help.code, 0, `${name} --help`);
			assert.match(help.out, new RegExp(`^Usage: meshlens ${name}\\b`), help.out);
			assert.ok(help.out.split('\n').length >= 3, `${name} --help describes the command`);
			const v = await cli(name, '--version');
			assert.equal(v.code, 0, `${name} --version`);
			assert.equal(v.out, `meshlens ${version}\n`);
		}
	});

	it('a mistyped option or command gets "did you mean"', async () => {
		const option = await cli('compare', '--formt', 'md');
		assert.equal(option.code, 2);
		assert.match(
			option.err,
			/^meshlens compare: unknown option --formt; did you mean --format\?\n/,
		);
		assert.match(option.err, /Usage: meshlens compare /);
		assert.match(
			(await cli('explain', 'vs.yaml:1:1', '--fromat=json')).err,
			/did you mean --format\?/,
		);
		assert.match((await cli('compare', '--mesh', 'istio')).err, /did you mean --meshes\?/);
		assert.match(
			(await cli('kinds', '-f', 'json')).err,
			/unknown option -f; did you mean --format\?/,
		);
		assert.match((await cli('kinds', '--zzzzzz')).err, /unknown option --zzzzzz\n/);
		const command = await cli('comprae');
		assert.equal(command.code, 2);
		assert.match(command.err, /unknown command 'comprae'; did you mean 'compare'\?/);
		assert.equal(didYouMean('extr', ['extra', 'format']), 'extra');
		assert.equal(didYouMean('banana', ['extra', 'format']), undefined);
	});

	it('explain prints no VS Code command links, in Markdown or JSON', async () => {
		const md = await cli('explain', join(ROOT, 'samples/istio/bookinfo-routing.yaml:12:9'));
		assert.equal(md.code, 0, md.err);
		assert.doesNotMatch(md.out, /command:/);
		assert.match(md.out, /\(https:\/\/istio\.io\/[^)]+\)/, 'the docs URL is there');
		assert.match(md.out, /`meshlens compare --features ingress`/);
		const json = await cli(
			'explain',
			join(ROOT, 'samples/istio/bookinfo-routing.yaml:12:9'),
			'--format',
			'json',
		);
		assert.doesNotMatch(json.out, /command:/);
		assert.equal(
			forTerminal(
				'a [Open in comparison](command:meshlens.openComparison?%5B%7B%22feature%22%3A%22mtls%22%7D%5D) b [x](command:other.cmd) [docs](https://x.io)',
			),
			'a Compare: `meshlens compare --features mtls` b x [docs](https://x.io)',
		);
	});
});

describe('meshlens as a process', () => {
	it('exits non-zero with one sentence for a binary file given to complete', () => {
		const r = spawnSync(
			process.execPath,
			[join(ROOT, 'dist', 'cli.js'), 'complete', 'image.png:1:1'],
			{
				cwd: DIR,
				encoding: 'utf8',
			},
		);
		assert.equal(r.status, 1);
		assert.equal(r.stdout, '');
		assert.equal(
			r.stderr,
			'meshlens complete: image.png is a binary file, not text; give a YAML manifest.\n',
		);
		const v = spawnSync(
			process.execPath,
			[join(ROOT, 'dist', 'cli.js'), 'kinds', '--version'],
			{
				encoding: 'utf8',
			},
		);
		assert.equal(v.status, 0);
		assert.match(v.stdout, /^meshlens \d+\.\d+\.\d+\n$/);
	});
});
