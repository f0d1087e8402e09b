// The manifests an editor holds (ManifestCache) keep the parse of the last few documents only:
// whatever hover, completion, validation and quick fixes give after any edits must equal what they
// give on the same text parsed from scratch, also on documents whose parse was dropped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
	applyChanges,
	Catalog,
	completeAt,
	hoverAt,
	ManifestCache,
	parseManifest,
	RECENT_TREES,
	validate,
	type Diagnostic,
	type Manifest,
	type TextChange,
} from '../../src/core';
import { loadBuiltin, plain } from './helpers';

const readCatalog = () =>
	new Catalog((path) => {
		const file = join(process.cwd(), 'data', 'catalog', path);
		return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
	});

const dataset = loadBuiltin().dataset;

const VS = (i: number, key = 'retries') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs-${i}
spec:
  hosts:
    - svc-${i}
  http:
    - route:
        - destination:
            host: svc-${i}
      ${key}:
        attempts: 3
`;
const DR = (i: number, lb = 'LEAST_REQUEST') => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: dr-${i}
spec:
  host: svc-${i}
  trafficPolicy:
    loadBalancer:
      simple: ${lb}
`;

/** 60 documents (more than RECENT_TREES), every 7th with a misspelt key or a bad enum. */
const FILE = Array.from({ length: 60 }, (_, i) =>
	i % 2 === 0
		? VS(i, i % 7 === 0 ? 'retires' : 'retries')
		: DR(i, i % 7 === 1 ? 'ROUND' : 'RANDOM'),
).join('---\n');

/** Offsets worth asking about: one character into every key and every value of some documents. */
function probes(text: string): number[] {
	const out: number[] = [];
	const re = /^( *)(?:- )?([A-Za-z]+):( ?)/gm;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		if (out.length % 5 === 0 || m.index < 400 || m.index > text.length - 400) {
			out.push(m.index + (m[1] ?? '').length + 1);
		}
		out.push(m.index + m[0].length);
	}
	return out.filter((_, i) => i % 3 === 0);
}

/** What a user sees of a manifest at some offsets: hover, completion labels. */
async function assist(m: Manifest, offsets: number[], catalog: Catalog) {
	const out: unknown[] = [];
	for (const o of offsets) {
		const h = await hoverAt(m, o, catalog, dataset);
		const c = await completeAt(m, o, catalog, dataset);
		out.push([o, h?.markdown, h?.range, c.map((i) => `${i.label}=${i.insertText}`)]);
	}
	return out;
}

/** The text after applying a diagnostic's first fix. */
function fixed(text: string, d: Diagnostic | undefined): string {
	const fix = d?.fixes?.[0];
	assert.ok(fix, 'a quick fix');
	return applyChanges(
		text,
		[...fix.edits]
			.sort((a, b) => b.start - a.start)
			.map((e) => ({ rangeOffset: e.start, rangeLength: e.end - e.start, text: e.newText })),
	);
}

describe('manifests that keep only recent parses (the editor cache)', () => {
	it('drop the parse of older documents and parse them again, equal, when asked', () => {
		const cache = new ManifestCache();
		const m = cache.get('f', 1, FILE);
		const first = m.document(0)?.ast;
		assert.ok(first);
		for (let i = 1; i <= RECENT_TREES; i++) assert.ok(m.document(i)?.ast);
		const again = m.document(0)?.ast;
		assert.notEqual(again, first, 'the first parse was dropped and made again');
		assert.deepEqual(again?.toJS(), first.toJS());
		assert.equal(String(again), String(first));
		// The last one parsed is still held: asking twice gives the same parse.
		assert.equal(m.document(0)?.ast, again);
		// A one-shot parse keeps every parse.
		const all = parseManifest(FILE);
		const kept = all.document(0)?.ast;
		for (let i = 1; i < all.documentCount; i++) void all.document(i)?.ast;
		assert.equal(all.document(0)?.ast, kept);
	});

	it('give the same hover, completion, diagnostics and fixes on dropped documents', async () => {
		const catalog = readCatalog();
		const cache = new ManifestCache();
		const m = cache.get('f', 1, FILE);
		const diagnostics = await validate(m, catalog);
		// Validation read every document; the first ones' parses are gone.
		const offsets = probes(FILE).filter((o) => o < 1500 || o > FILE.length - 1500);
		const scratch = parseManifest(FILE);
		const fresh = readCatalog();
		assert.deepEqual(await assist(m, offsets, catalog), await assist(scratch, offsets, fresh));
		assert.deepEqual(plain(diagnostics), plain(await validate(scratch, fresh)));
		assert.ok(diagnostics.length >= 10, `${diagnostics.length} diagnostics`);
		// The fix of the first document's misspelt key, read after its parse was dropped.
		const d = diagnostics.find((x) => x.document === 0);
		assert.equal(d?.code, 'ML1001');
		const repaired = fixed(FILE, d);
		assert.ok(repaired.startsWith(VS(0, 'retries')));
	});

	it('equal a parse from scratch after a sequence of edits (separators, ends, undo)', async () => {
		const catalog = readCatalog();
		const cache = new ManifestCache();
		let text = FILE;
		let version = 0;
		cache.get('f', version, text);
		await validate(cache.get('f', version, text), catalog);
		const dr3 = () => text.indexOf('kind: DestinationRule', text.indexOf('dr-3\n') - 80);
		const steps: ((t: string) => TextChange[])[] = [
			// Typing at the start of the file, then deleting it again.
			() => [{ rangeOffset: 0, rangeLength: 0, text: '# header\n' }],
			() => [{ rangeOffset: 0, rangeLength: 9, text: '' }],
			// A new `---` splits a document in two; removing it joins them again.
			() => [{ rangeOffset: dr3(), rangeLength: 0, text: '---\n' }],
			(t) => [
				{ rangeOffset: t.indexOf('---\nkind: DestinationRule'), rangeLength: 4, text: '' },
			],
			// Breaking a separator (`---` to `--`) joins two documents; undo.
			(t) => [{ rangeOffset: t.indexOf('\n---\n', 2000) + 1, rangeLength: 1, text: '' }],
			(t) => [{ rangeOffset: t.indexOf('\n--\n', 2000) + 1, rangeLength: 0, text: '-' }],
			// Typing at the end of the file: a new document, then a key in it.
			(t) => [{ rangeOffset: t.length, rangeLength: 0, text: '---\napiVersion: net' }],
			(t) => [
				{ rangeOffset: t.length, rangeLength: 0, text: 'working.istio.io/v1\nkind: Gat' },
			],
			(t) => [{ rangeOffset: t.length, rangeLength: 0, text: 'eway\nspec:\n  selectr:\n' }],
			// Several changes in one event, as multi-cursor typing sends them (last one first).
			(t) => [
				{ rangeOffset: t.indexOf('vs-40'), rangeLength: 0, text: 'x' },
				{ rangeOffset: t.indexOf('vs-2\n'), rangeLength: 0, text: 'y' },
			],
			// Replacing a whole document's text, then the whole file at once (a paste).
			(t) => [
				{
					rangeOffset: t.indexOf('apiVersion'),
					rangeLength: DR(1).length,
					text: DR(1, 'BAD'),
				},
			],
			(t) => [{ rangeOffset: 0, rangeLength: t.length, text: FILE }],
		];
		for (const [n, step] of steps.entries()) {
			const changes = step(text);
			text = applyChanges(text, changes);
			const m = cache.get('f', ++version, text, changes);
			const scratch = parseManifest(text);
			const fresh = readCatalog();
			assert.equal(m.text, text, `step ${n}`);
			assert.equal(m.documentCount, scratch.documentCount, `step ${n}`);
			const got = await validate(m, catalog);
			assert.deepEqual(
				plain(got),
				plain(await validate(scratch, fresh)),
				`step ${n}: diagnostics`,
			);
			const offsets = probes(text).filter((_, i) => i % 4 === n % 4);
			assert.deepEqual(
				await assist(m, offsets, catalog),
				await assist(scratch, offsets, fresh),
				`step ${n}: hover and completion`,
			);
		}
	});

	it('move the quick fixes of the diagnostics an edit moved', async () => {
		const catalog = readCatalog();
		const cache = new ManifestCache();
		await validate(cache.get('f', 1, FILE), catalog);
		const insert = { rangeOffset: 0, rangeLength: 0, text: '# moved by a comment\n' };
		const text = applyChanges(FILE, [insert]);
		const moved = await validate(cache.get('f', 2, text, [insert]), catalog);
		const last = moved.at(-1);
		assert.ok(last?.fixes && last.fixes.length > 1, 'an invalid enum with fixes');
		for (const fix of last.fixes) {
			for (const e of fix.edits) assert.equal(text.slice(e.start, e.end), 'ROUND');
		}
		assert.match(fixed(text, last), /simple: [A-Z_]+\n$/);
		assert.deepEqual(plain(moved), plain(await validate(parseManifest(text), readCatalog())));
	});

	it('answer like a parse from scratch after any edits (property)', async () => {
		const catalog = readCatalog();
		const fresh = readCatalog();
		const PIECES = [
			'---\n',
			'\n',
			' ',
			'x',
			'kind: Gateway\n',
			'{{ .Values.x }}',
			'  hosts:\n',
		];
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						at: fc.double({ min: 0, max: 1, noNaN: true }),
						del: fc.nat({ max: 30 }),
						text: fc.constantFrom(...PIECES),
						probe: fc.double({ min: 0, max: 1, noNaN: true }),
					}),
					{ minLength: 1, maxLength: 5 },
				),
				async (edits) => {
					const cache = new ManifestCache();
					let t = FILE;
					let version = 0;
					await validate(cache.get('f', version, t), catalog);
					for (const e of edits) {
						const ch = {
							rangeOffset: Math.floor(e.at * (t.length + 1)),
							rangeLength: e.del,
							text: e.text,
						};
						t = applyChanges(t, [ch]);
						const m = cache.get('f', ++version, t, [ch]);
						const scratch = parseManifest(t);
						assert.deepEqual(
							plain(await validate(m, catalog)),
							plain(await validate(scratch, fresh)),
						);
						// Ask about the edit's place and a place elsewhere (often a dropped parse).
						const offsets = [ch.rangeOffset, Math.floor(e.probe * t.length)];
						assert.deepEqual(
							await assist(m, offsets, catalog),
							await assist(scratch, offsets, fresh),
						);
					}
				},
			),
			{ seed: 5, numRuns: 25 },
		);
	});
});
