// Which comparison cells lead to a conversion: a feature that two meshes express in different
// resources, where `meshlens convert` rewrites one mesh's resources for the other. Shared with the
// webview (through src/protocol.ts), so it imports nothing at run time.
import type { ConvertTarget } from '../convert/types';

/** One conversion as the comparison offers it: from one mesh's resources to what another reads. */
export interface ConversionRoute {
	/** Mesh ids of the dataset. */
	readonly from: string;
	readonly to: string;
	readonly target: Exclude<ConvertTarget, 'serviceprofile'>;
	/** The source resources, as the link says them. */
	readonly sources: string;
	/** The dataset features the conversion carries over (the rest of the README table is noted). */
	readonly features: readonly string[];
}

const TRAFFIC = ['traffic-split', 'retries', 'timeouts'];

/** Every route, in the order the detail panel lists them. */
export const CONVERSION_ROUTES: readonly ConversionRoute[] = [
	...(['istio', 'linkerd', 'cilium'] as const).map((to) => ({
		from: 'app-mesh',
		to,
		target: to,
		sources: 'App Mesh VirtualRouter, VirtualNode, VirtualGateway and GatewayRoute',
		features: [
			...TRAFFIC,
			'ingress',
			'protocol-grpc',
			...(to === 'istio' ? ['circuit-breaking', 'mtls'] : []),
		],
	})),
	...(['istio', 'linkerd', 'cilium'] as const).map((to) => ({
		from: 'open-service-mesh',
		to,
		target: to,
		sources: 'SMI TrafficSplit, TrafficTarget and HTTPRouteGroup',
		features: ['traffic-split', 'authorization-policy'],
	})),
	{
		from: 'istio',
		to: 'istio-ambient',
		target: 'istio-ambient',
		sources: 'Istio sidecar-mode AuthorizationPolicy, RequestAuthentication and Telemetry',
		features: ['authorization-policy', 'sidecarless', 'sidecar-modes'],
	},
	...(['linkerd', 'cilium'] as const).map((to) => ({
		from: 'istio',
		to,
		target: 'gateway-api' as const,
		sources: 'Istio VirtualService, Gateway and DestinationRule subsets',
		features: ['traffic-split', 'timeouts', ...(to === 'cilium' ? ['ingress'] : [])],
	})),
	...(['istio', 'cilium'] as const).map((to) => ({
		from: 'linkerd',
		to,
		target: 'gateway-api' as const,
		sources: 'Linkerd ServiceProfile',
		features: ['traffic-split', 'timeouts'],
	})),
];

/**
 * The conversions a cell's detail offers: between the cell's mesh and each other mesh shown, in
 * either direction, that carry the cell's feature.
 */
export function conversionRoutes(
	feature: string,
	mesh: string,
	shown: readonly string[],
): ConversionRoute[] {
	return CONVERSION_ROUTES.filter(
		(r) =>
			r.features.includes(feature) &&
			((r.from === mesh && shown.includes(r.to)) ||
				(r.to === mesh && shown.includes(r.from))),
	);
}
