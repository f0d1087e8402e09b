import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SchemaNode } from '../../catalog/types';
import { parseGoDuration } from './duration';
import { durationValue } from './library';

/**
 * Turns a YAML value into the value a CEL rule sees as `self`, the way the API server does after
 * decoding, pruning and defaulting: typed by the schema (integers as CEL int, numbers as double,
 * `format: duration`/`date-time`/`byte` strings as durations, timestamps and bytes), unknown fields
 * dropped, non-nullable nulls dropped, schema defaults filled in, and property names escaped as
 * Kubernetes escapes them (`namespace` → `__namespace__`, `a-b` → `a__dash__b`).
 * A value the API server would refuse before any rule runs (a wrong type, an alias, a merge key)
 * throws Undecidable: the schema checks report it, and the rule is not run.
 */
export class Undecidable extends Error {
	override readonly name = 'Undecidable';
}

const ABORT: unique symbol = Symbol('undecidable');

/** Conversions of one document's walk, by YAML node (a node has one schema where it stands). */
export type ValueMemo = Map<Node, unknown>;

const MAX_DEPTH = 200;

export function celValue(
	node: Node | null | undefined,
	schema: SchemaNode,
	memo?: ValueMemo,
): unknown {
	const v = convert(node, schema, memo, 0);
	if (v === ABORT) throw new Undecidable('value not decidable');
	return v;
}

function convert(
	node: Node | null | undefined,
	schema: SchemaNode,
	memo: ValueMemo | undefined,
	depth: number,
): unknown {
	if (!node || depth > MAX_DEPTH || isAlias(node)) return ABORT;
	const known = memo?.get(node);
	if (known !== undefined) return known;
	const out = convertNode(node, schema, memo, depth);
	memo?.set(node, out);
	return out;
}

function convertNode(
	node: Node,
	schema: SchemaNode,
	memo: ValueMemo | undefined,
	depth: number,
): unknown {
	if (schema.x || schema.t === 'any') return generic(node, depth);
	if (isMap(node)) {
		if (schema.t !== 'object') return ABORT;
		const out = newObject(schema);
		const present = new Set<string>();
		for (const pair of node.items) {
			const k = pair.key as Node | null;
			if (!isScalar(k) || typeof k.value !== 'string' || k.value === '<<') return ABORT;
			const name = k.value;
			present.add(name);
			const child = schema.p && Object.hasOwn(schema.p, name) ? schema.p[name] : schema.a;
			if (!child) continue; // pruned
			const value = pair.value as Node | null;
			if (!value || (isScalar(value) && value.value === null)) {
				if (!child.n) continue; // a null the API server drops before defaulting
				setField(out, name, null, !!schema.p?.[name]);
				continue;
			}
			const v = convert(value, child, memo, depth + 1);
			if (v === ABORT) return ABORT;
			setField(out, name, v, !!schema.p?.[name]);
		}
		if (!addDefaults(out, schema, present)) return ABORT;
		return out;
	}
	if (isSeq(node)) {
		if (schema.t !== 'array') return ABORT;
		const item = schema.i;
		const out: unknown[] = [];
		for (const n of node.items as (Node | null)[]) {
			if (!n || (isScalar(n) && n.value === null)) return ABORT;
			const v = item ? convert(n, item, memo, depth + 1) : generic(n, depth + 1);
			if (v === ABORT) return ABORT;
			out.push(v);
		}
		return out;
	}
	if (!isScalar(node)) return ABORT;
	return scalar(node.value, schema);
}

/** An object: its schema's properties (escaped names) on a plain object, a map's keys in a Map. */
type CelObject = Record<string, unknown> | Map<string, unknown>;

/**
 * A plain object when the keys are the schema's property names (V8 reads those fastest); a Map
 * when they are a map's keys, which are data: any string, `__proto__` or `constructor` included.
 */
function newObject(schema: SchemaNode): CelObject {
	return schema.p ? {} : new Map<string, unknown>();
}

/** Sets a field: a declared property under its escaped name, a map key as it is. */
function setField(out: CelObject, name: string, value: unknown, declared: boolean) {
	if (out instanceof Map) {
		out.set(name, value);
		return;
	}
	if (!declared) return;
	const escaped = escapeProperty(name);
	if (escaped !== undefined) out[escaped] = value;
}

/** The properties of a schema node that have a default, worked out once per node. */
const defaulted = new WeakMap<SchemaNode, readonly (readonly [string, SchemaNode])[]>();

function defaultsOf(schema: SchemaNode): readonly (readonly [string, SchemaNode])[] {
	let out = defaulted.get(schema);
	if (!out) {
		out = Object.entries(schema.p ?? {}).filter(([, child]) => child.d !== undefined);
		defaulted.set(schema, out);
	}
	return out;
}

function addDefaults(out: CelObject, schema: SchemaNode, present: Set<string>): boolean {
	if (!schema.p) return true;
	for (const [name, child] of defaultsOf(schema)) {
		if (present.has(name)) continue;
		const v = fromJs(child.d, child, 0);
		if (v === ABORT) return false;
		setField(out, name, v, true);
	}
	return true;
}

const YAML11_TRUE = /^(y|Y|yes|Yes|YES|on|On|ON)$/;
const YAML11_FALSE = /^(n|N|no|No|NO|off|Off|OFF)$/;

function scalar(value: unknown, schema: SchemaNode): unknown {
	switch (schema.t) {
		case 'string':
			return typeof value === 'string' ? formatted(value, schema.f) : ABORT;
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : ABORT;
		case 'number':
			return typeof value === 'number' ? value : ABORT;
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (typeof value === 'string' && YAML11_TRUE.test(value)) return true;
			if (typeof value === 'string' && YAML11_FALSE.test(value)) return false;
			return ABORT;
		case 'int-or-string':
			if (typeof value === 'string') return value;
			return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : ABORT;
		default:
			return ABORT;
	}
}

/** Strings of some formats are typed values in CEL, as the API server converts them. */
function formatted(value: string, format: string | undefined): unknown {
	switch (format) {
		case 'duration': {
			const nanos = parseGoDuration(value);
			return nanos === undefined ? ABORT : durationValue(nanos);
		}
		case 'date':
		case 'date-time': {
			const ok =
				format === 'date'
					? /^\d{4}-\d{2}-\d{2}$/.test(value)
					: /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(
							value,
						);
			const d = new Date(value);
			return ok && !Number.isNaN(d.getTime()) ? d : ABORT;
		}
		case 'byte': {
			const text = value.replace(/\s/g, '');
			if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text))
				return ABORT;
			return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
		}
		default:
			return value;
	}
}

/** A free-form value (x-kubernetes-preserve-unknown-fields): integers as int, keys as written. */
function generic(node: Node, depth: number): unknown {
	if (depth > MAX_DEPTH || isAlias(node)) return ABORT;
	if (isMap(node)) {
		const out = new Map<string, unknown>();
		for (const pair of node.items) {
			const k = pair.key as Node | null;
			if (!isScalar(k) || typeof k.value !== 'string' || k.value === '<<') return ABORT;
			const v = pair.value ? generic(pair.value as Node, depth + 1) : null;
			if (v === ABORT) return ABORT;
			out.set(k.value, v);
		}
		return out;
	}
	if (isSeq(node)) {
		const out: unknown[] = [];
		for (const n of node.items as (Node | null)[]) {
			const v = n ? generic(n, depth + 1) : null;
			if (v === ABORT) return ABORT;
			out.push(v);
		}
		return out;
	}
	if (!isScalar(node)) return ABORT;
	const v = node.value;
	if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
	if (v === undefined) return null;
	return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null
		? v
		: ABORT;
}

/** A schema default (plain JSON) as a CEL value, with the defaults inside it filled in. */
function fromJs(value: unknown, schema: SchemaNode, depth: number): unknown {
	if (depth > MAX_DEPTH) return ABORT;
	if (value === null) return schema.n ? null : ABORT;
	if (Array.isArray(value)) {
		const out: unknown[] = [];
		for (const v of value) {
			const c = schema.i ? fromJs(v, schema.i, depth + 1) : plain(v);
			if (c === ABORT) return ABORT;
			out.push(c);
		}
		return out;
	}
	if (typeof value === 'object') {
		if (schema.x || schema.t === 'any' || (!schema.p && !schema.a)) return plain(value);
		const out = newObject(schema);
		const present = new Set<string>();
		for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
			present.add(name);
			const child = schema.p?.[name] ?? schema.a;
			if (!child) continue;
			const c = fromJs(v, child, depth + 1);
			if (c === ABORT) return ABORT;
			setField(out, name, c, !!schema.p?.[name]);
		}
		return addDefaults(out, schema, present) ? out : ABORT;
	}
	if (schema.x || schema.t === 'any') return plain(value);
	return scalar(value, schema);
}

function plain(value: unknown): unknown {
	if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
	if (Array.isArray(value)) return value.map(plain);
	if (value && typeof value === 'object') {
		const out = new Map<string, unknown>();
		for (const [k, v] of Object.entries(value)) out.set(k, plain(v));
		return out;
	}
	return value;
}

const RESERVED = new Set([
	...['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for'],
	...['function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var'],
	...['void', 'while'],
]);

/**
 * Kubernetes' escaping of property names for CEL: reserved words become `__word__`; `__`, `.`, `-`
 * and `/` become `__underscores__`, `__dot__`, `__dash__`, `__slash__`. Other names that are no
 * CEL identifier cannot be reached from a rule (undefined).
 */
export function escapeProperty(name: string): string | undefined {
	if (!name || /^[0-9]/.test(name)) return undefined;
	if (RESERVED.has(name)) return `__${name}__`;
	if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !name.includes('__')) return name;
	let ok = true;
	const out = name.replace(/__|[^A-Za-z0-9_]/g, (s) => {
		switch (s) {
			case '__':
				return '__underscores__';
			case '.':
				return '__dot__';
			case '-':
				return '__dash__';
			case '/':
				return '__slash__';
			default:
				ok = false;
				return '';
		}
	});
	return ok ? out : undefined;
}
