import type { FieldPath, Range } from './objects';
import { typeOf, type WorkspaceModel, type WorkspaceObject } from './model';
import {
	DESTINATION_RULES,
	isMapValue,
	labelSelector,
	listAt,
	mapAt,
	plainSelector,
	resolveHost,
	selectedWorkloads,
	stringAt,
	T,
	toFqdn,
	type LabelSelector,
} from './resolve';

/** What a reference is for, to group the code lens counts. */
export type ReferenceRole = 'route' | 'policy' | 'config' | 'selector' | 'attachment';

/** A place that names another resource: where it is, and what it resolves to. */
export interface Reference {
	readonly from: WorkspaceObject;
	readonly path: FieldPath;
	readonly range: Range;
	readonly role: ReferenceRole;
	/** What the reference names, as written. */
	readonly text: string;
	/** The resources (or the nodes in them) it resolves to; empty when nothing matches. */
	readonly targets: readonly { object: WorkspaceObject; path?: FieldPath }[];
}

type Target = { object: WorkspaceObject; path?: FieldPath };

const ISTIO_POLICIES = [
	T.IstioAuthorizationPolicy,
	T.PeerAuthentication,
	T.RequestAuthentication,
	T.Telemetry,
];
const GATEWAY_ROUTES = [T.HTTPRoute, T.GRPCRoute, T.TCPRoute, T.TLSRoute, T.UDPRoute];

function hostTargets(model: WorkspaceModel, host: string, ns: string): Target[] {
	const h = resolveHost(model, host, ns);
	return h ? [{ object: h.object, path: h.path }] : [];
}

function workloadTargets(
	model: WorkspaceModel,
	sel: LabelSelector | undefined,
	ns: string | undefined,
): Target[] {
	if (!sel || (Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0))
		return [];
	return selectedWorkloads(model, sel, ns).map((w) => ({ object: w.object }));
}

/** A Kubernetes-style object reference (`group`, `kind`, `name`, `namespace`). */
function objectRefTargets(
	model: WorkspaceModel,
	ref: unknown,
	fromNs: string,
	defaults: { group: string; kind: string },
): Target[] {
	if (!isMapValue(ref)) return [];
	const name = stringAt(ref, 'name');
	if (!name) return [];
	const kind = stringAt(ref, 'kind') ?? defaults.kind;
	const group = stringAt(ref, 'group') ?? defaults.group;
	const ns = stringAt(ref, 'namespace') ?? fromNs;
	const type = typeOf(group === 'core' ? '' : group, kind);
	if (kind === 'Namespace') {
		const o = model.get(T.Namespace, '', name);
		return o ? [{ object: o }] : [];
	}
	return model.lookup(type, ns, name).map((object) => ({ object }));
}

/** Every reference an object makes, resolved against the model. */
export function referencesOf(model: WorkspaceModel, o: WorkspaceObject): Reference[] {
	const out: Reference[] = [];
	const add = (path: FieldPath, role: ReferenceRole, text: string, targets: Target[]): void => {
		let range: Range | undefined;
		out.push({
			from: o,
			path,
			// Located only when asked for (navigation): locating parses the document again.
			get range(): Range {
				return (range ??= o.locate(path));
			},
			role,
			text,
			targets,
		});
	};
	const spec = mapAt(o.value, 'spec') ?? {};
	switch (o.type) {
		case T.VirtualService: {
			listAt(spec, 'hosts').forEach((h, i) => {
				if (typeof h === 'string')
					add(['spec', 'hosts', i], 'route', h, hostTargets(model, h, o.ns));
			});
			listAt(spec, 'gateways').forEach((g, i) => {
				if (typeof g !== 'string' || g === 'mesh') return;
				const slash = g.indexOf('/');
				const ns = slash < 0 ? o.ns : g.slice(0, slash);
				const name = slash < 0 ? g : g.slice(slash + 1);
				add(
					['spec', 'gateways', i],
					'attachment',
					g,
					model.lookup(T.IstioGateway, ns, name).map((object) => ({ object })),
				);
			});
			for (const section of ['http', 'tcp', 'tls']) {
				listAt(spec, section).forEach((rule, i) => {
					const dests: [unknown, FieldPath][] = listAt(rule, 'route').map((r, j) => [
						mapAt(r, 'destination'),
						[section, i, 'route', j, 'destination'],
					]);
					if (section === 'http') {
						dests.push([mapAt(rule, 'mirror'), ['http', i, 'mirror']]);
						listAt(rule, 'mirrors').forEach((m, j) =>
							dests.push([
								mapAt(m, 'destination'),
								['http', i, 'mirrors', j, 'destination'],
							]),
						);
					}
					for (const [d, rel] of dests) {
						const host = stringAt(d, 'host');
						if (!host) continue;
						add(
							['spec', ...rel, 'host'],
							'route',
							host,
							hostTargets(model, host, o.ns),
						);
						const subset = stringAt(d, 'subset');
						if (subset)
							add(
								['spec', ...rel, 'subset'],
								'route',
								subset,
								subsetTargets(model, host, subset, o.ns),
							);
					}
				});
			}
			break;
		}
		case T.DestinationRule: {
			const host = stringAt(spec, 'host');
			if (host) add(['spec', 'host'], 'config', host, hostTargets(model, host, o.ns));
			break;
		}
		case T.IstioGateway:
			add(
				['spec', 'selector'],
				'selector',
				'selector',
				workloadTargets(model, plainSelector(mapAt(spec, 'selector')), undefined),
			);
			break;
		case T.Sidecar:
			add(
				['spec', 'workloadSelector'],
				'policy',
				'workloadSelector',
				workloadTargets(
					model,
					plainSelector(mapAt(spec, 'workloadSelector', 'labels')),
					o.ns,
				),
			);
			break;
		case T.Service:
			add(
				['spec', 'selector'],
				'selector',
				'selector',
				workloadTargets(model, plainSelector(mapAt(spec, 'selector')), o.ns),
			);
			break;
		case T.LinkerdServer:
			add(
				['spec', 'podSelector'],
				'selector',
				'podSelector',
				workloadTargets(model, labelSelector(mapAt(spec, 'podSelector')), o.ns),
			);
			break;
		case T.LinkerdServerAuthorization: {
			const server = stringAt(spec, 'server', 'name');
			if (server)
				add(
					['spec', 'server', 'name'],
					'policy',
					server,
					model.lookup(T.LinkerdServer, o.ns, server).map((object) => ({ object })),
				);
			break;
		}
		case T.LinkerdAuthorizationPolicy:
			add(
				['spec', 'targetRef'],
				'policy',
				stringAt(spec, 'targetRef', 'name') ?? '',
				objectRefTargets(model, mapAt(spec, 'targetRef'), o.ns, {
					group: 'policy.linkerd.io',
					kind: 'Server',
				}),
			);
			listAt(spec, 'requiredAuthenticationRefs').forEach((ref, i) => {
				add(
					['spec', 'requiredAuthenticationRefs', i],
					'policy',
					stringAt(ref, 'name') ?? '',
					objectRefTargets(model, ref, o.ns, {
						group: 'policy.linkerd.io',
						kind: 'MeshTLSAuthentication',
					}),
				);
			});
			break;
		case T.Gateway: {
			const cls = stringAt(spec, 'gatewayClassName');
			if (cls)
				add(
					['spec', 'gatewayClassName'],
					'config',
					cls,
					model.lookup(T.GatewayClass, '', cls).map((object) => ({ object })),
				);
			break;
		}
		default:
			break;
	}
	if (ISTIO_POLICIES.includes(o.type)) {
		const sel = labelSelector(mapAt(spec, 'selector'));
		if (sel)
			add(
				['spec', 'selector'],
				'policy',
				'selector',
				workloadTargets(model, sel, o.ns === 'istio-system' ? undefined : o.ns),
			);
	}
	if (GATEWAY_ROUTES.includes(o.type) || o.type === T.LinkerdHTTPRoute) {
		listAt(spec, 'parentRefs').forEach((ref, i) => {
			add(
				['spec', 'parentRefs', i],
				'route',
				stringAt(ref, 'name') ?? '',
				objectRefTargets(model, ref, o.ns, {
					group: 'gateway.networking.k8s.io',
					kind: 'Gateway',
				}),
			);
		});
		listAt(spec, 'rules').forEach((rule, i) => {
			listAt(rule, 'backendRefs').forEach((ref, j) => {
				add(
					['spec', 'rules', i, 'backendRefs', j],
					'route',
					stringAt(ref, 'name') ?? '',
					objectRefTargets(model, ref, o.ns, { group: '', kind: 'Service' }),
				);
			});
		});
	}
	// Policy attachment: targetRef / targetRefs (Istio, Gateway API policies, Linkerd).
	if (o.type !== T.LinkerdAuthorizationPolicy) {
		const single = mapAt(spec, 'targetRef');
		if (single)
			add(
				['spec', 'targetRef'],
				'policy',
				stringAt(single, 'name') ?? '',
				objectRefTargets(model, single, o.ns, { group: '', kind: 'Service' }),
			);
		listAt(spec, 'targetRefs').forEach((ref, i) => {
			add(
				['spec', 'targetRefs', i],
				'policy',
				stringAt(ref, 'name') ?? '',
				objectRefTargets(model, ref, o.ns, { group: '', kind: 'Service' }),
			);
		});
	}
	return out;
}

/** The DestinationRule subsets a host + subset names. */
function subsetTargets(model: WorkspaceModel, host: string, subset: string, ns: string): Target[] {
	const out: Target[] = [];
	for (const { dr } of model.query(DESTINATION_RULES, toFqdn(host, ns))) {
		listAt(dr.value, 'spec', 'subsets').forEach((s, i) => {
			if (stringAt(s, 'name') === subset)
				out.push({ object: dr, path: ['spec', 'subsets', i, 'name'] });
		});
	}
	return out;
}

function contains(r: Range, line: number, character: number): boolean {
	if (line < r.start.line || line > r.end.line) return false;
	if (line === r.start.line && character < r.start.character) return false;
	if (line === r.end.line && character > r.end.character) return false;
	return true;
}

/** The reference under a position of a file, if any. */
export function referenceAt(
	model: WorkspaceModel,
	uri: string,
	line: number,
	character: number,
): Reference | undefined {
	const o = model.objectAt(uri, line);
	if (!o) return undefined;
	// The innermost (smallest) range wins: a subset inside a destination inside a route.
	let best: Reference | undefined;
	for (const ref of referencesOf(model, o)) {
		if (!contains(ref.range, line, character)) continue;
		if (
			!best ||
			ref.range.end.line - ref.range.start.line < best.range.end.line - best.range.start.line
		)
			best = ref;
	}
	return best;
}

/** The references every object makes, and what each resolution read, kept per model. */
interface Incoming {
	version: number;
	/** target id → the references that resolve to it. */
	readonly byTarget: Map<string, Set<Reference>>;
	readonly perObject: Map<WorkspaceObject, { refs: Reference[]; deps: Set<string> }>;
	/** dependency key → the objects whose references read it. */
	readonly readers: Map<string, Set<WorkspaceObject>>;
}

const incomingCache = new WeakMap<WorkspaceModel, Incoming>();

/**
 * Every reference in the model that resolves to an object, by target object id. Built once,
 * then kept up to date from the model's recent changes: only the objects that changed, and those
 * whose references read something a change touched, are resolved again (the code lenses ask after
 * every edit).
 */
function incomingIndex(model: WorkspaceModel): Map<string, Set<Reference>> {
	let state = incomingCache.get(model);
	if (state?.version === model.version) return state.byTarget;
	const changes = state ? model.changesSince(state.version) : undefined;
	if (!state || !changes) {
		state = {
			version: model.version,
			byTarget: new Map(),
			perObject: new Map(),
			readers: new Map(),
		};
		incomingCache.set(model, state);
		for (const o of model.objects()) resolveFrom(model, state, o);
		return state.byTarget;
	}
	const due = new Set<WorkspaceObject>();
	for (const c of changes) {
		for (const o of c.removed) forgetFrom(state, o);
		for (const k of c.keys ?? []) for (const o of state.readers.get(k) ?? []) due.add(o);
		for (const o of c.added) due.add(o);
	}
	for (const c of changes) for (const o of c.removed) due.delete(o);
	for (const o of due) {
		forgetFrom(state, o);
		resolveFrom(model, state, o);
	}
	state.version = model.version;
	return state.byTarget;
}

function resolveFrom(model: WorkspaceModel, state: Incoming, o: WorkspaceObject): void {
	const deps = new Set<string>();
	const refs = model.recording(deps, () => referencesOf(model, o));
	state.perObject.set(o, { refs, deps });
	for (const k of deps) {
		let set = state.readers.get(k);
		if (!set) state.readers.set(k, (set = new Set()));
		set.add(o);
	}
	for (const ref of refs) {
		for (const t of ref.targets) {
			if (t.object === o) continue;
			let set = state.byTarget.get(t.object.id);
			if (!set) state.byTarget.set(t.object.id, (set = new Set()));
			set.add(ref);
		}
	}
}

function forgetFrom(state: Incoming, o: WorkspaceObject): void {
	const entry = state.perObject.get(o);
	if (!entry) return;
	state.perObject.delete(o);
	for (const k of entry.deps) state.readers.get(k)?.delete(o);
	for (const ref of entry.refs) {
		for (const t of ref.targets) {
			const set = state.byTarget.get(t.object.id);
			set?.delete(ref);
			if (set?.size === 0) state.byTarget.delete(t.object.id);
		}
	}
}

/** The references that point at an object, from anywhere in the model. */
export function referencesTo(model: WorkspaceModel, target: WorkspaceObject): readonly Reference[] {
	// Only the references that resolve to this very object (an id may be reused by a new one).
	return [...(incomingIndex(model).get(target.id) ?? [])].filter((r) =>
		r.targets.some((t) => t.object === target),
	);
}

/** The code lens text of an object: who routes to it, which policies apply, what it selects. */
export function referenceSummary(model: WorkspaceModel, o: WorkspaceObject): string | undefined {
	const incoming = referencesTo(model, o);
	const distinct = (role: ReferenceRole): number =>
		new Set(incoming.filter((r) => r.role === role).map((r) => r.from.id)).size;
	const parts: string[] = [];
	const routes = distinct('route');
	const policies = distinct('policy');
	const configs = distinct('config');
	const selectedBy = distinct('selector');
	const attached = distinct('attachment');
	if (routes) parts.push(`routed by ${routes}`);
	if (attached) parts.push(`${attached} bound ${attached === 1 ? 'route' : 'routes'}`);
	if (policies) parts.push(`${policies} ${policies === 1 ? 'policy' : 'policies'}`);
	if (configs) parts.push(`${configs} ${configs === 1 ? 'config' : 'configs'}`);
	if (selectedBy) parts.push(`selected by ${selectedBy}`);
	const selects = referencesOf(model, o).filter(
		(r) => r.role === 'selector' || (r.role === 'policy' && r.text === 'selector'),
	);
	const selectedCount = new Set(selects.flatMap((r) => r.targets.map((t) => t.object.id))).size;
	if (selects.length > 0)
		parts.push(`selects ${selectedCount} ${selectedCount === 1 ? 'workload' : 'workloads'}`);
	return parts.length > 0 ? parts.join(' · ') : undefined;
}
