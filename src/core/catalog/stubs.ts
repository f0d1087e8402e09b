import type { SchemaNode } from './types';

/**
 * Schema stubs for kinds whose CRD leaves a part free-form (Kuma's Mesh, Dataplane and the legacy
 * 2.x policies ship `spec` without a field schema). The docs file lists the documented fields of
 * such a part under `topFields` (path → type); they are added to the structure so hover explains
 * them and completion offers them. A stub only ever adds a field inside a free-form part: a field
 * the CRD defines is never replaced, and the stubbed objects stay free-form, so a key we did not
 * list is never reported.
 */

const SCALARS = new Set(['string', 'integer', 'number', 'boolean', 'int-or-string', 'any']);

/** Turns a type written in a docs file into a node: string, object, string[], map[string]string. */
export function stubNode(type: string): SchemaNode | undefined {
	const t = type.trim();
	if (t.endsWith('[]')) {
		const item = stubNode(t.slice(0, -2));
		return item ? { t: 'array', i: item } : undefined;
	}
	if (t.startsWith('map[string]')) {
		const value = stubNode(t.slice('map[string]'.length));
		return value ? { t: 'object', a: value } : undefined;
	}
	if (t === 'object') return { t: 'object', x: 1 };
	return SCALARS.has(t) ? { t } : undefined;
}

/** Splits a catalog path (spec.sources[].match) into segments (spec, sources, [], match). */
export function splitPath(path: string): string[] {
	const out: string[] = [];
	for (const part of path.split('.')) {
		let name = part;
		let items = 0;
		while (name.endsWith('[]')) {
			name = name.slice(0, -2);
			items++;
		}
		if (name) out.push(name);
		for (let i = 0; i < items; i++) out.push('[]');
	}
	return out;
}

/** True when a node accepts any keys: preserve-unknown-fields, `any`, or an object without fields. */
export function isFreeForm(node: SchemaNode): boolean {
	return !!node.x || node.t === 'any' || (node.t === 'object' && !node.p && !node.a);
}

/** Adds one stub at the end of a path; undefined when the path does not end in a free-form part. */
function addStub(
	node: SchemaNode,
	segments: readonly string[],
	leaf: SchemaNode,
): SchemaNode | undefined {
	const [seg, ...rest] = segments;
	if (seg === undefined) return undefined;
	if (seg === '[]') {
		const items = node.i ?? (isFreeForm(node) ? { t: 'object', x: 1 as const } : undefined);
		if (!items) return undefined;
		const next = rest.length ? addStub(items, rest, leaf) : undefined;
		return next ? { ...node, t: 'array', i: next } : undefined;
	}
	const existing = node.p && Object.hasOwn(node.p, seg) ? node.p[seg] : undefined;
	if (existing) {
		if (!rest.length) return undefined;
		const next = addStub(existing, rest, leaf);
		return next ? { ...node, p: { ...node.p, [seg]: next } } : undefined;
	}
	if (!isFreeForm(node)) return undefined;
	const child = rest.length ? addStub(segmentParent(rest), rest, leaf) : leaf;
	if (!child) return undefined;
	return { ...node, t: 'object', x: 1, p: { ...(node.p ?? {}), [seg]: child } };
}

/** The free-form node an intermediate segment starts as: an array when items follow. */
function segmentParent(rest: readonly string[]): SchemaNode {
	return rest[0] === '[]' ? { t: 'array', i: { t: 'object', x: 1 } } : { t: 'object', x: 1 };
}

/**
 * Adds every `topFields` stub to a kind's root. Returns the new root and the paths that could not
 * be added (the CRD defines them already, or they do not lie in a free-form part).
 */
export function applyTopFields(
	root: SchemaNode,
	topFields: Readonly<Record<string, string>>,
): { root: SchemaNode; rejected: string[] } {
	let out = root;
	const rejected: string[] = [];
	// Shorter paths first, so `spec.networking` is in place before `spec.networking.address`.
	const entries = Object.entries(topFields).sort(([a], [b]) => a.length - b.length);
	for (const [path, type] of entries) {
		const leaf = stubNode(type);
		const next = leaf ? addStub(out, splitPath(path), leaf) : undefined;
		if (next) out = next;
		else rejected.push(path);
	}
	return { root: out, rejected };
}
