import { parse } from 'yaml';
import { isMapValue } from '../../workspace/resolve';
import type { AnnotationValueKind } from './annotationCatalog';

const DIGITS = /^[0-9]+$/;

function unsigned(text: string, max: number): boolean {
	return DIGITS.test(text) && Number(text) <= max;
}

function portList(text: string): string | undefined {
	const trimmed = text.trim();
	if (!trimmed) return undefined;
	for (const part of trimmed.split(',')) {
		if (!unsigned(part.trim(), 65_535)) return `'${part}' is not a port (0-65535)`;
	}
	return undefined;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function ipv6(text: string): boolean {
	if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return false;
	const groups = text.split(':');
	if (groups.length < 3 || groups.length > 8) return false;
	return groups.every((g, i) =>
		i === groups.length - 1 && g.includes('.') ? IPV4.test(g) : /^[0-9a-fA-F]{0,4}$/.test(g),
	);
}

function cidrList(text: string): string | undefined {
	if (!text) return undefined;
	for (const part of text.split(',')) {
		const [ip = '', bits, extra] = part.split('/');
		const v4 = IPV4.test(ip);
		const ok =
			extra === undefined &&
			bits !== undefined &&
			(v4 || ipv6(ip)) &&
			unsigned(bits, v4 ? 32 : 128);
		if (!ok) return `'${part}' is not a CIDR prefix such as 10.0.0.0/8`;
	}
	return undefined;
}

const BOOLS = new Set([
	'1',
	't',
	'T',
	'TRUE',
	'true',
	'True',
	'0',
	'f',
	'F',
	'FALSE',
	'false',
	'False',
]);

/**
 * Why Istio's injector would refuse `value` for an annotation checked as `kind`, or undefined when
 * it accepts it. Mirrors the checks of upstream's injector (pkg/kube/inject/validate.go); a
 * ProxyConfig is only checked to be a YAML/JSON mapping, not field by field.
 */
export function invalidAnnotationValue(
	kind: AnnotationValueKind,
	value: string,
): string | undefined {
	switch (kind) {
		case 'uint32':
			return unsigned(value, 4_294_967_295) ? undefined : 'not a whole number (0-4294967295)';
		case 'port':
			return unsigned(value.trim(), 65_535) ? undefined : 'not a port (0-65535)';
		case 'ports':
			return portList(value);
		case 'ports-or-wildcard':
			return value === '*' ? undefined : portList(value);
		case 'cidrs':
			return cidrList(value);
		case 'cidrs-or-wildcard':
			return value === '*' ? undefined : cidrList(value);
		case 'bool':
			return BOOLS.has(value) ? undefined : 'not a boolean (true or false)';
		case 'interception-mode':
			return ['REDIRECT', 'TPROXY', 'NONE'].includes(value)
				? undefined
				: 'the interception mode is REDIRECT, TPROXY or NONE';
		case 'proxy-config': {
			try {
				const v: unknown = parse(value);
				return v == null || isMapValue(v) ? undefined : 'not a ProxyConfig mapping';
			} catch {
				return 'not valid YAML or JSON';
			}
		}
	}
}
