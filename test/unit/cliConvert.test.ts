import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../src/cli/main';
import { ROOT, captured, type Captured } from './helpers';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'convert');

function run(args: string[], cwd = ROOT): Promise<Captured> {
	return captured((io) => runCli(['convert', ...args], { root: ROOT, cwd, env: {}, ...io }));
}

describe('meshlens convert', () => {
	it('prints the converted resources and exits 3 when something was lost', async () => {
		const { code, out, err } = await run([
			'--to',
			'gateway-api',
			join(FIXTURES, 'istio-ingress--gateway-api', 'input.yaml'),
		]);
		assert.equal(code, 3);
		const docs = parseAllDocuments(out).map((d) => d.toJS() as { kind: string });
		assert.deepEqual(
			docs.map((d) => d.kind),
			['Gateway', 'HTTPRoute', 'ReferenceGrant', 'TLSRoute'],
		);
		assert.match(
			err,
			/^lost {2}.*VirtualService shop\/shop spec\.http\[0\]\.fault: Gateway API has no fault injection/m,
		);
		assert.match(err, /^info {2}/m);
	});
	it('exits 0 when everything carried over', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'meshlens-convert-'));
		const file = join(dir, 'profile.yaml');
		writeFileSync(
			file,
			'apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata:\n  name: web.shop.svc.cluster.local\n  namespace: shop\nspec:\n  routes:\n    - name: list\n      condition: { method: GET, pathRegex: /list }\n      timeout: 1s\n',
		);
		const { code, out, err } = await run(['--to', 'linkerd', file, '--format', 'json']);
		assert.equal(code, 0, err);
		const json = JSON.parse(out) as {
			kind: string;
			spec: { rules: { timeouts: unknown }[] };
		}[];
		assert.equal(json[0]?.kind, 'HTTPRoute');
		assert.deepEqual(json[0]?.spec.rules[0]?.timeouts, { request: '1s' });
		assert.equal(err, '');
	});
	it('writes one output file per input file with --out', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'meshlens-convert-'));
		const { code, err } = await run([
			'--to',
			'istio',
			'--out',
			dir,
			join(FIXTURES, 'appmesh--istio', 'input.yaml'),
			join(FIXTURES, 'smi--istio', 'input.yaml'),
		]);
		assert.equal(code, 3);
		assert.deepEqual(readdirSync(dir).sort(), ['input-2.yaml', 'input.yaml']);
		assert.match(err, /wrote .*input\.yaml \(8 resources\)/);
		const kinds = parseAllDocuments(readFileSync(join(dir, 'input-2.yaml'), 'utf8')).map(
			(d) => (d.toJS() as { kind: string }).kind,
		);
		assert.deepEqual(kinds, ['HTTPRoute', 'AuthorizationPolicy', 'AuthorizationPolicy']);
	});
	it('reports documents it cannot read and still converts the rest', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'meshlens-convert-'));
		const file = join(dir, 'mixed.yaml');
		writeFileSync(
			file,
			'a: [1,\n---\nkind: Thing\n---\n' +
				readFileSync(join(FIXTURES, 'serviceprofile--linkerd', 'input.yaml'), 'utf8'),
		);
		const { code, out, err } = await run(['--to', 'linkerd', file]);
		assert.equal(code, 3);
		assert.match(err, /^skip {2}.*mixed\.yaml#1: /m);
		assert.match(err, /^skip {2}.*mixed\.yaml#2: not a Kubernetes resource/m);
		assert.match(out, /kind: HTTPRoute/);
	});
	it('takes folders: the YAML files below them, converted together, one output file each', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'meshlens-convert-'));
		mkdirSync(join(dir, 'in', 'deeper'), { recursive: true });
		// The VirtualService routes to subsets defined by a DestinationRule one folder down.
		const fixture = readFileSync(
			join(FIXTURES, 'istio-mesh--gateway-api', 'input.yaml'),
			'utf8',
		);
		const docs = fixture.split(/^---$/m);
		const rules = docs.filter((d) => /kind: DestinationRule/.test(d));
		assert.ok(rules.length >= 1, 'the fixture has DestinationRules');
		writeFileSync(
			join(dir, 'in', 'routes.yaml'),
			docs.filter((d) => !rules.includes(d)).join('---'),
		);
		writeFileSync(join(dir, 'in', 'deeper', 'rules.yml'), rules.join('---'));
		writeFileSync(join(dir, 'in', 'notes.txt'), 'not YAML');
		const together = await run(['--to', 'gateway-api', 'in/', '--out', 'out'], dir);
		assert.ok(together.code === 0 || together.code === 3, together.err);
		assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['routes.yaml', 'rules.yaml']);
		const apart = await run(['--to', 'gateway-api', 'in/routes.yaml'], dir);
		// Alone, the routes name subsets nobody defines; from the folder, the DestinationRule
		// below gives them their selectors.
		assert.match(apart.err, /its DestinationRule was not among the inputs/);
		assert.doesNotMatch(together.err, /its DestinationRule was not among the inputs/);
		assert.match(together.err, /rules\.yml#1 DestinationRule/);
		const empty = join(dir, 'empty');
		mkdirSync(empty);
		const none = await run(['--to', 'istio', 'empty'], dir);
		assert.equal(none.code, 1);
		assert.match(none.err, /empty holds no YAML files/);
	});
	it('rejects a missing or unknown target and a missing file', async () => {
		assert.equal((await run(['x.yaml'])).code, 2);
		const bad = await run(['--to', 'consul', 'x.yaml']);
		assert.equal(bad.code, 2);
		assert.match(
			bad.err,
			/--to must be one of gateway-api, istio, istio-ambient, linkerd, cilium/,
		);
		assert.equal((await run(['--to', 'istio'])).code, 2);
		const missing = await run(['--to', 'istio', 'no-such-file.yaml']);
		assert.equal(missing.code, 1);
		assert.match(missing.err, /no-such-file\.yaml does not exist/);
		assert.equal((await run(['--to', 'istio', '--format', 'xml', 'x.yaml'])).code, 2);
	});
});
