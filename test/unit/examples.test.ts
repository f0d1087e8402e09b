import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { isMap, isScalar } from 'yaml';
import { completeAt } from '../../src/core';
import { hoverAt } from '../../src/core';
import { Catalog } from '../../src/core';
import { parseManifest } from '../../src/core';
import { cursorContext } from '../../src/core';

const EXAMPLES = join(process.cwd(), '..', 'shared', 'examples');
const catalog = new Catalog((path) => {
	const file = join(process.cwd(), 'data', 'catalog', path);
	return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
});

function yamlFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true })
		.map(String)
		.filter((f) => /\.ya?ml$/.test(f))
		.sort()
		.map((f) => join(dir, f));
}

/** Offsets of the keys directly below `spec` in a parsed document. */
function topSpecKeys(
	doc: ReturnType<typeof parseManifest>['documents'][number],
): [string, number][] {
	const contents = doc.ast?.contents;
	if (!isMap(contents)) return [];
	const spec = contents.items.find((p) => isScalar(p.key) && p.key.value === 'spec')?.value;
	if (!isMap(spec)) return [];
	const out: [string, number][] = [];
	for (const pair of spec.items) {
		if (isScalar(pair.key) && pair.key.range) {
			out.push([String(pair.key.value), doc.start + pair.key.range[0] + 1]);
		}
	}
	return out;
}

/** Offset just inside the value of a top-level key on its own line. */
function topLevelOffset(
	text: string,
	doc: { start: number; end: number },
	key: string,
	inValue: boolean,
) {
	const body = text.slice(doc.start, doc.end);
	const m = new RegExp(`^${key}:[ \\t]*`, 'm').exec(body);
	if (!m) return undefined;
	return doc.start + m.index + (inValue ? m[0].length + 1 : 1);
}

/**
 * Upstream examples that use a field their own CRD does not define. Hover rightly says nothing
 * there (and validation flags it); the list is exact, so a fixed example fails the test.
 */
const UPSTREAM_MISTAKES: Record<string, readonly string[]> = {
	// MeshAccessLog has no spec.default: defaults sit under spec.rules[], spec.to[] or spec.from[].
	'kuma/kuma-website/resources-meshopentelemetrybackend.yaml': ['MeshAccessLog.spec.default'],
};

for (const mesh of ['istio', 'linkerd', 'gateway-api', 'consul', 'kuma', 'appmesh', 'cilium']) {
	describe(`upstream examples: ${mesh}`, () => {
		const files = yamlFiles(join(EXAMPLES, mesh));
		it('has examples to check (skipped when ../shared is absent)', (t) => {
			if (!existsSync(EXAMPLES)) t.skip('../shared/examples not present');
			else assert.ok(files.length > 0);
		});
		for (const file of files) {
			const name = relative(EXAMPLES, file);
			it(name, async (t) => {
				const text = readFileSync(file, 'utf8');
				const manifest = parseManifest(text);
				const invalidFixture =
					name.includes('crd-validation') || name.includes('analyzer-testdata');
				let checked = 0;
				const unknownKeys: string[] = [];
				for (const doc of manifest.documents) {
					if (!(await catalog.hasGroup(doc.group))) continue;
					const info = await catalog.kind(doc.apiVersion, doc.kind);
					if (!info) {
						unknownKeys.push(`kind ${doc.apiVersion} ${doc.kind}`);
						continue;
					}
					checked++;
					for (const [key, inValue] of [
						['apiVersion', false],
						['kind', false],
						['kind', true],
					] as const) {
						const offset = topLevelOffset(text, doc, key, inValue);
						assert.ok(offset !== undefined, `${name}: ${key}`);
						const h = await hoverAt(manifest, offset, catalog, undefined);
						assert.ok(h?.markdown.includes(info.kind), `${name}: hover on ${key}`);
						assert.equal(h?.type, 'resource');
					}
					for (const [key, offset] of topSpecKeys(doc)) {
						const h = await hoverAt(manifest, offset, catalog, undefined);
						if (!h) {
							unknownKeys.push(`${doc.kind}.spec.${key}`);
							continue;
						}
						assert.ok(h.markdown.length > 20, `${name}: spec.${key}`);
						assert.equal(h.path, `spec.${key}`);
					}
				}
				// Invalid fixtures may use fields that do not exist; real examples must not.
				if (unknownKeys.length)
					t.diagnostic(`not in the catalog: ${unknownKeys.join(', ')}`);
				if (!invalidFixture)
					assert.deepEqual(unknownKeys, UPSTREAM_MISTAKES[name] ?? [], name);
				// Hover and completion anywhere in the file never throw.
				const step = Math.max(1, Math.floor(text.length / 400));
				for (let o = 0; o <= text.length; o += step) {
					await hoverAt(manifest, o, catalog, undefined);
					await completeAt(manifest, o, catalog, undefined);
				}
				t.diagnostic(`${checked} mesh documents checked`);
				// Typing each key anew: cut the text two characters into the key and complete there.
				let typed = 0;
				let values = 0;
				for (const doc of manifest.documents) {
					if (!(await catalog.kind(doc.apiVersion, doc.kind))) continue;
					for (let l = 0; l < doc.lines.lineCount; l++) {
						const m = /^(\s*(?:-\s+)*)([A-Za-z][\w-]*):(\s|$)/.exec(
							doc.lines.lineText(l),
						);
						if (!m?.[2] || m[2] === 'apiVersion' || m[2] === 'kind') continue;
						const keyStart = doc.start + doc.lines.lineStart(l) + (m[1]?.length ?? 0);
						const full = await hoverAt(manifest, keyStart + 1, catalog, undefined);
						if (!full || full.path.endsWith('*') || full.type === 'resource') continue;
						// A key repeated in its mapping (an upstream file missing a ---) is not offered twice.
						if (cursorContext(doc, keyStart + 1)?.present.includes(m[2])) continue;
						// Typing an enum value: the same choices as in the finished file.
						const v = /^([\w./-]+)\s*$/.exec(doc.lines.lineText(l).slice(m[0].length));
						if (v?.[1] && m[3] === ' ') {
							const valueStart = keyStart + m[2].length + 2;
							const done = await completeAt(
								manifest,
								valueStart + 1,
								catalog,
								undefined,
							);
							if (done.length) {
								const cutValue = valueStart + 1;
								const partial = parseManifest(text.slice(0, cutValue));
								const got = await completeAt(partial, cutValue, catalog, undefined);
								assert.deepEqual(
									got.map((i) => i.label),
									done.map((i) => i.label),
									`${name}: value of ${m[2]}`,
								);
								assert.ok(
									done.some((i) => i.label === v[1]) || invalidFixture,
									`${name}: ${v[1]} offered`,
								);
								values++;
							}
						}
						const cut = keyStart + Math.min(2, m[2].length);
						const items = await completeAt(
							parseManifest(text.slice(0, cut)),
							cut,
							catalog,
							undefined,
						);
						assert.ok(
							items.some((i) => i.label === m[2]),
							`${name}:${doc.lines.positionAt(keyStart - doc.start).line + 1}: typing ${m[2]} (${full.path})`,
						);
						typed++;
					}
				}
				t.diagnostic(`${typed} keys and ${values} enum values typed anew`);
			});
		}
	});
}
