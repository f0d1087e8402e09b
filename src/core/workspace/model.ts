import type { Manifest } from '../yaml/documents';
import { modelFile, toWorkspaceObject, type ModelFile, type WorkspaceObject } from './modelObjects';
import {
	manifestObjectsReusing,
	parseObjectsReusing,
	type FactsCache,
	type ParsedObject,
	type Range,
} from './objects';

export {
	DEFAULT_NAMESPACE,
	locationOf,
	originOf,
	typeOf,
	type FoundResource,
	type Location,
	type ModelFile,
	type WorkspaceObject,
} from './modelObjects';

/** What one update changed: the objects before and after, for incremental re-analysis. */
/** One file of a bulk load ({@link WorkspaceModel.setAllParsed}): its objects, parsed elsewhere. */
export interface ParsedFile {
	readonly uri: string;
	readonly label: string;
	readonly objects: readonly ParsedObject[];
	/** A kustomize patch (see {@link WorkspaceModel.setPartialFiles}). */
	readonly partial?: boolean;
}

export interface ModelChange {
	readonly uris: readonly string[];
	readonly removed: readonly WorkspaceObject[];
	readonly added: readonly WorkspaceObject[];
	/**
	 * The dependency keys ({@link depKey}) the change touches: every read whose key is here may
	 * answer differently now. Absent after `clear()` (everything changed).
	 */
	readonly keys?: ReadonlySet<string>;
}

/** How many changes the model remembers for {@link WorkspaceModel.changesSince}. */
const CHANGE_LOG = 256;

/**
 * A derived index over the model: the entries each object contributes, by key (the Services and
 * ServiceEntry hosts by FQDN, the workloads by namespace…). The model builds it on its first
 * query and then keeps it up to date object by object, so a change costs only the changed
 * objects' entries, never a rebuild from the whole workspace.
 */
export interface ModelIndex<V> {
	readonly name: string;
	/** The types whose objects contribute entries. */
	readonly types: readonly string[];
	entries(o: WorkspaceObject): readonly (readonly [key: string, value: V])[];
}

/** Declares a derived index (a module-level constant; each model keeps its own copy of it). */
export function defineIndex<V>(
	name: string,
	types: readonly string[],
	entries: (o: WorkspaceObject) => readonly (readonly [string, V])[],
): ModelIndex<V> {
	return { name, types, entries };
}

interface BuiltIndex {
	readonly def: ModelIndex<unknown>;
	readonly byKey: Map<string, unknown[]>;
	readonly perObject: Map<WorkspaceObject, readonly (readonly [string, unknown])[]>;
	/** How many entries it holds. */
	size: number;
}

/**
 * The keys of what a read of the model depends on. The model records them while an analyzer
 * runs ({@link WorkspaceModel.recording}) and lists those a change touches
 * ({@link ModelChange.keys}); the analysis re-runs a check only when the two meet.
 */
export const depKey = {
	/** Every object of a type (`ofType`). */
	type: (type: string): string => `t|${type}`,
	/** Whether any object of a type exists (`hasType`): touched only when that flips. */
	present: (type: string): string => `h|${type}`,
	/** The objects of a type in one namespace (`inNamespace`). */
	namespace: (type: string, ns: string): string => `n|${type}|${ns}`,
	/** Whether a namespace has any object of a type (`anyIn`): touched only when that flips. */
	presentIn: (type: string, ns: string): string => `m|${type}|${ns}`,
	/** The objects of a type with one namespace and name (`lookup`, `get`). */
	object: (type: string, ns: string, name: string): string => `o|${type}|${ns}/${name}`,
	/** The entries of an index under one key (`query`). */
	index: (index: string, key: string): string => `i|${index}|${key}`,
	/** Every entry of an index (`queryAll`). */
	indexAll: (index: string): string => `a|${index}`,
	/** Whether an index has any entry (`hasEntries`): touched only when that flips. */
	indexPresent: (index: string): string => `p|${index}`,
	/** Everything (`objects`, `files`). */
	everything: '*',
} as const;

/**
 * The workspace model: every object of every file, keyed per file and indexed by type,
 * namespace and name, plus derived indexes ({@link ModelIndex}). Replacing one file's text
 * touches only that file's entries; the change it returns names the keys it touched, so the
 * analysis re-runs only the checks that read one of them. The Mesh Resources tree, the
 * analyzers and navigation all read this one model.
 */
export class WorkspaceModel {
	private readonly fileMap = new Map<string, ModelFile>();
	/** Per file, its documents' facts by text, so that an edit reparses only what it touched. */
	private readonly facts = new Map<string, FactsCache>();
	/** type → `<ns>/<name>` → objects (usually one; duplicates are kept in file order). */
	private readonly index = new Map<string, Map<string, WorkspaceObject[]>>();
	/** type → objects, in no particular order. */
	private readonly byType = new Map<string, Set<WorkspaceObject>>();
	/** type → namespace → objects. */
	private readonly byNamespace = new Map<string, Map<string, Set<WorkspaceObject>>>();
	private readonly derived = new Map<ModelIndex<unknown>, BuiltIndex>();
	/**
	 * Files a kustomization names as patches: partial objects that kustomize merges into a base.
	 * Their objects stay in their file (the tree lists them) but are in no index, so no analyzer
	 * reports on them, takes them for the resource they patch or counts them as a second one.
	 */
	private readonly partialFiles = new Set<string>();
	private recorder: Set<string> | undefined;
	private revision = 0;
	/** The last changes, each with the version it led to (for caches that follow the model). */
	private readonly log: { version: number; change: ModelChange }[] = [];

	/** Increases with every change; caches compare it. */
	get version(): number {
		return this.revision;
	}

	/**
	 * Runs `fn` and adds to `deps` the key ({@link depKey}) of every read it makes through this
	 * model, so that a later change re-runs it only when the change touches one of them.
	 */
	recording<R>(deps: Set<string>, fn: () => R): R {
		const outer = this.recorder;
		this.recorder = deps;
		try {
			return fn();
		} finally {
			this.recorder = outer;
		}
	}

	/**
	 * The changes since a version, oldest first; undefined when they are no longer all known
	 * (too many since, or a `clear`): then rebuild from scratch.
	 */
	changesSince(version: number): ModelChange[] | undefined {
		if (version === this.revision) return [];
		const first = this.log[0];
		if (!first || first.version > version + 1) return undefined;
		const out = this.log.filter((e) => e.version > version).map((e) => e.change);
		return out.some((c) => !c.keys) ? undefined : out;
	}

	private logged(change: ModelChange): ModelChange {
		this.revision++;
		this.log.push({ version: this.revision, change });
		if (this.log.length > CHANGE_LOG) this.log.shift();
		return change;
	}

	/**
	 * Parses a file's text and replaces its entries. Documents whose text is unchanged since the
	 * file's last text are not parsed again, and their objects stay as they are (and out of the
	 * change) unless an edit above them moved them.
	 */
	setFile(uri: string, label: string, text: string): ModelChange {
		const { objects, facts } = parseObjectsReusing(text, this.facts.get(uri));
		const change = this.setParsed(uri, label, objects);
		this.facts.set(uri, facts);
		return change;
	}

	/**
	 * Replaces a file's entries with the objects of its manifest as the editor's changes left it
	 * (`ManifestCache` follows the editor's `contentChanges`): as {@link setFile}, only the
	 * documents the edit changed are read again, and the file's text is never joined.
	 */
	setManifest(uri: string, label: string, manifest: Manifest): ModelChange {
		const { objects, facts } = manifestObjectsReusing(manifest, this.facts.get(uri));
		const change = this.setParsed(uri, label, objects);
		this.facts.set(uri, facts);
		return change;
	}

	/** Replaces a file's entries with objects parsed elsewhere. */
	setParsed(uri: string, label: string, parsed: readonly ParsedObject[]): ModelChange {
		this.facts.delete(uri);
		const keys = new Set<string>([depKey.everything]);
		const old = this.fileMap.get(uri)?.objects ?? [];
		const oldAt = new Map(old.map((o) => [o.documentIndex, o]));
		const objects = parsed.map((p) => {
			const o = oldAt.get(p.documentIndex);
			// The same document text (same parsed value) at the same place: the same object.
			return o && o.value === p.value && sameRange(o.range, p.range)
				? o
				: toWorkspaceObject(uri, p);
		});
		this.fileMap.set(uri, modelFile(uri, label, objects));
		// A patch's objects are in no index: nothing for the analysis to add or drop.
		if (this.partialFiles.has(uri))
			return this.logged({ uris: [uri], removed: [], added: [], keys });
		const kept = new Set(objects);
		const removed = old.filter((o) => !kept.has(o));
		const before = new Set(old);
		const added = objects.filter((o) => !before.has(o));
		const sizes = this.sizes([...removed, ...added]);
		this.dropObjects(removed, keys);
		for (const o of added) this.add(o, keys);
		this.presenceKeys(sizes, keys);
		return this.logged({ uris: [uri], removed, added, keys });
	}

	/**
	 * Sets many files at once (a first scan, `meshlens lint`): as {@link setParsed} for each, but
	 * the one change it logs says that everything changed instead of listing the keys it touched,
	 * so an analysis updated with it runs everything again. What a bulk load costs is then the
	 * objects and the indexes, not the bookkeeping that lets an edit re-check only what it touched.
	 */
	setAllParsed(files: Iterable<ParsedFile>): ModelChange {
		const uris: string[] = [];
		const removed: WorkspaceObject[] = [];
		const added: WorkspaceObject[] = [];
		this.loadAll(files, uris, removed, added);
		return this.logged({ uris, removed, added });
	}

	/**
	 * setAllParsed's loop over the files, in a method of its own: V8 compiles the method that
	 * holds a loop over ten thousand files while it runs, and code after the loop, never run by
	 * then, would throw that compiled code away when reached.
	 */
	private loadAll(
		files: Iterable<ParsedFile>,
		uris: string[],
		removed: WorkspaceObject[],
		added: WorkspaceObject[],
	): void {
		for (const f of files) {
			uris.push(f.uri);
			this.facts.delete(f.uri);
			const old = this.fileMap.get(f.uri)?.objects;
			if (old && !this.partialFiles.has(f.uri)) {
				this.dropObjects(old, undefined);
				removed.push(...old);
			}
			if (f.partial) this.partialFiles.add(f.uri);
			else this.partialFiles.delete(f.uri);
			const objects = f.objects.map((p) => toWorkspaceObject(f.uri, p));
			this.fileMap.set(f.uri, modelFile(f.uri, f.label, objects));
			if (f.partial) continue;
			for (const o of objects) {
				this.add(o, undefined);
				added.push(o);
			}
		}
	}

	/**
	 * Says which files are kustomize patches (the files a kustomization names under `patches` or
	 * `patchesStrategicMerge`): partial objects, which the analysis leaves alone (see
	 * `partialFiles`). Files that turn into patches leave the indexes, files that stop being ones
	 * join them; undefined when nothing changed.
	 */
	setPartialFiles(uris: Iterable<string>): ModelChange | undefined {
		const next = new Set(uris);
		const keys = new Set<string>([depKey.everything]);
		const removed: WorkspaceObject[] = [];
		const added: WorkspaceObject[] = [];
		const changed: string[] = [];
		for (const uri of new Set([...next, ...this.partialFiles])) {
			if (next.has(uri) === this.partialFiles.has(uri)) continue;
			changed.push(uri);
			const objects = this.fileMap.get(uri)?.objects ?? [];
			const sizes = this.sizes(objects);
			if (next.has(uri)) {
				this.dropObjects(objects, keys);
				removed.push(...objects);
				this.partialFiles.add(uri);
			} else {
				this.partialFiles.delete(uri);
				for (const o of objects) this.add(o, keys);
				added.push(...objects);
			}
			this.presenceKeys(sizes, keys);
		}
		if (changed.length === 0) return undefined;
		return this.logged({ uris: changed, removed, added, keys });
	}

	/** True when a file is a kustomize patch ({@link setPartialFiles}). */
	isPartial(uri: string): boolean {
		return this.partialFiles.has(uri);
	}

	/** Forgets a file. */
	removeFile(uri: string): ModelChange {
		const keys = new Set<string>([depKey.everything]);
		if (this.partialFiles.has(uri)) {
			// Its objects are in no index; the file stays a patch if it comes back.
			this.fileMap.delete(uri);
			this.facts.delete(uri);
			return this.logged({ uris: [uri], removed: [], added: [], keys });
		}
		const before = this.sizes(this.fileMap.get(uri)?.objects ?? []);
		const removed = this.drop(uri, keys);
		this.fileMap.delete(uri);
		this.facts.delete(uri);
		this.presenceKeys(before, keys);
		return this.logged({ uris: [uri], removed, added: [], keys });
	}

	/** Forgets every file. */
	clear(): ModelChange {
		const removed = [...this.fileMap.values()].flatMap((f) => f.objects);
		const uris = [...this.fileMap.keys()];
		this.fileMap.clear();
		this.facts.clear();
		this.index.clear();
		this.byType.clear();
		this.byNamespace.clear();
		this.derived.clear();
		return this.logged({ uris, removed, added: [] });
	}

	has(uri: string): boolean {
		return this.fileMap.has(uri);
	}

	file(uri: string): ModelFile | undefined {
		return this.fileMap.get(uri);
	}

	get files(): ModelFile[] {
		this.recorder?.add(depKey.everything);
		return [...this.fileMap.values()];
	}

	/** Every object of every file. */
	*objects(): IterableIterator<WorkspaceObject> {
		this.recorder?.add(depKey.everything);
		for (const f of this.fileMap.values()) if (!this.partialFiles.has(f.uri)) yield* f.objects;
	}

	/** Every object of a type (`<group>/<kind>`). */
	ofType(type: string): Iterable<WorkspaceObject> {
		this.recorder?.add(depKey.type(type));
		return this.byType.get(type) ?? [];
	}

	/** The objects of a type in one namespace ('' for cluster-scoped kinds). */
	inNamespace(type: string, ns: string): Iterable<WorkspaceObject> {
		this.recorder?.add(depKey.namespace(type, ns));
		return this.byNamespace.get(type)?.get(ns) ?? [];
	}

	/** True when the model holds an object of a type in a namespace. */
	anyIn(type: string, ns: string): boolean {
		this.recorder?.add(depKey.presentIn(type, ns));
		return (this.byNamespace.get(type)?.get(ns)?.size ?? 0) > 0;
	}

	/** True when the model holds an object of a type. */
	hasType(type: string): boolean {
		this.recorder?.add(depKey.present(type));
		return (this.byType.get(type)?.size ?? 0) > 0;
	}

	countOf(type: string): number {
		this.recorder?.add(depKey.type(type));
		return this.byType.get(type)?.size ?? 0;
	}

	/** The objects of a type with this namespace and name (more than one when duplicated). */
	lookup(type: string, ns: string, name: string): readonly WorkspaceObject[] {
		this.recorder?.add(depKey.object(type, ns, name));
		return this.index.get(type)?.get(`${ns}/${name}`) ?? [];
	}

	/** The first object of a type with this namespace and name. */
	get(type: string, ns: string, name: string): WorkspaceObject | undefined {
		return this.lookup(type, ns, name)[0];
	}

	/** The entries of a derived index under a key. */
	query<V>(index: ModelIndex<V>, key: string): readonly V[] {
		this.recorder?.add(depKey.index(index.name, key));
		return (this.built(index).byKey.get(key) ?? []) as V[];
	}

	/** True when a derived index has an entry. */
	hasEntries(index: ModelIndex<unknown>): boolean {
		this.recorder?.add(depKey.indexPresent(index.name));
		return this.built(index).size > 0;
	}

	/** Every key of a derived index with its entries. */
	queryAll<V>(index: ModelIndex<V>): ReadonlyMap<string, readonly V[]> {
		this.recorder?.add(depKey.indexAll(index.name));
		return this.built(index).byKey as Map<string, V[]>;
	}

	/** The object whose document contains a position of a file. */
	objectAt(uri: string, line: number): WorkspaceObject | undefined {
		for (const o of this.fileMap.get(uri)?.objects ?? []) {
			if (line >= o.range.start.line && line <= o.range.end.line) return o;
		}
		return undefined;
	}

	private built<V>(def: ModelIndex<V>): BuiltIndex {
		const generic = def as ModelIndex<unknown>;
		let b = this.derived.get(generic);
		if (b) return b;
		b = { def: generic, byKey: new Map(), perObject: new Map(), size: 0 };
		this.derived.set(generic, b);
		for (const t of def.types) for (const o of this.byType.get(t) ?? []) indexObject(b, o);
		return b;
	}

	/** How many objects of the changing objects' types (and namespaces) and index entries there are. */
	private sizes(changing: readonly WorkspaceObject[]): {
		types: Map<string, number>;
		namespaces: Map<string, { type: string; ns: string; n: number }>;
		indexes: Map<BuiltIndex, number>;
	} {
		const types = new Map<string, number>();
		const namespaces = new Map<string, { type: string; ns: string; n: number }>();
		for (const o of changing) {
			types.set(o.type, this.byType.get(o.type)?.size ?? 0);
			namespaces.set(depKey.presentIn(o.type, o.ns), {
				type: o.type,
				ns: o.ns,
				n: this.inNamespaceSize(o.type, o.ns),
			});
		}
		return {
			types,
			namespaces,
			indexes: new Map([...this.derived.values()].map((b) => [b, b.size])),
		};
	}

	private inNamespaceSize(type: string, ns: string): number {
		return this.byNamespace.get(type)?.get(ns)?.size ?? 0;
	}

	/** The `present` keys of the types and indexes that became empty or non-empty. */
	private presenceKeys(before: ReturnType<WorkspaceModel['sizes']>, keys: Set<string>): void {
		for (const [t, n] of before.types) {
			if (n > 0 !== (this.byType.get(t)?.size ?? 0) > 0) keys.add(depKey.present(t));
		}
		for (const [key, { type, ns, n }] of before.namespaces) {
			if (n > 0 !== this.inNamespaceSize(type, ns) > 0) keys.add(key);
		}
		for (const [b, n] of before.indexes) {
			if (n > 0 !== b.size > 0) keys.add(depKey.indexPresent(b.def.name));
		}
	}

	private touch(o: WorkspaceObject, keys: Set<string>): void {
		keys.add(depKey.type(o.type));
		keys.add(depKey.namespace(o.type, o.ns));
		keys.add(depKey.object(o.type, o.ns, o.name));
	}

	/** Adds an object to every index; `keys` collects the dependency keys it touches. */
	private add(o: WorkspaceObject, keys: Set<string> | undefined): void {
		if (keys) this.touch(o, keys);
		let byName = this.index.get(o.type);
		if (!byName) this.index.set(o.type, (byName = new Map<string, WorkspaceObject[]>()));
		const key = `${o.ns}/${o.name}`;
		const list = byName.get(key);
		if (list) list.push(o);
		else byName.set(key, [o]);
		let set = this.byType.get(o.type);
		if (!set) this.byType.set(o.type, (set = new Set<WorkspaceObject>()));
		set.add(o);
		let byNs = this.byNamespace.get(o.type);
		if (!byNs) this.byNamespace.set(o.type, (byNs = new Map<string, Set<WorkspaceObject>>()));
		let inNs = byNs.get(o.ns);
		if (!inNs) byNs.set(o.ns, (inNs = new Set()));
		inNs.add(o);
		for (const b of this.derived.values()) {
			if (!b.def.types.includes(o.type)) continue;
			const entries = indexObject(b, o);
			if (!keys) continue;
			for (const [k] of entries) keys.add(depKey.index(b.def.name, k));
			keys.add(depKey.indexAll(b.def.name));
		}
	}

	private drop(uri: string, keys: Set<string>): WorkspaceObject[] {
		const old = this.fileMap.get(uri);
		if (!old) return [];
		this.dropObjects(old.objects, keys);
		return [...old.objects];
	}

	private dropObjects(objects: readonly WorkspaceObject[], keys: Set<string> | undefined): void {
		for (const o of objects) {
			if (keys) this.touch(o, keys);
			const byName = this.index.get(o.type);
			const key = `${o.ns}/${o.name}`;
			const list = byName?.get(key)?.filter((x) => x !== o);
			if (list && list.length > 0) byName?.set(key, list);
			else byName?.delete(key);
			this.byType.get(o.type)?.delete(o);
			const inNs = this.byNamespace.get(o.type)?.get(o.ns);
			inNs?.delete(o);
			if (inNs?.size === 0) this.byNamespace.get(o.type)?.delete(o.ns);
			for (const b of this.derived.values()) {
				const entries = b.perObject.get(o);
				if (!entries) continue;
				b.perObject.delete(o);
				for (const [k, v] of entries) {
					keys?.add(depKey.index(b.def.name, k));
					// Copy on write: a list handed out by `query` stays as it was.
					const values = [...(b.byKey.get(k) ?? [])];
					const i = values.indexOf(v);
					if (i >= 0) {
						values.splice(i, 1);
						b.size--;
					}
					if (values.length > 0) b.byKey.set(k, values);
					else b.byKey.delete(k);
				}
				keys?.add(depKey.indexAll(b.def.name));
			}
		}
	}
}

function sameRange(a: Range, b: Range): boolean {
	return (
		a.start.line === b.start.line &&
		a.start.character === b.start.character &&
		a.end.line === b.end.line &&
		a.end.character === b.end.character
	);
}

/** Adds an object's entries to a built index; returns them. */
function indexObject(b: BuiltIndex, o: WorkspaceObject): readonly (readonly [string, unknown])[] {
	let entries: readonly (readonly [string, unknown])[];
	try {
		entries = b.def.entries(o);
	} catch {
		entries = [];
	}
	if (entries.length === 0) return entries;
	b.perObject.set(o, entries);
	b.size += entries.length;
	for (const [k, v] of entries) {
		const list = b.byKey.get(k);
		if (list) list.push(v);
		else b.byKey.set(k, [v]);
	}
	return entries;
}
