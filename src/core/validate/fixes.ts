import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { objectBody, TabStops } from '../assist/snippets';
import type { SchemaNode } from '../catalog/types';
import type { ManifestDocument } from '../yaml/documents';
import { closest } from './similar';
import type { QuickFix } from './types';

// Quick fixes are plain text edits on the whole file's text; ranges passed in are relative to the
// document (yaml node ranges), so each function adds doc.start.

type Range = readonly [number, number];

export function renameFix(keyRange: Range, docStart: number, from: string, to: string): QuickFix {
	return {
		title: `Change "${from}" to "${to}"`,
		edits: [{ start: docStart + keyRange[0], end: docStart + keyRange[1], newText: to }],
		isPreferred: true,
	};
}

export function quoteFix(doc: ManifestDocument, range: Range, source: string): QuickFix {
	return {
		title: 'Quote the value (make it a string)',
		edits: [
			{
				start: doc.start + range[0],
				end: doc.start + range[1],
				newText: JSON.stringify(source),
			},
		],
		isPreferred: true,
	};
}

/** Writes a value as a YAML scalar in the quoting style of `source`. */
function scalarText(value: string, source: string): string {
	const q = source[0];
	if (q === '"') return JSON.stringify(value);
	if (q === "'") return `'${value.replace(/'/g, "''")}'`;
	// Plain text that YAML would read as something else (or that has special characters) is quoted.
	const plainOk =
		/^[A-Za-z_/][\w./-]*$/.test(value) &&
		!/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value);
	return plainOk ? value : JSON.stringify(value);
}

/** One fix per allowed value; the closest one first and preferred. */
export function enumFixes(
	doc: ManifestDocument,
	range: Range,
	source: string,
	value: string,
	allowed: readonly string[],
): QuickFix[] {
	const best = closest(value, allowed);
	const ordered = best ? [best, ...allowed.filter((a) => a !== best)] : [...allowed];
	return ordered.slice(0, 20).map((a) => ({
		title: `Change to "${a}"`,
		edits: [
			{
				start: doc.start + range[0],
				end: doc.start + range[1],
				newText: scalarText(a, source),
			},
		],
		...(a === best ? { isPreferred: true } : {}),
	}));
}

/** The offset where the line after `offset`'s content starts (a value ending at a line start counts). */
function lineAfter(doc: ManifestDocument, offset: number): number {
	const pos = doc.lines.positionAt(offset);
	const line = pos.character === 0 && offset > 0 ? pos.line : pos.line + 1;
	return line < doc.lines.lineCount ? doc.lines.lineStart(line) : doc.text.length;
}

/** True when the key is the first thing on its line (a block mapping, not `- key:` or `{…}`). */
function keyStartsLine(doc: ManifestDocument, keyStart: number): boolean {
	const { lines } = doc;
	const ls = lines.lineStart(lines.positionAt(keyStart).line);
	return doc.text.slice(ls, keyStart).trim() === '';
}

/** Removes a whole `key: value` entry of a block mapping, its nested lines included. */
export function removePairFix(doc: ManifestDocument, pair: Pair): QuickFix[] {
	const key = pair.key as Node | null;
	const kr = key?.range;
	if (!kr || !keyStartsLine(doc, kr[0])) return [];
	const value = pair.value as Node | null;
	const end = value?.range ? value.range[1] : kr[1];
	const from = doc.lines.lineStart(doc.lines.positionAt(kr[0]).line);
	let to = lineAfter(doc, end);
	if (to === doc.text.length && from > 0 && !/\n$/.test(doc.text)) to = doc.text.length;
	return [
		{
			title: `Remove this duplicate "${String(isScalar(key) ? key.value : '')}" entry`,
			edits: [{ start: doc.start + from, end: doc.start + to, newText: '' }],
			isPreferred: true,
		},
	];
}

/** Inserts the missing required fields (with their own required fields) as a snippet. */
export function requiredFix(
	doc: ManifestDocument,
	map: YAMLMap,
	schema: SchemaNode,
	missing: readonly string[],
): QuickFix[] {
	if (map.flow || !map.items.length) return [];
	const first = map.items[0]?.key as Node | null;
	const last = map.items[map.items.length - 1];
	if (!first?.range || !last) return [];
	const indent = ' '.repeat(doc.lines.positionAt(first.range[0]).character);
	const lastEnd = ((last.value as Node | null)?.range ?? (last.key as Node | null)?.range)?.[1];
	if (lastEnd === undefined) return [];
	const at = lineAfter(doc, lastEnd);
	const body = objectBody({ ...schema, r: [...missing] }, new TabStops(), 2, indent);
	const atEnd = at === doc.text.length && !/\n$/.test(doc.text);
	return [
		{
			title: `Add the missing field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
			edits: [
				{
					start: doc.start + at,
					end: doc.start + at,
					newText: atEnd ? `\n${body}` : `${body}\n`,
				},
			],
			isPreferred: true,
			snippet: true,
		},
	];
}

/** Rewrites a deprecated field as its successor where the mapping is direct. */
export function deprecatedFixes(
	doc: ManifestDocument,
	pair: Pair,
	deprecated: SchemaNode,
	successor: SchemaNode,
	replacement: string,
): QuickFix[] {
	const key = pair.key as Node | null;
	const kr = key?.range;
	if (!kr || !isScalar(key)) return [];
	const name = String(key.value);
	const title = `Replace "${name}" with "${replacement}"`;
	if (successor.t === deprecated.t && !successor.p && !deprecated.p) {
		return [
			{
				title,
				edits: [{ start: doc.start + kr[0], end: doc.start + kr[1], newText: replacement }],
				isPreferred: true,
			},
		];
	}
	// An integer percentage whose successor is `{ value: <number> }` (Istio's Percent type).
	const value = pair.value as Node | null;
	const props = successor.p ? Object.keys(successor.p) : [];
	if (
		successor.t === 'object' &&
		props.length === 1 &&
		props[0] === 'value' &&
		(deprecated.t === 'integer' || deprecated.t === 'number') &&
		isScalar(value) &&
		typeof value.value === 'number' &&
		value.range &&
		!isMap(value) &&
		keyStartsLine(doc, kr[0])
	) {
		const indent = ' '.repeat(doc.lines.positionAt(kr[0]).character);
		return [
			{
				title,
				edits: [
					{
						start: doc.start + kr[0],
						end: doc.start + value.range[1],
						newText: `${replacement}:\n${indent}  value: ${value.value}`,
					},
				],
				isPreferred: true,
			},
		];
	}
	return [];
}
