import type { FieldPath } from '../../workspace/objects';
import { isMapValue, listAt, mapAt, stringAt, T } from '../../workspace/resolve';
import type { Analyzer } from '../types';

/** A canonical text of a match, keys sorted, its `name` left out: equal texts match the same traffic. */
function canonical(v: unknown, dropName: boolean): string {
	const walk = (x: unknown, top: boolean): unknown => {
		if (Array.isArray(x)) return x.map((e) => walk(e, false));
		if (!isMapValue(x)) return x;
		const out: Record<string, unknown> = {};
		for (const k of Object.keys(x).sort()) {
			if (top && dropName && k === 'name') continue;
			out[k] = walk(x[k], false);
		}
		return out;
	};
	return JSON.stringify(walk(v, true));
}

/** `exact:v` or `prefix:v` of a string match; '' when neither. */
function exactOrPrefix(m: unknown): string {
	const exact = stringAt(m, 'exact');
	if (exact) return `exact:${exact}`;
	const prefix = stringAt(m, 'prefix');
	return prefix ? `prefix:${prefix}` : '';
}

interface PrefixMatch {
	readonly rule: number;
	readonly match: number;
	readonly ruleName: string;
	readonly matchName: string;
	readonly prefix: string;
	readonly port: unknown;
	readonly method: string;
	readonly authority: string;
	readonly maps: readonly Map<string, string>[];
}

function stringMatches(m: unknown): Map<string, string> {
	const out = new Map<string, string>();
	for (const [k, v] of Object.entries(isMapValue(m) ? m : {})) out.set(k, exactOrPrefix(v));
	return out;
}

/** Whether the earlier prefix match `a` takes all the traffic of the later `b`. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
	if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
	const within = (x: string, y: string): boolean => x === y || x.startsWith(y);
	if (!within(a.method, b.method) || !within(a.authority, b.authority)) return false;
	return a.maps.every((ma, i) => {
		const mb = b.maps[i] ?? new Map<string, string>();
		if (ma.size !== mb.size) return false;
		for (const [k, v] of ma) {
			const w = mb.get(k);
			if (w === undefined || !within(v, w)) return false;
		}
		return true;
	});
}

/** IST0130 and IST0131: rules no request can reach, matches earlier rules already take. */
export const unreachableRules: Analyzer = {
	name: 'schemaValidation.CollectionValidationAnalyzer',
	mesh: 'istio',
	codes: ['IST0130', 'IST0131'],
	subjects: [T.VirtualService],
	reads: [],
	analyze(r, vs) {
		if (!vs) return;
		for (const section of ['http', 'tcp', 'tls'] as const) {
			const rules = listAt(vs.value, 'spec', section);
			const seen = new Map<string, number>();
			let emptyRule = -1;
			const prefixes: PrefixMatch[] = [];
			const ruleName = (i: number): string => {
				const n = section === 'http' ? stringAt(rules[i], 'name') : undefined;
				return n ? `"${n}"` : `#${i}`;
			};
			const unreachable = (i: number, reason: string): void =>
				r.report(
					'IST0130',
					vs,
					['spec', section, i],
					`VirtualService rule ${ruleName(i)} not used (${reason}).`,
				);
			const ineffective = (i: number, path: FieldPath, match: string, dup: string): void =>
				r.report(
					'IST0131',
					vs,
					path,
					`VirtualService rule ${ruleName(i)} match ${match} is not used (duplicate/overlapping match in rule ${dup}).`,
				);
			// One match in the whole section (the usual case) has no other to repeat or cover:
			// only rules without matches need a look.
			let matchCount = 0;
			for (const rule of rules) matchCount += listAt(rule, 'match').length;
			rules.forEach((rule, i) => {
				if (!isMapValue(rule)) return;
				const matches = listAt(rule, 'match');
				if (matchCount < 2 && matches.length > 0) return;
				if (matches.length === 0) {
					if (emptyRule >= 0) unreachable(i, 'only the last rule can have no matches');
					emptyRule = i;
					return;
				}
				let duplicates = 0;
				matches.forEach((m, j) => {
					const key = canonical(m, section === 'http');
					const matchName =
						section === 'http' && stringAt(m, 'name')
							? `"${stringAt(m, 'name')}"`
							: `#${j}`;
					const dup = seen.get(key);
					if (dup !== undefined) {
						ineffective(i, ['spec', section, i, 'match', j], matchName, ruleName(dup));
						duplicates++;
						return;
					}
					seen.set(key, i);
					const prefix = section === 'http' ? stringAt(m, 'uri', 'prefix') : undefined;
					if (prefix) {
						prefixes.push({
							rule: i,
							match: j,
							ruleName: ruleName(i),
							matchName,
							prefix,
							port: mapAt(m)?.port,
							method: exactOrPrefix(mapAt(m, 'method')) || 'exact:GET',
							authority: exactOrPrefix(mapAt(m, 'authority')),
							maps: [
								stringMatches(mapAt(m, 'headers')),
								stringMatches(mapAt(m, 'queryParams')),
								stringMatches(mapAt(m, 'withoutHeaders')),
							],
						});
					}
				});
				if (duplicates === matches.length)
					unreachable(i, 'all matches used by prior rules');
			});
			for (let a = 0; a < prefixes.length; a++) {
				for (let b = a + 1; b < prefixes.length; b++) {
					const pa = prefixes[a];
					const pb = prefixes[b];
					if (!pa || !pb || pa.prefix === pb.prefix || !covers(pa, pb)) continue;
					ineffective(
						pb.rule,
						['spec', section, pb.rule, 'match', pb.match],
						`${pb.matchName} of prefix ${pb.prefix}`,
						`${pa.matchName} of prefix ${pa.prefix} on ${pa.ruleName}`,
					);
				}
			}
		}
	},
};
