import type { Conversion } from './conversion';
import { groupOf } from './conversion';
import { APPMESH, AppMeshEnv } from './appmeshIndex';
import {
	convertMesh,
	convertVirtualGateway,
	convertVirtualNode,
	convertVirtualService,
} from './appmeshNodes';
import { convertGatewayRoute, convertRouter } from './appmeshRoutes';

/**
 * AWS App Mesh → Gateway API plus the target mesh: routers become routes on the Services of their
 * virtual services, gateways and gateway routes become a Gateway and its routes; retries, timeouts,
 * health checks, outlier detection and TLS go where the target keeps them.
 */
export const appMeshToGatewayApi: Conversion = {
	id: 'app-mesh',
	title: 'AWS App Mesh → Gateway API + Istio, Linkerd or Cilium',
	targets: ['gateway-api', 'istio', 'istio-ambient', 'linkerd', 'cilium'],
	accepts: (r) => groupOf(r) === APPMESH,
	run(ctx, inputs) {
		const env = new AppMeshEnv(ctx, inputs);
		for (const m of env.all('Mesh')) convertMesh(env, m);
		for (const r of env.all('VirtualRouter')) convertRouter(env, r);
		for (const v of env.all('VirtualService')) convertVirtualService(env, v);
		for (const n of env.all('VirtualNode')) convertVirtualNode(env, n);
		for (const g of env.all('VirtualGateway')) convertVirtualGateway(env, g);
		for (const g of env.all('GatewayRoute')) convertGatewayRoute(env, g);
		for (const b of env.all('BackendGroup'))
			ctx.note(b.input, '', 'lost', [
				'backend groups have no equivalent',
				'list the backends on each workload',
			]);
	},
};
