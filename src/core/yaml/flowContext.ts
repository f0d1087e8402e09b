// The cursor's context inside a flow collection (`{…}` or `[…]`), read from the parsed document.
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ManifestDocument } from './documents';
import type { CursorContext } from './locate';

/** The context inside a flow collection, read from the parsed document. */
export function flowContext(doc: ManifestDocument, rel: number): CursorContext | undefined {
	const contents = doc.ast?.contents;
	if (!contents) return undefined;
	const path: string[] = [];
	let node: Node | null = contents;
	let inFlow = false;
	for (let depth = 0; node && depth < 200; depth++) {
		const range = node.range;
		if (!range || rel < range[0] || rel > range[1]) break;
		// Right after a closing bracket is outside the collection.
		if (
			(isMap(node) || isSeq(node)) &&
			node.flow &&
			rel === range[1] &&
			/[}\]]/.test(doc.text[rel - 1] ?? '')
		)
			break;
		if (isMap(node)) {
			if (node.flow) inFlow = true;
			const items = node.items as Pair<Node | null, Node | null>[];
			let chosen: Pair<Node | null, Node | null> | undefined;
			for (const pair of items) {
				const ks = pair.key?.range?.[0];
				if (ks !== undefined && ks <= rel) chosen = pair;
			}
			if (!inFlow) {
				const next = chosen ? (isScalar(chosen.key) ? String(chosen.key.value) : '') : '';
				if (!chosen || !chosen.value || !isFlowNode(chosen.value)) return undefined;
				path.push(next);
				node = chosen.value;
				continue;
			}
			const inner = chosen?.value;
			if (
				inner &&
				(isMap(inner) || isSeq(inner)) &&
				inner.range &&
				inner.range[0] < rel &&
				rel <= inner.range[1]
			) {
				path.push(isScalar(chosen?.key) ? String(chosen.key.value) : '');
				node = inner;
				continue;
			}
			return flowMapContext(
				doc,
				rel,
				path,
				node.items as Pair<Node | null, Node | null>[],
				chosen,
				range,
			);
		}
		if (isSeq(node)) {
			if (node.flow) inFlow = true;
			const items = node.items as (Node | null)[];
			let chosen: Node | undefined;
			for (const item of items) {
				const r = item && !isPair(item) ? item.range : undefined;
				if (r && r[0] <= rel && rel <= r[1]) chosen = item ?? undefined;
			}
			if (!inFlow) {
				if (!chosen || !isFlowNode(chosen)) return undefined;
				path.push('[]');
				node = chosen;
				continue;
			}
			path.push('[]');
			if (chosen && (isMap(chosen) || isSeq(chosen))) {
				node = chosen;
				continue;
			}
			const word = chosen && isScalar(chosen) && chosen.range ? chosen.range : undefined;
			return {
				path,
				slot: 'value',
				value: scalarText(chosen),
				present: [],
				range: word
					? { start: doc.start + word[0], end: doc.start + word[1] }
					: { start: doc.start + rel, end: doc.start + rel },
				column: 0,
				flow: true,
				freshItem: true,
			};
		}
		return undefined;
	}
	return undefined;
}

function isFlowNode(node: Node): boolean {
	return isMap(node) || isSeq(node);
}

function flowMapContext(
	doc: ManifestDocument,
	rel: number,
	path: string[],
	items: Pair<Node | null, Node | null>[],
	chosen: Pair<Node | null, Node | null> | undefined,
	range: [number, number, number],
): CursorContext | undefined {
	const present = items
		.filter((p) => p !== chosen && isScalar(p.key))
		.map((p) => String((p.key as { value: unknown }).value));
	const empty = (): CursorContext => ({
		path,
		slot: 'key',
		key: '',
		present: items
			.filter((p) => isScalar(p.key))
			.map((p) => String((p.key as { value: unknown }).value)),
		range: { start: doc.start + rel, end: doc.start + rel },
		column: 0,
		flow: true,
	});
	if (rel === range[0]) return undefined;
	if (!chosen || !isScalar(chosen.key) || !chosen.key.range) return empty();
	const [ks, ke] = chosen.key.range;
	const key = String(chosen.key.value);
	// Past the end of this pair's value and after a comma: a new key.
	const value = chosen.value;
	const valueEnd = value?.range?.[1] ?? ke;
	const between = doc.text.slice(ke, rel);
	if (rel > valueEnd && /,/.test(doc.text.slice(valueEnd, rel))) return empty();
	if (rel <= ke) {
		return {
			path,
			slot: 'key',
			key,
			present,
			range: { start: doc.start + ks, end: doc.start + ke },
			column: 0,
			flow: true,
		};
	}
	if (!between.includes(':')) return empty();
	const vr = value?.range;
	return {
		path: [...path, key],
		slot: 'value',
		value: scalarText(value),
		present: [],
		range:
			vr && vr[0] <= rel && rel <= vr[1]
				? { start: doc.start + vr[0], end: doc.start + vr[1] }
				: { start: doc.start + rel, end: doc.start + rel },
		column: 0,
		flow: true,
	};
}

/** The text of a scalar node's value ('' for anything else). */
export function scalarText(node: Node | null | undefined): string {
	if (!node || !isScalar(node)) return '';
	const v = node.value;
	return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
		? String(v)
		: '';
}
