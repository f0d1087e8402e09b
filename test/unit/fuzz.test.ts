// Fuzzing: real manifests mutated the way people and tools break them (lines deleted, duplicated
// and retyped, tabs, templates, anchors, binary bytes, stray separators), fed to the engine as
// editor changes. Hover, completion and validation must never throw and must stay bounded. The cases are
// seeded, so a failure names its input and reproduces.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
	applyChanges,
	Catalog,
	completeAt,
	hoverAt,
	ManifestCache,
	parseManifest,
	validate,
	type TextChange,
} from '../../src/core';
import { cpuMs, loadBuiltin } from './helpers';

const catalog = new Catalog((path) => {
	const file = join(process.cwd(), 'data', 'catalog', path);
	return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
});
const { dataset } = loadBuiltin();

function yamlFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true })
		.map(String)
		.filter((f) => /\.ya?ml$/.test(f))
		.sort()
		.map((f) => join(dir, f));
}

/** The upstream examples when ../shared is there, and always the repository's own samples. */
const FILES = [
	...yamlFiles(join(process.cwd(), '..', 'shared', 'examples')),
	...yamlFiles(join(process.cwd(), 'samples')),
]
	.map((f) => readFileSync(f, 'utf8'))
	.filter((t) => t.length < 200_000);

/** A hang detector, not a speed test: a normal call takes well under a millisecond of CPU. */
const CALL_GUARD_MS = 10_000;
const MAX_ITEMS = 2_000;
const MAX_HOVER = 100_000;

const INSERTS = [
	'\t',
	'  ',
	'---\n',
	'{{ .Values.name }}',
	'{{- if .Values.enabled }}\n',
	'{{- end }}\n',
	'&anchor ',
	'*anchor',
	'<<: *anchor\n',
	'!!binary ',
	'? ',
	': ',
	'- ',
	'"',
	"'",
	'[',
	'{',
	'#',
	'|\n',
	'\r\n',
	'\u2028',
	'\uFEFF',
];

const BINARY = fc
	.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 16 })
	.map((codes) => String.fromCharCode(...codes));

/** A mutation of one line, by its line number (taken modulo the line count). */
const mutation = fc.record({
	line: fc.nat(),
	op: fc.constantFrom('delete', 'duplicate', 'retype', 'insert', 'binary', 'dedent'),
	at: fc.double({ min: 0, max: 1, noNaN: true }),
	insert: fc.constantFrom(...INSERTS),
	binary: BINARY,
	char: fc.constantFrom(
		' ',
		':',
		'-',
		'x',
		'"',
		"'",
		'[',
		'{',
		'}',
		'#',
		'&',
		'*',
		'|',
		'>',
		'\t',
	),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

/** The change a mutation makes to a text, as an editor would report it. */
function changeOf(text: string, m: Mutation): TextChange {
	const starts = [0];
	for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
	const line = m.line % starts.length;
	const start = starts[line] ?? 0;
	const end = line + 1 < starts.length ? (starts[line + 1] ?? text.length) : text.length;
	const at = start + Math.floor(m.at * (end - start));
	switch (m.op) {
		case 'delete':
			return { rangeOffset: start, rangeLength: end - start, text: '' };
		case 'duplicate':
			return { rangeOffset: start, rangeLength: 0, text: text.slice(start, end) };
		case 'retype':
			return { rangeOffset: at, rangeLength: at < end ? 1 : 0, text: m.char };
		case 'insert':
			return { rangeOffset: at, rangeLength: 0, text: m.insert };
		case 'binary':
			return { rangeOffset: at, rangeLength: 0, text: m.binary };
		default:
			return { rangeOffset: start, rangeLength: Math.min(2, end - start), text: '' };
	}
}

async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
	const t0 = cpuMs();
	const result = await call();
	assert.ok(cpuMs() - t0 < CALL_GUARD_MS, `${what} hung`);
	return result;
}

describe('fuzz: mutated real manifests', () => {
	it('has manifests to mutate', () => {
		assert.ok(FILES.length >= 8, `${FILES.length} files`);
	});

	it('hover, completion and validation never throw and stay bounded', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.nat(),
				fc.array(mutation, { minLength: 1, maxLength: 6 }),
				fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
					minLength: 1,
					maxLength: 6,
				}),
				async (fileIndex, mutations, positions) => {
					const original = FILES[fileIndex % FILES.length] ?? '';
					const cache = new ManifestCache();
					cache.get('f', 0, original);
					let text = original;
					const changes = mutations.map((m) => {
						const change = changeOf(text, m);
						text = applyChanges(text, [change]);
						return change;
					});
					const manifest = cache.get('f', 1, text, changes);
					assert.equal(manifest.documentCount, parseManifest(text).documentCount);
					const diagnostics = await guarded('validation', () =>
						validate(manifest, catalog),
					);
					for (const d of diagnostics) {
						assert.ok(0 <= d.start && d.start <= d.end && d.end <= text.length, d.code);
					}
					for (const p of positions) {
						const offset = Math.floor(p * (text.length + 1));
						const hover = await guarded('hover', () =>
							hoverAt(manifest, offset, catalog, dataset),
						);
						assert.ok((hover?.markdown.length ?? 0) <= MAX_HOVER);
						if (hover) {
							assert.ok(hover.range.start <= hover.range.end);
							assert.ok(hover.range.end <= text.length);
						}
						const items = await guarded('completion', () =>
							completeAt(manifest, offset, catalog, dataset),
						);
						assert.ok(items.length <= MAX_ITEMS);
						for (const i of items) assert.ok(i.range.start <= i.range.end);
					}
				},
			),
			{ seed: 2026, numRuns: 250 },
		);
	});
});
