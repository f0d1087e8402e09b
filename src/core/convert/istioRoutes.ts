import type { Field, Out } from './context';
import type { IstioEnv } from './istioEnv';
import { grpcRule, meshRouteKind, serviceKeys } from './istioGrpc';
import { httpRule, type RuleTarget } from './istioHttp';
import { copyMeta, GATEWAY_API, GATEWAY_API_V1, namespaceOf, nameOf, serviceOfHost } from './util';

type ParentRef = Record<string, unknown>;

/** The parents of a VirtualService: Gateway refs, and Service refs for `mesh`. */
function parents(
	vs: Field,
	env: IstioEnv,
	ns: string,
): { gateways: ParentRef[]; mesh: ParentRef[] } {
	const spec = vs.get('spec');
	const gws = spec.get('gateways').items();
	const names = gws.length ? gws.map((g) => g.str() ?? '') : ['mesh'];
	const gateways: ParentRef[] = [];
	const mesh: ParentRef[] = [];
	names.forEach((g, i) => {
		const f = gws[i];
		if (g === 'mesh') {
			f?.consumed();
			for (const h of spec.get('hosts').items()) {
				const svc = serviceOfHost(h.str() ?? '');
				if (!svc) {
					h.lost([
						'mesh routes attach to Services; this host is not a cluster Service name',
						'with Istio, a parentRef of kind ServiceEntry (group networking.istio.io) naming the ServiceEntry',
					]);
					continue;
				}
				h.consumed();
				mesh.push({
					group: '',
					kind: 'Service',
					name: svc.name,
					...(svc.namespace && svc.namespace !== ns ? { namespace: svc.namespace } : {}),
				});
			}
			return;
		}
		const slash = g.indexOf('/');
		const gwNs = slash === -1 ? ns : g.slice(0, slash);
		const name = slash === -1 ? g : g.slice(slash + 1);
		gateways.push({
			group: GATEWAY_API,
			kind: 'Gateway',
			name,
			...(gwNs !== ns ? { namespace: gwNs } : {}),
		});
		f?.consumed();
		const known = env.ctx.inputs.some(
			(x) =>
				x.resource.kind === 'Gateway' &&
				String(x.resource.apiVersion).startsWith('networking.istio.io/') &&
				(x.resource.metadata as { name?: unknown } | undefined)?.name === name,
		);
		if (!known) f?.info(`the Gateway '${g}' was not among the inputs; convert it too`);
	});
	return { gateways, mesh };
}

/** Splits rules by the ports their matches name; rules without a port match any port. */
function byPort(
	rules: { rule: Record<string, unknown>; ports: (number | undefined)[] }[],
): Map<number | undefined, Record<string, unknown>[]> {
	const groups = new Map<number | undefined, Record<string, unknown>[]>();
	for (const { rule, ports } of rules) {
		const matches = (rule.matches as Record<string, unknown>[] | undefined) ?? [];
		const distinct = new Set(ports);
		if (!matches.length || distinct.size <= 1) {
			const p = ports[0];
			groups.set(p, [...(groups.get(p) ?? []), rule]);
			continue;
		}
		for (const p of distinct) {
			const part = { ...rule, matches: matches.filter((_, i) => ports[i] === p) };
			groups.set(p, [...(groups.get(p) ?? []), part]);
		}
	}
	return groups;
}

function withPort(refs: ParentRef[], port: number | undefined): ParentRef[] {
	return port === undefined ? refs : refs.map((r) => ({ ...r, port }));
}

/** Emits one route per port group; the first output is given, the others are created. */
function emitGroups(
	env: IstioEnv,
	vs: Field,
	first: Out,
	kind: string,
	refs: ParentRef[],
	groups: Map<number | undefined, Record<string, unknown>[]>,
	extraSpec: Record<string, unknown>,
): void {
	const base = (first.resource.metadata as { name: string }).name;
	let i = 0;
	for (const [port, rules] of groups) {
		const out =
			i === 0
				? first
				: env.ctx.emit({
						apiVersion: first.resource.apiVersion,
						kind,
						metadata: {
							...(first.resource.metadata as object),
							name: `${base}-${port ?? 'any'}`,
						},
						spec: {},
					});
		if (i > 0) out.use(vs.get('metadata').get('name'));
		if (i === 0 && groups.size > 1 && port !== undefined)
			(out.resource.metadata as { name: string }).name = `${base}-${port}`;
		Object.assign(out.spec, { parentRefs: withPort(refs, port), ...extraSpec, rules });
		i++;
	}
}

/**
 * A VirtualService as Gateway API routes: HTTPRoute (GRPCRoute for a mesh route to gRPC ports),
 * TCPRoute and TLSRoute.
 */
export function convertVirtualService(env: IstioEnv, vs: Field): void {
	const ctx = env.ctx;
	const ns = namespaceOf(vs, ctx.defaultNamespace);
	const name = nameOf(vs);
	const spec = vs.get('spec');
	const { gateways, mesh } = parents(vs, env, ns);
	const sets: { refs: ParentRef[]; mesh: boolean; suffix: string }[] = [];
	if (gateways.length) sets.push({ refs: gateways, mesh: false, suffix: '' });
	if (mesh.length) sets.push({ refs: mesh, mesh: true, suffix: gateways.length ? '-mesh' : '' });
	if (!['http', 'tcp', 'tls'].some((k) => spec.get(k).items().length)) {
		ctx.note(vs.input, '', 'lost', 'no http, tcp or tls routes, so there is nothing to route');
		return;
	}
	if (!sets.length) {
		ctx.note(vs.input, '', 'lost', [
			'no Gateway and no Service host to attach routes to (spec.hosts names no cluster Service)',
			'name the Service in spec.hosts',
		]);
		return;
	}
	const hosts = spec
		.get('hosts')
		.items()
		.map((h) => (h.str() ?? '').toLowerCase())
		.filter((h) => h && h !== '*');
	for (const set of sets) {
		const hostnames = set.mesh ? [] : hosts;
		if (!set.mesh) spec.get('hosts').consumed();
		// TCPRoute allows one rule, so each tcp entry is a route of its own.
		const tcp = spec.get('tcp').items();
		const http = spec.get('http').items();
		const httpKind = set.mesh
			? meshRouteKind(env, serviceKeys(set.refs, ns), http)
			: { kind: 'HTTPRoute' as const };
		if (httpKind.why) spec.get('hosts').info(httpKind.why);
		const routeKinds: [string, Field[], string][] = [
			[httpKind.kind, http, ''],
			...tcp.map((e, i): [string, Field[], string] => [
				'TCPRoute',
				[e],
				`-tcp${tcp.length > 1 ? `-${i}` : ''}`,
			]),
		];
		for (const [kind, entries, kindSuffix] of routeKinds) {
			if (!entries.length) continue;
			const out = ctx.emit({
				apiVersion: GATEWAY_API_V1,
				kind,
				metadata: {},
				spec: {},
			});
			copyMeta(vs, out, { name: `${name}${set.suffix}${kindSuffix}` });
			const t: RuleTarget = { env, out, route: { kind, namespace: ns }, mesh: set.mesh };
			const rules = entries.map((r) =>
				kind === 'HTTPRoute'
					? httpRule(r, t)
					: kind === 'GRPCRoute'
						? grpcRule(r, t)
						: tcpRule(r, t),
			);
			emitGroups(
				env,
				vs,
				out,
				kind,
				set.refs,
				byPort(rules),
				kind === 'HTTPRoute' && hostnames.length ? { hostnames } : {},
			);
		}
		spec.get('tls')
			.items()
			.forEach((entry, i) => {
				const out = ctx.emit({
					apiVersion: GATEWAY_API_V1,
					kind: 'TLSRoute',
					metadata: {},
					spec: {},
				});
				copyMeta(vs, out, { name: `${name}${set.suffix}-tls${i ? `-${i}` : ''}` });
				const t: RuleTarget = {
					env,
					out,
					route: { kind: 'TLSRoute', namespace: ns },
					mesh: set.mesh,
				};
				const sni: string[] = [];
				const ports: (number | undefined)[] = [];
				for (const m of entry.get('match').items()) {
					for (const s of m.get('sniHosts').items()) if (s.str()) sni.push(s.str() ?? '');
					out.use(m.get('sniHosts'));
					ports.push(m.get('port').num());
					out.use(m.get('port'));
					l4MatchRest(m);
				}
				const { rule } = tcpRule(entry, t, true);
				const port = ports.find((p) => p !== undefined);
				Object.assign(out.spec, {
					parentRefs: withPort(set.refs, port),
					hostnames: sni.length ? sni : hostnames.length ? hostnames : ['*'],
					rules: [rule],
				});
			});
	}
	spec.rest({
		exportTo: [
			'Gateway API routes have no export scope',
			'with Istio, the Service annotation networking.istio.io/exportTo',
		],
	});
}

function l4MatchRest(m: Field): void {
	m.rest({
		destinationSubnets: 'Gateway API routes do not match on destination addresses',
		sourceLabels: [
			'Gateway API routes do not match on the client workload',
			'an authorization policy on the client labels',
		],
		sourceNamespace: 'Gateway API routes do not match on the client namespace',
		sourceSubnet: 'Gateway API routes do not match on client addresses',
		gateways:
			'per-match gateways have no Gateway API form; parentRefs apply to the whole route',
	});
}

/** A tcp (or tls) entry as a rule with backendRefs. */
function tcpRule(
	r: Field,
	t: RuleTarget,
	matchesHandled = false,
): { rule: Record<string, unknown>; ports: (number | undefined)[] } {
	const ports: (number | undefined)[] = [];
	if (!matchesHandled)
		for (const m of r.get('match').items()) {
			const p = m.get('port').num();
			ports.push(p);
			t.out.use(m.get('port'));
			l4MatchRest(m);
		}
	const backendRefs = r
		.get('route')
		.items()
		.filter((d) => {
			if (d.get('destination').present) return true;
			d.lost('a route entry without a destination sends traffic nowhere');
			return false;
		})
		.map((d) => {
			const ref = t.env.backendRef(d.get('destination'), t.out, t.route);
			const w = d.get('weight').num();
			if (w !== undefined) {
				ref.weight = w;
				t.out.use(d.get('weight'));
			}
			return ref;
		});
	return { rule: { backendRefs }, ports: [...new Set(ports)].slice(0, 1) };
}
