import { Environment, Optional } from '@marcbachmann/cel-js';
import { parseGoDuration } from './duration';
import { CelDataError } from './errors';
import { ipFamily } from './ip';
import { re2 } from './regex';
import { hostname, parseRequestUri, port, queryParams, type ParsedUrl } from './url';

/**
 * The CEL environment of Kubernetes' CRD validation as far as upstream rules need it: `self` and
 * the Kubernetes libraries they call (URLs, IP addresses, named formats), on top of cel-js's
 * standard functions and macros (size, has, all, exists, exists_one, filter, map, string
 * functions). Two standard functions differ from cel-go in ways rules notice, so rules call ours
 * instead (see rewrite.ts): matches() with RE2's inline flags, and duration() with Go's syntax.
 */

class CelUrl {
	constructor(readonly url: ParsedUrl) {}
}
class CelIp {
	constructor(
		readonly text: string,
		readonly family: 4 | 6,
	) {}
}
/** `format`, the entry point of the named-format library (format.dns1123Label()…). */
class FormatLibrary {}
class NamedFormat {
	constructor(
		readonly name: string,
		readonly errors: (s: string) => string[],
	) {}
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

function lengthAndPattern(max: number, re: RegExp, what: string) {
	return (s: string) => {
		const out: string[] = [];
		if (s.length > max) out.push(`must be no more than ${max} characters`);
		if (!re.test(s)) out.push(`a ${what} must match ${re.source}`);
		return out;
	};
}

const FORMATS: Readonly<Record<string, (s: string) => string[]>> = {
	dns1123Label: lengthAndPattern(63, DNS1123_LABEL, 'DNS-1123 label'),
	dns1123Subdomain: lengthAndPattern(253, DNS1123_SUBDOMAIN, 'DNS-1123 subdomain'),
	dns1035Label: lengthAndPattern(63, DNS1035_LABEL, 'DNS-1035 label'),
	labelValue: lengthAndPattern(63, LABEL_VALUE, 'label value'),
	qualifiedName: (s) => {
		const parts = s.split('/');
		const name = parts.length === 2 ? (parts[1] ?? '') : (parts[0] ?? '');
		const out: string[] = [];
		if (parts.length > 2) out.push('a qualified name has at most one "/"');
		if (parts.length === 2 && !DNS1123_SUBDOMAIN.test(parts[0] ?? ''))
			out.push('the prefix must be a DNS-1123 subdomain');
		if (name.length > 63 || !NAME_PART.test(name))
			out.push('the name part must be at most 63 alphanumeric characters, "-", "_" or "."');
		return out;
	},
};

function url(s: string): CelUrl {
	const u = parseRequestUri(s);
	if (typeof u === 'string')
		throw new CelDataError(`URL parse error during conversion from string: ${u}`);
	return new CelUrl(u);
}

let durationClass: (new (seconds: bigint, nanos: number) => unknown) | undefined;

/** Nanoseconds as cel-js's own duration value, so that it compares with duration literals. */
export function durationValue(nanos: bigint): unknown {
	// cel-js does not export its Duration class; a literal gives it.
	durationClass ??= (new Environment().evaluate('duration("1s")') as object).constructor as new (
		seconds: bigint,
		nanos: number,
	) => unknown;
	const seconds = nanos / 1_000_000_000n;
	return new durationClass(seconds, Number(nanos - seconds * 1_000_000_000n));
}

function goDuration(s: string): unknown {
	const nanos = parseGoDuration(s);
	if (nanos === undefined) throw new CelDataError(`invalid duration "${s}"`);
	return durationValue(nanos);
}

/** A new environment with `self` and the Kubernetes libraries. Building one takes milliseconds. */
export function kubernetesEnvironment(): Environment {
	const env = new Environment({ homogeneousAggregateLiterals: false, enableOptionalTypes: true });
	env.registerVariable('self', 'dyn');
	env.registerType('net.URL', CelUrl);
	env.registerType('net.IP', CelIp);
	env.registerType('k8s.FormatLibrary', FormatLibrary);
	env.registerType('k8s.NamedFormat', NamedFormat);
	env.registerConstant('format', 'k8s.FormatLibrary', new FormatLibrary());

	env.registerFunction('url(string): net.URL', url);
	env.registerFunction(
		'isURL(string): bool',
		(s: string) => typeof parseRequestUri(s) !== 'string',
	);
	env.registerFunction('net.URL.getScheme(): string', (u: CelUrl) => u.url.scheme);
	env.registerFunction('net.URL.getHost(): string', (u: CelUrl) => u.url.host);
	env.registerFunction('net.URL.getHostname(): string', (u: CelUrl) => hostname(u.url.host));
	env.registerFunction('net.URL.getPort(): string', (u: CelUrl) => port(u.url.host));
	env.registerFunction('net.URL.getEscapedPath(): string', (u: CelUrl) => u.url.path);
	env.registerFunction('net.URL.getQuery(): map<string, list<string>>', (u: CelUrl) =>
		queryParams(u.url.rawQuery),
	);

	env.registerFunction('isIP(string): bool', (s: string) => ipFamily(s) !== 0);
	env.registerFunction('ip(string): net.IP', (s: string) => {
		const family = ipFamily(s);
		if (!family)
			throw new CelDataError(`IP Address "${s}" parse error during conversion from string`);
		return new CelIp(s, family);
	});
	env.registerFunction('net.IP.family(): int', (ip: CelIp) => BigInt(ip.family));

	for (const [name, errors] of Object.entries(FORMATS)) {
		env.registerFunction(
			`k8s.FormatLibrary.${name}(): k8s.NamedFormat`,
			() => new NamedFormat(name, errors),
		);
	}
	env.registerFunction(
		'k8s.NamedFormat.validate(string): optional<list<string>>',
		(f: NamedFormat, s: string) => {
			const errors = f.errors(s);
			return errors.length ? Optional.of(errors) : Optional.none();
		},
	);

	env.registerFunction('string.meshlensMatches(string): bool', (s: string, pattern: string) => {
		const re = re2(pattern);
		if (!re) throw new Error(`regular expression not supported: ${pattern}`);
		return re.test(s);
	});
	env.registerFunction('meshlensHas(dyn, string): bool', (value: unknown, field: string) => {
		if (value instanceof Map) return value.has(field);
		if (value && typeof value === 'object' && !Array.isArray(value))
			return Object.hasOwn(value, field);
		throw new Error(`has() of a field of ${typeof value}`);
	});
	env.registerFunction('meshlensDuration(string): google.protobuf.Duration', goDuration);
	return env;
}
