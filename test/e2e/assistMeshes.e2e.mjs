// Manifest assist for Consul, Kuma, AWS App Mesh and Cilium in the real workbench: the hover on one
// field of each explains it in our words and, where the field implements a comparison feature,
// names the other meshes' fields for the same feature.
import assert from 'node:assert/strict';

export const tests = [
	{
		name: 'assist meshes: Consul ServiceRouter numRetries shows Retries and the Kuma and Istio fields',
		async run(wb) {
			const text = await wb.hoverWord('consul/service-router.yaml', 'numRetries', {
				expect: 'The same feature',
			});
			assert.match(text, /numRetries\s*·\s*integer/);
			assert.match(text, /spec\.routes\[\]\.destination\.numRetries in ServiceRouter/);
			assert.match(text, /Most retries of a failed request/);
			assert.match(text, /Implements Retries/);
			assert.match(text, /In Kuma: MeshRetry spec\.to\[\]\.default\.grpc\.numRetries/);
			assert.match(text, /In Istio: VirtualService spec\.http\[\]\.retries/);
			await wb.screenshot('hover-consul');
		},
	},
	{
		name: 'assist meshes: Kuma MeshHTTPRoute backendRefs explains the split and links the feature',
		async run(wb) {
			const text = await wb.hoverWord('kuma/mesh-http-route.yaml', 'backendRefs', {
				expect: 'backendRefs',
			});
			assert.match(text, /spec\.to\[\]\.rules\[\]\.default\.backendRefs in MeshHTTPRoute/);
			assert.doesNotMatch(text, /No description yet/);
			assert.match(text, /In Consul: ServiceSplitter/);
			await wb.screenshot('hover-kuma');
		},
	},
	{
		name: 'assist meshes: App Mesh VirtualNode healthCheck says the service is discontinued',
		async run(wb) {
			const text = await wb.hoverWord('app-mesh/virtual-node.yaml', 'healthCheck', {
				expect: 'discontinued',
			});
			assert.match(text, /spec\.listeners\[\]\.healthCheck in VirtualNode/);
			assert.doesNotMatch(text, /No description yet/);
			assert.match(
				text,
				/VirtualNode is discontinued \(2026-09-30\); successors: .*VPC Lattice/,
			);
			await wb.screenshot('hover-app-mesh');
		},
	},
	{
		name: 'assist meshes: CiliumEnvoyConfig backendServices is explained',
		async run(wb) {
			const text = await wb.hoverWord('cilium/envoy-config.yaml', 'backendServices', {
				expect: 'backendServices',
			});
			assert.match(text, /backendServices\s*·\s*object\[\]/);
			assert.match(text, /spec\.backendServices in CiliumEnvoyConfig/);
			assert.doesNotMatch(text, /No description yet/);
		},
	},
];
