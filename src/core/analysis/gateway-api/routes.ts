import type { FieldPath } from '../../workspace/objects';
import { defineIndex, type WorkspaceObject } from '../../workspace/model';
import {
	hostsMatch,
	isMapValue,
	listAt,
	numberAt,
	servicePorts,
	stringAt,
	T,
} from '../../workspace/resolve';
import type { Analyzer, CheckDoc, Level, Reporter } from '../types';

const GROUP = 'gateway.networking.k8s.io';
const ROUTES = [T.HTTPRoute, T.GRPCRoute, T.TCPRoute, T.TLSRoute, T.UDPRoute];

function doc(code: string, name: string, level: Level, summary: string, fix: string): CheckDoc {
	return { code, name, level, mesh: 'gateway-api', summary, fix };
}

export const GATEWAY_API_DOCS: readonly CheckDoc[] = [
	doc(
		'MLG001',
		'ParentGatewayNotFound',
		'Warning',
		'A route names a parent Gateway that the analysed files do not define; the route attaches to nothing.',
		'Fix parentRefs name/namespace, or ignore it when the Gateway is defined elsewhere.',
	),
	doc(
		'MLG002',
		'ParentServiceNotFound',
		'Warning',
		'A GAMMA route names a parent Service that the analysed files do not define.',
		'Fix the parentRef, or ignore it when the Service is defined elsewhere.',
	),
	doc(
		'MLG003',
		'ListenerNotFound',
		'Error',
		"A parentRef's sectionName or port matches no listener of the Gateway, so the route is not accepted.",
		'Use the name or port of an existing listener.',
	),
	doc(
		'MLG004',
		'BackendServiceNotFound',
		'Warning',
		'A backendRef names a Service the analysed files do not define; requests to it fail.',
		'Fix the backendRef, or ignore it when the Service is defined elsewhere.',
	),
	doc(
		'MLG005',
		'BackendPortNotFound',
		'Error',
		'A backendRef port is not a port of the Service it names.',
		'Use one of the Service ports.',
	),
	doc(
		'MLG006',
		'ReferenceNotPermitted',
		'Warning',
		'A route refers to a backend in another namespace and no ReferenceGrant in that namespace allows it, so the reference is refused.',
		'Add a ReferenceGrant in the target namespace (from this route kind and namespace, to Service), or move the route.',
	),
	doc(
		'MLG007',
		'HostnameMatchesNoListener',
		'Warning',
		'None of the route hostnames matches a hostname of the listeners it attaches to, so it serves nothing there.',
		'Align the route hostnames with the listener hostnames.',
	),
	doc(
		'MLG008',
		'DuplicateRouteMatch',
		'Warning',
		'Two routes on the same parent have a rule with identical matches; only one of them receives the traffic.',
		'Merge the rules, or make the matches differ.',
	),
	doc(
		'MLG009',
		'MeshRoutePortNotOnService',
		'Error',
		'A GAMMA route attaches to a port its parent Service does not expose.',
		'Use a port of the Service, or drop port to attach to all of them.',
	),
];

interface ParentRef {
	readonly index: number;
	readonly kind: string;
	readonly group: string;
	readonly name: string;
	readonly ns: string;
	readonly sectionName?: string;
	readonly port?: number;
}

export function parentRefs(route: WorkspaceObject): ParentRef[] {
	return listAt(route.value, 'spec', 'parentRefs').flatMap((p, index) => {
		const name = stringAt(p, 'name');
		if (!isMapValue(p) || !name) return [];
		const sectionName = stringAt(p, 'sectionName');
		const port = numberAt(p, 'port');
		return [
			{
				index,
				kind: stringAt(p, 'kind') ?? 'Gateway',
				group: stringAt(p, 'group') ?? GROUP,
				name,
				ns: stringAt(p, 'namespace') ?? route.ns,
				...(sectionName ? { sectionName } : {}),
				...(port !== undefined ? { port } : {}),
			},
		];
	});
}

/** How sure "missing" is: a hint when the files hold no object of that type in that namespace. */
function absence(r: Reporter, type: string, ns: string): Level {
	return r.model.anyIn(type, ns) ? 'Warning' : 'Info';
}

function listeners(
	gw: WorkspaceObject,
): { name?: string; port?: number; hostname?: string; index: number }[] {
	return listAt(gw.value, 'spec', 'listeners').flatMap((l, index) => {
		if (!isMapValue(l)) return [];
		const name = stringAt(l, 'name');
		const port = numberAt(l, 'port');
		const hostname = stringAt(l, 'hostname');
		return [
			{
				index,
				...(name ? { name } : {}),
				...(port !== undefined ? { port } : {}),
				...(hostname ? { hostname } : {}),
			},
		];
	});
}

const ELSEWHERE = 'if it is defined elsewhere, ignore this.';

/** MLG001–MLG003, MLG007 and MLG009: what a route attaches to. */
export const routeParents: Analyzer = {
	name: 'gateway-api.ParentRefAnalyzer',
	mesh: 'gateway-api',
	codes: ['MLG001', 'MLG002', 'MLG003', 'MLG007', 'MLG009'],
	subjects: ROUTES,
	reads: [T.Gateway, T.Service],
	analyze(r, route) {
		if (!route) return;
		const hostnames = listAt(route.value, 'spec', 'hostnames').filter(
			(h): h is string => typeof h === 'string',
		);
		for (const p of parentRefs(route)) {
			const path: FieldPath = ['spec', 'parentRefs', p.index];
			if (p.kind === 'Service' && (p.group === '' || p.group === 'core')) {
				const svc = r.model.get(T.Service, p.ns, p.name);
				if (!svc) {
					r.report(
						'MLG002',
						route,
						[...path, 'name'],
						`Parent Service "${p.ns}/${p.name}" is not in the analysed files; ${ELSEWHERE}`,
						{ level: absence(r, T.Service, p.ns) },
					);
					continue;
				}
				if (p.port !== undefined && !servicePorts(svc).some((sp) => sp.number === p.port)) {
					r.report(
						'MLG009',
						route,
						[...path, 'port'],
						`Service ${svc.ns}/${svc.name} has no port ${p.port}; this mesh route attaches to nothing.`,
						{
							related: [
								{
									object: svc,
									path: ['spec', 'ports'],
									message: `Service ${svc.ns}/${svc.name} ports: ${servicePorts(
										svc,
									)
										.map((x) => x.number)
										.join(', ')}`,
								},
							],
						},
					);
				}
				continue;
			}
			if (p.kind !== 'Gateway' || p.group !== GROUP) continue;
			const gw = r.model.get(T.Gateway, p.ns, p.name);
			if (!gw) {
				r.report(
					'MLG001',
					route,
					[...path, 'name'],
					`Parent Gateway "${p.ns}/${p.name}" is not in the analysed files; ${ELSEWHERE}`,
					{ level: absence(r, T.Gateway, p.ns) },
				);
				continue;
			}
			const related = [
				{ object: gw, path: ['spec', 'listeners'], message: `Gateway ${gw.ns}/${gw.name}` },
			];
			const all = listeners(gw);
			const chosen = all.filter(
				(l) =>
					(p.sectionName === undefined || l.name === p.sectionName) &&
					(p.port === undefined || l.port === p.port),
			);
			if (chosen.length === 0) {
				const what = [
					p.sectionName !== undefined ? `sectionName "${p.sectionName}"` : '',
					p.port !== undefined ? `port ${p.port}` : '',
				]
					.filter(Boolean)
					.join(' and ');
				r.report(
					'MLG003',
					route,
					[...path, p.sectionName !== undefined ? 'sectionName' : 'port'],
					`Gateway ${gw.ns}/${gw.name} has no listener with ${what || 'any name'} (listeners: ${all.map((l) => `${l.name ?? '?'}:${l.port ?? '?'}`).join(', ') || 'none'}).`,
					{ related },
				);
				continue;
			}
			if (hostnames.length === 0 || route.type === T.TCPRoute || route.type === T.UDPRoute)
				continue;
			const matches = chosen.some(
				(l) => !l.hostname || hostnames.some((h) => hostsMatch(h, l.hostname ?? '')),
			);
			if (!matches) {
				r.report(
					'MLG007',
					route,
					['spec', 'hostnames'],
					`None of the route hostnames (${hostnames.join(', ')}) matches a listener hostname of Gateway ${gw.ns}/${gw.name} (${chosen.map((l) => l.hostname).join(', ')}).`,
					{ related },
				);
			}
		}
	},
};

/** Whether a ReferenceGrant in the target namespace lets `from` refer to a Service there. */
function granted(
	r: Reporter,
	from: WorkspaceObject,
	toNs: string,
	toKind: string,
	toName: string,
): boolean {
	for (const g of r.model.inNamespace(T.ReferenceGrant, toNs)) {
		const fromOk = listAt(g.value, 'spec', 'from').some(
			(f) =>
				stringAt(f, 'kind') === from.kind &&
				stringAt(f, 'namespace') === from.ns &&
				(stringAt(f, 'group') ?? '') === from.group,
		);
		const toOk = listAt(g.value, 'spec', 'to').some(
			(t) =>
				stringAt(t, 'kind') === toKind &&
				(stringAt(t, 'group') ?? '') === '' &&
				(stringAt(t, 'name') === undefined || stringAt(t, 'name') === toName),
		);
		if (fromOk && toOk) return true;
	}
	return false;
}

/** MLG004–MLG006: where a route sends traffic. */
export const routeBackends: Analyzer = {
	name: 'gateway-api.BackendRefAnalyzer',
	mesh: 'gateway-api',
	codes: ['MLG004', 'MLG005', 'MLG006'],
	subjects: ROUTES,
	reads: [T.Service, T.ReferenceGrant],
	analyze(r, route) {
		if (!route) return;
		listAt(route.value, 'spec', 'rules').forEach((rule, i) => {
			listAt(rule, 'backendRefs').forEach((b, j) => {
				const name = stringAt(b, 'name');
				const kind = stringAt(b, 'kind') ?? 'Service';
				const group = stringAt(b, 'group') ?? '';
				if (!name || kind !== 'Service' || (group !== '' && group !== 'core')) return;
				const ns = stringAt(b, 'namespace') ?? route.ns;
				const path: FieldPath = ['spec', 'rules', i, 'backendRefs', j];
				if (ns !== route.ns && !granted(r, route, ns, 'Service', name)) {
					r.report(
						'MLG006',
						route,
						[...path, 'namespace'],
						`Backend Service ${ns}/${name} is in another namespace and no ReferenceGrant in namespace ${ns} in the analysed files allows ${route.kind}s from ${route.ns}.`,
					);
				}
				const svc = r.model.get(T.Service, ns, name);
				if (!svc) {
					r.report(
						'MLG004',
						route,
						[...path, 'name'],
						`Backend Service "${ns}/${name}" is not in the analysed files; ${ELSEWHERE}`,
						{ level: absence(r, T.Service, ns) },
					);
					return;
				}
				const port = numberAt(b, 'port');
				if (port !== undefined && !servicePorts(svc).some((p) => p.number === port)) {
					r.report(
						'MLG005',
						route,
						[...path, 'port'],
						`Service ${svc.ns}/${svc.name} has no port ${port} (ports: ${servicePorts(
							svc,
						)
							.map((p) => p.number)
							.join(', ')}).`,
						{
							related: [
								{
									object: svc,
									path: ['spec', 'ports'],
									message: `Service ${svc.ns}/${svc.name}`,
								},
							],
						},
					);
				}
			});
		});
	},
};

/** A canonical text of a rule's matches (sorted keys). */
function matchKey(rule: unknown): string | undefined {
	const matches = listAt(rule, 'matches');
	if (matches.length === 0) return undefined;
	const sort = (x: unknown): unknown =>
		Array.isArray(x)
			? x.map(sort)
			: isMapValue(x)
				? Object.fromEntries(
						Object.keys(x)
							.sort()
							.map((k) => [k, sort(x[k])]),
					)
				: x;
	return JSON.stringify(sort(matches));
}

/** A rule of a route with matches, on one parent, keyed by kind, parent, hostnames and matches. */
interface RuleOnParent {
	readonly route: WorkspaceObject;
	readonly rule: number;
	readonly key: string;
	readonly parent: { kind: string; ns: string; name: string };
}

function rulesOnParents(route: WorkspaceObject): RuleOnParent[] {
	const hosts = listAt(route.value, 'spec', 'hostnames').map(String).sort().join(',');
	const parents = parentRefs(route);
	const out: RuleOnParent[] = [];
	listAt(route.value, 'spec', 'rules').forEach((rule, i) => {
		const key = matchKey(rule);
		if (!key) return;
		for (const p of parents) {
			// Routes on different listeners (sectionName or port) do not compete.
			const k = `${route.type}|${p.kind}/${p.ns}/${p.name}/${p.sectionName ?? ''}/${p.port ?? ''}|${hosts}|${key}`;
			out.push({ route, rule: i, key: k, parent: p });
		}
	});
	return out;
}

/** The rules of every route by parent and matches. */
const RULES_ON_PARENTS = defineIndex<RuleOnParent>('route-rules', ROUTES, (route) =>
	rulesOnParents(route).map((e) => [e.key, e] as const),
);

/** MLG008: identical matches in two routes of the same kind on the same parent. */
export const duplicateMatches: Analyzer = {
	name: 'gateway-api.DuplicateMatchAnalyzer',
	mesh: 'gateway-api',
	codes: ['MLG008'],
	subjects: ROUTES,
	reads: [],
	analyze(r, route) {
		if (!route) return;
		const reported = new Set<number>();
		for (const own of rulesOnParents(route)) {
			// The route that comes first keeps the traffic; a later one is reported.
			const first = r.model.query(RULES_ON_PARENTS, own.key)[0];
			if (!first || first.route === route || reported.has(own.rule)) continue;
			reported.add(own.rule);
			const p = own.parent;
			r.report(
				'MLG008',
				route,
				['spec', 'rules', own.rule, 'matches'],
				`Rule ${own.rule} has the same matches as rule ${first.rule} of ${first.route.kind} ${first.route.ns}/${first.route.name} on ${p.kind} ${p.ns}/${p.name}; only one of them gets the traffic.`,
				{
					related: [
						{
							object: first.route,
							path: ['spec', 'rules', first.rule, 'matches'],
							message: `${first.route.kind} ${first.route.ns}/${first.route.name}, rule ${first.rule}`,
						},
					],
				},
			);
		}
	},
};
