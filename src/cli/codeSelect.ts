import { UsageError } from './io';

/** A code lint may report, with its kebab-case or upstream name. */
export interface SelectableCode {
	readonly code: string;
	readonly name: string;
}

/**
 * A code family prefix: the letters of a code, then none or some of its leading digits, and an
 * optional trailing `*` (`ML`, `ML1`, `ML10*`, `MLG`, `IST01`).
 */
const PREFIX = /^([A-Z]+)(\d*)\*?$/;
const CODE = /^([A-Z]+)(\d+)$/;

/**
 * What `--select`/`--ignore` take, one item each: a code (`ML1003`, `IST0101`), a code's name
 * (`invalid-enum`, `ReferencedResourceNotFound`, any case) or a family prefix. A prefix is the
 * letters of a code followed by some of its leading digits, so it never reaches into another
 * family: `ML` is the schema codes (ML1001…ML9001) and not MLG001 or MLL001, `MLG` the Gateway
 * API analysis codes, `ML1` the field and value codes, `IST01` IST0101…IST0177. A trailing `*` is
 * allowed and changes nothing (`ML1*` = `ML1`).
 *
 * Throws a UsageError for an item that matches none of `known` (a misspelt code would otherwise
 * select nothing, or ignore nothing, without a word).
 */
export function codeMatcher(
	items: readonly string[],
	known: readonly SelectableCode[],
): (code: string) => boolean {
	const exact = new Set<string>();
	const prefixes: { letters: string; digits: string }[] = [];
	for (const raw of items) {
		const item = raw.trim();
		if (!item) continue;
		const lower = item.toLowerCase();
		const named = known.find(
			(k) => k.code === item.toUpperCase() || k.name.toLowerCase() === lower,
		);
		if (named) {
			exact.add(named.code);
			continue;
		}
		const m = PREFIX.exec(item.toUpperCase());
		const prefix = m ? { letters: m[1] ?? '', digits: m[2] ?? '' } : undefined;
		if (!prefix || !known.some((k) => inFamily(k.code, prefix))) {
			throw new UsageError(
				`'${item}' is no code, code name or code prefix Meshlens reports (e.g. ML1003, invalid-enum, ML1, MLG, IST01)`,
			);
		}
		prefixes.push(prefix);
	}
	return (code) => exact.has(code) || prefixes.some((p) => inFamily(code, p));
}

function inFamily(code: string, prefix: { letters: string; digits: string }): boolean {
	const m = CODE.exec(code);
	return !!m && m[1] === prefix.letters && (m[2] ?? '').startsWith(prefix.digits);
}
