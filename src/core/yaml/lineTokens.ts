// One line of block YAML read as tokens (`- `, `key: value`, a bare scalar), without a parser:
// the cursor's context must be found in text that does not parse yet.
import type { ManifestDocument } from './documents';

export type Token =
	| { readonly type: 'dash'; readonly col: number }
	| {
			readonly type: 'key';
			readonly col: number;
			readonly key: string;
			readonly keyEnd: number;
			readonly valueCol: number;
			readonly value: string;
	  }
	| {
			readonly type: 'scalar';
			readonly col: number;
			readonly end: number;
			readonly text: string;
	  };

/** Where `#` starts a comment on a line (outside quotes, after whitespace), or the line length. */
function commentStart(line: string): number {
	let quote = '';
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quote) {
			if (c === quote) {
				if (quote === "'" && line[i + 1] === "'") i++;
				else quote = '';
			} else if (c === '\\' && quote === '"') i++;
		} else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
			return i;
		} else if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(line[i - 1] ?? ''))) {
			quote = c;
		}
	}
	return line.length;
}

const KEY_RE =
	/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'{[\]},#&*!|>%@`][^#]*?|[&!][^\s]+\s+[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)/;

export function unquote(key: string): string {
	const k = key.replace(/^[&!]\S+\s+/, '');
	if (k.startsWith('"') && k.endsWith('"') && k.length >= 2) {
		try {
			return JSON.parse(k) as string;
		} catch {
			return k.slice(1, -1);
		}
	}
	if (k.startsWith("'") && k.endsWith("'") && k.length >= 2)
		return k.slice(1, -1).replace(/''/g, "'");
	return k;
}

/** Splits one line into its block-structure tokens: `- ` dashes, then a key or a scalar. */
export function lineTokens(raw: string): Token[] {
	const line = raw.slice(0, commentStart(raw)).trimEnd();
	const tokens: Token[] = [];
	let i = 0;
	while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
	while (
		line[i] === '-' &&
		(i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')
	) {
		tokens.push({ type: 'dash', col: i });
		i++;
		while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
	}
	if (i >= line.length) return tokens;
	const rest = line.slice(i);
	// Keys are short; bounding the text keeps the regex linear on very long lines.
	const m = KEY_RE.exec(rest.slice(0, 1024));
	if (m?.[1] !== undefined) {
		const keyText = m[1];
		let v = i + m[0].length;
		while (v < line.length && (line[v] === ' ' || line[v] === '\t')) v++;
		tokens.push({
			type: 'key',
			col: i,
			key: unquote(keyText),
			keyEnd: i + keyText.length,
			valueCol: v,
			value: line.slice(v),
		});
	} else {
		tokens.push({ type: 'scalar', col: i, end: line.length, text: rest });
	}
	return tokens;
}

/** Tokens of each line, kept per parsed document: documents never change once parsed. */
const tokenCache = new WeakMap<ManifestDocument['lines'], (Token[] | undefined)[]>();

export function tokensAt(doc: ManifestDocument, line: number): Token[] {
	let cache = tokenCache.get(doc.lines);
	if (!cache) {
		cache = [];
		tokenCache.set(doc.lines, cache);
	}
	let tokens = cache[line];
	if (!tokens) {
		tokens = lineTokens(doc.lines.lineText(line));
		cache[line] = tokens;
	}
	return tokens;
}

/** True for a value that leaves the key's content to the following, more indented lines. */
export function opensBlock(value: string): boolean {
	const v = value.replace(/^(?:[&!]\S*\s*)+/, '');
	return v === '';
}

export function isBlockScalar(value: string): boolean {
	return /^(?:[&!]\S*\s+)*[|>][-+0-9]*$/.test(value);
}
