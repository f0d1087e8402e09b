import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ManifestDocument } from './documents';
import { flowContext, scalarText } from './flowContext';
import { isBlockScalar, lineTokens, opensBlock, tokensAt, unquote, type Token } from './lineTokens';
import type { OffsetRange } from './text';

/**
 * Where the cursor is, in terms of the document's structure.
 *
 * Paths are syntactic: key names from the root, with `[]` for a sequence item
 * (e.g. `['spec', 'http', '[]', 'route']`). Whether a key is a map value (`*`) is for the schema to say.
 */
export interface CursorContext {
	/** For slot 'key': the mapping that holds the key. For slot 'value': the value's own path. */
	readonly path: readonly string[];
	readonly slot: 'key' | 'value';
	/** Slot 'key': the key under or before the cursor ('' on a fresh line). */
	readonly key?: string;
	/** Slot 'value': the scalar text under the cursor ('' when the value is still empty). */
	readonly value?: string;
	/** Keys already present in the mapping (slot 'key'), the one under the cursor excluded. */
	readonly present: readonly string[];
	/** The word to replace, as offsets into the whole file. */
	readonly range: OffsetRange;
	/** The column where keys of this mapping start (block style); for inserted structure. */
	readonly column: number;
	/** True inside a flow collection (`{…}` or `[…]`). */
	readonly flow: boolean;
	/** Slot 'value' for a sequence item right after its `- `: the item may still become a mapping. */
	readonly freshItem?: boolean;
	/**
	 * Slot 'key' on a blank line right below a `key:` that has no value yet, with the cursor no
	 * deeper than that key (code-server, for one, does not indent there): the key's path and the
	 * column its children would start at, so they can be offered with the indentation they need.
	 */
	readonly openKey?: {
		readonly path: readonly string[];
		readonly column: number;
		/** Its children already written on the lines below. */
		readonly present: readonly string[];
	};
}

/**
 * Finds what the cursor is on at `offset` (into the whole file) in a document.
 * Works on incomplete text: a key with no value, a fresh line, a `- ` with nothing after it.
 */
export function cursorContext(doc: ManifestDocument, offset: number): CursorContext | undefined {
	if (offset < doc.start || offset > doc.end) return undefined;
	const rel = offset - doc.start;
	if (doc.ast) {
		const flow = flowContext(doc, rel);
		if (flow) return flow;
		const scalar = multilineScalarContext(doc, rel);
		if (scalar) return scalar;
	}
	return blockContext(doc, rel);
}

/**
 * The context inside a scalar that spans lines (a `|` or `>` block, or a long quoted string), whose
 * content may look like keys at any indentation.
 */
function multilineScalarContext(doc: ManifestDocument, rel: number): CursorContext | undefined {
	const path: string[] = [];
	let node: Node | null | undefined = doc.ast?.contents;
	for (let depth = 0; node && depth < 200; depth++) {
		if (isMap(node)) {
			const pair = (node.items as Pair<Node | null, Node | null>[]).find((p) => {
				const r = p.value?.range;
				return !!r && r[0] <= rel && rel <= r[1];
			});
			if (!pair || !isScalar(pair.key)) return undefined;
			path.push(scalarText(pair.key));
			node = pair.value;
		} else if (isSeq(node)) {
			node = (node.items as (Node | null)[]).find((n) => {
				const r = n?.range;
				return !!r && r[0] <= rel && rel <= r[1];
			});
			path.push('[]');
		} else if (isScalar(node) && node.range) {
			const [start, end] = node.range;
			const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
			// Only once the cursor is on a line after the scalar's first one.
			if (!doc.text.slice(start, rel).includes('\n') || rel > end) return undefined;
			if (!block && !/^["']/.test(doc.text.slice(start, start + 1))) return undefined;
			// A line indented no deeper than the key that owns the scalar is outside it (the scalar's
			// range may include trailing blank lines).
			const { lines } = doc;
			const owner = lines.lineText(lines.positionAt(start).line);
			const ownerIndent = owner.length - owner.trimStart().length;
			const pos = lines.positionAt(rel);
			const before = lines.lineText(pos.line).slice(0, pos.character);
			const indent = /^\s*$/.test(before)
				? before.length
				: before.length - before.trimStart().length;
			if (indent <= ownerIndent) return undefined;
			return {
				path,
				slot: 'value',
				value: scalarText(node),
				present: [],
				range: { start: doc.start + rel, end: doc.start + rel },
				column: 0,
				flow: false,
			};
		} else {
			return undefined;
		}
	}
	return undefined;
}

function blockContext(doc: ManifestDocument, rel: number): CursorContext | undefined {
	const { lines } = doc;
	const pos = lines.positionAt(rel);
	const lineText = lines.lineText(pos.line);
	const tokens = lineTokens(lineText);
	const col = pos.character;
	const base = doc.start + lines.lineStart(pos.line);
	const at = (c: number) => base + c;

	// The token the cursor is in or after, and the tokens before it (its ancestors on this line).
	let idx = -1;
	for (let i = 0; i < tokens.length; i++) if ((tokens[i]?.col ?? 0) <= col) idx = i;
	const current = idx >= 0 ? tokens[idx] : undefined;
	const own = tokens.slice(0, Math.max(0, idx));

	// The mapping column and the limit used to find ancestors on earlier lines.
	let limit: number;
	let limitIsSeq: boolean;
	const first = tokens[0];
	if (first && idx >= 0) {
		limit = first.col;
		limitIsSeq = first.type === 'dash';
	} else {
		limit = col;
		limitIsSeq = false;
	}

	const ancestors = findAncestors(doc, pos.line, limit, limitIsSeq);
	if (!ancestors) return undefined;
	if (ancestors.inside) {
		// The cursor is in the content of a block scalar or a multi-line plain scalar.
		return {
			path: ancestors.path,
			slot: 'value',
			value: lineText.trim(),
			present: [],
			range: { start: at(col), end: at(col) },
			column: col,
			flow: false,
		};
	}
	const path = [...ancestors.path];
	for (const t of own) {
		if (t.type === 'dash') path.push('[]');
		else if (t.type === 'key') path.push(t.key);
	}

	if (!current) {
		// Leading whitespace of a line (or a blank line): a fresh key at the cursor's column.
		const slot = keySlot(doc, pos.line, path, col, '', { start: at(col), end: at(col) });
		const openKey = tokens.length === 0 ? openKeyAbove(doc, pos.line, col) : undefined;
		return openKey ? { ...slot, openKey } : slot;
	}
	if (current.type === 'dash') {
		const next = tokens[idx + 1];
		const itemCol = next ? next.col : Math.max(col, current.col + 2);
		if (next && col > current.col) {
			// Between the dash and the content: treat as the start of the content.
			return contextOnToken(doc, pos.line, [...path, '[]'], next, next.col, base, true);
		}
		return {
			path: [...path, '[]'],
			slot: 'value',
			value: '',
			present: siblingKeys(doc, pos.line, itemCol),
			range: { start: at(col), end: at(col) },
			column: itemCol,
			flow: false,
			freshItem: true,
		};
	}
	return contextOnToken(doc, pos.line, path, current, col, base, own.length > 0);
}

function contextOnToken(
	doc: ManifestDocument,
	line: number,
	path: string[],
	token: Token,
	col: number,
	base: number,
	afterDash: boolean,
): CursorContext {
	const at = (c: number) => base + c;
	if (token.type === 'key') {
		if (col <= token.keyEnd) {
			return keySlot(doc, line, path, token.col, token.key, {
				start: at(token.col),
				end: at(token.keyEnd),
			});
		}
		const valueText = token.value;
		const wordEnd = token.valueCol + valueText.length;
		return {
			path: [...path, token.key],
			slot: 'value',
			value: unquote(valueText),
			present: [],
			range:
				col >= token.valueCol
					? { start: at(token.valueCol), end: at(Math.max(wordEnd, col)) }
					: { start: at(col), end: at(col) },
			column: token.col + 2,
			flow: false,
		};
	}
	if (token.type === 'scalar') {
		const word = token.text;
		const range = { start: at(token.col), end: at(Math.max(token.end, col)) };
		if (afterDash && path[path.length - 1] === '[]') {
			return {
				path,
				slot: 'value',
				value: unquote(word),
				present: siblingKeys(doc, line, token.col),
				range,
				column: token.col,
				flow: false,
				freshItem: true,
			};
		}
		// A word with no colon yet: most likely a key being typed.
		return keySlot(doc, line, path, token.col, word, range);
	}
	return keySlot(doc, line, path, col, '', { start: at(col), end: at(col) });
}

/**
 * The `key:` with nothing after it on the nearest non-blank line above, when the cursor's column
 * is not deeper than that key: its path and the column of its children-to-be.
 */
function openKeyAbove(
	doc: ManifestDocument,
	line: number,
	col: number,
): CursorContext['openKey'] | undefined {
	for (let l = line - 1, steps = 0; l >= 0 && steps < 1000; l--, steps++) {
		const tokens = tokensAt(doc, l);
		const last = tokens[tokens.length - 1];
		if (!last) continue;
		if (last.type !== 'key' || !opensBlock(last.value) || last.col < col) return undefined;
		const head = tokens[0];
		if (!head) return undefined;
		const ancestors = findAncestors(doc, l, head.col, head.type === 'dash');
		if (!ancestors || ancestors.inside) return undefined;
		const path = [...ancestors.path];
		for (const t of tokens) path.push(t.type === 'dash' ? '[]' : t.type === 'key' ? t.key : '');
		// Children already written below the cursor set the column and are not offered again.
		const present: string[] = [];
		let column = last.col + 2;
		for (let b = line + 1, seen = 0; b < doc.lines.lineCount && seen < 20000; b++, seen++) {
			const below = tokensAt(doc, b);
			const first = below[0];
			if (!first) continue;
			if (first.col <= last.col) break;
			if (present.length === 0 && first.type === 'key') column = first.col;
			if (first.type === 'key' && first.col === column) present.push(first.key);
		}
		return { path, column, present };
	}
	return undefined;
}

function keySlot(
	doc: ManifestDocument,
	line: number,
	path: string[],
	column: number,
	key: string,
	range: OffsetRange,
): CursorContext {
	return {
		path,
		slot: 'key',
		key,
		present: siblingKeys(doc, line, column),
		range,
		column,
		flow: false,
	};
}

/**
 * Walks back from a line to collect the keys and sequence items that contain it.
 * `limit` is the column of the line's first token; `limitIsSeq` says whether that token is a `- `
 * (a sequence may sit at the same column as the key that holds it).
 */
function findAncestors(
	doc: ManifestDocument,
	fromLine: number,
	limit: number,
	limitIsSeq: boolean,
): { path: string[]; inside: boolean } | undefined {
	const frames: string[][] = [];
	let first = true;
	let steps = 0;
	for (let l = fromLine - 1; l >= 0 && (limit > 0 || limitIsSeq); l--) {
		// Very deep scans only happen on pathological input; give up instead of hanging.
		if (++steps > 200000) return undefined;
		const tokens = tokensAt(doc, l);
		const head = tokens[0];
		if (!head) continue;
		let j = -1;
		for (let i = tokens.length - 1; i >= 0; i--) {
			const t = tokens[i];
			if (!t) continue;
			if (
				t.col < limit ||
				(t.col === limit && limitIsSeq && t.type === 'key' && opensBlock(t.value))
			) {
				j = i;
				break;
			}
		}
		if (j === -1) continue;
		const deepest = tokens[j];
		if (!deepest) continue;
		if (deepest.type === 'scalar') {
			// A plain scalar line cannot hold children; a dash before it might still.
			if (j === 0) continue;
			j--;
		}
		const holder = tokens[j];
		if (first && holder?.type === 'key' && !opensBlock(holder.value)) {
			if (isBlockScalar(holder.value) || holder.col < limit) {
				const frame: string[] = [];
				for (const t of tokens.slice(0, j + 1))
					frame.push(t.type === 'dash' ? '[]' : t.type === 'key' ? t.key : '');
				const rest = findAncestors(doc, l, head.col, head.type === 'dash');
				if (!rest) return undefined;
				return { path: [...rest.path, ...frame], inside: true };
			}
		}
		first = false;
		const frame: string[] = [];
		for (const t of tokens.slice(0, j + 1)) {
			if (t.type === 'dash') frame.push('[]');
			else if (t.type === 'key') frame.push(t.key);
		}
		frames.push(frame);
		limit = head.col;
		limitIsSeq = head.type === 'dash';
	}
	return { path: frames.reverse().flat(), inside: false };
}

/** Keys at `column` in the mapping around `line` (the line itself excluded). */
function siblingKeys(doc: ManifestDocument, line: number, column: number): string[] {
	const keys: string[] = [];
	const { lines } = doc;
	// When this line's `- ` opens the mapping, the lines above belong to the previous item.
	const own = tokensAt(doc, line);
	const startsItem = own.some(
		(t, i) => t.type === 'dash' && t.col < column && (own[i + 1]?.col ?? column) >= column,
	);
	let steps = 0;
	for (let l = line - 1; l >= 0 && !startsItem && steps < 20000; l--, steps++) {
		const tokens = tokensAt(doc, l);
		const head = tokens[0];
		if (!head) continue;
		for (const t of tokens) if (t.type === 'key' && t.col === column) keys.push(t.key);
		if (head.col < column) break;
	}
	steps = 0;
	for (let l = line + 1; l < lines.lineCount && steps < 20000; l++, steps++) {
		const tokens = tokensAt(doc, l);
		const head = tokens[0];
		if (!head) continue;
		if (head.col < column) break;
		if (head.col === column && head.type === 'key') keys.push(head.key);
	}
	return keys;
}

export { lineTokens } from './lineTokens';
