import { isMap, isScalar, type Node } from 'yaml';
import type { Catalog, KindInfo } from '../catalog/catalog';
import type { CatalogIndex } from '../catalog/types';
import type { Dataset } from '../dataset/schema';
import type { SchemaNode } from '../catalog/types';
import type { Manifest, ManifestDocument } from '../yaml/documents';
import { PerDocument } from '../yaml/perDocument';
import { codeInfo } from './codes';
import { shiftDiagnostic } from './shift';
import { closest } from './similar';
import { applyRules, applySuppressions } from './suppress';
import type { Diagnostic, ValidateOptions } from './types';
import { templatedAst } from './templates';
import { walkValue, type WalkContext } from './walk';

const STRING: SchemaNode = { t: 'string' };
const NULLABLE_STRING: SchemaNode = { t: 'string', n: 1 };
const STRING_MAP: SchemaNode = { t: 'object', a: STRING };

/**
 * Kubernetes ObjectMeta as a user may write it; server-set fields are accepted, never required.
 * The API server decodes metadata into Go structs, so null (`labels:` with nothing) means unset.
 */
const OBJECT_META_FIELDS: SchemaNode = {
	t: 'object',
	p: {
		name: STRING,
		generateName: STRING,
		namespace: STRING,
		labels: STRING_MAP,
		annotations: STRING_MAP,
		finalizers: { t: 'array', i: STRING },
		ownerReferences: { t: 'array', i: { t: 'object', x: 1 } },
		uid: STRING,
		resourceVersion: STRING,
		generation: { t: 'integer' },
		creationTimestamp: NULLABLE_STRING,
		deletionTimestamp: NULLABLE_STRING,
		deletionGracePeriodSeconds: { t: 'integer' },
		selfLink: STRING,
		managedFields: { t: 'array', i: { t: 'object', x: 1 } },
	},
	y: [['name', 'generateName']],
};
const OBJECT_META: SchemaNode = {
	...OBJECT_META_FIELDS,
	p: Object.fromEntries(
		Object.entries(OBJECT_META_FIELDS.p ?? {}).map(([k, v]) => [k, { ...v, n: 1 as const }]),
	),
};

const roots = new WeakMap<SchemaNode, SchemaNode>();

/** The root schema for validation: the catalog's root with full ObjectMeta and a free `status`. */
function validationRoot(root: SchemaNode): SchemaNode {
	let out = roots.get(root);
	if (!out) {
		out = { ...root, p: { ...root.p, metadata: OBJECT_META, status: { t: 'any' } } };
		roots.set(root, out);
	}
	return out;
}

function report(
	doc: ManifestDocument,
	code: string,
	node: Node | undefined,
	message: string,
	suggestion?: string,
): Diagnostic {
	const r = node?.range ?? [0, 0];
	return {
		code,
		severity: codeInfo(code)?.severity ?? 'error',
		message,
		start: doc.start + r[0],
		end: doc.start + r[1],
		document: doc.index,
		path: '',
		...(suggestion ? { data: { suggestion } } : {}),
		...(suggestion && node?.range
			? {
					fixes: [
						{
							title: `Change to "${suggestion}"`,
							edits: [
								{
									start: doc.start + r[0],
									end: doc.start + r[1],
									newText: suggestion,
								},
							],
							isPreferred: true,
						},
					],
				}
			: {}),
	};
}

function topLevel(doc: ManifestDocument, key: string): Node | undefined {
	const root = doc.ast?.contents;
	if (!isMap(root)) return undefined;
	const v = root.get(key, true) as Node | undefined;
	return v ?? undefined;
}

/** YAML syntax errors of a document, each ranged on the place the parser stopped. */
function syntaxErrors(doc: ManifestDocument): Diagnostic[] {
	const out: Diagnostic[] = [];
	for (const e of doc.ast?.errors ?? []) {
		let [start, end] = e.pos;
		if (end <= start) {
			const line = doc.lines.positionAt(start).line;
			end = Math.max(start + 1, doc.lines.lineEnd(line));
		}
		// The parser places an error at the end of the input one character past it.
		if (end > doc.text.length) {
			[start, end] = [Math.max(0, Math.min(start, doc.text.length - 1)), doc.text.length];
		}
		const message =
			e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ??
			'YAML syntax error';
		out.push({
			code: 'ML9001',
			severity: 'error',
			message,
			start: doc.start + start,
			end: doc.start + end,
			document: doc.index,
			path: '',
		});
	}
	return out;
}

/** Checks one `---` document of a mesh API group; other documents give nothing. */
async function validateDocument(
	doc: ManifestDocument,
	catalog: Catalog,
	partial: boolean,
): Promise<{ diagnostics: Diagnostic[]; mesh?: string }> {
	if (!doc.group || !(await catalog.hasGroup(doc.group))) return { diagnostics: [] };
	const index = await catalog.index();
	return validateWith(doc, index, await catalog.kind(doc.apiVersion, doc.kind), partial);
}

/**
 * `validateDocument` once the catalog has answered: the index, and the kind of the document
 * (undefined when the catalog has no such kind). Runs without waiting, so a keystroke whose
 * document's kind is loaded validates it without a promise.
 */
function validateWith(
	doc: ManifestDocument,
	index: CatalogIndex,
	info: KindInfo | undefined,
	partial: boolean,
): { diagnostics: Diagnostic[]; mesh?: string } {
	if (!doc.ast || !doc.group) return { diagnostics: [] };
	const mesh = index.groups[doc.group]?.mesh;
	const original = doc.hasTemplates ? doc.raw : doc.text;
	// A template is read with its actions masked in place; what is still no YAML is left alone,
	// since the rendered output may be fine.
	const ast = doc.hasTemplates ? templatedAst(doc.ast, original) : doc.ast;
	if (!ast) return { diagnostics: [], ...(mesh ? { mesh } : {}) };
	if (ast.errors.length) return { diagnostics: syntaxErrors(doc), ...(mesh ? { mesh } : {}) };
	const out: Diagnostic[] = [];
	if (!info) {
		const kindNode = topLevel(doc, 'kind');
		if (doc.kind && isScalar(kindNode) && !doc.hasTemplates) {
			const kinds = Object.keys(index.groups[doc.group]?.kinds ?? {});
			const suggestion = closest(doc.kind, kinds);
			out.push(
				report(
					doc,
					'ML2001',
					kindNode,
					`${doc.group} has no kind "${doc.kind}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
					suggestion,
				),
			);
		}
		return { diagnostics: out, ...(mesh ? { mesh } : {}) };
	}
	const apiNode = topLevel(doc, 'apiVersion');
	if (info.version !== info.requestedVersion) {
		out.push(
			report(
				doc,
				'ML2002',
				apiNode,
				`${info.kind} is not served as ${doc.apiVersion} by the current upstream CRDs; served versions: ${info.versions.join(', ')}`,
			),
		);
		return { diagnostics: out, mesh: info.mesh };
	}
	if (info.deprecatedVersions.includes(info.version)) {
		const newer = info.versions.filter((v) => !info.deprecatedVersions.includes(v));
		out.push(
			report(
				doc,
				'ML4002',
				apiNode,
				`${info.apiVersion} ${info.kind} is deprecated${newer.length ? `; use ${newer.map((v) => `${info.group}/${v}`).join(' or ')}` : ''}`,
			),
		);
	}
	const ctx: WalkContext = { doc, original, partial, out, segments: [] };
	walkValue(ctx, ast.contents, validationRoot(info.root), undefined);
	return { diagnostics: out, mesh: info.mesh };
}

/**
 * Validates every mesh document of a manifest against the catalog: unknown fields, types, enums,
 * required fields, one-of/any-of groups, duplicate keys, patterns, formats, bounds, deprecations,
 * upstream CEL rules (x-kubernetes-validations, see ./cel) and YAML syntax. Documents of other API
 * groups are ignored. Diagnostics are sorted by offset.
 * Documents unchanged since an earlier call (the same parse, as ManifestCache keeps them across
 * edits) reuse their result, so validating after an edit costs the documents the edit touched.
 *
 * The signature is hover's and completion's: `validate(manifest, catalog, dataset?, options?)`.
 * The schema checks read the catalog only; the dataset is accepted for checks that need the
 * comparison data. For callers of the earlier form, an options object in third place is read as
 * the options.
 */
export async function validate(
	manifest: Manifest,
	catalog: Catalog,
	dataset?: Dataset | ValidateOptions,
	options?: ValidateOptions,
): Promise<Diagnostic[]> {
	if (dataset && !isDataset(dataset)) options ??= dataset;
	options ??= {};
	const partial = options.partial === true;
	const suppress = options.suppressions !== false;
	let all: Diagnostic[];
	if (options.incremental === false) {
		// One look at each document (`meshlens lint`): nothing is kept for later edits.
		all = [];
		for (let i = 0; i < manifest.documentCount; i++) {
			const doc = manifest.document(i);
			if (!doc) continue;
			const found = checkDocument(doc, catalog, partial, suppress);
			for (const d of found instanceof Promise ? await found : found) all.push(d);
		}
	} else all = await perDocument(catalog, partial, suppress).collect(manifest);
	// Each document's list is sorted and documents come in order: the whole list is sorted unless
	// a diagnostic strays out of its document's text (none is known to; checked when computed).
	if (strays > 0 && all.some((d, i) => i > 0 && byOffset(all[i - 1] as Diagnostic, d) > 0))
		all.sort(byOffset);
	return applyRules(all, options.rules);
}

function isDataset(x: Dataset | ValidateOptions): x is Dataset {
	return Array.isArray((x as Dataset).meshes) && Array.isArray((x as Dataset).features);
}

const byOffset = (a: Diagnostic, b: Diagnostic) =>
	a.start - b.start || a.end - b.end || a.code.localeCompare(b.code);

/**
 * One document's diagnostics, suppressions applied, sorted by offset. Without a promise when the
 * catalog has loaded what the document needs (its index, and its kind if of a catalog group).
 */
function checkDocument(
	doc: ManifestDocument,
	catalog: Catalog,
	partial: boolean,
	suppress: boolean,
): Diagnostic[] | Promise<Diagnostic[]> {
	const index = catalog.loadedIndex();
	if (index) {
		if (!doc.group || !Object.hasOwn(index.groups, doc.group)) return [];
		const info = catalog.loadedKind(doc.apiVersion, doc.kind);
		if (info) {
			const { diagnostics, mesh } = validateWith(doc, index, info, partial);
			return finishDocument(doc, diagnostics, mesh, suppress);
		}
	}
	return validateDocument(doc, catalog, partial).then(({ diagnostics, mesh }) =>
		finishDocument(doc, diagnostics, mesh, suppress),
	);
}

function finishDocument(
	doc: ManifestDocument,
	diagnostics: Diagnostic[],
	mesh: string | undefined,
	suppress: boolean,
): Diagnostic[] {
	if (!diagnostics.length) return diagnostics;
	const kept = suppress ? applySuppressions(doc, mesh, diagnostics) : diagnostics;
	const out = withUpstreamCodes(doc, kept);
	if (out.length > 1) out.sort(byOffset);
	if (out.some((d) => d.start < doc.start || d.end > doc.end)) strays++;
	return out;
}

/**
 * Each document's diagnostics, kept per catalog and options across edits: after a keystroke only
 * the documents it touched are validated again, the others' diagnostics are moved (see PerDocument).
 */
const kept = new WeakMap<Catalog, Map<string, PerDocument<Diagnostic>>>();

/**
 * Documents found with a diagnostic outside their own text. While there are none, the
 * concatenation of the documents' sorted lists is sorted, and a keystroke need not read every
 * diagnostic of the file again to check it.
 */
let strays = 0;

function perDocument(catalog: Catalog, partial: boolean, suppress: boolean) {
	let byOptions = kept.get(catalog);
	if (!byOptions) {
		byOptions = new Map();
		kept.set(catalog, byOptions);
	}
	const key = `${partial} ${suppress}`;
	let per = byOptions.get(key);
	if (!per) {
		per = new PerDocument(
			(doc) => checkDocument(doc, catalog, partial, suppress),
			shiftDiagnostic,
		);
		byOptions.set(key, per);
	}
	return per;
}

/** Whether an API group is one of Istio's (`networking.istio.io`, `security.istio.io`, …). */
export function isIstioGroup(group: string | undefined): boolean {
	return !!group && (group === 'istio.io' || group.endsWith('.istio.io'));
}

/** Tags the diagnostics of a document of an Istio group with the istioctl code of the same problem. */
function withUpstreamCodes(doc: ManifestDocument, diagnostics: Diagnostic[]): Diagnostic[] {
	if (!isIstioGroup(doc.group)) return diagnostics;
	return diagnostics.map((d) => {
		const upstream = codeInfo(d.code)?.upstream;
		return upstream ? { ...d, upstream } : d;
	});
}

/**
 * Applies the suppression comments and Istio's analyze-suppress annotation of each document to
 * diagnostics from any source (cross-resource analysis uses it for its own findings).
 */
export async function suppressDiagnostics(
	manifest: Manifest,
	diagnostics: readonly Diagnostic[],
	catalog: Catalog,
): Promise<Diagnostic[]> {
	const out: Diagnostic[] = [];
	const index = await catalog.index();
	for (const doc of manifest.documents) {
		const mine = diagnostics.filter((d) => d.document === doc.index);
		if (!mine.length) continue;
		const mesh = doc.group ? index.groups[doc.group]?.mesh : undefined;
		out.push(...applySuppressions(doc, mesh, mine));
	}
	return out;
}

/** `<Kind> [<namespace>/]<name>` of a document, for messages and machine output. */
export function resourceLabel(doc: ManifestDocument): string {
	const meta = topLevel(doc, 'metadata');
	let name = '';
	let namespace = '';
	if (isMap(meta)) {
		const n = meta.get('name', true) as Node | undefined;
		const ns = meta.get('namespace', true) as Node | undefined;
		if (isScalar(n) && isPrintable(n.value)) name = String(n.value);
		if (isScalar(ns) && isPrintable(ns.value)) namespace = String(ns.value);
	}
	const id = name ? `${namespace ? `${namespace}/` : ''}${name}` : '';
	return [doc.kind ?? '', id].filter(Boolean).join(' ');
}

function isPrintable(v: unknown): v is string | number | boolean {
	return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
