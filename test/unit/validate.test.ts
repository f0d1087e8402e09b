import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import {
	Catalog,
	closest,
	CODES,
	codeInfo,
	editDistance,
	parseManifest,
	applyChanges,
	resourceLabel,
	validate,
	ManifestCache,
	type Diagnostic,
	type QuickFix,
	type ValidateOptions,
} from '../../src/core';
import { catalog, loadBuiltin, plain } from './helpers';

async function check(text: string, options?: ValidateOptions): Promise<Diagnostic[]> {
	return validate(parseManifest(text), catalog, undefined, options);
}

/** A manifest read back as plain data (only the fields the tests look at). */
interface Plain {
	spec: {
		host?: string;
		http: Record<string, unknown>[];
		trafficPolicy: { loadBalancer: { warmup: unknown } };
	};
}
const parse = (text: string) => parseYaml(text) as Plain;

/** The text a diagnostic is ranged on. */
function at(text: string, d: Diagnostic | undefined): string {
	assert.ok(d, 'a diagnostic');
	return text.slice(d.start, d.end);
}

function codes(ds: readonly Diagnostic[]): string[] {
	return ds.map((d) => d.code);
}

/** Applies a fix's edits (snippet tab stops become their placeholder text). */
function apply(text: string, fix: QuickFix | undefined): string {
	assert.ok(fix, 'a fix');
	let out = text;
	for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) {
		let t = e.newText;
		if (fix.snippet)
			t = t
				.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
				.replace(/\$\{\d+:([^}]*)\}/g, '$1')
				.replace(/\$\{\d+\}/g, 'x');
		out = out.slice(0, e.start) + t + out.slice(e.end);
	}
	return out;
}

const VS = (http: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
${http}`;

const DR = (spec: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
${spec}`;

describe('validate: unknown fields (ML1001)', () => {
	it('flags a typo on the key, suggests the sibling and renames it', async () => {
		const text = VS(
			'  - retires:\n      attempts: 3\n    route:\n    - destination:\n        host: reviews\n',
		);
		const [d, ...rest] = await check(text);
		assert.deepEqual(rest, []);
		assert.equal(d?.code, 'ML1001');
		assert.equal(at(text, d), 'retires');
		assert.equal(d?.severity, 'error');
		assert.equal(d?.path, 'spec.http[0].retires');
		assert.match(d?.message ?? '', /did you mean "retries"\?/);
		const fixed = apply(text, d?.fixes?.[0]);
		assert.equal(d?.fixes?.[0]?.isPreferred, true);
		assert.deepEqual(await check(fixed), []);
	});
	it('accepts the right spelling and free-form maps, and offers nothing for far-off names', async () => {
		assert.deepEqual(await check(VS('  - retries:\n      attempts: 3\n')), []);
		const [d] = await check(VS('  - zzzzzzzz: 1\n'));
		assert.equal(d?.code, 'ML1001');
		assert.equal(d?.fixes, undefined);
		assert.equal(d?.data?.suggestion, undefined);
	});
	it('suggests camelCase for snake_case, and checks metadata', async () => {
		const text = DR(
			'  host: r\n  trafficPolicy:\n    connectionPool:\n      tcp:\n        max_connections: 1\n',
		);
		const [d] = await check(text);
		assert.equal(d?.data?.suggestion, 'maxConnections');
		const meta = `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\n  lables:\n    a: b\nspec:\n  host: r\n`;
		const [m] = await check(meta);
		assert.equal(m?.code, 'ML1001');
		assert.equal(m?.data?.suggestion, 'labels');
	});
	it('edit distance and closest', () => {
		assert.equal(editDistance('retires', 'retries'), 2);
		assert.equal(editDistance('abc', 'abc'), 0);
		assert.equal(closest('retires', ['route', 'retries', 'rewrite']), 'retries');
		assert.equal(closest('Timeout', ['timeout']), 'timeout');
		assert.equal(closest('xyz', ['timeout']), undefined);
	});
});

describe('validate: values', () => {
	it('ML1002 wrong type, on the value; numbers for strings get a quote fix', async () => {
		const text = VS('  - retries:\n      attempts: three\n');
		const [d] = await check(text);
		assert.equal(d?.code, 'ML1002');
		assert.equal(at(text, d), 'three');
		assert.match(d?.message ?? '', /expected an integer, got a string/);
		const t2 = DR('  host: 123\n');
		const [q] = await check(t2);
		assert.equal(q?.code, 'ML1002');
		assert.deepEqual(await check(apply(t2, q?.fixes?.[0])), []);
		assert.deepEqual(await check(VS('  - retries:\n      attempts: 3\n')), []);
	});
	it('ML1002 for a list where an object belongs, and for null', async () => {
		const text = DR('  host: r\n  trafficPolicy:\n  - a\n');
		const [d] = await check(text);
		assert.equal(d?.code, 'ML1002');
		assert.equal(at(text, d), 'trafficPolicy');
		const [n] = await check(DR('  host: r\n  trafficPolicy:\n'));
		assert.equal(n?.code, 'ML1002');
		assert.match(n?.message ?? '', /got null/);
	});
	it('accepts YAML 1.1 booleans and integers for int-or-string', async () => {
		const text = DR('  host: r\n  trafficPolicy:\n    tls:\n      insecureSkipVerify: yes\n');
		assert.deepEqual(await check(text), []);
	});
	it('ML1003 invalid enum lists the allowed values; fixes replace it, closest first', async () => {
		const text = DR(
			'  host: r\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBBIN\n',
		);
		const [d] = await check(text);
		assert.equal(d?.code, 'ML1003');
		assert.equal(at(text, d), 'ROUND_ROBBIN');
		assert.match(d?.message ?? '', /allowed: .*ROUND_ROBIN/);
		assert.ok(d?.data?.allowed?.includes('LEAST_REQUEST'));
		const first = d?.fixes?.[0];
		assert.equal(first?.title, 'Change to "ROUND_ROBIN"');
		assert.equal(first?.isPreferred, true);
		assert.equal(d?.fixes?.filter((f) => f.isPreferred).length, 1);
		assert.ok((d?.fixes?.length ?? 0) > 3);
		assert.deepEqual(await check(apply(text, first)), []);
	});
	it('ML1008 pattern, ML1010 range, ML1011 length', async () => {
		const ra = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: r
spec:
  jwtRules:
  - issuer: a
    outputClaimToHeaders:
    - header: ":authority"
      claim: sub
`;
		const [p] = await check(ra);
		assert.equal(p?.code, 'ML1008');
		assert.equal(at(ra, p), '":authority"');
		assert.deepEqual(await check(ra.replace('":authority"', 'x-sub')), []);
		const warm = DR(
			'  host: r\n  trafficPolicy:\n    loadBalancer:\n      warmup:\n        duration: 10s\n        minimumPercent: 150\n',
		);
		const [r] = await check(warm);
		assert.equal(r?.code, 'ML1010');
		assert.match(r?.message ?? '', /≤ 100/);
		assert.deepEqual(await check(warm.replace('150', '50')), []);
		const wasm = `apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata:
  name: w
spec:
  url: oci://example/x
  pluginName: ""
`;
		const [l] = await check(wasm);
		assert.equal(l?.code, 'ML1011');
		assert.deepEqual(await check(wasm.replace('""', 'p')), []);
	});
	it('ML1009 formats: CIDR and int32', async () => {
		const cidr = (v: string) =>
			`apiVersion: cilium.io/v2\nkind: CiliumCIDRGroup\nmetadata:\n  name: g\nspec:\n  externalCIDRs:\n  - ${v}\n`;
		const [d] = await check(cidr('10.0.0/8'));
		assert.equal(d?.code, 'ML1009');
		assert.deepEqual(await check(cidr('10.0.0.0/8')), []);
		assert.deepEqual(await check(cidr('"2001:db8::/32"')), []);
		const big = DR(
			'  host: r\n  trafficPolicy:\n    connectionPool:\n      http:\n        http2MaxRequests: 3000000000\n',
		);
		assert.deepEqual(codes(await check(big)), ['ML1009']);
	});
});

describe('validate: structure', () => {
	it('ML1004 missing required fields, with an indented snippet that repairs them', async () => {
		const text = DR(
			'  trafficPolicy:\n    loadBalancer:\n      warmup:\n        minimumPercent: 5\n',
		);
		const ds = await check(text);
		assert.deepEqual(codes(ds), ['ML1004', 'ML1004']);
		const [spec, warmup] = ds;
		assert.deepEqual(spec?.data?.missing, ['host']);
		assert.equal(at(text, warmup), 'warmup');
		assert.deepEqual(warmup?.data?.missing, ['duration']);
		const fix = warmup?.fixes?.[0];
		assert.equal(fix?.snippet, true);
		assert.match(fix?.edits[0]?.newText ?? '', /^ {8}duration: \$\{1\}\n$/);
		const once = apply(text, fix);
		const [again] = await check(once);
		assert.deepEqual(again?.data?.missing, ['host']);
		assert.equal(again?.start, spec?.start);
		const repaired = apply(once, again?.fixes?.[0]);
		assert.deepEqual(parse(repaired).spec.trafficPolicy.loadBalancer.warmup, {
			minimumPercent: 5,
			duration: 'x',
		});
		assert.equal(parse(repaired).spec.host, 'x');
		// Only the placeholder is left to fill in: "x" is no duration, which the CRD's CEL rule refuses.
		assert.deepEqual(
			(await check(repaired)).map((d) => `${d.code} ${d.path}`),
			['ML1015 spec.trafficPolicy.loadBalancer.warmup.duration'],
		);
	});
	it('never requires status or server-set metadata; name or generateName', async () => {
		const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  generateName: r-
  creationTimestamp: null
  uid: 1b2c
  annotations:
spec:
  host: r
status:
  anything: [1, 2]
`;
		assert.deepEqual(await check(text), []);
		const [d] = await check(text.replace('  generateName: r-\n', ''));
		assert.equal(d?.code, 'ML1006');
		assert.equal(d?.path, 'metadata');
	});
	it('ML1005 one-of on the second key', async () => {
		const text = VS('  - match:\n    - uri:\n        exact: /a\n        prefix: /b\n');
		const [d] = await check(text);
		assert.equal(d?.code, 'ML1005');
		assert.equal(at(text, d), 'prefix');
		assert.deepEqual(await check(VS('  - match:\n    - uri:\n        prefix: /b\n')), []);
	});
	it('ML1006 at least one of', async () => {
		const server = (sel: string) =>
			`apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata:\n  name: s\nspec:\n  port: http\n${sel}`;
		const [d] = await check(server(''));
		assert.equal(d?.code, 'ML1006');
		assert.match(d?.message ?? '', /"podSelector", "externalWorkloadSelector"/);
		assert.deepEqual(
			await check(server('  podSelector:\n    matchLabels:\n      app: a\n')),
			[],
		);
	});
	it('ML1007 duplicate key on the second one; the fix removes the whole entry', async () => {
		const text = VS('  - timeout: 5s\n    retries:\n      attempts: 2\n    timeout: 6s\n');
		const [d] = await check(text);
		assert.equal(d?.code, 'ML1007');
		assert.equal(text.slice(0, d?.start).split('\n').length, 12);
		const fixed = apply(text, d?.fixes?.[0]);
		assert.equal(parse(fixed).spec.http[0]?.timeout, '5s');
		assert.deepEqual(await check(fixed), []);
	});
	it('ML1012 item count, ML1013 property count, ML1014 duplicate list-map item', async () => {
		const refs = Array.from(
			{ length: 17 },
			(_, i) => `  - name: s${i}\n    kind: Service\n    group: ""`,
		).join('\n');
		const btls = `apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: b
spec:
  validation:
    hostname: a.example
    wellKnownCACertificates: System
  targetRefs:
${refs}
`;
		const ds = await check(btls);
		assert.deepEqual(codes(ds), ['ML1012']);
		assert.match(ds[0]?.message ?? '', /at most 16/);
		const pa = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: p\nspec:\n  selector:\n    matchLabels:\n      app: a\n  portLevelMtls: {}\n`;
		assert.deepEqual(codes(await check(pa)), ['ML1013']);
		const se = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: s
spec:
  hosts: [a.example]
  ports:
  - name: http
    number: 80
  - name: http
    number: 81
`;
		const [dup] = await check(se);
		assert.equal(dup?.code, 'ML1014');
		assert.equal(dup?.path, 'spec.ports[1]');
		assert.deepEqual(
			await check(se.replace(/name: http\n {4}number: 81/, 'name: http2\n    number: 81')),
			[],
		);
	});
});

describe('validate: resource identity and deprecation', () => {
	it('ML2001 unknown kind with a fix; ML2002 unserved version', async () => {
		const text =
			'apiVersion: networking.istio.io/v1\nkind: VirtualServce\nmetadata:\n  name: a\n';
		const [d] = await check(text);
		assert.equal(d?.code, 'ML2001');
		assert.equal(at(text, d), 'VirtualServce');
		assert.equal(apply(text, d?.fixes?.[0]).includes('kind: VirtualService'), true);
		const [v] = await check(
			'apiVersion: networking.istio.io/v2\nkind: VirtualService\nmetadata:\n  name: a\n',
		);
		assert.equal(v?.code, 'ML2002');
		assert.match(v?.message ?? '', /v1, /);
	});
	it('ML4001 deprecated field with a direct rewrite to its successor', async () => {
		const text = VS(
			'  - mirror:\n      host: m\n    mirrorPercent: 50\n    route:\n    - destination:\n        host: r\n',
		);
		const [d] = await check(text);
		assert.equal(d?.code, 'ML4001');
		assert.equal(d?.severity, 'warning');
		assert.equal(at(text, d), 'mirrorPercent');
		assert.equal(d?.data?.replacement, 'mirrorPercentage');
		const fixed = apply(text, d?.fixes?.[0]);
		assert.deepEqual(parse(fixed).spec.http[0]?.mirrorPercentage, { value: 50 });
		assert.deepEqual(await check(fixed), []);
		// No direct mapping (a string of seconds to an object): a warning without a fix.
		const w = DR(
			'  host: r\n  trafficPolicy:\n    loadBalancer:\n      warmupDurationSecs: "10s"\n',
		);
		const [dw] = await check(w);
		assert.equal(dw?.code, 'ML4001');
		assert.equal(dw?.fixes, undefined);
	});
	it('ML4002 deprecated API version', async () => {
		const text = `apiVersion: policy.linkerd.io/v1beta1\nkind: Server\nmetadata:\n  name: s\nspec:\n  port: http\n  podSelector:\n    matchLabels:\n      app: a\n`;
		const [d] = await check(text);
		assert.equal(d?.code, 'ML4002');
		assert.equal(at(text, d), 'policy.linkerd.io/v1beta1');
		assert.deepEqual(await check(text.replace('v1beta1', 'v1beta3')), []);
	});
});

describe('validate: syntax and noise', () => {
	it('ML9001 in a mesh document only', async () => {
		const text = VS('  - route: [a, b\n');
		const ds = await check(text);
		assert.ok(ds.length > 0);
		assert.ok(ds.every((d) => d.code === 'ML9001'));
		assert.deepEqual(await check('apiVersion: v1\nkind: ConfigMap\ndata: [a, b\n'), []);
	});
	it('ignores non-mesh documents entirely', async () => {
		const text =
			'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  retires: 3\n  foo: [1]\n';
		assert.deepEqual(await check(text), []);
	});
	it('Helm: templates and the values they produce give nothing; typed keys still count', async () => {
		const text = `{{- if .Values.enabled }}
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: {{ .Release.Name }}
  labels:
    {{- include "labels" . | nindent 4 }}
spec:
  host: "{{ .Values.host }}"
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: {{ .Values.max }}
    {{- if .Values.lb }}
    loadBalancer:
      simple: {{ .Values.lb }}
    {{- else }}
    loadBalancer:
      simple: RANDOM
    {{- end }}
{{- end }}
`;
		assert.deepEqual(await check(text), []);
		// Actions inside a value keep it one scalar; a list item made by a template stays an item.
		const inline = text
			.replace('name: {{ .Release.Name }}', 'name: {{ .Release.Name }}-{{ .Values.x }}')
			.replace(
				'  host: "{{ .Values.host }}"\n',
				'  host: x\n  exportTo:\n  - {{ .Values.ns }}\n',
			);
		assert.deepEqual(await check(inline), []);
		assert.deepEqual(codes(await check(inline.replace('exportTo', 'exportToo'))), ['ML1001']);
		const typo = text.replace('connectionPool:', 'conectionPool:');
		assert.deepEqual(codes(await check(typo)), ['ML1001']);
	});
	it('kustomize patches (partial): no required-field errors, other checks stay', async () => {
		const text = DR('  trafficPolicy:\n    loadBalancer:\n      simple: RANDOM\n');
		assert.deepEqual(codes(await check(text)), ['ML1004']);
		assert.deepEqual(await check(text, { partial: true }), []);
		const bad = text.replace('RANDOM', 'RANDUM');
		assert.deepEqual(codes(await check(bad, { partial: true })), ['ML1003']);
		const directive = DR('  $patch: replace\n  host: r\n');
		assert.deepEqual(await check(directive, { partial: true }), []);
	});
	it('takes (manifest, catalog, dataset?, options?) and still reads options in third place', async () => {
		const text = DR('  trafficPolicy:\n    loadBalancer:\n      simple: RANDOM\n');
		const m = parseManifest(text);
		const { dataset } = loadBuiltin();
		assert.ok(dataset);
		assert.deepEqual(codes(await validate(m, catalog, dataset)), ['ML1004']);
		assert.deepEqual(await validate(m, catalog, dataset, { partial: true }), []);
		assert.deepEqual(await validate(m, catalog, undefined, { partial: true }), []);
		// The earlier form: the options object as the third argument.
		assert.deepEqual(await validate(m, catalog, { partial: true }), []);
		assert.deepEqual(codes(await validate(m, catalog, {})), ['ML1004']);
	});
	it('survives aliases, anchors, merge keys and CRLF', async () => {
		const text = VS(
			'  - retries: &r\n      attempts: 3\n  - retries: *r\n    <<: {timeout: 5s}\n',
		).replace(/\n/g, '\r\n');
		assert.deepEqual(await check(text), []);
	});
	it('names the resource', () => {
		const m = parseManifest(
			'apiVersion: x/v1\nkind: K\nmetadata:\n  name: a\n  namespace: ns\n---\nkind: L\nmetadata:\n  name: b\n',
		);
		assert.equal(resourceLabel(m.documents[0]!), 'K ns/a');
		assert.equal(resourceLabel(m.documents[1]!), 'L b');
	});
});

describe('validate: after edits', () => {
	it('reuses unchanged documents and shifts their ranges and fixes', async () => {
		const doc = (n: string) => DR('  host: r\n  exportTox: [a]\n').replace('reviews', n);
		const text = `${doc('a')}---\n${doc('b')}---\n${doc('c')}`;
		const cache = new ManifestCache();
		const first = await validate(cache.get('f', 1, text), catalog);
		assert.equal(first.length, 3);
		// Insert a line into the first document: the other two move down by its length.
		const pos = text.indexOf('spec:') + 'spec:\n'.length;
		const insert = '  exportTo: [.]\n';
		const edited = text.slice(0, pos) + insert + text.slice(pos);
		const change = { rangeOffset: pos, rangeLength: 0, text: insert };
		const second = await validate(cache.get('f', 2, edited, [change]), catalog);
		const fresh = await validate(parseManifest(edited), catalog);
		assert.deepEqual(plain(second), plain(fresh));
		for (const d of second) assert.equal(at(edited, d), 'exportTox');
		assert.equal(second[2]?.start, (first[2]?.start ?? 0) + insert.length);
		assert.equal(second[2]?.fixes?.[0]?.edits[0]?.start, second[2]?.start);
		assert.equal(second[2]?.document, 2);
	});

	it('moves quick fixes on first read: right after any number of moves, in JSON, copies and rules', async () => {
		const bad = (n: string) =>
			DR(
				'  host: r\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBBIN\n',
			).replace('reviews', n);
		const plainDoc = DR('  host: r\n  exportTox: [a]\n  qqqqqqqq: 1\n').replace('reviews', 'p');
		let text = `${bad('a')}---\n${bad('b')}---\n${plainDoc}`;
		const cache = new ManifestCache();
		const rules = { 'unknown-field': 'warning', ML1003: 'warning' } as const;
		await validate(cache.get('f', 0, text), catalog);
		await validate(cache.get('f', 0, text), catalog, { rules });
		// Type into the first document, then delete, then type twice: the others move each time
		// and are never validated again; their fixes must follow every move.
		const name = text.indexOf('name: a') + 'name: a'.length;
		const edits = [
			{ rangeOffset: name, rangeLength: 0, text: 'xy' },
			{ rangeOffset: name, rangeLength: 1, text: '' },
			{ rangeOffset: 0, rangeLength: 0, text: '# top\n' },
			{ rangeOffset: name + 6, rangeLength: 0, text: 'zzz' },
		];
		for (const [n, ch] of edits.entries()) {
			text = applyChanges(text, [ch]);
			const m = cache.get('f', n + 1, text, [ch]);
			const got = await validate(m, catalog);
			const ruled = await validate(m, catalog, { rules });
			const fresh = await validate(parseManifest(text), catalog);
			assert.deepEqual(plain(got), plain(fresh), `edit ${n}`);
			assert.deepEqual(
				plain(ruled),
				plain(fresh.map((d) => ({ ...d, severity: 'warning' as const }))),
				`edit ${n}, with rules`,
			);
			// Every quick fix of the moved diagnostics replaces the text it was made for.
			const enums = got.filter((d) => d.code === 'ML1003');
			assert.equal(enums.length, 2);
			for (const d of [...enums, ...ruled.filter((r) => r.code === 'ML1003')]) {
				assert.ok((d.fixes?.length ?? 0) > 3, `edit ${n}: fixes of ${d.start}`);
				for (const f of d.fixes ?? [])
					for (const e of f.edits)
						assert.equal(text.slice(e.start, e.end), 'ROUND_ROBBIN');
			}
			// JSON has every field of a moved diagnostic, fixes included; plainDiagnostic too.
			assert.deepEqual(JSON.parse(JSON.stringify(got)), JSON.parse(JSON.stringify(fresh)));
			// A moved diagnostic without fixes is a plain object, equal to a fresh one as is.
			const unfixed = got.findIndex((d) => d.fixes === undefined);
			assert.equal(got[unfixed]?.message.includes('qqqqqqqq'), true);
			assert.equal(Object.getPrototypeOf(got[unfixed]), Object.prototype);
			assert.deepEqual(got[unfixed], fresh[unfixed]);
		}
	});
});

describe('validate: what a keystroke reuses', () => {
	const fresh = () =>
		new Catalog((path) => {
			const file = join(process.cwd(), 'data', 'catalog', path);
			return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
		});
	const text = [
		DR('  host: r\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBBIN\n'),
		VS('  - retires:\n      attempts: 3\n'),
		'apiVersion: networking.istio.io/v1\nkind: VirtualServise\nmetadata:\n  name: k\n',
		'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
		DR('  hots: r\n'),
	].join('---\n');

	it('gives the same before and after the catalog has loaded what a document needs', async () => {
		const c = fresh();
		// The first call waits for the catalog; the second finds everything loaded.
		const first = await validate(parseManifest(text), c);
		const second = await validate(parseManifest(text), c);
		assert.deepEqual(second, first);
		assert.deepEqual(codes(first), ['ML1003', 'ML1001', 'ML2001', 'ML1004', 'ML1001']);
		assert.deepEqual(
			second,
			await validate(parseManifest(text), fresh(), { incremental: false }),
		);
	});

	it('suggests each map its own field for the same typo, every time', async () => {
		const c = fresh();
		const typo = (under: 'vs' | 'dr') =>
			under === 'vs'
				? VS('  - retires:\n      attempts: 3\n').replace('hosts:', 'hostt:')
				: DR('  hostt: r\n');
		for (let n = 0; n < 3; n++) {
			const vs = await validate(parseManifest(typo('vs')), c);
			const dr = await validate(parseManifest(typo('dr')), c);
			assert.deepEqual(vs.map((d) => d.data?.suggestion).filter(Boolean), [
				'hosts',
				'retries',
			]);
			assert.deepEqual(dr.map((d) => d.data?.suggestion).filter(Boolean), ['host']);
		}
	});

	it('reuses the runs an edit left in place only for the manifest they belong to', async () => {
		// Two files through one catalog in turn, each edited so that runs move or stay: every
		// result must be the file's own, as validated from scratch.
		const c = fresh();
		const big = Array.from({ length: 150 }, (_, i) =>
			i % 7 === 3
				? DR('  hots: r\n').replace('reviews', `r${i}`)
				: VS('  - route: []\n').replace('reviews', `v${i}`),
		).join('---\n');
		const other = big.replaceAll('hots:', 'hostt:');
		const cache = new ManifestCache();
		let a = big;
		let b = other;
		await validate(cache.get('a', 0, a), c);
		await validate(cache.get('b', 0, b), c);
		const edits = [
			{ rangeOffset: 10, rangeLength: 0, text: 'x' },
			{ rangeOffset: 10, rangeLength: 1, text: '' },
			{ rangeOffset: Math.floor(big.length / 2), rangeLength: 1, text: 'q' },
			{ rangeOffset: 0, rangeLength: 0, text: '# a comment\n' },
			{ rangeOffset: big.length - 20, rangeLength: 0, text: '\n---\n' },
		];
		for (const [n, ch] of edits.entries()) {
			a = applyChanges(a, [ch]);
			const got = await validate(cache.get('a', n + 1, a, [ch]), c);
			const kept = [...got];
			// What a caller does with its list does not reach the next call's.
			got.reverse().push(got[0] as Diagnostic);
			// The same manifest again: nothing changed, the same results.
			const again = await validate(cache.get('a', n + 1, a), c);
			got.splice(0, got.length, ...kept);
			const gotB = await validate(cache.get('b', n + 1, b), c);
			b = applyChanges(b, [ch]);
			const movedB = await validate(cache.get('b', n + 2, b, [ch]), c);
			assert.deepEqual(
				plain(got),
				plain(await validate(parseManifest(a), fresh())),
				`a ${n}`,
			);
			assert.deepEqual(plain(again), plain(got), `a ${n}, again`);
			assert.ok(
				gotB.every((d) => !d.message.includes('"hots"')),
				`b ${n}`,
			);
			assert.deepEqual(
				plain(movedB),
				plain(await validate(parseManifest(b), fresh())),
				`b ${n}`,
			);
		}
	});
});

describe('validate: suppression and rules', () => {
	const typo = (extra = '', meta = '') =>
		`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\n${meta}spec:\n  host: r\n${extra}  trafic: 1\n`;
	it('# meshlens-disable-next-line, with and without codes', async () => {
		assert.deepEqual(codes(await check(typo())), ['ML1001']);
		assert.deepEqual(await check(typo('  # meshlens-disable-next-line\n')), []);
		assert.deepEqual(await check(typo('  # meshlens-disable-next-line ML1001\n')), []);
		assert.deepEqual(await check(typo('  # meshlens-disable-next-line unknown-field\n')), []);
		assert.deepEqual(
			codes(await check(typo('  # meshlens-disable-next-line ML1003, ML1004\n'))),
			['ML1001'],
		);
	});
	it('# meshlens-disable silences its own document only', async () => {
		const text = `# meshlens-disable ML1001\n${typo()}---\n${typo()}`;
		const ds = await check(text);
		assert.deepEqual(codes(ds), ['ML1001']);
		assert.equal(ds[0]?.document, 1);
		assert.deepEqual(await check(text, { suppressions: false }).then(codes), [
			'ML1001',
			'ML1001',
		]);
	});
	it('galley.istio.io/analyze-suppress on Istio resources (our codes or IST codes)', async () => {
		const ann = (v: string) => `  annotations:\n    galley.istio.io/analyze-suppress: "${v}"\n`;
		assert.deepEqual(await check(typo('', ann('IST0106'))), []);
		assert.deepEqual(await check(typo('', ann('ML1001'))), []);
		assert.deepEqual(codes(await check(typo('', ann('IST0101')))), ['ML1001']);
		const linkerd = `apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata:\n  name: s\n${ann('*')}spec:\n  port: http\n  podSelector: {}\n  bogus: 1\n`;
		assert.deepEqual(codes(await check(linkerd)), ['ML1001']);
	});
	it('per-code rules: off and severity overrides by code or name', async () => {
		assert.deepEqual(await check(typo(), { rules: { ML1001: 'off' } }), []);
		const [d] = await check(typo(), { rules: { 'unknown-field': 'info' } });
		assert.equal(d?.severity, 'info');
	});
});

describe('diagnostic codes registry', () => {
	it('is the README codes table, row for row', () => {
		const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
		const rows = readme
			.split('\n')
			.filter((l) => l.startsWith('| `ML'))
			.map((l) =>
				l
					.slice(1, -1)
					.split(/(?<!\\)\|/)
					.map((c) => c.trim().replace(/\\\|/g, '|')),
			);
		const expected = CODES.map((c) => [
			`\`${c.code}\``,
			c.severity,
			c.name,
			c.upstream
				? `[\`${c.upstream}\`](https://istio.io/latest/docs/reference/config/analysis/${c.upstream.toLowerCase()}/)`
				: '',
			c.meaning,
			c.example,
		]);
		assert.deepEqual(
			rows,
			expected,
			'README codes table differs from src/core/validate/codes.ts',
		);
	});
	it('has unique codes and names, and complete docs', () => {
		assert.equal(new Set(CODES.map((c) => c.code)).size, CODES.length);
		assert.equal(new Set(CODES.map((c) => c.name)).size, CODES.length);
		for (const c of CODES) {
			assert.match(c.code, /^ML\d{4}$/);
			assert.ok(c.meaning.length > 20 && c.fix.length > 10 && c.example.length > 5, c.code);
			assert.equal(codeInfo(c.name), c);
			assert.equal(codeInfo(c.code.toLowerCase()), c);
		}
	});
});
