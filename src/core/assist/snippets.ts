import type { SchemaNode } from '../catalog/types';

/** Escapes literal text for a VS Code snippet. */
export function escapeSnippet(text: string): string {
	return text.replace(/[\\$}]/g, '\\$&');
}

function escapeChoice(text: string): string {
	return text.replace(/[\\$}|,]/g, '\\$&');
}

/** Numbers tab stops across one snippet. */
export class TabStops {
	private n = 0;
	next(): number {
		return ++this.n;
	}
}

/** A placeholder for a scalar: a choice for enums and booleans, the default, or an empty stop. */
export function scalarPlaceholder(node: SchemaNode, stops: TabStops): string {
	const values = node.e ?? (node.t === 'boolean' ? [true, false] : undefined);
	if (values?.length) {
		const list = values.map((v) => escapeChoice(String(v)));
		// Put the default first so that accepting the choice keeps it.
		const d = node.d === undefined ? -1 : list.indexOf(escapeChoice(scalarString(node.d)));
		if (d > 0) list.unshift(...list.splice(d, 1));
		return `\${${stops.next()}|${list.join(',')}|}`;
	}
	if (node.d !== undefined && (typeof node.d !== 'object' || node.d === null)) {
		return `\${${stops.next()}:${escapeSnippet(scalarString(node.d))}}`;
	}
	return `\${${stops.next()}}`;
}

/** The text of a scalar default; objects and arrays are written as JSON. */
export function scalarString(value: unknown): string {
	return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function isScalar(node: SchemaNode): boolean {
	return !(node.t === 'object' || node.t === 'array' || node.p || node.a || node.i);
}

const INDENT = '  ';

/**
 * The lines after `key:` for a block-style value, indented one level deeper than `key` (relative to
 * its line; VS Code adds the line's own indentation). Required fields are filled in, `depth` levels
 * deep.
 */
export function blockValue(node: SchemaNode, stops: TabStops, depth: number): string {
	if (isScalar(node)) return ` ${scalarPlaceholder(node, stops)}`;
	if (node.t === 'array' || node.i) {
		const item = node.i ?? { t: 'any' };
		if (isScalar(item)) return `\n${INDENT}- ${scalarPlaceholder(item, stops)}`;
		return `\n${INDENT}- ${objectBody(item, stops, depth, `${INDENT}  `).trimStart()}`;
	}
	if (node.a && !node.p)
		return `\n${INDENT}\${${stops.next()}:name}:${blockValue(node.a, stops, depth - 1)}`;
	return `\n${INDENT}${objectBody(node, stops, depth, INDENT).trimStart()}`;
}

/** The required fields of an object, one per line at `indent`, or a single tab stop. */
export function objectBody(
	node: SchemaNode,
	stops: TabStops,
	depth: number,
	indent: string,
): string {
	const required = (node.r ?? []).filter((k) => node.p?.[k]);
	if (!required.length || depth <= 0) return `${indent}\${${stops.next()}}`;
	return required
		.map((k) => {
			const child = node.p?.[k] ?? { t: 'any' };
			const value = blockValue(child, stops, depth - 1).replace(/\n/g, `\n${indent}`);
			return `${indent}${escapeSnippet(k)}:${value}`;
		})
		.join('\n');
}

/** The value for a key inside a flow collection: `{…}`, `[…]` or a scalar placeholder. */
export function flowValue(node: SchemaNode, stops: TabStops): string {
	if (isScalar(node)) return scalarPlaceholder(node, stops);
	if (node.t === 'array' || node.i) return `[\${${stops.next()}}]`;
	return `{\${${stops.next()}}}`;
}
