import type { Conversion } from './conversion';
import { isKind } from './conversion';
import { convertDestinationRule } from './istioDestinationRule';
import { IstioEnv } from './istioEnv';
import { convertIstioGateway } from './istioGateway';
import { convertVirtualService } from './istioRoutes';

const NET = 'networking.istio.io';

/**
 * Istio traffic management → Gateway API: ingress Gateway + VirtualService become a Gateway and
 * HTTPRoute/TCPRoute/TLSRoute (with ReferenceGrants across namespaces); mesh VirtualServices and
 * DestinationRule subsets become GAMMA routes on Services and per-version Services.
 */
export const istioToGatewayApi: Conversion = {
	id: 'istio-gateway-api',
	title: 'Istio Gateway, VirtualService and DestinationRule → Gateway API',
	targets: ['gateway-api', 'istio', 'istio-ambient'],
	accepts: (r) => isKind(r, NET, 'Gateway', 'VirtualService', 'DestinationRule'),
	run(ctx, inputs) {
		const env = new IstioEnv(ctx);
		const of = (kind: string) => inputs.filter((i) => ctx.inputs[i]?.resource.kind === kind);
		const rules = of('DestinationRule').map((i) => ctx.root(i));
		for (const r of rules) env.addRule(r);
		for (const r of rules) convertDestinationRule(env, r);
		for (const i of of('Gateway')) convertIstioGateway(ctx, ctx.root(i));
		for (const i of of('VirtualService')) convertVirtualService(env, ctx.root(i));
	},
};
