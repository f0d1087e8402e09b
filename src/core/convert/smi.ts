import type { Conversion } from './conversion';
import { groupOf } from './conversion';
import { isRecord, type ConvertContext, type Field, type Out } from './context';
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
function headerPairs(h: Field): [string, Field][] {
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

interface TargetParts {
	readonly dest: { kind: string; name: string; namespace: string };
	readonly sources: { name: string; namespace: string }[];
	/** HTTP route group matches, and TCP ports, the target allows. */
	readonly http: Field[];
	readonly ports: number[];
	/** The TCPRoute port fields behind `ports`. */
	readonly portFields: Field[];
	readonly anyHttp: boolean;
}

function targetParts(env: SmiEnv, tt: Field): TargetParts {
	const spec = tt.get('spec');
	const ns = namespaceOf(tt, env.ctx.defaultNamespace);
	const d = spec.get('destination');
	d.consumed();
	const dest = {
		kind: d.get('kind').str() ?? 'ServiceAccount',
		name: d.get('name').str() ?? '',
		namespace: d.get('namespace').str() ?? ns,
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
	let anyHttp = false;
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
		if (!Array.isArray(wanted)) anyHttp = true;
	}
	return { dest, sources, http, ports, portFields, anyHttp };
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
	if (parts.ports.length) operations.push({ operation: { ports: parts.ports.map(String) } });
	out.useAll(...parts.portFields);
	out.spec.selector = { matchLabels: { app: parts.dest.name } };
	out.spec.action = 'ALLOW';
	out.spec.rules = [
		{
			from: [{ source: { principals } }],
			...(operations.length && !parts.anyHttp ? { to: operations } : {}),
		},
	];
	tt.get('spec')
		.get('destination')
		.info([
			`Istio policies select pods by label: the policy assumes the pods running as ServiceAccount ${parts.dest.name} carry app: ${parts.dest.name}`,
			'set spec.selector to the labels of the destination pods',
		]);
	markRest(tt, out);
}

function toLinkerd(env: SmiEnv, tt: Field, parts: TargetParts): void {
	const ctx = env.ctx;
	const ns = parts.dest.namespace;
	const base = dnsName(nameOf(tt));
	const server = ctx.emit(
		{
			apiVersion: 'policy.linkerd.io/v1beta3',
			kind: 'Server',
			metadata: { name: dnsName(parts.dest.name), namespace: ns },
			spec: {
				podSelector: { matchLabels: { app: parts.dest.name } },
				port: parts.ports[0] ?? 'http',
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
		.info([
			`the Server assumes the destination pods carry app: ${parts.dest.name}${parts.ports.length ? '' : ' and serve on the port named http'}`,
			'set the Server podSelector and port',
		]);
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
	if (parts.http.length && !parts.anyHttp) {
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

function markRest(tt: Field, out: Out): void {
	const spec = tt.get('spec');
	out.useAll(spec.get('sources'), spec.get('rules'));
	spec.get('destination').rest(
		{ port: 'the destination port is set on the Server or policy rule' },
		'info',
	);
}

/**
 * SMI / OSM → Gateway API + authorization: TrafficSplit becomes a weighted HTTPRoute on the apex
 * Service; TrafficTarget with its HTTPRouteGroup/TCPRoute becomes an Istio AuthorizationPolicy or
 * Linkerd Server, HTTPRoute, MeshTLSAuthentication and AuthorizationPolicy.
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
				else
					ctx.note(i, '', 'lost', [
						`Gateway API has no authorization; ${t === 'cilium' ? 'this conversion does not write CiliumNetworkPolicy yet' : 'choose a mesh target'}`,
						'convert with --to istio or --to linkerd',
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
					'nothing converted refers to it (TrafficTargets need a mesh target: istio or linkerd), so nothing was made from it',
				);
		}
	},
};
