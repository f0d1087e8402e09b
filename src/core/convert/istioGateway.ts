import type { ConvertContext, Field } from './context';
import { compact, copyMeta, dnsName, GATEWAY_API_V1, namespaceOf } from './util';

/** Istio server protocols and the Gateway API listener protocol they become. */
const PROTOCOLS: Record<string, string> = {
	HTTP: 'HTTP',
	HTTPS: 'HTTPS',
	HTTP2: 'HTTP',
	GRPC: 'HTTP',
	TLS: 'TLS',
	TCP: 'TCP',
	MONGO: 'TCP',
	REDIS: 'TCP',
	MYSQL: 'TCP',
};

/** The TLS settings that have no Gateway API listener field. */
const TLS_LOST: Record<string, readonly [string, string]> = {
	httpsRedirect: [
		'Gateway API listeners do not redirect to HTTPS',
		'an HTTPRoute on the HTTP listener with a RequestRedirect filter (scheme: https)',
	],
	minProtocolVersion: [
		'no standard listener field',
		'listener tls.options (implementation-specific)',
	],
	maxProtocolVersion: [
		'no standard listener field',
		'listener tls.options (implementation-specific)',
	],
	cipherSuites: ['no standard listener field', 'listener tls.options (implementation-specific)'],
	ecdhCurves: ['no standard listener field', 'listener tls.options (implementation-specific)'],
	subjectAltNames: [
		'client certificate SAN checks have no Gateway API field',
		'Gateway spec.tls.frontend validation (CA only)',
	],
	verifyCertificateSpki: [
		'no Gateway API field',
		'Gateway spec.tls.frontend validation (CA only)',
	],
	verifyCertificateHash: [
		'no Gateway API field',
		'Gateway spec.tls.frontend validation (CA only)',
	],
	caCertificates: [
		'file paths in the proxy have no Gateway API form',
		'Gateway spec.tls.frontend.default.validation.caCertificateRefs (a ConfigMap)',
	],
	caCrl: ['certificate revocation lists have no Gateway API field', 'none'],
	caCertCredentialName: [
		'client CA secrets are set per Gateway in Gateway API',
		'Gateway spec.tls.frontend.default.validation.caCertificateRefs',
	],
	serverCertificate: [
		'file paths in the proxy have no Gateway API form',
		'a Secret in certificateRefs',
	],
	privateKey: ['file paths in the proxy have no Gateway API form', 'a Secret in certificateRefs'],
	insecureSkipVerify: ['no Gateway API field', 'none'],
	tlsCertificates: [
		'inline certificate files have no Gateway API form',
		'a Secret in certificateRefs',
	],
};

/**
 * An Istio ingress Gateway as a Gateway API Gateway of class `istio`: one listener per server host.
 * Returns the namespace it lands in.
 */
export function convertIstioGateway(ctx: ConvertContext, gw: Field): void {
	const spec = gw.get('spec');
	const listeners: Record<string, unknown>[] = [];
	const out = ctx.emit({
		apiVersion: GATEWAY_API_V1,
		kind: 'Gateway',
		metadata: {},
		spec: { gatewayClassName: 'istio', listeners },
	});
	copyMeta(gw, out);
	const ownNs = namespaceOf(gw, ctx.defaultNamespace);
	spec.get('selector').info([
		'a Gateway API Gateway of class istio gets its own deployment, so the selector of an existing ingress deployment is not used',
		'to keep the existing deployment, see Istio "manual deployment" for Gateway API',
	]);
	const names = new Set<string>();
	spec.get('servers')
		.items()
		.forEach((server, si) => {
			const port = server.get('port');
			const number = port.get('number').num();
			const istioProto = (port.get('protocol').str() ?? 'HTTP').toUpperCase();
			let protocol = PROTOCOLS[istioProto] ?? 'TCP';
			out.useAll(
				port.get('number'),
				port.get('protocol'),
				port.get('name'),
				server.get('name'),
			);
			if (istioProto === 'GRPC' || istioProto === 'HTTP2')
				port.get('protocol').info(
					`${istioProto} became an HTTP listener (routes carry gRPC and HTTP/2)`,
				);
			else if (!PROTOCOLS[istioProto])
				port.get('protocol').info(`${istioProto} became a TCP listener`);
			const tls = server.get('tls');
			const mode = tls.get('mode').str();
			let listenerTls: Record<string, unknown> | undefined;
			if (mode === 'PASSTHROUGH') {
				protocol = 'TLS';
				listenerTls = { mode: 'Passthrough' };
				out.use(tls.get('mode'));
			} else if (mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') {
				if (protocol === 'HTTP') protocol = 'HTTPS';
				const refs: Record<string, unknown>[] = [];
				const cred = tls.get('credentialName').str();
				if (cred) refs.push({ kind: 'Secret', name: cred });
				for (const c of tls.get('credentialNames').items())
					if (typeof c.value === 'string') refs.push({ kind: 'Secret', name: c.value });
				listenerTls = compact({ mode: 'Terminate', certificateRefs: refs });
				out.useAll(tls.get('mode'), tls.get('credentialName'), tls.get('credentialNames'));
				if (mode !== 'SIMPLE')
					tls.get('mode').info([
						`${mode} (client certificates) needs frontend validation, which Gateway API sets per Gateway, not per listener`,
						'Gateway spec.tls.frontend.default.validation',
					]);
			} else if (mode) {
				tls.get('mode').lost([
					`${mode} has no Gateway API listener form`,
					mode === 'AUTO_PASSTHROUGH'
						? 'an east-west gateway installed by istioctl (multi-cluster)'
						: 'a Terminate listener',
				]);
			}
			tls.rest(TLS_LOST);
			const hosts = server.get('hosts').items();
			const base = dnsName(
				server.get('name').str() ?? port.get('name').str() ?? `server-${si}`,
			);
			hosts.forEach((h, hi) => {
				const raw = h.str() ?? '*';
				const slash = raw.indexOf('/');
				const nsPart = slash === -1 ? '*' : raw.slice(0, slash);
				const given = slash === -1 ? raw : raw.slice(slash + 1);
				// Host names are case-insensitive; Gateway API accepts lower case only.
				const host = given.toLowerCase();
				if (host !== given) h.info(`written in lower case as ${host}`);
				let name = hosts.length > 1 ? `${base}-${hi}` : base;
				while (names.has(name)) name = `${name}-${si}`;
				names.add(name);
				const from =
					nsPart === '*'
						? { from: 'All' }
						: nsPart === '.' || nsPart === ownNs
							? { from: 'Same' }
							: {
									from: 'Selector',
									selector: {
										matchLabels: { 'kubernetes.io/metadata.name': nsPart },
									},
								};
				const listener: Record<string, unknown> = {
					name,
					port: number,
					protocol,
					...(host !== '*' && protocol !== 'TCP' ? { hostname: host } : {}),
					...(listenerTls ? { tls: listenerTls } : {}),
					allowedRoutes: { namespaces: from },
				};
				if (host !== '*' && protocol === 'TCP')
					h.info(
						'TCP listeners have no hostname; the host was dropped from the listener',
					);
				listeners.push(compact(listener));
				out.use(h);
			});
			if (!hosts.length) server.info('a server without hosts became no listener');
			server.rest({
				bind: ['Gateway API listeners do not bind to an address', 'Gateway spec.addresses'],
				defaultEndpoint:
					'Gateway API listeners forward to routes, not to a default endpoint',
			});
			port.rest({ targetPort: 'the Gateway API deployment chooses its own container ports' });
		});
	if (!listeners.length) {
		ctx.drop(out);
		ctx.note(gw.input, '', 'lost', [
			'no server with hosts, so no listener; a Gateway API Gateway needs at least one',
			'add servers with hosts',
		]);
	}
}
