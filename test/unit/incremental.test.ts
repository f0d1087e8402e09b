// The incremental engine: a manifest followed through editor changes must equal the manifest
// parsed from scratch, and an edit reparses only the documents it touches.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
	applyChanges,
	ManifestCache,
	parseManifest,
	PerDocument,
	validate,
	Catalog,
	LineIndex,
	type ManifestDocument,
	type Manifest,
	type TextChange,
} from '../../src/core';
import { plain } from './helpers';

/** A node's structure, ranges and values, without resolving aliases. */
function shape(node: unknown): unknown {
	if (isMap(node) || isSeq(node)) {
		return [
			node.range,
			node.items.map((i: unknown) => (isPair(i) ? [shape(i.key), shape(i.value)] : shape(i))),
		];
	}
	if (isScalar(node)) return [node.range, node.value, node.type];
	if (isAlias(node)) return [node.range, '*', node.source];
	return node === null || node === undefined ? null : typeof node;
}

/** Everything a consumer can read of a manifest, offsets included. */
function snapshot(m: Manifest) {
	return m.documents.map((d) => ({
		index: d.index,
		start: d.start,
		end: d.end,
		text: d.text,
		apiVersion: d.apiVersion,
		kind: d.kind,
		group: d.group,
		version: d.version,
		hasTemplates: d.hasTemplates,
		lines: d.lines.lineCount,
		errors: d.ast?.errors.map((e) => `${e.code}@${e.pos.join(',')}`),
		ast: shape(d.ast?.contents),
	}));
}

function assertSame(incremental: Manifest, text: string): void {
	const scratch = parseManifest(text);
	assert.equal(incremental.length, text.length);
	assert.equal(incremental.text, text);
	assert.deepEqual(snapshot(incremental), snapshot(scratch));
	const lines = new LineIndex(text);
	for (let o = -1; o <= text.length + 1; o++) {
		assert.equal(incremental.documentAt(o)?.index, scratch.documentAt(o)?.index, `at ${o}`);
		// Line and character without the whole text, as the whole text's line index says.
		assert.deepEqual(incremental.positionAt(o), lines.positionAt(o), `position at ${o}`);
	}
}

const DOC = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
    - reviews
`;

/** Pieces that matter to splitting and parsing: separators, line ends, templates, BOMs. */
const PIECES = [
	'---\n',
	'---',
	'--- # next\n',
	'...\n',
	'\n',
	'\r\n',
	'\r',
	'-',
	'.',
	' ',
	'\t',
	'\uFEFF',
	'kind: Gateway\n',
	'apiVersion: v1\n',
	'{{ .Values.x }}',
	'{{- if .Values.y }}\n',
	'a: &a [1, 2]\nb: *a\n',
	'x',
	'',
];

const change = fc.record({
	at: fc.double({ min: 0, max: 1, noNaN: true }),
	del: fc.nat({ max: 40 }),
	text: fc.oneof(
		fc.constantFrom(...PIECES),
		fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((a) => a.join('')),
	),
});

const base = fc
	.array(fc.oneof(fc.constant(DOC), fc.constantFrom(...PIECES)), { maxLength: 12 })
	.map((parts) => parts.join(''));

describe('incremental manifests', () => {
	it('equal a parse from scratch after any edits (property)', () => {
		fc.assert(
			fc.property(
				base,
				fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 8 }),
				(start, batches) => {
					const cache = new ManifestCache();
					let text = start;
					let version = 0;
					cache.get('f', version, text);
					for (const batch of batches) {
						const changes: TextChange[] = [];
						let t = text;
						for (const c of batch) {
							const rangeOffset = Math.floor(c.at * (t.length + 1));
							const ch = { rangeOffset, rangeLength: c.del, text: c.text };
							changes.push(ch);
							t = applyChanges(t, [ch]);
						}
						text = t;
						const m = cache.get('f', ++version, text, changes);
						assertSame(m, text);
					}
				},
			),
			{ seed: Number(process.env.SEED ?? 9), numRuns: Number(process.env.RUNS ?? 200) },
		);
	});

	it('reparses only the edited document, and shifts the ones after it', () => {
		const text = Array.from({ length: 300 }, (_, i) =>
			DOC.replace('reviews\n', `reviews-${i}\n`),
		).join('---\n');
		// Every parse kept, so that a parse made again would show as a new object.
		const cache = new ManifestCache(32, { trees: 'all' });
		const m1 = cache.get('f', 1, text);
		const before = m1.documents.map((d) => d.ast);
		const at = text.indexOf('reviews-150');
		const edit = { rangeOffset: at, rangeLength: 0, text: 'my-' };
		let reads = 0;
		const after = applyChanges(text, [edit]);
		const m2 = cache.get('f', 2, () => (reads++, after), [edit]);
		assert.equal(reads, 0, 'the editor text is not read');
		assert.equal(m2.documentCount, 300);
		for (let i = 0; i < 300; i++) {
			const d = m2.document(i);
			if (i === 150) assert.notEqual(d?.ast, before[i]);
			else assert.equal(d?.ast, before[i], `document ${i} was reparsed`);
			assert.equal(d?.start, (m1.document(i)?.start ?? 0) + (i > 150 ? 3 : 0));
		}
		assert.equal(m2.document(150)?.ast?.get('metadata', true) !== undefined, true);
		assertSame(m2, after);
	});

	it('splits a document when an edit adds a --- line, and joins two when it goes', () => {
		const text = `${DOC}---\n${DOC.replace('VirtualService', 'Gateway')}`;
		const cache = new ManifestCache();
		cache.get('f', 1, text);
		const split = { rangeOffset: text.indexOf('metadata'), rangeLength: 0, text: '---\n' };
		const t2 = applyChanges(text, [split]);
		const m2 = cache.get('f', 2, t2, [split]);
		assert.equal(m2.documentCount, 3);
		assertSame(m2, t2);
		const join = { rangeOffset: t2.indexOf('---\nmetadata'), rangeLength: 4, text: '' };
		const t3 = applyChanges(t2, [join]);
		const m3 = cache.get('f', 3, t3, [join]);
		assert.equal(m3.documentCount, 2);
		assertSame(m3, t3);
		// Breaking the separator between the two documents (`---` to `--`) joins them.
		const broken = { rangeOffset: t3.indexOf('\n---\n') + 1, rangeLength: 1, text: '' };
		const t4 = applyChanges(t3, [broken]);
		const m4 = cache.get('f', 4, t4, [broken]);
		assert.equal(m4.documentCount, 1);
		assertSame(m4, t4);
	});

	it('falls back to the text when the changes do not add up to it', () => {
		const cache = new ManifestCache();
		cache.get('f', 1, DOC);
		const wrong = cache.get('f', 2, `${DOC}kind: X\n`, [
			{ rangeOffset: 0, rangeLength: 0, text: 'a' },
		]);
		assertSame(wrong, `${DOC}kind: X\n`);
	});

	it('follows a file past the size limit and back without reading it', () => {
		const cache = new ManifestCache();
		cache.get('f', 1, DOC);
		const big = 'x'.repeat(9 * 1024 * 1024);
		const grow = { rangeOffset: DOC.length, rangeLength: 0, text: big };
		const m2 = cache.get('f', 2, () => assert.fail('not read while too large'), [grow]);
		assert.equal(m2.tooLarge, true);
		assert.equal(m2.documentCount, 0);
		const shrink = { rangeOffset: DOC.length, rangeLength: big.length, text: '' };
		const m3 = cache.get('f', 3, () => DOC, [shrink]);
		assert.equal(m3.tooLarge, false);
		assertSame(m3, DOC);
	});

	it('recomputes per-document results only for the documents an edit touched', async () => {
		const text = Array.from({ length: 300 }, (_, i) =>
			DOC.replace('reviews\n', `reviews-${i}\n`),
		).join('---\n');
		interface Found {
			readonly start: number;
			readonly end: number;
			readonly document: number;
			readonly kind: string;
		}
		let computed = 0;
		const find = (doc: ManifestDocument): Promise<Found[]> => {
			computed++;
			const at = doc.raw.indexOf('reviews');
			return Promise.resolve(
				at < 0
					? []
					: [
							{
								start: doc.start + at,
								end: doc.start + at + 7,
								document: doc.index,
								kind: doc.kind ?? '',
							},
						],
			);
		};
		const per = new PerDocument<Found>(find, (f, d, i) => ({
			...f,
			start: f.start + d,
			end: f.end + d,
			document: f.document + i,
		}));
		const fresh = async (m: Manifest) => (await Promise.all(m.documents.map(find))).flat();
		const cache = new ManifestCache();
		let t = text;
		const m1 = cache.get('f', 1, t);
		assert.deepEqual(await per.collect(m1), await fresh(m1));
		const edits: TextChange[] = [
			{ rangeOffset: t.indexOf('reviews-150'), rangeLength: 0, text: 'x' },
			{ rangeOffset: t.indexOf('reviews-10\n'), rangeLength: 0, text: '---\nkind: A\n' },
			{
				rangeOffset: t.indexOf('---\napiVersion', t.indexOf('reviews-200')),
				rangeLength: 4,
				text: '',
			},
		];
		let version = 1;
		for (const edit of edits) {
			t = applyChanges(t, [edit]);
			const m = cache.get('f', ++version, t, [edit]);
			computed = 0;
			const got = await per.collect(m);
			assert.ok(computed <= 2, `${computed} documents computed`);
			assert.deepEqual(got, await fresh(m));
		}
	});

	it('validation after edits equals validation from scratch (property)', async () => {
		const dir = join(process.cwd(), 'samples');
		const samples = readdirSync(dir, { recursive: true })
			.map(String)
			.filter((f) => f.endsWith('.yaml'))
			.sort()
			.map((f) => readFileSync(join(dir, f), 'utf8'));
		const broken = [
			DOC.replace('hosts:', 'hots:'),
			'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: d\nspec:\n  host: d\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBBIN\n',
		];
		const text = [...samples, ...broken, ...samples].join('\n---\n');
		const readCatalog = () =>
			new Catalog((path) => {
				const file = join(process.cwd(), 'data', 'catalog', path);
				return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
			});
		const kept = readCatalog();
		// Parsed anew, a text has new documents, so nothing kept for this catalog applies to it.
		const other = readCatalog();
		const first = await validate(parseManifest(text), kept);
		assert.ok(first.length >= 2, 'the broken documents are reported');
		await fc.assert(
			fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 4 }), async (batch) => {
				const cache = new ManifestCache();
				let t = text;
				cache.get('f', 0, t);
				await validate(cache.get('f', 0, t), kept);
				let version = 0;
				for (const c of batch) {
					const ch = {
						rangeOffset: Math.floor(c.at * (t.length + 1)),
						rangeLength: c.del,
						text: c.text,
					};
					t = applyChanges(t, [ch]);
					const incremental = await validate(cache.get('f', ++version, t, [ch]), kept);
					const scratch = await validate(parseManifest(t), other);
					assert.deepEqual(plain(incremental), plain(scratch));
				}
			}),
			{ seed: 11, numRuns: 30 },
		);
	});
});
