// Runs validation over every upstream example in ../shared/examples (every mesh) and over Istio's
// invalid CRD-validation fixtures. Skipped only when ../shared is absent (a fresh clone elsewhere).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseManifest, validate, type Diagnostic } from '../../src/core';
import { catalog } from './helpers';

const EXAMPLES = join(process.cwd(), '..', 'shared', 'examples');
const CRD_VALIDATION = join(EXAMPLES, 'istio', 'crd-validation');
const ISTIO_CRDS = join(process.cwd(), '..', 'shared', 'crds', 'istio', 'crd-all.gen.yaml');

function yamlFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true })
		.map(String)
		.filter((f) => /\.ya?ml$/.test(f))
		.sort()
		.map((f) => join(dir, f));
}

/**
 * Findings in upstream examples that are real mistakes (the API server rejects or drops the field),
 * each with the reason. Everything else must be silent, and each entry here must still be found.
 * Key: `<file relative to examples>:<line> <code>`.
 */
const TRUE_FINDINGS: Record<string, string> = {
	'appmesh/aws-app-mesh-examples/walkthroughs/howto-k8s-mtls-sds-based/v1beta2/manifest.template.yaml:47 ML1001':
		'App Mesh v1beta2 client TLS has `enforce`, `ports`, `certificate` and `validation`; `mode` is no field of it',
	'cilium/cilium/examples/policies/l7/http/http.yaml:15 ML1001':
		'the CRD field is `http`; the API server matches field names case-sensitively',
	'cilium/cilium/examples/policies/l7/kafka/kafka.yaml:3 ML1001':
		'`description` is no top-level field of CiliumNetworkPolicy (rules have spec.description)',
	'istio/analyzer-testdata/deprecation.yaml:8 ML1001':
		'istioctl fixture for removed fields: EnvoyFilter `workloadLabels` is gone from the CRD',
	'istio/analyzer-testdata/deprecation.yaml:11 ML1001':
		'istioctl fixture for removed fields: EnvoyFilter `filters` is gone from the CRD',
	'istio/analyzer-testdata/deprecation.yaml:26 ML4001':
		'istioctl fixture for deprecated fields: fault.delay.percent (successor: percentage)',
	'istio/analyzer-testdata/virtualservice_destinationhosts.yaml:53 ML1015':
		'istioctl fixture, never applied to a cluster: the ServiceEntry CRD rejects the host `*` (CEL rule "hostname cannot be wildcard")',
	'istio/analyzer-testdata/virtualservice_destinationhosts.yaml:97 ML1004':
		'istioctl fixture: an HTTP route without `destination`, which the CRD requires',
	'kuma/kuma-website/policies-introduction_new.yaml:15 ML1001':
		'MeshRetry puts numRetries under default.http / default.grpc / default.tcp, not default',
	'kuma/kuma-website/policies-introduction_new.yaml:16 ML1001':
		'MeshRetry puts backOff under default.http / default.grpc, not default',
	'kuma/kuma-website/policies-introduction_new.yaml:19 ML1001':
		'MeshRetry puts retryOn under default.http / default.grpc, not default',
	'kuma/kuma-website/policies-introduction_new.yaml:36 ML1001':
		'MeshRetry puts numRetries under default.http / default.grpc / default.tcp, not default',
	'kuma/kuma-website/resources-meshexternalservice.yaml:131 ML1004':
		'the MeshExternalService CRD requires endpoints[].port, also for a unix socket address',
	'kuma/kuma-website/resources-meshopentelemetrybackend.yaml:65 ML1001':
		'MeshAccessLog has no spec.default in either imported Kuma release (only targetRef, from, to, rules)',
	'linkerd/linkerd2/ipfamilies-policy.yaml:32 ML9001':
		'kept upstream as a parse-error fixture: a `{IPv6}` placeholder the Go test substitutes',
	'linkerd/website/docs-2-edge/reference-retries.yaml:23 ML2002':
		'GRPCRoute v1alpha2 is no longer served by the Gateway API CRDs (a warning: older bundled CRDs may still serve it)',
	'linkerd/website/docs-2-edge/tasks-adding-non-kubernetes-workloads.yaml:52 ML1007':
		'the docs page joins two resources without a `---`, so the keys repeat in one document',
	'linkerd/website/docs-2-edge/tasks-adding-non-kubernetes-workloads.yaml:53 ML1007':
		'same page: second `kind` in the same document',
	'linkerd/website/docs-2-edge/tasks-adding-non-kubernetes-workloads.yaml:54 ML1007':
		'same page: second `metadata` in the same document',
	'linkerd/website/docs-2-edge/tasks-adding-non-kubernetes-workloads.yaml:57 ML1007':
		'same page: second `spec` in the same document',
};

/** Deprecated API versions are reported as warnings wherever upstream docs still use them. */
const ALWAYS_TRUE = new Set(['ML4002']);

const MESHES = existsSync(EXAMPLES)
	? readdirSync(EXAMPLES).filter((m) => !m.includes('.') && m !== 'LICENSE')
	: [];

describe('validation over every upstream example: no false positives', () => {
	it('has examples for every mesh (skipped when ../shared is absent)', (t) => {
		if (!existsSync(EXAMPLES)) {
			t.skip('../shared/examples not present');
			return;
		}
		assert.ok(MESHES.length >= 8, MESHES.join(', '));
	});
	const found = new Set<string>();
	for (const mesh of MESHES) {
		it(mesh, async (t) => {
			const files = yamlFiles(join(EXAMPLES, mesh)).filter(
				(f) => !f.startsWith(CRD_VALIDATION),
			);
			assert.ok(files.length > 0);
			let documents = 0;
			let meshDocuments = 0;
			const unexpected: string[] = [];
			const warnings: string[] = [];
			for (const file of files) {
				const name = relative(EXAMPLES, file);
				const text = readFileSync(file, 'utf8');
				const manifest = parseManifest(text);
				documents += manifest.documents.length;
				for (const d of manifest.documents) {
					if (await catalog.kind(d.apiVersion, d.kind)) meshDocuments++;
				}
				for (const d of await validate(manifest, catalog)) {
					const line = manifest.lines.positionAt(d.start).line + 1;
					const key = `${name}:${line} ${d.code}`;
					if (ALWAYS_TRUE.has(d.code)) warnings.push(key);
					else if (TRUE_FINDINGS[key]) found.add(key);
					else unexpected.push(`${key} ${d.message}`);
				}
			}
			t.diagnostic(
				`${files.length} files, ${documents} documents, ${meshDocuments} mesh documents validated; ${warnings.length} deprecated-version warnings`,
			);
			assert.deepEqual(unexpected, []);
		});
	}
	it('still finds every listed real mistake', (t) => {
		if (!existsSync(EXAMPLES)) {
			t.skip('../shared/examples not present');
			return;
		}
		assert.deepEqual(
			Object.keys(TRUE_FINDINGS).filter((k) => !found.has(k)),
			[],
		);
	});
});

/**
 * Fixtures upstream rejects that Meshlens cannot decide from the file, `<file>#<document>` → why.
 * Every fixture that only a CEL rule (x-kubernetes-validations) rejects is decided now (39 of
 * them, among them the one where the rule fails to evaluate: int() of a non-numeric port key in
 * peerauth-invalid.yaml#1), so the list is empty; an entry here must still be undecided.
 */
const NOT_DECIDABLE: Record<string, string> = {};

/**
 * Whether one of our diagnostics points at the field upstream's error names. A CEL rule's finding
 * must carry the text upstream's error expects (the rule's message, or the same evaluation error)
 * or be on the field upstream names.
 */
function matchesUpstream(err: string, ds: readonly Diagnostic[]): boolean {
	const path = /^([\w.[\]]+)(?::| in body)/.exec(err)?.[1];
	const quoted = /Unsupported value: "([^"]+)"/.exec(err)?.[1];
	return ds.some((d) => {
		if (d.code === 'ML1015') {
			const message = d.message.slice(d.message.indexOf(': ') + 2);
			return message.includes(err) || d.path === path;
		}
		if (quoted) return d.code === 'ML1003' && d.message.includes(`"${quoted}"`);
		if (!path) return d.code === 'ML1014'; // "Duplicate value"
		const candidates = [d.path, ...(d.data?.missing ?? []).map((m) => `${d.path}.${m}`)];
		return candidates.some((c) => c === path || c.endsWith(`.${path}`));
	});
}

describe('validation over Istio invalid CRD fixtures', () => {
	it('flags each fixture upstream rejects, except those listed as not decidable', async (t) => {
		if (!existsSync(CRD_VALIDATION)) {
			t.skip('../shared/examples not present');
			return;
		}
		// Rule messages may be folded over several lines in the CRD file.
		const crds = readFileSync(ISTIO_CRDS, 'utf8').replace(/\s+/g, ' ');
		let flagged = 0;
		let cel = 0;
		let undecided = 0;
		let valid = 0;
		const wrong: string[] = [];
		for (const file of readdirSync(CRD_VALIDATION).sort()) {
			// `_err` carries upstream's expected message; it is no field, so it is commented out.
			const text = readFileSync(join(CRD_VALIDATION, file), 'utf8').replace(
				/^(#?)_err:/gm,
				'#$1err:',
			);
			const manifest = parseManifest(text);
			const ds = await validate(manifest, catalog);
			for (const doc of manifest.documents) {
				const id = `${file}#${doc.index}`;
				const mine = ds.filter((d) => d.document === doc.index);
				const err = /^#err: ['"]?(.*?)['"]?$/m.exec(doc.text)?.[1];
				if (err === undefined) {
					// No expected error (or only a commented TODO): a valid document.
					valid++;
					if (mine.length) wrong.push(`${id}: unexpected ${mine[0]?.message}`);
				} else if (NOT_DECIDABLE[id]) {
					undecided++;
					if (mine.length) wrong.push(`${id}: listed as not decidable but flagged now`);
				} else {
					flagged++;
					const rules = mine.filter((d) => d.code === 'ML1015');
					if (rules.length) cel++;
					// A rule's message is upstream's own, word for word.
					for (const d of rules) {
						const rule = d.message.replace(/^.*? evaluating rule: |^[^:]*: /, '');
						assert.ok(crds.includes(rule), `${id}: ${rule}`);
					}
					if (!matchesUpstream(err, mine))
						wrong.push(
							`${id}: expected "${err}", got ${mine.map((d) => d.message).join('; ') || 'nothing'}`,
						);
				}
			}
		}
		t.diagnostic(
			`${flagged} invalid fixtures flagged as upstream rejects them (${cel} by a CEL rule), ${undecided} not decidable, ${valid} valid documents silent`,
		);
		assert.deepEqual(wrong, []);
		assert.equal(flagged + undecided, 77);
		assert.ok(flagged >= 77, `${flagged}`);
	});
});
