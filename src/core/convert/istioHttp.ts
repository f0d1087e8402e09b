import type { Field, NoteText, Out } from './context';
import type { IstioEnv } from './istioEnv';
import { httpRetry } from './istioRetry';
import { compact, dnsName, gatewayDuration, parseDuration } from './util';

/** Where a VirtualService's rules are going. */
export interface RuleTarget {
	readonly env: IstioEnv;
	readonly out: Out;
	readonly route: { kind: string; namespace: string };
	/** True for routes attached to Services (mesh), false for ingress Gateways. */
	readonly mesh: boolean;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

function escapeRegex(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An Istio StringMatch ({exact|prefix|regex}) as a Gateway API match type and value. */
export function stringMatch(
	m: Field,
	what: string,
): { type: 'Exact' | 'RegularExpression'; value: string } | undefined {
	const exact = m.get('exact').str();
	if (exact !== undefined) {
		m.get('exact').consumed();
		return { type: 'Exact', value: exact };
	}
	const regex = m.get('regex').str();
	if (regex !== undefined) {
		m.get('regex').info(
			`${what} regex carried over as RegularExpression; its dialect is up to the implementation (Istio: RE2)`,
		);
		return { type: 'RegularExpression', value: regex };
	}
	const prefix = m.get('prefix').str();
	if (prefix !== undefined) {
		m.get('prefix').info(
			`${what} prefix has no Gateway API match type; written as the RegularExpression ^${escapeRegex(prefix)}.*`,
		);
		return { type: 'RegularExpression', value: `^${escapeRegex(prefix)}.*` };
	}
	return undefined;
}

/** Match fields Gateway API routes have no form for, with why and the nearest thing. */
export const MATCH_REST: Readonly<Record<string, NoteText>> = {
	authority: [
		'Gateway API routes match hosts per route, not per rule',
		'hostnames on the route (a separate route per authority)',
	],
	scheme: 'Gateway API has no scheme match',
	ignoreUriCase: 'Gateway API path matches are case-sensitive',
	withoutHeaders: 'Gateway API has no negative header match',
	sourceLabels: [
		'Gateway API routes do not match on the client workload',
		'an authorization policy on the client labels',
	],
	sourceNamespace: 'Gateway API routes do not match on the client namespace',
	gateways: 'per-match gateways have no Gateway API form; parentRefs apply to the whole route',
	name: 'match names have no Gateway API field',
	statPrefix: 'Gateway API has no per-match stat prefix',
};

/** One HTTPMatchRequest as an HTTPRouteMatch; returns the match and its port (if any). */
function httpMatch(m: Field, t: RuleTarget): { match: Record<string, unknown>; port?: number } {
	const out: Record<string, unknown> = {};
	const uri = m.get('uri');
	const exact = uri.get('exact').str();
	const prefix = uri.get('prefix').str();
	const regex = uri.get('regex').str();
	if (exact !== undefined) {
		out.path = { type: 'Exact', value: exact };
		t.out.use(uri.get('exact'));
	} else if (prefix !== undefined) {
		out.path = { type: 'PathPrefix', value: prefix };
		t.out.use(uri.get('prefix'));
		if (prefix !== '/' && !prefix.endsWith('/'))
			uri.get('prefix').info(
				`PathPrefix matches whole path segments: '${prefix}' no longer matches '${prefix}x'`,
			);
	} else if (regex !== undefined) {
		out.path = { type: 'RegularExpression', value: regex };
		uri.get('regex').info(
			'carried over as RegularExpression; its dialect is up to the implementation (Istio: RE2)',
		);
	}
	const method = m.get('method');
	const me = method.get('exact').str();
	if (me !== undefined && METHODS.includes(me.toUpperCase())) {
		out.method = me.toUpperCase();
		t.out.use(method.get('exact'));
	} else {
		method.lost([
			'Gateway API matches one exact method only',
			'one match per method, each with method set',
		]);
	}
	const headers = headerMatches(m.get('headers'), t, 'HTTP');
	if (headers.length) out.headers = headers;
	const query: Record<string, unknown>[] = [];
	for (const [name, q] of m.get('queryParams').entries()) {
		const sm = stringMatch(q, 'query parameter');
		if (sm) {
			query.push({ name, ...sm });
			t.out.use(q);
		} else q.lost('an empty query match (presence only) has no Gateway API form');
	}
	if (query.length) out.queryParams = query;
	return matchPort(m, out, t);
}

/**
 * An HTTPMatchRequest's headers as Gateway API header matches (HTTPRoute and GRPCRoute share
 * the form); claims, invalid names and presence-only matches are noted.
 */
export function headerMatches(
	headers: Field,
	t: RuleTarget,
	protocol: 'HTTP' | 'gRPC',
): Record<string, unknown>[] {
	const out: Record<string, unknown>[] = [];
	for (const [name, h] of headers.entries()) {
		if (name.startsWith('@request.auth.claims')) {
			h.lost([
				'routing on JWT claims has no Gateway API form',
				'keep a VirtualService for this route (Istio routes on claims after RequestAuthentication)',
			]);
			continue;
		}
		if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) {
			h.lost(`not a valid ${protocol} header name for Gateway API`);
			continue;
		}
		const sm = stringMatch(h, 'header');
		if (sm) {
			out.push({ name, ...sm });
			t.out.use(h);
		} else h.lost('an empty header match (presence only) has no Gateway API form');
	}
	return out;
}

/**
 * Finishes a converted match: its port moves to the route's parentRefs (noted), and the rest of
 * the match's fields are noted. Returns the match with its port, if any.
 */
export function matchPort(
	m: Field,
	match: Record<string, unknown>,
	t: RuleTarget,
): { match: Record<string, unknown>; port?: number } {
	const port = m.get('port').num();
	if (port !== undefined) {
		t.out.use(m.get('port'));
		m.get('port').info(
			`the port moved to the route's parentRefs (port ${port}), so rules matching other ports became a separate route`,
		);
	}
	m.rest(MATCH_REST);
	return port !== undefined ? { match, port } : { match };
}

function headerModifier(h: Field, t: RuleTarget): Record<string, unknown> | undefined {
	const out: Record<string, unknown> = {};
	const pairs = (f: Field) =>
		f.entries().map(([name, v]) => {
			t.out.use(v);
			return { name, value: String(v.value) };
		});
	const set = pairs(h.get('set'));
	const add = pairs(h.get('add'));
	if (set.length) out.set = set;
	if (add.length) out.add = add;
	const remove = h.get('remove');
	if (Array.isArray(remove.value) && remove.value.length) {
		out.remove = remove.value.map(String);
		t.out.use(remove);
	}
	return Object.keys(out).length ? out : undefined;
}

/** Header operations ({request, response}) as Gateway API filters. */
export function headerFilters(headers: Field, t: RuleTarget): Record<string, unknown>[] {
	const filters: Record<string, unknown>[] = [];
	const req = headerModifier(headers.get('request'), t);
	if (req) filters.push({ type: 'RequestHeaderModifier', requestHeaderModifier: req });
	const res = headerModifier(headers.get('response'), t);
	if (res) filters.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: res });
	return filters;
}

function mirrorFilter(
	dest: Field,
	percent: number | undefined,
	t: RuleTarget,
): Record<string, unknown> {
	const backendRef = t.env.backendRef(dest, t.out, t.route);
	return {
		type: 'RequestMirror',
		requestMirror: { backendRef, ...(percent !== undefined ? { percent } : {}) },
	};
}

/** The mirror and mirrors of an http route as RequestMirror filters. */
export function mirrorFilters(r: Field, t: RuleTarget): Record<string, unknown>[] {
	const filters: Record<string, unknown>[] = [];
	const mirror = r.get('mirror');
	const pct =
		r.get('mirrorPercentage').get('value').num() ??
		(typeof r.get('mirrorPercentage').get('value').value === 'number'
			? (r.get('mirrorPercentage').get('value').value as number)
			: undefined);
	if (mirror.present) {
		filters.push(mirrorFilter(mirror, pct === undefined ? undefined : Math.round(pct), t));
		t.out.use(r.get('mirrorPercentage'));
		if (pct !== undefined && !Number.isInteger(pct))
			r.get('mirrorPercentage').info('Gateway API mirror percent is a whole number; rounded');
	}
	for (const m of r.get('mirrors').items()) {
		const p = m.get('percentage').get('value').value;
		filters.push(
			mirrorFilter(
				m.get('destination'),
				typeof p === 'number' ? Math.round(p) : undefined,
				t,
			),
		);
		t.out.use(m.get('percentage'));
	}
	r.rest({
		mirrorPercent: ['deprecated field; not carried over', 'RequestMirror percent'],
		mirror_percent: ['deprecated field; not carried over', 'RequestMirror percent'],
	});
	return filters;
}

/** The destinations of an http route as backendRefs (weights, per-backend header filters). */
export function routeBackends(r: Field, t: RuleTarget): Record<string, unknown>[] {
	const backendRefs: Record<string, unknown>[] = [];
	for (const d of r.get('route').items()) {
		if (!d.get('destination').present) {
			d.lost('a route entry without a destination sends traffic nowhere');
			continue;
		}
		const ref = t.env.backendRef(d.get('destination'), t.out, t.route);
		const w = d.get('weight').num();
		if (w !== undefined) {
			ref.weight = w;
			t.out.use(d.get('weight'));
		}
		const bf = headerFilters(d.get('headers'), t);
		if (bf.length) ref.filters = bf;
		backendRefs.push(ref);
	}
	return backendRefs;
}

/** Notes the http route fields no Gateway API route has. */
export function ruleRest(r: Field, t: RuleTarget): void {
	const viaIstio = t.mesh
		? `keep a VirtualService for it: with Istio, VirtualService and ${t.route.kind} can live side by side (on a waypoint in ambient mode)`
		: 'keep a VirtualService bound to the Istio Gateway for it';
	r.rest({
		fault: ['Gateway API has no fault injection', viaIstio],
		directResponse: [
			'Gateway API has no direct response',
			'a small backend that answers with the status and body',
		],
		delegate: [
			'Gateway API routes cannot delegate to other routes',
			'one HTTPRoute per delegate, attached to the same parent',
		],
	});
}

/**
 * The start of a route rule: its name, and its matches converted by `convert`, with the port each
 * match named (HTTPRoute and GRPCRoute rules begin alike).
 */
export function ruleStart(
	r: Field,
	t: RuleTarget,
	convert: (m: Field, t: RuleTarget) => { match: Record<string, unknown>; port?: number },
): {
	rule: Record<string, unknown>;
	matches: Record<string, unknown>[];
	ports: (number | undefined)[];
} {
	const rule: Record<string, unknown> = {};
	const name = r.get('name').str();
	if (name) {
		rule.name = dnsName(name);
		t.out.use(r.get('name'));
	}
	const matches: Record<string, unknown>[] = [];
	const ports: (number | undefined)[] = [];
	for (const m of r.get('match').items()) {
		const { match, port } = convert(m, t);
		matches.push(match);
		ports.push(port);
	}
	return { rule, matches, ports };
}

/** One VirtualService http route as an HTTPRoute rule, with the ports its matches named. */
export function httpRule(
	r: Field,
	t: RuleTarget,
): { rule: Record<string, unknown>; ports: (number | undefined)[] } {
	const { rule, matches, ports } = ruleStart(r, t, httpMatch);
	if (matches.length) rule.matches = matches;
	const filters: Record<string, unknown>[] = [...headerFilters(r.get('headers'), t)];
	// Redirect and rewrite
	const redirect = r.get('redirect');
	if (redirect.present) {
		const rr: Record<string, unknown> = {};
		const uri = redirect.get('uri').str();
		if (uri !== undefined) rr.path = { type: 'ReplaceFullPath', replaceFullPath: uri };
		const prefixRewrite = redirect.get('prefixRewrite').str();
		if (prefixRewrite !== undefined)
			rr.path = { type: 'ReplacePrefixMatch', replacePrefixMatch: prefixRewrite };
		const authority = redirect.get('authority').str();
		if (authority !== undefined) rr.hostname = authority;
		const port = redirect.get('port').num();
		if (port !== undefined) rr.port = port;
		const scheme = redirect.get('scheme').str();
		if (scheme !== undefined) rr.scheme = scheme;
		const code = redirect.get('redirectCode').num();
		if (code !== undefined && [301, 302, 303, 307, 308].includes(code)) rr.statusCode = code;
		else
			redirect
				.get('redirectCode')
				.lost('Gateway API redirects use 301, 302, 303, 307 or 308');
		t.out.useAll(
			redirect.get('uri'),
			redirect.get('prefixRewrite'),
			redirect.get('authority'),
			redirect.get('port'),
			redirect.get('scheme'),
		);
		if (code !== undefined && rr.statusCode) t.out.use(redirect.get('redirectCode'));
		redirect.rest({
			derivePort: 'Gateway API redirects keep or set the port; they do not derive it',
		});
		filters.push({ type: 'RequestRedirect', requestRedirect: rr });
	}
	const rewrite = r.get('rewrite');
	if (rewrite.present) {
		const rw: Record<string, unknown> = {};
		const uri = rewrite.get('uri').str();
		if (uri !== undefined) {
			const allPrefix =
				matches.length > 0 &&
				matches.every(
					(m) => (m.path as { type?: string } | undefined)?.type === 'PathPrefix',
				);
			rw.path = allPrefix
				? { type: 'ReplacePrefixMatch', replacePrefixMatch: uri }
				: { type: 'ReplaceFullPath', replaceFullPath: uri };
			if (!allPrefix)
				rewrite
					.get('uri')
					.info(
						'the matches are not all prefixes, so the rewrite replaces the full path (ReplaceFullPath)',
					);
			t.out.use(rewrite.get('uri'));
		}
		const authority = rewrite.get('authority').str();
		if (authority !== undefined) {
			rw.hostname = authority;
			t.out.use(rewrite.get('authority'));
		}
		rewrite.rest({ uriRegexRewrite: 'Gateway API rewrites have no regex substitution' });
		if (Object.keys(rw).length) filters.push({ type: 'URLRewrite', urlRewrite: rw });
	}
	filters.push(...mirrorFilters(r, t));
	// CORS
	const cors = r.get('corsPolicy');
	if (cors.present) {
		const c: Record<string, unknown> = {};
		const origins: string[] = [];
		for (const o of cors.get('allowOrigins').items()) {
			const exact = o.get('exact').str();
			const prefix = o.get('prefix').str();
			if (exact !== undefined) {
				origins.push(exact);
				t.out.use(o.get('exact'));
			} else if (prefix !== undefined && /^https?:\/\/$/.test(prefix)) {
				origins.push('*');
				t.out.use(o.get('prefix'));
			} else o.lost('Gateway API CORS origins are exact values or wildcards');
		}
		for (const o of cors.get('allowOrigin').items()) {
			if (typeof o.value === 'string') origins.push(o.value);
			t.out.use(o);
		}
		if (origins.length) c.allowOrigins = origins;
		for (const k of ['allowMethods', 'allowHeaders', 'exposeHeaders'] as const) {
			const v = cors.get(k).value;
			if (Array.isArray(v) && v.length) {
				c[k] = v.map(String);
				t.out.use(cors.get(k));
			}
		}
		const maxAge = parseDuration(cors.get('maxAge').value);
		if (maxAge !== undefined) {
			c.maxAge = Math.round(maxAge / 1000);
			t.out.use(cors.get('maxAge'));
		}
		const cred = cors.get('allowCredentials').bool();
		if (cred !== undefined) {
			c.allowCredentials = cred;
			t.out.use(cors.get('allowCredentials'));
		}
		cors.rest({
			unmatchedPreflights: 'Gateway API CORS has no setting for unmatched preflights',
		});
		filters.push({ type: 'CORS', cors: c });
		cors.info(
			'the HTTPRoute CORS filter is in the Gateway API experimental channel (GEP-1767)',
		);
	}
	const backendRefs = routeBackends(r, t);
	if (backendRefs.length) rule.backendRefs = backendRefs;
	if (filters.length) rule.filters = filters;
	const timeout = parseDuration(r.get('timeout').value);
	if (timeout !== undefined) {
		rule.timeouts = { ...(rule.timeouts ?? {}), request: gatewayDuration(timeout) };
		t.out.use(r.get('timeout'));
	}
	httpRetry(r.get('retries'), rule, t.out);
	if (rule.timeouts) {
		const to = rule.timeouts as Record<string, unknown>;
		rule.timeouts = compact({ request: to.request, backendRequest: to.backendRequest });
	}
	ruleRest(r, t);
	return { rule: compact(rule), ports };
}
