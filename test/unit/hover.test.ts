import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { explain, kinds } from '../../src/cli/assist';
import { UsageError, type CliIo } from '../../src/cli/io';
import { hoverAt } from '../../src/core';
import { Catalog } from '../../src/core';
import { parseManifest } from '../../src/core';
import { loadBuiltin, smallDataset } from './helpers';

function repoCatalog(): Catalog {
	return new Catalog((path) => {
		const file = join(process.cwd(), 'data', 'catalog', path);
		return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
	});
}

const catalog = repoCatalog();

async function hover(marked: string, cat = catalog) {
	const offset = marked.indexOf('|');
	const text = marked.slice(0, offset) + marked.slice(offset + 1);
	return hoverAt(parseManifest(text), offset, cat, undefined);
}

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - retries:
      attempts: 3
    route:
    - destination:
        host: reviews
`;

function mark(text: string, needle: string, shift = 1): string {
	const i = text.indexOf(needle);
	assert.ok(i >= 0, needle);
	return text.slice(0, i + shift) + '|' + text.slice(i + shift);
}

describe('hover', () => {
	it('describes a key with type, requiredness, docs link and path', async () => {
		const h = await hover(mark(VS, 'host: reviews'));
		assert.ok(h);
		assert.equal(h.path, 'spec.http[].route[].destination.host');
		assert.equal(h.type, 'string');
		assert.match(h.markdown, /\*\*host\*\* · `string` · required/);
		assert.match(h.markdown, /istio\.io/);
		assert.equal(h.apiVersion, 'networking.istio.io/v1');
		assert.equal(h.kind, 'VirtualService');
	});
	it('links the feature a field implements and shows other meshes', async () => {
		const { dataset } = smallDataset();
		const offset = VS.indexOf('retries:') + 2;
		const h = await hoverAt(parseManifest(VS), offset, catalog, dataset);
		assert.ok(h);
		assert.equal(h.path, 'spec.http[].retries');
		const link = `command:meshlens.openComparison?${encodeURIComponent(JSON.stringify([{ feature: 'retries' }]))}`;
		assert.ok(h.markdown.includes(link), h.markdown);
		assert.match(h.markdown, /Retries/);
		assert.match(h.markdown, /BETA/);
	});
	it('explains the resource on apiVersion and kind', async () => {
		for (const needle of ['apiVersion', 'VirtualService', 'kind:']) {
			const h = await hover(mark(VS, needle, 2));
			assert.ok(h, needle);
			assert.equal(h.type, 'resource');
			assert.match(
				h.markdown,
				/\*\*VirtualService\*\* · `networking\.istio\.io\/v1` · Istio/,
			);
			assert.match(h.markdown, /Served versions: `v1`/);
			assert.ok(h.markdown.includes(encodeURIComponent('{"mesh":"istio"}')));
		}
	});
	it('explains an enum value', async () => {
		const text = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
spec:
  mtls:
    mode: STRICT
`;
		const h = await hover(mark(text, 'STRICT', 2));
		assert.ok(h);
		assert.equal(h.path, 'spec.mtls.mode');
		assert.match(h.markdown, /\*\*`STRICT`\*\*/);
		assert.match(h.markdown, /Allowed values: .*`PERMISSIVE`/);
		const bad = await hover(mark(text.replace('STRICT', 'STRICTLY'), 'STRICTLY', 2));
		assert.match(bad?.markdown ?? '', /not an allowed value/);
	});
	it('shows map values, defaults and one-of groups', async () => {
		const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  labels:
    app: x
spec:
  trafficPolicy:
    loadBalancer:
      simple: ROUND_ROBIN
  subsets:
  - name: v1
    labels:
      version: v1
`;
		const lb = await hover(mark(text, 'simple'));
		assert.match(lb?.markdown ?? '', /Set at most one of this and/);
		const label = await hover(mark(text, 'version: v1'));
		assert.equal(label?.path, 'spec.subsets[].labels.*');
		const meta = await hover(mark(text, 'app: x'));
		assert.equal(meta?.path, 'metadata.labels.*');
		const labels = await hover(mark(text, 'labels:'));
		assert.equal(labels?.type, 'map[string]string');
	});
	it('works per document in a multi-document file', async () => {
		const text = `apiVersion: v1
kind: Service
metadata:
  name: a
---
apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata:
  name: s
spec:
  podSelector: {}
  port: http
`;
		assert.equal(await hover(mark(text, 'name: a')), undefined);
		const h = await hover(mark(text, 'port: http'));
		assert.equal(h?.path, 'spec.port');
		assert.equal(h?.type, 'int-or-string');
	});
	it('returns nothing for unknown kinds, unknown keys and bad input', async () => {
		assert.equal(
			await hover('apiVersion: networking.istio.io/v1\nkind: Nope\nspec:\n  ho|sts: []\n'),
			undefined,
		);
		assert.equal(
			await hover(
				'apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  nope|: 1\n',
			),
			undefined,
		);
		assert.equal(await hover('{{ | }}'), undefined);
		assert.equal(await hover('|'), undefined);
	});
	it('falls back to structure when the docs file is missing or broken', async () => {
		for (const docs of [undefined, 'kinds: [ {{ broken', 'just a string']) {
			const cat = new Catalog((path) =>
				path.startsWith('docs/')
					? Promise.resolve(docs)
					: Promise.resolve(
							readFileSync(join(process.cwd(), 'data', 'catalog', path), 'utf8'),
						),
			);
			const h = await hover(mark(VS, 'host: reviews'), cat);
			assert.match(h?.markdown ?? '', /No description yet/);
		}
	});
	it('links docs for kinds our docs files do not cover yet', async () => {
		const { dataset } = loadBuiltin();
		const text = 'apiVersion: cilium.io/v2\nkind: CiliumNode\nspec:\n  ipam: {}\n';
		const h = await hoverAt(parseManifest(text), 2, catalog, dataset);
		assert.match(
			h?.markdown ?? '',
			/\[Cilium Service Mesh docs\]\(https:\/\/docs\.cilium\.io\//,
		);
		const gw =
			'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nspec:\n  controllerName: x\n';
		const g = await hoverAt(
			parseManifest(gw),
			gw.indexOf('controllerName') + 1,
			catalog,
			dataset,
		);
		assert.match(g?.markdown ?? '', /gateway-api\.sigs\.k8s\.io/);
	});
	it('shows structure for kinds without our descriptions (Kuma, Consul, Cilium, App Mesh)', async () => {
		const cases = [
			['kuma.io/v1alpha1', 'MeshTimeout', 'targetRef'],
			['consul.hashicorp.com/v1alpha1', 'ServiceDefaults', 'protocol'],
			['cilium.io/v2', 'CiliumNetworkPolicy', 'endpointSelector'],
			['appmesh.k8s.aws/v1beta2', 'VirtualNode', 'listeners'],
		];
		for (const [apiVersion, kind, key] of cases) {
			const h = await hover(
				`apiVersion: ${apiVersion}\nkind: ${kind}\nspec:\n  ${key}|: x\n`,
			);
			assert.equal(h?.path, `spec.${key}`, kind);
		}
	});
});

/** Runs a CLI command with captured output, against the repository's data folder. */
async function runCli(command: (io: CliIo) => Promise<number>, args: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await command({
		args,
		dataDir: join(process.cwd(), 'data'),
		cwd: join(process.cwd(), 'test', 'fixtures', 'assist'),
		stdout: (t) => (stdout += t),
		stderr: (t) => (stderr += t),
	});
	return { code, stdout, stderr };
}

describe('hover on fixtures and the explain and kinds commands', () => {
	it('explains a key in a Helm-templated document (1-based positions)', async () => {
		const r = await runCli(explain, ['mixed-helm.yaml.txt:16:6', '--format', 'json']);
		assert.equal(r.code, 0, r.stderr);
		const out = JSON.parse(r.stdout) as Record<string, string>;
		assert.equal(out.apiVersion, 'security.istio.io/v1');
		assert.equal(out.kind, 'PeerAuthentication');
		assert.equal(out.path, 'spec.mtls.mode');
		assert.equal(out.type, 'string');
		assert.match(out.markdown ?? '', /STRICT/);
	});
	it('prints markdown by default and null or an error where there is nothing', async () => {
		const md = await runCli(explain, ['mixed-helm.yaml.txt:27:4']);
		assert.equal(md.code, 0);
		assert.match(md.stdout, /^\*\*port\*\*/);
		const none = await runCli(explain, ['mixed-helm.yaml.txt:4:4', '--format=json']);
		assert.equal(none.stdout.trim(), 'null');
		const mdNone = await runCli(explain, ['mixed-helm.yaml.txt:4:4']);
		assert.equal(mdNone.code, 1);
		await assert.rejects(runCli(explain, ['mixed-helm.yaml.txt']), UsageError);
		await assert.rejects(runCli(explain, ['mixed-helm.yaml.txt:0:1']), UsageError);
		await assert.rejects(runCli(explain, ['x:1:1', '--format', 'html']), UsageError);
		await assert.rejects(runCli(explain, ['missing.yaml:1:1']));
	});
	it('handles CRLF and a BOM', async () => {
		const r = await runCli(explain, ['crlf-bom.yaml.txt:9:9', '--format', 'json']);
		const out = JSON.parse(r.stdout) as Record<string, string>;
		assert.equal(out.path, 'spec.trafficPolicy.tls.mode');
		// Column 1 is the first character after the byte-order mark, as in an editor.
		const kind = await runCli(explain, ['crlf-bom.yaml.txt:1:1', '--format', 'json']);
		assert.equal((JSON.parse(kind.stdout) as Record<string, string>).type, 'resource');
		const end = await runCli(explain, ['crlf-bom.yaml.txt:1:10', '--format', 'json']);
		assert.equal((JSON.parse(end.stdout) as Record<string, string>).path, 'apiVersion');
	});
	it('says nothing inside kustomize patches', async () => {
		const text = readFileSync(
			join(process.cwd(), 'test', 'fixtures', 'assist', 'kustomize.yaml'),
			'utf8',
		);
		const m = parseManifest(text);
		for (let o = 0; o <= text.length; o++) {
			assert.equal(await hoverAt(m, o, catalog, undefined), undefined, `offset ${o}`);
		}
	});
	it('lists every kind', async () => {
		const r = await runCli(kinds, ['--format', 'json']);
		const list = JSON.parse(r.stdout) as { apiVersion: string; kind: string; mesh: string }[];
		assert.ok(
			list.some(
				(k) => k.apiVersion === 'networking.istio.io/v1alpha3' && k.kind === 'Sidecar',
			),
		);
		assert.ok(list.some((k) => k.kind === 'GRPCRoute' && k.mesh === 'gateway-api'));
		assert.ok(list.every((k) => Object.keys(k).join() === 'apiVersion,kind,mesh'));
		const text = await runCli(kinds, []);
		assert.match(text.stdout, /^APIVERSION\s+KIND\s+MESH\n/);
		assert.equal(text.stdout.trim().split('\n').length, list.length + 1);
	});
});
