import { isMap, isScalar, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { Mesh } from '../dataset/schema';
import type { TreeNode } from '../tree/meshTree';

/** A 0-based position, as in the editor (UTF-16 code units). */
export interface Position {
	readonly line: number;
	readonly character: number;
}

export interface Range {
	readonly start: Position;
	readonly end: Position;
}

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

/** A stream with more documents than this is generated data, not manifests; it is skipped. */
const MAX_DOCUMENTS = 10_000;

const GROUP = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VERSION = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The API group of an apiVersion: `networking.istio.io/v1` → `networking.istio.io`, `v1` → ``. */
export function apiGroup(apiVersion: string): string {
	const slash = apiVersion.lastIndexOf('/');
	return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * True for the groups Kubernetes itself serves (the core group, `apps`, `batch`, `*.k8s.io`…),
 * whose kinds are never mesh resources. The Gateway API groups are the exception.
 */
export function isKubernetesGroup(group: string): boolean {
	if (GATEWAY_API_GROUPS.has(group)) return false;
	// Custom resource groups must contain a dot; `*.k8s.io` is reserved for Kubernetes.
	return !group.includes('.') || group.endsWith('.k8s.io');
}

/**
 * Finds the objects of custom API groups in a (multi-document) YAML text. Plain Kubernetes
 * kinds, documents with syntax errors, Helm templates and anything that is not a manifest are
 * left out; nothing here throws. Values are read from the syntax tree, so aliases are never
 * expanded.
 */
export function findMeshResources(text: string): FoundResource[] {
	// Editors hide the byte-order mark, so positions are counted without it.
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	// A cheap test first: most YAML files in a workspace are not manifests, and NUL means binary.
	if (!text.includes('apiVersion') || text.includes('\u0000')) return [];
	const chunks = splitDocuments(text);
	if (chunks.length > MAX_DOCUMENTS) return [];
	const lineStarts = [0];
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
	const position = (offset: number): Position => {
		let lo = 0;
		let hi = lineStarts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
			else hi = mid - 1;
		}
		return { line: lo, character: offset - (lineStarts[lo] ?? 0) };
	};
	const found: FoundResource[] = [];
	chunks.forEach(([from, to], documentIndex) => {
		// Only chunks that may be manifests are parsed at all.
		const source = text.slice(from, to);
		if (!source.includes('apiVersion')) return;
		let doc: Document;
		let resource: ReadFields | undefined;
		try {
			doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false });
			resource = readResource(doc, source);
		} catch {
			// Pathological input (say, thousands of nested brackets) may exhaust the stack.
			return;
		}
		if (!resource || !doc.range) return;
		const start = from + (doc.contents?.range?.[0] ?? doc.range[0]);
		found.push({
			...resource.fields,
			documentIndex,
			range: { start: position(start), end: position(from + doc.range[1]) },
			...(resource.name
				? {
						nameRange: {
							start: position(from + resource.name[0]),
							end: position(from + resource.name[1]),
						},
					}
				: {}),
		});
	});
	return found;
}

/**
 * The [start, end) offsets of the documents of a stream. A `---` at the start of a line always
 * begins a document, so splitting there keeps a broken document (an unclosed quote, say) from
 * taking the ones after it along. What precedes the first `---` counts only if it has content.
 */
function splitDocuments(text: string): [number, number][] {
	const starts: number[] = [];
	for (const m of text.matchAll(/^---(?=[ \t\r\n]|$)/gm)) starts.push(m.index);
	const first = starts[0] ?? text.length;
	const preamble = text.slice(0, first);
	if (first > 0 && /^[ \t]*[^\s#%]/m.test(preamble)) starts.unshift(0);
	if (starts.length === 0) return [];
	return starts.map((s, i) => [s, starts[i + 1] ?? text.length]);
}

interface ReadFields {
	fields: Pick<FoundResource, 'apiVersion' | 'group' | 'kind' | 'name' | 'namespace'>;
	/** Offsets of the name value, quotes excluded. */
	name?: [number, number];
}

function readResource(doc: Document, text: string): ReadFields | undefined {
	if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
	const root = doc.contents;
	const apiVersion = stringAt(root, 'apiVersion')?.value;
	const kind = stringAt(root, 'kind')?.value;
	if (apiVersion === undefined || kind === undefined || !KIND.test(kind)) return undefined;
	const group = apiGroup(apiVersion);
	const version = apiVersion.slice(group ? group.length + 1 : 0);
	if (!VERSION.test(version) || (group && !GROUP.test(group)) || isKubernetesGroup(group)) {
		return undefined;
	}
	const metadata = valueAt(root, 'metadata');
	const meta = isMap(metadata) ? metadata : undefined;
	const nameNode = meta && stringAt(meta, 'name');
	const namespace = meta && stringAt(meta, 'namespace')?.value;
	// A Helm template that happens to parse is still not a resource anyone can find by name.
	if (nameNode?.value.includes('{{') || namespace?.includes('{{')) return undefined;
	const validName = nameNode && nameNode.value.length <= 253 && !CONTROL.test(nameNode.value);
	const fields = {
		apiVersion,
		group,
		kind,
		name: validName ? nameNode.value : '',
		...(namespace && namespace.length <= 63 && !CONTROL.test(namespace) ? { namespace } : {}),
	};
	if (!validName || !nameNode.range) return { fields };
	let [start, end] = nameNode.range;
	const quote = text[start];
	if ((quote === '"' || quote === "'") && end - start >= 2 && text[end - 1] === quote) {
		start += 1;
		end -= 1;
	}
	return { fields, name: [start, end] };
}

function valueAt(map: YAMLMap, key: string): unknown {
	for (const pair of map.items) {
		if (isScalar(pair.key) && pair.key.value === key) return pair.value;
	}
	return undefined;
}

/** A plain string scalar under `key`; numbers, aliases, maps and the like do not count. */
function stringAt(
	map: YAMLMap,
	key: string,
): { value: string; range?: [number, number, number] | null } | undefined {
	const node = valueAt(map, key);
	if (!isScalar(node) || typeof node.value !== 'string') return undefined;
	return { value: node.value, range: node.range };
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
