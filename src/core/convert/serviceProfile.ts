import type { Conversion } from './conversion';
import { isKind } from './conversion';
import type { ConvertContext, Field, Out } from './context';
import { copyMeta, dnsName, GATEWAY_API_V1, gatewayDuration, parseDuration } from './util';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** `web-svc.emojivoto.svc.cluster.local` → { name: web-svc, namespace: emojivoto }. */
export function profileService(fqdn: string): { name: string; namespace?: string } | undefined {
	const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.[a-z0-9.-]+$/.exec(fqdn);
	if (m?.[1] && m[2]) return { name: m[1], namespace: m[2] };
	return undefined;
}

/** A Kubernetes quantity ("1", "500m", "1k") as a number. */
function quantity(v: unknown): number | undefined {
	if (typeof v === 'number') return v;
	if (typeof v !== 'string') return undefined;
	const m = /^(\d+(?:\.\d+)?)(m|k|M)?$/.exec(v.trim());
	if (!m?.[1]) return undefined;
	const n = Number(m[1]);
	return m[2] === 'm' ? n / 1000 : m[2] === 'k' ? n * 1000 : m[2] === 'M' ? n * 1e6 : n;
}

/** One ServiceProfile request condition as Gateway API matches (ORed), or undefined if it cannot. */
function conditionMatches(c: Field, out: Out): Record<string, unknown>[] {
	const match: Record<string, unknown> = {};
	const path = c.get('pathRegex').str();
	if (path !== undefined) {
		match.path = { type: 'RegularExpression', value: path };
		out.use(c.get('pathRegex'));
	}
	const method = c.get('method').str();
	if (method !== undefined && METHODS.includes(method.toUpperCase())) {
		match.method = method.toUpperCase();
		out.use(c.get('method'));
	} else c.get('method').lost('Gateway API matches the standard HTTP methods only');
	let matches = [match];
	// all: every condition must hold — merge them into one match when they do not clash.
	for (const a of c.get('all').items()) {
		const sub = conditionMatches(a, out);
		if (sub.length !== 1) {
			a.lost('an OR inside an AND has no Gateway API form');
			continue;
		}
		const [s] = sub;
		const clash = Object.keys(s ?? {}).some((k) => k in match);
		if (clash) a.lost('two conditions on the same attribute cannot be combined in one match');
		else Object.assign(match, s);
	}
	// any: one of the conditions — each becomes its own match.
	const anyItems = c.get('any').items();
	if (anyItems.length) {
		const alternatives = anyItems.flatMap((a) => conditionMatches(a, out));
		matches = alternatives.map((alt) => ({ ...match, ...alt }));
	}
	c.rest({
		not: ['Gateway API has no negative match', 'list the allowed values as separate matches'],
	});
	return matches.filter((m) => Object.keys(m).length > 0);
}

/** Status ranges of the failure response classes, as a retry.linkerd.io/http value. */
function failureStatuses(route: Field): string | undefined {
	const ranges: string[] = [];
	for (const rc of route.get('responseClasses').items()) {
		const st = rc.get('condition').get('status');
		const min = st.get('min').num();
		const max = st.get('max').num();
		const failure = rc.get('isFailure').bool();
		const other = rc
			.get('condition')
			.entries()
			.some(([k]) => k !== 'status');
		if (!failure || min === undefined || other) {
			rc.lost([
				'response classes only feed retries and metrics; only failure status ranges carry over',
				'retry.linkerd.io/http',
			]);
			continue;
		}
		ranges.push(max !== undefined && max !== min ? `${min}-${max}` : String(min));
		rc.info(
			'response classes are gone in HTTPRoute; the failure status range became the retry condition retry.linkerd.io/http',
		);
	}
	return ranges.length ? ranges.join(',') : undefined;
}

function convertProfile(ctx: ConvertContext, sp: Field): void {
	const spec = sp.get('spec');
	const fqdn = sp.get('metadata').get('name').str() ?? '';
	const svc = profileService(fqdn);
	if (!svc) {
		sp.get('metadata')
			.get('name')
			.lost([
				'only profiles named after a cluster Service (name.namespace.svc.cluster.local) attach to a Service',
				'an HTTPRoute on the Service that receives this traffic',
			]);
		return;
	}
	const backends: Record<string, unknown>[] = [];
	for (const d of spec.get('dstOverrides').items()) {
		const dst = profileService(d.get('authority').str() ?? '');
		const w = quantity(d.get('weight').value);
		if (!dst || w === undefined) {
			d.lost('only Service authorities with numeric weights carry over');
			continue;
		}
		backends.push({
			name: dst.name,
			...(dst.namespace && dst.namespace !== svc.namespace
				? { namespace: dst.namespace }
				: {}),
			weight: Math.round(w * 1000),
		});
		d.consumed();
	}
	if (backends.length)
		spec.get('dstOverrides').info(
			'the weighted destinations became backendRefs on every rule (weights ×1000, as whole numbers); add the port of each Service',
		);
	const plain: Record<string, unknown>[] = [];
	const retryable: Record<string, unknown>[] = [];
	let statuses: string | undefined;
	const routes = spec.get('routes').items();
	const make = (suffix: string) => {
		const out = ctx.emit({
			apiVersion: GATEWAY_API_V1,
			kind: 'HTTPRoute',
			metadata: {},
			spec: {},
		});
		copyMeta(sp, out, { name: `${svc.name}${suffix}` });
		return out;
	};
	const isRetryable = (r: Field) => r.get('isRetryable').bool() === true;
	const anyPlain = routes.some((r) => !isRetryable(r)) || routes.length === 0;
	const anyRetry = routes.some(isRetryable);
	const main = anyPlain ? make('') : undefined;
	const retryOut = anyRetry ? make(anyPlain ? '-retry' : '') : undefined;
	for (const r of routes) {
		const out = isRetryable(r) ? retryOut : main;
		if (!out) continue;
		const rule: Record<string, unknown> = {};
		const name = r.get('name').str();
		if (name) {
			rule.name = dnsName(name);
			out.use(r.get('name'));
			if (rule.name !== name)
				r.get('name').info(
					`rule names are DNS labels: '${name}' became '${String(rule.name)}'`,
				);
		}
		const matches = conditionMatches(r.get('condition'), out);
		if (matches.length) rule.matches = matches;
		const timeout = parseDuration(r.get('timeout').value);
		if (timeout !== undefined) {
			rule.timeouts = { request: gatewayDuration(timeout) };
			out.use(r.get('timeout'));
		}
		if (backends.length) rule.backendRefs = backends.map((b) => ({ ...b }));
		if (isRetryable(r)) statuses = failureStatuses(r) ?? statuses;
		else
			r.get('responseClasses').lost([
				'response classes only classify failures for metrics and retries; HTTPRoute has no such setting',
				'the retry.linkerd.io/http annotation, if the route is retried',
			]);
		out.use(r.get('isRetryable'));
		(isRetryable(r) ? retryable : plain).push(rule);
	}
	const parentRefs = [{ group: 'core', kind: 'Service', name: svc.name }];
	if (main) {
		main.spec.parentRefs = parentRefs;
		main.spec.rules = plain.length
			? plain
			: [{ ...(backends.length ? { backendRefs: backends } : {}) }];
	}
	if (retryOut) {
		retryOut.spec.parentRefs = parentRefs;
		retryOut.spec.rules = retryable;
		const meta = retryOut.resource.metadata as Record<string, unknown>;
		meta.annotations = {
			...(meta.annotations ?? {}),
			'retry.linkerd.io/http': statuses ?? '5xx',
		};
	}
	spec.get('retryBudget').lost([
		'Linkerd HTTPRoute retries have no budget; they are limited per request',
		'the annotation retry.linkerd.io/limit on the route',
	]);
	spec.rest({
		opaquePorts: [
			'opaque ports are not a route setting',
			'the annotation config.linkerd.io/opaque-ports on the Service or workload',
		],
	});
}

/** Linkerd ServiceProfile → HTTPRoute with Linkerd's retry annotations and Gateway API timeouts. */
export const serviceProfileToHttpRoute: Conversion = {
	id: 'linkerd-serviceprofile',
	title: 'Linkerd ServiceProfile → HTTPRoute',
	targets: ['linkerd', 'gateway-api'],
	accepts: (r) => isKind(r, 'linkerd.io', 'ServiceProfile'),
	run(ctx, inputs) {
		for (const i of inputs) convertProfile(ctx, ctx.root(i));
	},
};
