import { isMap, isScalar, isSeq, type Document } from 'yaml';

/** What `plain` returns for a node that needs `toJS` proper: aliases, tags, collection keys. */
const NOT_PLAIN: unique symbol = Symbol('not plain');

const MAP_TAG = 'tag:yaml.org,2002:map';
const SEQ_TAG = 'tag:yaml.org,2002:seq';

function scalarKey(v: unknown): string | typeof NOT_PLAIN {
	if (v === null || v === undefined) return '';
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
	return NOT_PLAIN;
}

function plain(node: unknown): unknown {
	if (node === null || node === undefined) return null;
	if (isScalar(node)) {
		const v = node.value;
		return v === null || typeof v !== 'object' ? v : NOT_PLAIN;
	}
	if (isMap(node)) {
		if (node.tag && node.tag !== MAP_TAG) return NOT_PLAIN;
		const out: Record<string, unknown> = {};
		for (const pair of node.items) {
			const k = pair.key;
			const key =
				k === null || k === undefined ? '' : isScalar(k) ? scalarKey(k.value) : NOT_PLAIN;
			if (key === NOT_PLAIN) return NOT_PLAIN;
			const value = plain(pair.value);
			if (value === NOT_PLAIN) return NOT_PLAIN;
			// As yaml's toJS: a later duplicate wins (in the first one's place), and `__proto__` and
			// inherited names become own keys: a plain store does all of that but for `__proto__`.
			if (key === '__proto__')
				Object.defineProperty(out, key, {
					value,
					writable: true,
					enumerable: true,
					configurable: true,
				});
			else out[key] = value;
		}
		return out;
	}
	if (isSeq(node)) {
		if (node.tag && node.tag !== SEQ_TAG) return NOT_PLAIN;
		// Sized once: an array grown by push keeps room for 17 items, and most lists hold one or two.
		let broken = false;
		const out = node.items.map((item) => {
			const value = broken ? null : plain(item);
			if (value === NOT_PLAIN) broken = true;
			return value;
		});
		return broken ? NOT_PLAIN : out;
	}
	return NOT_PLAIN;
}

/**
 * A document as plain data, what `doc.toJS()` gives for the documents manifests are made of
 * (maps, lists and scalars), without its per-node bookkeeping; documents with aliases, tags or
 * collection keys go to `toJS` with the given alias limit.
 */
export function plainValue(doc: Document, maxAliasCount: number): unknown {
	const value = plain(doc.contents);
	return value === NOT_PLAIN ? doc.toJS({ maxAliasCount }) : value;
}
