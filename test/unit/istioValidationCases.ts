/**
 * One positive and one negative resource of our own for each IST0106/IST0133 check (istiod's Go
 * validation): the positive must give a finding of `code` whose message contains `expect`, the
 * negative (the same resource, corrected) no IST0106/IST0133 finding at all.
 */
export interface ValidationCase {
	readonly name: string;
	readonly code: 'IST0106' | 'IST0133';
	readonly expect: string;
	readonly positive: string;
	readonly negative: string;
}

const res =
	(apiVersion: string, kind: string) =>
	(spec: string, meta = '{ name: r, namespace: shop }'): string =>
		`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: ${meta}\nspec:\n${spec
			.split('\n')
			.map((l) => `  ${l}`)
			.join('\n')}\n`;

const gw = res('networking.istio.io/v1', 'Gateway');
const vs = res('networking.istio.io/v1', 'VirtualService');
const dr = res('networking.istio.io/v1', 'DestinationRule');
const sc = res('networking.istio.io/v1', 'Sidecar');
const se = res('networking.istio.io/v1', 'ServiceEntry');
const ef = res('networking.istio.io/v1alpha3', 'EnvoyFilter');
const ap = res('security.istio.io/v1', 'AuthorizationPolicy');
const pa = res('security.istio.io/v1', 'PeerAuthentication');
const ra = res('security.istio.io/v1', 'RequestAuthentication');
const tel = res('telemetry.istio.io/v1', 'Telemetry');
const we = res('networking.istio.io/v1', 'WorkloadEntry');
const wg = res('networking.istio.io/v1', 'WorkloadGroup');
const pc = res('networking.istio.io/v1beta1', 'ProxyConfig');
const wasm = res('extensions.istio.io/v1alpha1', 'WasmPlugin');

const server = (s: string) => `selector: { istio: ingressgateway }\nservers:\n- ${s}`;
const https = (tls: string, protocol = 'HTTPS', port = 443) =>
	server(
		`port: { number: ${port}, name: p, protocol: ${protocol} }\n  hosts: [shop.example.com]\n  tls: ${tls}`,
	);
const route = (rule: string, hosts = '[shop]') => `hosts: ${hosts}\nhttp:\n- ${rule}`;
const to = 'route: [{ destination: { host: shop } }]';
const policy = (p: string) => `host: shop\ntrafficPolicy: ${p}`;

export const VALIDATION_CASES: readonly ValidationCase[] = [
	// Gateway (validation.go ValidateGateway, validateServer, validateServerPort, validateTLSOptions)
	{
		name: 'gateway name with a dot',
		code: 'IST0106',
		expect: 'must be a DNS label',
		positive: gw(
			https('{ mode: SIMPLE, credentialName: c }'),
			'{ name: a.b, namespace: shop }',
		),
		negative: gw(
			https('{ mode: SIMPLE, credentialName: c }'),
			'{ name: a-b, namespace: shop }',
		),
	},
	{
		name: 'gateway without servers',
		code: 'IST0106',
		expect: 'at least one server',
		positive: gw('selector: { istio: ingressgateway }\nservers: []'),
		negative: gw(https('{ mode: SIMPLE, credentialName: c }')),
	},
	{
		name: 'duplicate server port names',
		code: 'IST0106',
		expect: 'must be unique',
		positive: gw(
			`${server('port: { number: 80, name: web, protocol: HTTP }\n  hosts: [a.example.com]')}\n- port: { number: 8080, name: web, protocol: HTTP }\n  hosts: [b.example.com]`,
		),
		negative: gw(
			`${server('port: { number: 80, name: web, protocol: HTTP }\n  hosts: [a.example.com]')}\n- port: { number: 8080, name: web2, protocol: HTTP }\n  hosts: [b.example.com]`,
		),
	},
	{
		name: 'unknown server protocol',
		code: 'IST0106',
		expect: 'unknown protocol',
		positive: gw(
			server('port: { number: 80, name: web, protocol: HTTP3 }\n  hosts: [a.example.com]'),
		),
		negative: gw(
			server('port: { number: 80, name: web, protocol: http }\n  hosts: [a.example.com]'),
		),
	},
	{
		name: 'server port out of range',
		code: 'IST0106',
		expect: 'not in 1..65535',
		positive: gw(
			server('port: { number: 70000, name: web, protocol: HTTP }\n  hosts: [a.example.com]'),
		),
		negative: gw(
			server('port: { number: 8080, name: web, protocol: HTTP }\n  hosts: [a.example.com]'),
		),
	},
	{
		name: 'short gateway host',
		code: 'IST0106',
		expect: 'short name',
		positive: gw(server('port: { number: 80, name: web, protocol: HTTP }\n  hosts: [shop]')),
		negative: gw(
			server(
				'port: { number: 80, name: web, protocol: HTTP }\n  hosts: [shop.example.com, "*", "prod/*.example.com"]',
			),
		),
	},
	{
		name: 'partial wildcard gateway host',
		code: 'IST0106',
		expect: 'invalid label',
		positive: gw(
			server(
				'port: { number: 80, name: web, protocol: HTTP }\n  hosts: ["shop*.example.com"]',
			),
		),
		negative: gw(
			server('port: { number: 80, name: web, protocol: HTTP }\n  hosts: ["*.example.com"]'),
		),
	},
	{
		name: 'bad gateway host namespace',
		code: 'IST0106',
		expect: 'namespace name',
		positive: gw(
			server(
				'port: { number: 80, name: web, protocol: HTTP }\n  hosts: ["Prod_ns/shop.example.com"]',
			),
		),
		negative: gw(
			server(
				'port: { number: 80, name: web, protocol: HTTP }\n  hosts: ["prod/shop.example.com"]',
			),
		),
	},
	{
		name: 'HTTPS server without tls',
		code: 'IST0106',
		expect: 'needs tls settings',
		positive: gw(
			server('port: { number: 443, name: p, protocol: HTTPS }\n  hosts: [shop.example.com]'),
		),
		negative: gw(https('{ mode: SIMPLE, credentialName: c }')),
	},
	{
		name: 'TCP server with tls',
		code: 'IST0106',
		expect: 'cannot have tls settings',
		positive: gw(https('{ mode: SIMPLE, credentialName: c }', 'TCP', 31400)),
		negative: gw(server('port: { number: 31400, name: p, protocol: TCP }\n  hosts: ["*"]')),
	},
	{
		name: 'HTTP server terminating TLS',
		code: 'IST0106',
		expect: 'cannot terminate TLS',
		positive: gw(https('{ mode: SIMPLE, credentialName: c }', 'HTTP', 80)),
		negative: gw(https('{ httpsRedirect: true }', 'HTTP', 80)),
	},
	{
		name: 'httpsRedirect on a TLS server',
		code: 'IST0133',
		expect: 'httpsRedirect only works on HTTP',
		positive: gw(https('{ mode: PASSTHROUGH, httpsRedirect: true }', 'TLS')),
		negative: gw(https('{ mode: PASSTHROUGH }', 'TLS')),
	},
	{
		name: 'targetPort on a gateway',
		code: 'IST0106',
		expect: 'targetPort has no effect',
		positive: gw(
			server(
				'port: { number: 80, targetPort: 8080, name: web, protocol: HTTP }\n  hosts: [a.example.com]',
			),
		),
		negative: gw(
			server('port: { number: 80, name: web, protocol: HTTP }\n  hosts: [a.example.com]'),
		),
	},
	{
		name: 'SIMPLE without certificates',
		code: 'IST0106',
		expect: 'SIMPLE TLS needs serverCertificate',
		positive: gw(https('{ mode: SIMPLE }')),
		negative: gw(https('{ mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem }')),
	},
	{
		name: 'MUTUAL without a client CA',
		code: 'IST0106',
		expect: 'needs caCertificates',
		positive: gw(https('{ mode: MUTUAL, serverCertificate: /c.pem, privateKey: /k.pem }')),
		negative: gw(
			https(
				'{ mode: MUTUAL, serverCertificate: /c.pem, privateKey: /k.pem, caCertificates: /ca.pem }',
			),
		),
	},
	{
		name: 'ISTIO_MUTUAL with a credential',
		code: 'IST0106',
		expect: 'ISTIO_MUTUAL',
		positive: gw(https('{ mode: ISTIO_MUTUAL, credentialName: c }')),
		negative: gw(https('{ mode: ISTIO_MUTUAL }')),
	},
	{
		name: 'PASSTHROUGH with certificates',
		code: 'IST0133',
		expect: 'does not terminate TLS',
		positive: gw(https('{ credentialName: c }')),
		negative: gw(https('{ mode: PASSTHROUGH }')),
	},
	{
		name: 'old TLS without ciphers',
		code: 'IST0133',
		expect: 'needs cipherSuites',
		positive: gw(https('{ mode: SIMPLE, credentialName: c, minProtocolVersion: TLSV1_1 }')),
		negative: gw(
			https(
				'{ mode: SIMPLE, credentialName: c, minProtocolVersion: TLSV1_1, cipherSuites: [ECDHE-RSA-AES128-SHA] }',
			),
		),
	},
	{
		name: 'unknown cipher suite',
		code: 'IST0133',
		expect: 'unknown cipher suites',
		positive: gw(
			https(
				'{ mode: SIMPLE, credentialName: c, cipherSuites: [ECDHE-RSA-AES128-GCM-SHA999] }',
			),
		),
		negative: gw(
			https(
				'{ mode: SIMPLE, credentialName: c, cipherSuites: [ECDHE-RSA-AES128-GCM-SHA256] }',
			),
		),
	},
	{
		name: 'caCrl with credentialName',
		code: 'IST0106',
		expect: 'caCrl cannot be combined',
		positive: gw(https('{ mode: MUTUAL, credentialName: c, caCrl: /crl.pem }')),
		negative: gw(https('{ mode: MUTUAL, credentialName: c }')),
	},
	{
		name: 'dry-run on a Gateway',
		code: 'IST0106',
		expect: 'only works on an AuthorizationPolicy',
		positive: gw(
			https('{ mode: SIMPLE, credentialName: c }'),
			'{ name: r, namespace: shop, annotations: { istio.io/dry-run: "true" } }',
		),
		negative: gw(https('{ mode: SIMPLE, credentialName: c }')),
	},

	// VirtualService (validation.go ValidateVirtualService, virtualservice.go validateHTTPRoute …)
	{
		name: 'no routes at all',
		code: 'IST0106',
		expect: 'needs http, tcp or tls',
		positive: vs('hosts: [shop]'),
		negative: vs(route(to)),
	},
	{
		name: 'mesh VirtualService for every host',
		code: 'IST0106',
		expect: 'host "*" is not allowed',
		positive: vs(route(to, '["*"]')),
		negative: vs(`gateways: [edge/public]\n${route(to, '["*"]')}`),
	},
	{
		name: 'invalid host',
		code: 'IST0106',
		expect: 'invalid label',
		positive: vs(route(to, '[shop_api.example.com]')),
		negative: vs(route(to, '[shop-api.example.com]')),
	},
	{
		name: 'overlapping hosts',
		code: 'IST0106',
		expect: 'overlap',
		positive: vs(route(to, '["*.example.com", shop.example.com]')),
		negative: vs(route(to, '["*.example.com", shop.example.org]')),
	},
	{
		name: 'delegate with gateways',
		code: 'IST0106',
		expect: 'delegate VirtualService',
		positive: vs(`gateways: [edge/public]\nhttp:\n- ${to}`),
		negative: vs(`http:\n- ${to}`),
	},
	{
		name: 'legacy gateway name',
		code: 'IST0133',
		expect: 'legacy',
		positive: vs(`gateways: [public.edge]\n${route(to)}`),
		negative: vs(`gateways: [edge/public]\n${route(to)}`),
	},
	{
		name: 'invalid gateway namespace',
		code: 'IST0106',
		expect: 'not a namespace name',
		positive: vs(`gateways: [edge_ns/public]\n${route(to)}`),
		negative: vs(`gateways: [edge-ns/public, mesh]\n${route(to)}`),
	},
	{
		name: 'JWT claim routing for the mesh',
		code: 'IST0106',
		expect: 'JWT claim',
		positive: vs(
			route(
				`match: [{ headers: { "@request.auth.claims.group": { exact: admin } } }]\n  ${to}`,
			),
		),
		negative: vs(
			`gateways: [edge/public]\n${route(`match: [{ headers: { "@request.auth.claims.group": { exact: admin } } }]\n  ${to}`)}`,
		),
	},
	{
		name: 'rule without route',
		code: 'IST0106',
		expect: 'needs a route, a redirect or a directResponse',
		positive: vs(route('timeout: 5s')),
		negative: vs(route(`timeout: 5s\n  ${to}`)),
	},
	{
		name: 'redirect and route',
		code: 'IST0106',
		expect: 'both redirect and route',
		positive: vs(route(`redirect: { uri: /new }\n  ${to}`)),
		negative: vs(route('redirect: { uri: /new }')),
	},
	{
		name: 'directResponse and fault',
		code: 'IST0106',
		expect: 'both directResponse and fault',
		positive: vs(
			route('directResponse: { status: 503 }\n  fault: { abort: { httpStatus: 500 } }'),
		),
		negative: vs(route('directResponse: { status: 503 }')),
	},
	{
		name: 'mirror and mirrors',
		code: 'IST0106',
		expect: 'both mirror and mirrors',
		positive: vs(
			route(`mirror: { host: copy }\n  mirrors: [{ destination: { host: copy } }]\n  ${to}`),
		),
		negative: vs(route(`mirrors: [{ destination: { host: copy } }]\n  ${to}`)),
	},
	{
		name: 'invalid header match name',
		code: 'IST0106',
		expect: 'not a valid header name',
		positive: vs(route(`match: [{ headers: { "x user": { exact: a } } }]\n  ${to}`)),
		negative: vs(route(`match: [{ headers: { x-user: { exact: a } } }]\n  ${to}`)),
	},
	{
		name: 'empty prefix on a header',
		code: 'IST0106',
		expect: 'empty prefix',
		positive: vs(route(`match: [{ headers: { x-user: { prefix: "" } } }]\n  ${to}`)),
		negative: vs(
			route(`match: [{ uri: { prefix: "" }, headers: { x-user: { prefix: a } } }]\n  ${to}`),
		),
	},
	{
		name: 'regex RE2 cannot compile',
		code: 'IST0106',
		expect: 'lookaround',
		positive: vs(route(`match: [{ uri: { regex: "/api/(?!internal).*" } }]\n  ${to}`)),
		negative: vs(route(`match: [{ uri: { regex: "/api/[^i].*" } }]\n  ${to}`)),
	},
	{
		name: 'setting an Envoy pseudo-header',
		code: 'IST0106',
		expect: 'names starting with ":"',
		positive: vs(route(`headers: { request: { set: { ":path": /x } } }\n  ${to}`)),
		negative: vs(
			route(`headers: { request: { set: { ":authority": shop.example.com } } }\n  ${to}`),
		),
	},
	{
		name: 'removing the Host header',
		code: 'IST0106',
		expect: 'Host header',
		positive: vs(route(`headers: { response: { remove: [host] } }\n  ${to}`)),
		negative: vs(route(`headers: { response: { remove: [x-debug] } }\n  ${to}`)),
	},
	{
		name: 'authority rewritten twice',
		code: 'IST0106',
		expect: 'authority is rewritten more than once',
		positive: vs(
			route(
				`rewrite: { authority: a.example.com }\n  headers: { request: { set: { host: b.example.com } } }\n  ${to}`,
			),
		),
		negative: vs(route(`rewrite: { authority: a.example.com }\n  ${to}`)),
	},
	{
		name: 'lower-case CORS method',
		code: 'IST0106',
		expect: 'not an HTTP method',
		positive: vs(
			route(
				`corsPolicy: { allowOrigins: [{ exact: "https://a.example.com" }], allowMethods: [get] }\n  ${to}`,
			),
		),
		negative: vs(
			route(
				`corsPolicy: { allowOrigins: [{ exact: "https://a.example.com" }], allowMethods: [GET], allowHeaders: ["*"], maxAge: 24h }\n  ${to}`,
			),
		),
	},
	{
		name: 'CORS max age below a second',
		code: 'IST0106',
		expect: 'whole seconds',
		positive: vs(
			route(
				`corsPolicy: { allowOrigins: [{ exact: "https://a.example.com" }], maxAge: 1500ms }\n  ${to}`,
			),
		),
		negative: vs(
			route(
				`corsPolicy: { allowOrigins: [{ exact: "https://a.example.com" }], maxAge: 2s }\n  ${to}`,
			),
		),
	},
	{
		name: 'empty fault',
		code: 'IST0106',
		expect: 'needs an abort, a delay',
		positive: vs(route(`fault: {}\n  ${to}`)),
		negative: vs(
			route(`fault: { delay: { fixedDelay: 1s, percentage: { value: 10 } } }\n  ${to}`),
		),
	},
	{
		name: 'abort without an error',
		code: 'IST0133',
		expect: 'sets no httpStatus',
		positive: vs(route(`fault: { abort: { percentage: { value: 10 } } }\n  ${to}`)),
		negative: vs(
			route(`fault: { abort: { httpStatus: 503, percentage: { value: 10 } } }\n  ${to}`),
		),
	},
	{
		name: 'unknown gRPC status',
		code: 'IST0106',
		expect: 'gRPC status',
		positive: vs(route(`fault: { abort: { grpcStatus: NOTFOUND } }\n  ${to}`)),
		negative: vs(route(`fault: { abort: { grpcStatus: NOT_FOUND } }\n  ${to}`)),
	},
	{
		name: 'fault HTTP status out of range',
		code: 'IST0106',
		expect: 'not in 200..599',
		positive: vs(route(`fault: { abort: { httpStatus: 99 } }\n  ${to}`)),
		negative: vs(route(`fault: { abort: { httpStatus: 429 } }\n  ${to}`)),
	},
	{
		name: 'fault percentage too small',
		code: 'IST0106',
		expect: 'percentage',
		positive: vs(
			route(`fault: { delay: { fixedDelay: 1s, percentage: { value: 0.00001 } } }\n  ${to}`),
		),
		negative: vs(
			route(`fault: { delay: { fixedDelay: 1s, percentage: { value: 0.001 } } }\n  ${to}`),
		),
	},
	{
		name: 'mirror percentage over 100',
		code: 'IST0106',
		expect: 'mirrorPercentage',
		positive: vs(route(`mirror: { host: copy }\n  mirrorPercentage: { value: 120 }\n  ${to}`)),
		negative: vs(route(`mirror: { host: copy }\n  mirrorPercentage: { value: 20 }\n  ${to}`)),
	},
	{
		name: 'empty redirect',
		code: 'IST0106',
		expect: 'a redirect needs',
		positive: vs(route('redirect: { redirectCode: 301 }')),
		negative: vs(route('redirect: { uri: /new, redirectCode: 301 }')),
	},
	{
		name: 'redirect code not 3xx',
		code: 'IST0106',
		expect: 'not a redirect code',
		positive: vs(route('redirect: { uri: /new, redirectCode: 200 }')),
		negative: vs(route('redirect: { uri: /new, redirectCode: 308 }')),
	},
	{
		name: 'redirect scheme',
		code: 'IST0106',
		expect: 'must be "http" or "https"',
		positive: vs(route('redirect: { scheme: HTTPS }')),
		negative: vs(route('redirect: { scheme: https }')),
	},
	{
		name: 'retries without attempts',
		code: 'IST0106',
		expect: 'attempts is 0',
		positive: vs(route(`retries: { retryOn: 5xx }\n  ${to}`)),
		negative: vs(
			route(`retries: { attempts: 3, retryOn: "5xx,connect-failure,503" }\n  ${to}`),
		),
	},
	{
		name: 'unknown retryOn policy',
		code: 'IST0106',
		expect: 'not a retryOn policy',
		positive: vs(route(`retries: { attempts: 3, retryOn: "5xx,connection-failure" }\n  ${to}`)),
		negative: vs(route(`retries: { attempts: 3, retryOn: "5xx,connect-failure" }\n  ${to}`)),
	},
	{
		name: 'rewrite with nothing',
		code: 'IST0106',
		expect: 'a rewrite needs',
		positive: vs(route(`rewrite: {}\n  ${to}`)),
		negative: vs(route(`rewrite: { uri: /v2 }\n  ${to}`)),
	},
	{
		name: 'rewrite uri and regex',
		code: 'IST0106',
		expect: 'not both',
		positive: vs(
			route(`rewrite: { uri: /v2, uriRegexRewrite: { match: ^/v1, rewrite: /v2 } }\n  ${to}`),
		),
		negative: vs(route(`rewrite: { uriRegexRewrite: { match: ^/v1, rewrite: /v2 } }\n  ${to}`)),
	},
	{
		name: 'weights add up to 0',
		code: 'IST0106',
		expect: 'total weight of 0',
		positive: vs(
			route(
				'route: [{ destination: { host: a }, weight: 0 }, { destination: { host: b }, weight: 0 }]',
			),
		),
		negative: vs(
			route(
				'route: [{ destination: { host: a }, weight: 90 }, { destination: { host: b }, weight: 10 }]',
			),
		),
	},
	{
		name: 'destination host "*"',
		code: 'IST0106',
		expect: 'cannot be "*"',
		positive: vs(route('route: [{ destination: { host: "*" } }]')),
		negative: vs(route(to)),
	},
	{
		name: 'subset name not a DNS label',
		code: 'IST0106',
		expect: 'not a DNS label',
		positive: vs(route('route: [{ destination: { host: shop, subset: v1.2 } }]')),
		negative: vs(route('route: [{ destination: { host: shop, subset: v1-2 } }]')),
	},
	{
		name: 'direct response too large',
		code: 'IST0133',
		expect: 'over 100 KB',
		positive: vs(
			route(`directResponse: { status: 200, body: { string: "${'x'.repeat(110 * 1024)}" } }`),
		),
		negative: vs(route('directResponse: { status: 200, body: { string: "ok" } }')),
	},
	{
		name: 'SNI host outside the hosts',
		code: 'IST0106',
		expect: 'is not one of the VirtualService',
		positive: vs(
			'hosts: [shop.example.com]\ngateways: [edge/public]\ntls:\n- match: [{ sniHosts: [other.example.com] }]\n  route: [{ destination: { host: shop } }]',
		),
		negative: vs(
			'hosts: ["*.example.com"]\ngateways: [edge/public]\ntls:\n- match: [{ sniHosts: [shop.example.com] }]\n  route: [{ destination: { host: shop } }]',
		),
	},
	{
		name: 'SNI host that is an IP',
		code: 'IST0133',
		expect: 'IP address',
		positive: vs(
			'hosts: [shop.example.com]\ngateways: [edge/public]\ntls:\n- match: [{ sniHosts: [10.0.0.1] }]\n  route: [{ destination: { host: shop } }]',
		),
		negative: vs(
			'hosts: [shop.example.com]\ngateways: [edge/public]\ntls:\n- match: [{ sniHosts: [shop.example.com] }]\n  route: [{ destination: { host: shop } }]',
		),
	},
	{
		name: 'tcp rule without route',
		code: 'IST0106',
		expect: 'a tcp route needs a route',
		positive: vs('hosts: [db]\ntcp:\n- match: [{ port: 5432 }]'),
		negative: vs(
			'hosts: [db]\ntcp:\n- match: [{ port: 5432 }]\n  route: [{ destination: { host: db } }]',
		),
	},
	{
		name: 'bad destination subnet',
		code: 'IST0106',
		expect: 'not an IP address or CIDR',
		positive: vs(
			'hosts: [db]\ntcp:\n- match: [{ destinationSubnets: [10.0.0/8] }]\n  route: [{ destination: { host: db } }]',
		),
		negative: vs(
			'hosts: [db]\ntcp:\n- match: [{ destinationSubnets: [10.0.0.0/8, "2001:db8::/32"] }]\n  route: [{ destination: { host: db } }]',
		),
	},
	{
		name: 'exportTo with "~"',
		code: 'IST0106',
		expect: 'only allowed on a ServiceEntry',
		positive: vs(`exportTo: ["~"]\n${route(to)}`),
		negative: vs(`exportTo: [".", prod]\n${route(to)}`),
	},
	{
		name: 'exportTo "." and the own namespace',
		code: 'IST0106',
		expect: 'both "." and the own namespace',
		positive: vs(`exportTo: [shop, "."]\n${route(to)}`),
		negative: vs(`exportTo: ["."]\n${route(to)}`),
	},

	// DestinationRule (validation.go ValidateDestinationRule, validateTrafficPolicy …; agent.ValidateTLS)
	{
		name: 'invalid DestinationRule host',
		code: 'IST0106',
		expect: 'invalid label',
		positive: dr('host: shop_api'),
		negative: dr('host: shop-api'),
	},
	{
		name: 'empty traffic policy',
		code: 'IST0106',
		expect: 'at least one setting',
		positive: dr(policy('{}')),
		negative: dr(policy('{ loadBalancer: { simple: RANDOM } }')),
	},
	{
		name: 'tunnel with proxyProtocol',
		code: 'IST0106',
		expect: 'tunnel and proxyProtocol',
		positive: dr(
			policy(
				'{ tunnel: { targetHost: proxy.example.com, targetPort: 8080 }, proxyProtocol: { version: V1 } }',
			),
		),
		negative: dr(policy('{ tunnel: { targetHost: proxy.example.com, targetPort: 8080 } }')),
	},
	{
		name: 'local origin failures without splitting',
		code: 'IST0106',
		expect: 'splitExternalLocalOriginErrors',
		positive: dr(policy('{ outlierDetection: { consecutiveLocalOriginFailures: 3 } }')),
		negative: dr(
			policy(
				'{ outlierDetection: { consecutiveLocalOriginFailures: 3, splitExternalLocalOriginErrors: true } }',
			),
		),
	},
	{
		name: 'empty connection pool',
		code: 'IST0106',
		expect: 'needs http or tcp',
		positive: dr(policy('{ connectionPool: {} }')),
		negative: dr(policy('{ connectionPool: { tcp: { maxConnections: 10 } } }')),
	},
	{
		name: 'upgrade with client protocol',
		code: 'IST0106',
		expect: 'useClientProtocol',
		positive: dr(
			policy(
				'{ connectionPool: { http: { h2UpgradePolicy: UPGRADE, useClientProtocol: true } } }',
			),
		),
		negative: dr(policy('{ connectionPool: { http: { h2UpgradePolicy: UPGRADE } } }')),
	},
	{
		name: 'maglev table size not prime',
		code: 'IST0106',
		expect: 'prime',
		positive: dr(
			policy(
				'{ loadBalancer: { consistentHash: { httpHeaderName: x-user, maglev: { tableSize: 1000 } } } }',
			),
		),
		negative: dr(
			policy(
				'{ loadBalancer: { consistentHash: { httpHeaderName: x-user, maglev: { tableSize: 65537 } } } }',
			),
		),
	},
	{
		name: 'distribute and failover',
		code: 'IST0106',
		expect: 'cannot be set together',
		positive: dr(
			policy(
				'{ outlierDetection: { consecutive5xxErrors: 5 }, loadBalancer: { localityLbSetting: { distribute: [{ from: "eu/*", to: { "eu/*": 100 } }], failover: [{ from: eu, to: us }] } } }',
			),
		),
		negative: dr(
			policy(
				'{ loadBalancer: { localityLbSetting: { distribute: [{ from: "eu/*", to: { "eu/*": 80, "us/*": 20 } }] } } }',
			),
		),
	},
	{
		name: 'locality weights not 100',
		code: 'IST0106',
		expect: 'add up to 90',
		positive: dr(
			policy(
				'{ loadBalancer: { localityLbSetting: { distribute: [{ from: "eu/*", to: { "eu/*": 80, "us/*": 10 } }] } } }',
			),
		),
		negative: dr(
			policy(
				'{ loadBalancer: { localityLbSetting: { distribute: [{ from: "eu/*", to: { "eu/*": 90, "us/*": 10 } }] } } }',
			),
		),
	},
	{
		name: 'failover to the same region',
		code: 'IST0106',
		expect: 'another region',
		positive: dr(
			policy(
				'{ outlierDetection: { consecutive5xxErrors: 5 }, loadBalancer: { localityLbSetting: { failover: [{ from: eu, to: eu }] } } }',
			),
		),
		negative: dr(
			policy(
				'{ outlierDetection: { consecutive5xxErrors: 5 }, loadBalancer: { localityLbSetting: { failover: [{ from: eu, to: us }] } } }',
			),
		),
	},
	{
		name: 'failover without outlier detection',
		code: 'IST0133',
		expect: 'outlierDetection',
		positive: dr(
			policy(
				'{ loadBalancer: { localityLbSetting: { failoverPriority: [topology.kubernetes.io/region] } } }',
			),
		),
		negative: dr(
			policy(
				'{ outlierDetection: { consecutive5xxErrors: 5 }, loadBalancer: { localityLbSetting: { failoverPriority: [topology.kubernetes.io/region] } } }',
			),
		),
	},
	{
		name: 'insecureSkipVerify with a CA',
		code: 'IST0106',
		expect: 'insecureSkipVerify',
		positive: dr(
			policy('{ tls: { mode: SIMPLE, insecureSkipVerify: true, caCertificates: /ca.pem } }'),
		),
		negative: dr(policy('{ tls: { mode: SIMPLE, insecureSkipVerify: true } }')),
	},
	{
		name: 'credentialName with files',
		code: 'IST0106',
		expect: 'come from the secret',
		positive: dr(
			policy('{ tls: { mode: MUTUAL, credentialName: c, clientCertificate: /c.pem } }'),
		),
		negative: dr(policy('{ tls: { mode: MUTUAL, credentialName: c } }')),
	},
	{
		name: 'MUTUAL without client certificate',
		code: 'IST0106',
		expect: 'needs clientCertificate',
		positive: dr(policy('{ tls: { mode: MUTUAL, privateKey: /k.pem } }')),
		negative: dr(
			policy('{ tls: { mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem } }'),
		),
	},
	{
		name: 'port-level policy without port',
		code: 'IST0106',
		expect: 'needs a port',
		positive: dr(policy('{ portLevelSettings: [{ loadBalancer: { simple: RANDOM } }] }')),
		negative: dr(
			policy(
				'{ portLevelSettings: [{ port: { number: 80 }, loadBalancer: { simple: RANDOM } }] }',
			),
		),
	},
	{
		name: 'duplicate subset names',
		code: 'IST0106',
		expect: 'used twice',
		positive: dr(
			'host: shop\nsubsets: [{ name: v1, labels: { version: v1 } }, { name: v1, labels: { version: v2 } }]',
		),
		negative: dr(
			'host: shop\nsubsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }]',
		),
	},
	{
		name: 'subset name with a dot',
		code: 'IST0106',
		expect: 'not a DNS label',
		positive: dr('host: shop\nsubsets: [{ name: v1.0, labels: { version: v1 } }]'),
		negative: dr('host: shop\nsubsets: [{ name: v1-0, labels: { version: v1 } }]'),
	},
	{
		name: 'invalid subset label value',
		code: 'IST0106',
		expect: 'not a valid label value',
		positive: dr('host: shop\nsubsets: [{ name: v1, labels: { version: "v1 beta" } }]'),
		negative: dr('host: shop\nsubsets: [{ name: v1, labels: { version: v1-beta } }]'),
	},
	{
		name: 'selector DR exported elsewhere',
		code: 'IST0106',
		expect: 'own namespace',
		positive: dr(
			'host: shop\nworkloadSelector: { matchLabels: { app: web } }\nexportTo: [prod]',
		),
		negative: dr(
			'host: shop\nworkloadSelector: { matchLabels: { app: web } }\nexportTo: ["."]',
		),
	},
	{
		name: 'DR selector without labels',
		code: 'IST0133',
		expect: 'has no labels',
		positive: dr('host: shop\nworkloadSelector: {}'),
		negative: dr('host: shop\nworkloadSelector: { matchLabels: { app: web } }'),
	},

	// Sidecar (validation.go ValidateSidecar)
	{
		name: 'empty Sidecar',
		code: 'IST0106',
		expect: 'configures nothing',
		positive: sc('workloadSelector: { labels: { app: web } }'),
		negative: sc('egress: [{ hosts: ["./*"] }]'),
	},
	{
		name: 'egress host without namespace',
		code: 'IST0106',
		expect: 'must be <namespace>/<host>',
		positive: sc('egress: [{ hosts: [shop.example.com] }]'),
		negative: sc('egress: [{ hosts: ["./shop.example.com", "istio-system/*", "~/*"] }]'),
	},
	{
		name: 'egress short host',
		code: 'IST0106',
		expect: 'short name',
		positive: sc('egress: [{ hosts: ["./shop"] }]'),
		negative: sc('egress: [{ hosts: ["./shop.shop.svc.cluster.local"] }]'),
	},
	{
		name: 'repeated egress host',
		code: 'IST0133',
		expect: 'repeats',
		positive: sc('egress: [{ hosts: ["./*", "./a.example.com"] }]'),
		negative: sc('egress: [{ hosts: ["./*", "prod/a.example.com"] }]'),
	},
	{
		name: '*/* with other hosts',
		code: 'IST0133',
		expect: 'already selects every host',
		positive: sc('egress: [{ hosts: ["*/*", "prod/*"] }]'),
		negative: sc('egress: [{ hosts: ["*/*"] }]'),
	},
	{
		name: 'catch-all egress not last',
		code: 'IST0106',
		expect: 'must be the last',
		positive: sc(
			'egress:\n- hosts: ["./*"]\n- port: { number: 9080, protocol: HTTP, name: web }\n  hosts: ["./*"]',
		),
		negative: sc(
			'egress:\n- port: { number: 9080, protocol: HTTP, name: web }\n  hosts: ["./*"]\n- hosts: ["./*"]',
		),
	},
	{
		name: 'duplicate egress ports',
		code: 'IST0106',
		expect: 'used by another egress listener',
		positive: sc(
			'egress:\n- port: { number: 9080, protocol: HTTP, name: a }\n  hosts: ["./*"]\n- port: { number: 9080, protocol: HTTP, name: b }\n  hosts: ["prod/*"]',
		),
		negative: sc(
			'egress:\n- port: { number: 9080, protocol: HTTP, name: a }\n  hosts: ["./*"]\n- port: { number: 9090, protocol: HTTP, name: b }\n  hosts: ["prod/*"]',
		),
	},
	{
		name: 'ingress defaultEndpoint host',
		code: 'IST0106',
		expect: 'defaultEndpoint',
		positive: sc(
			'ingress: [{ port: { number: 9080, protocol: HTTP, name: web }, defaultEndpoint: "10.0.0.5:8080" }]',
		),
		negative: sc(
			'ingress: [{ port: { number: 9080, protocol: HTTP, name: web }, defaultEndpoint: "127.0.0.1:8080" }]',
		),
	},
	{
		name: 'ingress ISTIO_MUTUAL',
		code: 'IST0106',
		expect: 'cannot be used in Sidecar ingress tls',
		positive: sc(
			'ingress: [{ port: { number: 9080, protocol: HTTPS, name: web }, defaultEndpoint: "127.0.0.1:8080", tls: { mode: ISTIO_MUTUAL } }]',
		),
		negative: sc(
			'ingress: [{ port: { number: 9080, protocol: HTTPS, name: web }, defaultEndpoint: "127.0.0.1:8080", tls: { mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem } }]',
		),
	},
	{
		name: 'HTTP pool on a TCP port',
		code: 'IST0133',
		expect: 'only the tcp settings apply',
		positive: sc(
			'ingress: [{ port: { number: 5432, protocol: TCP, name: db }, defaultEndpoint: "127.0.0.1:5432", connectionPool: { http: { maxRetries: 3 } } }]',
		),
		negative: sc(
			'ingress: [{ port: { number: 5432, protocol: TCP, name: db }, defaultEndpoint: "127.0.0.1:5432", connectionPool: { tcp: { maxConnections: 10 } } }]',
		),
	},
	{
		name: 'egressProxy without ALLOW_ANY',
		code: 'IST0106',
		expect: 'ALLOW_ANY',
		positive: sc(
			'outboundTrafficPolicy: { mode: REGISTRY_ONLY, egressProxy: { host: proxy.example.com } }',
		),
		negative: sc('outboundTrafficPolicy: { mode: REGISTRY_ONLY }'),
	},
	{
		name: 'Sidecar selector without labels',
		code: 'IST0133',
		expect: 'has no labels',
		positive: sc('workloadSelector: {}\negress: [{ hosts: ["./*"] }]'),
		negative: sc('workloadSelector: { labels: { app: web } }\negress: [{ hosts: ["./*"] }]'),
	},

	// ServiceEntry (validation.go ValidateServiceEntry)
	{
		name: 'DNS with a wildcard host and no endpoints',
		code: 'IST0106',
		expect: 'must be a resolvable name',
		positive: se(
			'hosts: ["*.example.com"]\nports: [{ number: 443, name: tls, protocol: TLS }]\nresolution: DNS',
		),
		negative: se(
			'hosts: ["*.example.com"]\nports: [{ number: 443, name: tls, protocol: TLS }]\nresolution: NONE',
		),
	},
	{
		name: 'several hosts on a TCP port',
		code: 'IST0106',
		expect: 'cannot tell the hosts apart',
		positive: se(
			'hosts: [a.example.com, b.example.com]\nports: [{ number: 5432, name: db, protocol: TCP }]\nresolution: DNS',
		),
		negative: se(
			'hosts: [a.example.com, b.example.com]\nports: [{ number: 443, name: tls, protocol: TLS }]\nresolution: DNS',
		),
	},
	{
		name: 'endpoint port not declared',
		code: 'IST0106',
		expect: 'not one of the ServiceEntry',
		positive: se(
			'hosts: [db.example.com]\nports: [{ number: 5432, name: tcp-db, protocol: TCP }]\nresolution: STATIC\naddresses: [10.1.0.1]\nendpoints: [{ address: 10.0.0.1, ports: { db: 5432 } }]',
		),
		negative: se(
			'hosts: [db.example.com]\nports: [{ number: 5432, name: tcp-db, protocol: TCP }]\nresolution: STATIC\naddresses: [10.1.0.1]\nendpoints: [{ address: 10.0.0.1, ports: { tcp-db: 5432 } }]',
		),
	},
	{
		name: 'STATIC endpoint with a host name',
		code: 'IST0106',
		expect: 'must be an IP address',
		positive: se(
			'hosts: [db.example.com]\nports: [{ number: 80, name: http, protocol: HTTP }]\nresolution: STATIC\nendpoints: [{ address: db1.example.com }]',
		),
		negative: se(
			'hosts: [db.example.com]\nports: [{ number: 80, name: http, protocol: HTTP }]\nresolution: STATIC\nendpoints: [{ address: 10.0.0.7 }]',
		),
	},
	{
		name: 'partial wildcard ServiceEntry host',
		code: 'IST0106',
		expect: 'invalid label',
		positive: se(
			'hosts: ["api.*.example.com"]\nports: [{ number: 80, name: http, protocol: HTTP }]',
		),
		negative: se(
			'hosts: ["*.example.com"]\nports: [{ number: 80, name: http, protocol: HTTP }]',
		),
	},
	{
		name: 'wildcard suffix in the first label',
		code: 'IST0133',
		expect: 'partial wildcard',
		positive: se(
			'hosts: ["*api.example.com"]\nports: [{ number: 80, name: http, protocol: HTTP }]',
		),
		negative: se(
			'hosts: ["*.api.example.com"]\nports: [{ number: 80, name: http, protocol: HTTP }]',
		),
	},
	{
		name: 'selector with DNS resolution',
		code: 'IST0133',
		expect: 'no effect with resolution DNS',
		positive: se(
			'hosts: [api.example.com]\nports: [{ number: 80, name: http, protocol: HTTP }]\nresolution: DNS\nworkloadSelector: { labels: { app: api } }',
		),
		negative: se(
			'hosts: [api.example.com]\nports: [{ number: 80, name: http, protocol: HTTP }]\nresolution: STATIC\nworkloadSelector: { labels: { app: api } }',
		),
	},
	{
		name: 'bad ServiceEntry address',
		code: 'IST0106',
		expect: 'not an IP address or CIDR',
		positive: se(
			'hosts: [api.example.com]\naddresses: [10.0.0.300]\nports: [{ number: 80, name: http, protocol: HTTP }]',
		),
		negative: se(
			'hosts: [api.example.com]\naddresses: [10.0.0.3]\nports: [{ number: 80, name: http, protocol: HTTP }]',
		),
	},
	{
		name: 'unknown ServiceEntry protocol',
		code: 'IST0106',
		expect: 'unknown protocol',
		positive: se(
			'hosts: [api.example.com]\nports: [{ number: 80, name: http, protocol: WEB }]',
		),
		negative: se(
			'hosts: [api.example.com]\nports: [{ number: 80, name: http, protocol: HTTP }]',
		),
	},

	// AuthorizationPolicy (validation.go ValidateAuthorizationPolicy; security.go ValidateAttribute)
	{
		name: 'DENY without rules',
		code: 'IST0106',
		expect: 'never triggers',
		positive: ap('action: DENY'),
		negative: ap(
			'action: DENY\nrules: [{ to: [{ operation: { ports: ["8080"], paths: [/admin] } }] }, { from: [{ source: { serviceAccounts: [shop/client] } }] }]',
		),
	},
	{
		name: 'CUSTOM without provider',
		code: 'IST0106',
		expect: 'provider.name',
		positive: ap('action: CUSTOM\nrules: [{}]'),
		negative: ap('action: CUSTOM\nprovider: { name: ext-authz }\nrules: [{}]'),
	},
	{
		name: 'provider without CUSTOM',
		code: 'IST0106',
		expect: 'only works with the CUSTOM action',
		positive: ap('provider: { name: ext-authz }\nrules: [{}]'),
		negative: ap('rules: [{}]'),
	},
	{
		name: 'CUSTOM with principals',
		code: 'IST0106',
		expect: 'cannot be used with the CUSTOM action',
		positive: ap(
			'action: CUSTOM\nprovider: { name: ext-authz }\nrules: [{ from: [{ source: { principals: [cluster.local/ns/a/sa/b] } }] }]',
		),
		negative: ap(
			'action: CUSTOM\nprovider: { name: ext-authz }\nrules: [{ to: [{ operation: { paths: [/api/*] } }] }]',
		),
	},
	{
		name: 'empty source',
		code: 'IST0106',
		expect: 'the source sets nothing',
		positive: ap('rules: [{ from: [{ source: {} }] }]'),
		negative: ap('rules: [{ from: [{ source: { namespaces: [prod] } }] }]'),
	},
	{
		name: 'empty string value',
		code: 'IST0106',
		expect: 'empty string',
		positive: ap('rules: [{ to: [{ operation: { methods: [GET, ""] } }] }]'),
		negative: ap('rules: [{ to: [{ operation: { methods: [GET] } }] }]'),
	},
	{
		name: 'bad ipBlock',
		code: 'IST0106',
		expect: 'not an IP address or CIDR',
		positive: ap('rules: [{ from: [{ source: { ipBlocks: [10.0.0.0/33] } }] }]'),
		negative: ap('rules: [{ from: [{ source: { ipBlocks: [10.0.0.0/8] } }] }]'),
	},
	{
		name: 'unknown condition key',
		code: 'IST0106',
		expect: 'not an attribute Istio knows',
		positive: ap('rules: [{ when: [{ key: "request.header[x-user]", values: [a] }] }]'),
		negative: ap(
			'rules: [{ when: [{ key: "request.headers[x-user]", values: [a] }, { key: "request.auth.claims[groups]", values: [admin] }] }]',
		),
	},
	{
		name: 'condition without values',
		code: 'IST0106',
		expect: 'needs values or notValues',
		positive: ap('rules: [{ when: [{ key: source.ip }] }]'),
		negative: ap('rules: [{ when: [{ key: source.ip, notValues: [10.0.0.0/8] }] }]'),
	},
	{
		name: 'unsupported path template',
		code: 'IST0106',
		expect: 'path template',
		positive: ap('rules: [{ to: [{ operation: { paths: ["/api/{*}/{id}"] } }] }]'),
		negative: ap('rules: [{ to: [{ operation: { paths: ["/api/{*}/items"] } }] }]'),
	},
	{
		name: 'DENY with HTTP attributes only',
		code: 'IST0133',
		expect: 'TCP ports',
		positive: ap('action: DENY\nrules: [{ to: [{ operation: { paths: [/admin] } }] }]'),
		negative: ap(
			'action: DENY\nrules: [{ to: [{ operation: { ports: ["8080"], paths: [/admin] } }] }]',
		),
	},
	{
		name: 'dry-run not a boolean',
		code: 'IST0106',
		expect: 'must be true or false',
		positive: ap(
			'action: DENY\nrules: [{ from: [{ source: { namespaces: [x] } }] }]',
			'{ name: r, namespace: shop, annotations: { istio.io/dry-run: "yes" } }',
		),
		negative: ap(
			'action: DENY\nrules: [{ from: [{ source: { namespaces: [x] } }] }]',
			'{ name: r, namespace: shop, annotations: { istio.io/dry-run: "true" } }',
		),
	},
	{
		name: 'targetRef to a Deployment',
		code: 'IST0106',
		expect: 'can target a Service',
		positive: ap('targetRefs: [{ kind: Deployment, group: apps, name: web }]\nrules: [{}]'),
		negative: ap(
			'targetRefs: [{ kind: Gateway, group: gateway.networking.k8s.io, name: web }, { kind: Service, group: "", name: api }]\nrules: [{}]',
		),
	},
	{
		name: 'AuthorizationPolicy selector without labels',
		code: 'IST0133',
		expect: 'has no labels',
		positive: ap('selector: {}\nrules: [{}]'),
		negative: ap('selector: { matchLabels: { app: web } }\nrules: [{}]'),
	},

	// PeerAuthentication, RequestAuthentication, Telemetry, EnvoyFilter
	{
		name: 'PeerAuthentication selector without labels',
		code: 'IST0133',
		expect: 'has no labels',
		positive: pa('selector: { matchLabels: {} }\nmtls: { mode: STRICT }'),
		negative: pa('mtls: { mode: STRICT }'),
	},
	{
		name: 'JWT rule without issuer',
		code: 'IST0106',
		expect: 'needs an issuer',
		positive: ra('jwtRules: [{ jwksUri: "https://idp.example.com/jwks" }]'),
		negative: ra(
			'jwtRules: [{ issuer: "https://idp.example.com", jwksUri: "https://idp.example.com/jwks" }]',
		),
	},
	{
		name: 'inline JWKS that is not a key set',
		code: 'IST0106',
		expect: 'not a JSON Web Key Set',
		positive: ra('jwtRules: [{ issuer: a, jwks: "{keys: []}" }]'),
		negative: ra('jwtRules: [{ issuer: a, jwks: \'{"keys": []}\' }]'),
	},
	{
		name: 'several tracing providers',
		code: 'IST0133',
		expect: 'only one tracing provider',
		positive: tel('tracing: [{ providers: [{ name: zipkin }, { name: otel }] }]'),
		negative: tel('tracing: [{ providers: [{ name: otel }] }]'),
	},
	{
		name: 'sampling over 100',
		code: 'IST0106',
		expect: 'randomSamplingPercentage',
		positive: tel('tracing: [{ randomSamplingPercentage: 150 }]'),
		negative: tel('tracing: [{ randomSamplingPercentage: 15 }]'),
	},
	{
		name: 'deprecated Envoy filter name',
		code: 'IST0133',
		expect: 'is deprecated',
		positive: ef(
			'configPatches:\n- applyTo: HTTP_FILTER\n  match: { listener: { filterChain: { filter: { name: envoy.http_connection_manager } } } }\n  patch: { operation: INSERT_BEFORE, value: { name: x } }',
		),
		negative: ef(
			'configPatches:\n- applyTo: HTTP_FILTER\n  match: { listener: { filterChain: { filter: { name: envoy.filters.network.http_connection_manager } } } }\n  patch: { operation: INSERT_BEFORE, value: { name: x } }',
		),
	},
	{
		name: 'patch without value',
		code: 'IST0106',
		expect: 'needs a value',
		positive: ef('configPatches:\n- applyTo: CLUSTER\n  patch: { operation: MERGE }'),
		negative: ef(
			'configPatches:\n- applyTo: CLUSTER\n  patch: { operation: MERGE, value: { connect_timeout: 1s } }',
		),
	},
	{
		name: 'cluster patch with a listener match',
		code: 'IST0106',
		expect: 'needs a cluster match',
		positive: ef(
			'configPatches:\n- applyTo: CLUSTER\n  match: { listener: { portNumber: 80 } }\n  patch: { operation: MERGE, value: { connect_timeout: 1s } }',
		),
		negative: ef(
			'configPatches:\n- applyTo: CLUSTER\n  match: { cluster: { portNumber: 80 } }\n  patch: { operation: MERGE, value: { connect_timeout: 1s } }',
		),
	},
	{
		name: 'subFilter with NETWORK_FILTER',
		code: 'IST0106',
		expect: 'only works with applyTo HTTP_FILTER',
		positive: ef(
			'configPatches:\n- applyTo: NETWORK_FILTER\n  match: { listener: { filterChain: { filter: { name: envoy.filters.network.http_connection_manager, subFilter: { name: envoy.filters.http.router } } } } }\n  patch: { operation: INSERT_BEFORE, value: { name: x } }',
		),
		negative: ef(
			'configPatches:\n- applyTo: HTTP_FILTER\n  match: { listener: { filterChain: { filter: { name: envoy.filters.network.http_connection_manager, subFilter: { name: envoy.filters.http.router } } } } }\n  patch: { operation: INSERT_BEFORE, value: { name: x } }',
		),
	},

	// WorkloadEntry, WorkloadGroup, ProxyConfig, WasmPlugin (validation.go)
	{
		name: 'WorkloadEntry address that is no host',
		code: 'IST0106',
		expect: 'neither a host name nor an IP',
		positive: we('address: vm_1.example.com'),
		negative: we('address: vm-1.example.com'),
	},
	{
		name: 'WorkloadEntry with a network only',
		code: 'IST0133',
		expect: 'no address',
		positive: we('network: vpc-1'),
		negative: we('address: 10.0.0.9\nnetwork: vpc-1'),
	},
	{
		name: 'WorkloadEntry label value',
		code: 'IST0106',
		expect: 'not a valid label value',
		positive: we('address: 10.0.0.9\nlabels: { app: "my app" }'),
		negative: we('address: 10.0.0.9\nlabels: { app: my-app }'),
	},
	{
		name: 'WorkloadGroup exec probe without command',
		code: 'IST0106',
		expect: 'needs a command',
		positive: wg('template: { serviceAccount: vm }\nprobe: { exec: { command: [] } }'),
		negative: wg('template: { serviceAccount: vm }\nprobe: { exec: { command: [/bin/true] } }'),
	},
	{
		name: 'negative ProxyConfig concurrency',
		code: 'IST0106',
		expect: 'concurrency cannot be negative',
		positive: pc('concurrency: -1'),
		negative: pc('concurrency: 0'),
	},
	{
		name: 'WasmPlugin targetRef to a Pod',
		code: 'IST0106',
		expect: 'can target a Service',
		positive: wasm(
			'url: oci://example.com/filter:1\ntargetRefs: [{ kind: Pod, group: "", name: web }]',
		),
		negative: wasm(
			'url: oci://example.com/filter:1\ntargetRefs: [{ kind: Gateway, group: gateway.networking.k8s.io, name: web }]',
		),
	},
];
