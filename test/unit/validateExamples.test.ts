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
 * Fixtures upstream rejects only through CEL rules (x-kubernetes-validations), which Meshlens does
 * not evaluate: `<file>#<document>` → the rule's message. Each message is checked to be a CEL rule
 * message in the upstream CRDs (except where the failure is a CEL evaluation error, noted).
 */
const CEL_ONLY: Record<string, string> = {
	'authz-invalid.yaml#0': 'Cannot set serviceAccounts with namespaces or principals',
	'authz-invalid.yaml#1': 'Cannot set serviceAccounts with namespaces or principals',
	'envoyfilter-invalid.yaml#0': 'only support waypointMatch when context is WAYPOINT',
	'envoyfilter-invalid.yaml#1': 'only support waypointMatch when context is WAYPOINT',
	'envoyfilter-invalid.yaml#2': 'port must be between 1-65535',
	'peerauth-invalid.yaml#1': '(CEL evaluation error: int() of a non-numeric port key)',
	'peerauth-invalid.yaml#2': 'portLevelMtls requires selector',
	'peerauth-invalid.yaml#4': 'port must be between 1-65535',
	'peerauth-invalid.yaml#5': 'port must be between 1-65535',
	'proxyconfig-invalid.yaml#1': 'key must not be empty',
	'reqauth-invalid.yaml#0': 'only one of targetRefs or selector',
	'reqauth-invalid.yaml#1': 'only one of targetRefs or selector',
	'reqauth-invalid.yaml#3': 'cross namespace referencing',
	'reqauth-invalid.yaml#8': 'url must have scheme',
	'reqauth-invalid.yaml#17': 'must be a valid duration greater than',
	'serviceentry-invalid.yaml#2': 'wildcard is not supported in selector',
	'serviceentry-invalid.yaml#3': 'only one of WorkloadSelector or Endpoints',
	'serviceentry-invalid.yaml#4': 'hostname cannot be wildcard',
	'serviceentry-invalid.yaml#5': 'CIDR addresses are allowed only for NONE/STATIC',
	'serviceentry-invalid.yaml#7': 'port number cannot be duplicated',
	'serviceentry-invalid.yaml#8': 'port must be between 1-65535',
	'serviceentry-invalid.yaml#9': 'port must be between 1-65535',
	'serviceentry-invalid.yaml#10': 'NONE mode cannot set endpoints',
	'serviceentry-invalid.yaml#11': 'DNS_ROUND_ROBIN mode cannot have multiple endpoints',
	'telemetry-invalid.yaml#2': 'value must be set when operation is UPSERT',
	'telemetry-invalid.yaml#3': 'value must not be set when operation is REMOVE',
	'wasm-invalid.yaml#2': 'url must have schema one of',
	'wasm-invalid.yaml#3': 'url must have schema one of',
	'wasm-invalid.yaml#9': 'value may only be set when valueFrom is INLINE',
	'wasm-invalid.yaml#10': 'value may only be set when valueFrom is INLINE',
	'wasm-invalid.yaml#13': 'wildcard not allowed in label value match',
	'wasm-invalid.yaml#14': 'wildcard not allowed in label key match',
	'workloadentry-invalid.yaml#1': 'Address is required',
	'workloadentry-invalid.yaml#2': 'UDS may not be a dir',
	'workloadentry-invalid.yaml#3': 'UDS must be an absolute path',
	'workloadentry-invalid.yaml#4': 'UDS may not include ports',
	'workloadentry-invalid.yaml#5': 'port must be between 1-65535',
	'workloadentry-invalid.yaml#6': '(CEL rule over port-name map keys)',
	'workloadgroup-invalid.yaml#1': 'port must be between 1-65535',
};

/** Whether one of our diagnostics points at the field upstream's error names. */
function matchesUpstream(err: string, ds: readonly Diagnostic[]): boolean {
	const path = /^([\w.[\]]+)(?::| in body)/.exec(err)?.[1];
	const quoted = /Unsupported value: "([^"]+)"/.exec(err)?.[1];
	return ds.some((d) => {
		if (quoted) return d.code === 'ML1003' && d.message.includes(`"${quoted}"`);
		if (!path) return d.code === 'ML1014'; // "Duplicate value"
		const candidates = [d.path, ...(d.data?.missing ?? []).map((m) => `${d.path}.${m}`)];
		return candidates.some((c) => c === path || c.endsWith(`.${path}`));
	});
}

describe('validation over Istio invalid CRD fixtures', () => {
	it('flags each fixture upstream rejects, except the CEL-only ones listed', async (t) => {
		if (!existsSync(CRD_VALIDATION)) {
			t.skip('../shared/examples not present');
			return;
		}
		// Rule messages may be folded over several lines in the CRD file.
		const crds = readFileSync(ISTIO_CRDS, 'utf8').replace(/\s+/g, ' ');
		let flagged = 0;
		let cel = 0;
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
				} else if (CEL_ONLY[id]) {
					cel++;
					const rule = CEL_ONLY[id] ?? '';
					if (!rule.startsWith('(')) assert.ok(crds.includes(rule), `${id}: ${rule}`);
					if (!err.includes(rule) && !rule.startsWith('('))
						wrong.push(`${id}: listed as "${rule}" but upstream expects "${err}"`);
					if (mine.length) wrong.push(`${id}: listed as CEL-only but flagged now`);
				} else {
					flagged++;
					if (!matchesUpstream(err, mine))
						wrong.push(
							`${id}: expected "${err}", got ${mine.map((d) => d.message).join('; ') || 'nothing'}`,
						);
				}
			}
		}
		t.diagnostic(
			`${flagged} invalid fixtures flagged on the field upstream names, ${cel} need CEL (not evaluated), ${valid} valid documents silent`,
		);
		assert.deepEqual(wrong, []);
		assert.ok(flagged >= 35, `${flagged}`);
	});
});
