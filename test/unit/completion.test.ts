import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { complete as completeCommand } from '../../src/cli/assist';
import { completeAt, type CompletionItem } from '../../src/core';
import { Catalog } from '../../src/core';
import { parseManifest } from '../../src/core';

const catalog = new Catalog((path) => {
	const file = join(process.cwd(), 'data', 'catalog', path);
	return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
});

async function complete(marked: string): Promise<CompletionItem[]> {
	const offset = marked.indexOf('|');
	const text = marked.slice(0, offset) + marked.slice(offset + 1);
	return completeAt(parseManifest(text), offset, catalog, undefined);
}

function labels(items: CompletionItem[]): string[] {
	return items.map((i) => i.label);
}

const HEAD = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n';

describe('completion', () => {
	it('offers the keys of spec that are not present yet', async () => {
		const items = await complete(`${HEAD}spec:\n  hosts: [a]\n  |`);
		const l = labels(items);
		assert.ok(l.includes('http'));
		assert.ok(l.includes('gateways'));
		assert.ok(!l.includes('hosts'));
		const http = items.find((i) => i.label === 'http');
		assert.equal(http?.insertText, 'http:\n  - ${1}');
		assert.equal(http?.snippet, true);
	});
	it('puts required keys first and fills their structure', async () => {
		const items = await complete(`${HEAD}spec:\n  http:\n  - route:\n    - |`);
		assert.equal(items[0]?.label, 'destination');
		assert.match(items[0]?.detail ?? '', /required/);
		// Continuation lines are relative to the line's indentation (4), the key sits at 6.
		assert.equal(items[0]?.insertText, 'destination:\n    host: ${1}');
	});
	it('offers the keys of an object value on the line below its key', async () => {
		const text = `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  host: reviews\n  trafficPolicy: |`;
		const items = await complete(text);
		const lb = items.find((i) => i.label === 'loadBalancer');
		assert.equal(lb?.insertText, '\n  loadBalancer:\n    ${1}');
		// The blank after the colon is replaced, so no trailing space stays on the key line.
		const colon = text.indexOf('trafficPolicy:') + 'trafficPolicy:'.length;
		assert.deepEqual(lb?.range, { start: colon, end: colon + 1 });
		const subsets = await complete(
			'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nspec:\n  subsets:|',
		);
		assert.equal(subsets[0]?.label, 'name');
		assert.equal(subsets[0]?.insertText, '\n  - name: ${1}');
	});
	it('completes a partially typed key and keeps the replace range on the word', async () => {
		const text = `${HEAD}spec:\n  ht|`;
		const items = await complete(text);
		const http = items.find((i) => i.label === 'http');
		const start = text.indexOf('ht|');
		assert.deepEqual(http?.range, { start, end: start + 2 });
	});
	it('inserts only the name over an existing key', async () => {
		const items = await complete(`${HEAD}spec:\n  ht|tp:\n  - route: []\n`);
		assert.equal(items.find((i) => i.label === 'http')?.insertText, 'http');
		assert.equal(items.find((i) => i.label === 'http')?.snippet, false);
	});
	it('offers enum values and booleans', async () => {
		const mode = await complete(
			'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nspec:\n  mtls:\n    mode: |',
		);
		assert.deepEqual(labels(mode).sort(), ['DISABLE', 'PERMISSIVE', 'STRICT', 'UNSET']);
		const tight = await complete(
			'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nspec:\n  mtls:\n    mode:|',
		);
		assert.equal(tight.find((i) => i.label === 'STRICT')?.insertText, ' STRICT');
		const bool = await complete(
			`${HEAD}spec:\n  http:\n  - corsPolicy:\n      allowCredentials: |`,
		);
		assert.deepEqual(labels(bool), ['true', 'false']);
	});
	it('offers enum values of scalar sequence items', async () => {
		const items = await complete(
			'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nspec:\n  rules:\n  - filters:\n    - cors:\n        allowMethods:\n        - |',
		);
		assert.ok(labels(items).includes('GET'));
	});
	it('works in flow style', async () => {
		const keys = await complete(
			`${HEAD}spec:\n  http:\n  - route:\n    - destination: {host: a, |}`,
		);
		assert.ok(labels(keys).includes('subset'));
		assert.ok(!labels(keys).includes('host'));
		assert.equal(keys.find((i) => i.label === 'port')?.insertText, 'port: {${1}}');
		const values = await complete(
			'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nspec: {mtls: {mode: |}}',
		);
		assert.ok(labels(values).includes('STRICT'));
	});
	it('keeps nested indentation relative to the key', async () => {
		const items = await complete(
			'apiVersion: policy.linkerd.io/v1alpha1\nkind: AuthorizationPolicy\nspec:\n  |',
		);
		const target = items.find((i) => i.label === 'targetRef');
		assert.equal(target?.insertText, 'targetRef:\n  kind: ${1}\n  name: ${2}');
		assert.ok(items[0]?.sortText.startsWith('0'));
	});
	it('starts a new list item below a list of objects', async () => {
		const items = await complete(`${HEAD}spec:\n  http:\n    |`);
		const route = items.find((i) => i.label === 'route');
		// Lines after the first sit under the key, two columns right of the dash.
		assert.equal(route?.insertText, '- route:\n    - destination:\n        host: ${1}');
		assert.equal(route?.filterText, 'route');
		const typed = await complete(`${HEAD}spec:\n  http:\n  - name: a\n  - name: b\n  ro|`);
		// At the column of `http`, a new key of spec is being typed, not a list item.
		assert.ok(labels(typed).includes('hosts'));
		assert.ok(!labels(typed).includes('route'));
	});
	it('completes apiVersion and kind values', async () => {
		const versions = await complete('apiVersion: |\nkind: VirtualService\n');
		assert.ok(labels(versions).includes('networking.istio.io/v1'));
		assert.ok(labels(versions).includes('networking.istio.io/v1alpha3'));
		assert.ok(!labels(versions).includes('policy.linkerd.io/v1beta3'));
		const kinds = await complete('apiVersion: policy.linkerd.io/v1beta3\nkind: |');
		assert.ok(labels(kinds).includes('Server'));
		assert.ok(!labels(kinds).includes('VirtualService'));
		const start = await complete('apiVersion: networking.ist|');
		assert.ok(labels(start).includes('networking.istio.io/v1'));
		const keys = await complete('|');
		assert.ok(keys.length > 100);
		assert.deepEqual(labels(await complete('kind: VirtualService\n|')), ['apiVersion']);
		assert.deepEqual(await complete('name: ci\non: push\n|'), []);
	});
	it('offers a complete starter for every kind in an empty document', async () => {
		const items = await complete(`${HEAD}spec: {}\n---\n|`);
		const index = JSON.parse(
			readFileSync(join(process.cwd(), 'data/catalog/schemas/index.json'), 'utf8'),
		) as { groups: Record<string, { kinds: Record<string, string[]> }> };
		const count = Object.values(index.groups).reduce(
			(n, g) => n + Object.keys(g.kinds).length,
			0,
		);
		assert.equal(items.length, count);
		for (const i of items) {
			assert.equal(i.kind, 'starter');
			const rendered = i.insertText
				.replace(/\$\{\d+(?::([^}]*))?\}/g, 'x')
				.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1');
			const m = parseManifest(rendered);
			assert.equal(m.documents[0]?.kind, i.label, i.insertText);
			assert.equal(m.documents[0]?.ast?.errors.length, 0, i.insertText);
		}
		const vs = items.find(
			(i) => i.label === 'VirtualService' && i.detail.startsWith('networking'),
		);
		assert.match(
			vs?.insertText ?? '',
			/^apiVersion: networking\.istio\.io\/v1\nkind: VirtualService\nmetadata:\n {2}name: /,
		);
	});
	it('stays quiet outside mesh manifests and on bad input', async () => {
		assert.deepEqual(await complete('apiVersion: apps/v1\nkind: Deployment\nspec:\n  |'), []);
		assert.deepEqual(await complete('apiVersion: v1\nkind: Service\n---\n|'), []);
		assert.deepEqual(
			await complete(
				`${HEAD}spec:\n  http:\n    - route:\n      - destination:\n          host: {{ | }}`,
			),
			[],
		);
		assert.deepEqual(
			await complete('apiVersion: networking.istio.io/v1\nkind: Nope\nspec:\n  |'),
			[],
		);
		await complete('- - - |');
		await complete('{{|');
		await complete(': : |');
	});
});

describe('the complete command', () => {
	async function run(args: string[]) {
		let stdout = '';
		const code = await completeCommand({
			args,
			dataDir: join(process.cwd(), 'data'),
			cwd: join(process.cwd(), 'test', 'fixtures', 'assist'),
			stdout: (t) => (stdout += t),
			stderr: () => undefined,
		});
		return { code, stdout };
	}
	it('prints the JSON shape with 1-based positions', async () => {
		// Line 16 is `    mode: STRICT`; column 11 is the start of the value.
		const r = await run(['mixed-helm.yaml.txt:16:11', '--format', 'json']);
		assert.equal(r.code, 0);
		const items = JSON.parse(r.stdout) as Record<string, string>[];
		assert.ok(items.some((i) => i.label === 'PERMISSIVE'));
		assert.ok(items.every((i) => Object.keys(i).join() === 'label,kind,detail,insertText'));
		const keys = await run(['mixed-helm.yaml.txt:17:3', '--format', 'json']);
		const labels = (JSON.parse(keys.stdout) as { label: string }[]).map((i) => i.label);
		assert.ok(labels.includes('selector'));
		assert.ok(!labels.includes('mtls'));
	});
	it('prints a plain list by default and nothing outside mesh documents', async () => {
		const r = await run(['mixed-helm.yaml.txt:16:11']);
		assert.match(r.stdout, /^STRICT\tvalue\t/m);
		const none = await run(['kustomize.yaml:3:3', '--format', 'json']);
		assert.equal(none.stdout.trim(), '[]');
	});
});

describe('completion on a blank line under an open key, cursor not indented', () => {
	it('offers the keys of spec, indented, before the remaining top-level keys', async () => {
		const items = await complete(`${HEAD}spec:\n|`);
		const specKeys = items.filter((i) => i.detail.endsWith('· in spec'));
		const l = labels(specKeys);
		for (const k of ['hosts', 'http', 'gateways', 'tcp', 'tls']) assert.ok(l.includes(k), k);
		// Inserted two columns in, with nested lines indented to match.
		const hosts = specKeys.find((i) => i.label === 'hosts');
		assert.equal(hosts?.insertText, '  hosts:\n    - ${1}');
		assert.equal(hosts?.filterText, 'hosts');
		const http = specKeys.find((i) => i.label === 'http');
		assert.equal(http?.insertText, '  http:\n    - ${1}');
		// The keys of spec sort before what fits at column 0; present root keys are not offered.
		const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText));
		assert.ok(sorted[0]?.detail.endsWith('· in spec'), sorted[0]?.label);
		const rootKeys = items.filter((i) => !i.detail.includes('· in '));
		for (const present of ['apiVersion', 'kind', 'metadata', 'spec'])
			assert.ok(!labels(rootKeys).includes(present), present);
		// Required keys of nested structure are filled with the extra indentation.
		const dr = await complete(
			'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n|',
		);
		assert.equal(dr.find((i) => i.label === 'host')?.insertText, '  host: ${1}');
	});

	it('inserts a list item under a list key and works below comments and deeper keys', async () => {
		const items = await complete(`${HEAD}spec:\n  http:\n  # routes\n|`);
		const route = items.find((i) => i.label === 'route' && i.detail.endsWith('· in http'));
		assert.ok(route, labels(items).join());
		assert.match(route.insertText, /^ {4}- route:/);
		// At the open key's own column: its children, then its siblings.
		const same = await complete(`${HEAD}spec:\n  http:\n  |`);
		assert.ok(same.some((i) => i.label === 'route' && i.insertText.startsWith('  - route:')));
		assert.ok(same.some((i) => i.label === 'gateways' && !i.detail.includes('· in ')));
	});

	it('leaves out the children already written below and follows their indentation', async () => {
		const items = await complete(`${HEAD}spec:\n|\n    hosts: [a]\n    http: []\n`);
		const below = items.filter((i) => i.detail.endsWith('· in spec'));
		assert.ok(below.length > 0);
		assert.ok(!labels(below).includes('hosts') && !labels(below).includes('http'));
		assert.equal(
			below.find((i) => i.label === 'gateways')?.insertText,
			'    gateways:\n      - ${1}',
		);
	});

	it('changes nothing where the line is indented under the key or the key has a value', async () => {
		const indented = await complete(`${HEAD}spec:\n  |`);
		assert.ok(indented.every((i) => !i.detail.includes('· in ')));
		assert.equal(indented.find((i) => i.label === 'hosts')?.insertText, 'hosts:\n  - ${1}');
		const valued = await complete(`${HEAD}spec: {}\n|`);
		assert.ok(valued.every((i) => !i.detail.includes('· in ')));
		const text = await complete(`${HEAD}spec:\n  hosts: [a]\n|`);
		assert.ok(text.every((i) => !i.detail.includes('· in ')));
	});
});
