import type { Environment } from '@marcbachmann/cel-js';
import type { CelRuleSpec } from '../../catalog/types';
import { classifyError, dataErrorText, errorSummary } from './errors';
import { kubernetesEnvironment } from './library';
import { rewriteRule } from './rewrite';

/** A rule ready to run, or why it is not decided from a file. */
export type CompiledRule =
	| {
			readonly ok: true;
			readonly rule: CelRuleSpec;
			readonly run: (self: unknown) => unknown;
			/** The messageExpression, when it compiles. */
			readonly message?: (self: unknown) => unknown;
	  }
	| { readonly ok: false; readonly rule: CelRuleSpec; readonly reason: string };

let env: Environment | undefined;

/** The shared environment, built on the first rule that needs it. */
function environment(): Environment {
	env ??= kubernetesEnvironment();
	return env;
}

type Program = ((self: unknown) => unknown) | string;

/** Programs by expression text: rules repeat across kinds and versions, often with other messages. */
const programs = new Map<string, Program>();
const bySpec = new WeakMap<CelRuleSpec, CompiledRule>();

/**
 * Compiles a rule once (cached by its object and by its text). Skipped, with the reason:
 * transition rules (they compare with the stored object, `oldSelf`), rules that read metadata the
 * API server fills in, and rules that use what Meshlens does not provide (a gap: never reported).
 */
export function compileRule(rule: CelRuleSpec): CompiledRule {
	let out = bySpec.get(rule);
	if (!out) {
		out = compile(rule);
		bySpec.set(rule, out);
	}
	return out;
}

function compile(rule: CelRuleSpec): CompiledRule {
	if (rule.oo || /\boldSelf\b/.test(rule.r))
		return {
			ok: false,
			rule,
			reason: 'transition rule: compares with the stored object (oldSelf)',
		};
	if (/\bself\.metadata\b/.test(rule.r))
		return { ok: false, rule, reason: 'reads metadata, which the API server fills in' };
	const run = program(rule.r);
	if (typeof run === 'string') return { ok: false, rule, reason: run };
	const message = rule.me ? program(rule.me) : undefined;
	return {
		ok: true,
		rule,
		run,
		...(typeof message === 'function' ? { message } : {}),
	};
}

/** A compiled expression, or why it does not compile here (always a gap of ours). */
function program(text: string): Program {
	let p = programs.get(text);
	if (p === undefined) {
		p = build(text);
		programs.set(text, p);
	}
	return p;
}

function build(text: string): Program {
	try {
		const parsed = environment().parse(rewriteRule(text));
		const checked = parsed.check();
		if (!checked.valid) return `not supported here: ${errorSummary(checked.error)}`;
		return (self: unknown): unknown => parsed({ self }) as unknown;
	} catch (e) {
		return `not supported here: ${errorSummary(e)}`;
	}
}

/** What running a rule on one value gave. */
export type RuleOutcome =
	| { readonly result: 'pass' }
	| { readonly result: 'fail'; readonly message: string }
	/** The data made the rule fail to evaluate (the API server rejects the object too). */
	| { readonly result: 'error'; readonly message: string }
	/** Meshlens cannot decide the rule (a gap of ours): never reported. */
	| { readonly result: 'undecided'; readonly reason: string };

/** Runs a compiled rule with `self` = value. */
export function runRule(compiled: CompiledRule, self: unknown): RuleOutcome {
	if (!compiled.ok) return { result: 'undecided', reason: compiled.reason };
	let value: unknown;
	try {
		value = compiled.run(self);
	} catch (e) {
		if (classifyError(e) === 'gap') return { result: 'undecided', reason: errorSummary(e) };
		return {
			result: 'error',
			message: `${dataErrorText(e)} evaluating rule: ${ruleName(compiled)}`,
		};
	}
	if (value === true) return { result: 'pass' };
	if (value !== false)
		return { result: 'undecided', reason: `the rule gave ${typeof value}, not a boolean` };
	return { result: 'fail', message: failureMessage(compiled, self) };
}

/** How upstream names a rule in errors: its message, else the rule itself. */
function ruleName(c: CompiledRule): string {
	return c.rule.m ?? `failed rule: ${c.rule.r}`;
}

/** The messageExpression's value when it gives a non-empty one-line string, else the message. */
function failureMessage(c: CompiledRule & { ok: true }, self: unknown): string {
	if (c.message) {
		try {
			const m = c.message(self);
			if (typeof m === 'string' && m.trim() && !m.includes('\n')) return m;
		} catch {
			// upstream falls back to the message too
		}
	}
	return ruleName(c);
}
