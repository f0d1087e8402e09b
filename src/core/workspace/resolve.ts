import type { FieldPath, JsonMap } from './objects';
import { defineIndex, typeOf, type WorkspaceModel, type WorkspaceObject } from './model';

/** The types the checks and navigation read, as `<group>/<kind>`. */
export const T = {
	Service: typeOf('', 'Service'),
	Pod: typeOf('', 'Pod'),
	Namespace: typeOf('', 'Namespace'),
	Secret: typeOf('', 'Secret'),
	ServiceAccount: typeOf('', 'ServiceAccount'),
	ConfigMap: typeOf('', 'ConfigMap'),
	Deployment: typeOf('apps', 'Deployment'),
	StatefulSet: typeOf('apps', 'StatefulSet'),
	DaemonSet: typeOf('apps', 'DaemonSet'),
	ReplicaSet: typeOf('apps', 'ReplicaSet'),
	Job: typeOf('batch', 'Job'),
	CronJob: typeOf('batch', 'CronJob'),
	VirtualService: typeOf('networking.istio.io', 'VirtualService'),
	DestinationRule: typeOf('networking.istio.io', 'DestinationRule'),
	IstioGateway: typeOf('networking.istio.io', 'Gateway'),
	ServiceEntry: typeOf('networking.istio.io', 'ServiceEntry'),
	Sidecar: typeOf('networking.istio.io', 'Sidecar'),
	EnvoyFilter: typeOf('networking.istio.io', 'EnvoyFilter'),
	WorkloadEntry: typeOf('networking.istio.io', 'WorkloadEntry'),
	IstioAuthorizationPolicy: typeOf('security.istio.io', 'AuthorizationPolicy'),
	PeerAuthentication: typeOf('security.istio.io', 'PeerAuthentication'),
	RequestAuthentication: typeOf('security.istio.io', 'RequestAuthentication'),
	Telemetry: typeOf('telemetry.istio.io', 'Telemetry'),
	WasmPlugin: typeOf('extensions.istio.io', 'WasmPlugin'),
	Gateway: typeOf('gateway.networking.k8s.io', 'Gateway'),
	GatewayClass: typeOf('gateway.networking.k8s.io', 'GatewayClass'),
	HTTPRoute: typeOf('gateway.networking.k8s.io', 'HTTPRoute'),
	GRPCRoute: typeOf('gateway.networking.k8s.io', 'GRPCRoute'),
	TCPRoute: typeOf('gateway.networking.k8s.io', 'TCPRoute'),
	TLSRoute: typeOf('gateway.networking.k8s.io', 'TLSRoute'),
	UDPRoute: typeOf('gateway.networking.k8s.io', 'UDPRoute'),
	ReferenceGrant: typeOf('gateway.networking.k8s.io', 'ReferenceGrant'),
	LinkerdServer: typeOf('policy.linkerd.io', 'Server'),
	LinkerdServerAuthorization: typeOf('policy.linkerd.io', 'ServerAuthorization'),
	LinkerdAuthorizationPolicy: typeOf('policy.linkerd.io', 'AuthorizationPolicy'),
	LinkerdMeshTLSAuthentication: typeOf('policy.linkerd.io', 'MeshTLSAuthentication'),
	LinkerdNetworkAuthentication: typeOf('policy.linkerd.io', 'NetworkAuthentication'),
	LinkerdHTTPRoute: typeOf('policy.linkerd.io', 'HTTPRoute'),
	ServiceProfile: typeOf('linkerd.io', 'ServiceProfile'),
} as const;

/** The kinds whose objects run pods, and where their pod template is. */
export const WORKLOAD_TEMPLATES: ReadonlyMap<string, FieldPath> = new Map<string, FieldPath>([
	[T.Pod, []],
	[T.Deployment, ['spec', 'template']],
	[T.StatefulSet, ['spec', 'template']],
	[T.DaemonSet, ['spec', 'template']],
	[T.ReplicaSet, ['spec', 'template']],
	[T.Job, ['spec', 'template']],
	[T.CronJob, ['spec', 'jobTemplate', 'spec', 'template']],
]);

/** A running pod, or the pod template of a workload (standing in for its pods). */
export interface Workload {
	readonly object: WorkspaceObject;
	readonly ns: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly annotations: Readonly<Record<string, string>>;
	/** The pod spec, and its path in the object. */
	readonly spec: JsonMap;
	readonly specPath: FieldPath;
}

// ---- plain data access ----------------------------------------------------------------------

export function isMapValue(v: unknown): v is JsonMap {
	return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The value at a path, or undefined. */
export function at(v: unknown, ...path: (string | number)[]): unknown {
	return atPath(v, path);
}

function atPath(v: unknown, path: readonly (string | number)[]): unknown {
	let cur = v;
	for (let i = 0; i < path.length; i++) {
		const step = path[i];
		if (Array.isArray(cur) && typeof step === 'number') cur = cur[step];
		else if (isMapValue(cur) && typeof step === 'string') cur = cur[step];
		else return undefined;
	}
	return cur;
}

const NO_ITEMS: readonly unknown[] = Object.freeze([]);

export function mapAt(v: unknown, ...path: (string | number)[]): JsonMap | undefined {
	const m = atPath(v, path);
	return isMapValue(m) ? m : undefined;
}

export function listAt(v: unknown, ...path: (string | number)[]): readonly unknown[] {
	const l = atPath(v, path);
	return Array.isArray(l) ? l : NO_ITEMS;
}

export function stringAt(v: unknown, ...path: (string | number)[]): string | undefined {
	const s = atPath(v, path);
	return typeof s === 'string' ? s : undefined;
}

export function numberAt(v: unknown, ...path: (string | number)[]): number | undefined {
	const n = atPath(v, path);
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** A map of strings (labels, annotations, selectors); other values are turned to strings. */
export function stringMap(v: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!isMapValue(v)) return out;
	for (const [k, x] of Object.entries(v)) {
		if (typeof x === 'string') out[k] = x;
		else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
	}
	return out;
}

export function labelsOf(o: WorkspaceObject): Record<string, string> {
	return stringMap(at(o.value, 'metadata', 'labels'));
}

export function annotationsOf(o: WorkspaceObject): Record<string, string> {
	return stringMap(at(o.value, 'metadata', 'annotations'));
}

// ---- selectors ------------------------------------------------------------------------------

/** A label selector: `matchLabels` plus `matchExpressions`, or a plain map of labels. */
export interface LabelSelector {
	readonly matchLabels: Readonly<Record<string, string>>;
	readonly matchExpressions: readonly {
		key: string;
		operator: string;
		values: readonly string[];
	}[];
}

/** Reads a Kubernetes label selector (`matchLabels`/`matchExpressions`). */
export function labelSelector(v: unknown): LabelSelector | undefined {
	if (!isMapValue(v)) return undefined;
	const matchExpressions = listAt(v, 'matchExpressions')
		.filter(isMapValue)
		.map((e) => ({
			key: typeof e.key === 'string' ? e.key : '',
			operator: typeof e.operator === 'string' ? e.operator : '',
			values: listAt(e, 'values').map(String),
		}));
	return { matchLabels: stringMap(v.matchLabels), matchExpressions };
}

/** A plain map of labels as a selector (Istio's `workloadSelector.labels`, `selector`). */
export function plainSelector(v: unknown): LabelSelector | undefined {
	return isMapValue(v) ? { matchLabels: stringMap(v), matchExpressions: [] } : undefined;
}

export function isEmptySelector(s: LabelSelector): boolean {
	return Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

export function selects(s: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
	for (const [k, v] of Object.entries(s.matchLabels)) if (labels[k] !== v) return false;
	for (const e of s.matchExpressions) {
		const has = Object.prototype.hasOwnProperty.call(labels, e.key);
		const value = labels[e.key];
		switch (e.operator) {
			case 'In':
				if (!has || !e.values.includes(value ?? '')) return false;
				break;
			case 'NotIn':
				if (has && e.values.includes(value ?? '')) return false;
				break;
			case 'Exists':
				if (!has) return false;
				break;
			case 'DoesNotExist':
				if (has) return false;
				break;
			default:
				return false;
		}
	}
	return true;
}

export function selectorText(s: LabelSelector): string {
	return [
		...Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`),
		...s.matchExpressions.map((e) => `${e.key} ${e.operator} (${e.values.join(',')})`),
	].join(',');
}

// ---- workloads --------------------------------------------------------------------------------

/** The workloads (pods and pod templates) by namespace. */
export const WORKLOADS = defineIndex<Workload>('workloads', [...WORKLOAD_TEMPLATES.keys()], (o) => {
	const w = workloadOf(o);
	return w ? [[w.ns, w]] : [];
});

/** The workloads of the model (pods and pod templates), by namespace. */
export function workloadsByNamespace(
	model: WorkspaceModel,
): ReadonlyMap<string, readonly Workload[]> {
	return model.queryAll(WORKLOADS);
}

/** The workload an object stands for, if it runs pods. */
export function workloadOf(
	o: WorkspaceObject,
	path = WORKLOAD_TEMPLATES.get(o.type),
): Workload | undefined {
	if (!path) return undefined;
	const template = path.length === 0 ? o.value : mapAt(o.value, ...path);
	if (!template) return undefined;
	return {
		object: o,
		ns: o.ns,
		labels: stringMap(at(template, 'metadata', 'labels')),
		annotations: stringMap(at(template, 'metadata', 'annotations')),
		spec: mapAt(template, 'spec') ?? {},
		specPath: [...path, 'spec'],
	};
}

/** The workloads of a namespace ('*' or undefined: every namespace) that a selector selects. */
export function selectedWorkloads(
	model: WorkspaceModel,
	selector: LabelSelector,
	ns: string | undefined,
): Workload[] {
	const pool =
		ns === undefined
			? [...model.queryAll(WORKLOADS).values()].flat()
			: model.query(WORKLOADS, ns);
	return pool.filter((w) => selects(selector, w.labels));
}

/** True when the model holds a workload of a namespace (or any namespace). */
export function hasWorkloads(model: WorkspaceModel, ns?: string): boolean {
	return ns === undefined ? model.hasEntries(WORKLOADS) : model.query(WORKLOADS, ns).length > 0;
}

// ---- hosts ----------------------------------------------------------------------------------

export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** `reviews` in `default` → `reviews.default.svc.cluster.local`; names with dots stay as they are. */
export function toFqdn(host: string, ns: string): string {
	if (host.startsWith('*') || host.includes('.')) return host;
	return `${host}.${ns}.${CLUSTER_DOMAIN}`;
}

/** Istio's host matching: equal, or a wildcard (`*`, `*.suffix`) on either side covering the other. */
export function hostsMatch(a: string, b: string): boolean {
	if (a === b) return true;
	const wa = a.startsWith('*');
	const wb = b.startsWith('*');
	if (wa && wb) {
		const sa = a.slice(1);
		const sb = b.slice(1);
		return sa.length <= sb.length ? sb.endsWith(sa) : sa.endsWith(sb);
	}
	if (wa) return b.endsWith(a.slice(1));
	if (wb) return a.endsWith(b.slice(1));
	return false;
}

/** The Kubernetes Service a cluster-local FQDN names, if it does. */
export function serviceOfFqdn(fqdn: string): { name: string; ns: string } | undefined {
	const m =
		/^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\.cluster\.local$/.exec(
			fqdn,
		);
	return m ? { name: m[1] ?? '', ns: m[3] ?? '' } : undefined;
}

/** A host known to the mesh: a Kubernetes Service or a ServiceEntry host. */
export interface KnownHost {
	readonly fqdn: string;
	readonly object: WorkspaceObject;
	/** The ports it exposes (numbers and names). */
	readonly ports: readonly { number: number; name?: string; protocol?: string }[];
	/** Namespaces it is visible from: '*' for all. */
	readonly exportTo: readonly string[];
	/** The path of the host in its object (for navigation). */
	readonly path: FieldPath;
}

/** The namespaces an `exportTo` list (or annotation) makes a resource visible from. */
export function exportScopes(list: readonly string[], ownNs: string): string[] {
	if (list.length === 0) return ['*'];
	return list.map((e) => (e === '.' ? ownNs : e));
}

/** The key of the wildcard hosts in {@link HOSTS}. */
const WILDCARD = '*';

/** Every Service and ServiceEntry host: exact hosts by FQDN, wildcard hosts under '*'. */
export const HOSTS = defineIndex<KnownHost>('hosts', [T.Service, T.ServiceEntry], (o) => {
	const hosts = o.type === T.Service ? [serviceHost(o)] : serviceEntryHosts(o);
	return hosts.map((h) => [h.fqdn.startsWith('*') ? WILDCARD : h.fqdn, h] as const);
});

/** Every Service and ServiceEntry host of the model, by FQDN. */
export function knownHosts(model: WorkspaceModel): {
	exact: ReadonlyMap<string, readonly KnownHost[]>;
	wildcard: readonly KnownHost[];
} {
	const all = model.queryAll(HOSTS);
	const exact = new Map([...all].filter(([k]) => k !== WILDCARD));
	return { exact, wildcard: all.get(WILDCARD) ?? [] };
}

export function serviceHost(o: WorkspaceObject): KnownHost {
	const exportTo = (annotationsOf(o)['networking.istio.io/exportTo'] ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	return {
		fqdn: `${o.name}.${o.ns}.${CLUSTER_DOMAIN}`,
		object: o,
		ports: servicePorts(o),
		exportTo: exportScopes(exportTo, o.ns),
		path: ['metadata', 'name'],
	};
}

export function servicePorts(
	o: WorkspaceObject,
): { number: number; name?: string; protocol?: string; targetPort?: unknown }[] {
	return listAt(o.value, 'spec', 'ports')
		.filter(isMapValue)
		.map((p) => ({
			number: typeof p.port === 'number' ? p.port : Number(p.port),
			...(typeof p.name === 'string' ? { name: p.name } : {}),
			...(typeof p.protocol === 'string' ? { protocol: p.protocol } : {}),
			...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
		}));
}

export function serviceEntryHosts(o: WorkspaceObject): KnownHost[] {
	const ports = listAt(o.value, 'spec', 'ports')
		.filter(isMapValue)
		.map((p) => ({
			number: Number(p.number),
			...(typeof p.name === 'string' ? { name: p.name } : {}),
			...(typeof p.protocol === 'string' ? { protocol: p.protocol } : {}),
		}));
	const exportTo = exportScopes(listAt(o.value, 'spec', 'exportTo').map(String), o.ns);
	return listAt(o.value, 'spec', 'hosts').flatMap((h, i) =>
		typeof h === 'string'
			? [{ fqdn: toFqdn(h, o.ns), object: o, ports, exportTo, path: ['spec', 'hosts', i] }]
			: [],
	);
}

function visibleFrom(h: KnownHost, scope: string): boolean {
	return h.exportTo.includes('*') || h.exportTo.includes(scope);
}

/**
 * The Service or ServiceEntry a destination host names, as `istioctl analyze` resolves it: seen
 * from the namespace of the referring resource (or from each namespace of its `exportTo`), exact
 * hosts first, then wildcard ServiceEntry hosts.
 */
export function resolveHost(
	model: WorkspaceModel,
	host: string,
	fromNs: string,
	exportTo: readonly string[] = [],
): KnownHost | undefined {
	const fqdn = toFqdn(host, fromNs);
	const candidates = model.query(HOSTS, fqdn);
	// Most hosts a route names are defined once or not at all in the given files: the scopes are
	// worked out only when there is a candidate to look them up in.
	if (candidates.length > 0) {
		const scopes =
			exportTo.length === 0 ? [fromNs] : exportTo.map((e) => (e === '.' ? fromNs : e));
		for (const scope of scopes) {
			const h = candidates.find((c) => c.exportTo.includes(scope));
			if (h) return h;
		}
		const everywhere = candidates.find((c) => c.exportTo.includes('*'));
		if (everywhere) return everywhere;
	}
	const bare = fqdn.startsWith('*') ? fqdn.slice(1) : fqdn;
	for (const w of model.query(HOSTS, WILDCARD)) {
		if (!visibleFrom(w, fromNs)) continue;
		if (bare.endsWith(w.fqdn.slice(1))) return w;
	}
	return undefined;
}

/** Every known host with this FQDN, visible or not (to tell "not exported" from "missing"). */
export function hostsNamed(
	model: WorkspaceModel,
	host: string,
	fromNs: string,
): readonly KnownHost[] {
	return model.query(HOSTS, toFqdn(host, fromNs));
}

/** A DestinationRule's subsets (name → index) and the namespaces it is visible from. */
export interface DestinationRuleSubsets {
	readonly dr: WorkspaceObject;
	readonly subsets: ReadonlyMap<string, number>;
	readonly scopes: readonly string[];
}

/** The DestinationRules by the FQDN of their host, with their subsets. */
export const DESTINATION_RULES = defineIndex<DestinationRuleSubsets>(
	'destinationrules',
	[T.DestinationRule],
	(dr) => {
		const host = stringAt(dr.value, 'spec', 'host');
		if (!host) return [];
		const subsets = new Map<string, number>();
		listAt(dr.value, 'spec', 'subsets').forEach((s, i) => {
			const name = stringAt(s, 'name');
			if (name) subsets.set(name, i);
		});
		const exportTo = listAt(dr.value, 'spec', 'exportTo').map(String);
		const scopes = exportTo.length === 0 ? ['*'] : exportTo.map((e) => (e === '.' ? dr.ns : e));
		return [[toFqdn(host, dr.ns), { dr, subsets, scopes }]];
	},
);

// ---- namespaces ---------------------------------------------------------------------------

/** Namespaces declared by Namespace objects. */
export function declaredNamespaces(model: WorkspaceModel): Set<string> {
	const out = new Set<string>();
	for (const o of model.ofType(T.Namespace)) if (o.name) out.add(o.name);
	return out;
}

/** `prod-*`, `*-test`, `*` or a plain name against a namespace name. */
export function namespaceMatches(pattern: string, ns: string): boolean {
	if (pattern === '*') return true;
	if (pattern.startsWith('*')) return ns.endsWith(pattern.slice(1));
	if (pattern.endsWith('*')) return ns.startsWith(pattern.slice(0, -1));
	return pattern === ns;
}

/** A scalar as text (ports may be numbers or names); '' for anything else. */
export function scalarText(v: unknown): string {
	return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}
