// `meshlens lint` validates each file once (`incremental: false`: nothing kept for later edits).
// Its diagnostics must be the editor's (the default, incremental validation) on every input.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseManifest, validate } from '../../src/core';
import { catalog, ROOT } from './helpers';

function yamlFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
		.map((e) => join(e.parentPath, e.name));
}

const vs = (extra: string) =>
	`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {host: r}\n${extra}`;

const CASES = [
	vs('    retires: 3\n'),
	`${vs('')}---\n${vs('  tcp: 1\n')}---\n# meshlens-disable-next-line\n${vs('    retires: 3\n')}`,
	`${vs('  x: 1\n')}---\nkind: [broken\n---\n${vs('  timeout: {{ .Values.t }}\n')}`,
	`# meshlens-disable ML1001\n${vs('  x: 1\n')}`,
	`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec:\n  trafficPolicy: {loadBalancer: {simple: ROUND_ROBBIN}}\n`,
	'',
	'---\n---\n',
	'a: [1\n',
];

describe('one-shot validation (meshlens lint) equals the editor validation', () => {
	it('on the samples, every upstream example and invalid fixture, and odd input', async () => {
		const texts = [
			...yamlFiles(join(ROOT, 'samples')),
			...yamlFiles(join(ROOT, '..', 'shared', 'examples')),
		].map((f) => readFileSync(f, 'utf8'));
		texts.push(...CASES);
		let diagnostics = 0;
		for (const text of texts) {
			for (const partial of [false, true]) {
				const editor = await validate(parseManifest(text), catalog, undefined, { partial });
				const lint = await validate(parseManifest(text), catalog, undefined, {
					partial,
					incremental: false,
				});
				assert.deepEqual(lint, editor, `${text.slice(0, 100)} (partial ${partial})`);
				diagnostics += lint.length;
			}
		}
		// The odd cases alone give findings, so the comparison is never empty.
		assert.ok(diagnostics >= 8, `${diagnostics} diagnostics compared`);
	});
	it('keeps nothing: the same manifest validated again is validated again', async () => {
		const manifest = parseManifest(vs('    retires: 3\n'));
		const first = await validate(manifest, catalog, undefined, { incremental: false });
		const second = await validate(manifest, catalog, undefined, { incremental: false });
		assert.equal(first.length, 1);
		assert.deepEqual(second, first);
		// Not the objects an incremental validation hands out again from what it kept.
		assert.notEqual(second[0], first[0]);
		const kept = await validate(manifest, catalog);
		assert.equal((await validate(manifest, catalog))[0], kept[0]);
	});
});
