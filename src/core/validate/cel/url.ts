/**
 * Kubernetes' CEL URL library (url(), isURL(), getScheme(), …) parses with Go's
 * url.ParseRequestURI: an absolute URI (`scheme:…`) or an absolute path (`/…`), no fragment split.
 * This follows its rules closely enough to give the same yes/no and parts for the values upstream
 * rules see (image references, JWKS and OCI URLs).
 */
export interface ParsedUrl {
	/** Lower-cased, as Go returns it; '' for a path. */
	readonly scheme: string;
	readonly opaque: string;
	/** Host with port, as written after `//` (IPv6 in brackets). */
	readonly host: string;
	/** The raw (escaped) path. */
	readonly path: string;
	readonly rawQuery: string;
}

/** The parsed URL, or a string saying why the text is no URL (Go's wording, shortened). */
export function parseRequestUri(raw: string): ParsedUrl | string {
	if (raw === '') return 'empty url';
	// Go rejects ASCII control characters anywhere.
	for (let i = 0; i < raw.length; i++) {
		const c = raw.charCodeAt(i);
		if (c < 0x20 || c === 0x7f) return 'invalid control character in URL';
	}
	if (raw === '*') return { scheme: '', opaque: '', host: '', path: '*', rawQuery: '' };
	const scheme = schemeOf(raw);
	if (typeof scheme !== 'string') return scheme.error;
	let rest = raw.slice(scheme ? scheme.length + 1 : 0);
	let rawQuery = '';
	const q = rest.indexOf('?');
	if (q >= 0) {
		rawQuery = rest.slice(q + 1);
		rest = rest.slice(0, q);
	}
	if (!rest.startsWith('/')) {
		if (scheme)
			return { scheme: scheme.toLowerCase(), opaque: rest, host: '', path: '', rawQuery };
		return 'invalid URI for request';
	}
	let host = '';
	if (scheme && rest.startsWith('//')) {
		const authorityEnd = rest.indexOf('/', 2);
		const authority = authorityEnd < 0 ? rest.slice(2) : rest.slice(2, authorityEnd);
		rest = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
		const at = authority.lastIndexOf('@');
		const userinfo = at < 0 ? '' : authority.slice(0, at);
		if (userinfo && !/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo))
			return 'invalid userinfo';
		host = at < 0 ? authority : authority.slice(at + 1);
		const hostProblem = checkHost(host);
		if (hostProblem) return hostProblem;
	}
	if (!validEscapes(rest)) return 'invalid URL escape';
	return { scheme: scheme.toLowerCase(), opaque: '', host, path: rest, rawQuery };
}

/** The scheme (without ':'), '' when there is none, or why the text is invalid. */
function schemeOf(raw: string): string | { error: string } {
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i] ?? '';
		if (/[A-Za-z]/.test(c)) continue;
		if (/[0-9+\-.]/.test(c)) {
			if (i === 0) return '';
			continue;
		}
		if (c === ':') return i === 0 ? { error: 'missing protocol scheme' } : raw.slice(0, i);
		return '';
	}
	return '';
}

function checkHost(host: string): string | undefined {
	if (host.startsWith('[')) {
		const close = host.indexOf(']');
		if (close < 0) return 'missing "]" in host';
		const port = host.slice(close + 1);
		if (port && !/^:\d*$/.test(port)) return `invalid port "${port}" after host`;
		return validEscapes(host) ? undefined : 'invalid URL escape';
	}
	const colon = host.lastIndexOf(':');
	if (colon >= 0 && !/^:\d*$/.test(host.slice(colon))) {
		return `invalid port "${host.slice(colon)}" after host`;
	}
	// Characters Go's host parser refuses (it allows sub-delimiters and a few more).
	if (/[^A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%\u0080-\uffff]/.test(host))
		return 'invalid character in host name';
	return validEscapes(host) ? undefined : 'invalid URL escape';
}

function validEscapes(s: string): boolean {
	for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
		if (!/^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) return false;
	}
	return true;
}

/** The host without brackets and port (Go's URL.Hostname). */
export function hostname(host: string): string {
	if (host.startsWith('[')) {
		const close = host.indexOf(']');
		return close < 0 ? host.slice(1) : host.slice(1, close);
	}
	const colon = host.lastIndexOf(':');
	return colon < 0 ? host : host.slice(0, colon);
}

/** The port (Go's URL.Port), '' when there is none. */
export function port(host: string): string {
	const colon = host.lastIndexOf(':');
	if (colon < 0 || (host.startsWith('[') && colon < host.indexOf(']'))) return '';
	return host.slice(colon + 1);
}

/** The query parameters (Go's url.ParseQuery, keeping what parses). */
export function queryParams(rawQuery: string): Record<string, string[]> {
	const out = Object.create(null) as Record<string, string[]>;
	for (const part of rawQuery.split('&')) {
		if (!part || part.includes(';')) continue;
		const eq = part.indexOf('=');
		const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
		try {
			const key = decodeURIComponent(k.replace(/\+/g, ' '));
			(out[key] ??= []).push(decodeURIComponent(v.replace(/\+/g, ' ')));
		} catch {
			// Go skips pairs with bad escapes
		}
	}
	return out;
}
