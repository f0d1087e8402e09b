import type { Dataset } from '../dataset/schema';
import {
	COMMON_FIELDS,
	lookupPath,
	lookupValue,
	resolvePath,
	typeLabel,
	type Catalog,
	type KindInfo,
	type ResolvedField,
} from '../catalog/catalog';
import type { Discontinued, SchemaNode } from '../catalog/types';
import type { FeaturePath } from '../catalog/featurePaths';
import { documentAt, type Manifest } from '../yaml/documents';
import { cursorContext } from '../yaml/locate';
import type { OffsetRange } from '../yaml/text';

/** What hover shows at a position, as plain data. */
export interface HoverResult {
	readonly markdown: string;
	/** The word the hover is about, as offsets into the file. */
	readonly range: OffsetRange;
	readonly apiVersion: string;
	readonly kind: string;
	/** The catalog path (spec.http[].retries), or 'apiVersion'/'kind' for the resource itself. */
	readonly path: string;
	/** The field's type, or 'resource' on apiVersion and kind. */
	readonly type: string;
}

/** Display names for meshes the dataset may not list (e.g. Gateway API, which is not a mesh). */
const MESH_NAMES: Readonly<Record<string, string>> = {
	istio: 'Istio',
	linkerd: 'Linkerd',
	'gateway-api': 'Kubernetes Gateway API',
	consul: 'Consul',
	kuma: 'Kuma',
	'app-mesh': 'AWS App Mesh',
	cilium: 'Cilium',
};

/** The command link that opens the comparison on a feature or a mesh. */
export function comparisonLink(arg: { feature: string } | { mesh: string }): string {
	return `command:meshlens.openComparison?${encodeURIComponent(JSON.stringify([arg]))}`;
}

/** Reference pages for kinds our docs files do not cover yet, when the dataset has none. */
const MESH_DOCS: Readonly<Record<string, string>> = {
	'gateway-api': 'https://gateway-api.sigs.k8s.io/reference/spec/',
};

/** The docs URL of a kind: ours, else the mesh's docs from the dataset, else a known reference. */
export function kindDocsUrl(info: KindInfo, dataset: Dataset | undefined): string | undefined {
	return (
		info.docs?.docs ??
		dataset?.meshes.find((m) => m.id === info.mesh)?.docs ??
		MESH_DOCS[info.mesh]
	);
}

export function meshName(meshId: string, dataset: Dataset | undefined): string {
	return dataset?.meshes.find((m) => m.id === meshId)?.name ?? MESH_NAMES[meshId] ?? meshId;
}

/** Escapes text for inline markdown. */
function md(text: string): string {
	return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

function code(value: unknown): string {
	const s = typeof value === 'string' ? value : JSON.stringify(value);
	return `\`${(s ?? '').replace(/`/g, "'")}\``;
}

/**
 * Computes the hover at an offset of a parsed manifest: a key, the resource's apiVersion or kind,
 * or an enum value. Returns undefined anywhere it has nothing true to say.
 */
export async function hoverAt(
	manifest: Manifest,
	offset: number,
	catalog: Catalog,
	dataset: Dataset | undefined,
): Promise<HoverResult | undefined> {
	const doc = documentAt(manifest, offset);
	if (!doc || !(await catalog.hasGroup(doc.group))) return undefined;
	const info = await catalog.kind(doc.apiVersion, doc.kind);
	if (!info) return undefined;
	const ctx = cursorContext(doc, offset);
	if (!ctx) return undefined;
	let path: string[];
	let value: string | undefined;
	if (ctx.slot === 'key') {
		if (!ctx.key) return undefined;
		path = [...ctx.path, ctx.key];
	} else {
		path = [...ctx.path];
		value = ctx.value;
	}
	const base = { range: ctx.range, apiVersion: doc.apiVersion ?? '', kind: doc.kind ?? '' };
	if (path.length === 1 && (path[0] === 'apiVersion' || path[0] === 'kind')) {
		return {
			...base,
			markdown: kindMarkdown(info, dataset, path[0]),
			path: path[0],
			type: 'resource',
		};
	}
	const field = resolvePath(info.root, path);
	if (!field) return undefined;
	const featureId = info.docs ? lookupPath(info.docs.features, field.schemaPath) : undefined;
	// Only a field linked to a feature makes the catalog read every group's docs (once).
	const elsewhere = featureId
		? (await catalog.featurePaths(featureId)).filter((p) => p.mesh !== info.mesh)
		: [];
	let markdown = fieldMarkdown(info, field, dataset, path[path.length - 1] ?? '', elsewhere);
	if (value && ctx.slot === 'value') {
		const meaning = valueMarkdown(info, field, value);
		if (meaning) markdown = `${meaning}\n\n---\n\n${markdown}`;
	}
	return { ...base, markdown, path: field.schemaPath, type: typeLabel(field.node) };
}

/** What the resource is for, which mesh defines it, its versions and links. */
export function kindMarkdown(info: KindInfo, dataset: Dataset | undefined, on?: string): string {
	const mesh = meshName(info.mesh, dataset);
	const lines: string[] = [];
	lines.push(`**${md(info.kind)}** · ${code(info.apiVersion)} · ${md(mesh)}`);
	if (info.requestedVersion !== info.version) {
		lines.push(
			`⚠ ${code(info.requestedVersion)} is not a served version of ${md(info.kind)}; showing the structure of ${code(info.version)}.`,
		);
	}
	// Our docs are written in markdown (inline code in backticks), so they are not escaped.
	lines.push(info.docs?.summary ? info.docs.summary : `A ${md(mesh)} resource.`);
	lines.push(...kindStatus(info));
	if (on && COMMON_FIELDS[on]) lines.push(`*${on}*: ${COMMON_FIELDS[on]}`);
	const versions = info.versions
		.map((v) => (info.deprecatedVersions.includes(v) ? `${code(v)} (deprecated)` : code(v)))
		.join(', ');
	lines.push(`Served versions: ${versions}`);
	const links: string[] = [];
	const url = kindDocsUrl(info, dataset);
	if (url)
		links.push(`[${md(info.docs?.docs ? `${info.kind} reference` : `${mesh} docs`)}](${url})`);
	links.push(`[Compare ${md(mesh)} with other meshes](${comparisonLink({ mesh: info.mesh })})`);
	lines.push(links.join(' · '));
	return lines.join('\n\n');
}

/** Release line, replacement and end of life of a kind, one paragraph each (kind hover). */
export function kindStatus(info: KindInfo): string[] {
	const d = info.docs;
	if (!d) return [];
	const out: string[] = [];
	if (d.discontinued) out.push(discontinuedLine(d.discontinued, info.kind));
	if (d.release) out.push(`Release line: ${d.release}`);
	if (d.replacedBy?.length)
		out.push(`Replaced by: ${d.replacedBy.map((k) => `**${md(k)}**`).join(', ')}`);
	return out;
}

function discontinuedLine(d: Discontinued, kind: string): string {
	const successors = d.successors.length ? ` Successors: ${d.successors.join('; ')}.` : '';
	const note = d.note ? ` ${d.note}` : '';
	return `⚠ **Discontinued on ${md(d.date)}**: ${md(kind)} belongs to a service that has reached its end of life.${note}${successors}`;
}

/** One line for field hovers: the kind is legacy or discontinued (the kind hover has the rest). */
function kindNotice(info: KindInfo): string | undefined {
	const d = info.docs;
	if (d?.discontinued) {
		const s = d.discontinued.successors;
		return `⚠ ${md(info.kind)} is discontinued (${md(d.discontinued.date)})${s.length ? `; successors: ${s.join('; ')}` : ''}.`;
	}
	if (d?.replacedBy?.length) {
		const by = d.replacedBy.map((k) => `**${md(k)}**`).join(', ');
		return `Legacy kind${d.release ? ` (${d.release})` : ''}; replaced by ${by}.`;
	}
	return undefined;
}

function describe(info: KindInfo, field: ResolvedField): string | undefined {
	const p = field.schemaPath;
	if (p === 'apiVersion' || p === 'kind' || p === 'metadata' || p.startsWith('metadata.')) {
		return lookupPath(COMMON_FIELDS, p.replace(/\.\*$/, ''));
	}
	return info.docs ? lookupPath(info.docs.fields, p) : undefined;
}

function fieldMarkdown(
	info: KindInfo,
	field: ResolvedField,
	dataset: Dataset | undefined,
	key: string,
	elsewhere: readonly FeaturePath[],
): string {
	const { node } = field;
	const lines: string[] = [];
	// A map entry is shown under its own key (e.g. a label name), marked as an entry of the map.
	const name =
		field.name === '[]' ? 'item' : field.name === '*' ? `${key} (map entry)` : field.name;
	const header = [`**${md(name)}**`, code(typeLabel(node))];
	if (field.name !== '[]' && field.name !== '*')
		header.push(field.required ? 'required' : 'optional');
	if (node.dep)
		header.push(
			typeof node.dep === 'string' ? `deprecated: use ${code(node.dep)}` : 'deprecated',
		);
	lines.push(header.join(' · '));
	const description = describe(info, field);
	lines.push(
		description
			? description
			: '*No description yet; the structure comes from the upstream CRD.*',
	);
	const facts: string[] = [];
	const enumNode = node.e ? node : node.i?.e ? node.i : undefined;
	if (enumNode?.e) facts.push(`Allowed values: ${enumNode.e.map(code).join(', ')}`);
	if (node.d !== undefined) facts.push(`Default: ${code(node.d)}`);
	if (node.f && node.t === 'string') facts.push(`Format: ${code(node.f)}`);
	if (field.oneOf?.length) {
		facts.push(`Set at most one of this and ${field.oneOf.map(code).join(', ')}`);
	}
	if (node.o?.length) {
		for (const g of node.o) facts.push(`Takes one of ${g.map(code).join(', ')}`);
	}
	if (facts.length) lines.push(facts.join('  \n'));
	const where = [`${code(field.schemaPath)} in ${md(info.kind)}`];
	const url = kindDocsUrl(info, dataset);
	if (url) where.push(`[${info.docs?.docs ? 'Reference' : 'Docs'}](${url})`);
	lines.push(where.join(' · '));
	const notice = kindNotice(info);
	if (notice) lines.push(notice);
	const feature = featureMarkdown(info, field, dataset, elsewhere);
	if (feature) lines.push('---', feature);
	return lines.join('\n\n');
}

function valueMarkdown(info: KindInfo, field: ResolvedField, value: string): string | undefined {
	const enumNode: SchemaNode | undefined = field.node.e ? field.node : undefined;
	if (!enumNode?.e) return undefined;
	const known = enumNode.e.some((v) => String(v) === value);
	const meaning = info.docs ? lookupValue(info.docs.values, field.schemaPath, value) : undefined;
	if (!known) {
		return `⚠ ${code(value)} is not an allowed value of ${code(field.schemaPath)}.`;
	}
	return `**${code(value)}**${meaning ? `: ${meaning}` : ` is an allowed value of ${code(field.schemaPath)}.`}`;
}

const SUPPORT_LABEL: Readonly<Record<string, string>> = {
	full: 'full',
	partial: 'partial',
	preview: 'preview',
	enterprise: 'enterprise only',
	none: 'not supported',
	'n/a': 'not applicable',
	unknown: 'unknown',
};

/** How many kinds "In <mesh>: Kind `path`" lists, and how many paths per kind. */
const MAX_PATH_LINES = 10;
const MAX_PATHS_PER_KIND = 3;

/** "In Kuma: MeshRetry `spec.to[].default.http.numRetries`", one line per mesh and kind. */
export function pathsMarkdown(
	elsewhere: readonly FeaturePath[],
	dataset: Dataset | undefined,
	leaf = '',
): string | undefined {
	const byKind = new Map<string, { mesh: string; kind: string; paths: string[] }>();
	for (const p of elsewhere) {
		const key = `${p.mesh} ${p.group} ${p.kind}`;
		let entry = byKind.get(key);
		if (!entry) byKind.set(key, (entry = { mesh: p.mesh, kind: p.kind, paths: [] }));
		entry.paths.push(p.path);
	}
	// Paths ending in the hovered key's name first (retryOn ↔ retryOn), then the shortest, which
	// show where the feature's block sits; a bare `spec` says nothing.
	const rank = (p: string) => (lastName(p) === leaf ? 0 : p === 'spec' ? 2 : 1);
	for (const e of byKind.values())
		e.paths.sort((a, b) => rank(a) - rank(b) || a.length - b.length || a.localeCompare(b));
	// Kinds with a field of the same name first (numRetries ↔ numRetries), then by mesh.
	const entries = [...byKind.values()].sort(
		(a, b) =>
			rank(a.paths[0] ?? '') - rank(b.paths[0] ?? '') ||
			meshName(a.mesh, dataset).localeCompare(meshName(b.mesh, dataset)),
	);
	if (!entries.length) return undefined;
	const rows = entries.slice(0, MAX_PATH_LINES).map((e) => {
		const shown = e.paths
			.slice(0, MAX_PATHS_PER_KIND)
			.map((p) => code(p.replace(/^\*\*\./, '….')));
		const more = e.paths.length > shown.length ? ` (+${e.paths.length - shown.length})` : '';
		return `- In ${md(meshName(e.mesh, dataset))}: ${md(e.kind)} ${shown.join(', ')}${more}`;
	});
	const rest = entries.length - rows.length;
	return `The same feature in other meshes' manifests:\n\n${rows.join('\n')}${rest > 0 ? `\n- …and ${rest} more kinds` : ''}`;
}

function lastName(path: string): string {
	const m = /([^.[\]]+)(\[\])*$/.exec(path);
	return m?.[1] ?? '';
}

/** The feature a field implements and how the other meshes express it. */
function featureMarkdown(
	info: KindInfo,
	field: ResolvedField,
	dataset: Dataset | undefined,
	elsewhere: readonly FeaturePath[],
): string | undefined {
	const featureId = info.docs ? lookupPath(info.docs.features, field.schemaPath) : undefined;
	if (!featureId) return undefined;
	const feature = dataset?.features.find((f) => f.id === featureId);
	const title = feature ? md(feature.name) : code(featureId);
	const lines = [
		`Implements **${title}**${feature ? `: ${md(feature.description)}` : ''} [Open in comparison](${comparisonLink({ feature: featureId })})`,
	];
	const paths = pathsMarkdown(elsewhere, dataset, field.name);
	if (paths) lines.push(paths);
	const others = (dataset?.meshes ?? []).filter((m) => m.id !== info.mesh && m.cells[featureId]);
	const rows = others.slice(0, 12).map((m) => {
		const cell = m.cells[featureId];
		return `- **${md(m.name)}**: ${SUPPORT_LABEL[cell?.support ?? 'unknown'] ?? ''} · ${md(cell?.value ?? '')}`;
	});
	if (rows.length) lines.push(`In other meshes:\n\n${rows.join('\n')}`);
	if (others.length > rows.length)
		lines.push(`…and ${others.length - rows.length} more in the comparison.`);
	return lines.join('\n\n');
}
