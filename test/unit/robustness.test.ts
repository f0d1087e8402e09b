// Hostile input: alias bombs, a file over the size limit, deep nesting, a 1 MB line, NUL bytes.
// Each must be handled (no throw, no hang) and leave the rest of the file working.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
	Catalog,
	completeAt,
	hoverAt,
	ManifestCache,
	MAX_MANIFEST,
	parseManifest,
	validate,
	type Manifest,
} from '../../src/core';

const catalog = new Catalog((path) => {
	const file = join(process.cwd(), 'data', 'catalog', path);
	return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
});

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    loadBalancer:
      simple: ROUND_ROBIN
`;

/** Hover on `loadBalancer` in the last document, and completion on the line after `simple`. */
async function lastDocumentStillWorks(text: string, manifest: Manifest = parseManifest(text)) {
	const key = text.lastIndexOf('loadBalancer') + 2;
	const hover = await hoverAt(manifest, key, catalog, undefined);
	assert.match(hover?.markdown ?? '', /loadBalancer/);
	const value = text.lastIndexOf('ROUND_ROBIN') + 2;
	const items = await completeAt(manifest, value, catalog, undefined);
	assert.ok(items.some((i) => i.label === 'LEAST_REQUEST'));
}

/** Validation, then hover and completion at many offsets of a text: none may throw. */
async function everywhere(text: string, manifest: Manifest, samples = 200) {
	for (const d of await validate(manifest, catalog)) assert.ok(d.end <= text.length, d.code);
	const step = Math.max(1, Math.floor(text.length / samples));
	for (let o = 0; o <= text.length; o += step) {
		await hoverAt(manifest, o, catalog, undefined);
		await completeAt(manifest, o, catalog, undefined);
	}
}

describe('hostile input', () => {
	it('a billion-laughs alias bomb costs nothing and breaks nothing', async () => {
		const lines = ['lol0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
		for (let i = 1; i < 12; i++)
			lines.push(
				`lol${i}: &l${i} [${Array(9)
					.fill(`*l${i - 1}`)
					.join(',')}]`,
			);
		const bomb = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: bomb\n  labels: *l11\nspec:\n  hosts: *l11\n${lines.join('\n')}\n`;
		const text = `${bomb}---\n${DR}`;
		const m = parseManifest(text);
		assert.equal(m.documents[0]?.kind, 'VirtualService');
		await everywhere(text, m);
		const hover = await hoverAt(m, text.indexOf('hosts') + 1, catalog, undefined);
		assert.match(hover?.markdown ?? '', /hosts/);
		await lastDocumentStillWorks(text, m);
	});

	it('a 10 MB file gets no assistance and is not parsed, and edits follow it', async () => {
		const doc = `${DR}---\n`;
		const text = doc.repeat(Math.ceil((10 * 1024 * 1024) / doc.length));
		assert.ok(text.length > MAX_MANIFEST);
		const cache = new ManifestCache();
		const m = cache.get('big', 1, text);
		assert.equal(m.tooLarge, true);
		assert.equal(m.documentCount, 0);
		assert.equal(await hoverAt(m, 100, catalog, undefined), undefined);
		assert.deepEqual(await completeAt(m, 100, catalog, undefined), []);
		assert.deepEqual(await validate(m, catalog), []);
		const edit = { rangeOffset: 5, rangeLength: 0, text: 'x' };
		const m2 = cache.get('big', 2, () => assert.fail('the text is not read'), [edit]);
		assert.equal(m2.tooLarge, true);
		assert.equal(m2.length, text.length + 1);
	});

	it('10,000-deep nesting in flow and block sequences', async () => {
		const deep = [
			`spec:\n  hosts: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
			`spec:\n  tls: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
			`spec:\n  http:\n    ${'- '.repeat(10_000)}route\n`,
			`spec:\n  http: ${'['.repeat(10_000)}\n`,
		];
		for (const body of deep) {
			const text = `apiVersion: networking.istio.io/v1\nkind: VirtualService\n${body}---\n${DR}`;
			const m = parseManifest(text);
			assert.equal(m.documentCount, 2);
			await everywhere(text, m, 100);
			await lastDocumentStillWorks(text, m);
		}
	});

	it('a 1 MB single line', async () => {
		const long = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  hosts: [${'"a.example.com",'.repeat(70_000)}"b"]\n`;
		const plain = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  gateways: ${'x'.repeat(1024 * 1024)}\n`;
		for (const doc of [long, plain]) {
			assert.ok(doc.length > 1024 * 1024);
			const text = `${doc}---\n${DR}`;
			const m = parseManifest(text);
			await everywhere(text, m, 50);
			const end = text.indexOf('\n---');
			await hoverAt(m, end - 1, catalog, undefined);
			await completeAt(m, end - 1, catalog, undefined);
			await lastDocumentStillWorks(text, m);
		}
	});

	it('NUL and other control bytes', async () => {
		const junk = Array.from({ length: 512 }, (_, i) => String.fromCharCode(i % 32)).join('');
		const texts = [
			`apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  ho\0sts:\n    - \0\0\n  ${junk}\n`,
			`\0\0\0---\n\0`,
			junk,
		];
		for (const t of texts) {
			const text = `${t}\n---\n${DR}`;
			const m = parseManifest(text);
			await everywhere(text, m);
			await lastDocumentStillWorks(text, m);
		}
	});

	it('a syntax error at the very end of a file is ranged inside it', async () => {
		for (const text of [
			'apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  hosts: [',
			'apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  hosts:\n  - "a',
		]) {
			const ds = await validate(parseManifest(text), catalog);
			const syntax = ds.filter((d) => d.code === 'ML9001');
			assert.ok(syntax.length > 0, text);
			for (const d of syntax)
				assert.ok(d.start < d.end && d.end <= text.length, JSON.stringify(d));
		}
	});
});
