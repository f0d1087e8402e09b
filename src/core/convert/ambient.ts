import type { Conversion } from './conversion';
import { groupOf } from './conversion';
import { isRecord, type ConvertContext, type Field, type Out } from './context';
import { copyMeta, GATEWAY_API, GATEWAY_API_V1, namespaceOf } from './util';

/** Source attributes only a waypoint (an L7 proxy) can check. */
const L7_SOURCE = [
	'requestPrincipals',
	'notRequestPrincipals',
	'remoteIpBlocks',
	'notRemoteIpBlocks',
];
const L7_OPERATION = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const L4_CONDITIONS = [
	'source.ip',
	'source.namespace',
	'source.principal',
	'destination.ip',
	'destination.port',
	'connection.sni',
];

/** True when an AuthorizationPolicy needs a waypoint: L7 attributes, or a CUSTOM/AUDIT action. */
function needsWaypoint(spec: Field): boolean {
	const action = spec.get('action').str() ?? 'ALLOW';
	if (action === 'CUSTOM' || action === 'AUDIT') return true;
	return spec
		.get('rules')
		.items()
		.some(
			(r) =>
				r
					.get('from')
					.items()
					.some((f) => L7_SOURCE.some((k) => f.get('source').get(k).present)) ||
				r
					.get('to')
					.items()
					.some((t) => L7_OPERATION.some((k) => t.get('operation').get(k).present)) ||
				r
					.get('when')
					.items()
					.some((w) => !L4_CONDITIONS.includes(w.get('key').str() ?? '')),
		);
}

/** The waypoint Gateway and the Namespace labels of one namespace, emitted once. */
function waypoint(ctx: ConvertContext, ns: string, explicitNs: boolean, from: Field): Out[] {
	const gw = ctx.emit(
		{
			apiVersion: GATEWAY_API_V1,
			kind: 'Gateway',
			metadata: {
				name: 'waypoint',
				...(explicitNs ? { namespace: ns } : {}),
				labels: { 'istio.io/waypoint-for': 'service' },
			},
			spec: {
				gatewayClassName: 'istio-waypoint',
				listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
			},
		},
		`waypoint/${ns}`,
	);
	const label = ctx.emit(
		{
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: {
				name: ns,
				labels: {
					'istio.io/dataplane-mode': 'ambient',
					'istio.io/use-waypoint': 'waypoint',
				},
			},
		},
		`namespace/${ns}`,
	);
	gw.use(from);
	label.use(from);
	return [gw, label];
}

/**
 * Moves a workload selector to targetRefs: the Service named by the `app` label when there is
 * one (notes the other labels), else the namespace's waypoint.
 */
function selectorToTargetRefs(ctx: ConvertContext, src: Field, out: Out): void {
	const spec = src.get('spec');
	const ns = namespaceOf(src, ctx.defaultNamespace);
	const explicitNs = src.get('metadata').get('namespace').present;
	const selector = spec.get('selector');
	const labels = selector.get('matchLabels');
	const outSpec = out.spec;
	delete outSpec.selector;
	const app = labels.get('app').str() ?? labels.get('app.kubernetes.io/name').str();
	waypoint(ctx, ns, explicitNs, selector.present ? selector : src.get('kind'));
	if (app) {
		outSpec.targetRefs = [{ kind: 'Service', group: '', name: app }];
		out.use(labels.get('app'));
		out.use(labels.get('app.kubernetes.io/name'));
		labels
			.get(labels.get('app').present ? 'app' : 'app.kubernetes.io/name')
			.info([
				`the selector became a targetRef on the Service '${app}' (assumed to select the same pods); the namespace gets a waypoint`,
				'check that the Service selects exactly these pods',
			]);
		for (const [k, v] of labels.entries()) {
			if (k === 'app' || k === 'app.kubernetes.io/name') continue;
			v.lost([
				`a Service targetRef covers every pod behind the Service, so the label ${k} no longer narrows the policy`,
				'a separate Service for these pods, or a when condition on the request',
			]);
		}
	} else if (selector.present) {
		outSpec.targetRefs = [{ kind: 'Gateway', group: GATEWAY_API, name: 'waypoint' }];
		selector.lost([
			'no app label to find a Service by, so the policy now applies to all traffic through the namespace waypoint',
			'a targetRef on the Service in front of these pods',
		]);
	} else {
		outSpec.targetRefs = [{ kind: 'Gateway', group: GATEWAY_API, name: 'waypoint' }];
	}
}

function convertPolicy(ctx: ConvertContext, src: Field): void {
	const spec = src.get('spec');
	const kind = src.get('kind').str() ?? '';
	const out = ctx.emit(structuredClone(src.value) as Record<string, unknown>);
	copyMeta(src, out);
	out.resource.spec = isRecord(spec.value) ? structuredClone(spec.value) : {};
	const targeted = spec.get('targetRef').present || spec.get('targetRefs').present;
	if (!isRecord(spec.value)) {
		out.resource.spec = spec.value;
		out.use(spec);
		return;
	}
	if (targeted) {
		out.use(spec);
		spec.get('targetRefs').info('already targets a resource; kept as it is');
		return;
	}
	if (kind === 'AuthorizationPolicy' && !needsWaypoint(spec)) {
		out.use(spec);
		if (spec.get('selector').present)
			spec.get('selector').info(
				'L4-only policy: ztunnel enforces it with the selector, no waypoint needed',
			);
		return;
	}
	if (kind === 'Telemetry' && !spec.get('selector').present) {
		out.use(spec);
		return;
	}
	// Everything but the selector carries over unchanged.
	for (const [k, f] of spec.entries()) if (k !== 'selector') out.use(f);
	selectorToTargetRefs(ctx, src, out);
	if (kind === 'AuthorizationPolicy' && !spec.get('selector').present)
		spec.get('rules').info('namespace-wide L7 policy: now enforced by the namespace waypoint');
}

/** Sidecar-mode resources with no ambient form. */
function noteSidecarOnly(ctx: ConvertContext, src: Field): void {
	const kind = src.get('kind').str();
	const text: readonly [string, string] =
		kind === 'Sidecar'
			? [
					'ambient mode has no sidecars to scope',
					'nothing for ztunnel; for L7 egress control, an egress waypoint',
				]
			: [
					'EnvoyFilter patches sidecar proxies, which ambient mode does not have',
					'an EnvoyFilter on the waypoint (targetRefs), if it must stay',
				];
	ctx.note(src.input, '', 'lost', text);
}

/**
 * Istio sidecar-mode policy → ambient mode: L7 AuthorizationPolicy, RequestAuthentication,
 * Telemetry and WasmPlugin move from `selector` to `targetRefs` on a waypoint, which is added with
 * its namespace labels; L4-only AuthorizationPolicies stay with ztunnel.
 */
export const istioToAmbient: Conversion = {
	id: 'istio-ambient',
	title: 'Istio sidecar policy → ambient (waypoints)',
	targets: ['istio-ambient'],
	accepts: (r) =>
		(groupOf(r) === 'security.istio.io' &&
			(r.kind === 'AuthorizationPolicy' || r.kind === 'RequestAuthentication')) ||
		(groupOf(r) === 'telemetry.istio.io' && r.kind === 'Telemetry') ||
		(groupOf(r) === 'extensions.istio.io' && r.kind === 'WasmPlugin') ||
		(groupOf(r) === 'networking.istio.io' &&
			(r.kind === 'Sidecar' || r.kind === 'EnvoyFilter')),
	run(ctx, inputs) {
		for (const i of inputs) {
			const src = ctx.root(i);
			const kind = src.get('kind').str();
			if (kind === 'Sidecar' || kind === 'EnvoyFilter') noteSidecarOnly(ctx, src);
			else convertPolicy(ctx, src);
		}
	},
};
