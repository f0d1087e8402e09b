/**
 * Kubernetes' CEL IP library (isIP(), ip(), family(), …) parses with Go's netip.ParseAddr, with
 * Kubernetes' extra strictness: no IPv4 with leading zeros, no IPv6 zone, no IPv4-mapped IPv6.
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
	return IPV4.test(s);
}

/** An IPv6 address (the CEL library and the schema's `ipv6` format share it). */
export function isIPv6(s: string): boolean {
	if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return false;
	let text = s;
	// An embedded IPv4 tail counts as two groups.
	const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (v4) {
		if (!IPV4.test(v4[1] ?? '')) return false;
		text = `${text.slice(0, v4.index)}:0:0`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return false;
	const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
	if (groups.some((g) => g.some((x) => !/^[0-9a-fA-F]{1,4}$/.test(x)))) return false;
	const count = groups.reduce((n, g) => n + g.length, 0);
	return halves.length === 2 ? count < 8 : count === 8;
}

/** 4, 6, or 0 when the text is no IP address Kubernetes accepts. */
export function ipFamily(s: string): 0 | 4 | 6 {
	if (isIPv4(s)) return 4;
	if (isIPv6(s) && !/^::ffff:\d/i.test(s)) return 6;
	return 0;
}
