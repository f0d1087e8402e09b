import { isRecord, type Field, type Out } from './context';
import { awsFields, type AppMeshEnv } from './appmeshIndex';
import {
	appMeshDuration,
	compact,
	copyMeta,
	GATEWAY_API_V1,
	gatewayDuration,
	namespaceOf,
	nameOf,
} from './util';

const INJECTION: Record<string, string> = {
	istio: 'label the namespaces istio-injection=enabled (sidecars) or istio.io/dataplane-mode=ambient',
	'istio-ambient': 'label the namespaces istio.io/dataplane-mode=ambient',
	linkerd: 'annotate the namespaces linkerd.io/inject: enabled',
	cilium: 'Cilium covers every pod of the cluster; nothing to select',
	'gateway-api': 'choose a mesh and enrol the namespaces its way',
	serviceprofile: 'annotate the namespaces linkerd.io/inject: enabled',
};

/** Mesh: nothing to create; how namespaces join and egress work is noted per target. */
export function convertMesh(env: AppMeshEnv, mesh: Field): void {
	const spec = mesh.get('spec');
	for (const f of [mesh.get('apiVersion'), mesh.get('kind'), mesh.get('metadata')]) f.consumed();
	spec.get('namespaceSelector').lost([
		'the target mesh does not select namespaces with a mesh object',
		INJECTION[env.target] ?? '',
	]);
	spec.get('egressFilter').lost([
		'egress filtering is set mesh-wide outside of resources',
		env.target.startsWith('istio')
			? 'meshConfig.outboundTrafficPolicy.mode: REGISTRY_ONLY (for DROP_ALL)'
			: env.target === 'linkerd'
				? 'an EgressNetwork with trafficPolicy Deny'
				: env.target === 'cilium'
					? 'a CiliumNetworkPolicy with egress rules'
					: 'a mesh-specific egress policy',
	]);
	spec.get('meshServiceDiscovery').lost(
		'IP family preference is a cluster setting, not a mesh resource',
	);
	spec.get('meshOwner').lost('the mesh is not shared across AWS accounts any more');
	awsFields(spec);
}

/** VirtualService: its name becomes the Service routes attach to; a node provider may need a route. */
export function convertVirtualService(env: AppMeshEnv, vs: Field): void {
	const ctx = env.ctx;
	const spec = vs.get('spec');
	const ns = namespaceOf(vs, ctx.defaultNamespace);
	const svc = env.virtualServiceService(vs);
	const router = spec.get('provider').get('virtualRouter');
	const node = spec.get('provider').get('virtualNode');
	for (const f of [vs.get('apiVersion'), vs.get('kind'), vs.get('metadata')]) f.consumed();
	if (router.present) {
		router.info(`the router's routes attach to the Service '${svc.name}' (parentRefs)`);
		spec.get('awsName').consumed();
	} else if (node.present) {
		const target = env.nodeService(node.get('virtualNodeRef'), ns);
		node.get('virtualNodeARN').lost('ARNs name nodes outside Kubernetes; use a Service');
		spec.get('awsName').consumed();
		if (target.name === svc.name && target.namespace === svc.namespace) {
			node.info(`clients call the Service '${svc.name}' directly; no route is needed`);
		} else {
			const group = env.target === 'linkerd' ? 'core' : '';
			const out = ctx.emit({
				apiVersion: GATEWAY_API_V1,
				kind: 'HTTPRoute',
				metadata: {},
				spec: {},
			});
			copyMeta(vs, out, { name: svc.name });
			out.use(node.get('virtualNodeRef'));
			out.spec.parentRefs = [
				{
					group,
					kind: 'Service',
					name: svc.name,
					...(svc.namespace !== ns ? { namespace: svc.namespace } : {}),
				},
			];
			out.spec.rules = [
				{
					backendRefs: [
						compact({
							name: target.name,
							namespace: target.namespace !== ns ? target.namespace : undefined,
							port: target.port,
						}),
					],
				},
			];
		}
	} else spec.get('provider').lost('a virtual service without a provider routes nowhere');
	awsFields(spec);
}

function istioDestinationRule(env: AppMeshEnv, svc: { name: string; namespace: string }): Out {
	return env.ctx.emit(
		{
			apiVersion: 'networking.istio.io/v1',
			kind: 'DestinationRule',
			metadata: { name: svc.name, namespace: svc.namespace },
			spec: { host: `${svc.name}.${svc.namespace}.svc.cluster.local`, trafficPolicy: {} },
		},
		`dr/${svc.namespace}/${svc.name}`,
	);
}

function durationString(f: Field): string | undefined {
	const ms = appMeshDuration(f);
	return ms === undefined ? undefined : gatewayDuration(ms);
}

/** One VirtualNode listener: health checks, outlier detection, pools, TLS and timeouts. */
function listener(
	env: AppMeshEnv,
	node: Field,
	l: Field,
	svc: { name: string; namespace: string },
): void {
	const t = env.target;
	const istio = t === 'istio' || t === 'istio-ambient';
	l.get('portMapping').consumed();
	l.get('healthCheck').lost([
		'the target mesh has no active health checks; Kubernetes probes do this',
		'a readinessProbe on the pods with the same path, port, interval and thresholds',
	]);
	const od = l.get('outlierDetection');
	if (od.present && istio) {
		const dr = istioDestinationRule(env, svc);
		const tp = (dr.resource.spec as { trafficPolicy: Record<string, unknown> }).trafficPolicy;
		tp.outlierDetection = compact({
			consecutive5xxErrors: od.get('maxServerErrors').num(),
			interval: durationString(od.get('interval')),
			baseEjectionTime: durationString(od.get('baseEjectionDuration')),
			maxEjectionPercent: od.get('maxEjectionPercent').num(),
		});
		dr.use(od);
	} else
		od.lost([
			'the target has no outlier detection resource',
			t === 'linkerd'
				? 'Service annotations balancer.linkerd.io/failure-accrual: consecutive and balancer.linkerd.io/failure-accrual-consecutive-max-failures'
				: 'an implementation-specific policy',
		]);
	const cp = l.get('connectionPool');
	if (cp.present && istio) {
		const dr = istioDestinationRule(env, svc);
		const tp = (dr.resource.spec as { trafficPolicy: Record<string, unknown> }).trafficPolicy;
		const http = compact({
			http1MaxPendingRequests: cp.get('http').get('maxPendingRequests').num(),
			http2MaxRequests:
				cp.get('http2').get('maxRequests').num() ?? cp.get('grpc').get('maxRequests').num(),
		});
		const maxConnections =
			cp.get('http').get('maxConnections').num() ?? cp.get('tcp').get('maxConnections').num();
		tp.connectionPool = compact({
			tcp: maxConnections !== undefined ? { maxConnections } : undefined,
			http: Object.keys(http).length ? http : undefined,
		});
		dr.use(cp);
	} else
		cp.lost(['the target has no connection pool limits', 'an implementation-specific policy']);
	const tls = l.get('tls');
	const mode = tls.get('mode').str();
	if (tls.present) {
		if (istio) {
			const pa = env.ctx.emit({
				apiVersion: 'security.istio.io/v1',
				kind: 'PeerAuthentication',
				metadata: { name: svc.name, namespace: svc.namespace },
				spec: {
					...(isRecord(node.get('spec').get('podSelector').get('matchLabels').value)
						? {
								selector: {
									matchLabels: node
										.get('spec')
										.get('podSelector')
										.get('matchLabels').value,
								},
							}
						: {}),
					mtls: {
						mode:
							mode === 'DISABLED'
								? 'DISABLE'
								: mode === 'PERMISSIVE'
									? 'PERMISSIVE'
									: 'STRICT',
					},
				},
			});
			pa.use(tls.get('mode'));
			tls.get('certificate').info('Istio issues workload certificates itself');
			tls.get('validation').info('Istio validates peers with its own CA');
		} else if (t === 'linkerd') {
			tls.info([
				'Linkerd encrypts meshed traffic with mTLS on its own; certificates come from its identity service',
				mode === 'STRICT'
					? 'to refuse plaintext, annotate the workload config.linkerd.io/default-inbound-policy: all-authenticated'
					: 'nothing to do',
			]);
		} else
			tls.lost([
				'no TLS setting for the listener in the target',
				t === 'cilium'
					? 'CiliumNetworkPolicy authentication.mode: required (mutual auth)'
					: 'the mesh’s mTLS',
			]);
	}
	l.get('timeout').lost([
		'inbound timeouts have no route field',
		'timeouts on the routes that reach this Service',
	]);
}

/** VirtualNode: the pods behind a Service; its listener settings go where the target keeps them. */
export function convertVirtualNode(env: AppMeshEnv, node: Field): void {
	const ctx = env.ctx;
	const spec = node.get('spec');
	const ns = namespaceOf(node, ctx.defaultNamespace);
	const svc = env.nodeService(node.get('metadata'), ns);
	const t = env.target;
	const istio = t === 'istio' || t === 'istio-ambient';
	for (const f of [node.get('apiVersion'), node.get('kind'), node.get('metadata')]) f.consumed();
	spec.get('podSelector').info(`the pods are the ones the Service '${svc.name}' selects`);
	spec.get('serviceDiscovery').get('dns').consumed();
	spec.get('serviceDiscovery')
		.get('awsCloudMap')
		.lost([
			'Cloud Map discovery has no place in the target mesh',
			`a Kubernetes Service '${svc.name}'`,
		]);
	for (const l of spec.get('listeners').items()) listener(env, node, l, svc);
	// Allowed backends: a Sidecar egress list with Istio.
	const backends = spec.get('backends').items();
	if (backends.length && istio && t === 'istio') {
		const hosts = backends.map((b) => {
			const ref = b.get('virtualService').get('virtualServiceRef');
			const vs = env.find('VirtualService', ref, ns);
			const s = vs
				? env.virtualServiceService(vs)
				: {
						name: ref.get('name').str() ?? '',
						namespace: ref.get('namespace').str() ?? ns,
					};
			return `${s.namespace}/${s.name}.${s.namespace}.svc.cluster.local`;
		});
		const labels = spec.get('podSelector').get('matchLabels').value;
		const out = ctx.emit({
			apiVersion: 'networking.istio.io/v1',
			kind: 'Sidecar',
			metadata: { name: svc.name, namespace: svc.namespace },
			spec: {
				...(isRecord(labels) ? { workloadSelector: { labels } } : {}),
				egress: [{ hosts: [...hosts, 'istio-system/*'] }],
			},
		});
		for (const b of backends) {
			out.use(b.get('virtualService').get('virtualServiceRef'));
			b.get('virtualService')
				.get('virtualServiceARN')
				.lost('ARNs name services outside Kubernetes');
			b.get('virtualService')
				.get('clientPolicy')
				.info('Istio uses mTLS between workloads on its own');
		}
	} else
		for (const b of backends)
			b.lost([
				'the target mesh does not keep a list of allowed backends per workload',
				t === 'linkerd'
					? 'authorization policies on the backends (AuthorizationPolicy + MeshTLSAuthentication)'
					: t === 'cilium'
						? 'a CiliumNetworkPolicy with egress rules'
						: t === 'istio-ambient'
							? 'authorization policies on the backends'
							: 'a mesh-specific egress policy',
			]);
	spec.get('backendGroups').lost('backend groups have no equivalent; list the backends');
	const clientTls = spec.get('backendDefaults').get('clientPolicy').get('tls');
	if (istio || t === 'linkerd')
		clientTls.info('the target uses mTLS between meshed workloads on its own');
	else
		clientTls.lost([
			'no client TLS setting in the target',
			'a BackendTLSPolicy for TLS to a backend',
		]);
	const log = spec.get('logging').get('accessLog');
	if (log.present && istio) {
		const labels = spec.get('podSelector').get('matchLabels').value;
		const out = ctx.emit({
			apiVersion: 'telemetry.istio.io/v1',
			kind: 'Telemetry',
			metadata: { name: svc.name, namespace: svc.namespace },
			spec: {
				...(isRecord(labels) ? { selector: { matchLabels: labels } } : {}),
				accessLogging: [{ providers: [{ name: 'envoy' }] }],
			},
		});
		out.use(log);
		log.info('Envoy writes access logs to standard output; the file path does not carry over');
	} else
		log.lost([
			'no access log setting in the target',
			t === 'linkerd'
				? 'the annotation config.alpha.linkerd.io/access-log: json'
				: t === 'cilium'
					? 'Hubble flow logs'
					: 'the mesh’s access logging',
		]);
	awsFields(spec);
	void nameOf;
}

const GATEWAY_CLASS: Record<string, string> = {
	istio: 'istio',
	'istio-ambient': 'istio',
	cilium: 'cilium',
};

/** VirtualGateway → a Gateway API Gateway with one listener per port mapping. */
export function convertVirtualGateway(env: AppMeshEnv, vg: Field): void {
	const ctx = env.ctx;
	const spec = vg.get('spec');
	const className = GATEWAY_CLASS[env.target];
	const out = ctx.emit({
		apiVersion: GATEWAY_API_V1,
		kind: 'Gateway',
		metadata: {},
		spec: { gatewayClassName: className ?? 'REPLACE-WITH-GATEWAY-CLASS', listeners: [] },
	});
	copyMeta(vg, out);
	if (!className)
		spec.info(
			`${env.target} brings no ingress controller of its own; set gatewayClassName to the one installed`,
		);
	const ns = spec.get('namespaceSelector');
	const allowed = ns.present
		? { namespaces: { from: 'Selector', selector: ns.value } }
		: { namespaces: { from: 'Same' } };
	out.use(ns);
	const listeners = out.spec.listeners as Record<string, unknown>[];
	spec.get('listeners')
		.items()
		.forEach((l) => {
			const port = l.get('portMapping').get('port').num();
			const proto = l.get('portMapping').get('protocol').str() ?? 'http';
			out.use(l.get('portMapping'));
			const tls = l.get('tls');
			const terminate = tls.present && tls.get('mode').str() !== 'DISABLED';
			listeners.push({
				name: `${proto}-${port ?? 0}`,
				port,
				protocol: terminate ? 'HTTPS' : 'HTTP',
				...(terminate
					? {
							tls: {
								mode: 'Terminate',
								certificateRefs: [{ kind: 'Secret', name: `${nameOf(vg)}-tls` }],
							},
						}
					: {}),
				allowedRoutes: allowed,
			});
			if (terminate) {
				out.use(tls.get('mode'));
				tls.get('certificate').info([
					`ACM, file and SDS certificates do not carry over; the listener reads the Secret '${nameOf(vg)}-tls'`,
					'create that Secret (type kubernetes.io/tls)',
				]);
				tls.get('validation').lost([
					'client certificate validation is set per Gateway',
					'Gateway spec.tls.frontend.default.validation',
				]);
			} else tls.consumed();
			l.get('healthCheck').lost([
				'Gateway API has no health checks for the gateway itself',
				'probes on the gateway deployment',
			]);
			l.get('connectionPool').lost([
				'Gateway API has no connection limits',
				'an implementation-specific policy',
			]);
		});
	spec.get('podSelector').info(
		'the Gateway API implementation deploys and selects its own gateway pods',
	);
	spec.get('gatewayRouteSelector').lost([
		'Gateway API admits routes by namespace, not by labels on the routes',
		'allowedRoutes.namespaces.selector',
	]);
	spec.get('backendDefaults').lost([
		'Gateway API has no TLS defaults for backends',
		'a BackendTLSPolicy per backend Service',
	]);
	spec.get('logging').lost([
		'Gateway API has no access log setting',
		'the implementation’s access logging',
	]);
	awsFields(spec);
}
