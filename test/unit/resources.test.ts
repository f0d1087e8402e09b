import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TreeNode } from '../../src/core';
import {
	buildResourceTree,
	countMeshResources,
	excludeGlob,
	expandBraces,
	findMeshResources,
	isKubernetesGroup,
	meshGroupIndex,
	parseRevealTarget,
	type FoundResource,
	type MeshKinds,
	type ResourceFile,
} from '../../src/core';
import { ROOT, loadBuiltin } from './helpers';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v2
`;

const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: "canary"
`;

const brief = (r: FoundResource): string =>
	`${r.kind} ${r.name}${r.namespace ? `.${r.namespace}` : ''} #${r.documentIndex}`;

/** The text a range covers, for checking positions against the source. */
function slice(
	text: string,
	r: { start: { line: number; character: number }; end: typeof r.start },
) {
	const lines = text.split(/\r?\n/);
	if (r.start.line === r.end.line) {
		return lines[r.start.line]?.slice(r.start.character, r.end.character);
	}
	return undefined;
}

describe('findMeshResources', () => {
	it('reads apiVersion, kind, name, namespace and positions of one document', () => {
		const [r, ...rest] = findMeshResources(VS);
		assert.equal(rest.length, 0);
		assert.ok(r);
		assert.equal(r.apiVersion, 'networking.istio.io/v1');
		assert.equal(r.group, 'networking.istio.io');
		assert.equal(r.kind, 'VirtualService');
		assert.equal(r.name, 'reviews');
		assert.equal(r.namespace, 'bookinfo');
		assert.equal(r.documentIndex, 0);
		assert.deepEqual(r.range.start, { line: 0, character: 0 });
		assert.deepEqual(r.nameRange, {
			start: { line: 3, character: 8 },
			end: { line: 3, character: 15 },
		});
	});

	it('finds every mesh document of a multi-document file and skips plain Kubernetes', () => {
		const text = [
			VS,
			DEPLOYMENT,
			ROUTE,
			'apiVersion: v1\nkind: Service\nmetadata: {name: x}\n',
		].join('---\n');
		const found = findMeshResources(text);
		assert.deepEqual(found.map(brief), [
			'VirtualService reviews.bookinfo #0',
			'HTTPRoute canary #2',
		]);
		const route = found[1];
		assert.ok(route?.nameRange);
		// The quotes are not part of the selection.
		assert.equal(slice(text, route.nameRange), 'canary');
		// The document starts at its first key, after the `---` line.
		assert.equal(
			text.split('\n')[route.range.start.line],
			'apiVersion: gateway.networking.k8s.io/v1',
		);
		assert.equal(route.range.start.character, 0);
	});

	it('counts lines the same way with CRLF line ends', () => {
		const lf = [DEPLOYMENT, VS, ROUTE].join('---\n');
		const crlf = lf.replace(/\n/g, '\r\n');
		const a = findMeshResources(lf);
		const b = findMeshResources(crlf);
		assert.equal(b.length, 2);
		assert.deepEqual(
			b.map((r) => r.nameRange),
			a.map((r) => r.nameRange),
		);
		assert.deepEqual(
			b.map((r) => r.range.start),
			a.map((r) => r.range.start),
		);
		assert.equal(slice(crlf, b[0]?.nameRange ?? b[0]!.range), 'reviews');
	});

	it('ignores a byte-order mark, as the editor does', () => {
		const withBom = findMeshResources(`\uFEFF${VS}`);
		assert.deepEqual(withBom, findMeshResources(VS));
		assert.deepEqual(withBom[0]?.range.start, { line: 0, character: 0 });
	});

	it('keeps the good documents around malformed ones', () => {
		const text = [
			VS,
			'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: [broken\n',
			"kind: 'unterminated\n",
			'\t- tab: indented: nonsense\n',
			ROUTE,
		].join('---\n');
		assert.deepEqual(findMeshResources(text).map(brief), [
			'VirtualService reviews.bookinfo #0',
			'HTTPRoute canary #4',
		]);
	});

	it('skips Helm templates, whether or not they parse', () => {
		const helm = `{{- if .Values.enabled }}
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {{ include "app.fullname" . }}
{{- end }}
`;
		assert.deepEqual(findMeshResources(helm), []);
		const quoted = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: "{{ .Release.Name }}-vs"
  namespace: default
`;
		assert.deepEqual(findMeshResources(quoted), []);
		const kindTemplate = `apiVersion: networking.istio.io/v1\nkind: "{{ .Values.kind }}"\n`;
		assert.deepEqual(findMeshResources(kindTemplate), []);
		// A template in another document does not hide this one.
		assert.equal(findMeshResources(`${quoted}---\n${VS}`).length, 1);
	});

	it('does not expand an alias bomb', () => {
		const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
		for (let i = 0; i < 9; i++) {
			const prev = String.fromCharCode(97 + i);
			const next = String.fromCharCode(98 + i);
			lines.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
		}
		const bomb = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: bomb
  labels: *j
${lines.map((l) => `x${l}`).join('\n')}
${lines.join('\n')}
`;
		// An expanded bomb would be 9^9 nodes: the call would not return (no timing asserted here).
		const found = findMeshResources(bomb);
		// Either the alias is unresolved (an error, document skipped) or it is kept unexpanded.
		assert.ok(found.length <= 1);
		// Aliases where strings belong are not followed.
		const aliased = `x: &v networking.istio.io/v1\napiVersion: *v\nkind: VirtualService\nmetadata: {name: a}\n`;
		assert.deepEqual(findMeshResources(aliased), []);
	});

	it('handles huge input: thousands of documents and one enormous value', () => {
		const many = Array.from({ length: 3000 }, (_, i) =>
			VS.replace('name: reviews', `name: vs-${i}`),
		).join('---\n');
		const found = findMeshResources(many);
		assert.equal(found.length, 3000);
		assert.equal(found[2999]?.name, 'vs-2999');
		assert.equal(found[2999]?.documentIndex, 2999);

		const long = `${VS}  annotations:\n    blob: "${'x'.repeat(2_000_000)}"\n`;
		assert.equal(findMeshResources(long).length, 1);

		const deep = `apiVersion: a.b/v1\nkind: K\nspec: ${'['.repeat(50_000)}`;
		assert.deepEqual(findMeshResources(deep), []);
	});

	it('ignores binary junk, non-manifests, odd values and unknown shapes', () => {
		const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString(
			'latin1',
		);
		assert.deepEqual(findMeshResources(junk), []);
		assert.deepEqual(findMeshResources(`apiVersion: a.b/v1\nkind: K\x00\n`), []);
		assert.deepEqual(findMeshResources(''), []);
		assert.deepEqual(findMeshResources('just a string mentioning apiVersion'), []);
		assert.deepEqual(findMeshResources('- apiVersion: a.b/v1\n  kind: K\n'), []);
		assert.deepEqual(findMeshResources('apiVersion: 1\nkind: K\n'), []);
		assert.deepEqual(findMeshResources('apiVersion: a.b/v1\nkind: [K]\n'), []);
		assert.deepEqual(findMeshResources('apiVersion: "not a version"\nkind: K\n'), []);
		assert.deepEqual(findMeshResources('apiVersion: a.b/v1\nkind: Not A Kind\n'), []);
		assert.deepEqual(findMeshResources('apiVersion: a.b/v1\n'), []);
	});

	it('keeps a resource without a usable name, selecting the document start instead', () => {
		const found = findMeshResources(
			'apiVersion: a.b/v1\nkind: K\n---\napiVersion: a.b/v1\nkind: K\nmetadata:\n  name: 42\n',
		);
		assert.deepEqual(
			found.map((r) => [r.name, r.nameRange, r.range.start.line]),
			[
				['', undefined, 0],
				['', undefined, 3],
			],
		);
	});

	it('reads flow-style manifests and tolerates duplicate keys', () => {
		const found = findMeshResources(
			'{apiVersion: kuma.io/v1alpha1, kind: MeshTimeout, metadata: {name: t, namespace: kuma-system}}\n' +
				'---\napiVersion: kuma.io/v1alpha1\nkind: MeshTimeout\nkind: Other\nmetadata: {name: dup}\n',
		);
		assert.deepEqual(found.map(brief), ['MeshTimeout t.kuma-system #0', 'MeshTimeout dup #1']);
	});
});

describe('findMeshResources on the samples', () => {
	const samples = readdirSync(join(ROOT, 'samples'), { recursive: true })
		.map(String)
		.filter((f) => /\.ya?ml$/.test(f))
		.map((f) => readFileSync(join(ROOT, 'samples', f), 'utf8'));

	it('points every name range at the name', () => {
		let n = 0;
		for (const text of samples) {
			for (const r of findMeshResources(text)) {
				assert.ok(r.nameRange, `${r.kind} ${r.name} has a name range`);
				assert.equal(slice(text, r.nameRange), r.name);
				n++;
			}
		}
		assert.ok(n >= 10, `the samples hold mesh resources (${n})`);
	});

	it('never throws on randomly damaged samples, and keeps ranges inside the text', () => {
		// A fixed-seed generator keeps the test repeatable.
		let seed = 42;
		const random = (n: number): number => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed % n;
		};
		const noise = [
			'',
			'-',
			':',
			'{{',
			'}}',
			'"',
			"'",
			'\t',
			'\n',
			'---\n',
			'&a ',
			'*a',
			'[',
			'?',
			'\uFEFF',
		];
		for (let i = 0; i < 400; i++) {
			let text = samples[random(samples.length)] ?? '';
			for (let k = 0; k < 1 + random(6); k++) {
				const at = random(text.length + 1);
				const cut = random(4);
				text =
					text.slice(0, at) + (noise[random(noise.length)] ?? '') + text.slice(at + cut);
			}
			const lines = text.replace(/^\uFEFF/, '').split('\n');
			for (const r of findMeshResources(text)) {
				for (const p of [
					r.range.start,
					r.range.end,
					r.nameRange?.start,
					r.nameRange?.end,
				]) {
					if (!p) continue;
					assert.ok(p.line < lines.length, 'line inside the text');
					assert.ok(
						p.character <= (lines[p.line]?.length ?? 0),
						'character inside the line',
					);
				}
			}
		}
	});
});

describe('isKubernetesGroup', () => {
	it('treats built-in groups as Kubernetes and the Gateway API as not', () => {
		for (const g of ['', 'apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io']) {
			assert.equal(isKubernetesGroup(g), true, g);
		}
		for (const g of ['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io', 'kuma.io']) {
			assert.equal(isKubernetesGroup(g), false, g);
		}
	});
});

const mesh = (
	id: string,
	groups: string[],
	extra: Partial<Pick<MeshKinds, 'variantOf' | 'basedOn'>> = {},
): MeshKinds => ({
	id,
	name: id.charAt(0).toUpperCase() + id.slice(1),
	manifestKinds: groups.map((g) => ({ apiVersion: `${g}/v1`, kind: 'Thing' })),
	...extra,
});

describe('meshGroupIndex', () => {
	it('prefers a mesh of its own over variants and derived meshes, in any order', () => {
		const meshes = [
			mesh('ambient', ['networking.istio.io'], { variantOf: 'istio' }),
			mesh('acme', ['networking.istio.io', 'acme.example.com'], {
				basedOn: { mesh: 'istio' },
			}),
			mesh('istio', ['networking.istio.io', 'security.istio.io']),
		];
		for (const order of [meshes, [...meshes].reverse()]) {
			const of = meshGroupIndex({ meshes: order });
			assert.equal(of('networking.istio.io')?.id, 'istio');
			assert.equal(of('security.istio.io')?.id, 'istio');
			assert.equal(of('acme.example.com')?.id, 'acme');
			assert.equal(of('unknown.example.com'), undefined);
		}
	});

	it('always maps the Gateway API groups to the Gateway API', () => {
		const of = meshGroupIndex({ meshes: [mesh('istio', ['gateway.networking.k8s.io'])] });
		assert.deepEqual(of('gateway.networking.k8s.io'), {
			id: 'gateway-api',
			name: 'Gateway API',
		});
		assert.equal(of('gateway.networking.x-k8s.io')?.name, 'Gateway API');
	});

	it('maps the shipped dataset and the samples/ manifests to their meshes', () => {
		const of = meshGroupIndex(loadBuiltin().dataset);
		assert.equal(of('networking.istio.io')?.id, 'istio');
		assert.equal(of('security.istio.io')?.id, 'istio');
		assert.equal(of('kuma.io')?.id, 'kuma');
		assert.equal(of('consul.hashicorp.com')?.id, 'consul');
		const bookinfo = findMeshResources(
			readFileSync(join(ROOT, 'samples/istio/bookinfo-routing.yaml'), 'utf8'),
		);
		assert.ok(bookinfo.some((r) => r.kind === 'VirtualService' && r.name === 'reviews'));
		assert.ok(bookinfo.every((r) => of(r.group)?.id === 'istio'));
		const app = readFileSync(join(ROOT, 'samples/app/deployment.yaml'), 'utf8');
		assert.deepEqual(findMeshResources(app), []);
	});
});

describe('buildResourceTree', () => {
	const of = meshGroupIndex({
		meshes: [
			mesh('istio', ['networking.istio.io', 'security.istio.io']),
			mesh('linkerd', ['policy.linkerd.io', 'linkerd.io']),
		],
	});
	const file = (uri: string, ...texts: string[]): ResourceFile => ({
		uri,
		label: uri.replace('file:///ws/', ''),
		resources: findMeshResources(texts.join('---\n')),
	});
	const res = (group: string, kind: string, name: string, ns?: string): string =>
		`apiVersion: ${group}/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}`;
	const files = [
		file(
			'file:///ws/b.yaml',
			res('networking.istio.io', 'VirtualService', 'reviews', 'bookinfo'),
			res('networking.istio.io', 'DestinationRule', 'reviews', 'bookinfo'),
			res('gateway.networking.k8s.io', 'HTTPRoute', 'canary'),
			res('unknown.example.com', 'Widget', 'w'),
		),
		file(
			'file:///ws/a.yaml',
			res('networking.istio.io', 'VirtualService', 'details', 'bookinfo'),
			res('networking.istio.io', 'VirtualService', 'ratings-10'),
			res('networking.istio.io', 'VirtualService', 'ratings-9'),
			res('policy.linkerd.io', 'AuthorizationPolicy', 'authz'),
			res('security.istio.io', 'AuthorizationPolicy', 'deny-all', 'istio-system'),
		),
		file('file:///ws/empty.yaml'),
	];
	const tree = buildResourceTree(files, of);
	const shape = (nodes: readonly TreeNode[]): unknown =>
		nodes.map((n) =>
			n.children ? [`${n.label} (${n.description})`, shape(n.children)] : n.label,
		);

	it('groups mesh → kind → resource, sorted, with counts; unknown groups left out', () => {
		assert.deepEqual(shape(tree), [
			[
				'Istio (6)',
				[
					['AuthorizationPolicy (1)', ['deny-all · istio-system']],
					['DestinationRule (1)', ['reviews · bookinfo']],
					[
						'VirtualService (4)',
						['details · bookinfo', 'ratings-9', 'ratings-10', 'reviews · bookinfo'],
					],
				],
			],
			['Linkerd (1)', [['AuthorizationPolicy (1)', ['authz']]]],
			['Gateway API (1)', [['HTTPRoute (1)', ['canary']]]],
		]);
		assert.equal(countMeshResources(files, of), 8);
		assert.deepEqual(buildResourceTree([], of), []);
	});

	it('gives every node a unique id and resources a reveal command at the name', () => {
		const ids: string[] = [];
		const walk = (nodes: readonly TreeNode[]): void => {
			for (const n of nodes) {
				ids.push(n.id);
				walk(n.children ?? []);
			}
		};
		walk(tree);
		assert.equal(new Set(ids).size, ids.length);
		const reviews = tree[0]?.children?.[2]?.children?.[3];
		assert.equal(reviews?.description, 'b.yaml');
		assert.equal(reviews?.command?.command, 'meshlens.revealResource');
		assert.deepEqual(reviews?.command?.args, [
			{
				uri: 'file:///ws/b.yaml',
				range: { start: { line: 3, character: 8 }, end: { line: 3, character: 15 } },
			},
		]);
		assert.match(reviews?.tooltip ?? '', /b\\\.yaml, line 4/);
		assert.equal(tree[0]?.expanded, true);
	});

	it('collapses the selection to the document start when there is no name', () => {
		const [node] = buildResourceTree(
			[
				{
					uri: 'u',
					label: 'x.yaml',
					resources: findMeshResources('a: 1\n---\napiVersion: linkerd.io/v1\nkind: K\n'),
				},
			],
			of,
		);
		const leaf = node?.children?.[0]?.children?.[0];
		assert.equal(leaf?.label, '(no name)');
		assert.deepEqual(leaf?.command?.args, [
			{
				uri: 'u',
				range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
			},
		]);
	});

	it('tells apart kinds of the same name in two groups of one mesh', () => {
		const twoGroups = meshGroupIndex({
			meshes: [mesh('istio', ['networking.istio.io', 'security.istio.io', 'extra.istio.io'])],
		});
		const [node] = buildResourceTree(
			[
				file(
					'file:///ws/x.yaml',
					res('security.istio.io', 'AuthorizationPolicy', 'a'),
					res('extra.istio.io', 'AuthorizationPolicy', 'b'),
				),
			],
			twoGroups,
		);
		assert.deepEqual(
			node?.children?.map((k) => [k.label, k.description]),
			[
				['AuthorizationPolicy', '1 · extra.istio.io'],
				['AuthorizationPolicy', '1 · security.istio.io'],
			],
		);
	});
});

describe('excludeGlob', () => {
	it('joins the enabled keys of files.exclude and search.exclude', () => {
		assert.equal(
			excludeGlob(
				{
					'**/.git': true,
					'**/.DS_Store': true,
					'**/off': false,
					'**/*.js': { when: '$(basename).ts' },
				},
				{ '**/node_modules': true, '**/.git': true },
			),
			'{**/.git,**/.DS_Store,**/node_modules}',
		);
		assert.equal(excludeGlob({ '**/node_modules': true }), '**/node_modules');
		assert.equal(excludeGlob(undefined, null, { a: false }), undefined);
	});

	it('expands brace groups, which cannot nest in one glob', () => {
		assert.equal(
			excludeGlob({ '**/*.{js,map}': true, 'out/**': true }),
			'{**/*.js,**/*.map,out/**}',
		);
		assert.deepEqual(expandBraces('{a,b}/{c,{d,e}}'), [
			'a/c',
			'a/d',
			'a/e',
			'b/c',
			'b/d',
			'b/e',
		]);
		assert.deepEqual(expandBraces('broken/{a,b'), []);
		assert.deepEqual(expandBraces('a,b'), []);
		assert.equal(expandBraces('{a,b}'.repeat(20)).length, 256);
	});
});

describe('parseRevealTarget', () => {
	it('accepts the argument the tree passes and rejects anything without a uri', () => {
		const range = { start: { line: 3, character: 8 }, end: { line: 3, character: 15 } };
		assert.deepEqual(parseRevealTarget({ uri: 'file:///a.yaml', range }), {
			uri: 'file:///a.yaml',
			range,
		});
		for (const bad of [undefined, null, 'file:///a.yaml', {}, { uri: '' }, { uri: 42 }]) {
			assert.equal(parseRevealTarget(bad), undefined);
		}
	});

	it('falls back to the file start for a missing or malformed range', () => {
		const origin = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
		for (const range of [
			undefined,
			{ start: { line: -1, character: 0 }, end: { line: 0, character: 0 } },
			{ start: { line: 1.5, character: 0 }, end: { line: 2, character: 0 } },
			{ start: { line: '1', character: 0 }, end: { line: 2, character: 0 } },
		]) {
			assert.deepEqual(parseRevealTarget({ uri: 'u', range })?.range, origin);
		}
	});
});
