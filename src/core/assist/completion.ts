import type { Dataset } from '../dataset/schema';
import {
	COMMON_FIELDS,
	lookupPath,
	lookupValue,
	resolvePath,
	typeLabel,
	type Catalog,
	type KindInfo,
} from '../catalog/catalog';
import type { SchemaNode } from '../catalog/types';
import { documentAt, type Manifest, type ManifestDocument } from '../yaml/documents';
import { cursorContext, type CursorContext } from '../yaml/locate';
import type { OffsetRange } from '../yaml/text';
import { meshName } from './hover';
import {
	blockValue,
	escapeSnippet,
	flowValue,
	objectBody,
	scalarString,
	TabStops,
} from './snippets';

/** One completion, as plain data. `insertText` is a VS Code snippet when `snippet` is true. */
export interface CompletionItem {
	readonly label: string;
	readonly kind: 'property' | 'value' | 'apiVersion' | 'kind' | 'starter';
	readonly detail: string;
	readonly documentation?: string;
	readonly insertText: string;
	readonly snippet: boolean;
	/** The text the item replaces, as offsets into the file. */
	readonly range: OffsetRange;
	readonly sortText: string;
	readonly filterText?: string;
}

/** Required fields are filled in this many levels deep in inserted structure. */
const FILL_DEPTH = 3;

/**
 * Completions at an offset of a parsed manifest: keys valid at the cursor that are not set yet
 * (required ones first), enum and boolean values, apiVersion and kind values, and starter
 * snippets in an empty document.
 */
export async function completeAt(
	manifest: Manifest,
	offset: number,
	catalog: Catalog,
	dataset: Dataset | undefined,
): Promise<CompletionItem[]> {
	const doc = documentAt(manifest, offset);
	if (!doc) return [];
	if (isBlank(doc)) {
		const anyMesh = await anyMeshDocument(manifest, catalog);
		const allBlank = manifest.documents.every(isBlank);
		return anyMesh || allBlank ? starters(catalog, dataset, offset, doc) : [];
	}
	const ctx = cursorContext(doc, offset);
	if (!ctx) return [];
	const items = await itemsAt(doc, ctx, catalog, dataset);
	// Right after `key:` or `-` with no space yet, the inserted text brings its own space.
	const before = doc.text[ctx.range.start - doc.start - 1];
	if (ctx.range.start === ctx.range.end && (before === ':' || before === '-')) {
		return items.map((i) =>
			i.insertText.startsWith('\n') ? i : { ...i, insertText: ` ${i.insertText}` },
		);
	}
	return items;
}

async function itemsAt(
	doc: ManifestDocument,
	ctx: CursorContext,
	catalog: Catalog,
	dataset: Dataset | undefined,
): Promise<CompletionItem[]> {
	const known = await catalog.hasGroup(doc.group);
	if (!known) {
		// A document still being started: help write apiVersion and kind, nothing else.
		if (doc.apiVersion && !(await isMeshPrefix(catalog, doc.apiVersion))) return [];
		// Root keys only for a document whose kind is a mesh kind: other YAML files stay untouched.
		const meshKind = !!doc.kind && (await catalog.kinds()).some((k) => k.kind === doc.kind);
		return resourceKeys(doc, ctx, catalog, meshKind);
	}
	const info = await catalog.kind(doc.apiVersion, doc.kind);
	if (ctx.slot === 'value' && ctx.path.length === 1 && ctx.path[0] === 'apiVersion') {
		return apiVersionValues(catalog, ctx, doc.kind);
	}
	if (ctx.slot === 'value' && ctx.path.length === 1 && ctx.path[0] === 'kind') {
		return kindValues(catalog, dataset, ctx, doc.group);
	}
	if (!info) return resourceKeys(doc, ctx, catalog, true);
	if (ctx.slot === 'key' && ctx.openKey) {
		// A blank line under `spec:` with the cursor at its column or left of it: the keys of
		// spec, indented as they need, first; the keys that fit at the cursor's column after them.
		const below = openKeyItems(info, ctx, ctx.openKey);
		const here = keyItems(info, ctx, ctx.path, doc);
		if (below.length) {
			return [
				...below.map((i) => ({ ...i, sortText: `0${i.sortText}` })),
				...here.map((i) => ({ ...i, sortText: `1${i.sortText}` })),
			];
		}
		return here;
	}
	if (ctx.slot === 'key') return keyItems(info, ctx, ctx.path, doc);
	const field = resolvePath(info.root, ctx.path);
	if (!field) return [];
	if (ctx.freshItem && (field.node.p || field.node.t === 'object')) {
		return keyItems(info, ctx, ctx.path, doc);
	}
	// `key: ` whose value is an object or a list of objects: offer its keys on a new line below.
	if (!ctx.flow && !ctx.value && (field.node.p || field.node.i?.p)) {
		return keysBelow(info, ctx, field.node, field.schemaPath, doc);
	}
	return valueItems(info, ctx, field.node, field.schemaPath);
}

/**
 * The keys of an object (or of a new list item) for a value that is still empty on the `key:`
 * line: each inserts a line break, the key one level deeper, and its structure.
 */
function keysBelow(
	info: KindInfo,
	ctx: CursorContext,
	node: SchemaNode,
	schemaPath: string,
	doc: ManifestDocument,
): CompletionItem[] {
	const list = !node.p && !!node.i?.p;
	// Replace the blanks after the colon too, so no trailing space is left on the `key:` line.
	const rel = ctx.range.start - doc.start;
	const lineStart = doc.text.lastIndexOf('\n', rel - 1) + 1;
	const blanks = /[ \t]*$/.exec(doc.text.slice(lineStart, rel))?.[0].length ?? 0;
	const range = { start: ctx.range.start - blanks, end: ctx.range.end };
	const target = list ? node.i : node;
	if (!target?.p) return [];
	const prefix = list ? `${schemaPath}[]` : schemaPath;
	// Lines after the first are relative to the `key:` line's indentation.
	const keyIndent = list ? '    ' : '  ';
	return Object.entries(target.p)
		.map(([name, child]): CompletionItem => {
			const required = !!target.r?.includes(name);
			const value = blockValue(child, new TabStops(), FILL_DEPTH).replace(
				/\n/g,
				`\n${keyIndent}`,
			);
			return propertyItem(info, `${prefix}.${name}`, name, child, required, {
				insertText: `\n  ${list ? '- ' : ''}${escapeSnippet(name)}:${value}`,
				snippet: true,
				range,
			});
		})
		.sort((a, b) => a.sortText.localeCompare(b.sortText));
}

/**
 * The keys of an open `key:` on the line above, for a cursor that is not indented under it: each
 * is inserted with the indentation it needs (relative to the cursor's column) and its structure.
 */
function openKeyItems(
	info: KindInfo,
	ctx: CursorContext,
	open: NonNullable<CursorContext['openKey']>,
): CompletionItem[] {
	const field = resolvePath(info.root, open.path);
	if (!field) return [];
	const list = !field.node.p && !!field.node.i?.p;
	const target = list ? field.node.i : field.node;
	if (!target?.p) return [];
	const prefix = list ? `${field.schemaPath}[]` : field.schemaPath;
	const pad = ' '.repeat(Math.max(0, open.column - ctx.column));
	// Snippet lines after the first are relative to the cursor line; the key sits `pad` deeper
	// (and two more inside a new list item).
	const nested = `${pad}${list ? '  ' : ''}`;
	const parent = open.path.filter((p) => p !== '[]').at(-1) ?? '';
	const present = new Set(list ? [] : open.present);
	return Object.entries(target.p)
		.filter(([name]) => !present.has(name))
		.map(([name, child]): CompletionItem => {
			const required = !!target.r?.includes(name);
			const value = blockValue(child, new TabStops(), FILL_DEPTH).replace(
				/\n/g,
				`\n${nested}`,
			);
			const item = propertyItem(info, `${prefix}.${name}`, name, child, required, {
				insertText: `${pad}${list ? '- ' : ''}${escapeSnippet(name)}:${value}`,
				snippet: true,
				range: ctx.range,
				filterText: name,
			});
			return { ...item, detail: `${item.detail} · in ${parent}` };
		})
		.sort((a, b) => a.sortText.localeCompare(b.sortText));
}

function isBlank(doc: ManifestDocument): boolean {
	return !/^[ \t]*[^\s#]/m.test(doc.text);
}

async function anyMeshDocument(manifest: Manifest, catalog: Catalog): Promise<boolean> {
	for (const d of manifest.documents) if (await catalog.hasGroup(d.group)) return true;
	return false;
}

/** True while an apiVersion being typed could still become a catalog group. */
async function isMeshPrefix(catalog: Catalog, apiVersion: string): Promise<boolean> {
	const { groups } = await catalog.index();
	return Object.keys(groups).some((g) => g.startsWith(apiVersion) || apiVersion.startsWith(g));
}

function keyItems(
	info: KindInfo,
	ctx: CursorContext,
	container: readonly string[],
	doc: ManifestDocument,
): CompletionItem[] {
	const resolved = resolvePath(info.root, container);
	let node = resolved?.node;
	if (!resolved || !node) return [];
	let prefix = resolved.schemaPath;
	// On a line below a list of objects with no `- ` yet, offer the item's keys as a new item.
	const newItem = !node.p && !!node.i?.p && !ctx.flow;
	if (newItem && node.i) {
		node = node.i;
		prefix = `${prefix}[]`;
	}
	if (!node.p) return [];
	const present = new Set(newItem ? [] : ctx.present);
	// On an existing `key:` only the name is replaced; elsewhere the structure is inserted too.
	const { text } = doc;
	const start = ctx.range.start - doc.start;
	const end = ctx.range.end - doc.start;
	const hasColon = !newItem && /^[ \t]*:/.test(text.slice(end, end + 64));
	const lineStart = text.lastIndexOf('\n', start - 1) + 1;
	const lineIndent = /^[ \t]*/.exec(text.slice(lineStart, start))?.[0].length ?? 0;
	const extra = ctx.column - lineIndent + (newItem ? 2 : 0);
	const items: CompletionItem[] = [];
	for (const [name, child] of Object.entries(node.p)) {
		if (present.has(name)) continue;
		const required = !!node.r?.includes(name);
		const path = prefix ? `${prefix}.${name}` : name;
		const stops = new TabStops();
		let insertText: string;
		if (hasColon) insertText = escapeSnippet(name);
		else if (ctx.flow) insertText = `${escapeSnippet(name)}: ${flowValue(child, stops)}`;
		else insertText = `${escapeSnippet(name)}:${blockValue(child, stops, FILL_DEPTH)}`;
		if (newItem) insertText = `- ${insertText}`;
		// Snippet lines after the first are relative to the indentation of the cursor's line (the
		// editor adds it); a key after `- ` sits deeper than that, so add the difference.
		if (!ctx.flow && !hasColon && extra > 0)
			insertText = insertText.replace(/\n/g, `\n${' '.repeat(extra)}`);
		items.push(
			propertyItem(info, path, name, child, required, {
				insertText,
				snippet: !hasColon,
				range: ctx.range,
				...(newItem ? { filterText: name } : {}),
			}),
		);
	}
	return items.sort((a, b) => a.sortText.localeCompare(b.sortText));
}

/** A key completion: type, required and deprecated in the detail; required first, deprecated last. */
function propertyItem(
	info: KindInfo,
	path: string,
	name: string,
	child: SchemaNode,
	required: boolean,
	insert: Pick<CompletionItem, 'insertText' | 'snippet' | 'range' | 'filterText'>,
): CompletionItem {
	const description = describe(info, path);
	return {
		label: name,
		kind: 'property',
		detail: `${typeLabel(child)}${required ? ' · required' : ''}${child.dep ? ' · deprecated' : ''}`,
		...(description ? { documentation: description } : {}),
		...insert,
		sortText: `${required ? '0' : child.dep ? '2' : '1'}${name}`,
	};
}

function describe(info: KindInfo, path: string): string | undefined {
	if (path === 'apiVersion' || path === 'kind' || path.startsWith('metadata')) {
		return lookupPath(COMMON_FIELDS, path);
	}
	return info.docs ? lookupPath(info.docs.fields, path) : undefined;
}

function valueItems(
	info: KindInfo,
	ctx: CursorContext,
	node: SchemaNode,
	path: string,
): CompletionItem[] {
	const values: unknown[] = node.e ? [...node.e] : node.t === 'boolean' ? [true, false] : [];
	return values.map((v, i) => {
		const label = String(v);
		const meaning = info.docs ? lookupValue(info.docs.values, path, label) : undefined;
		return {
			label,
			kind: 'value',
			detail: `${path}${node.d !== undefined && scalarString(node.d) === label ? ' · default' : ''}`,
			...(meaning ? { documentation: meaning } : {}),
			insertText: quoteIfNeeded(label),
			snippet: false,
			range: ctx.range,
			sortText: String(i).padStart(4, '0'),
		};
	});
}

/** Quotes values YAML would read as another type (e.g. "true" for a string enum stays as typed). */
function quoteIfNeeded(value: string): string {
	if (value === '' || /^[\s'"&*!|>%@`#{[\]},?:-]|:\s|\s#|\s$/.test(value))
		return JSON.stringify(value);
	return value;
}

async function resourceKeys(
	doc: ManifestDocument,
	ctx: CursorContext,
	catalog: Catalog,
	offerKeys: boolean,
): Promise<CompletionItem[]> {
	if (ctx.slot === 'value' && ctx.path.length === 1 && ctx.path[0] === 'apiVersion') {
		return apiVersionValues(catalog, ctx, doc.kind);
	}
	if (ctx.slot === 'value' && ctx.path.length === 1 && ctx.path[0] === 'kind') {
		return kindValues(catalog, undefined, ctx, doc.group);
	}
	if (!offerKeys || ctx.slot !== 'key' || ctx.path.length || ctx.flow) return [];
	const present = new Set(ctx.present);
	return ['apiVersion', 'kind']
		.filter((k) => !present.has(k))
		.map((k, i) => ({
			label: k,
			kind: 'property' as const,
			detail: 'string · required',
			documentation: COMMON_FIELDS[k] ?? '',
			insertText: `${k}: $1`,
			snippet: true,
			range: ctx.range,
			sortText: `0${i}`,
		}));
}

async function apiVersionValues(
	catalog: Catalog,
	ctx: CursorContext,
	kind: string | undefined,
): Promise<CompletionItem[]> {
	const all = await catalog.kinds();
	const matching = kind ? all.filter((k) => k.kind === kind) : [];
	const list = matching.length ? matching : all;
	const seen = new Set<string>();
	const items: CompletionItem[] = [];
	for (const k of list) {
		if (seen.has(k.apiVersion)) continue;
		seen.add(k.apiVersion);
		items.push({
			label: k.apiVersion,
			kind: 'apiVersion',
			detail: matching.length ? `${k.kind} · ${k.mesh}` : k.mesh,
			insertText: k.apiVersion,
			snippet: false,
			range: ctx.range,
			sortText: String(items.length).padStart(4, '0'),
		});
	}
	return items;
}

async function kindValues(
	catalog: Catalog,
	dataset: Dataset | undefined,
	ctx: CursorContext,
	group: string | undefined,
): Promise<CompletionItem[]> {
	const all = await catalog.kinds();
	const inGroup = group ? all.filter((k) => k.apiVersion.startsWith(`${group}/`)) : [];
	const list = inGroup.length ? inGroup : all;
	const seen = new Set<string>();
	const items: CompletionItem[] = [];
	for (const k of list) {
		if (seen.has(k.kind)) continue;
		seen.add(k.kind);
		items.push({
			label: k.kind,
			kind: 'kind',
			detail: `${k.apiVersion} · ${meshName(k.mesh, dataset)}`,
			insertText: k.kind,
			snippet: false,
			range: ctx.range,
			sortText: k.kind,
		});
	}
	return items;
}

/** A complete starter for every kind (newest version), for an empty document. */
async function starters(
	catalog: Catalog,
	dataset: Dataset | undefined,
	offset: number,
	doc: ManifestDocument,
): Promise<CompletionItem[]> {
	const { groups } = await catalog.index();
	const items: CompletionItem[] = [];
	// Replace the word being typed on the current line, if any.
	const rel = offset - doc.start;
	const lineStart = doc.lines.lineStart(doc.lines.positionAt(rel).line);
	const before = doc.text.slice(lineStart, rel);
	const word = /[A-Za-z0-9./-]*$/.exec(before)?.[0] ?? '';
	const range = { start: offset - word.length, end: offset };
	for (const group of Object.keys(groups).sort()) {
		for (const kind of Object.keys(groups[group]?.kinds ?? {}).sort()) {
			const version = groups[group]?.kinds[kind]?.[0];
			if (!version) continue;
			const info = await catalog.kind(`${group}/${version}`, kind);
			if (!info) continue;
			items.push({
				label: kind,
				kind: 'starter',
				detail: `${info.apiVersion} · ${meshName(info.mesh, dataset)}`,
				...(info.docs?.summary ? { documentation: info.docs.summary } : {}),
				insertText: starterText(info),
				snippet: true,
				range,
				sortText: `${kind}/${group}`,
				filterText: `${kind} ${group}`,
			});
		}
	}
	return items;
}

/** The text of a new resource: apiVersion, kind, metadata and the required fields of spec. */
export function starterText(info: KindInfo): string {
	const stops = new TabStops();
	const lines = [
		`apiVersion: ${info.apiVersion}`,
		`kind: ${info.kind}`,
		'metadata:',
		`  name: \${${stops.next()}:${info.kind.toLowerCase()}}`,
	];
	const spec = info.root.p?.spec;
	if (spec) {
		if (spec.p) lines.push(`spec:\n${objectBody(spec, stops, FILL_DEPTH, '  ')}`);
		else lines.push(`spec:${blockValue(spec, stops, FILL_DEPTH)}`);
	}
	for (const name of info.root.r ?? []) {
		if (['apiVersion', 'kind', 'metadata', 'spec'].includes(name)) continue;
		const child = info.root.p?.[name];
		if (child) lines.push(`${name}:${blockValue(child, stops, FILL_DEPTH)}`);
	}
	return `${lines.join('\n')}\n`;
}
