import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { extendDataset, loadDataset, parseBuiltDataset, parseDocs } from '../../src/core';
import { ROOT, builtinFiles, loadBuiltin } from './helpers';

const OVERRIDE = {
	path: 'team.yaml',
	text: `override: istio
cells:
  retries:
    support: partial
    value: Team note
    sources: [https://istio.io/latest/docs/]
    asOf: 2026-12-01
`,
};

describe('prebuilt dataset (dist/dataset.json)', () => {
	it('is exactly what loading data/*.yaml gives (written by every build)', () => {
		const file = join(ROOT, 'dist', 'dataset.json');
		assert.ok(existsSync(file), 'the build writes dist/dataset.json');
		const built = parseBuiltDataset(readFileSync(file, 'utf8'));
		assert.ok(built, 'dist/dataset.json parses as a dataset');
		const { dataset, issues } = loadBuiltin();
		assert.deepEqual(issues, []);
		assert.deepEqual(built, JSON.parse(JSON.stringify(dataset)));
	});

	it('rejects text that is not a built dataset, so the extension falls back to data/', () => {
		for (const bad of [
			undefined,
			'',
			'{',
			'null',
			'[]',
			'{"asOf":"x"}',
			'{"asOf":"","categories":[],"features":[],"meshes":[{}]}',
		]) {
			assert.equal(parseBuiltDataset(bad), undefined, String(bad));
		}
	});

	it("applies the user's extra files as loading them with data/ does", () => {
		const files = builtinFiles();
		const base = loadDataset(files).dataset;
		const direct = loadDataset({ ...files, extras: [OVERRIDE] });
		const extended = extendDataset(base, [OVERRIDE], files.catalogIndex);
		assert.deepEqual(extended.issues, direct.issues);
		assert.deepEqual(extended.dataset, direct.dataset);
		const istio = extended.dataset.meshes.find((m) => m.id === 'istio');
		assert.equal(istio?.cells['retries']?.value, 'Team note');
	});

	it('reports a broken extra file and keeps the rest', () => {
		const base = loadBuiltin().dataset;
		const result = extendDataset(base, [{ path: 'broken.yaml', text: 'override: [' }]);
		assert.ok(result.issues.length > 0);
		assert.equal(result.dataset.meshes.length, base.meshes.length);
	});
});

describe('prebuilt catalog docs (dist/catalog/docs/*.json)', () => {
	it('has a JSON copy of every docs file that reads exactly as the YAML', () => {
		const dir = join(ROOT, 'data', 'catalog', 'docs');
		const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
		assert.ok(files.length >= 9);
		for (const f of files) {
			const json = join(ROOT, 'dist', 'catalog', 'docs', f.replace(/\.yaml$/, '.json'));
			assert.ok(existsSync(json), `${json} is written by the build`);
			const fromYaml = parseDocs(readFileSync(join(dir, f), 'utf8'));
			assert.ok(fromYaml, f);
			assert.deepEqual(parseDocs(readFileSync(json, 'utf8')), fromYaml, f);
		}
	});
});
