import type { Field, Out } from './context';
import { awsFields, hostService, type AppMeshEnv } from './appmeshIndex';
import { ensureReferenceGrant } from './referenceGrant';
import {
	appMeshDuration,
	compact,
	copyMeta,
	dnsName,
	GATEWAY_API,
	GATEWAY_API_V1,
	gatewayDuration,
	namespaceOf,
	nameOf,
} from './util';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

function escapeRegex(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** App Mesh header/metadata match → Gateway API header match. */
function headerMatch(h: Field, out: Out): Record<string, unknown> | undefined {
	const name = h.get('name').str();
	if (!name) return undefined;
	if (h.get('invert').bool()) {
		h.lost(['Gateway API has no inverted header match', 'match the allowed values instead']);
		return undefined;
	}
	h.get('invert').consumed();
	const m = h.get('match');
	out.use(h.get('name'));
	const exact = m.get('exact').str();
	if (exact !== undefined) {
		out.use(m.get('exact'));
		return { name, type: 'Exact', value: exact };
	}
	const regex = m.get('regex').str();
	const prefix = m.get('prefix').str();
	const suffix = m.get('suffix').str();
	const value =
		regex ??
		(prefix !== undefined
			? `^${escapeRegex(prefix)}.*`
			: suffix !== undefined
				? `.*${escapeRegex(suffix)}$`
				: undefined);
	if (value !== undefined) {
		out.useAll(m.get('regex'));
		for (const k of ['prefix', 'suffix'] as const)
			m.get(k).info(`${k} match written as the RegularExpression ${value}`);
		return { name, type: 'RegularExpression', value };
	}
	m.get('range').lost('Gateway API has no numeric range match');
	if (!m.present) h.lost('a presence-only header match has no Gateway API form');
	return undefined;
}

/** An App Mesh HTTP match; the port and hostnames go to the route. */
function httpMatch(
	match: Field,
	out: Out,
): { match: Record<string, unknown>; port?: number; hostnames: string[] } {
	const m: Record<string, unknown> = {};
	const prefix = match.get('prefix').str();
	const exact = match.get('path').get('exact').str();
	const regex = match.get('path').get('regex').str();
	if (exact !== undefined) {
		m.path = { type: 'Exact', value: exact };
		out.use(match.get('path').get('exact'));
	} else if (regex !== undefined) {
		m.path = { type: 'RegularExpression', value: regex };
		match.get('path').get('regex').info('regex dialect is up to the implementation');
	} else if (prefix !== undefined) {
		m.path = { type: 'PathPrefix', value: prefix };
		out.use(match.get('prefix'));
		if (prefix !== '/' && !prefix.endsWith('/'))
			match
				.get('prefix')
				.info(
					`PathPrefix matches whole path segments: '${prefix}' no longer matches '${prefix}x'`,
				);
	}
	if (exact !== undefined || regex !== undefined)
		match.get('prefix').lost('Gateway API matches one path per match; the path match was used');
	const method = match.get('method').str();
	if (method && METHODS.includes(method.toUpperCase())) {
		m.method = method.toUpperCase();
		out.use(match.get('method'));
	} else match.get('method').lost('not a method Gateway API matches');
	const headers = match
		.get('headers')
		.items()
		.map((h) => headerMatch(h, out))
		.filter((h) => h !== undefined);
	if (headers.length) m.headers = headers;
	const query: Record<string, unknown>[] = [];
	for (const q of match.get('queryParameters').items()) {
		const v = q.get('match').get('exact').str();
		if (v === undefined) {
			q.lost('a presence-only query match has no Gateway API form');
			continue;
		}
		query.push({ name: q.get('name').str() ?? '', type: 'Exact', value: v });
		out.use(q);
	}
	if (query.length) m.queryParams = query;
	const hostnames: string[] = [];
	const he = match.get('hostname').get('exact').str();
	const hs = match.get('hostname').get('suffix').str();
	if (he) hostnames.push(he);
	if (hs) hostnames.push(`*${hs.startsWith('.') ? '' : '.'}${hs}`);
	out.use(match.get('hostname'));
	const port = match.get('port').num();
	out.use(match.get('port'));
	match.rest({ scheme: 'Gateway API routes do not match on the scheme' });
	return { match: m, hostnames, ...(port !== undefined ? { port } : {}) };
}

const HTTP_EVENTS: Record<string, number[]> = {
	'server-error': [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511],
	'gateway-error': [502, 503, 504],
	'client-error': [409],
};
/** Codes as a retry.linkerd.io/http value: codes and ranges (500-508,510,511). */
function linkerdCodes(codes: readonly number[]): string {
	const sorted = [...new Set(codes)].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let i = 0; i < sorted.length; i++) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
		parts.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(','));
		i = j;
	}
	return parts.join(',');
}

function annotate(out: Out, key: string, value: string): void {
	const meta = out.resource.metadata as Record<string, unknown>;
	meta.annotations = { ...(meta.annotations ?? {}), [key]: value };
}

/** Retry policy and timeouts, per target: HTTPRoute fields, or Linkerd annotations. */
function retryAndTimeout(
	env: AppMeshEnv,
	r: Field,
	rule: Record<string, unknown>,
	out: Out,
	grpc: boolean,
): void {
	const linkerd = env.target === 'linkerd';
	const retry = r.get('retryPolicy');
	const max = retry.get('maxRetries').num();
	const perTry = appMeshDuration(retry.get('perRetryTimeout'));
	if (retry.present) {
		if (linkerd) {
			const events = grpc ? retry.get('grpcRetryEvents') : retry.get('httpRetryEvents');
			const values = ((events.value as unknown[] | undefined) ?? []).map(String);
			// HTTP events as their exact codes (Linkerd's 5xx would add 509 and 512-599).
			const mapped = grpc ? values : values.filter((v) => HTTP_EVENTS[v]);
			const value = grpc
				? values.join(',')
				: linkerdCodes(mapped.flatMap((v) => HTTP_EVENTS[v] ?? []));
			if (mapped.length) annotate(out, `retry.linkerd.io/${grpc ? 'grpc' : 'http'}`, value);
			out.use(events);
			if (!grpc && mapped.length < values.length)
				events.info('stream-error has no Linkerd retry condition');
			if (max !== undefined) annotate(out, 'retry.linkerd.io/limit', String(max));
			if (perTry !== undefined)
				annotate(out, 'retry.linkerd.io/timeout', gatewayDuration(perTry));
			out.useAll(retry.get('maxRetries'), retry.get('perRetryTimeout'));
			retry.rest({
				tcpRetryEvents:
					'Linkerd retries on response conditions only; connection errors are retried by the proxy',
				[grpc ? 'httpRetryEvents' : 'grpcRetryEvents']:
					'this route carries no such traffic',
			});
		} else if (grpc) {
			retry.lost([
				'GRPCRoute has no retry field',
				env.target === 'istio'
					? 'a VirtualService retries block for this service'
					: 'an implementation-specific retry policy',
			]);
		} else {
			const codes = new Set<number>();
			for (const e of retry.get('httpRetryEvents').items()) {
				const c = HTTP_EVENTS[e.str() ?? ''];
				if (c) {
					for (const n of c) codes.add(n);
					out.use(e);
				} else e.lost('stream errors have no Gateway API retry condition');
			}
			rule.retry = compact({
				attempts: max,
				codes: codes.size ? [...codes].sort() : undefined,
			});
			out.use(retry.get('maxRetries'));
			if (perTry !== undefined) {
				rule.timeouts = {
					...(rule.timeouts ?? {}),
					backendRequest: gatewayDuration(perTry),
				};
				out.use(retry.get('perRetryTimeout'));
			}
			retry.rest({
				tcpRetryEvents: [
					'Gateway API retries on status codes; connection errors are retried by most implementations anyway',
					'retry.codes',
				],
				grpcRetryEvents: 'this route carries no gRPC traffic',
			});
			retry.info('HTTPRoute retry is in the Gateway API experimental channel (GEP-1731)');
		}
	}
	const t = r.get('timeout');
	const perRequest = appMeshDuration(t.get('perRequest'));
	if (perRequest !== undefined) {
		if (grpc && !linkerd) t.get('perRequest').lost('GRPCRoute has no timeouts field');
		else if (grpc) {
			annotate(out, 'timeout.linkerd.io/request', gatewayDuration(perRequest));
			out.use(t.get('perRequest'));
		} else {
			rule.timeouts = {
				request: gatewayDuration(perRequest),
				...(rule.timeouts ?? {}),
			};
			out.use(t.get('perRequest'));
		}
	}
	const idle = appMeshDuration(t.get('idle'));
	if (idle !== undefined) {
		if (linkerd) {
			annotate(out, 'timeout.linkerd.io/idle', gatewayDuration(idle));
			out.use(t.get('idle'));
		} else
			t.get('idle').lost([
				'Gateway API routes have no idle timeout',
				'an implementation-specific policy',
			]);
	}
}

function grpcMatch(
	match: Field,
	out: Out,
): { match: Record<string, unknown>; port?: number; hostnames: string[] } {
	const m: Record<string, unknown> = {};
	const service = match.get('serviceName').str();
	const method = match.get('methodName').str();
	if (service || method) m.method = compact({ type: 'Exact', service, method });
	out.useAll(match.get('serviceName'), match.get('methodName'));
	const headers = match
		.get('metadata')
		.items()
		.map((h) => headerMatch(h, out))
		.filter((h) => h !== undefined);
	if (headers.length) m.headers = headers;
	const hostnames: string[] = [];
	const he = match.get('hostname').get('exact').str();
	const hs = match.get('hostname').get('suffix').str();
	if (he) hostnames.push(he);
	if (hs) hostnames.push(`*${hs.startsWith('.') ? '' : '.'}${hs}`);
	out.use(match.get('hostname'));
	const port = match.get('port').num();
	out.use(match.get('port'));
	return { match: m, hostnames, ...(port !== undefined ? { port } : {}) };
}

/** The parentRefs of a router's routes: the Services of the VirtualServices it provides. */
function routerParents(env: AppMeshEnv, router: Field): Record<string, unknown>[] {
	const ns = namespaceOf(router, env.ctx.defaultNamespace);
	const group = env.target === 'linkerd' ? 'core' : '';
	const port = env.routerPort(router);
	const refs: Record<string, unknown>[] = [];
	for (const vs of env.all('VirtualService')) {
		const ref = vs.get('spec').get('provider').get('virtualRouter').get('virtualRouterRef');
		if (!ref.present) continue;
		const vsNs = namespaceOf(vs, env.ctx.defaultNamespace);
		if (ref.get('name').str() !== nameOf(router) || (ref.get('namespace').str() ?? vsNs) !== ns)
			continue;
		const svc = env.virtualServiceService(vs);
		refs.push({
			group,
			kind: 'Service',
			name: svc.name,
			...(svc.namespace !== ns ? { namespace: svc.namespace } : {}),
			...(port !== undefined ? { port } : {}),
		});
	}
	if (!refs.length) {
		refs.push({
			group,
			kind: 'Service',
			name: nameOf(router),
			...(port !== undefined ? { port } : {}),
		});
		router
			.get('metadata')
			.get('name')
			.info(
				'no VirtualService among the inputs uses this router, so its routes attach to a Service of the same name',
			);
	}
	return refs;
}

/** A VirtualRouter: one route resource per App Mesh route, on the Services it serves. */
export function convertRouter(env: AppMeshEnv, router: Field): void {
	const ctx = env.ctx;
	const ns = namespaceOf(router, ctx.defaultNamespace);
	const parents = routerParents(env, router);
	const spec = router.get('spec');
	for (const l of spec.get('listeners').items()) l.get('portMapping').consumed();
	awsFields(spec);
	spec.get('routes')
		.items()
		.forEach((r, i) => {
			const kindKey = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'].find(
				(k) => r.get(k).present,
			);
			if (!kindKey) {
				r.lost('a route without httpRoute, http2Route, grpcRoute or tcpRoute');
				return;
			}
			const body = r.get(kindKey);
			const kind =
				kindKey === 'grpcRoute'
					? 'GRPCRoute'
					: kindKey === 'tcpRoute'
						? 'TCPRoute'
						: 'HTTPRoute';
			const out = ctx.emit({ apiVersion: GATEWAY_API_V1, kind, metadata: {}, spec: {} });
			const routeName = r.get('name').str() ?? `route-${i}`;
			copyMeta(router, out, { name: dnsName(`${nameOf(router)}-${routeName}`) });
			out.use(r.get('name'));
			const rule: Record<string, unknown> = {};
			let port: number | undefined;
			if (kind !== 'TCPRoute') {
				const { match, port: p } =
					kind === 'GRPCRoute'
						? grpcMatch(body.get('match'), out)
						: httpMatch(body.get('match'), out);
				if (Object.keys(match).length) rule.matches = [match];
				port = p;
				retryAndTimeout(env, body, rule, out, kind === 'GRPCRoute');
			} else {
				port = body.get('match').get('port').num();
				out.use(body.get('match').get('port'));
				const idle = appMeshDuration(body.get('timeout').get('idle'));
				if (idle !== undefined && env.target === 'linkerd') {
					annotate(out, 'timeout.linkerd.io/idle', gatewayDuration(idle));
					out.use(body.get('timeout').get('idle'));
				} else body.get('timeout').lost('TCPRoute has no idle timeout');
			}
			rule.backendRefs = body
				.get('action')
				.get('weightedTargets')
				.items()
				.map((w) => {
					const svc = env.nodeService(w.get('virtualNodeRef'), ns);
					out.use(w.get('virtualNodeRef'));
					w.get('virtualNodeARN').lost(
						'ARNs name nodes outside Kubernetes; use a Service',
					);
					const p = w.get('port').num() ?? svc.port;
					// Gateway API rejects a Service backendRef without a port (a CEL rule).
					if (p === undefined)
						w.get('virtualNodeRef').info(
							'no port found for the Service; add it to the backendRef',
						);
					out.useAll(w.get('port'), w.get('weight'));
					const grant = ensureReferenceGrant(
						ctx,
						{ kind, namespace: ns },
						{ kind: 'Service', namespace: svc.namespace },
					);
					if (grant) grant.use(w.get('virtualNodeRef'));
					return compact({
						name: svc.name,
						namespace: svc.namespace !== ns ? svc.namespace : undefined,
						port: p,
						weight: w.get('weight').num(),
					});
				});
			out.spec.parentRefs =
				port !== undefined ? parents.map((p) => ({ ...p, port })) : parents;
			out.spec.rules = [compact(rule)];
			r.rest(
				{
					priority:
						'Gateway API orders rules by how specific their matches are, not by priority',
				},
				'info',
			);
		});
}

/** The Gateway a GatewayRoute attaches to. */
function gatewayParent(env: AppMeshEnv, gr: Field): Record<string, unknown> {
	const ns = namespaceOf(gr, env.ctx.defaultNamespace);
	const ref = gr.get('spec').get('virtualGatewayRef');
	if (ref.present) {
		env.ctx.cover(ref.input, ref.path);
		const gwNs = ref.get('namespace').str() ?? ns;
		ref.get('uid').consumed();
		return {
			group: GATEWAY_API,
			kind: 'Gateway',
			name: ref.get('name').str() ?? '',
			...(gwNs !== ns ? { namespace: gwNs } : {}),
		};
	}
	const gateways = env.all('VirtualGateway');
	const gw = gateways[0];
	if (!gw) return { group: GATEWAY_API, kind: 'Gateway', name: 'ingress' };
	const gwNs = namespaceOf(gw, env.ctx.defaultNamespace);
	return {
		group: GATEWAY_API,
		kind: 'Gateway',
		name: nameOf(gw),
		...(gwNs !== ns ? { namespace: gwNs } : {}),
	};
}

/** A GatewayRoute → HTTPRoute or GRPCRoute on the converted VirtualGateway. */
export function convertGatewayRoute(env: AppMeshEnv, gr: Field): void {
	const ctx = env.ctx;
	const spec = gr.get('spec');
	const ns = namespaceOf(gr, ctx.defaultNamespace);
	const kindKey = ['httpRoute', 'http2Route', 'grpcRoute'].find((k) => spec.get(k).present);
	const parent = gatewayParent(env, gr);
	if (!spec.get('virtualGatewayRef').present && !env.all('VirtualGateway').length)
		spec.info(
			'no VirtualGateway among the inputs; the route attaches to a Gateway named ingress',
		);
	if (!kindKey) {
		spec.lost('a gateway route without httpRoute, http2Route or grpcRoute');
		return;
	}
	const body = spec.get(kindKey);
	const kind = kindKey === 'grpcRoute' ? 'GRPCRoute' : 'HTTPRoute';
	const out = ctx.emit({ apiVersion: GATEWAY_API_V1, kind, metadata: {}, spec: {} });
	copyMeta(gr, out);
	const { match, port, hostnames } =
		kind === 'GRPCRoute'
			? grpcMatch(body.get('match'), out)
			: httpMatch(body.get('match'), out);
	const rule: Record<string, unknown> = {};
	if (Object.keys(match).length) rule.matches = [match];
	const target = body.get('action').get('target');
	const vsRef = target.get('virtualService').get('virtualServiceRef');
	const vs = env.find('VirtualService', vsRef, ns);
	const svc = vs
		? env.virtualServiceService(vs)
		: {
				name: vsRef.get('name').str() ?? 'unknown',
				namespace: vsRef.get('namespace').str() ?? ns,
			};
	out.use(vsRef);
	target
		.get('virtualService')
		.get('virtualServiceARN')
		.lost('ARNs name services outside Kubernetes; use a Service');
	let backendPort = target.get('port').num();
	out.use(target.get('port'));
	if (backendPort === undefined && vs) {
		const router = env.find(
			'VirtualRouter',
			vs.get('spec').get('provider').get('virtualRouter').get('virtualRouterRef'),
			namespaceOf(vs, ctx.defaultNamespace),
		);
		backendPort = router ? env.routerPort(router) : undefined;
		if (backendPort === undefined) {
			const node = vs.get('spec').get('provider').get('virtualNode').get('virtualNodeRef');
			if (node.present)
				backendPort = env.nodeService(node, namespaceOf(vs, ctx.defaultNamespace)).port;
		}
	}
	if (backendPort === undefined)
		vsRef.info('no port found for the Service; add it to the backendRef');
	rule.backendRefs = [
		compact({
			name: svc.name,
			namespace: svc.namespace !== ns ? svc.namespace : undefined,
			port: backendPort,
		}),
	];
	const grant = ensureReferenceGrant(
		ctx,
		{ kind, namespace: ns },
		{ kind: 'Service', namespace: svc.namespace },
	);
	if (grant) grant.use(vsRef);
	const rewrite = body.get('action').get('rewrite');
	const rw: Record<string, unknown> = {};
	const prefixValue = rewrite.get('prefix').get('value').str();
	const exactPath = rewrite.get('path').get('exact').str();
	if (exactPath !== undefined) rw.path = { type: 'ReplaceFullPath', replaceFullPath: exactPath };
	else if (prefixValue !== undefined)
		rw.path = { type: 'ReplacePrefixMatch', replacePrefixMatch: prefixValue };
	out.useAll(rewrite.get('prefix').get('value'), rewrite.get('path').get('exact'));
	const defaultPrefix = rewrite.get('prefix').get('defaultPrefix').str();
	if (defaultPrefix === 'DISABLED') out.use(rewrite.get('prefix').get('defaultPrefix'));
	else
		rewrite
			.get('prefix')
			.get('defaultPrefix')
			.info([
				'App Mesh rewrites the matched prefix to / by default; Gateway API keeps the path unless a URLRewrite says otherwise',
				'a URLRewrite filter with ReplacePrefixMatch: /',
			]);
	const defaultHost = rewrite.get('hostname').get('defaultTargetHostname').str();
	if (defaultHost === 'DISABLED') out.use(rewrite.get('hostname').get('defaultTargetHostname'));
	else
		rewrite
			.get('hostname')
			.get('defaultTargetHostname')
			.info([
				'App Mesh rewrites the host to the virtual service name by default; Gateway API keeps the original host',
				`a URLRewrite filter with hostname: ${svc.name}.${svc.namespace}.svc.cluster.local`,
			]);
	if (Object.keys(rw).length && kind === 'HTTPRoute')
		rule.filters = [{ type: 'URLRewrite', urlRewrite: rw }];
	out.spec.parentRefs = [port !== undefined ? { ...parent, port } : parent];
	if (hostnames.length) out.spec.hostnames = hostnames;
	out.spec.rules = [rule];
	spec.rest(
		{
			priority: 'Gateway API orders rules by how specific their matches are, not by priority',
			awsName: 'the name App Mesh used in AWS; Kubernetes names carry over',
			meshRef: 'Gateway API has no mesh object',
		},
		'info',
	);
	void hostService;
}
