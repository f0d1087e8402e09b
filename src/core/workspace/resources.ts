import type { Mesh } from '../dataset/schema';
import type { TreeNode } from '../tree/meshTree';
import { apiGroup, parseObjects, type ParsedObject, type Position, type Range } from './objects';

export { apiGroup, isKubernetesGroup } from './objects';
export type { Position, Range } from './objects';

/** One Kubernetes object of a custom API group found in a YAML text. */
export interface FoundResource {
	readonly apiVersion: string;
	/** The API group of apiVersion, e.g. `networking.istio.io`. */
	readonly group: string;
	readonly kind: string;
	/** `metadata.name`, or an empty string when the document has none. */
	readonly name: string;
	readonly namespace?: string;
	/** The index of the document in the file, counting every `---` document from 0. */
	readonly documentIndex: number;
	/** From the first node of the document to its end. */
	readonly range: Range;
	/** The `metadata.name` value without its quotes. */
	readonly nameRange?: Range;
}

/** The mesh (or the Gateway API pseudo-mesh) a resource is grouped under. */
export interface MeshRef {
	readonly id: string;
	readonly name: string;
}

export interface ResourceFile {
	/** An opaque identifier, passed back to the reveal command. */
	readonly uri: string;
	/** What the user sees, usually the workspace-relative path. */
	readonly label: string;
	readonly resources: readonly FoundResource[];
}

export const GATEWAY_API: MeshRef = { id: 'gateway-api', name: 'Gateway API' };
const GATEWAY_API_GROUPS = new Set(['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io']);

/** The custom resources of a parsed file, as the Mesh Resources tree lists them. */
export function meshResourcesOf(objects: readonly ParsedObject[]): FoundResource[] {
	const out: FoundResource[] = [];
	for (const o of objects) {
		if (o.builtin) continue;
		out.push({
			apiVersion: o.apiVersion,
			group: o.group,
			kind: o.kind,
			name: o.name,
			...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
			documentIndex: o.documentIndex,
			range: o.range,
			...(o.nameRange ? { nameRange: o.nameRange } : {}),
		});
	}
	return out;
}

/**
 * Finds the objects of custom API groups in a (multi-document) YAML text. Plain Kubernetes
 * kinds, documents with syntax errors, Helm templates and anything that is not a manifest are
 * left out; nothing here throws.
 */
export function findMeshResources(text: string): FoundResource[] {
	return meshResourcesOf(parseObjects(text));
}

/** The meshes as far as resource grouping needs them. */
export type MeshKinds = Pick<Mesh, 'id' | 'name' | 'variantOf' | 'basedOn' | 'manifestKinds'>;

/**
 * Maps an API group to the mesh that owns it, from the dataset's `manifestKinds`. When several
 * meshes list a group, a mesh of its own (no `variantOf`/`basedOn`) wins over its derivatives,
 * then the name decides. The Gateway API groups always map to the Gateway API.
 */
export function meshGroupIndex(dataset: {
	readonly meshes: readonly MeshKinds[];
}): (group: string) => MeshRef | undefined {
	const derived = (m: MeshKinds): number => (m.variantOf || m.basedOn ? 1 : 0);
	const ranked = [...dataset.meshes].sort(
		(a, b) =>
			derived(a) - derived(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
	);
	const index = new Map<string, MeshRef>();
	for (const mesh of ranked) {
		for (const k of mesh.manifestKinds) {
			const group = apiGroup(k.apiVersion);
			if (group && !index.has(group)) index.set(group, { id: mesh.id, name: mesh.name });
		}
	}
	return (group) => (GATEWAY_API_GROUPS.has(group) ? GATEWAY_API : index.get(group));
}

/** How many of the files' resources belong to a known mesh (what the tree shows). */
export function countMeshResources(
	files: readonly ResourceFile[],
	meshOfGroup: (group: string) => MeshRef | undefined,
): number {
	let n = 0;
	for (const f of files) for (const r of f.resources) if (meshOfGroup(r.group)) n++;
	return n;
}

interface Entry {
	readonly file: ResourceFile;
	readonly resource: FoundResource;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The label of a resource: its name, and its namespace after a middle dot. */
export function resourceLabel(r: Pick<FoundResource, 'name' | 'namespace'>): string {
	const name = r.name || '(no name)';
	return r.namespace ? `${name} · ${r.namespace}` : name;
}

/**
 * The Mesh Resources tree: mesh → kind → resource, each level sorted by name (the Gateway API
 * after the meshes) with counts in the descriptions. Resources of groups no mesh claims are
 * left out.
 */
export function buildResourceTree(
	files: readonly ResourceFile[],
	meshOfGroup: (group: string) => MeshRef | undefined,
): TreeNode[] {
	const meshes = new Map<string, { mesh: MeshRef; kinds: Map<string, Entry[]> }>();
	for (const file of files) {
		for (const resource of file.resources) {
			const mesh = meshOfGroup(resource.group);
			if (!mesh) continue;
			let m = meshes.get(mesh.id);
			if (!m) meshes.set(mesh.id, (m = { mesh, kinds: new Map() }));
			const kindKey = `${resource.group}/${resource.kind}`;
			let entries = m.kinds.get(kindKey);
			if (!entries) m.kinds.set(kindKey, (entries = []));
			entries.push({ file, resource });
		}
	}
	const order = (a: MeshRef): number => (a.id === GATEWAY_API.id ? 1 : 0);
	return [...meshes.values()]
		.sort((a, b) => order(a.mesh) - order(b.mesh) || collator.compare(a.mesh.name, b.mesh.name))
		.map(({ mesh, kinds }) => meshNode(mesh, kinds));
}

function meshNode(mesh: MeshRef, kinds: Map<string, Entry[]>): TreeNode {
	const id = `resources/mesh:${mesh.id}`;
	const groups = [...kinds.entries()].sort(
		([ka, a], [kb, b]) => collator.compare(kindOf(a), kindOf(b)) || collator.compare(ka, kb),
	);
	const kindCounts = new Map<string, number>();
	for (const [, entries] of groups) {
		kindCounts.set(kindOf(entries), (kindCounts.get(kindOf(entries)) ?? 0) + 1);
	}
	const total = groups.reduce((n, [, entries]) => n + entries.length, 0);
	const fileCount = new Set(groups.flatMap(([, e]) => e.map((x) => x.file.uri))).size;
	return {
		id,
		label: mesh.name,
		description: String(total),
		tooltip: `**${escapeMarkdown(mesh.name)}**: ${plural(total, 'resource')} of ${plural(groups.length, 'kind')} in ${plural(fileCount, 'file')}`,
		icon: mesh.id === GATEWAY_API.id ? { id: 'globe' } : { id: 'type-hierarchy-sub' },
		contextValue: 'meshResourceMesh',
		expanded: true,
		children: groups.map(([key, entries]) => {
			const kind = kindOf(entries);
			// Two groups of one mesh may both have, say, an AuthorizationPolicy.
			const ambiguous = (kindCounts.get(kind) ?? 0) > 1;
			const group = entries[0]?.resource.group ?? '';
			return kindNode(`${id}/kind:${key}`, kind, group, ambiguous, entries);
		}),
	};
}

function kindOf(entries: readonly Entry[]): string {
	return entries[0]?.resource.kind ?? '';
}

function kindNode(
	id: string,
	kind: string,
	group: string,
	ambiguous: boolean,
	entries: Entry[],
): TreeNode {
	const sorted = [...entries].sort(
		(a, b) =>
			collator.compare(a.resource.name, b.resource.name) ||
			collator.compare(a.resource.namespace ?? '', b.resource.namespace ?? '') ||
			collator.compare(a.file.label, b.file.label) ||
			a.resource.documentIndex - b.resource.documentIndex,
	);
	return {
		id,
		label: kind,
		description: ambiguous ? `${entries.length} · ${group}` : String(entries.length),
		tooltip: `**${escapeMarkdown(kind)}** (${escapeMarkdown(group)}): ${plural(entries.length, 'resource')}`,
		icon: { id: 'symbol-class' },
		contextValue: 'meshResourceKind',
		children: sorted.map(({ file, resource: r }) => {
			const line = (r.nameRange ?? r.range).start.line + 1;
			return {
				id: `${id}/${file.uri}#${r.documentIndex}`,
				label: resourceLabel(r),
				description: file.label,
				tooltip: [
					`**${escapeMarkdown(r.kind)}** \`${escapeCode(r.name || '(no name)')}\``,
					...(r.namespace ? [`Namespace: \`${escapeCode(r.namespace)}\``] : []),
					`API version: \`${escapeCode(r.apiVersion)}\``,
					`${escapeMarkdown(file.label)}, line ${line}`,
				].join('\n\n'),
				icon: { id: 'symbol-object' },
				contextValue: 'meshResource',
				command: {
					command: 'meshlens.revealResource',
					title: 'Reveal Resource',
					args: [
						{
							uri: file.uri,
							range: r.nameRange ?? { start: r.range.start, end: r.range.start },
						},
					],
				},
			};
		}),
	};
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function escapeMarkdown(s: string): string {
	return s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}

function escapeCode(s: string): string {
	return s.replace(/`/g, "'");
}

/** What `meshlens.revealResource` receives; the file start when the range is missing or bad. */
export interface RevealTarget {
	readonly uri: string;
	readonly range: Range;
}

/** Validates the argument of `meshlens.revealResource`, which any extension can call. */
export function parseRevealTarget(arg: unknown): RevealTarget | undefined {
	if (!arg || typeof arg !== 'object') return undefined;
	const { uri, range } = arg as { uri?: unknown; range?: unknown };
	if (typeof uri !== 'string' || !uri) return undefined;
	const position = (p: unknown): Position | undefined => {
		const { line, character } = (p ?? {}) as { line?: unknown; character?: unknown };
		const ok = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
		return ok(line) && ok(character) ? { line, character } : undefined;
	};
	const r = (range ?? {}) as { start?: unknown; end?: unknown };
	const start = position(r.start);
	const end = position(r.end);
	const origin = { line: 0, character: 0 };
	return { uri, range: start && end ? { start, end } : { start: origin, end: origin } };
}

/**
 * One glob for `workspace.findFiles`' exclude argument from `files.exclude` and `search.exclude`
 * objects: the keys set to `true`. Brace groups are expanded first, because VS Code's glob has
 * no nested braces; conditional (`{ when: … }`) entries are left out.
 */
export function excludeGlob(...settings: readonly unknown[]): string | undefined {
	const patterns = new Set<string>();
	for (const setting of settings) {
		if (!setting || typeof setting !== 'object') continue;
		for (const [key, enabled] of Object.entries(setting)) {
			if (enabled !== true || !key.trim()) continue;
			for (const p of expandBraces(key.trim())) patterns.add(p);
		}
	}
	if (patterns.size === 0) return undefined;
	const list = [...patterns];
	return list.length === 1 ? list[0] : `{${list.join(',')}}`;
}

/** `a/{b,c}/*.{x,y}` → the four plain patterns; unbalanced braces or commas outside yield nothing. */
export function expandBraces(pattern: string, limit = 256): string[] {
	const open = pattern.indexOf('{');
	if (open < 0) return pattern.includes('}') || pattern.includes(',') ? [] : [pattern];
	let depth = 0;
	let close = -1;
	const commas: number[] = [];
	for (let i = open; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '{') depth++;
		else if (c === '}' && --depth === 0) {
			close = i;
			break;
		} else if (c === ',' && depth === 1) commas.push(i);
	}
	if (close < 0) return [];
	const head = pattern.slice(0, open);
	if (head.includes('}') || head.includes(',')) return [];
	const tail = pattern.slice(close + 1);
	const bounds = [open, ...commas, close];
	const out: string[] = [];
	for (let i = 0; i + 1 < bounds.length && out.length < limit; i++) {
		const alt = pattern.slice((bounds[i] ?? 0) + 1, bounds[i + 1]);
		out.push(...expandBraces(head + alt + tail, limit - out.length));
	}
	return out;
}
