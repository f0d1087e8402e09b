import { isMap, isScalar, type Node, type Scalar } from 'yaml';
import type { SchemaNode } from '../catalog/types';
import { compileRule, runRule } from './cel/compile';
import { celValue, Undecidable, type ValueMemo } from './cel/value';

/** One rule that failed on a value: the message and, for a rule with fieldPath, where it points. */
export interface RuleFailure {
	readonly message: string;
	/** The key the fieldPath names, and the path segments from the rule's value to it. */
	readonly target?: { readonly key: Scalar; readonly segments: readonly string[] };
}

/**
 * Runs the CEL rules a schema node carries on one value. Only values whose schema has rules pay
 * anything; their subtree is converted once per walk (the memo), so nested rules share the work.
 * Rules that cannot be decided here (transition rules, our gaps) and values the schema checks
 * already reject give nothing.
 */
export function celFailures(
	value: Node,
	schema: SchemaNode,
	memo: ValueMemo,
): readonly RuleFailure[] {
	const rules = schema.c;
	if (!rules?.length) return [];
	let self: unknown;
	let converted = false;
	const out: RuleFailure[] = [];
	for (const rule of rules) {
		const compiled = compileRule(rule);
		if (!compiled.ok) continue;
		if (!converted) {
			try {
				self = celValue(value, schema, memo);
			} catch (e) {
				if (e instanceof Undecidable) return [];
				throw e;
			}
			converted = true;
		}
		const outcome = runRule(compiled, self);
		if (outcome.result !== 'fail' && outcome.result !== 'error') continue;
		const target = rule.fp ? fieldPathKey(value, rule.fp) : undefined;
		out.push({ message: outcome.message, ...(target ? { target } : {}) });
	}
	return out;
}

/** The key a fieldPath (`.spec.foo`, `['a.b']`) names below a value, when it is present. */
function fieldPathKey(
	value: Node,
	fieldPath: string,
): { key: Scalar; segments: string[] } | undefined {
	const segments: string[] = [];
	const re = /\.([A-Za-z_][\w-]*)|\['([^']*)'\]/y;
	for (let pos = 0; pos < fieldPath.length; pos = re.lastIndex) {
		re.lastIndex = pos;
		const m = re.exec(fieldPath);
		if (!m) return undefined;
		segments.push(m[1] ?? m[2] ?? '');
	}
	let node: Node | null | undefined = value;
	let key: Scalar | undefined;
	for (const s of segments) {
		if (!isMap(node)) return undefined;
		const pair = node.items.find((p) => isScalar(p.key) && p.key.value === s);
		if (!pair || !isScalar(pair.key)) return undefined;
		key = pair.key;
		node = pair.value as Node | null;
	}
	return key ? { key, segments } : undefined;
}
