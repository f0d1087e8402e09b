import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
	manifestObjects,
	parseManifest,
	parseObjects,
	plainValue,
	WorkspaceModel,
	type ParsedObject,
} from '../../src/core';
import { ROOT } from './helpers';

/** What the analyzers read of an object (everything but the document index). */
function summary(o: ParsedObject) {
	return {
		apiVersion: o.apiVersion,
		kind: o.kind,
		name: o.name,
		namespace: o.namespace,
		builtin: o.builtin,
		range: o.range,
		nameRange: o.nameRange,
		value: o.value,
		name_at: o.locate(['metadata', 'name']),
		name_key: o.locate(['metadata', 'name'], 'key'),
		spec_at: o.locate(['spec']),
		deep: o.locate(['spec', 'http', 0, 'route', 0, 'destination', 'host']),
	};
}

function same(text: string, label: string): number {
	const direct = parseObjects(text).map(summary);
	const fromManifest = manifestObjects(parseManifest(text.replace(/^\uFEFF/, ''))).map(summary);
	assert.deepEqual(fromManifest, direct, label);
	return direct.length;
}

function yamlFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
		.map((e) => join(e.parentPath, e.name));
}

describe('workspace objects from a parsed manifest (what meshlens lint gives the model)', () => {
	it('match parseObjects on the samples and every upstream example', () => {
		const files = [
			...yamlFiles(join(ROOT, 'samples')),
			...yamlFiles(join(ROOT, '..', 'shared', 'examples')),
		];
		let objects = 0;
		for (const f of files) objects += same(readFileSync(f, 'utf8'), f);
		// The samples alone hold mesh resources, so the comparison is never empty.
		assert.ok(objects > 10, `${objects} objects compared`);
	});
	it('match on a comment before the first ---, a BOM, templates, CRLF and broken documents', () => {
		const vs = (n: string) =>
			`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: "${n}"\n  namespace: x\nspec:\n  hosts: [a]\n  http:\n  - route:\n    - destination:\n        host: a\n`;
		const cases = [
			`# preamble\n---\n${vs('a')}---\n${vs('b')}`,
			`\uFEFF${vs('a')}---\n${vs('b')}`,
			`${vs('a')}---\n${vs('{{ .Values.name }}')}---\n${vs('c')}`,
			`${vs('a')}---\nkind: [broken\n---\n${vs('c')}`.replace(/\n/g, '\r\n'),
			`${vs('a')}---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Pod2\nmetadata: {name: p}\n`,
		];
		for (const text of cases) assert.ok(same(text, JSON.stringify(text)) >= 2);
	});
	it('locate finds a field in a document it parses again on first use', () => {
		const text = `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  host: r\n`;
		const [o] = manifestObjects(parseManifest(text));
		assert.deepEqual(o?.locate(['spec', 'host']), {
			start: { line: 5, character: 8 },
			end: { line: 5, character: 9 },
		});
	});
	it('are instances of one class each, with no closure per object, in the file and in the model', () => {
		const doc = (n: string, ns = '') =>
			`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${n}\n${ns}spec:\n  host: ${n}\n`;
		const text = `${doc('a')}---\n${doc('b', '  namespace: x\n')}`;
		const parsed = manifestObjects(parseManifest(text));
		const model = new WorkspaceModel();
		model.setAllParsed([{ uri: 'file:///m.yaml', label: 'm.yaml', objects: parsed }]);
		const inModel = model.file('file:///m.yaml')?.objects ?? [];
		assert.equal(parsed.length, 2);
		assert.equal(inModel.length, 2);
		for (const list of [parsed, inModel]) {
			const [first, second] = list;
			assert.equal(Object.getPrototypeOf(first), Object.getPrototypeOf(second));
			for (const o of list) {
				const own = Object.entries(o).filter(([, v]) => typeof v === 'function');
				assert.deepEqual(own, [], 'no function-valued own property');
			}
		}
		const [a, b] = inModel;
		assert.equal(a?.id, 'file:///m.yaml#0');
		assert.equal(b?.id, 'file:///m.yaml#1');
		assert.equal(a?.type, 'networking.istio.io/DestinationRule');
		assert.equal(a?.type, b?.type);
		assert.equal(a?.ns, 'default');
		assert.equal(b?.ns, 'x');
		assert.equal(a?.namespace, undefined);
		assert.deepEqual(b?.locate(['spec', 'host']), parsed[1]?.locate(['spec', 'host']));
		assert.deepEqual(b?.locate(['spec', 'host']), {
			start: { line: 13, character: 8 },
			end: { line: 13, character: 9 },
		});
	});
	it('read documents as plain data exactly as toJS does', () => {
		const texts = [
			...[
				...yamlFiles(join(ROOT, 'samples')),
				...yamlFiles(join(ROOT, '..', 'shared', 'examples')),
			].map((f) => readFileSync(f, 'utf8')),
			'a: 1\na: 2\n__proto__: {x: 1}\ntoString: s\n~: null-key\n? [complex]\n: v\n',
			'a: &x {b: [1, 2.5, true, null, "s"]}\nc: *x\n',
			'!!set {a, b}\n',
			'list: !!seq [1]\nmap: !custom {a: 1}\nempty:\n',
			'',
			'- 1\n- [2]\n',
		];
		let docs = 0;
		for (const text of texts) {
			for (const doc of parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false })) {
				docs++;
				let expected: unknown;
				try {
					expected = doc.toJS({ maxAliasCount: 100 });
				} catch {
					continue;
				}
				assert.deepEqual(plainValue(doc, 100), expected, text.slice(0, 80));
			}
		}
		assert.ok(docs > 100, `${docs} documents`);
	});
});
