import { parseObjects, type ParsedObject, type Range } from './objects';
import { meshResourcesOf, type FoundResource, type ResourceFile } from './resources';

/** One object of the workspace model: a parsed object and where it lives. */
export interface WorkspaceObject extends ParsedObject {
	/** The file's identifier (a URI string in the editor, a path in the CLI). */
	readonly uri: string;
	/** Unique in the model: `<uri>#<documentIndex>`. */
	readonly id: string;
	/** `<group>/<kind>`, e.g. `networking.istio.io/VirtualService`, `/Service`, `apps/Deployment`. */
	readonly type: string;
	/**
	 * The namespace the object lives in: `metadata.namespace`, or `default` when it has none (as
	 * `kubectl apply` and `istioctl analyze` assume); '' for cluster-scoped kinds.
	 */
	readonly ns: string;
}

/** One file of the model, with the custom resources the Mesh Resources tree lists. */
export interface ModelFile extends ResourceFile {
	readonly objects: readonly WorkspaceObject[];
}

/** What one update changed: the objects before and after, for incremental re-analysis. */
export interface ModelChange {
	readonly uris: readonly string[];
	readonly removed: readonly WorkspaceObject[];
	readonly added: readonly WorkspaceObject[];
}

/** Kinds without a namespace. */
const CLUSTER_SCOPED = new Set(['/Namespace', 'gateway.networking.k8s.io/GatewayClass']);

export const DEFAULT_NAMESPACE = 'default';

/** `<group>/<kind>`: the model's key for a kind (kinds repeat across groups). */
export function typeOf(group: string, kind: string): string {
	return `${group}/${kind}`;
}

/**
 * The workspace model: every object of every file, keyed per file and indexed by type,
 * namespace and name. Replacing one file's text touches only that file's entries; the change it
 * returns lets the analysis re-run only what the change can affect. The Mesh Resources tree, the
 * analyzers and navigation all read this one model.
 */
export class WorkspaceModel {
	private readonly fileMap = new Map<string, ModelFile>();
	/** type → `<ns>/<name>` → objects (usually one; duplicates are kept in file order). */
	private readonly index = new Map<string, Map<string, WorkspaceObject[]>>();
	/** type → objects, in no particular order. */
	private readonly byType = new Map<string, Set<WorkspaceObject>>();
	private revision = 0;

	/** Increases with every change; caches compare it. */
	get version(): number {
		return this.revision;
	}

	/** Parses a file's text and replaces its entries. */
	setFile(uri: string, label: string, text: string): ModelChange {
		return this.setParsed(uri, label, parseObjects(text));
	}

	/** Replaces a file's entries with objects parsed elsewhere. */
	setParsed(uri: string, label: string, parsed: readonly ParsedObject[]): ModelChange {
		const removed = this.drop(uri);
		const objects = parsed.map((o) => toWorkspaceObject(uri, o));
		const file: ModelFile = { uri, label, objects, resources: meshResourcesOf(objects) };
		this.fileMap.set(uri, file);
		for (const o of objects) this.add(o);
		this.revision++;
		return { uris: [uri], removed, added: objects };
	}

	/** Forgets a file. */
	removeFile(uri: string): ModelChange {
		const removed = this.drop(uri);
		this.fileMap.delete(uri);
		this.revision++;
		return { uris: [uri], removed, added: [] };
	}

	/** Forgets every file. */
	clear(): ModelChange {
		const removed = [...this.objects()];
		const uris = [...this.fileMap.keys()];
		this.fileMap.clear();
		this.index.clear();
		this.byType.clear();
		this.revision++;
		return { uris, removed, added: [] };
	}

	has(uri: string): boolean {
		return this.fileMap.has(uri);
	}

	file(uri: string): ModelFile | undefined {
		return this.fileMap.get(uri);
	}

	get files(): ModelFile[] {
		return [...this.fileMap.values()];
	}

	/** Every object of every file. */
	*objects(): IterableIterator<WorkspaceObject> {
		for (const f of this.fileMap.values()) yield* f.objects;
	}

	/** Every object of a type (`<group>/<kind>`). */
	ofType(type: string): Iterable<WorkspaceObject> {
		return this.byType.get(type) ?? [];
	}

	countOf(type: string): number {
		return this.byType.get(type)?.size ?? 0;
	}

	/** The objects of a type with this namespace and name (more than one when duplicated). */
	lookup(type: string, ns: string, name: string): readonly WorkspaceObject[] {
		return this.index.get(type)?.get(`${ns}/${name}`) ?? [];
	}

	/** The first object of a type with this namespace and name. */
	get(type: string, ns: string, name: string): WorkspaceObject | undefined {
		return this.lookup(type, ns, name)[0];
	}

	/** The object whose document contains a position of a file. */
	objectAt(uri: string, line: number): WorkspaceObject | undefined {
		for (const o of this.fileMap.get(uri)?.objects ?? []) {
			if (line >= o.range.start.line && line <= o.range.end.line) return o;
		}
		return undefined;
	}

	private add(o: WorkspaceObject): void {
		let byName = this.index.get(o.type);
		if (!byName) this.index.set(o.type, (byName = new Map<string, WorkspaceObject[]>()));
		const key = `${o.ns}/${o.name}`;
		const list = byName.get(key);
		if (list) list.push(o);
		else byName.set(key, [o]);
		let set = this.byType.get(o.type);
		if (!set) this.byType.set(o.type, (set = new Set<WorkspaceObject>()));
		set.add(o);
	}

	private drop(uri: string): WorkspaceObject[] {
		const old = this.fileMap.get(uri);
		if (!old) return [];
		for (const o of old.objects) {
			const byName = this.index.get(o.type);
			const key = `${o.ns}/${o.name}`;
			const list = byName?.get(key)?.filter((x) => x !== o);
			if (list && list.length > 0) byName?.set(key, list);
			else byName?.delete(key);
			this.byType.get(o.type)?.delete(o);
		}
		return [...old.objects];
	}
}

function toWorkspaceObject(uri: string, o: ParsedObject): WorkspaceObject {
	const type = typeOf(o.group, o.kind);
	const ns = CLUSTER_SCOPED.has(type) ? '' : (o.namespace ?? DEFAULT_NAMESPACE);
	return { ...o, uri, id: `${uri}#${o.documentIndex}`, type, ns };
}

/** `<Kind> [<namespace>/]<name>`, as `istioctl analyze` names the resource of a message. */
export function originOf(o: Pick<WorkspaceObject, 'kind' | 'namespace' | 'name'>): string {
	return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** A place in a file: what related information and navigation point at. */
export interface Location {
	readonly uri: string;
	readonly range: Range;
}

/** Where an object is named: its `metadata.name`, or the start of its document. */
export function locationOf(o: WorkspaceObject): Location {
	return { uri: o.uri, range: o.nameRange ?? { start: o.range.start, end: o.range.start } };
}

export type { FoundResource };
