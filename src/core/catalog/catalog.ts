import { parse } from 'yaml';
import { applyTopFields } from './stubs';
import { buildFeaturePaths, type FeaturePath } from './featurePaths';
import type {
	CatalogIndex,
	Discontinued,
	CatalogLoader,
	GroupDocs,
	GroupSchema,
	KindDocs,
	KindSchema,
	SchemaNode,
} from './types';

/** A kind and version that the catalog knows, with its structure and our words about it. */
export interface KindInfo {
	readonly group: string;
	/** The version asked for, or the newest served one when that version is unknown. */
	readonly version: string;
	readonly requestedVersion: string;
	readonly kind: string;
	readonly apiVersion: string;
	readonly mesh: string;
	/** Every served version, newest first. */
	readonly versions: readonly string[];
	readonly deprecatedVersions: readonly string[];
	/** The resource root, including apiVersion, kind and metadata. */
	readonly root: SchemaNode;
	readonly docs?: KindDocs;
}

/** One entry of `meshlens kinds`. */
export interface KindEntry {
	readonly apiVersion: string;
	readonly kind: string;
	readonly mesh: string;
}

const STRING: SchemaNode = { t: 'string' };
const STRING_MAP: SchemaNode = { t: 'object', a: STRING };
const METADATA: SchemaNode = {
	t: 'object',
	p: {
		name: STRING,
		namespace: STRING,
		labels: STRING_MAP,
		annotations: STRING_MAP,
		generateName: STRING,
	},
	r: ['name'],
};

/** Descriptions of the fields every kind shares; the docs files describe spec and below. */
export const COMMON_FIELDS: Readonly<Record<string, string>> = {
	apiVersion:
		'The API group and version of this resource, written group/version. The group selects the mesh that reads it; the version selects which fields are accepted.',
	kind: 'The type of resource in the API group. Together with apiVersion it decides which fields the rest of the document may use.',
	metadata:
		'Standard Kubernetes object metadata: the name, namespace, labels and annotations of this resource.',
	'metadata.name':
		'The name of this resource, unique per kind within its namespace. Other resources refer to it by this name.',
	'metadata.namespace':
		'The namespace the resource lives in. Many mesh policies apply to their own namespace, and a resource in the mesh root namespace often applies mesh-wide.',
	'metadata.labels': 'Key/value pairs for selecting and grouping resources.',
	'metadata.annotations':
		'Key/value pairs for tools and controllers; several meshes read their own annotations from here.',
	'metadata.generateName':
		'A prefix for a generated name, used when metadata.name is left empty.',
};

/**
 * The schema catalog. Loads index.json on first use and each API group's schema and docs only when
 * a document of that group is met, so activation stays cheap.
 */
export class Catalog {
	private indexPromise?: Promise<CatalogIndex>;
	private readonly schemas = new Map<string, Promise<GroupSchema | undefined>>();
	private readonly docsFiles = new Map<string, Promise<GroupDocs | undefined>>();
	private featurePathsPromise?: Promise<Map<string, FeaturePath[]>>;
	/** apiVersion → kind → the answer of `kind` (catalog kinds only). */
	private readonly kindInfos = new Map<string, Map<string, Promise<KindInfo | undefined>>>();
	/** The index and the kinds of `kindInfos` once loaded, for `loadedIndex` and `loadedKind`. */
	private indexValue?: CatalogIndex;
	private readonly kindValues = new Map<string, Map<string, KindInfo>>();

	constructor(
		private readonly load: CatalogLoader,
		private readonly log: (message: string) => void = () => undefined,
	) {}

	/** The list of groups, kinds and versions (empty when index.json is missing or broken). */
	index(): Promise<CatalogIndex> {
		this.indexPromise ??= this.read('schemas/index.json').then((text) => {
			const data = safeJson(text) as CatalogIndex | undefined;
			this.indexValue = !data || typeof data.groups !== 'object' ? { groups: {} } : data;
			return this.indexValue;
		});
		return this.indexPromise;
	}

	/**
	 * The index when it is loaded (what `index()` resolved to), else undefined: a keystroke's
	 * validation reads it without waiting for a promise.
	 */
	loadedIndex(): CatalogIndex | undefined {
		return this.indexValue;
	}

	/**
	 * What `kind` answered for a catalog kind that is loaded, else undefined (not asked yet, still
	 * loading, or not a catalog kind: ask `kind`).
	 */
	loadedKind(apiVersion: string | undefined, kind: string | undefined): KindInfo | undefined {
		if (!apiVersion || !kind) return undefined;
		return this.kindValues.get(apiVersion)?.get(kind);
	}

	/** True when documents of this API group get hover and completion. */
	async hasGroup(group: string | undefined): Promise<boolean> {
		if (!group) return false;
		return Object.hasOwn((await this.index()).groups, group);
	}

	/** Every kind and served version, for `meshlens kinds` and apiVersion completion. */
	async kinds(): Promise<KindEntry[]> {
		const out: KindEntry[] = [];
		const { groups } = await this.index();
		for (const group of Object.keys(groups).sort()) {
			const g = groups[group];
			if (!g) continue;
			for (const kind of Object.keys(g.kinds).sort()) {
				for (const v of g.kinds[kind] ?? []) {
					out.push({ apiVersion: `${group}/${v}`, kind, mesh: g.mesh });
				}
			}
		}
		return out;
	}

	groupSchema(group: string): Promise<GroupSchema | undefined> {
		let p = this.schemas.get(group);
		if (!p) {
			p = this.read(`schemas/${group}.json`).then((text) => {
				const data = safeJson(text) as GroupSchema | undefined;
				if (!data || typeof data.kinds !== 'object') {
					if (text !== undefined) this.log(`catalog: schemas/${group}.json is not valid`);
					return undefined;
				}
				return data;
			});
			this.schemas.set(group, p);
		}
		return p;
	}

	groupDocs(group: string): Promise<GroupDocs | undefined> {
		let p = this.docsFiles.get(group);
		if (!p) {
			// docs/<group>.json is the build's copy of the YAML (one JSON.parse, ~500× faster).
			p = this.read(`docs/${group}.json`)
				.then((json) => json ?? this.read(`docs/${group}.yaml`))
				.then((text) => {
					if (text === undefined) return undefined;
					const docs = parseDocs(text);
					if (!docs)
						this.log(
							`catalog: docs/${group}.yaml could not be read; hover shows structure only`,
						);
					return docs;
				});
			this.docsFiles.set(group, p);
		}
		return p;
	}

	/**
	 * The fields of every group that implement a feature (docs `features:` maps). Reads all docs
	 * files the first time it is asked — only when a hover needs it — and keeps the result.
	 */
	async featurePaths(feature: string): Promise<readonly FeaturePath[]> {
		this.featurePathsPromise ??= this.index().then((index) =>
			buildFeaturePaths(index, (g) => this.groupDocs(g)),
		);
		return (await this.featurePathsPromise).get(feature) ?? [];
	}

	/**
	 * Looks up a kind by the apiVersion and kind of a document. The answer for a known kind is
	 * built once and shared (validation asks for every document; its schema root is then the same
	 * object each time, which keeps validation's per-root cache warm).
	 */
	kind(apiVersion: string | undefined, kind: string | undefined): Promise<KindInfo | undefined> {
		if (!apiVersion || !kind) return Promise.resolve(undefined);
		const held = this.kindInfos.get(apiVersion)?.get(kind);
		if (held) return held;
		const found = this.buildKind(apiVersion, kind);
		// Only answers for the catalog's own kinds are kept: a workspace's typos do not pile up.
		void found.then((info) => {
			if (!info) return;
			let byKind = this.kindInfos.get(apiVersion);
			if (!byKind) {
				byKind = new Map<string, Promise<KindInfo | undefined>>();
				this.kindInfos.set(apiVersion, byKind);
			}
			byKind.set(kind, found);
			let values = this.kindValues.get(apiVersion);
			if (!values) {
				values = new Map<string, KindInfo>();
				this.kindValues.set(apiVersion, values);
			}
			values.set(kind, info);
		});
		return found;
	}

	private async buildKind(apiVersion: string, kind: string): Promise<KindInfo | undefined> {
		const slash = apiVersion.lastIndexOf('/');
		if (slash <= 0) return undefined;
		const group = apiVersion.slice(0, slash);
		const requestedVersion = apiVersion.slice(slash + 1);
		if (!(await this.hasGroup(group))) return undefined;
		const schema = await this.groupSchema(group);
		const ks: KindSchema | undefined = schema?.kinds[kind];
		if (!schema || !ks || !Object.hasOwn(schema.kinds, kind)) return undefined;
		const versions = Object.keys(ks.versions);
		const version = Object.hasOwn(ks.versions, requestedVersion)
			? requestedVersion
			: versions[0];
		if (!version) return undefined;
		const node = versionNode(ks, version);
		const groupDocs = await this.groupDocs(group);
		const docs: KindDocs | undefined =
			groupDocs?.kinds[kind] ??
			(groupDocs?.discontinued
				? {
						discontinued: groupDocs.discontinued,
						topFields: {},
						features: {},
						fields: {},
						values: {},
					}
				: undefined);
		let root = withCommonFields(node ?? { t: 'object' });
		if (docs && Object.keys(docs.topFields).length)
			root = applyTopFields(root, docs.topFields).root;
		return {
			group,
			version,
			requestedVersion,
			kind,
			apiVersion: `${group}/${version}`,
			mesh: schema.mesh,
			versions,
			deprecatedVersions: ks.deprecated ?? [],
			root,
			...(docs ? { docs } : {}),
		};
	}

	private async read(path: string): Promise<string | undefined> {
		try {
			return await this.load(path);
		} catch (e) {
			this.log(`catalog: cannot read ${path}: ${(e as Error).message}`);
			return undefined;
		}
	}
}

function safeJson(text: string | undefined): unknown {
	if (text === undefined) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function versionNode(ks: KindSchema, version: string): SchemaNode | undefined {
	let v: SchemaNode | string | undefined = ks.versions[version];
	for (let i = 0; typeof v === 'string' && i < 8; i++) v = ks.versions[v];
	return typeof v === 'object' ? v : undefined;
}

function withCommonFields(node: SchemaNode): SchemaNode {
	return {
		...node,
		t: 'object',
		p: { apiVersion: STRING, kind: STRING, metadata: METADATA, ...(node.p ?? {}) },
		r: ['apiVersion', 'kind', 'metadata', ...(node.r ?? [])],
	};
}

/** Reads a docs file leniently: entries of the wrong shape are skipped, a broken file is undefined. */
export function parseDocs(text: string): GroupDocs | undefined {
	let data: unknown;
	try {
		// The build writes each docs file as JSON too; JSON is YAML, but JSON.parse is far faster.
		data = text.trimStart().startsWith('{')
			? JSON.parse(text)
			: parse(text, { maxAliasCount: 50, uniqueKeys: false });
	} catch {
		return undefined;
	}
	if (!isRecord(data) || !isRecord(data.kinds)) return undefined;
	const groupDiscontinued = parseDiscontinued(data.discontinued);
	const kinds: Record<string, KindDocs> = {};
	for (const [kind, raw] of Object.entries(data.kinds)) {
		if (!isRecord(raw)) continue;
		const replacedBy = stringList(raw.replacedBy);
		const discontinued = parseDiscontinued(raw.discontinued) ?? groupDiscontinued;
		kinds[kind] = {
			...(typeof raw.summary === 'string' ? { summary: raw.summary.trim() } : {}),
			...(typeof raw.docs === 'string' ? { docs: raw.docs.trim() } : {}),
			...(typeof raw.release === 'string' ? { release: raw.release.trim() } : {}),
			...(replacedBy.length ? { replacedBy } : {}),
			...(discontinued ? { discontinued } : {}),
			topFields: stringRecord(raw.topFields),
			features: stringRecord(raw.features),
			fields: stringRecord(raw.fields),
			values: stringRecord(raw.values),
		};
	}
	return {
		group: typeof data.group === 'string' ? data.group : '',
		...(typeof data.mesh === 'string' ? { mesh: data.mesh } : {}),
		...(groupDiscontinued ? { discontinued: groupDiscontinued } : {}),
		kinds,
	};
}

/** `discontinued: { date, successors, note? }`; the date may be written as a YAML date. */
function parseDiscontinued(v: unknown): Discontinued | undefined {
	if (!isRecord(v)) return undefined;
	const date =
		v.date instanceof Date
			? v.date.toISOString().slice(0, 10)
			: typeof v.date === 'string' || typeof v.date === 'number'
				? String(v.date).trim()
				: '';
	if (!date) return undefined;
	return {
		date,
		successors: stringList(v.successors),
		...(typeof v.note === 'string' && v.note.trim() ? { note: v.note.trim() } : {}),
	};
}

function stringList(v: unknown): string[] {
	if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
	return Array.isArray(v)
		? v.filter((s): s is string => typeof s === 'string' && !!s.trim()).map((s) => s.trim())
		: [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringRecord(v: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!isRecord(v)) return out;
	for (const [k, s] of Object.entries(v)) if (typeof s === 'string') out[k] = s.trim();
	return out;
}

/** A field found by walking a syntactic path through a schema. */
export interface ResolvedField {
	readonly node: SchemaNode;
	/** The catalog path: keys joined by '.', `[]` for items, `.*` for map values. */
	readonly schemaPath: string;
	/** The containing object (undefined at the root and for items and map values). */
	readonly parent?: SchemaNode;
	readonly name: string;
	readonly required: boolean;
	/** The other fields of a one-of group this field belongs to. */
	readonly oneOf?: readonly string[];
}

/** Joins path segments the catalog way: spec.http[].route[].destination, labels.* */
export function joinPath(segments: readonly string[]): string {
	let out = '';
	for (const s of segments) {
		if (s === '[]') out += '[]';
		else out += out ? `.${s}` : s;
	}
	return out;
}

/**
 * Walks a syntactic path (keys and `[]`) through a schema. Map values become `*`. Returns undefined
 * when the path leaves the schema (an unknown key, or free-form content).
 */
export function resolvePath(root: SchemaNode, path: readonly string[]): ResolvedField | undefined {
	let node: SchemaNode = root;
	let parent: SchemaNode | undefined;
	let name = '';
	const segments: string[] = [];
	for (const seg of path) {
		parent = undefined;
		if (seg === '[]') {
			if (!node.i) return undefined;
			node = node.i;
			name = '[]';
			segments.push('[]');
			continue;
		}
		const prop = node.p && Object.hasOwn(node.p, seg) ? node.p[seg] : undefined;
		if (prop) {
			parent = node;
			node = prop;
			name = seg;
			segments.push(seg);
		} else if (node.a) {
			node = node.a;
			name = '*';
			segments.push('*');
		} else {
			return undefined;
		}
	}
	const oneOf = parent?.o?.find((g) => g.includes(name))?.filter((n) => n !== name);
	return {
		node,
		schemaPath: joinPath(segments),
		...(parent ? { parent } : {}),
		name,
		required: !!parent?.r?.includes(name),
		...(oneOf?.length ? { oneOf } : {}),
	};
}

/** Finds our words for a path: an exact key wins, then the longest matching `**.` suffix rule. */
export function lookupPath(
	map: Readonly<Record<string, string>>,
	path: string,
): string | undefined {
	if (Object.hasOwn(map, path)) return map[path];
	let best: string | undefined;
	let bestLength = -1;
	for (const [key, text] of Object.entries(map)) {
		if (!key.startsWith('**.')) continue;
		const rest = key.slice(3);
		if ((path === rest || path.endsWith(`.${rest}`)) && rest.length > bestLength) {
			best = text;
			bestLength = rest.length;
		}
	}
	return best;
}

/** Finds what an enum value means: `path=VALUE` keys with the same exact/suffix rules. */
export function lookupValue(
	values: Readonly<Record<string, string>>,
	path: string,
	value: string,
): string | undefined {
	const exact = `${path}=${value}`;
	if (Object.hasOwn(values, exact)) return values[exact];
	let best: string | undefined;
	let bestLength = -1;
	for (const [key, text] of Object.entries(values)) {
		if (!key.startsWith('**.')) continue;
		const eq = key.lastIndexOf('=');
		if (eq === -1 || key.slice(eq + 1) !== value) continue;
		const rest = key.slice(3, eq);
		if ((path === rest || path.endsWith(`.${rest}`)) && rest.length > bestLength) {
			best = text;
			bestLength = rest.length;
		}
	}
	return best;
}

/** A readable type: string, integer (int32), string[], map[string]string, object. */
export function typeLabel(node: SchemaNode): string {
	if (node.t === 'array') return node.i ? `${typeLabel(node.i)}[]` : 'array';
	if (node.t === 'object' && node.a && !node.p) return `map[string]${typeLabel(node.a)}`;
	if (node.x) return 'object (free-form)';
	return node.f && node.t !== 'string' ? `${node.t} (${node.f})` : node.t;
}
