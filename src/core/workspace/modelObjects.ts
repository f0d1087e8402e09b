import type { FieldPath, JsonMap, ParsedObject, Range } from './objects';
import { meshResourcesOf, type FoundResource, type ResourceFile } from './resources';

/*
 * The objects and files the workspace model holds (./model.ts keeps and indexes them): what an
 * object is, how it is named and located, and the `<group>/<kind>` type strings.
 */

export type { FoundResource };

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

/** Kinds without a namespace. */
const CLUSTER_SCOPED = new Set(['/Namespace', 'gateway.networking.k8s.io/GatewayClass']);

export const DEFAULT_NAMESPACE = 'default';

/** Each type string spelled once: group → kind → `<group>/<kind>`. */
const TYPES = new Map<string, Map<string, string>>();

/** `<group>/<kind>`: the model's key for a kind (kinds repeat across groups). */
export function typeOf(group: string, kind: string): string {
	let kinds = TYPES.get(group);
	if (!kinds && TYPES.size < 256) TYPES.set(group, (kinds = new Map<string, string>()));
	let type = kinds?.get(kind);
	if (type === undefined) {
		type = `${group}/${kind}`;
		// Past a few hundred (odd names in odd files), types are spelled out each time.
		if (kinds && kinds.size < 256) kinds.set(kind, type);
	}
	return type;
}

/**
 * An object of the model: the parsed object's fields copied (one hidden class for all of them,
 * no per-object closure), its file, type and namespace. `locate` asks the parsed object, which
 * knows the document's text; `id` is spelled out on first use (a one-shot analysis never asks).
 */
class ModelObject implements WorkspaceObject {
	readonly apiVersion: string;
	readonly group: string;
	readonly kind: string;
	readonly name: string;
	readonly namespace?: string;
	readonly documentIndex: number;
	readonly builtin: boolean;
	readonly value: JsonMap;
	readonly type: string;
	readonly ns: string;
	readonly #parsed: ParsedObject;
	#id: string | undefined;

	constructor(
		readonly uri: string,
		o: ParsedObject,
	) {
		this.apiVersion = o.apiVersion;
		this.group = o.group;
		this.kind = o.kind;
		this.name = o.name;
		if (o.namespace !== undefined) this.namespace = o.namespace;
		this.documentIndex = o.documentIndex;
		this.builtin = o.builtin;
		this.value = o.value;
		this.type = typeOf(o.group, o.kind);
		this.ns = CLUSTER_SCOPED.has(this.type) ? '' : (o.namespace ?? DEFAULT_NAMESPACE);
		this.#parsed = o;
	}

	/** The parsed object's ranges: asked of it when needed (see PlacedObject). */
	get range(): Range {
		return this.#parsed.range;
	}

	get nameRange(): Range | undefined {
		return this.#parsed.nameRange;
	}

	get id(): string {
		this.#id ??= `${this.uri}#${this.documentIndex}`;
		return this.#id;
	}

	locate(path: FieldPath, part?: 'key' | 'value'): Range {
		return this.#parsed.locate(path, part);
	}
}

export function toWorkspaceObject(uri: string, o: ParsedObject): WorkspaceObject {
	return new ModelObject(uri, o);
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

/** A file of the model; its mesh resources (for the tree) are listed when first asked for. */
class LazyModelFile implements ModelFile {
	private found: readonly FoundResource[] | undefined;

	constructor(
		readonly uri: string,
		readonly label: string,
		readonly objects: readonly WorkspaceObject[],
	) {}

	get resources(): readonly FoundResource[] {
		this.found ??= meshResourcesOf(this.objects);
		return this.found;
	}
}

export function modelFile(
	uri: string,
	label: string,
	objects: readonly WorkspaceObject[],
): ModelFile {
	return new LazyModelFile(uri, label, objects);
}
