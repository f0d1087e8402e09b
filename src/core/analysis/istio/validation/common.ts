import type { FieldPath } from '../../../workspace/objects';
import type { WorkspaceObject } from '../../../workspace/model';
import { isMapValue, listAt, mapAt } from '../../../workspace/resolve';
import type { Analyzer, Reporter } from '../../types';

/**
 * Shared pieces of the IST0106/IST0133 checks: the checks istiod's Go validation makes on one
 * resource (istio/istio pkg/config/validation) that the CRD's OpenAPI schema and CEL rules do
 * not express. Errors are IST0106 SchemaValidationError, warnings IST0133 SchemaWarning, worded
 * as upstream's templates (`Schema validation error: …`) with our own text after the colon.
 */
export interface Check {
	readonly o: WorkspaceObject;
	/** An IST0106 finding at `path`. */
	err(path: FieldPath, message: string): void;
	/** An IST0133 finding at `path`. */
	warn(path: FieldPath, message: string): void;
}

export function checker(r: Reporter, o: WorkspaceObject): Check {
	return {
		o,
		err: (path, message) => r.report('IST0106', o, path, `Schema validation error: ${message}`),
		warn: (path, message) =>
			r.report('IST0133', o, path, `Schema validation warning: ${message}`),
	};
}

/**
 * The analyzer of one kind's validation, named as upstream names it
 * (`schema.ValidationAnalyzer.<Kind>`): `check` gets each object of the kind and reports through
 * `c`. Single-resource checks: it reads nothing else of the model.
 */
export function validationAnalyzer(
	kind: string,
	subject: string,
	check: (c: Check, o: WorkspaceObject) => void,
): Analyzer {
	return {
		name: `schema.ValidationAnalyzer.${kind}`,
		mesh: 'istio',
		codes: ['IST0106', 'IST0133'],
		subjects: [subject],
		reads: [],
		analyze(r, o) {
			if (o) check(checker(r, o), o);
		},
	};
}

/** A list at a path with each item's index, skipping items that are not maps. */
export function mapsAt(
	v: unknown,
	...path: (string | number)[]
): { item: Record<string, unknown>; i: number }[] {
	const list = listAt(v, ...path);
	const out: { item: Record<string, unknown>; i: number }[] = [];
	for (let i = 0; i < list.length; i++) {
		const item = list[i];
		if (isMapValue(item)) out.push({ item, i });
	}
	return out;
}

/** Whether a key is set to something (not absent, not null). */
export function has(v: unknown, key: string): boolean {
	return isMapValue(v) && v[key] !== undefined && v[key] !== null;
}

/** A non-empty string at key. */
export function text(v: unknown, key: string): string {
	const s = isMapValue(v) ? v[key] : undefined;
	return typeof s === 'string' ? s : '';
}

/** A number at key (numbers written as numbers only). */
export function num(v: unknown, key: string): number | undefined {
	const n = isMapValue(v) ? v[key] : undefined;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * A value with an envsubst/shell placeholder (`${APP_NAMESPACE}`) or a template action: its
 * final form is not known, so no check judges it.
 */
export function isPlaceholder(s: string): boolean {
	return s.includes('${') || s.includes('{{');
}

/** A DNS-1123 label as Istio's labels package accepts it (letters of either case). */
export function isDnsLabel(s: string): boolean {
	return (
		isPlaceholder(s) || (s.length <= 63 && /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(s))
	);
}

/** A first label that may carry a wildcard: `*`, `*foo`, `*-foo` or a plain label. */
function isWildcardLabel(s: string): boolean {
	return s.length <= 63 && /^(\*|(\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/.test(s);
}

/** Why a dotted name is not a valid DNS name (labels after the first), or ''. */
function dnsLabelsProblem(domain: string, whole: string): string {
	const parts = domain.split('.');
	const top = parts[parts.length - 1] ?? '';
	if (/^\d+$/.test(top)) return `"${whole}" has an all-numeric top-level domain "${top}"`;
	for (let i = 0; i < parts.length; i++) {
		const label = parts[i] ?? '';
		if (i === parts.length - 1 && label === '') return '';
		if (!isDnsLabel(label)) return `"${whole}" has an invalid label "${label}"`;
	}
	return '';
}

/**
 * True for a plain DNS name: dot-separated labels of ASCII letters, digits and inner hyphens, 1 to
 * 63 characters each, at most 255 in all, the last not all digits — no wildcard, no trailing dot,
 * no placeholder. One pass over the characters, for the hosts almost every resource names
 * (`reviews.prod.svc.cluster.local`); such a name has no problem for wildcardDomainProblem or
 * fqdnProblem, which take any other name the long way.
 */
export function isPlainDnsName(name: string): boolean {
	const n = name.length;
	if (n === 0 || n > 255) return false;
	let labelStart = 0;
	let digitsOnly = true;
	for (let i = 0; i <= n; i++) {
		const c = i < n ? name.charCodeAt(i) : 46; /* a '.' ends the last label */
		if (c === 46) {
			const len = i - labelStart;
			// Empty or too long, or a hyphen at either end.
			if (len === 0 || len > 63) return false;
			if (name.charCodeAt(labelStart) === 45 || name.charCodeAt(i - 1) === 45) return false;
			if (i === n && digitsOnly && labelStart > 0) return false;
			labelStart = i + 1;
			digitsOnly = true;
		} else if (c >= 48 && c <= 57) {
			// a digit
		} else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45) {
			digitsOnly = false;
		} else return false;
	}
	return true;
}

/** The answers of wildcardDomainProblem: a host is usually named several times (hosts, routes, rules). */
const domainProblems = new Map<string, string>();

/** Why a host is not a DNS name with an optional wildcard first label, or '' (upstream ValidateWildcardDomain). */
export function wildcardDomainProblem(domain: string): string {
	if (isPlainDnsName(domain)) return '';
	let p = domainProblems.get(domain);
	if (p === undefined) {
		p = domainProblem(domain);
		// A bounded memo: a workspace with more distinct hosts starts it again.
		if (domainProblems.size >= 10_000) domainProblems.clear();
		domainProblems.set(domain, p);
	}
	return p;
}

function domainProblem(domain: string): string {
	if (isPlaceholder(domain)) return '';
	if (domain.length === 0) return 'an empty host name is not allowed';
	if (domain.length > 255) return `"${domain.slice(0, 20)}…" is longer than 255 characters`;
	const dot = domain.indexOf('.');
	const first = dot === -1 ? domain : domain.slice(0, dot);
	if (!isWildcardLabel(first)) return `"${domain}" has an invalid label "${first}"`;
	return dot === -1 ? '' : dnsLabelsProblem(domain.slice(dot + 1), domain);
}

/** Why a name is not a fully qualified DNS name without wildcards, or '' (upstream ValidateFQDN). */
export function fqdnProblem(name: string): string {
	if (isPlaceholder(name)) return '';
	if (name.length === 0) return 'an empty host name is not allowed';
	if (name.length > 255) return `"${name.slice(0, 20)}…" is longer than 255 characters`;
	return dnsLabelsProblem(name, name);
}

/** An IPv4 or IPv6 address (as Go's netip.ParseAddr reads one). */
export function isIp(s: string): boolean {
	if (isPlaceholder(s)) return true;
	if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s))
		return s.split('.').every((p) => Number(p) <= 255 && (p === '0' || !p.startsWith('0')));
	if (!s.includes(':') || /[^0-9a-fA-F:.%a-zA-Z]/.test(s)) return false;
	try {
		// The URL parser checks IPv6 literals in every JavaScript host (no node:net in the core).
		new URL(`http://[${s.replace(/%.*$/, '')}]/`);
		return true;
	} catch {
		return false;
	}
}

/** An address or a CIDR block (upstream ValidateIPSubnet). */
export function isIpOrCidr(s: string): boolean {
	const slash = s.split('/');
	if (slash.length === 1) return isIp(s);
	if (slash.length !== 2) return false;
	const [addr = '', bits = ''] = slash;
	if (!isIp(addr) || !/^\d{1,3}$/.test(bits)) return false;
	return Number(bits) <= (addr.includes(':') ? 128 : 32);
}

/** The protocols Istio knows for a port (case-insensitive), as upstream's protocol.Parse. */
const PROTOCOLS = new Map<string, string>([
	['tcp', 'TCP'],
	['udp', 'UDP'],
	['grpc', 'GRPC'],
	['grpc-web', 'GRPC-Web'],
	['http', 'HTTP'],
	['http_proxy', 'HTTP_PROXY'],
	['http2', 'HTTP2'],
	['https', 'HTTPS'],
	['tls', 'TLS'],
	['mongo', 'Mongo'],
	['redis', 'Redis'],
	['mysql', 'MySQL'],
]);

/** The canonical protocol, or undefined when Istio does not know it. */
export function protocolOf(s: string): string | undefined {
	return PROTOCOLS.get(s.toLowerCase());
}

export const isHttpProtocol = (p: string | undefined): boolean =>
	!!p && ['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-Web'].includes(p);
export const isTlsProtocol = (p: string | undefined): boolean => p === 'HTTPS' || p === 'TLS';
export const isTcpProtocol = (p: string | undefined): boolean =>
	!!p && ['TCP', 'HTTPS', 'TLS', 'Mongo', 'Redis', 'MySQL'].includes(p);

/** A port number in 1..65535. */
export const isPort = (n: unknown): boolean =>
	typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;

/**
 * A workload selector written without labels applies to every workload of the namespace
 * (upstream validateWorkloadSelector / ValidateAlphaWorkloadSelector: a warning).
 */
export function emptySelector(c: Check, key: string, labelsKey: string, what: string): void {
	const sel = mapAt(c.o.value, 'spec', key);
	if (!sel) return;
	const labels = mapAt(sel, labelsKey);
	if (labels && Object.keys(labels).length > 0) return;
	c.warn(
		['spec', key],
		`the ${key} has no labels, so the ${what} applies to every workload of the namespace`,
	);
}

/**
 * `exportTo` entries (upstream validateExportTo): no duplicates (`.` and the own namespace are
 * one), `*` alone, `~` only on a ServiceEntry and then alone, a namespace name otherwise; and a
 * DestinationRule with a workload selector exports to its own namespace only.
 */
export function exportTo(c: Check, serviceEntry: boolean, withSelector = false): void {
	const list = listAt(c.o.value, 'spec', 'exportTo');
	if (!list.length) return;
	const seen = new Set<string>();
	list.forEach((e, i) => {
		if (typeof e !== 'string') return;
		const key = e === '.' ? c.o.ns : e;
		const path = ['spec', 'exportTo', i];
		if (seen.has(key)) {
			c.err(
				path,
				key !== e
					? `exportTo lists both "." and the own namespace ${c.o.ns}`
					: `exportTo lists "${e}" twice`,
			);
			return;
		}
		if (e === '~' && !serviceEntry) {
			c.err(path, '"~" (export to no one) is only allowed on a ServiceEntry');
			return;
		}
		if (e !== '*' && e !== '~' && !isDnsLabel(key)) {
			c.err(path, `exportTo entry "${e}" is neither ".", "*" nor a namespace name`);
			return;
		}
		seen.add(key);
	});
	if (withSelector && seen.size) {
		if (!seen.has(c.o.ns))
			c.err(
				['spec', 'exportTo'],
				'a DestinationRule with a workloadSelector can only be exported to its own namespace',
			);
		else if (seen.size > 1)
			c.err(
				['spec', 'exportTo'],
				'a DestinationRule with a workloadSelector can have only one exportTo entry (its own namespace)',
			);
	}
	if (seen.has('*') && list.length > 1)
		c.err(['spec', 'exportTo'], 'exportTo cannot mix "*" (everyone) with other entries');
	if (seen.has('~') && list.length > 1)
		c.err(['spec', 'exportTo'], 'exportTo cannot mix "~" (no one) with other entries');
}

/** A protobuf Duration string (`1.5s`, `100ms`, `1h`) in nanoseconds; undefined if not one. */
export function durationNanos(d: unknown): number | undefined {
	if (typeof d !== 'string') return undefined;
	const m = /^(\d+(?:\.\d+)?)(h|m|s|ms|us|µs|ns)$/.exec(d.trim());
	if (!m) return undefined;
	const factor: Record<string, number> = {
		h: 3_600_000_000_000,
		m: 60_000_000_000,
		s: 1_000_000_000,
		ms: 1_000_000,
		us: 1000,
		µs: 1000,
		ns: 1,
	};
	return Math.round(Number(m[1]) * (factor[m[2] ?? 's'] ?? 1));
}

/** Whether a Duration is finer than a millisecond (upstream ValidateDuration: ms precision only). */
export function subMillisecond(d: unknown): boolean {
	const n = durationNanos(d);
	return n !== undefined && n % 1_000_000 !== 0;
}
