import type { Conversion } from './conversion';
import { noteAnchoring } from './smiPath';
import { groupOf } from './conversion';
import { isRecord, type ConvertContext, type Field, type Out } from './context';
import { toCilium } from './smiCilium';
import { copyMeta, dnsName, GATEWAY_API_V1, namespaceOf, nameOf } from './util';

const SPLIT = 'split.smi-spec.io';
const SPECS = 'specs.smi-spec.io';
const ACCESS = 'access.smi-spec.io';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** Route groups and TCP routes among the inputs, by `ns/name`. */
class SmiEnv {
	readonly groups = new Map<string, Field>();
	readonly tcp = new Map<string, Field>();
	/** Every route group and TCP route, duplicates included. */
	readonly all: Field[] = [];
	/** Route groups some split or target used. */
	readonly used = new Set<Field>();

	constructor(
		readonly ctx: ConvertContext,
		inputs: readonly number[],
	) {
		for (const i of inputs) {
			const r = ctx.inputs[i]?.resource;
			if (!r || groupOf(r) !== SPECS) continue;
			const f = ctx.root(i);
			const key = `${namespaceOf(f, ctx.defaultNamespace)}/${nameOf(f)}`;
			this.all.push(f);
			if (r.kind === 'HTTPRouteGroup') this.groups.set(key, f);
			if (r.kind === 'TCPRoute') this.tcp.set(key, f);
		}
	}
}

/** The header conditions of a route group match: a list of one-key maps, or one map. */
export function headerPairs(h: Field): [string, Field][] {
	if (Array.isArray(h.value)) return h.items().flatMap((x) => x.entries());
	return h.entries();
}

/** One HTTPRouteGroup match as Gateway API matches (one per method). */
function groupMatch(m: Field, out: Out): Record<string, unknown>[] {
	const base: Record<string, unknown> = {};
	const path = m.get('pathRegex').str();
	if (path !== undefined) {
		base.path = { type: 'RegularExpression', value: path };
		out.use(m.get('pathRegex'));
		noteAnchoring(m.get('pathRegex'));
	}
	const headers = headerPairs(m.get('headers')).map(([name, v]) => {
		out.use(v);
		return { name, type: 'RegularExpression', value: String(v.value) };
	});
	if (headers.length) base.headers = headers;
	out.use(m.get('name'));
	const methods = (m.get('methods').value as unknown[] | undefined) ?? [];
	out.use(m.get('methods'));
	const specific = methods.map(String).filter((x) => METHODS.includes(x));
	if (!specific.length || methods.includes('*')) return [base];
	return specific.map((method) => ({ ...base, method }));
}

/** TrafficSplit → an HTTPRoute on the apex Service with weighted backendRefs. */
function convertSplit(env: SmiEnv, split: Field): void {
	const ctx = env.ctx;
	const spec = split.get('spec');
	const ns = namespaceOf(split, ctx.defaultNamespace);
	const apex = spec.get('service').str() ?? '';
	const [apexName, apexNs] = apex.split('.');
	const out = ctx.emit({ apiVersion: GATEWAY_API_V1, kind: 'HTTPRoute', metadata: {}, spec: {} });
	copyMeta(split, out);
	out.use(spec.get('service'));
	const group = ctx.options.target === 'linkerd' ? 'core' : '';
	out.spec.parentRefs = [
		{
			group,
			kind: 'Service',
			name: apexName ?? apex,
			...(apexNs && apexNs !== ns ? { namespace: apexNs } : {}),
		},
	];
	const backendRefs = spec
		.get('backends')
		.items()
		.map((b) => {
			const raw = b.get('weight').value;
			let weight = typeof raw === 'number' ? raw : Number.parseFloat(String(raw));
			if (typeof raw === 'string' && raw.endsWith('m')) weight = Number.parseFloat(raw);
			out.useAll(b.get('service'), b.get('weight'));
			return { name: b.get('service').str() ?? '', weight: Math.round(weight) || 0 };
		});
	if (backendRefs.length)
		spec.get('backends').info(
			'the backends became weighted backendRefs; Gateway API needs the port of each Service, so add it',
		);
	const rules: Record<string, unknown>[] = [];
	const matches: Record<string, unknown>[] = [];
	for (const ref of spec.get('matches').items()) {
		const g = env.groups.get(`${ns}/${ref.get('name').str() ?? ''}`);
		out.useAll(ref.get('kind'), ref.get('name'));
		if (!g) {
			ref.lost(
				'the HTTPRouteGroup was not among the inputs; its matches are missing from the route',
			);
			continue;
		}
		env.used.add(g);
		for (const m of g.get('spec').get('matches').items()) matches.push(...groupMatch(m, out));
	}
	rules.push({ ...(matches.length ? { matches } : {}), backendRefs });
	out.spec.rules = rules;
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Pod'];

/**
 * The labels that select the pods running as a ServiceAccount, read from the workloads among the
 * inputs (their selector, else their pod template labels; shared labels when there are several).
 */
export function podsOfServiceAccount(
	ctx: ConvertContext,
	ns: string,
	account: string,
): { labels: Record<string, string>; workloads: string[]; ports: number[] } | undefined {
	let labels: Record<string, string> | undefined;
	const workloads: string[] = [];
	const ports = new Set<number>();
	for (const { resource: r } of ctx.inputs) {
		if (typeof r.kind !== 'string' || !WORKLOADS.includes(r.kind)) continue;
		const meta = isRecord(r.metadata) ? r.metadata : {};
		if ((typeof meta.namespace === 'string' ? meta.namespace : ctx.defaultNamespace) !== ns)
			continue;
		const spec = isRecord(r.spec) ? r.spec : {};
		const template = r.kind === 'Pod' ? r : isRecord(spec.template) ? spec.template : {};
		const podSpec = isRecord(template.spec) ? template.spec : {};
		const sa = podSpec.serviceAccountName ?? podSpec.serviceAccount;
		if (sa !== account) continue;
		const selector = isRecord(spec.selector) ? spec.selector.matchLabels : undefined;
		const tmeta = isRecord(template.metadata) ? template.metadata : {};
		const own = isRecord(selector) ? selector : isRecord(tmeta.labels) ? tmeta.labels : {};
		const strings = Object.fromEntries(
			Object.entries(own).filter((e): e is [string, string] => typeof e[1] === 'string'),
		);
		labels = labels
			? Object.fromEntries(Object.entries(labels).filter(([k, v]) => strings[k] === v))
			: strings;
		workloads.push(`${r.kind} ${String(meta.name)}`);
		const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
		for (const c of containers)
			for (const p of isRecord(c) && Array.isArray(c.ports) ? c.ports : [])
				if (isRecord(p) && typeof p.containerPort === 'number') ports.add(p.containerPort);
	}
	return labels && Object.keys(labels).length
		? { labels, workloads, ports: [...ports] }
		: undefined;
}

/** The destination pods' labels, and the note that says where they came from. */
function destinationPods(
	ctx: ConvertContext,
	dest: TargetParts['dest'],
	what: string,
): { labels: Record<string, string>; note: [string, string]; port?: number } {
	const found = podsOfServiceAccount(ctx, dest.namespace, dest.name);
	if (found)
		return {
			labels: found.labels,
			...(found.ports.length === 1 ? { port: found.ports[0] } : {}),
			note: [
				`${what} selects pods by label, not by ServiceAccount: it selects the pods of ${found.workloads.join(', ')}, which run as ServiceAccount ${dest.name}`,
				'check that no other pods carry these labels',
			],
		};
	return {
		labels: { app: dest.name },
		note: [
			`${what} selects pods by label, not by ServiceAccount, and no workload among the inputs runs as ServiceAccount ${dest.name}: it assumes those pods carry app: ${dest.name}`,
			'set the selector to the labels of the destination pods',
		],
	};
}

export interface TargetParts {
	readonly dest: { kind: string; name: string; namespace: string; port?: number };
	readonly sources: { name: string; namespace: string }[];
	/** HTTP route group matches, and TCP ports, the target allows. */
	readonly http: Field[];
	readonly ports: number[];
	/** The TCPRoute port fields behind `ports`. */
	readonly portFields: Field[];
}

function targetParts(env: SmiEnv, tt: Field): TargetParts {
	const spec = tt.get('spec');
	const ns = namespaceOf(tt, env.ctx.defaultNamespace);
	const d = spec.get('destination');
	d.consumed();
	const destPort = d.get('port').num();
	const dest = {
		kind: d.get('kind').str() ?? 'ServiceAccount',
		name: d.get('name').str() ?? '',
		namespace: d.get('namespace').str() ?? ns,
		...(destPort !== undefined ? { port: destPort } : {}),
	};
	const sources = spec
		.get('sources')
		.items()
		.map((s) => {
			s.consumed();
			return { name: s.get('name').str() ?? '', namespace: s.get('namespace').str() ?? ns };
		});
	const http: Field[] = [];
	const ports: number[] = [];
	const portFields: Field[] = [];
	for (const rule of spec.get('rules').items()) {
		const kind = rule.get('kind').str();
		const key = `${dest.namespace}/${rule.get('name').str() ?? ''}`;
		rule.get('kind').consumed();
		rule.get('name').consumed();
		if (kind === 'TCPRoute') {
			const tcp = env.tcp.get(key) ?? env.tcp.get(`${ns}/${rule.get('name').str() ?? ''}`);
			if (!tcp) {
				rule.info('the TCPRoute was not among the inputs; every port is allowed');
				continue;
			}
			env.used.add(tcp);
			for (const p of tcp.get('spec').get('matches').get('ports').items()) {
				if (p.num() !== undefined) ports.push(p.num() ?? 0);
				portFields.push(p);
			}
			continue;
		}
		const g = env.groups.get(key) ?? env.groups.get(`${ns}/${rule.get('name').str() ?? ''}`);
		if (!g) {
			rule.lost('the HTTPRouteGroup was not among the inputs; its matches are missing');
			continue;
		}
		env.used.add(g);
		const wanted = rule.get('matches').value;
		rule.get('matches').consumed();
		for (const m of g.get('spec').get('matches').items()) {
			if (Array.isArray(wanted) && !wanted.includes(m.get('name').str())) continue;
			http.push(m);
		}
	}
	return { dest, sources, http, ports, portFields };
}

/** Istio path rules from a regex: plain paths stay exact, a trailing .* becomes a prefix. */
function istioPath(regex: string): string | undefined {
	if (/^\/[\w\-/.~]*$/.test(regex) && !regex.includes('.*')) return regex;
	const m = /^(\/[\w\-/~]*)(\.\*|\/\*)$/.exec(regex);
	if (m?.[1]) return `${m[1]}*`;
	return undefined;
}

function toIstio(env: SmiEnv, tt: Field, parts: TargetParts): void {
	const out = env.ctx.emit({
		apiVersion: 'security.istio.io/v1',
		kind: 'AuthorizationPolicy',
		metadata: {},
		spec: {},
	});
	copyMeta(tt, out, { namespace: parts.dest.namespace });
	const principals = parts.sources.map((s) => `cluster.local/ns/${s.namespace}/sa/${s.name}`);
	const operations: Record<string, unknown>[] = [];
	for (const m of parts.http) {
		const op: Record<string, unknown> = {};
		const methods = ((m.get('methods').value as unknown[] | undefined) ?? []).map(String);
		if (methods.length && !methods.includes('*')) op.methods = methods;
		out.useAll(m.get('methods'), m.get('name'));
		const regex = m.get('pathRegex').str();
		if (regex !== undefined) {
			const p = istioPath(regex);
			if (p) {
				op.paths = [p];
				out.use(m.get('pathRegex'));
				noteAnchoring(m.get('pathRegex'));
			} else
				m.get('pathRegex').lost([
					'Istio authorization matches paths exactly, by prefix or suffix, not by regex',
					'list the paths, or use a waypoint with a VirtualService regex route',
				]);
		}
		for (const [, h] of headerPairs(m.get('headers')))
			h.lost([
				'Istio authorization header conditions match exact values or prefixes, not regexes',
				'a when condition on request.headers[name]',
			]);
		operations.push({ operation: op });
	}
	// A match on any method and any path allows every request: Istio has no empty operation
	// (istiod rejects one), so the rule then has no `to` for HTTP at all.
	if (operations.some((o) => Object.keys(o.operation as object).length === 0))
		operations.length = 0;
	// A destination port narrows every operation; TCP routes add their ports.
	const destPort = tt.get('spec').get('destination').get('port');
	if (parts.dest.port !== undefined) {
		for (const o of operations)
			(o.operation as Record<string, unknown>).ports = [String(parts.dest.port)];
		if (!operations.length)
			operations.splice(0, operations.length, {
				operation: { ports: [String(parts.dest.port)] },
			});
		out.use(destPort);
	}
	if (parts.ports.length) operations.push({ operation: { ports: parts.ports.map(String) } });
	out.useAll(...parts.portFields);
	const pods = destinationPods(env.ctx, parts.dest, 'an Istio AuthorizationPolicy');
	out.spec.selector = { matchLabels: pods.labels };
	out.spec.action = 'ALLOW';
	out.spec.rules = [
		{
			from: [{ source: { principals } }],
			...(operations.length ? { to: operations } : {}),
		},
	];
	tt.get('spec').get('destination').info(pods.note);
	markRest(tt, out);
}

function toLinkerd(env: SmiEnv, tt: Field, parts: TargetParts): void {
	const ctx = env.ctx;
	const ns = parts.dest.namespace;
	const base = dnsName(nameOf(tt));
	const pods = destinationPods(ctx, parts.dest, 'a Linkerd Server');
	const server = ctx.emit(
		{
			apiVersion: 'policy.linkerd.io/v1beta3',
			kind: 'Server',
			metadata: { name: dnsName(parts.dest.name), namespace: ns },
			spec: {
				podSelector: { matchLabels: pods.labels },
				port: parts.ports[0] ?? parts.dest.port ?? pods.port ?? 'http',
				proxyProtocol: parts.ports.length && !parts.http.length ? 'opaque' : 'HTTP/1',
			},
		},
		`server/${ns}/${parts.dest.name}`,
	);
	server.use(tt.get('spec').get('destination'));
	if (parts.portFields[0]) server.use(parts.portFields[0]);
	for (const p of parts.portFields.slice(1))
		p.lost('a Linkerd Server has one port; only the first TCP port was used');
	tt.get('spec')
		.get('destination')
		.info(
			parts.ports.length || parts.dest.port !== undefined
				? pods.note
				: pods.port !== undefined
					? [
							`${pods.note[0]}; the Server uses their one container port, ${pods.port}`,
							pods.note[1],
						]
					: [
							`${pods.note[0]}; the Server assumes the port named http`,
							`${pods.note[1]}, and the Server port`,
						],
		);
	const auth = ctx.emit({
		apiVersion: 'policy.linkerd.io/v1alpha1',
		kind: 'MeshTLSAuthentication',
		metadata: { name: `${base}-sources`, namespace: ns },
		spec: {
			identityRefs: parts.sources.map((s) => ({
				kind: 'ServiceAccount',
				name: s.name,
				...(s.namespace !== ns ? { namespace: s.namespace } : {}),
			})),
		},
	});
	auth.use(tt.get('spec').get('sources'));
	let targetRef: Record<string, unknown> = {
		group: 'policy.linkerd.io',
		kind: 'Server',
		name: dnsName(parts.dest.name),
	};
	if (parts.http.length) {
		const route = ctx.emit({
			apiVersion: 'policy.linkerd.io/v1beta3',
			kind: 'HTTPRoute',
			metadata: { name: base, namespace: ns },
			spec: {
				parentRefs: [
					{ group: 'policy.linkerd.io', kind: 'Server', name: dnsName(parts.dest.name) },
				],
			},
		});
		route.spec.rules = [{ matches: parts.http.flatMap((m) => groupMatch(m, route)) }];
		targetRef = { group: 'policy.linkerd.io', kind: 'HTTPRoute', name: base };
	}
	const policy = ctx.emit({
		apiVersion: 'policy.linkerd.io/v1alpha1',
		kind: 'AuthorizationPolicy',
		metadata: {},
		spec: {
			targetRef,
			requiredAuthenticationRefs: [
				{
					group: 'policy.linkerd.io',
					kind: 'MeshTLSAuthentication',
					name: `${base}-sources`,
				},
			],
		},
	});
	copyMeta(tt, policy, { namespace: ns });
	markRest(tt, policy);
}

export function markRest(tt: Field, out: Out): void {
	const spec = tt.get('spec');
	out.useAll(spec.get('sources'), spec.get('rules'));
	spec.get('destination').rest(
		{ port: 'the destination port is set on the Server or policy rule' },
		'info',
	);
}

/**
 * SMI / OSM → Gateway API + authorization: TrafficSplit becomes a weighted HTTPRoute on the apex
 * Service; TrafficTarget with its HTTPRouteGroup/TCPRoute becomes an Istio AuthorizationPolicy,
 * Linkerd Server, HTTPRoute, MeshTLSAuthentication and AuthorizationPolicy, or a Cilium
 * CiliumNetworkPolicy with L7 HTTP rules.
 */
export const smiToGatewayApi: Conversion = {
	id: 'smi',
	title: 'SMI / OSM TrafficSplit, TrafficTarget, HTTPRouteGroup → Gateway API + authorization',
	targets: ['gateway-api', 'istio', 'istio-ambient', 'linkerd', 'cilium'],
	accepts: (r) => [SPLIT, SPECS, ACCESS].includes(groupOf(r)),
	run(ctx, inputs) {
		const env = new SmiEnv(ctx, inputs);
		for (const i of inputs) {
			const r = ctx.inputs[i]?.resource;
			if (!r) continue;
			const g = groupOf(r);
			if (g === SPLIT && r.kind === 'TrafficSplit') convertSplit(env, ctx.root(i));
			else if (g === ACCESS && r.kind === 'TrafficTarget') {
				const tt = ctx.root(i);
				const t = ctx.options.target;
				if (t === 'istio' || t === 'istio-ambient') toIstio(env, tt, targetParts(env, tt));
				else if (t === 'linkerd') toLinkerd(env, tt, targetParts(env, tt));
				else if (t === 'cilium') toCilium(ctx, tt, targetParts(env, tt));
				else
					ctx.note(i, '', 'lost', [
						'Gateway API has no authorization; choose a mesh target',
						'convert with --to istio, --to linkerd or --to cilium',
					]);
			} else if (g !== SPECS)
				ctx.note(ctx.root(i).input, '', 'lost', `no conversion for ${String(r.kind)}`);
		}
		// Route groups and TCP routes carry over through what uses them.
		for (const f of env.all) {
			for (const x of [f.get('apiVersion'), f.get('kind'), f.get('metadata')]) x.consumed();
			if (env.used.has(f)) {
				for (const m of f.get('spec').get('matches').items())
					if (isRecord(m.value) && !ctx.touched(m.input, m.path))
						m.info(
							'no TrafficSplit or TrafficTarget among the inputs refers to this match',
						);
			} else
				f.info(
					'nothing converted refers to it (TrafficTargets need a mesh target: istio, linkerd or cilium), so nothing was made from it',
				);
		}
	},
};
