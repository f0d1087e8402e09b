import type { CheckFixture } from './analysisCases';

/** A Kubernetes object with annotations (a flow map), and optional spec. */
const annotated = (kind: string, name: string, annotations: string, spec = ''): string => {
	const apiVersion = kind === 'Deployment' ? 'apps/v1' : 'v1';
	const ns = kind === 'Namespace' ? '' : ', namespace: shop';
	return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: ${name}${ns}, annotations: ${annotations} }${spec ? `\nspec: ${spec}` : ''}`;
};

/** Our own positive and negative fixtures for the Istio annotation checks. */
export function annotationFixtures(): CheckFixture[] {
	return [
		{
			code: 'IST0107',
			// A pod annotation on the Deployment itself, not on its pod template.
			positive: {
				'a.yaml': annotated('Deployment', 'web', '{ sidecar.istio.io/proxyCPU: 100m }'),
			},
			// The same annotation on the pod template and on a Pod, and one that applies to any kind.
			negative: {
				'a.yaml': `${annotated(
					'Deployment',
					'web',
					'{ galley.istio.io/analyze-suppress: IST0118 }',
					'{ template: { metadata: { annotations: { sidecar.istio.io/proxyCPU: 100m } } } }',
				)}\n---\n${annotated('Pod', 'web', '{ sidecar.istio.io/proxyCPU: 100m }')}`,
			},
			on: 'Deployment shop/web',
			level: 'Warning',
		},
		{
			code: 'IST0108',
			positive: {
				'a.yaml': annotated('Service', 'web', '{ networking.istio.io/exportToo: "." }'),
			},
			negative: {
				'a.yaml': annotated(
					'Service',
					'web',
					'{ networking.istio.io/exportTo: ".", example.com/exportToo: x }',
				),
			},
			on: 'Service shop/web',
			level: 'Warning',
		},
		{
			code: 'IST0125',
			positive: {
				'a.yaml': annotated(
					'Pod',
					'web',
					'{ traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.0.0.0/8,10.1.0.0" }',
				),
			},
			negative: {
				'a.yaml': annotated(
					'Pod',
					'web',
					'{ traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.0.0.0/8,fd00::/8", status.sidecar.istio.io/port: "15020" }',
				),
			},
			on: 'Pod shop/web',
			level: 'Warning',
		},
		{
			code: 'IST0135',
			positive: {
				'a.yaml': annotated('Pod', 'web', '{ sidecar.istio.io/inject: "true" }'),
			},
			// The deprecated annotation next to the label that replaces it is not reported.
			negative: {
				'a.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  labels: { sidecar.istio.io/inject: "true" }\n  annotations: { sidecar.istio.io/inject: "true", proxy.istio.io/config: "{}" }`,
			},
			on: 'Pod shop/web',
			level: 'Info',
		},
		{
			code: 'IST0136',
			positive: {
				'a.yaml': annotated(
					'Pod',
					'web',
					'{ sidecar.istio.io/interceptionMode: TPROXY }',
					'{ initContainers: [{ name: istio-init }], containers: [{ name: app }] }',
				),
			},
			// Beta and stable annotations, ones Istio sets itself, and those the CNI agent sets
			// on a pod without istio-init are not reported.
			negative: {
				'a.yaml': annotated(
					'Pod',
					'web',
					'{ proxy.istio.io/config: "{}", istio.io/rev: canary, sidecar.istio.io/interceptionMode: TPROXY }',
					'{ containers: [{ name: app }] }',
				),
			},
			on: 'Pod shop/web',
			level: 'Info',
		},
	];
}
