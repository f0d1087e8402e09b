import type { SchemaNode } from '../catalog/types';
import { isIPv4, isIPv6 } from './cel/ip';

/** A problem with one scalar value: its code and message (without the field path). */
export interface ValueProblem {
	readonly code: string;
	readonly message: string;
	readonly allowed?: readonly string[];
}

/** YAML 1.1 booleans that Kubernetes' YAML reader (go-yaml) still accepts. */
const YAML11_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

const patternCache = new Map<string, RegExp | null>();

/** Compiles an upstream (RE2) pattern; null when JavaScript cannot read it, so it is not checked. */
function compile(pattern: string): RegExp | null {
	let re = patternCache.get(pattern);
	if (re === undefined) {
		try {
			re = new RegExp(pattern, 'u');
		} catch {
			try {
				re = new RegExp(pattern);
			} catch {
				re = null;
			}
		}
		patternCache.set(pattern, re);
	}
	return re;
}

/** Go's time.ParseDuration syntax: "300ms", "-1.5h", "2h45m", "0". */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
function formatProblem(format: string, value: unknown): string | undefined {
	if (typeof value === 'number') {
		if (format === 'int32' && (value < -2147483648 || value > 2147483647))
			return 'is outside the int32 range';
		if (format === 'int64' && !Number.isSafeInteger(value) && Number.isInteger(value))
			return 'is outside the range an int64 keeps exactly';
		return undefined;
	}
	if (typeof value !== 'string') return undefined;
	switch (format) {
		case 'date-time':
			return DATE_TIME.test(value) ? undefined : 'is not an RFC 3339 date-time';
		case 'duration':
			return GO_DURATION.test(value)
				? undefined
				: 'is not a duration such as "5s" or "1m30s"';
		case 'byte':
			return BASE64.test(value.replace(/\s/g, '')) ? undefined : 'is not base64';
		case 'ipv4':
			return isIPv4(value) ? undefined : 'is not an IPv4 address';
		case 'ipv6':
			return isIPv6(value) ? undefined : 'is not an IPv6 address';
		case 'cidr': {
			const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
			if (m?.[1] && isIPv4(m[1]) && Number(m[2]) <= 32) return undefined;
			if (m?.[1] && isIPv6(m[1]) && Number(m[2]) <= 128) return undefined;
			return 'is not a CIDR such as 10.0.0.0/8';
		}
		default:
			return undefined;
	}
}

/** The JSON type name of a scalar value as Kubernetes would read it. */
export function scalarType(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	if (typeof value === 'boolean') return 'boolean';
	if (typeof value === 'string') return 'string';
	return 'unknown';
}

/**
 * Whether a scalar fits a schema type. `source` is the value as written, to accept YAML 1.1
 * booleans; numbers written for int-or-string fields are fine.
 */
export function typeFits(node: SchemaNode, value: unknown, source: string): boolean {
	const actual = scalarType(value);
	switch (node.t) {
		case 'string':
			return actual === 'string';
		case 'integer':
			return actual === 'integer';
		case 'number':
			return actual === 'integer' || actual === 'number';
		case 'boolean':
			return actual === 'boolean' || (actual === 'string' && YAML11_BOOL.test(source));
		case 'int-or-string':
			return actual === 'integer' || actual === 'string';
		case 'object':
		case 'array':
			return false;
		default:
			return true;
	}
}

const NONE: readonly ValueProblem[] = [];

/** Checks a scalar that has the right type: enum, pattern, format, bounds and length. */
export function scalarProblems(node: SchemaNode, value: unknown): readonly ValueProblem[] {
	// Most schema nodes declare none of these checks.
	if (
		!node.e?.length &&
		node.pt === undefined &&
		node.ln === undefined &&
		node.lx === undefined &&
		!node.f &&
		node.mn === undefined &&
		node.mx === undefined
	)
		return NONE;
	const out: ValueProblem[] = [];
	if (node.e?.length && !node.e.some((v) => v === value || String(v) === String(value))) {
		const allowed = node.e.map(String);
		const list =
			allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
		out.push({
			code: 'ML1003',
			message: `${JSON.stringify(value)} is not an allowed value; allowed: ${list}`,
			allowed,
		});
	}
	if (typeof value === 'string') {
		if (node.pt !== undefined) {
			const re = compile(node.pt);
			if (re && !re.test(value)) {
				const shown = node.pt.length > 80 ? `${node.pt.slice(0, 80)}…` : node.pt;
				out.push({
					code: 'ML1008',
					message: `${JSON.stringify(value)} does not match the pattern ${shown}`,
				});
			}
		}
		// Characters, not UTF-16 units, as Kubernetes counts them; counted only when bounded.
		const length =
			node.ln !== undefined || node.lx !== undefined ? [...value].length : value.length;
		if (node.ln !== undefined && length < node.ln)
			out.push({
				code: 'ML1011',
				message:
					node.ln === 1
						? 'must not be empty'
						: `must be at least ${node.ln} characters long`,
			});
		if (node.lx !== undefined && length > node.lx)
			out.push({
				code: 'ML1011',
				message: `is ${length} characters long; at most ${node.lx} allowed`,
			});
	}
	if (node.f) {
		const p = formatProblem(node.f, value);
		if (p) out.push({ code: 'ML1009', message: `${JSON.stringify(value)} ${p} (${node.f})` });
	}
	if (typeof value === 'number') {
		if (node.mn !== undefined && (node.xn ? value <= node.mn : value < node.mn))
			out.push({
				code: 'ML1010',
				message: `${value} is below the minimum: must be ${node.xn ? '>' : '≥'} ${node.mn}`,
			});
		if (node.mx !== undefined && (node.xx ? value >= node.mx : value > node.mx))
			out.push({
				code: 'ML1010',
				message: `${value} is above the maximum: must be ${node.xx ? '<' : '≤'} ${node.mx}`,
			});
	}
	return out;
}
