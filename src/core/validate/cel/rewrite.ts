/**
 * Adapts an upstream rule to cel-js where cel-js and cel-go differ, without changing its meaning:
 * - `x.matches(re)` → `x.meshlensMatches(re)` (RE2 syntax) and `duration(s)` →
 *   `meshlensDuration(s)` (Go's duration syntax), the versions of library.ts;
 * - `has(e.f)` where `e` is no plain field chain (`has(self[0].matches)`, which cel-js refuses)
 *   → `meshlensHas(e, 'f')`, which evaluates `e` and tests the field as has() does.
 * String literals are left untouched.
 */
export function rewriteRule(rule: string): string {
	return renameCalls(rewriteHas(rule));
}

const FIELD_CHAIN = /^\s*[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)+\s*$/;
const LAST_FIELD = /^([\s\S]*)\.\s*([A-Za-z_]\w*)\s*$/;

function rewriteHas(s: string): string {
	let out = '';
	let i = 0;
	while (i < s.length) {
		const c = s[i] ?? '';
		if (c === '"' || c === "'") {
			const end = literalEnd(s, i);
			out += s.slice(i, end);
			i = end;
			continue;
		}
		if (s.startsWith('has(', i) && !/[\w.]/.test(s[i - 1] ?? '')) {
			const close = closingParen(s, i + 3);
			const inner = close < 0 ? '' : s.slice(i + 4, close);
			const m = LAST_FIELD.exec(inner);
			if (m && !FIELD_CHAIN.test(inner)) {
				out += `meshlensHas(${rewriteHas(m[1] ?? '')}, '${m[2] ?? ''}')`;
				i = close + 1;
				continue;
			}
		}
		out += c;
		i++;
	}
	return out;
}

/** The index of the parenthesis that closes the one at `open`, or -1. */
function closingParen(s: string, open: number): number {
	let depth = 0;
	for (let j = open; j < s.length; j++) {
		const c = s[j];
		if (c === '"' || c === "'") {
			j = literalEnd(s, j) - 1;
			continue;
		}
		if (c === '(' || c === '[' || c === '{') depth++;
		else if (c === ')' || c === ']' || c === '}') {
			depth--;
			if (depth === 0) return c === ')' ? j : -1;
		}
	}
	return -1;
}

function renameCalls(rule: string): string {
	let out = '';
	let i = 0;
	while (i < rule.length) {
		const c = rule[i] ?? '';
		if (c === '"' || c === "'") {
			const end = literalEnd(rule, i);
			out += rule.slice(i, end);
			i = end;
			continue;
		}
		const rest = rule.slice(i);
		const prev = out.at(-1) ?? '';
		if (rest.startsWith('.matches(')) {
			out += '.meshlensMatches(';
			i += '.matches('.length;
			continue;
		}
		if (rest.startsWith('duration(') && !/[\w.]/.test(prev)) {
			out += 'meshlensDuration(';
			i += 'duration('.length;
			continue;
		}
		out += c;
		i++;
	}
	return out;
}

/** The index just past the string literal starting at i (a quote, possibly after r/b prefixes). */
function literalEnd(s: string, i: number): number {
	const q = s[i] ?? '"';
	const prefix = /[rRbB]{0,2}$/.exec(s.slice(Math.max(0, i - 2), i))?.[0] ?? '';
	const raw = /[rR]/.test(prefix) && !/\w/.test(s[i - prefix.length - 1] ?? '');
	const triple = s.startsWith(q.repeat(3), i);
	const close = triple ? q.repeat(3) : q;
	let j = i + close.length;
	while (j < s.length) {
		if (!raw && s[j] === '\\') {
			j += 2;
			continue;
		}
		if (s.startsWith(close, j)) return j + close.length;
		j++;
	}
	return s.length;
}
