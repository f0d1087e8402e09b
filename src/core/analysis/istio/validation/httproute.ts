import type { FieldPath } from '../../../workspace/objects';
import { isMapValue, listAt, mapAt } from '../../../workspace/resolve';
import {
	durationNanos,
	has,
	isDnsLabel,
	isPort,
	mapsAt,
	num,
	subMillisecond,
	text,
	type Check,
} from './common';
import { labelsProblem } from './labels';
import { destination, destinations, gatewayNames } from './destinations';

/** Header names Envoy accepts in matches and CORS lists (upstream validHeaderRegex). */
const HEADER_NAME = /^[-_A-Za-z0-9]+$/;

/** `@request.auth.claims.<name>` or `@request.auth.claims[<name>]`: routing on a JWT claim. */
export function isJwtClaimKey(name: string): boolean {
	return /^@request\.auth\.claims(\.[^.]+|\[[^\]]+\])/.test(name);
}

/** HTTP methods a CORS policy may allow (upstream supportedMethods: Go's net/http names). */
const METHODS = new Set([
	'GET',
	'HEAD',
	'POST',
	'PUT',
	'PATCH',
	'DELETE',
	'CONNECT',
	'OPTIONS',
	'TRACE',
]);

/** retryOn policies Envoy knows (upstream supportedRetryOnPolicies). */
const RETRY_ON = new Set([
	'5xx',
	'gateway-error',
	'reset',
	'reset-before-request',
	'connect-failure',
	'retriable-4xx',
	'refused-stream',
	'retriable-status-codes',
	'retriable-headers',
	'envoy-ratelimited',
	'http3-post-connect-failure',
	'cancelled',
	'deadline-exceeded',
	'internal',
	'resource-exhausted',
	'unavailable',
]);

/** The status codes Go's net/http names (a retryOn entry may be one of them). */
const STATUS_CODES = new Set([
	100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304,
	305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415,
	416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505,
	506, 507, 508, 510, 511,
]);

/** gRPC status names a fault abort may return (upstream grpc.SupportedGRPCStatus). */
const GRPC_STATUS = new Set([
	'OK',
	'CANCELLED',
	'UNKNOWN',
	'INVALID_ARGUMENT',
	'DEADLINE_EXCEEDED',
	'NOT_FOUND',
	'ALREADY_EXISTS',
	'PERMISSION_DENIED',
	'RESOURCE_EXHAUSTED',
	'FAILED_PRECONDITION',
	'ABORTED',
	'OUT_OF_RANGE',
	'UNIMPLEMENTED',
	'INTERNAL',
	'UNAVAILABLE',
	'DATA_LOSS',
	'UNAUTHENTICATED',
]);

/**
 * Why a regular expression is not one RE2 (Envoy's engine) compiles, or '': RE2 has no
 * lookaround, backreferences, atomic groups or possessive quantifiers, and Istio caps the length.
 */
export function re2Problem(re: string): string {
	if (re.length > 1024) return 'is longer than 1024 characters';
	if (/\(\?<?[=!]/.test(re))
		return 'uses lookaround ((?=, (?!, (?<=, (?<!), which RE2 does not support';
	if (/\(\?>/.test(re)) return 'uses an atomic group ((?>), which RE2 does not support';
	if (/(^|[^\\])\\[1-9]/.test(re))
		return 'uses a backreference (\\1…), which RE2 does not support';
	if (/[*+?}]\+/.test(re.replace(/\\./g, '')))
		return 'uses a possessive quantifier, which RE2 does not support';
	return '';
}

/** A StringMatch (upstream validateStringMatch / validateStringMatchRegexp). */
function stringMatch(c: Check, m: unknown, path: FieldPath, emptyPrefixOk = false): void {
	if (!isMapValue(m)) return;
	if (typeof m.prefix === 'string' && m.prefix === '' && !emptyPrefixOk)
		c.err([...path, 'prefix'], 'an empty prefix match is not allowed here');
	if (typeof m.regex === 'string') {
		if (m.regex === '') c.err([...path, 'regex'], 'an empty regex match is not allowed');
		else {
			const p = re2Problem(m.regex);
			if (p) c.err([...path, 'regex'], `the regex ${p}`);
		}
	}
}

function match(c: Check, m: Record<string, unknown>, path: FieldPath): void {
	for (const [name, h] of Object.entries(mapAt(m, 'headers') ?? {})) {
		if (!HEADER_NAME.test(name) && !isJwtClaimKey(name))
			c.err([...path, 'headers', name], `"${name}" is not a valid header name`);
		stringMatch(c, h, [...path, 'headers', name]);
	}
	for (const [name, h] of Object.entries(mapAt(m, 'withoutHeaders') ?? {})) {
		if (!HEADER_NAME.test(name) && !isJwtClaimKey(name))
			c.err([...path, 'withoutHeaders', name], `"${name}" is not a valid header name`);
		// `regex: "*"` is read as "the header is present", not as a regular expression.
		if (!(isMapValue(h) && h.regex === '*'))
			stringMatch(c, h, [...path, 'withoutHeaders', name]);
	}
	stringMatch(c, m.uri, [...path, 'uri'], true);
	for (const key of ['scheme', 'method', 'authority']) stringMatch(c, m[key], [...path, key]);
	for (const [name, q] of Object.entries(mapAt(m, 'queryParams') ?? {}))
		stringMatch(c, q, [...path, 'queryParams', name]);
	const port = num(m, 'port');
	if (port !== undefined && port !== 0 && !isPort(port))
		c.err([...path, 'port'], `port number ${port} is not in 1..65535`);
	const lp = labelsProblem(mapAt(m, 'sourceLabels'));
	if (lp) c.err([...path, 'sourceLabels'], lp);
	gatewayNames(c, listAt(m, 'gateways'), [...path, 'gateways']);
	const sns = text(m, 'sourceNamespace');
	if (sns && !isDnsLabel(sns))
		c.err([...path, 'sourceNamespace'], `sourceNamespace "${sns}" is not a namespace name`);
}

/** Control characters other than tab (upstream's header value pattern rejects them). */
function hasControlCharacters(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
	}
	return false;
}

const isInternal = (h: string) => h.startsWith(':') || h.toLowerCase() === 'host';
const isAuthority = (h: string) => [':authority', 'host'].includes(h.toLowerCase());

/** Header manipulation of a route or a destination (upstream ValidateHTTPHeader*OperationName and values). */
function headerOps(c: Check, headers: unknown, path: FieldPath): void {
	if (!isMapValue(headers)) return;
	for (const side of ['request', 'response'] as const) {
		const ops = mapAt(headers, side);
		if (!ops) continue;
		for (const op of ['add', 'set', 'remove'] as const) {
			const names =
				op === 'remove'
					? listAt(ops, op).filter((n): n is string => typeof n === 'string')
					: Object.keys(mapAt(ops, op) ?? {});
			for (const name of names) {
				const at = [...path, side, op, ...(op === 'remove' ? [] : [name])];
				if (name === '') c.err(at, 'a header name cannot be empty');
				else if (side === 'request' && op !== 'remove') {
					if (isInternal(name) && !isAuthority(name))
						c.err(
							at,
							`header "${name}" cannot be set: names starting with ":" are Envoy's`,
						);
				} else if (name.toLowerCase() === 'host')
					c.err(
						at,
						`the Host header cannot be ${op === 'remove' ? 'removed' : 'set'} here`,
					);
				else if (isInternal(name))
					c.err(
						at,
						`header "${name}" cannot be changed: names starting with ":" are Envoy's`,
					);
			}
			if (op === 'remove') continue;
			for (const [name, value] of Object.entries(mapAt(ops, op) ?? {}))
				if (typeof value === 'string' && hasControlCharacters(value))
					c.err(
						[...path, side, op, name],
						`the value of header "${name}" holds control characters`,
					);
		}
	}
}

function percentage(c: Check, p: unknown, path: FieldPath): void {
	const v = num(p, 'value');
	if (v !== undefined && (v < 0 || v > 100 || (v > 0 && v < 0.0001)))
		c.err([...path, 'value'], `percentage ${v} is neither 0 nor in 0.0001..100`);
}

function fault(c: Check, f: Record<string, unknown>, path: FieldPath): void {
	const abort = mapAt(f, 'abort');
	const delay = mapAt(f, 'delay');
	if (!abort && !delay) c.err(path, 'a fault needs an abort, a delay or both');
	if (abort) {
		percentage(c, abort.percentage, [...path, 'abort', 'percentage']);
		const status = num(abort, 'httpStatus');
		if (has(abort, 'http2Error'))
			c.err([...path, 'abort', 'http2Error'], 'http2Error aborts are not supported yet');
		else if (has(abort, 'grpcStatus')) {
			const g = text(abort, 'grpcStatus');
			if (!GRPC_STATUS.has(g))
				c.err(
					[...path, 'abort', 'grpcStatus'],
					`gRPC status "${g}" is unknown (for example NOT_FOUND, UNAVAILABLE)`,
				);
		} else if (status !== undefined) {
			if (status < 200 || status > 600)
				c.err([...path, 'abort', 'httpStatus'], `HTTP status ${status} is not in 200..599`);
		} else c.warn([...path, 'abort'], 'the abort sets no httpStatus, grpcStatus or http2Error');
	}
	if (delay) {
		percentage(c, delay.percentage, [...path, 'delay', 'percentage']);
		if (has(delay, 'exponentialDelay'))
			c.err([...path, 'delay', 'exponentialDelay'], 'exponentialDelay is not supported yet');
	}
}

function cors(c: Check, p: Record<string, unknown>, path: FieldPath): void {
	mapsAt(p, 'allowOrigins').forEach(({ item, i }) => {
		const value = text(item, 'exact') || text(item, 'prefix') || text(item, 'regex');
		if (!value)
			c.err(
				[...path, 'allowOrigins', i],
				'an allowOrigins entry needs a non-empty exact, prefix or regex',
			);
		else stringMatch(c, item, [...path, 'allowOrigins', i]);
	});
	listAt(p, 'allowMethods').forEach((m, i) => {
		if (typeof m === 'string' && !METHODS.has(m))
			c.err(
				[...path, 'allowMethods', i],
				`"${m}" is not an HTTP method (methods are upper case: GET, POST, …)`,
			);
	});
	for (const key of ['allowHeaders', 'exposeHeaders'])
		listAt(p, key).forEach((h, i) => {
			if (typeof h === 'string' && h !== '*' && !HEADER_NAME.test(h))
				c.err([...path, key, i], `"${h}" is not a valid header name`);
		});
	const maxAge = durationNanos(p.maxAge);
	if (maxAge !== undefined && maxAge % 1_000_000_000 !== 0)
		c.err(
			[...path, 'maxAge'],
			`maxAge ${String(p.maxAge)} is finer than a second; CORS max age is in whole seconds`,
		);
}

function retries(c: Check, r: Record<string, unknown>, path: FieldPath): void {
	const attempts = num(r, 'attempts') ?? 0;
	if (attempts < 0) c.err([...path, 'attempts'], 'attempts cannot be negative');
	if (
		attempts === 0 &&
		(has(r, 'perTryTimeout') || text(r, 'retryOn') || has(r, 'retryRemoteLocalities'))
	)
		c.err(
			[...path, 'attempts'],
			'retry settings are given but attempts is 0 (retries disabled); set attempts',
		);
	if (subMillisecond(r.perTryTimeout))
		c.err([...path, 'perTryTimeout'], 'durations are supported to millisecond precision only');
	const on = text(r, 'retryOn');
	if (!on) return;
	for (const raw of on.split(',')) {
		const policy = raw.trim();
		const n = /^\d+$/.test(policy) ? Number(policy) : NaN;
		if (!STATUS_CODES.has(n) && !RETRY_ON.has(policy))
			c.err(
				[...path, 'retryOn'],
				`"${policy}" is not a retryOn policy Envoy knows (e.g. 5xx, connect-failure, reset, 503)`,
			);
	}
}

function redirect(c: Check, r: Record<string, unknown>, path: FieldPath): void {
	if (
		!text(r, 'uri') &&
		!text(r, 'authority') &&
		!has(r, 'port') &&
		!has(r, 'derivePort') &&
		!text(r, 'scheme')
	)
		c.err(path, 'a redirect needs a uri, authority, scheme or port');
	const code = num(r, 'redirectCode');
	if (code !== undefined && code !== 0 && (code < 300 || code > 399))
		c.err([...path, 'redirectCode'], `${code} is not a redirect code (3xx)`);
	const scheme = text(r, 'scheme');
	if (scheme && scheme !== 'http' && scheme !== 'https')
		c.err([...path, 'scheme'], `redirect scheme "${scheme}" must be "http" or "https"`);
	const port = num(r, 'port');
	if (port !== undefined && port > 0 && !isPort(port))
		c.err([...path, 'port'], `port number ${port} is not in 1..65535`);
}

function rewrite(c: Check, r: Record<string, unknown>, path: FieldPath): void {
	const re = mapAt(r, 'uriRegexRewrite');
	if (text(r, 'uri') && re) c.err(path, 'a rewrite can have uri or uriRegexRewrite, not both');
	else if (!text(r, 'uri') && !re && !text(r, 'authority'))
		c.err(path, 'a rewrite needs a uri, a uriRegexRewrite or an authority');
	if (re) {
		if (!text(re, 'match') || !text(re, 'rewrite'))
			c.err([...path, 'uriRegexRewrite'], 'uriRegexRewrite needs both match and rewrite');
		else {
			const p = re2Problem(text(re, 'match'));
			if (p) c.err([...path, 'uriRegexRewrite', 'match'], `the regex ${p}`);
		}
	}
}

function directResponse(c: Check, d: Record<string, unknown>, path: FieldPath): void {
	const body = mapAt(d, 'body');
	const size = body
		? typeof body.string === 'string'
			? new TextEncoder().encode(body.string).length
			: typeof body.bytes === 'string'
				? Math.floor((body.bytes.replace(/=+$/, '').length * 3) / 4)
				: 0
		: 0;
	if (size > 1024 * 1024)
		c.err(
			[...path, 'body'],
			'a direct response body must be under 1 MB: large bodies burden the control plane',
		);
	else if (size > 100 * 1024)
		c.warn([...path, 'body'], 'a direct response body over 100 KB burdens the control plane');
	const status = num(d, 'status');
	if (status !== undefined && (status < 200 || status > 600))
		c.err([...path, 'status'], `HTTP status ${status} is not in 200..599`);
}

/** One http rule of a VirtualService (upstream virtualservice.go validateHTTPRoute). */
export function httpRoute(
	c: Check,
	h: Record<string, unknown>,
	path: FieldPath,
	delegateVs: boolean,
): void {
	const routes = listAt(h, 'route');
	const isRoot = !delegateVs && has(h, 'delegate');
	if (isRoot) {
		if (has(h, 'redirect'))
			c.err([...path, 'redirect'], 'a rule that delegates cannot also redirect');
		if (routes.length) c.err([...path, 'route'], 'a rule that delegates cannot also route');
	} else {
		if (delegateVs && has(h, 'delegate'))
			c.err([...path, 'delegate'], 'a delegate VirtualService cannot delegate again');
		if (has(h, 'redirect')) {
			for (const [key, what] of [
				['route', 'route'],
				['fault', 'fault'],
				['rewrite', 'rewrite'],
				['directResponse', 'directResponse'],
			] as const)
				if (key === 'route' ? routes.length > 0 : has(h, key))
					c.err([...path, key], `a rule cannot have both redirect and ${what}`);
		} else if (has(h, 'directResponse')) {
			for (const key of ['route', 'fault', 'rewrite'] as const)
				if (key === 'route' ? routes.length > 0 : has(h, key))
					c.err([...path, key], `a rule cannot have both directResponse and ${key}`);
		} else if (!routes.length)
			c.err(path, 'an http rule needs a route, a redirect or a directResponse');
	}
	if (has(h, 'mirror') && listAt(h, 'mirrors').length)
		c.err([...path, 'mirrors'], 'a rule cannot have both mirror and mirrors');
	for (const { item, i } of mapsAt(h, 'match')) match(c, item, [...path, 'match', i]);
	headerOps(c, h.headers, [...path, 'headers']);
	const corsPolicy = mapAt(h, 'corsPolicy');
	if (corsPolicy) cors(c, corsPolicy, [...path, 'corsPolicy']);
	const f = mapAt(h, 'fault');
	if (f) fault(c, f, [...path, 'fault']);
	const mp = h.mirrorPercent;
	if (typeof mp === 'number' && mp > 100)
		c.err([...path, 'mirrorPercent'], `mirrorPercent ${mp} is over 100`);
	const mpv = num(mapAt(h, 'mirrorPercentage'), 'value');
	if (mpv !== undefined && (mpv < 0 || mpv > 100))
		c.err([...path, 'mirrorPercentage', 'value'], `mirrorPercentage ${mpv} is not in 0..100`);
	const mirror = mapAt(h, 'mirror');
	if (mirror) destination(c, mirror, [...path, 'mirror']);
	for (const { item, i } of mapsAt(h, 'mirrors')) {
		const d = mapAt(item, 'destination');
		if (d) destination(c, d, [...path, 'mirrors', i, 'destination']);
		const v = num(mapAt(item, 'percentage'), 'value');
		if (v !== undefined && (v < 0 || v > 100))
			c.err(
				[...path, 'mirrors', i, 'percentage', 'value'],
				`mirror percentage ${v} is not in 0..100`,
			);
	}
	const rd = mapAt(h, 'redirect');
	if (rd) redirect(c, rd, [...path, 'redirect']);
	const dr = mapAt(h, 'directResponse');
	if (dr) directResponse(c, dr, [...path, 'directResponse']);
	const rt = mapAt(h, 'retries');
	if (rt) retries(c, rt, [...path, 'retries']);
	const rw = mapAt(h, 'rewrite');
	if (rw) rewrite(c, rw, [...path, 'rewrite']);
	// The authority may be rewritten in one place only (which takes request headers to break).
	const authorities = mapAt(h, 'headers', 'request')
		? [
				...(text(rw, 'authority') ? ['rewrite.authority'] : []),
				...['set', 'add'].flatMap((op) =>
					Object.keys(mapAt(h, 'headers', 'request', op) ?? {})
						.filter(isAuthority)
						.map((k) => `headers.request.${op}.${k}`),
				),
			]
		: [];
	if (authorities.length > 1)
		c.err(
			[...path, 'headers'],
			`the authority is rewritten more than once (${authorities.join(', ')})`,
		);
	destinations(c, h, path);
	for (const { item, i } of mapsAt(h, 'route'))
		headerOps(c, item.headers, [...path, 'route', i, 'headers']);
	if (subMillisecond(h.timeout))
		c.err([...path, 'timeout'], 'durations are supported to millisecond precision only');
}
