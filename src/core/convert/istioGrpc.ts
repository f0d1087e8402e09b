import { isRecord, type Field } from './context';
import type { IstioEnv } from './istioEnv';
import {
	headerFilters,
	headerMatches,
	matchPort,
	mirrorFilters,
	routeBackends,
	ruleRest,
	ruleStart,
	type RuleTarget,
} from './istioHttp';
import { compact } from './util';

// A mesh VirtualService becomes a GRPCRoute when the Service it routes for speaks gRPC on every
// port the route applies to, as Istio decides it (its protocol selection): the port's appProtocol
// `grpc`, or, without appProtocol, a port name `grpc` or `grpc-<suffix>`. Deciding needs the
// Service among the inputs; otherwise the route stays an HTTPRoute (which carries gRPC too) and a
// note says how to get a GRPCRoute.

type Protocol = 'grpc' | 'grpc-web' | 'h2c' | 'other';

/** A Service port's protocol as Istio selects it: appProtocol first, then the port name. */
function portProtocol(port: Record<string, unknown>): Protocol {
	const app = typeof port.appProtocol === 'string' ? port.appProtocol.toLowerCase() : undefined;
	if (app !== undefined) {
		if (app === 'grpc') return 'grpc';
		if (app === 'grpc-web') return 'grpc-web';
		if (app === 'kubernetes.io/h2c' || app === 'http2') return 'h2c';
		return 'other';
	}
	const name = typeof port.name === 'string' ? port.name.toLowerCase() : '';
	if (name === 'grpc-web' || name.startsWith('grpc-web-')) return 'grpc-web';
	if (name === 'grpc' || name.startsWith('grpc-')) return 'grpc';
	if (name === 'http2' || name.startsWith('http2-')) return 'h2c';
	return 'other';
}

/** The ports the http routes of a VirtualService apply to: their match ports, or all. */
function routePorts(http: readonly Field[]): Set<number> | 'all' {
	const ports = new Set<number>();
	for (const r of http) {
		const matches = r.get('match').items();
		if (!matches.length) return 'all';
		for (const m of matches) {
			const p = m.get('port').num();
			if (p === undefined) return 'all';
			ports.add(p);
		}
	}
	return ports;
}

export interface MeshRouteKind {
	readonly kind: 'HTTPRoute' | 'GRPCRoute';
	/** Why an HTTPRoute and how to get a GRPCRoute, when that is worth saying. */
	readonly why?: string;
}

/**
 * Whether the mesh routes of a VirtualService are gRPC: every Service its hosts name is among
 * the inputs, and every port the routes apply to is gRPC.
 */
export function meshRouteKind(
	env: IstioEnv,
	services: readonly { name: string; namespace: string }[],
	http: readonly Field[],
): MeshRouteKind {
	if (!services.length || !http.length) return { kind: 'HTTPRoute' };
	const wanted = routePorts(http);
	const seen: Protocol[] = [];
	for (const svc of services) {
		const f = env.services.get(`${svc.namespace}/${svc.name}`);
		if (!f)
			return {
				kind: 'HTTPRoute',
				why: `the Service '${svc.name}' is not among the inputs, so the protocol of its ports is unknown and the route is an HTTPRoute (which carries gRPC too); to get a GRPCRoute, convert the Service with it, its port marked appProtocol: grpc (or named grpc or grpc-*)`,
			};
		const ports = (f.get('spec').get('ports').value as unknown[] | undefined) ?? [];
		for (const p of ports) {
			if (!isRecord(p)) continue;
			if (wanted !== 'all' && !wanted.has(Number(p.port))) continue;
			seen.push(portProtocol(p));
		}
	}
	if (seen.length && seen.every((p) => p === 'grpc')) return { kind: 'GRPCRoute' };
	if (seen.includes('grpc'))
		return {
			kind: 'HTTPRoute',
			why: 'the route applies to gRPC and non-gRPC ports of the Service, so it is an HTTPRoute; for a GRPCRoute, route the gRPC port (match.port) in a VirtualService of its own',
		};
	if (seen.includes('grpc-web'))
		return {
			kind: 'HTTPRoute',
			why: 'the port carries gRPC-Web, which browsers send over HTTP/1.1 too and GRPCRoute does not cover, so the route is an HTTPRoute',
		};
	if (seen.includes('h2c'))
		return {
			kind: 'HTTPRoute',
			why: 'the port speaks HTTP/2 without TLS (h2c), which is not necessarily gRPC, so the route is an HTTPRoute; mark the port appProtocol: grpc to get a GRPCRoute',
		};
	return { kind: 'HTTPRoute' };
}

const SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;

/** A gRPC path `/pkg.Service/Method` (or `/pkg.Service/` for a prefix) as a GRPCRoute method. */
function grpcMethod(uri: Field, t: RuleTarget): Record<string, unknown> | undefined {
	const exact = uri.get('exact').str();
	const prefix = uri.get('prefix').str();
	const regex = uri.get('regex').str();
	const notGrpc = (what: string) =>
		[
			`${what} is not a gRPC path (/package.Service/Method), so GRPCRoute cannot match it; the match no longer narrows on the path`,
			'a GRPCRoute method match (service and method), or an HTTPRoute for this path',
		] as const;
	if (exact !== undefined) {
		const m = /^\/([^/]+)\/([^/]+)$/.exec(exact);
		if (m?.[1] && m[2] && SERVICE.test(m[1]) && METHOD.test(m[2])) {
			t.out.use(uri.get('exact'));
			return { type: 'Exact', service: m[1], method: m[2] };
		}
		uri.get('exact').lost(notGrpc(`'${exact}'`));
		return undefined;
	}
	if (prefix !== undefined) {
		if (prefix === '/') {
			t.out.use(uri.get('prefix'));
			return undefined;
		}
		const m = /^\/([^/]+)\/$/.exec(prefix);
		if (m?.[1] && SERVICE.test(m[1])) {
			t.out.use(uri.get('prefix'));
			return { type: 'Exact', service: m[1] };
		}
		uri.get('prefix').lost(notGrpc(`the prefix '${prefix}'`));
		return undefined;
	}
	if (regex !== undefined) {
		// `/service-regex/method-regex`, each part free of '/', splits into the two regexes.
		const m = /^\^?\/((?:[^/\\]|\\.)+)\/((?:[^/\\]|\\.)+?)\$?$/.exec(regex);
		if (m?.[1] && m[2]) {
			uri.get('regex').info(
				'split at the / into service and method regexes (RegularExpression); their dialect is up to the implementation (Istio: RE2)',
			);
			return { type: 'RegularExpression', service: m[1], method: m[2] };
		}
		uri.get('regex').lost(notGrpc(`the regex '${regex}'`));
	}
	return undefined;
}

/** One HTTPMatchRequest as a GRPCRouteMatch; returns the match and its port (if any). */
function grpcMatch(m: Field, t: RuleTarget): { match: Record<string, unknown>; port?: number } {
	const out: Record<string, unknown> = {};
	const method = grpcMethod(m.get('uri'), t);
	if (method) out.method = method;
	const verb = m.get('method');
	const v = verb.get('exact').str();
	if (v?.toUpperCase() === 'POST')
		verb.info('gRPC calls are always POST, so the GRPCRoute needs no method match');
	else
		verb.lost([
			'gRPC calls are always POST, so this match never matched a gRPC call',
			'remove the rule, or keep it in an HTTPRoute',
		]);
	const headers = headerMatches(m.get('headers'), t, 'gRPC');
	if (headers.length) out.headers = headers;
	m.get('queryParams').lost('gRPC calls have no query parameters to match, and GRPCRoute none');
	return matchPort(m, out, t);
}

/** One VirtualService http route as a GRPCRoute rule, with the ports its matches named. */
export function grpcRule(
	r: Field,
	t: RuleTarget,
): { rule: Record<string, unknown>; ports: (number | undefined)[] } {
	const { rule, matches, ports } = ruleStart(r, t, grpcMatch);
	if (matches.some((m) => Object.keys(m).length)) rule.matches = matches;
	const filters = [...headerFilters(r.get('headers'), t), ...mirrorFilters(r, t)];
	const backendRefs = routeBackends(r, t);
	if (backendRefs.length) rule.backendRefs = backendRefs;
	if (filters.length) rule.filters = filters;
	const http = 'an HTTPRoute for this Service (it carries gRPC too)';
	r.rest({
		timeout: ['GRPCRoute has no timeouts', `${http}, with timeouts.request`],
		retries: [
			'GRPCRoute has no retry',
			`${http}, with retry; or keep a VirtualService for the retry policy`,
		],
		redirect: 'GRPCRoute has no redirect filter',
		rewrite: ['GRPCRoute has no URL rewrite', `${http}, with a URLRewrite filter`],
		corsPolicy: [
			'GRPCRoute has no CORS filter (CORS matters to gRPC-Web from browsers)',
			`${http}, with a CORS filter`,
		],
	});
	ruleRest(r, t);
	return { rule: compact(rule), ports };
}

/** The GRPCRoute's parent Services: the ones an IstioEnv can look up. */
export function serviceKeys(
	refs: readonly Record<string, unknown>[],
	ns: string,
): { name: string; namespace: string }[] {
	return refs.map((r) => ({
		name: String(r.name),
		namespace: typeof r.namespace === 'string' ? r.namespace : ns,
	}));
}
