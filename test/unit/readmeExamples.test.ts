// Every `meshlens` command the README shows is run here, in a scratch copy of samples/, and must
// print what it promises: a reader who copies an example sees the product, not an error.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../src/cli/main';
import { ROOT, captured } from './helpers';

// The README and the conversion guide it links to (docs/conversions.md), whose examples are run too.
const README = ['README.md', join('docs', 'conversions.md')]
	.map((f) => readFileSync(join(ROOT, f), 'utf8'))
	.join('\n');

/** The command lines of the README: `meshlens …` in shell blocks, `run: meshlens …` in YAML. */
function examples(): string[] {
	const out: string[] = [];
	for (const block of README.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)) {
		const [, lang, body = ''] = block;
		for (const line of body.split('\n')) {
			if (lang === 'bash' && /^meshlens\s/.test(line)) out.push(line);
			const run = /^\s*- run: (meshlens\s.*)$/.exec(line);
			if (lang === 'yaml' && run?.[1]) out.push(run[1]);
		}
	}
	return out;
}

/**
 * Splits a shell line: words, 'quoted words', a `> file` redirect of stdout and a `2> file`
 * redirect of stderr; drops `# …` and `|| true`.
 */
function shellWords(line: string): { args: string[]; redirect?: string; errRedirect?: string } {
	const words: string[] = [];
	let redirect: string | undefined;
	let errRedirect: string | undefined;
	const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
	let expectFile: '>' | '2>' | undefined;
	for (let m = re.exec(line); m; m = re.exec(line)) {
		const word = m[1] ?? m[2] ?? m[3] ?? '';
		if (m[3] === '#' || (m[3]?.startsWith('#') && m[1] === undefined)) break;
		if (m[3] === '||') break;
		if (m[3] === '>' || m[3] === '2>') {
			expectFile = m[3];
			continue;
		}
		if (expectFile === '>') redirect = word;
		else if (expectFile === '2>') errRedirect = word;
		else words.push(word);
		expectFile = undefined;
	}
	assert.equal(words.shift(), 'meshlens', line);
	return {
		args: words,
		...(redirect ? { redirect } : {}),
		...(errRedirect ? { errRedirect } : {}),
	};
}

/** A workspace with the samples under every folder name the examples use, and one mistake. */
function scratch(): string {
	const dir = mkdtempSync(join(tmpdir(), 'meshlens-readme-'));
	const samples = join(ROOT, 'samples');
	for (const name of [
		'samples',
		'deploy',
		'manifests',
		'charts/demo/templates',
		'charts/demo/tests',
	])
		cpSync(samples, join(dir, name), { recursive: true });
	// So that the lint examples have something to report: a misspelt field.
	const typo =
		'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: typo\nspec:\n  hosts: [reviews]\n  htttp: []\n';
	for (const name of ['deploy', 'manifests']) writeFileSync(join(dir, name, 'typo.yaml'), typo);
	mkdirSync(join(dir, 'empty'), { recursive: true });
	return dir;
}

const DIR = scratch();

async function run(line: string): Promise<{ code: number; out: string; err: string }> {
	const { args, redirect, errRedirect } = shellWords(line);
	const { code, out, err } = await captured((io) =>
		runCli(args, { root: ROOT, cwd: DIR, env: {}, ...io }),
	);
	if (redirect) {
		writeFileSync(join(DIR, redirect), out);
		assert.equal(redirect.includes('/'), false);
	}
	if (errRedirect) {
		writeFileSync(join(DIR, errRedirect), err);
		assert.equal(errRedirect.includes('/'), false);
	}
	return { code, out, err };
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim()).length;

describe('README command-line examples', () => {
	const all = examples();

	it('finds the examples', () => {
		assert.ok(all.length >= 10, all.join('\n'));
		for (const command of ['compare', 'explain', 'complete', 'kinds', 'lint'])
			assert.ok(
				all.some((l) => l.startsWith(`meshlens ${command} `)),
				command,
			);
	});

	for (const line of all) {
		it(line, async () => {
			const { args, redirect, errRedirect } = shellWords(line);
			const r = await run(line);
			const shown = redirect ? readFileSync(join(DIR, redirect), 'utf8') : r.out;
			const notes = errRedirect ? readFileSync(join(DIR, errRedirect), 'utf8') : r.err;
			const command = args[0];
			// Lint exits 1 when it finds the planted mistake; everything else succeeds.
			if (command === 'lint' && !args.includes('--explain')) {
				assert.ok(r.code === 0 || r.code === 1, `${line}: exit ${r.code}\n${r.err}`);
				const everything = `${shown}${r.err}`;
				if (args.includes('samples/') || args.includes('samples'))
					assert.match(everything, /\d+ files? checked/);
				else assert.match(everything, /ML1001|unknown-field/, `${line} shows the mistake`);
			} else if (command === 'convert') {
				// Convert exits 3 when it noted something as lost, and lists it on stderr.
				assert.ok(r.code === 0 || r.code === 3, `${line}: exit ${r.code}\n${r.err}`);
				if (r.code === 3) assert.match(notes, /^(lost|skip) {2}\S+#\d+ /m);
			} else {
				assert.equal(r.code, 0, `${line}: ${r.err}`);
			}
			assert.doesNotMatch(shown, /command:/, 'no VS Code command links');
			switch (command) {
				case 'compare':
					if (args.includes('json')) {
						const json = JSON.parse(shown) as { meshes: unknown[]; cells: unknown[] };
						assert.ok(json.meshes.length >= 10 && json.cells.length >= 400);
					} else {
						assert.match(shown, /^\| Retries +\|/m);
						assert.match(shown, /^\| Mutual TLS +\|/m);
					}
					break;
				case 'explain':
					// The field, its type and a sentence about it.
					assert.match(shown, /^\*\*\w+\*\* · `/);
					assert.match(shown.split('\n\n')[1] ?? '', /\w+ \w+ \w+ \w+ \w+/);
					break;
				case 'complete':
					assert.ok(lines(shown) >= 3, `a real list:\n${shown}`);
					break;
				case 'kinds':
					assert.ok((JSON.parse(shown) as unknown[]).length >= 50);
					break;
				case 'convert': {
					// Converted resources: on stdout, or one file per input file in --out.
					const outDir = args.includes('--out')
						? args[args.indexOf('--out') + 1]
						: undefined;
					const texts = args.includes('--out')
						? [...notes.matchAll(/^wrote (\S+) \(\d+ resources?\)$/gm)].map((m) =>
								readFileSync(join(DIR, m[1] ?? ''), 'utf8'),
							)
						: [shown];
					assert.ok(texts.length >= 1, `${line} wrote nothing:\n${notes}`);
					if (outDir) assert.ok(existsSync(join(DIR, outDir)), outDir);
					const docs = texts.flatMap((t) =>
						args.includes('json')
							? (JSON.parse(t) as unknown[])
							: parseAllDocuments(t).map((d) => d.toJS() as unknown),
					);
					assert.ok(docs.length >= 1, `${line} converted nothing`);
					for (const d of docs) {
						const res = d as { apiVersion?: unknown; kind?: unknown };
						assert.equal(typeof res.apiVersion, 'string', JSON.stringify(d));
						assert.equal(typeof res.kind, 'string', JSON.stringify(d));
					}
					break;
				}
				default:
					assert.ok(lines(`${shown}${r.err}`) >= 1, line);
			}
		});
	}

	it('shows the sample files as they are where it shows them', () => {
		let shown = 0;
		for (const block of README.matchAll(/^```yaml\n# (samples\/\S+)\n([\s\S]*?)^```$/gm)) {
			const [, file = '', body = ''] = block;
			assert.equal(body, readFileSync(join(ROOT, file), 'utf8'), file);
			shown++;
		}
		assert.ok(shown >= 6, `${shown} sample files shown`);
	});

	it('shows the real output where it shows output', async () => {
		for (const block of README.matchAll(/^```console\n([\s\S]*?)^```$/gm)) {
			const [prompt, ...expected] = (block[1] ?? '').trimEnd().split('\n');
			assert.match(prompt ?? '', /^\$ meshlens /);
			const r = await run((prompt ?? '').slice(2));
			assert.equal(r.out.trimEnd(), expected.join('\n'), prompt);
		}
	});
});
