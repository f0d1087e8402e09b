import { annotationFixtures } from './analysisAnnotationCases';

/** Our own positive and negative fixture for every analysis code (files by name). */
export interface CheckFixture {
	readonly code: string;
	readonly positive: Record<string, string>;
	readonly negative: Record<string, string>;
	/** The resource the positive finding is reported on. */
	readonly on?: string;
	readonly level?: 'Error' | 'Warning' | 'Info';
	/** A file the positive finding names as related information. */
	readonly related?: string;
}

const doc = (...parts: string[]): string => parts.join('\n---\n');

const svc = (
	name: string,
	ns: string,
	ports = '[{ name: http, port: 80 }]',
	extra = '',
): string => `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns}${extra} }
spec:
  selector: { app: ${name} }
  ports: ${ports}`;

const deploy = (
	name: string,
	ns: string,
	labels = `{ app: ${name} }`,
	spec = '{ containers: [{ name: app, image: app }] }',
): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  template:
    metadata: { labels: ${labels} }
    spec: ${spec}`;

const vs = (name: string, ns: string, spec: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${ns} }
spec:
${spec}`;

const dr = (name: string, ns: string, spec: string): string => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${ns} }
spec:
${spec}`;

const gw = (name: string, ns: string, spec: string): string => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${ns} }
spec:
${spec}`;

const ns = (name: string, labels = '{}'): string => `apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${labels} }`;

const route = (host: string, extra = ''): string => `  hosts: [${host}]
  http:
  - route:
    - destination: { host: ${host}${extra} }`;

export const CHECK_FIXTURES: readonly CheckFixture[] = [
	{
		code: 'IST0002',
		positive: {
			'a.yaml': vs(
				'r',
				'shop',
				'  hosts: [r]\n  http:\n  - fault: { delay: { percent: 50, fixedDelay: 1s } }\n    route: [{ destination: { host: r } }]',
			),
		},
		negative: {
			'a.yaml': vs(
				'r',
				'shop',
				'  hosts: [r]\n  http:\n  - fault: { delay: { percentage: { value: 50 }, fixedDelay: 1s } }\n    route: [{ destination: { host: r } }]',
			),
		},
		on: 'VirtualService shop/r',
	},
	{
		code: 'IST0101',
		positive: {
			'vs.yaml': vs('r', 'shop', route('reviews', ', subset: v3')),
			'svc.yaml': svc('reviews', 'shop'),
			'dr.yaml': dr(
				'reviews',
				'shop',
				'  host: reviews\n  subsets: [{ name: v1, labels: { version: v1 } }]',
			),
		},
		negative: {
			'vs.yaml': vs('r', 'shop', route('reviews', ', subset: v1')),
			'svc.yaml': svc('reviews', 'shop'),
			'dr.yaml': dr(
				'reviews',
				'shop',
				'  host: reviews\n  subsets: [{ name: v1, labels: { version: v1 } }]',
			),
		},
		on: 'VirtualService shop/r',
		level: 'Error',
		related: 'dr.yaml',
	},
	{
		code: 'IST0102',
		positive: { 'a.yaml': ns('shop') },
		negative: { 'a.yaml': ns('shop', '{ istio-injection: enabled }') },
		on: 'Namespace shop',
	},
	{
		code: 'IST0109',
		positive: {
			'a.yaml': vs('a', 'shop', route('reviews')),
			'b.yaml': vs('b', 'shop', route('reviews')),
		},
		negative: {
			'a.yaml': vs('a', 'shop', route('reviews')),
			'b.yaml': vs('b', 'shop', route('ratings')),
		},
		related: 'b.yaml',
	},
	...(['IST0110', 'IST0111'] as const).map((code) => {
		const sc = (name: string, sel: string): string => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: ${name}, namespace: shop }
spec:
${sel}  egress: [{ hosts: ["./*"] }]`;
		const sel = code === 'IST0110' ? '  workloadSelector: { labels: { app: reviews } }\n' : '';
		return {
			code,
			positive: { 'a.yaml': doc(sc('one', sel), sc('two', sel), deploy('reviews', 'shop')) },
			negative: { 'a.yaml': doc(sc('one', sel), deploy('reviews', 'shop')) },
			on: 'Sidecar shop/one',
		};
	}),
	{
		code: 'IST0112',
		positive: {
			'a.yaml': doc(
				vs('r', 'shop', route('reviews')),
				svc('reviews', 'shop', '[{ name: http, port: 80 }, { name: grpc, port: 90 }]'),
			),
		},
		negative: {
			'a.yaml': doc(
				vs('r', 'shop', route('reviews', ', port: { number: 80 }')),
				svc('reviews', 'shop', '[{ name: http, port: 80 }, { name: grpc, port: 90 }]'),
			),
		},
	},
	{
		code: 'IST0116',
		positive: {
			'a.yaml': doc(
				deploy('web', 'shop'),
				svc('web', 'shop', '[{ name: http, port: 80 }]'),
				svc('web', 'shop', '[{ name: tcp, port: 80 }]').replace(
					'name: web,',
					'name: web2,',
				),
			),
		},
		negative: {
			'a.yaml': doc(
				deploy('web', 'shop'),
				svc('web', 'shop', '[{ name: http, port: 80 }]'),
				svc('web', 'shop', '[{ name: http-alt, port: 80 }]').replace(
					'name: web,',
					'name: web2,',
				),
			),
		},
		on: 'Deployment shop/web',
	},
	{
		code: 'IST0106',
		positive: {
			'a.yaml': gw(
				'public',
				'edge',
				'  selector: { istio: ingressgateway }\n  servers:\n  - port: { number: 443, name: https, protocol: HTTPS }\n    hosts: [shop.example.com]\n    tls: { mode: SIMPLE }',
			),
		},
		negative: {
			'a.yaml': gw(
				'public',
				'edge',
				'  selector: { istio: ingressgateway }\n  servers:\n  - port: { number: 443, name: https, protocol: HTTPS }\n    hosts: [shop.example.com]\n    tls: { mode: SIMPLE, credentialName: shop-cert }',
			),
		},
		on: 'Gateway edge/public',
		level: 'Error',
	},
	{
		code: 'IST0118',
		positive: { 'a.yaml': svc('web', 'shop', '[{ name: web, port: 80 }]') },
		negative: { 'a.yaml': svc('web', 'shop', '[{ name: http-web, port: 80 }]') },
	},
	{
		code: 'IST0123',
		positive: { 'a.yaml': ns('shop', '{ istio-injection: enabled, istio.io/rev: canary }') },
		negative: { 'a.yaml': ns('shop', '{ istio.io/rev: canary }') },
	},
	{
		code: 'IST0127',
		positive: {
			'a.yaml': doc(
				deploy('web', 'shop'),
				`apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: p, namespace: shop }\nspec:\n  selector: { matchLabels: { app: api } }`,
			),
		},
		negative: {
			'a.yaml': doc(
				deploy('web', 'shop'),
				`apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: p, namespace: shop }\nspec:\n  selector: { matchLabels: { app: web } }`,
			),
		},
		level: 'Warning',
	},
	{
		code: 'IST0128',
		positive: {
			'a.yaml': dr(
				'd',
				'shop',
				'  host: db.example.com\n  trafficPolicy: { tls: { mode: SIMPLE } }',
			),
		},
		negative: {
			'a.yaml': dr(
				'd',
				'shop',
				'  host: db.example.com\n  trafficPolicy: { tls: { mode: SIMPLE, caCertificates: /etc/ca.pem } }',
			),
		},
	},
	{
		code: 'IST0129',
		positive: {
			'a.yaml': dr(
				'd',
				'shop',
				'  host: db.example.com\n  trafficPolicy:\n    portLevelSettings: [{ port: { number: 443 }, tls: { mode: MUTUAL } }]',
			),
		},
		negative: {
			'a.yaml': dr(
				'd',
				'shop',
				'  host: db.example.com\n  trafficPolicy:\n    portLevelSettings: [{ port: { number: 443 }, tls: { mode: ISTIO_MUTUAL } }]',
			),
		},
	},
	{
		code: 'IST0130',
		positive: {
			'a.yaml': vs(
				'r',
				'shop',
				'  hosts: [r]\n  http:\n  - route: [{ destination: { host: r } }]\n  - route: [{ destination: { host: s } }]',
			),
		},
		negative: {
			'a.yaml': vs(
				'r',
				'shop',
				'  hosts: [r]\n  http:\n  - match: [{ uri: { prefix: /a } }]\n    route: [{ destination: { host: r } }]\n  - route: [{ destination: { host: s } }]',
			),
		},
	},
	{
		code: 'IST0131',
		positive: {
			'a.yaml': vs(
				'r',
				'shop',
				'  hosts: [r]\n  http:\n  - match: [{ uri: { prefix: /api } }]\n    route: [{ destination: { host: r } }]\n  - match: [{ uri: { prefix: /api/v1 } }]\n    route: [{ destination: { host: s } }]',
			),
		},
		negative: {
			'a.yaml': vs(
				'r',
				'shop',
				'  hosts: [r]\n  http:\n  - match: [{ uri: { prefix: /api/v1 } }]\n    route: [{ destination: { host: s } }]\n  - match: [{ uri: { prefix: /api } }]\n    route: [{ destination: { host: r } }]',
			),
		},
	},
	{
		code: 'IST0132',
		positive: {
			'a.yaml': doc(
				gw(
					'g',
					'shop',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: [a.example.com] }]',
				),
				vs(
					'r',
					'shop',
					'  hosts: [b.example.com]\n  gateways: [g]\n  http: [{ route: [{ destination: { host: r } }] }]',
				),
			),
		},
		negative: {
			'a.yaml': doc(
				gw(
					'g',
					'shop',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*.example.com"] }]',
				),
				vs(
					'r',
					'shop',
					'  hosts: [b.example.com]\n  gateways: [g]\n  http: [{ route: [{ destination: { host: r } }] }]',
				),
			),
		},
	},
	{
		code: 'IST0133',
		positive: {
			'a.yaml': dr(
				'r',
				'shop',
				'  host: r\n  trafficPolicy:\n    loadBalancer:\n      localityLbSetting: { enabled: true, failover: [{ from: eu-west, to: eu-east }] }',
			),
		},
		negative: {
			'a.yaml': dr(
				'r',
				'shop',
				'  host: r\n  trafficPolicy:\n    outlierDetection: { consecutive5xxErrors: 5 }\n    loadBalancer:\n      localityLbSetting: { enabled: true, failover: [{ from: eu-west, to: eu-east }] }',
			),
		},
		on: 'DestinationRule shop/r',
		level: 'Warning',
	},
	{
		code: 'IST0134',
		positive: {
			'a.yaml':
				'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: db, namespace: shop }\nspec:\n  hosts: [db.example.com]\n  ports: [{ number: 5432, name: tcp, protocol: TCP }]',
		},
		negative: {
			'a.yaml':
				'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: db, namespace: shop }\nspec:\n  hosts: [db.example.com]\n  addresses: [10.0.0.5]\n  ports: [{ number: 5432, name: tcp, protocol: TCP }]',
		},
	},
	{
		code: 'IST0137',
		positive: {
			'a.yaml': doc(
				deploy('web', 'shop'),
				svc('web', 'shop', '[{ name: http, port: 80, targetPort: 8080 }]'),
				svc('web', 'shop', '[{ name: http, port: 81, targetPort: 8080 }]').replace(
					'name: web,',
					'name: web2,',
				),
			),
		},
		negative: {
			'a.yaml': doc(
				deploy('web', 'shop'),
				svc('web', 'shop', '[{ name: http, port: 80, targetPort: 8080 }]'),
				svc('web', 'shop', '[{ name: http, port: 80, targetPort: 8080 }]').replace(
					'name: web,',
					'name: web2,',
				),
			),
		},
	},
	{
		code: 'IST0138',
		positive: {
			'a.yaml': doc(
				gw(
					'a',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 443, name: https, protocol: HTTPS }, hosts: [a.example.com], tls: { mode: SIMPLE, credentialName: wild } }]',
				),
				gw(
					'b',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 443, name: https, protocol: HTTPS }, hosts: [b.example.com], tls: { mode: SIMPLE, credentialName: wild } }]',
				),
			),
		},
		negative: {
			'a.yaml': doc(
				gw(
					'a',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 443, name: https, protocol: HTTPS }, hosts: [a.example.com], tls: { mode: SIMPLE, credentialName: a } }]',
				),
				gw(
					'b',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 443, name: https, protocol: HTTPS }, hosts: [b.example.com], tls: { mode: SIMPLE, credentialName: b } }]',
				),
			),
		},
	},
	{
		code: 'IST0140',
		positive: {
			'a.yaml': doc(
				svc('reviews', 'shop'),
				vs(
					'edge',
					'shop',
					'  hosts: [shop.example.com]\n  gateways: [istio-system/ingress]\n  http:\n  - route: [{ destination: { host: reviews } }]',
				),
			),
			'b.yaml': vs(
				'reviews',
				'shop',
				'  hosts: [reviews]\n  http:\n  - route: [{ destination: { host: reviews, subset: v1 } }]',
			),
		},
		negative: {
			'a.yaml': doc(
				svc('reviews', 'shop'),
				vs(
					'edge',
					'shop',
					'  hosts: [shop.example.com]\n  gateways: [istio-system/ingress]\n  http:\n  - route: [{ destination: { host: reviews, subset: v1 } }]',
				),
			),
			'b.yaml': vs(
				'reviews',
				'shop',
				'  hosts: [reviews]\n  http:\n  - route: [{ destination: { host: reviews, subset: v1 } }]',
			),
		},
		on: 'VirtualService shop/edge',
		level: 'Warning',
		related: 'b.yaml',
	},
	{
		code: 'IST0144',
		positive: {
			'a.yaml': deploy(
				'web',
				'shop',
				'{ app: web }',
				'{ securityContext: { runAsUser: 1337 }, containers: [{ name: app, image: app }] }',
			),
		},
		negative: {
			'a.yaml': deploy(
				'web',
				'shop',
				'{ app: web }',
				'{ securityContext: { runAsUser: 1000 }, containers: [{ name: app, image: app }] }',
			),
		},
	},
	{
		code: 'IST0145',
		positive: {
			'a.yaml': doc(
				gw(
					'a',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: [a.example.com] }]',
				),
				gw(
					'b',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*.example.com"] }]',
				),
			),
		},
		negative: {
			'a.yaml': doc(
				gw(
					'a',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: [a.example.com] }]',
				),
				gw(
					'b',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: [b.example.org] }]',
				),
			),
		},
	},
	{
		code: 'IST0146',
		positive: {
			'a.yaml': doc(
				ns('gw'),
				deploy(
					'ingress',
					'gw',
					'{ istio: ingressgateway }',
					'{ containers: [{ name: istio-proxy, image: auto }] }',
				),
			),
		},
		negative: {
			'a.yaml': doc(
				ns('gw', '{ istio-injection: enabled }'),
				deploy(
					'ingress',
					'gw',
					'{ istio: ingressgateway }',
					'{ containers: [{ name: istio-proxy, image: auto }] }',
				),
			),
		},
	},
	{
		code: 'IST0147',
		positive: {
			'a.yaml': doc(
				ns('gw'),
				'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: gw }\nspec: { containers: [{ name: istio-proxy, image: auto }] }',
			),
		},
		negative: {
			'a.yaml': doc(
				ns('gw'),
				'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: gw, labels: { sidecar.istio.io/inject: "true" } }\nspec: { containers: [{ name: istio-proxy, image: auto }] }',
			),
		},
	},
	{
		code: 'IST0149',
		positive: {
			'a.yaml': doc(
				gw(
					'g',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }]',
				),
				vs(
					'r',
					'gw',
					'  hosts: ["*"]\n  gateways: [g]\n  http:\n  - match: [{ headers: { "@request.auth.claims.group": { exact: admin } } }]\n    route: [{ destination: { host: r } }]',
				),
			),
		},
		negative: {
			'a.yaml': doc(
				gw(
					'g',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }]',
				),
				vs(
					'r',
					'gw',
					'  hosts: ["*"]\n  gateways: [g]\n  http:\n  - match: [{ headers: { "@request.auth.claims.group": { exact: admin } } }]\n    route: [{ destination: { host: r } }]',
				),
				'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: { name: jwt, namespace: gw }\nspec:\n  selector: { matchLabels: { istio: ingressgateway } }\n  jwtRules: [{ issuer: me }]',
			),
		},
	},
	{
		code: 'IST0150',
		positive: {
			'a.yaml':
				'apiVersion: v1\nkind: Service\nmetadata: { name: ext, namespace: shop }\nspec:\n  type: ExternalName\n  externalName: example.com\n  ports: [{ name: tcp, port: 443 }]',
		},
		negative: {
			'a.yaml':
				'apiVersion: v1\nkind: Service\nmetadata: { name: ext, namespace: shop }\nspec:\n  type: ExternalName\n  externalName: example.com\n  ports: [{ name: https, port: 443 }]',
		},
	},
	...(
		[
			['IST0151', 'INSERT_BEFORE', 'HTTP_FILTER', ''],
			['IST0152', 'REPLACE', 'CLUSTER', ''],
			['IST0153', 'ADD', 'HTTP_ROUTE', ''],
			['IST0154', 'REMOVE', 'ROUTE_CONFIGURATION', ''],
			['IST0155', 'INSERT_AFTER', 'HTTP_FILTER', ', proxy: { proxyVersion: "^1\\\\.2.*" }'],
		] as const
	).map(([code, op, applyTo, match]) => ({
		code,
		positive: {
			'a.yaml': `apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata: { name: f, namespace: shop }\nspec:\n  configPatches: [{ applyTo: ${applyTo}, match: { context: SIDECAR_INBOUND${match} }, patch: { operation: ${op}, value: {} } }]`,
		},
		negative: {
			'a.yaml': `apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata: { name: f, namespace: shop }\nspec:\n  priority: 10\n  configPatches: [{ applyTo: HTTP_FILTER, match: { context: SIDECAR_INBOUND${match} }, patch: { operation: INSERT_FIRST, value: {} } }]`,
		},
	})),
	{
		code: 'IST0157',
		positive: {
			'a.yaml':
				'apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata: { name: t, namespace: shop }\nspec:\n  tracing: [{ providers: [] }]',
		},
		negative: {
			'a.yaml':
				'apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata: { name: t, namespace: shop }\nspec:\n  tracing: [{ providers: [{ name: zipkin }] }]',
		},
	},
	...(['IST0159', 'IST0160'] as const).map((code) => {
		const t = (name: string): string =>
			`apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata: { name: ${name}, namespace: shop }\nspec:\n${code === 'IST0159' ? '  selector: { matchLabels: { app: web } }\n' : ''}  tracing: [{ randomSamplingPercentage: 10 }]`;
		return {
			code,
			positive: { 'a.yaml': doc(t('a'), t('b'), deploy('web', 'shop')) },
			negative: { 'a.yaml': doc(t('a'), deploy('web', 'shop')) },
		};
	}),
	{
		code: 'IST0162',
		positive: {
			'a.yaml': doc(
				gw(
					'g',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 8443, name: https, protocol: HTTPS }, hosts: ["*"] }]',
				),
				deploy('ingress', 'gw', '{ istio: ingressgateway }'),
				'apiVersion: v1\nkind: Service\nmetadata: { name: ingress, namespace: gw }\nspec:\n  selector: { istio: ingressgateway }\n  ports: [{ name: http, port: 80, targetPort: 8080 }]',
			),
		},
		negative: {
			'a.yaml': doc(
				gw(
					'g',
					'gw',
					'  selector: { istio: ingressgateway }\n  servers: [{ port: { number: 8080, name: http, protocol: HTTP }, hosts: ["*"] }]',
				),
				deploy('ingress', 'gw', '{ istio: ingressgateway }'),
				'apiVersion: v1\nkind: Service\nmetadata: { name: ingress, namespace: gw }\nspec:\n  selector: { istio: ingressgateway }\n  ports: [{ name: http, port: 80, targetPort: 8080 }]',
			),
		},
	},
	{
		code: 'IST0165',
		positive: {
			'a.yaml': vs(
				'r',
				'shop',
				'  hosts: [r]\n  gateways: [web-istio-autogenerated-k8s-gateway]\n  http: [{ route: [{ destination: { host: r } }] }]',
			),
		},
		negative: {
			'a.yaml': vs(
				'r',
				'shop',
				'  hosts: [r]\n  gateways: [mesh]\n  http: [{ route: [{ destination: { host: r } }] }]',
			),
		},
	},
	{
		code: 'IST0166',
		positive: {
			'a.yaml': `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: edge-deny, namespace: edge }
spec:
  selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: public } }
  action: DENY
  rules: [{ from: [{ source: { notIpBlocks: [10.0.0.0/8] } }] }]`,
			'b.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: edge }
spec:
  gatewayClassName: istio
  listeners: [{ name: http, port: 80, protocol: HTTP }]`,
		},
		negative: {
			'a.yaml': `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: edge-deny, namespace: edge }
spec:
  targetRefs: [{ kind: Gateway, group: gateway.networking.k8s.io, name: public }]
  action: DENY
  rules: [{ from: [{ source: { notIpBlocks: [10.0.0.0/8] } }] }]`,
			'b.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: edge }
spec:
  gatewayClassName: istio
  listeners: [{ name: http, port: 80, protocol: HTTP }]`,
		},
		on: 'AuthorizationPolicy edge/edge-deny',
		level: 'Warning',
		related: 'b.yaml',
	},
	{
		code: 'IST0167',
		positive: {
			'a.yaml': `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: shop }
spec:
  egress: [{ hosts: ['./*'] }]`,
			'b.yaml': ns('shop', '{ istio.io/dataplane-mode: ambient }'),
		},
		negative: {
			'a.yaml': `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: shop }
spec:
  egress: [{ hosts: ['./*'] }]`,
			'b.yaml': ns('shop', '{ istio-injection: enabled }'),
		},
		on: 'Sidecar shop/default',
		level: 'Warning',
		related: 'b.yaml',
	},
	{
		code: 'IST0173',
		positive: {
			'a.yaml': doc(
				svc('reviews', 'shop'),
				deploy('reviews', 'shop', '{ app: reviews, version: v1 }'),
				dr(
					'reviews',
					'shop',
					'  host: reviews\n  subsets: [{ name: v2, labels: { version: v2 } }]',
				),
			),
		},
		negative: {
			'a.yaml': doc(
				svc('reviews', 'shop'),
				deploy('reviews', 'shop', '{ app: reviews, version: v1 }'),
				dr(
					'reviews',
					'shop',
					'  host: reviews\n  subsets: [{ name: v1, labels: { version: v1 } }]',
				),
			),
		},
	},
	{
		code: 'IST0174',
		positive: {
			'a.yaml': doc(svc('reviews', 'shop'), dr('ratings', 'shop', '  host: ratings')),
		},
		negative: {
			'a.yaml': doc(svc('reviews', 'shop'), dr('reviews', 'shop', '  host: reviews')),
		},
	},
	{
		code: 'IST0177',
		positive: {
			'a.yaml':
				'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: a, namespace: shop }\nspec:\n  hosts: [x.com]\n  ports: [{ number: 80, name: http, protocol: HTTP }]',
			'b.yaml':
				'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: b, namespace: shop }\nspec:\n  hosts: [x.com]\n  ports: [{ number: 80, name: tcp, protocol: TCP }]',
		},
		negative: {
			'a.yaml':
				'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: a, namespace: shop }\nspec:\n  hosts: [x.com]\n  ports: [{ number: 80, name: http, protocol: HTTP }]',
			'b.yaml':
				'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: b, namespace: shop }\nspec:\n  hosts: [x.com]\n  ports: [{ number: 80, name: http, protocol: HTTP }]',
		},
		related: 'b.yaml',
	},
	...annotationFixtures(),
	...gatewayApiFixtures(),
	...linkerdFixtures(),
];

function gatewayApiFixtures(): CheckFixture[] {
	const gateway = (
		listeners = '[{ name: web, port: 80, protocol: HTTP, hostname: "*.example.com" }]',
	): string =>
		`apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: { name: edge, namespace: infra }\nspec:\n  gatewayClassName: istio\n  listeners: ${listeners}`;
	const route = (name: string, spec: string, ns2 = 'shop'): string =>
		`apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: ${name}, namespace: ${ns2} }\nspec:\n${spec}`;
	const parent = (extra = ''): string =>
		`  parentRefs: [{ name: edge, namespace: infra${extra} }]`;
	const backend = (b = '{ name: web, port: 80 }'): string => `  rules: [{ backendRefs: [${b}] }]`;
	const web = svc('web', 'shop');
	const grant = `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: { name: g, namespace: shop }\nspec:\n  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web }]\n  to: [{ group: "", kind: Service }]`;
	const twoPorts =
		'[{ name: a, port: 8443, protocol: HTTP }, { name: b, port: 9443, protocol: HTTP }]';
	const rule = `  rules: [{ matches: [{ path: { type: PathPrefix, value: /api } }], backendRefs: [{ name: web, port: 80 }] }]`;
	return [
		{
			code: 'MLG001',
			positive: {
				'a.yaml': doc(
					gateway(),
					route('r', `  parentRefs: [{ name: edg, namespace: infra }]\n${backend()}`),
					web,
				),
			},
			negative: { 'a.yaml': doc(gateway(), route('r', `${parent()}\n${backend()}`), web) },
			on: 'HTTPRoute shop/r',
			level: 'Warning',
		},
		{
			code: 'MLG002',
			positive: {
				'a.yaml': doc(
					web,
					route(
						'r',
						`  parentRefs: [{ group: "", kind: Service, name: api }]\n${backend()}`,
					),
				),
			},
			negative: {
				'a.yaml': doc(
					web,
					route(
						'r',
						`  parentRefs: [{ group: "", kind: Service, name: web }]\n${backend()}`,
					),
				),
			},
			level: 'Warning',
		},
		{
			code: 'MLG003',
			positive: {
				'a.yaml': doc(
					gateway(),
					route('r', `${parent(', sectionName: https')}\n${backend()}`),
					web,
				),
			},
			negative: {
				'a.yaml': doc(
					gateway(),
					route('r', `${parent(', sectionName: web')}\n${backend()}`),
					web,
				),
			},
			related: 'a.yaml',
		},
		{
			code: 'MLG004',
			positive: {
				'a.yaml': doc(
					gateway(),
					route('r', `${parent()}\n${backend('{ name: wbe, port: 80 }')}`),
					web,
				),
			},
			negative: { 'a.yaml': doc(gateway(), route('r', `${parent()}\n${backend()}`), web) },
			level: 'Warning',
		},
		{
			code: 'MLG005',
			positive: {
				'a.yaml': doc(
					gateway(),
					route('r', `${parent()}\n${backend('{ name: web, port: 8080 }')}`),
					web,
				),
			},
			negative: { 'a.yaml': doc(gateway(), route('r', `${parent()}\n${backend()}`), web) },
		},
		{
			code: 'MLG006',
			positive: {
				'a.yaml': doc(
					gateway(),
					route(
						'r',
						`${parent()}\n${backend('{ name: web, namespace: shop, port: 80 }')}`,
						'web',
					),
					web,
				),
			},
			negative: {
				'a.yaml': doc(
					gateway(),
					route(
						'r',
						`${parent()}\n${backend('{ name: web, namespace: shop, port: 80 }')}`,
						'web',
					),
					web,
					grant,
				),
			},
		},
		{
			code: 'MLG007',
			positive: {
				'a.yaml': doc(
					gateway(),
					route('r', `${parent()}\n  hostnames: [shop.example.org]\n${backend()}`),
					web,
				),
			},
			negative: {
				'a.yaml': doc(
					gateway(),
					route('r', `${parent()}\n  hostnames: [shop.example.com]\n${backend()}`),
					web,
				),
			},
		},
		{
			code: 'MLG008',
			positive: {
				'a.yaml': doc(
					gateway(),
					route('a', `${parent()}\n${rule}`),
					route('b', `${parent()}\n${rule}`),
					web,
				),
			},
			negative: {
				'a.yaml': doc(
					gateway(),
					route('a', `${parent()}\n${rule}`),
					route('b', `${parent()}\n${rule.replace('/api', '/web')}`),
					web,
				),
			},
			related: 'a.yaml',
		},
		{
			// The same matches on two listeners of one Gateway (by port) do not compete.
			code: 'MLG008',
			positive: {
				'a.yaml': doc(
					gateway(twoPorts),
					route('a', `${parent(', port: 8443')}\n${rule}`),
					route('b', `${parent(', port: 8443')}\n${rule}`),
					web,
				),
			},
			negative: {
				'a.yaml': doc(
					gateway(twoPorts),
					route('a', `${parent(', port: 8443')}\n${rule}`),
					route('b', `${parent(', port: 9443')}\n${rule}`),
					web,
				),
			},
		},
		{
			code: 'MLG009',
			positive: {
				'a.yaml': doc(
					web,
					route(
						'r',
						`  parentRefs: [{ group: "", kind: Service, name: web, port: 8080 }]\n${backend()}`,
					),
				),
			},
			negative: {
				'a.yaml': doc(
					web,
					route(
						'r',
						`  parentRefs: [{ group: "", kind: Service, name: web, port: 80 }]\n${backend()}`,
					),
				),
			},
		},
	];
}

function linkerdFixtures(): CheckFixture[] {
	const server = (sel: string, port: string | number): string =>
		`apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: { name: web-http, namespace: shop }\nspec:\n  podSelector: { matchLabels: ${sel} }\n  port: ${port}\n  proxyProtocol: HTTP/1`;
	const app = deploy(
		'web',
		'shop',
		'{ app: web }',
		'{ containers: [{ name: app, image: app, ports: [{ name: http, containerPort: 8080 }] }] }',
	);
	const ap = (target: string, auth = 'MeshTLSAuthentication'): string =>
		`apiVersion: policy.linkerd.io/v1alpha1\nkind: AuthorizationPolicy\nmetadata: { name: p, namespace: shop }\nspec:\n  targetRef: { group: policy.linkerd.io, kind: Server, name: ${target} }\n  requiredAuthenticationRefs: [{ group: policy.linkerd.io, kind: ${auth}, name: clients }]`;
	const mtls = (id: string): string =>
		`apiVersion: policy.linkerd.io/v1alpha1\nkind: MeshTLSAuthentication\nmetadata: { name: clients, namespace: shop }\nspec:\n  identities: ["${id}"]`;
	const sp = (name: string, extra = ''): string =>
		`apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata: { name: ${name}, namespace: shop }\nspec:\n  routes: [{ name: get, condition: { method: GET }, isRetryable: true${extra} }]`;
	return [
		{
			code: 'MLL001',
			positive: { 'a.yaml': doc(server('{ app: api }', 8080), app) },
			negative: { 'a.yaml': doc(server('{ app: web }', 8080), app) },
			level: 'Warning',
		},
		{
			code: 'MLL002',
			positive: { 'a.yaml': doc(server('{ app: web }', 9090), app) },
			negative: { 'a.yaml': doc(server('{ app: web }', 'http'), app) },
		},
		{
			code: 'MLL003',
			positive: {
				'a.yaml': doc(
					server('{ app: web }', 8080),
					app,
					ap('web-grpc'),
					mtls('web.shop.serviceaccount.identity.linkerd.cluster.local'),
				),
			},
			negative: {
				'a.yaml': doc(
					server('{ app: web }', 8080),
					app,
					ap('web-http'),
					mtls('web.shop.serviceaccount.identity.linkerd.cluster.local'),
				),
			},
			level: 'Warning',
		},
		{
			code: 'MLL004',
			positive: {
				'a.yaml': doc(
					server('{ app: web }', 8080),
					ap('web-http', 'NetworkAuthentication'),
					mtls('*'),
				),
			},
			negative: { 'a.yaml': doc(server('{ app: web }', 8080), ap('web-http'), mtls('*')) },
		},
		{
			code: 'MLL005',
			positive: { 'a.yaml': mtls('web.shop.svc.cluster.local') },
			negative: { 'a.yaml': mtls('web.shop.serviceaccount.identity.linkerd.cluster.local') },
		},
		{
			code: 'MLL006',
			positive: { 'a.yaml': doc(svc('web', 'shop'), sp('web')) },
			negative: { 'a.yaml': doc(svc('web', 'shop'), sp('web.shop.svc.cluster.local')) },
		},
		{
			code: 'MLL007',
			positive: {
				'a.yaml': `${sp('web.shop.svc.cluster.local')}\n  retryBudget: { retryRatio: 0, minRetriesPerSecond: 0, ttl: 10s }`,
			},
			negative: {
				'a.yaml': `${sp('web.shop.svc.cluster.local')}\n  retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: 10s }`,
			},
		},
		{
			code: 'MLL008',
			positive: { 'a.yaml': sp('web.shop.svc.cluster.local', ', timeout: 10 seconds') },
			negative: { 'a.yaml': sp('web.shop.svc.cluster.local', ', timeout: 300ms') },
		},
	];
}
