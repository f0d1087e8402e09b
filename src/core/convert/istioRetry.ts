import type { Field, Out } from './context';
import { gatewayDuration, parseDuration } from './util';

// Istio's retryOn is Envoy's x-envoy-retry-on list plus bare status codes. Gateway API's
// HTTPRoute retry (GEP-1731) retries on status codes only (`codes`, each 400-599); whether a
// connection error is retried is up to the implementation (the HTTPRouteRetryConnectionError
// feature). So each condition either becomes an exact list of codes or is noted.

/** The registered 5xx status codes (RFC 9110, RFC 6585, RFC 2774, RFC 4918, RFC 5842). */
const REGISTERED_5XX = [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511];

/** Conditions that are status codes, exactly. */
const EXACT_CODES: Record<string, readonly number[]> = {
	// Envoy: gateway-error retries on 502, 503 and 504.
	'gateway-error': [502, 503, 504],
	// Envoy: retriable-4xx retries on 409 only.
	'retriable-4xx': [409],
	// The codes themselves are listed beside it in retryOn (or Istio's default 503).
	'retriable-status-codes': [],
};

/** Conditions on the connection or the stream, not on a status code. */
const CONNECTION = ['connect-failure', 'reset', 'refused-stream', 'http3-post-connect-failure'];

/** gRPC status conditions (read from the grpc-status trailer). */
const GRPC = ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'];

const OTHER: Record<string, string> = {
	'retriable-headers': 'retries on response headers named in the retry policy',
	'envoy-ratelimited': "retries on Envoy's own rate-limit responses (x-envoy-ratelimited)",
	'reset-before-request':
		'retries a reset only when no request bytes were sent (an Envoy condition)',
};

/** Istio's retryOn when a route sets retries without it (pilot's default retry policy). */
export const ISTIO_DEFAULT_RETRY_ON =
	'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';
const ISTIO_DEFAULT_CODES = [503];

/** What became of a retryOn value: the codes it gives and what it says that has no code. */
export interface RetryOnMapping {
	readonly codes: number[];
	/** Parts that carried over, with how (e.g. "5xx → the registered 5xx codes"). */
	readonly approximations: string[];
	/** Parts with no Gateway API form. */
	readonly lost: string[];
}

/** Maps an Istio retryOn list to Gateway API retry codes (exported for tests). */
export function mapRetryOn(retryOn: string): RetryOnMapping {
	const codes = new Set<number>();
	const approximations: string[] = [];
	const lost: string[] = [];
	const conditions = retryOn
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const hasCodes = conditions.some((c) => /^\d+$/.test(c));
	for (const c of conditions) {
		if (/^\d+$/.test(c)) {
			const n = Number(c);
			if (n >= 400 && n <= 599) codes.add(n);
			else lost.push(`${c} (Gateway API retries on codes 400-599 only)`);
		} else if (c === '5xx') {
			for (const n of REGISTERED_5XX) codes.add(n);
			approximations.push(
				'5xx is written as the registered 5xx codes; Istio also retries unregistered ones such as 509 and 599',
			);
			lost.push('a reset or failed connection, which 5xx also retries');
		} else if (c === 'gateway-error') {
			for (const n of EXACT_CODES[c] ?? []) codes.add(n);
			lost.push('a reset, which gateway-error also retries');
		} else if (c === 'retriable-status-codes') {
			if (!hasCodes) {
				lost.push(
					'retriable-status-codes without codes (the codes come from the x-envoy-retriable-status-codes request header)',
				);
			}
		} else if (EXACT_CODES[c]) {
			for (const n of EXACT_CODES[c]) codes.add(n);
		} else if (CONNECTION.includes(c)) {
			lost.push(`${c} (a connection condition, not a status code)`);
		} else if (GRPC.includes(c)) {
			lost.push(`${c} (a gRPC status, not an HTTP status code)`);
		} else if (OTHER[c]) {
			lost.push(`${c} (${OTHER[c]})`);
		} else {
			lost.push(`${c} (not an Istio retry condition)`);
		}
	}
	return { codes: [...codes].sort((a, b) => a - b), approximations, lost };
}

/** Codes as a short list: 500-508, 510, 511. */
export function codeList(codes: readonly number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < codes.length; i++) {
		let j = i;
		while (j + 1 < codes.length && codes[j + 1] === (codes[j] ?? 0) + 1) j++;
		parts.push(j - i >= 2 ? `${codes[i]}-${codes[j]}` : codes.slice(i, j + 1).join(', '));
		i = j;
	}
	return parts.join(', ');
}

/** Where a connection-level condition goes: the nearest thing Gateway API has. */
const CONNECTION_NEAREST =
	'an implementation with the HTTPRouteRetryConnectionError feature retries connection errors whenever retry is set; otherwise keep a VirtualService for the retry policy';

/** Istio retries as an HTTPRoute rule's retry and timeouts.backendRequest. */
export function httpRetry(r: Field, rule: Record<string, unknown>, out: Out): void {
	if (!r.present) return;
	const result: Record<string, unknown> = {};
	const attempts = r.get('attempts').num();
	if (attempts === 0) {
		// Istio: attempts 0 turns retries off. Gateway API attempts start at 1, and without a
		// retry field the implementation's default applies.
		r.get('attempts').info([
			'attempts: 0 turns Istio retries off; the route has no retry field, so the implementation default applies',
			'most implementations do not retry without a retry field; check yours',
		]);
		r.rest(
			{
				retryOn: 'retries are off (attempts: 0)',
				perTryTimeout: 'retries are off (attempts: 0)',
				backoff: 'retries are off (attempts: 0)',
				retryRemoteLocalities: 'retries are off (attempts: 0)',
				retryIgnorePreviousHosts: 'retries are off (attempts: 0)',
			},
			'info',
		);
		return;
	}
	if (attempts !== undefined) {
		result.attempts = attempts;
		out.use(r.get('attempts'));
	}
	const on = r.get('retryOn').str();
	// Istio's default policy lists 503 as its retriable status code.
	const mapping = mapRetryOn(on ?? `${ISTIO_DEFAULT_RETRY_ON},${ISTIO_DEFAULT_CODES.join(',')}`);
	if (mapping.codes.length) result.codes = mapping.codes;
	const text = [
		mapping.codes.length ? `retries on codes ${codeList(mapping.codes)}` : 'no retry codes',
		...mapping.approximations,
		...(mapping.lost.length ? [`no Gateway API form for: ${mapping.lost.join('; ')}`] : []),
	].join('; ');
	if (on !== undefined) {
		if (mapping.lost.length) r.get('retryOn').lost([text, CONNECTION_NEAREST]);
		else if (mapping.approximations.length) r.get('retryOn').info(text);
		else out.use(r.get('retryOn'));
	} else if (Object.keys(result).length || r.get('perTryTimeout').present) {
		r.info([
			`no retryOn: Istio's default (${ISTIO_DEFAULT_RETRY_ON}, with 503) became retry codes 503; the connection and gRPC conditions have no Gateway API form`,
			CONNECTION_NEAREST,
		]);
	}
	const backoff = parseDuration(r.get('backoff').value);
	if (backoff !== undefined) {
		result.backoff = gatewayDuration(backoff);
		out.use(r.get('backoff'));
	}
	const perTry = parseDuration(r.get('perTryTimeout').value);
	if (perTry !== undefined) {
		const timeouts = (rule.timeouts ??= {}) as Record<string, unknown>;
		timeouts.backendRequest = gatewayDuration(perTry);
		out.use(r.get('perTryTimeout'));
	}
	r.rest({
		retryRemoteLocalities: 'Gateway API retries do not choose localities',
		retryIgnorePreviousHosts: 'Gateway API retries do not say which hosts to avoid',
	});
	if (Object.keys(result).length) {
		rule.retry = result;
		r.info('HTTPRoute retry is in the Gateway API experimental channel (GEP-1731)');
	}
}
