import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentAt, ManifestCache, parseManifest, type Manifest } from '../../src/core';
import { cursorContext, type CursorContext } from '../../src/core';
import { LineIndex, maskTemplates } from '../../src/core';

/** Parses text with a `|` cursor marker and returns the context at the marker. */
function at(marked: string): CursorContext | undefined {
	// Texts that need a literal | (block scalars) mark the cursor with § instead.
	const marker = marked.includes('§') ? '§' : '|';
	const offset = marked.indexOf(marker);
	assert.ok(offset >= 0, 'test text needs a cursor marker');
	const text = marked.slice(0, offset) + marked.slice(offset + 1);
	const manifest = parseManifest(text);
	const doc = documentAt(manifest, offset);
	return doc && cursorContext(doc, offset);
}

function keyAt(marked: string) {
	const c = at(marked);
	assert.equal(c?.slot, 'key', JSON.stringify(c));
	return c;
}

function valueAt(marked: string) {
	const c = at(marked);
	assert.equal(c?.slot, 'value', JSON.stringify(c));
	return c;
}

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - name: v2
    match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviews
        subset: v2
      weight: 50
  - route:
      - destination: { host: ratings, subset: v1 }
`;

/** Puts the cursor marker after the n-th occurrence of `needle` (plus `shift` characters). */
function mark(text: string, needle: string, shift = 0, nth = 0): string {
	let i = -1;
	for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
	assert.ok(i >= 0, `no ${needle}`);
	const o = i + shift;
	return text.slice(0, o) + '|' + text.slice(o);
}

describe('LineIndex and masking', () => {
	it('converts offsets with LF, CRLF and CR line ends', () => {
		const li = new LineIndex('a\r\nbc\nd\re');
		assert.deepEqual(li.positionAt(0), { line: 0, character: 0 });
		assert.deepEqual(li.positionAt(3), { line: 1, character: 0 });
		assert.deepEqual(li.positionAt(5), { line: 1, character: 2 });
		assert.deepEqual(li.positionAt(8), { line: 3, character: 0 });
		assert.equal(li.lineText(0), 'a');
		assert.equal(li.lineText(1), 'bc');
		assert.equal(li.offsetAt({ line: 2, character: 0 }), 6);
		assert.equal(li.offsetAt({ line: 9, character: 0 }), 9);
	});
	it('blanks template actions without moving offsets', () => {
		const t = 'a: {{ .Values.a }}\n{{- if .Values.b }}\nb: 1\nc: {{ unclosed\nd: 2';
		const m = maskTemplates(t);
		assert.equal(m.length, t.length);
		assert.equal(m.split('\n')[0]?.trimEnd(), 'a:');
		assert.equal(m.split('\n')[1]?.trim(), '');
		assert.equal(m.split('\n')[4], 'd: 2');
	});
});

describe('documents', () => {
	it('splits at --- and reads apiVersion and kind per document', () => {
		const m = parseManifest(
			'---\napiVersion: networking.istio.io/v1\nkind: Gateway\n---\napiVersion: v1\nkind: Service\n...\n---\n# only a comment\n',
		);
		assert.equal(m.documents.length, 4);
		assert.equal(m.documents[0]?.group, 'networking.istio.io');
		assert.equal(m.documents[0]?.version, 'v1');
		assert.equal(m.documents[0]?.kind, 'Gateway');
		assert.equal(m.documents[1]?.group, '');
		assert.equal(m.documents[1]?.kind, 'Service');
		assert.equal(m.documents[3]?.kind, undefined);
	});
	it('handles a BOM and CRLF', () => {
		const m = parseManifest(
			'\uFEFFapiVersion: policy.linkerd.io/v1beta3\r\nkind: Server\r\n---\r\nkind: X\r\n',
		);
		assert.equal(m.documents.length, 2);
		assert.equal(m.documents[0]?.start, 1);
		assert.equal(m.documents[0]?.apiVersion, 'policy.linkerd.io/v1beta3');
		assert.equal(m.documents[0]?.kind, 'Server');
		assert.equal(m.documents[1]?.kind, 'X');
	});
	it('reads kind from templated documents', () => {
		const m = parseManifest(
			'{{- if .Values.enabled }}\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: {{ .Release.Name }}\n{{- end }}\n',
		);
		assert.equal(m.documents[0]?.kind, 'PeerAuthentication');
		assert.equal(m.documents[0]?.hasTemplates, true);
	});
	it('reparses only the document that changed', () => {
		const cache = new ManifestCache();
		const a = 'apiVersion: a/v1\nkind: A\n---\napiVersion: b/v1\nkind: B\n';
		const m1 = cache.get('f', 1, a);
		const m2 = cache.get('f', 2, a.replace('kind: B', 'kind: C'));
		assert.equal(m2.documents[0]?.ast, m1.documents[0]?.ast);
		assert.notEqual(m2.documents[1]?.ast, m1.documents[1]?.ast);
		assert.equal(m2.documents[1]?.kind, 'C');
		assert.equal(cache.get('f', 2, m2.text), m2);
	});
	it('survives an alias bomb', () => {
		const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
		for (let i = 0; i < 9; i++) {
			const p = String.fromCharCode(97 + i);
			const n = String.fromCharCode(98 + i);
			lines.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(',')}]`);
		}
		const text = `apiVersion: networking.istio.io/v1\nkind: Gateway\n${lines.join('\n')}\nspec:\n  servers: []\n`;
		// Expanding the aliases would need 10^9 nodes: returning at all shows they are not expanded.
		const m = parseManifest(text);
		assert.equal(m.documents[0]?.kind, 'Gateway');
		const c = cursorContext(m.documents[0], text.indexOf('servers') + 2);
		assert.deepEqual(c?.path, ['spec']);
	});
	// Speed is measured in bench/, never asserted here (the machines are shared and noisy).
	it('handles huge input', () => {
		const one = VS.replace('reviews\n', 'reviews\n');
		const text = Array(4000).fill(one).join('---\n');
		const m = parseManifest(text);
		assert.equal(m.documents.length, 4000);
		const off = text.lastIndexOf('subset: v2') + 2;
		const c = cursorContext(documentAt(m, off)!, off);
		assert.deepEqual(c?.path, ['spec', 'http', '[]', 'route', '[]', 'destination']);
		const giant = 'spec:\n' + '  '.repeat(1) + 'x: 1\n'.repeat(1_000_000);
		const g = parseManifest(giant);
		assert.ok(g.documents.length <= 1);
	});
	it('never throws on malformed text', () => {
		const bad = [
			'',
			'---',
			':',
			'- - - -',
			'{{',
			'a: [}',
			'"unterminated',
			'\t\tkey: \t',
			'? complex\n: key',
			'a: !!binary xx\n  - ]',
			'kind: [',
			'\uFEFF',
			'apiVersion: x\n---\n---\n',
			'['.repeat(5000),
			'{a: '.repeat(3000),
			'- '.repeat(3000) + 'a',
			Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
		];
		for (const t of bad) {
			const m = parseManifest(t);
			const step = Math.max(1, Math.floor(t.length / 300));
			for (let o = 0; o <= t.length; o += step) {
				const d = documentAt(m, o);
				if (d) cursorContext(d, o);
			}
		}
	});
});

describe('cursor context: complete documents', () => {
	it('resolves keys at many offsets', () => {
		const cases: [string, string, number, string[], string][] = [
			['apiVersion', 'apiVersion', 3, [], 'apiVersion'],
			['kind: V', 'kind', 0, [], 'kind'],
			['name: reviews', 'name', 2, ['metadata'], 'name'],
			['hosts:', 'hosts', 1, ['spec'], 'hosts'],
			['http:', 'http', 4, ['spec'], 'http'],
			['name: v2', 'name', 1, ['spec', 'http', '[]'], 'name'],
			['match:', 'match', 0, ['spec', 'http', '[]'], 'match'],
			['headers:', 'headers', 3, ['spec', 'http', '[]', 'match', '[]'], 'headers'],
			[
				'end-user:',
				'end-user',
				3,
				['spec', 'http', '[]', 'match', '[]', 'headers'],
				'end-user',
			],
			[
				'exact: jason',
				'exact',
				5,
				['spec', 'http', '[]', 'match', '[]', 'headers', 'end-user'],
				'exact',
			],
			['route:', 'route', 2, ['spec', 'http', '[]'], 'route'],
			[
				'destination:',
				'destination',
				2,
				['spec', 'http', '[]', 'route', '[]'],
				'destination',
			],
			[
				'host: reviews',
				'host',
				2,
				['spec', 'http', '[]', 'route', '[]', 'destination'],
				'host',
			],
			['weight: 50', 'weight', 6, ['spec', 'http', '[]', 'route', '[]'], 'weight'],
		];
		for (const [needle, , shift, path, key] of cases) {
			const c = keyAt(mark(VS, needle, shift));
			assert.deepEqual(c?.path, path, needle);
			assert.equal(c?.key, key, needle);
		}
	});
	it('resolves values', () => {
		const c = valueAt(mark(VS, 'subset: v2', 9));
		assert.deepEqual(c?.path, ['spec', 'http', '[]', 'route', '[]', 'destination', 'subset']);
		assert.equal(c?.value, 'v2');
		const k = valueAt(mark(VS, 'VirtualService', 2));
		assert.deepEqual(k?.path, ['kind']);
		assert.equal(k?.value, 'VirtualService');
		const item = valueAt(mark(VS, '- reviews', 3));
		assert.deepEqual(item?.path, ['spec', 'hosts', '[]']);
		assert.equal(item?.value, 'reviews');
	});
	it('lists sibling keys', () => {
		const c = keyAt(mark(VS, 'weight: 50', 1));
		assert.deepEqual(c?.present, ['destination']);
		const s = keyAt(mark(VS, 'hosts:', 1));
		assert.deepEqual([...(s?.present ?? [])].sort(), ['http']);
	});
	it('resolves inside flow style', () => {
		const c = keyAt(mark(VS, 'subset: v1', 2));
		assert.deepEqual(c?.path, ['spec', 'http', '[]', 'route', '[]', 'destination']);
		assert.equal(c?.key, 'subset');
		assert.deepEqual(c?.present, ['host']);
		assert.equal(c?.flow, true);
		const v = valueAt(mark(VS, 'ratings', 2));
		assert.deepEqual(v?.path, ['spec', 'http', '[]', 'route', '[]', 'destination', 'host']);
		assert.equal(v?.value, 'ratings');
	});
	it('ignores comments and keeps quoted keys', () => {
		const c = keyAt('spec: # the spec\n  # comment: no\n  "quoted key": 1\n  mtls:\n    mo|');
		assert.deepEqual(c?.path, ['spec', 'mtls']);
		const q = keyAt('spec:\n  "quo|ted": 1\n');
		assert.equal(q?.key, 'quoted');
	});
});

describe('cursor context: incomplete text', () => {
	it('a word being typed on a fresh key line', () => {
		const c = keyAt('spec:\n  hosts: [a]\n  ht|');
		assert.deepEqual(c?.path, ['spec']);
		assert.equal(c?.key, 'ht');
		assert.deepEqual(c?.present, ['hosts']);
	});
	it('an empty line inside a mapping', () => {
		const c = keyAt('spec:\n  hosts:\n  - a\n  |\n  gateways: []\n');
		assert.deepEqual(c?.path, ['spec']);
		assert.deepEqual([...(c?.present ?? [])].sort(), ['gateways', 'hosts']);
		assert.equal(c?.column, 2);
		const top = keyAt('apiVersion: v1\n|');
		assert.deepEqual(top?.path, []);
		assert.deepEqual(top?.present, ['apiVersion']);
	});
	it('a key with no value yet', () => {
		const c = valueAt('spec:\n  mtls:\n    mode: |');
		assert.deepEqual(c?.path, ['spec', 'mtls', 'mode']);
		assert.equal(c?.value, '');
		const partial = valueAt('spec:\n  mtls:\n    mode: STR|');
		assert.equal(partial?.value, 'STR');
	});
	it('a fresh sequence item', () => {
		const c = valueAt('spec:\n  http:\n  - |');
		assert.deepEqual(c?.path, ['spec', 'http', '[]']);
		assert.equal(c?.freshItem, true);
		assert.equal(c?.column, 4);
		const word = valueAt('spec:\n  http:\n    - ro|');
		assert.deepEqual(word?.path, ['spec', 'http', '[]']);
		assert.equal(word?.value, 'ro');
	});
	it('a new item does not see the keys of the item before it', () => {
		const c = valueAt('spec:\n  subsets:\n    - name: v1\n      labels: {}\n    - na|');
		assert.deepEqual(c?.path, ['spec', 'subsets', '[]']);
		assert.deepEqual(c?.present, []);
		const k = keyAt('spec:\n  subsets:\n    - name: v1\n    - na|me: v2\n      labels: {}\n');
		assert.deepEqual(k?.present, ['labels']);
	});
	it('the second key of a sequence item', () => {
		const c = keyAt('spec:\n  http:\n  - name: a\n    |');
		assert.deepEqual(c?.path, ['spec', 'http', '[]']);
		assert.deepEqual(c?.present, ['name']);
	});
	it('nested sequences in compact style', () => {
		const c = keyAt('spec:\n  http:\n  - route:\n    - destination:\n        host: x\n      |');
		assert.deepEqual(c?.path, ['spec', 'http', '[]', 'route', '[]']);
		assert.deepEqual(c?.present, ['destination']);
	});
	it('inside an unclosed flow mapping', () => {
		const c = keyAt('spec: {hosts: [a], ht|');
		assert.deepEqual(c?.path, ['spec']);
		assert.equal(c?.key, 'ht');
		const v = valueAt('spec:\n  mtls: {mode: |}');
		assert.deepEqual(v?.path, ['spec', 'mtls', 'mode']);
		const fresh = keyAt('spec:\n  mtls: {mode: STRICT, |}');
		assert.deepEqual(fresh?.path, ['spec', 'mtls']);
		assert.deepEqual(fresh?.present, ['mode']);
	});
	it('inside a block scalar', () => {
		const c = valueAt(
			'spec:\n  configPatches:\n  - patch:\n      value: |\n        name: x|\n',
		);
		assert.deepEqual(c?.path, ['spec', 'configPatches', '[]', 'patch', 'value']);
	});
	it('with CRLF line ends', () => {
		const c = keyAt(
			'spec:\r\n  http:\r\n  - route:\r\n    - destination:\r\n        host: x\r\n      |\r\n',
		);
		assert.deepEqual(c?.path, ['spec', 'http', '[]', 'route', '[]']);
		const v = valueAt('spec:\r\n  mtls:\r\n    mode: STRICT|\r\n');
		assert.equal(v?.value, 'STRICT');
	});
	it('with a BOM', () => {
		const c = keyAt(
			'\uFEFFapiVersion: security.istio.io/v1\nkind: PeerAuthentication\nspec:\n  mt|',
		);
		assert.deepEqual(c?.path, ['spec']);
	});
	it('with templates', () => {
		const text =
			'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nspec:\n{{- if .Values.strict }}\n  mtls:\n    {{ .Values.extra }}\n    mo|\n{{- end }}\n';
		const c = keyAt(text);
		assert.deepEqual(c?.path, ['spec', 'mtls']);
		const inside = at('spec:\n  hosts: {{ .Values.ho|sts }}\n');
		assert.ok(!inside || inside.value === '' || inside.slot === 'value');
	});
	it('in the second document only', () => {
		const text =
			'apiVersion: a/v1\nkind: A\nspec:\n  x: 1\n---\napiVersion: b/v1\nkind: B\nspec:\n  |';
		const offset = text.indexOf('|');
		const m: Manifest = parseManifest(text.replace('|', ''));
		const doc = documentAt(m, offset);
		assert.equal(doc?.kind, 'B');
		const c = cursorContext(doc, offset);
		assert.deepEqual(c?.path, ['spec']);
		assert.deepEqual(c?.present, []);
	});
});

describe('cursor context: multi-line scalars', () => {
	it('treats any indentation inside a block scalar as its value', () => {
		const c = valueAt('spec:\n  script: |\n    if x:\n      foo: 1§\n    done\n  other: 1\n');
		assert.deepEqual(c?.path, ['spec', 'script']);
		const q = valueAt('spec:\n  text: "one\n    two: §three"\n');
		assert.deepEqual(q?.path, ['spec', 'text']);
	});
	it('leaves the scalar on a new line at the parent indentation', () => {
		const c = keyAt('spec:\n  script: |\n    echo\n  §\n');
		assert.deepEqual(c?.path, ['spec']);
		assert.deepEqual(c?.present, ['script']);
		const end = keyAt('spec:\n  script: |\n    echo\n\n  §');
		assert.deepEqual(end?.path, ['spec']);
		const top = keyAt('spec:\n  script: >-\n    echo\n§');
		assert.deepEqual(top?.path, []);
	});
});
