import {
	DESTINATION_RULES,
	hasWorkloads,
	hostsMatch,
	hostsNamed,
	listAt,
	mapAt,
	plainSelector,
	resolveHost,
	selectedWorkloads,
	stringAt,
	T,
	toFqdn,
	labelSelector,
	selects,
	serviceOfFqdn,
} from '../../workspace/resolve';
import { defineIndex, type WorkspaceObject } from '../../workspace/model';
import type { FieldPath } from '../../workspace/objects';
import type { Analyzer, Level, Reporter } from '../types';
import { exportToOf, routeDestinations, splitRef, vsGateways, vsHosts } from './routes';

const ELSEWHERE =
	'It is not in the analysed files; if it is defined elsewhere (another repository, a Helm release, the cluster), ignore this.';

/** How sure "this host is missing" is, from what the analysed files hold. */
function missingHostLevel(r: Reporter, host: string, ns: string): Level | undefined {
	if (!r.model.hasType(T.Service) && !r.model.hasType(T.ServiceEntry)) return undefined;
	const svc = serviceOfFqdn(toFqdn(host, ns));
	if (!svc) return 'Info';
	return r.model.anyIn(T.Service, svc.ns) ? 'Warning' : 'Info';
}

/** Whether a VirtualService applies to sidecars (no `gateways`, or `mesh` among them). */
function appliesToMesh(vs: WorkspaceObject): boolean {
	const gws = vsGateways(vs);
	return gws.length === 0 || gws.some((g) => g.name === 'mesh');
}

/**
 * The HTTP route destinations with a subset, of VirtualServices that apply to sidecars, keyed by
 * the FQDN of the destination host, when that host is one of the VirtualService's own hosts (it
 * splits the traffic for its host into subsets).
 */
const SUBSET_SPLITS = defineIndex<{ vs: WorkspaceObject; path: FieldPath; subset: string }>(
	'vs-subset-splits',
	[T.VirtualService],
	(vs) => {
		if (!appliesToMesh(vs)) return [];
		const own = new Set(vsHosts(vs).map((h) => toFqdn(h, vs.ns)));
		return routeDestinations(vs).flatMap((d) => {
			if (d.mirror || d.path[1] !== 'http' || !d.subset || d.host === '') return [];
			const fqdn = toFqdn(d.host, vs.ns);
			return own.has(fqdn) ? [[fqdn, { vs, path: d.path, subset: d.subset }] as const] : [];
		});
	},
);

/**
 * IST0140: a VirtualService bound to a gateway routes to a host without a subset, while a
 * VirtualService for sidecars splits that host into subsets. Gateway traffic only follows the
 * routes bound to the gateway, so the subset split does not apply to it.
 */
function ingressSubsets(r: Reporter, vs: WorkspaceObject): void {
	const gws = vsGateways(vs);
	if (!gws.some((g) => g.name !== 'mesh')) return;
	for (const d of routeDestinations(vs)) {
		if (d.mirror || d.path[1] !== 'http' || d.subset || d.host === '') continue;
		const splits = r.model
			.query(SUBSET_SPLITS, toFqdn(d.host, vs.ns))
			.filter((e) => e.vs !== vs);
		const seen = new Set<WorkspaceObject>();
		for (const e of splits) {
			if (seen.has(e.vs)) continue;
			seen.add(e.vs);
			r.report(
				'IST0140',
				vs,
				[...d.path, 'host'],
				`Subset in virtual service ${e.vs.ns}/${e.vs.name} has no effect on ingress gateway ${vs.ns}/${vs.name} requests: requests through the gateway follow only this route, which sends them to "${d.host}" without a subset.`,
				{
					related: splits
						.filter((x) => x.vs === e.vs)
						.map((x) => ({
							object: x.vs,
							path: [...x.path, 'subset'],
							message: `VirtualService ${x.vs.ns}/${x.vs.name} routes ${d.host} to subset ${x.subset} for sidecars only`,
						})),
				},
			);
		}
	}
}

/**
 * IST0101 host / host:port and IST0112: route destinations to hosts nobody defines; IST0140:
 * gateway routes that bypass the subsets another VirtualService splits their host into.
 */
export const destinationHosts: Analyzer = {
	name: 'virtualservice.DestinationHostAnalyzer',
	mesh: 'istio',
	codes: ['IST0101', 'IST0112', 'IST0140'],
	subjects: [T.VirtualService],
	reads: [T.Service, T.ServiceEntry, T.VirtualService],
	analyze(r, vs) {
		if (!vs) return;
		ingressSubsets(r, vs);
		const exportTo = exportToOf(vs);
		for (const d of routeDestinations(vs)) {
			if (d.host === '') {
				r.report(
					'IST0101',
					vs,
					d.path,
					'Referenced host not found: "": this route has no destination host.',
				);
				continue;
			}
			const found = resolveHost(r.model, d.host, vs.ns, exportTo);
			if (!found) {
				const hidden = hostsNamed(r.model, d.host, vs.ns);
				const first = hidden[0];
				if (first) {
					r.report(
						'IST0101',
						vs,
						[...d.path, 'host'],
						`Referenced host not found: "${d.host}". ${first.object.kind} ${first.object.name} defines it but is not exported to namespace ${vs.ns}.`,
						{
							related: [
								{
									object: first.object,
									path: first.path,
									message: `${first.object.kind} ${first.object.ns}/${first.object.name} defines ${first.fqdn}`,
								},
							],
						},
					);
				} else {
					// Precision first: say nothing when the files hold no services at all, hint when
					// they hold none of the host's namespace, warn when its namespace is there.
					const level = missingHostLevel(r, d.host, vs.ns);
					if (level) {
						r.report(
							'IST0101',
							vs,
							[...d.path, 'host'],
							`Referenced host not found: "${d.host}". ${ELSEWHERE}`,
							{ level },
						);
					}
				}
				continue;
			}
			const related = [
				{
					object: found.object,
					path: found.path,
					message: `${found.object.kind} ${found.object.ns}/${found.object.name} defines ${found.fqdn}`,
				},
			];
			if (d.port === undefined) {
				if (found.ports.length > 1) {
					r.report(
						'IST0112',
						vs,
						d.path,
						`This VirtualService routes to a service "${d.host}" that exposes multiple ports [${found.ports.map((p) => p.number).join(' ')}]. Specifying a port in the destination is required to disambiguate.`,
						{ related },
					);
				}
				continue;
			}
			if (!found.ports.some((p) => p.number === d.port)) {
				r.report(
					'IST0101',
					vs,
					[...d.path, 'port', 'number'],
					`Referenced host:port not found: "${d.host}:${d.port}".`,
					{ related },
				);
			}
		}
	},
};

/** IST0101 host+subset: a route names a subset no DestinationRule of its host defines. */
export const destinationRules: Analyzer = {
	name: 'virtualservice.DestinationRuleAnalyzer',
	mesh: 'istio',
	codes: ['IST0101'],
	subjects: [T.VirtualService],
	reads: [T.DestinationRule],
	analyze(r, vs) {
		if (!vs) return;
		const dests = routeDestinations(vs).filter((d) => d.subset);
		if (dests.length === 0) return;
		const exportTo = exportToOf(vs);
		const scopes =
			exportTo.length === 0 ? [vs.ns] : exportTo.map((e) => (e === '.' ? vs.ns : e));
		for (const d of dests) {
			const fqdn = toFqdn(d.host, vs.ns);
			const rules = r.model
				.query(DESTINATION_RULES, fqdn)
				.filter((e) => e.scopes.includes('*') || scopes.some((s) => e.scopes.includes(s)));
			const match = rules.find((e) => e.subsets.has(d.subset ?? ''));
			if (match) continue;
			const text = `Referenced host+subset in destinationrule not found: "${d.host}+${d.subset}".`;
			if (rules.length === 0) {
				r.report(
					'IST0101',
					vs,
					[...d.path, 'subset'],
					`${text} No DestinationRule for ${fqdn} is in the analysed files; if it is defined elsewhere, ignore this.`,
					{ level: r.model.hasType(T.DestinationRule) ? 'Warning' : 'Info' },
				);
			} else {
				r.report(
					'IST0101',
					vs,
					[...d.path, 'subset'],
					`${text} The DestinationRule for ${fqdn} defines ${
						rules
							.flatMap((e) => [...e.subsets.keys()])
							.map((s) => `"${s}"`)
							.join(', ') || 'no subsets'
					}.`,
					{
						related: rules.map((e) => ({
							object: e.dr,
							path: ['spec', 'subsets'],
							message: `DestinationRule ${e.dr.ns}/${e.dr.name} (host ${stringAt(e.dr.value, 'spec', 'host') ?? ''})`,
						})),
					},
				);
			}
		}
	},
};

/** The hosts a Gateway's servers offer to a namespace (`ns/host` entries filtered). */
function gatewayHostsFor(gw: WorkspaceObject, vsNs: string): string[] {
	const out: string[] = [];
	for (const server of listAt(gw.value, 'spec', 'servers')) {
		for (const h of listAt(server, 'hosts')) {
			if (typeof h !== 'string') continue;
			const slash = h.indexOf('/');
			if (slash < 0) out.push(h);
			else {
				const ns = h.slice(0, slash);
				if (ns === '*' || ns === vsNs || (ns === '.' && gw.ns === vsNs))
					out.push(h.slice(slash + 1));
			}
		}
	}
	return out;
}

/** IST0101 gateway, IST0132 and IST0165: the gateways a VirtualService binds to. */
export const gateways: Analyzer = {
	name: 'virtualservice.GatewayAnalyzer',
	mesh: 'istio',
	codes: ['IST0101', 'IST0132', 'IST0165'],
	subjects: [T.VirtualService],
	reads: [T.IstioGateway],
	analyze(r, vs) {
		if (!vs) return;
		const hosts = vsHosts(vs);
		for (const g of vsGateways(vs)) {
			if (g.name === 'mesh') continue;
			const ref = splitRef(g.name, vs.ns);
			if (ref.name.endsWith('-istio-autogenerated-k8s-gateway')) {
				r.report(
					'IST0165',
					vs,
					g.path,
					`Gateway reference in VirtualService ${vs.name} is to an implementation-generated internal Gateway: ${g.name}.`,
				);
				continue;
			}
			const gw = r.model.get(T.IstioGateway, ref.ns, ref.name);
			if (!gw) {
				r.report(
					'IST0101',
					vs,
					g.path,
					`Referenced gateway not found: "${g.name}". ${ELSEWHERE}`,
					{ level: r.model.hasType(T.IstioGateway) ? 'Warning' : 'Info' },
				);
				r.report(
					'IST0132',
					vs,
					g.path,
					`one or more host [${hosts.join(' ')}] defined in VirtualService ${vs.ns}/${vs.name} not found in Gateway ${ref.ns}/${ref.name}: the gateway is not in the analysed files, so its hosts are unknown.`,
					{ level: 'Info' },
				);
				continue;
			}
			const gwHosts = gatewayHostsFor(gw, vs.ns);
			if (!gwHosts.some((gh) => hosts.some((h) => hostsMatch(gh, h)))) {
				r.report(
					'IST0132',
					vs,
					g.path,
					`one or more host [${hosts.join(' ')}] defined in VirtualService ${vs.ns}/${vs.name} not found in Gateway ${gw.ns}/${gw.name}.`,
					{
						related: [
							{
								object: gw,
								path: ['spec', 'servers'],
								message: `Gateway ${gw.ns}/${gw.name} offers ${gwHosts.length ? gwHosts.join(', ') : 'no hosts'}`,
							},
						],
					},
				);
			}
		}
	},
};

/** A host of a VirtualService bound to the mesh gateway, keyed `<scope> <fqdn>` (scope '*' when exported everywhere). */
interface MeshHost {
	readonly vs: WorkspaceObject;
	readonly index: number;
	readonly key: string;
	readonly fqdn: string;
	readonly scope: string;
}

/** Mesh hosts by VirtualService: the index and the check both read them; an object never changes. */
const meshHostsOf = new WeakMap<WorkspaceObject, readonly MeshHost[]>();

function meshHosts(vs: WorkspaceObject): readonly MeshHost[] {
	let found = meshHostsOf.get(vs);
	if (!found) {
		found = readMeshHosts(vs);
		meshHostsOf.set(vs, found);
	}
	return found;
}

function readMeshHosts(vs: WorkspaceObject): MeshHost[] {
	const gws = vsGateways(vs);
	if (gws.length > 0 && !gws.some((g) => g.name === 'mesh')) return [];
	const exportTo = exportToOf(vs);
	const scope = exportTo.length === 0 || exportTo.includes('*') ? '*' : vs.ns;
	return vsHosts(vs).map((h, index) => {
		const fqdn = toFqdn(h, vs.ns);
		return { vs, index, key: `${scope} ${fqdn}`, fqdn, scope };
	});
}

/** The hosts of the VirtualServices bound to the mesh gateway, by `<scope> <fqdn>`. */
const MESH_HOSTS = defineIndex<MeshHost>('virtualservice-mesh-hosts', [T.VirtualService], (vs) =>
	meshHosts(vs).map((h) => [h.key, h] as const),
);

/** IST0109: VirtualServices bound to the mesh gateway that claim the same host. */
export const conflictingMeshGatewayHosts: Analyzer = {
	name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
	mesh: 'istio',
	codes: ['IST0109'],
	subjects: [T.VirtualService],
	reads: [],
	analyze(r, vs) {
		if (!vs) return;
		for (const own of meshHosts(vs)) {
			// The VirtualServices claiming the host in the same scope, and for a namespace-scoped
			// one, also those exported to every namespace.
			let list = r.model.query(MESH_HOSTS, own.key);
			if (list.length < 2 && own.scope !== '*') {
				const all = r.model.query(MESH_HOSTS, `* ${own.fqdn}`);
				if (all.length === 0) continue;
				list = [...list, ...all];
			} else if (list.length < 2) continue;
			const names = list.map((e) => `${e.vs.ns}/${e.vs.name}`).join(',');
			r.report(
				'IST0109',
				vs,
				['spec', 'hosts', own.index],
				`The VirtualServices ${names} associated with mesh gateway define the same host ${own.fqdn} which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.`,
				{
					related: list
						.filter((x) => x.vs !== vs)
						.map((x) => ({
							object: x.vs,
							path: ['spec', 'hosts', x.index],
							message: `VirtualService ${x.vs.ns}/${x.vs.name} also defines ${own.fqdn}`,
						})),
				},
			);
			return;
		}
	},
};

/** IST0149: routing on JWT claims through a gateway whose pods have no RequestAuthentication. */
export const jwtClaimRoute: Analyzer = {
	name: 'virtualservice.JWTClaimRouteAnalyzer',
	mesh: 'istio',
	codes: ['IST0149'],
	subjects: [T.VirtualService],
	reads: [
		T.IstioGateway,
		T.RequestAuthentication,
		T.Pod,
		T.Deployment,
		T.StatefulSet,
		T.DaemonSet,
		T.ReplicaSet,
	],
	analyze(r, vs) {
		if (!vs) return;
		let key: string | undefined;
		let keyPath: (string | number)[] = [];
		listAt(vs.value, 'spec', 'http').forEach((rule, i) => {
			listAt(rule, 'match').forEach((m, j) => {
				for (const field of ['headers', 'withoutHeaders']) {
					for (const k of Object.keys(mapAt(m, field) ?? {})) {
						if (k.startsWith('@request.auth.claims')) {
							key = k;
							keyPath = ['spec', 'http', i, 'match', j, field, k];
						}
					}
				}
			});
		});
		if (!key) return;
		const ras = [...r.model.ofType(T.RequestAuthentication)];
		for (const g of vsGateways(vs)) {
			if (g.name === 'mesh') continue;
			const ref = splitRef(g.name, vs.ns);
			const gw = r.model.get(T.IstioGateway, ref.ns, ref.name);
			if (!gw) continue;
			const selector =
				plainSelector(mapAt(gw.value, 'spec', 'selector')) ?? plainSelector({});
			if (!selector) continue;
			// The gateway's pods, or its selector's labels when its pods are not in the files.
			const pods = hasWorkloads(r.model)
				? selectedWorkloads(r.model, selector, undefined)
				: [];
			const podLabels =
				pods.length > 0
					? pods.map((p) => ({ labels: p.labels, ns: p.ns, name: p.object.name }))
					: [{ labels: selector.matchLabels, ns: gw.ns, name: '' }];
			for (const pod of podLabels) {
				const covered = ras.some((ra) => {
					const sel = labelSelector(mapAt(ra.value, 'spec', 'selector'));
					return selects(sel ?? { matchLabels: {}, matchExpressions: [] }, pod.labels);
				});
				if (covered) continue;
				r.report(
					'IST0149',
					vs,
					keyPath,
					`The virtual service uses the JWT claim based routing (key: ${key}) but found no request authentication for the gateway (${gw.ns}/${gw.name}) pod${pod.name ? ` (${pod.name})` : 's'}. The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.`,
					{
						related: [
							{
								object: gw,
								path: ['spec', 'selector'],
								message: `Gateway ${gw.ns}/${gw.name}`,
							},
						],
						part: 'key',
					},
				);
				return;
			}
		}
	},
};
