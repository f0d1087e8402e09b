/**
 * Upstream writes regular expressions for RE2 (cel-go's matches()). Most read the same in
 * JavaScript; RE2's leading inline flags (`(?i)`, `(?s)`, `(?m)`), `\A` and `\z` are translated.
 * What JavaScript still cannot read gives undefined: the rule is then not decided (a gap).
 */
const cache = new Map<string, RegExp | null>();

export function re2(pattern: string): RegExp | undefined {
	let re = cache.get(pattern);
	if (re === undefined) {
		re = translate(pattern);
		cache.set(pattern, re);
	}
	return re ?? undefined;
}

function translate(pattern: string): RegExp | null {
	let source = pattern;
	let flags = '';
	// Inline flags may open the pattern, possibly after ^ (`^(?i)…`).
	const lead = /^(\^?)\(\?([ims]+)\)/.exec(source);
	if (lead) {
		flags = [...new Set(lead[2])].join('');
		source = `${lead[1]}${source.slice(lead[0].length)}`;
	}
	source = source.replace(/\(\?P</g, '(?<');
	if (/\(\?[a-zA-Z]/.test(source.replace(/\(\?[:=!]|\(\?<[=!]/g, ''))) return null;
	source = source
		.replace(/(^|[^\\])((?:\\\\)*)\\A/g, '$1$2^')
		.replace(/(^|[^\\])((?:\\\\)*)\\z/g, '$1$2$');
	for (const f of [`${flags}u`, flags]) {
		try {
			return new RegExp(source, f);
		} catch {
			// try without the unicode flag, which rejects some escapes RE2 allows
		}
	}
	return null;
}
