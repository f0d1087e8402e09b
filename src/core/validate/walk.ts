import {
	isAlias,
	isMap,
	isScalar,
	isSeq,
	type Node,
	type Pair,
	type Scalar,
	type YAMLMap,
} from 'yaml';
import type { SchemaNode } from '../catalog/types';
import type { ManifestDocument } from '../yaml/documents';
import { codeInfo } from './codes';
import {
	deprecatedFixes,
	enumFixes,
	quoteFix,
	removePairFix,
	renameFix,
	requiredFix,
} from './fixes';
import { celFailures } from './celRules';
import type { ValueMemo } from './cel/value';
import { closest } from './similar';
import type { Diagnostic, DiagnosticData, QuickFix } from './types';
import { scalarProblems, scalarType, typeFits } from './values';

/** What one document's walk needs to know. */
export interface WalkContext {
	readonly doc: ManifestDocument;
	/** The document's text as written (templates not masked). */
	readonly original: string;
	/** A kustomize patch: no required, at-least-one or minimum checks. */
	readonly partial: boolean;
	readonly out: Diagnostic[];
	/**
	 * The keys and list indexes from the document's root to the value being walked: the walk
	 * pushes and pops them, and a display path (`spec.http[0].route`) is spelt out only for a
	 * diagnostic, not for every value.
	 */
	readonly segments: (string | number)[];
	/** CEL values of this walk's nodes, made on the first rule that needs them. */
	cel?: ValueMemo;
}

/** The display path of the value being walked, with `extra` appended (`spec.http[0].route`). */
function pathOf(ctx: WalkContext, extra?: string | number): string {
	let out = '';
	const add = (s: string | number) => {
		out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
	};
	for (const s of ctx.segments) add(s);
	if (extra !== undefined) add(extra);
	return out;
}

type Range = readonly [number, number];

const MAX_DEPTH = 200;

/** Adds one diagnostic with the code's default severity; ranges are relative to the document. */
function report(
	ctx: WalkContext,
	code: string,
	range: Range,
	path: string,
	message: string,
	data?: DiagnosticData,
	fixes?: readonly QuickFix[],
): void {
	const { doc } = ctx;
	ctx.out.push({
		code,
		severity: codeInfo(code)?.severity ?? 'error',
		message,
		start: doc.start + range[0],
		end: doc.start + Math.max(range[0], range[1]),
		document: doc.index,
		path,
		...(data ? { data } : {}),
		...(fixes?.length ? { fixes } : {}),
	});
}

function nodeRange(node: Node | null | undefined): Range | undefined {
	const r = node?.range;
	return r ? [r[0], r[1]] : undefined;
}

/**
 * A node's range as the parser left it (start, value end, node end), read as a Range: the first
 * two are all a Range is read for, and every key of every map is not worth a copy.
 */
function ownRange(node: Node): Range | undefined {
	return (node.range ?? undefined) as Range | undefined;
}

/** True when a template action touched the lines between two document offsets. */
function touchesTemplate(ctx: WalkContext, from: number, to: number): boolean {
	if (!ctx.doc.hasTemplates) return false;
	const { lines } = ctx.doc;
	const a = lines.lineStart(lines.positionAt(from).line);
	const b = lines.lineEnd(lines.positionAt(to).line);
	return ctx.original.slice(a, b).includes('{{');
}

function typeName(node: SchemaNode): string {
	switch (node.t) {
		case 'object':
			return 'an object';
		case 'array':
			return 'a list';
		case 'integer':
			return 'an integer';
		case 'int-or-string':
			return 'an integer or a string';
		default:
			return `a ${node.t}`;
	}
}

function actualName(value: Node | null | undefined): string {
	if (isMap(value)) return 'an object';
	if (isSeq(value)) return 'a list';
	if (isScalar(value)) {
		const t = scalarType(value.value);
		return t === 'null' ? 'null' : t === 'integer' ? 'an integer' : `a ${t}`;
	}
	return 'a value';
}

/**
 * Where a diagnostic about a value goes: its key, or (for a list item, say) the value's first
 * line. Worked out only when a diagnostic asks for it: most values have nothing to report.
 */
function anchorRange(
	ctx: WalkContext,
	key: Scalar | undefined,
	value: Node | null | undefined,
): Range {
	const kr = nodeRange(key);
	if (kr) return kr;
	const vr = nodeRange(value) ?? [0, 0];
	const { lines } = ctx.doc;
	const lineEnd = lines.lineEnd(lines.positionAt(vr[0]).line);
	return [vr[0], Math.min(vr[1], Math.max(vr[0], lineEnd))];
}

/** A value's text as written (its range in the document). */
function written(ctx: WalkContext, range: Range): string {
	return ctx.doc.text.slice(range[0], range[1]);
}

function isEmptyScalar(node: Node | null | undefined): boolean {
	return !node || (isScalar(node) && (node.value === null || node.value === undefined));
}

/**
 * Suggestions ("did you mean") per set of declared fields: a misspelt key is reported again on
 * every keystroke in its document, and the edit distance to each sibling is the dearest part of
 * its report. Bounded per set, so a session's typos do not pile up.
 */
const suggestions = new WeakMap<object, Map<string, string | undefined>>();
const MAX_SUGGESTIONS = 64;

function closestField(
	name: string,
	fields: Readonly<Record<string, SchemaNode>>,
): string | undefined {
	let known = suggestions.get(fields);
	if (!known) {
		known = new Map();
		suggestions.set(fields, known);
	}
	if (known.has(name)) return known.get(name);
	const found = closest(name, Object.keys(fields));
	if (known.size >= MAX_SUGGESTIONS) known.clear();
	known.set(name, found);
	return found;
}

/**
 * Validates one value against its schema node. The value's path is `ctx.segments`; `key` is the
 * key it stands under (undefined for a list item or the root).
 */
export function walkValue(
	ctx: WalkContext,
	value: Node | null | undefined,
	schema: SchemaNode,
	key: Scalar | undefined,
	depth = 0,
): void {
	if (depth > MAX_DEPTH || isAlias(value)) return;
	if (schema.x || schema.t === 'any') return;
	if (isEmptyScalar(value)) {
		// Templates often leave a key with nothing after it (`spec: {{ toYaml … }}`).
		if (schema.n || ctx.doc.hasTemplates) return;
		const path = pathOf(ctx);
		report(
			ctx,
			'ML1002',
			anchorRange(ctx, key, value),
			path,
			`${path || 'value'}: expected ${typeName(schema)}, got null`,
		);
		return;
	}
	if (isMap(value)) {
		if (schema.t !== 'object') {
			const path = pathOf(ctx);
			report(
				ctx,
				'ML1002',
				anchorRange(ctx, key, value),
				path,
				`${path}: expected ${typeName(schema)}, got an object`,
			);
			return;
		}
		walkMap(ctx, value, schema, key, depth);
		if (schema.c) checkRules(ctx, value, schema, key);
		return;
	}
	if (isSeq(value)) {
		if (schema.t !== 'array') {
			const path = pathOf(ctx);
			report(
				ctx,
				'ML1002',
				anchorRange(ctx, key, value),
				path,
				`${path}: expected ${typeName(schema)}, got a list`,
			);
			return;
		}
		walkSeq(ctx, value, schema, key, depth);
		if (schema.c) checkRules(ctx, value, schema, key);
		return;
	}
	if (!isScalar(value)) return;
	const vr = ownRange(value) ?? anchorRange(ctx, key, value);
	if (touchesTemplate(ctx, vr[0], vr[1])) return;
	// The value as written matters for booleans (YAML 1.1 spellings) and for fixes only.
	if (!typeFits(schema, value.value, schema.t === 'boolean' ? written(ctx, vr) : '')) {
		const source = written(ctx, vr);
		const isNumberForString =
			schema.t === 'string' && typeof value.value !== 'string' && value.type === 'PLAIN';
		const path = pathOf(ctx);
		report(
			ctx,
			'ML1002',
			vr,
			path,
			`${path}: expected ${typeName(schema)}, got ${actualName(value)}`,
			undefined,
			isNumberForString ? [quoteFix(ctx.doc, vr, source)] : undefined,
		);
		return;
	}
	const problems = scalarProblems(schema, value.value);
	if (problems.length) {
		const source = written(ctx, vr);
		const path = pathOf(ctx);
		for (const p of problems) {
			const data = p.allowed ? { allowed: p.allowed } : undefined;
			const fixes = p.allowed
				? enumFixes(ctx.doc, vr, source, String(value.value), p.allowed)
				: undefined;
			report(ctx, p.code, vr, path, `${path}: ${p.message}`, data, fixes);
		}
	}
	if (schema.c) checkRules(ctx, value, schema, key);
}

/**
 * Reports the CEL rules (x-kubernetes-validations) the value breaks, on the key of the field the
 * rule is attached to (or the key its fieldPath names). Not on kustomize patches (partial
 * objects), nor on values a Helm template touches.
 */
function checkRules(ctx: WalkContext, value: Node, schema: SchemaNode, key: Scalar | undefined) {
	if (ctx.partial) return;
	if (ctx.doc.hasTemplates) {
		const r = value.range;
		if (!r || ctx.original.slice(r[0], r[1]).includes('{{')) return;
	}
	for (const f of celFailures(value, schema, (ctx.cel ??= new Map<Node, unknown>()))) {
		const base = pathOf(ctx);
		const path = f.target ? [base, ...f.target.segments].filter(Boolean).join('.') : base;
		const range = f.target
			? (nodeRange(f.target.key) ?? anchorRange(ctx, key, value))
			: anchorRange(ctx, key, value);
		report(ctx, 'ML1015', range, path, `${path || 'document'}: ${f.message}`);
	}
}

function walkMap(
	ctx: WalkContext,
	map: YAMLMap,
	schema: SchemaNode,
	mapKey: Scalar | undefined,
	depth: number,
): void {
	const templated = ctx.doc.hasTemplates;
	const relaxed = ctx.partial || templated;
	const present = new Map<string, Pair>();
	let opaque = false;
	for (const pair of map.items) {
		const key = pair.key as Node | null;
		if (!isScalar(key) || typeof key.value !== 'string') {
			// Complex or non-string keys: leave the whole map alone.
			opaque = true;
			continue;
		}
		const name = key.value;
		const kr = ownRange(key) ?? anchorRange(ctx, mapKey, map);
		if (name === '<<' || (ctx.partial && name.startsWith('$'))) {
			opaque = true;
			continue;
		}
		if (touchesTemplate(ctx, kr[0], kr[1]) && ctx.original.slice(kr[0], kr[1]) !== name) {
			opaque = true;
			continue;
		}
		if (present.has(name)) {
			// Helm if/else branches legitimately repeat a key.
			if (!templated) {
				const childPath = pathOf(ctx, name);
				report(
					ctx,
					'ML1007',
					kr,
					childPath,
					`${childPath}: duplicate key "${name}"`,
					undefined,
					removePairFix(ctx.doc, pair),
				);
			}
			continue;
		}
		present.set(name, pair);
		const child =
			schema.p && Object.hasOwn(schema.p, name) ? schema.p[name] : (schema.a ?? undefined);
		if (!child) {
			if (!schema.p) continue; // an object without declared fields is free-form
			const suggestion = closestField(name, schema.p);
			const childPath = pathOf(ctx, name);
			report(
				ctx,
				'ML1001',
				kr,
				childPath,
				`${childPath}: unknown field "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
				suggestion ? { suggestion } : undefined,
				suggestion ? [renameFix(kr, ctx.doc.start, name, suggestion)] : undefined,
			);
			continue;
		}
		if (child.dep) {
			const replacement = typeof child.dep === 'string' ? child.dep : undefined;
			const childPath = pathOf(ctx, name);
			report(
				ctx,
				'ML4001',
				kr,
				childPath,
				`${childPath}: "${name}" is deprecated${replacement ? `; use "${replacement}"` : ''}`,
				replacement ? { replacement } : undefined,
				replacement && schema.p?.[replacement] && !map.has(replacement)
					? deprecatedFixes(ctx.doc, pair, child, schema.p[replacement], replacement)
					: undefined,
			);
		}
		ctx.segments.push(name);
		walkValue(ctx, pair.value as Node | null, child, key, depth + 1);
		ctx.segments.pop();
	}
	if (!templated) {
		for (const group of schema.o ?? []) {
			const set = group.filter((n) => present.has(n));
			if (set.length < 2) continue;
			const path = pathOf(ctx);
			for (const extra of set.slice(1)) {
				const k = present.get(extra)?.key as Scalar | undefined;
				report(
					ctx,
					'ML1005',
					nodeRange(k) ?? anchorRange(ctx, mapKey, map),
					pathOf(ctx, extra),
					`${path || 'document'}: only one of ${group.map((n) => `"${n}"`).join(', ')} may be set; "${set[0]}" is already set`,
				);
			}
		}
	}
	if (relaxed || opaque) {
		countProblems(ctx, map.items.length, schema, mapKey, map, false);
		return;
	}
	let missing: string[] | undefined;
	for (const n of schema.r ?? []) if (!present.has(n)) (missing ??= []).push(n);
	if (missing) {
		const list = missing.map((n) => `"${n}"`).join(', ');
		const path = pathOf(ctx);
		report(
			ctx,
			'ML1004',
			anchorRange(ctx, mapKey, map),
			path,
			`${path || 'document'}: missing required field${missing.length > 1 ? 's' : ''} ${list}`,
			{ missing },
			requiredFix(ctx.doc, map, schema, missing),
		);
	}
	for (const group of schema.y ?? []) {
		if (group.some((n) => present.has(n))) continue;
		const path = pathOf(ctx);
		report(
			ctx,
			'ML1006',
			anchorRange(ctx, mapKey, map),
			path,
			`${path || 'document'}: set at least one of ${group.map((n) => `"${n}"`).join(', ')}`,
		);
	}
	countProblems(ctx, map.items.length, schema, mapKey, map, true);
}

function countProblems(
	ctx: WalkContext,
	count: number,
	schema: SchemaNode,
	key: Scalar | undefined,
	node: Node,
	minimums: boolean,
): void {
	const isList = schema.t === 'array';
	const lo = isList ? schema.in : schema.pn;
	const hi = isList ? schema.ix : schema.px;
	if (lo === undefined && hi === undefined) return;
	const code = isList ? 'ML1012' : 'ML1013';
	const plural = (n: number) =>
		isList ? `${n} item${n === 1 ? '' : 's'}` : `${n} entr${n === 1 ? 'y' : 'ies'}`;
	if (minimums && lo !== undefined && count < lo) {
		const path = pathOf(ctx);
		report(
			ctx,
			code,
			anchorRange(ctx, key, node),
			path,
			`${path}: has ${plural(count)}; at least ${lo} needed`,
		);
	}
	if (hi !== undefined && count > hi) {
		const path = pathOf(ctx);
		report(
			ctx,
			code,
			anchorRange(ctx, key, node),
			path,
			`${path}: has ${plural(count)}; at most ${hi} allowed`,
		);
	}
}

function walkSeq(
	ctx: WalkContext,
	seq: import('yaml').YAMLSeq,
	schema: SchemaNode,
	key: Scalar | undefined,
	depth: number,
): void {
	const items = seq.items as (Node | null)[];
	const item = schema.i;
	if (item) {
		for (let i = 0; i < items.length; i++) {
			ctx.segments.push(i);
			walkValue(ctx, items[i], item, undefined, depth + 1);
			ctx.segments.pop();
		}
	}
	const relaxed = ctx.partial || ctx.doc.hasTemplates;
	countProblems(ctx, items.length, schema, key, seq, !relaxed);
	if (ctx.doc.hasTemplates || !(schema.u || schema.k?.length)) return;
	const seen = new Map<string, number>();
	items.forEach((v, i) => {
		let id: string | undefined;
		if (schema.k?.length) {
			if (!isMap(v)) return;
			const parts: unknown[] = [];
			for (const k of schema.k) {
				const kv = v.get(k, true);
				if (!isScalar(kv)) return;
				parts.push(kv.value);
			}
			id = JSON.stringify(parts);
		} else if (isScalar(v)) {
			id = JSON.stringify(v.value);
		}
		if (id === undefined) return;
		const first = seen.get(id);
		if (first === undefined) {
			seen.set(id, i);
			return;
		}
		const what = schema.k?.length
			? `the same ${schema.k.map((k) => `"${k}"`).join(' and ')} as item ${first}`
			: `the same value as item ${first}`;
		const itemPath = pathOf(ctx, i);
		report(
			ctx,
			'ML1014',
			nodeRange(v) ?? anchorRange(ctx, key, seq),
			itemPath,
			`${itemPath}: has ${what}`,
		);
	});
}
