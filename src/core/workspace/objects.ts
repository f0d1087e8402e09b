import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Manifest } from '../yaml/documents';
import { plainValue } from './plain';

/** A 0-based position, as in the editor (UTF-16 code units). */
export interface Position {
	readonly line: number;
	readonly character: number;
}

export interface Range {
	readonly start: Position;
	readonly end: Position;
}

/** A path into a manifest: map keys and list indexes. */
export type FieldPath = readonly (string | number)[];

/** A plain YAML map read from a manifest. */
export type JsonMap = { readonly [key: string]: unknown };

/**
 * One Kubernetes object of a YAML text: a custom resource (mesh, Gateway API) or one of the
 * built-in kinds the cross-resource checks read (Service, workloads, Namespace…).
 */
export interface ParsedObject {
	readonly apiVersion: string;
	/** The API group of apiVersion, e.g. `networking.istio.io`; '' for the core group. */
	readonly group: string;
	readonly kind: string;
	/** `metadata.name`, or an empty string when the document has none. */
	readonly name: string;
	/** `metadata.namespace` as written. */
	readonly namespace?: string;
	/** The index of the document in the file, counting every `---` document from 0. */
	readonly documentIndex: number;
	/** From the first node of the document to its end. */
	readonly range: Range;
	/** The `metadata.name` value without its quotes. */
	readonly nameRange?: Range;
	/** True for the built-in Kubernetes groups (core, apps, batch, `*.k8s.io` but Gateway API). */
	readonly builtin: boolean;
	/** The whole document as plain data. */
	readonly value: JsonMap;
	/** The range of the node at `path`, or of its deepest existing ancestor. */
	locate(path: FieldPath, part?: 'key' | 'value'): Range;
}

const GATEWAY_API_GROUPS = new Set(['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io']);

/** The built-in kinds the workspace model keeps (the others are never read by a check). */
export const BUILTIN_KINDS: ReadonlySet<string> = new Set([
	'Service',
	'Deployment',
	'StatefulSet',
	'DaemonSet',
	'ReplicaSet',
	'Job',
	'CronJob',
	'Pod',
	'Namespace',
	'Secret',
	'ServiceAccount',
	'ConfigMap',
]);

/** A stream with more documents than this is generated data, not manifests; it is skipped. */
const MAX_DOCUMENTS = 10_000;
const MAX_ALIASES = 100;

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
 * What one document's own text says, wherever it sits in its file: lines relative to the
 * document's first line (a document starts at a line start, so columns need no shift).
 */
export interface DocumentFacts {
	readonly fields: Head['fields'];
	readonly value: JsonMap;
	/** Offsets of the document's first node and of its end in the document's text. */
	readonly start: number;
	readonly end: number;
	/** Offsets of the name value (quotes excluded); -1 when there is none. */
	readonly nameStart: number;
	readonly nameEnd: number;
}

/** The facts of a file's documents by their text, to reuse the unchanged ones on the next parse. */
export type FactsCache = ReadonlyMap<string, DocumentFacts | null>;

/**
 * Finds the objects in a (multi-document) YAML text: every custom resource, and the built-in
 * kinds of {@link BUILTIN_KINDS}. Documents with syntax errors, Helm templates and anything that
 * is not a manifest are left out; nothing here throws. Aliases are expanded only up to a small
 * count, so an alias bomb drops its document instead of the process.
 */
export function parseObjects(text: string): ParsedObject[] {
	return parseObjectsReusing(text).objects;
}

/**
 * {@link parseObjects}, reusing the documents whose text is unchanged since the parse that gave
 * `previous` (only the edited documents are parsed again; the others only move). Returns the
 * cache for the next call.
 */
export function parseObjectsReusing(
	text: string,
	previous?: FactsCache,
): { objects: ParsedObject[]; facts: Map<string, DocumentFacts | null> } {
	const facts = new Map<string, DocumentFacts | null>();
	const objects: ParsedObject[] = [];
	// Editors hide the byte-order mark, so positions are counted without it.
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	// A cheap test first: most YAML files in a workspace are not manifests, and NUL means binary.
	if (!text.includes('apiVersion') || text.includes('\u0000')) return { objects, facts };
	const chunks = splitDocuments(text);
	if (chunks.length > MAX_DOCUMENTS) return { objects, facts };
	let line = 0;
	let counted = 0;
	chunks.forEach(([from, to], documentIndex) => {
		// Only chunks that may be manifests are parsed at all.
		const source = text.slice(from, to);
		for (let i = text.indexOf('\n', counted); i >= 0 && i < from; i = text.indexOf('\n', i + 1))
			line++;
		counted = from;
		if (!source.includes('apiVersion')) return;
		let f = facts.get(source);
		if (f === undefined) f = previous?.get(source);
		if (f === undefined) f = documentFacts(source);
		facts.set(source, f);
		if (f) objects.push(placed(f, source, documentIndex, line));
	});
	return { objects, facts };
}

/** A range of a document's own text moved to where the document starts in its file. */
function shift(r: Range, lines: number, column = 0): Range {
	// A file's first document is where its text says: its ranges are shared, not copied.
	if (lines === 0 && column === 0) return r;
	const at = (p: Position): Position => ({
		line: p.line + lines,
		character: p.line === 0 ? p.character + column : p.character,
	});
	return { start: at(r.start), end: at(r.end) };
}

/**
 * A document's object at its place in the file. A class rather than an object literal: the
 * fields are data and `locate` is one method on the prototype, so ten thousand objects share one
 * hidden class and carry no closure each (a closure per object gave each its own hidden class,
 * most of what a large workspace's objects cost the garbage collector).
 */
export class PlacedObject implements ParsedObject {
	readonly apiVersion: string;
	readonly group: string;
	readonly kind: string;
	readonly name: string;
	readonly namespace?: string;
	readonly builtin: boolean;
	readonly value: JsonMap;
	/** The document's text: the parsed document is not kept (see `locate`). */
	readonly #source: string;
	readonly #line: number;
	readonly #column: number;
	/**
	 * The ranges as offsets, made into positions when first asked for: most objects of a large
	 * workspace or lint run never are, and six position objects each were a fifth of what ten
	 * thousand held objects cost every garbage collection.
	 */
	readonly #start: number;
	readonly #end: number;
	readonly #nameStart: number;
	readonly #nameEnd: number;
	#range: Range | undefined;
	#nameRange: Range | null | undefined;

	constructor(
		f: DocumentFacts,
		source: string,
		readonly documentIndex: number,
		line: number,
		column: number,
	) {
		const { fields } = f;
		this.apiVersion = fields.apiVersion;
		this.group = fields.group;
		this.kind = fields.kind;
		this.name = fields.name;
		if (fields.namespace !== undefined) this.namespace = fields.namespace;
		this.builtin = fields.builtin;
		this.value = f.value;
		this.#source = source;
		this.#line = line;
		this.#column = column;
		this.#start = f.start;
		this.#end = f.end;
		this.#nameStart = f.nameStart;
		this.#nameEnd = f.nameEnd;
	}

	/** From the first node of the document to its end. */
	get range(): Range {
		this.#range ??= shift(
			relativeRange(this.#source, this.#start, this.#end),
			this.#line,
			this.#column,
		);
		return this.#range;
	}

	/** The `metadata.name` value without its quotes. */
	get nameRange(): Range | undefined {
		if (this.#nameRange === undefined) {
			this.#nameRange =
				this.#nameStart < 0
					? null
					: shift(
							relativeRange(this.#source, this.#nameStart, this.#nameEnd),
							this.#line,
							this.#column,
						);
		}
		return this.#nameRange ?? undefined;
	}

	/**
	 * The parsed document is not kept (20,000 of them are most of a large workspace's memory and
	 * garbage-collection time): locating a path, which only findings and navigation do, parses
	 * the document again (a few recent ones are cached).
	 */
	locate(path: FieldPath, part: 'key' | 'value' = 'value'): Range {
		const source = this.#source;
		const r = locateNode(reparse(source), path, part);
		return r ? shift(relativeRange(source, r[0], r[1]), this.#line, this.#column) : this.range;
	}
}

/** A document's object at its place in the file. */
function placed(
	f: DocumentFacts,
	source: string,
	documentIndex: number,
	line: number,
	column = 0,
): ParsedObject {
	return new PlacedObject(f, source, documentIndex, line, column);
}

/** Line and column of offsets in a document's own text. */
function relativeRange(source: string, a: number, b: number): Range {
	const at = (offset: number): Position => {
		let line = 0;
		let lineStart = 0;
		for (let i = source.indexOf('\n'); i >= 0 && i < offset; i = source.indexOf('\n', i + 1)) {
			line++;
			lineStart = i + 1;
		}
		return { line, character: offset - lineStart };
	};
	return { start: at(a), end: at(b) };
}

/** Parses one document (unless given its parse); null when it is not an object the model keeps. */
function documentFacts(source: string, parsed?: Document): DocumentFacts | null {
	try {
		const doc = parsed ?? parseDocument(source, { uniqueKeys: false, prettyErrors: false });
		const head = readHead(doc, source);
		if (!head || !doc.range) return null;
		const { fields } = head;
		if (fields.builtin && !BUILTIN_KINDS.has(fields.kind)) return null;
		const value = plainValue(doc, MAX_ALIASES);
		if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
		return {
			fields,
			value: value as JsonMap,
			start: doc.contents?.range?.[0] ?? doc.range[0],
			end: doc.range[1],
			nameStart: head.name ? head.name[0] : -1,
			nameEnd: head.name ? head.name[1] : -1,
		};
	} catch {
		// Pathological input (deep nesting, alias bombs) is left out.
		return null;
	}
}

const recent = new Map<string, Document>();
const RECENT = 256;

/** The document of a source parsed again (as when it was read), from a small cache. */
function reparse(source: string): Document {
	let doc = recent.get(source);
	if (doc) {
		recent.delete(source);
	} else {
		doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false });
		if (recent.size >= RECENT) recent.delete(recent.keys().next().value ?? '');
	}
	recent.set(source, doc);
	return doc;
}

/**
 * The objects of a manifest already split and parsed by the core (`parseManifest`), as
 * {@link parseObjects} finds them in its text, without parsing the documents again: what
 * `meshlens lint` gives the workspace model after validating the same files. Document indexes
 * are the manifest's. A document with template actions is parsed from its text as written, as
 * parseObjects does (its parse has the actions masked). The objects keep no reference to the
 * manifest's parse: `locate` parses its document again when needed.
 */
export function manifestObjects(manifest: Manifest): ParsedObject[] {
	// No facts are kept for a later call: no map keyed by each document's whole text.
	return collectObjects(manifest, undefined, undefined);
}

/**
 * {@link manifestObjects}, reusing the facts of the documents whose text is unchanged since the
 * call that gave `previous` (an edited manifest shares its untouched documents' text, so looking
 * them up costs next to nothing). Returns the cache for the next call.
 */
export function manifestObjectsReusing(
	manifest: Manifest,
	previous?: FactsCache,
): { objects: ParsedObject[]; facts: Map<string, DocumentFacts | null> } {
	const facts = new Map<string, DocumentFacts | null>();
	return { objects: collectObjects(manifest, previous, facts), facts };
}

function collectObjects(
	manifest: Manifest,
	previous: FactsCache | undefined,
	facts: Map<string, DocumentFacts | null> | undefined,
): ParsedObject[] {
	const objects: ParsedObject[] = [];
	if (manifest.tooLarge || manifest.documentCount > MAX_DOCUMENTS) return objects;
	for (let i = 0; i < manifest.documentCount; i++) {
		const doc = manifest.document(i);
		if (!doc?.raw.includes('apiVersion') || doc.raw.includes('\u0000')) continue;
		let f = facts?.get(doc.raw);
		if (f === undefined) f = previous?.get(doc.raw);
		if (f === undefined) f = documentFacts(doc.raw, doc.hasTemplates ? undefined : doc.ast);
		facts?.set(doc.raw, f);
		if (!f) continue;
		// A file's first document starts at its first line: no line index of the file is needed.
		const at = doc.start === 0 ? { line: 0, character: 0 } : manifest.positionAt(doc.start);
		objects.push(placed(f, doc.raw, doc.index, at.line, at.character));
	}
	return objects;
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

interface Head {
	fields: Pick<ParsedObject, 'apiVersion' | 'group' | 'kind' | 'name' | 'namespace' | 'builtin'>;
	/** Offsets of the name value, quotes excluded. */
	name?: [number, number];
}

function readHead(doc: Document, text: string): Head | undefined {
	if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
	const root = doc.contents;
	const apiVersion = stringAt(root, 'apiVersion')?.value;
	const kind = stringAt(root, 'kind')?.value;
	if (apiVersion === undefined || kind === undefined || !KIND.test(kind)) return undefined;
	const api = apiVersionFacts(apiVersion);
	if (!api) return undefined;
	const { group, builtin } = api;
	const metadata = valueAt(root, 'metadata');
	const nameNode = isMap(metadata) ? stringAt(metadata, 'name') : undefined;
	const namespace = isMap(metadata) ? stringAt(metadata, 'namespace')?.value : undefined;
	// A Helm template that happens to parse is still not a resource anyone can find by name.
	if (nameNode?.value.includes('{{') || namespace?.includes('{{')) return undefined;
	const validName = nameNode && nameNode.value.length <= 253 && !CONTROL.test(nameNode.value);
	const fields = {
		apiVersion,
		group,
		kind,
		name: validName ? nameNode.value : '',
		...(namespace && namespace.length <= 63 && !CONTROL.test(namespace) ? { namespace } : {}),
		builtin,
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

/** What an apiVersion says, by apiVersion: a workspace names a few dozen, in thousands of documents. */
const API_VERSIONS = new Map<string, { group: string; builtin: boolean } | null>();

/** The group of a well-formed apiVersion and whether Kubernetes serves it; null when malformed. */
function apiVersionFacts(apiVersion: string): { group: string; builtin: boolean } | null {
	let facts = API_VERSIONS.get(apiVersion);
	if (facts === undefined) {
		const group = apiGroup(apiVersion);
		const version = apiVersion.slice(group ? group.length + 1 : 0);
		facts =
			!VERSION.test(version) || (group && !GROUP.test(group))
				? null
				: { group, builtin: isKubernetesGroup(group) };
		// Bounded: odd files with ever new apiVersions start it again.
		if (API_VERSIONS.size >= 256) API_VERSIONS.clear();
		API_VERSIONS.set(apiVersion, facts);
	}
	return facts;
}

function valueAt(map: { items: unknown[] }, key: string): unknown {
	for (const pair of map.items) {
		if (isPair(pair) && isScalar(pair.key) && pair.key.value === key) return pair.value;
	}
	return undefined;
}

/** A plain string scalar under `key`; numbers, aliases, maps and the like do not count. */
function stringAt(
	map: { items: unknown[] },
	key: string,
): { value: string; range?: [number, number, number] | null } | undefined {
	const node = valueAt(map, key);
	if (!isScalar(node) || typeof node.value !== 'string') return undefined;
	return { value: node.value, range: node.range };
}

/** Offsets of the node at `path` (its key for 'key'), or of the deepest ancestor found. */
function locateNode(
	doc: Document,
	path: FieldPath,
	part: 'key' | 'value',
): [number, number] | undefined {
	let node: unknown = doc.contents;
	let best: [number, number] | undefined = rangeOf(node);
	for (let i = 0; i < path.length; i++) {
		const step = path[i];
		let next: unknown;
		let key: unknown;
		if (isMap(node)) {
			for (const pair of node.items) {
				if (isScalar(pair.key) && String(pair.key.value) === String(step)) {
					key = pair.key;
					next = pair.value;
					break;
				}
			}
		} else if (isSeq(node) && typeof step === 'number') {
			next = node.items[step];
		}
		if (next === undefined && key === undefined) return best;
		const last = i === path.length - 1;
		if (last && part === 'key' && key) return rangeOf(key) ?? best;
		node = next;
		best = rangeOf(next) ?? rangeOf(key) ?? best;
	}
	return best;
}

function rangeOf(node: unknown): [number, number] | undefined {
	const r = (node as Node | undefined)?.range;
	if (!r) return undefined;
	let [start, end] = r;
	// A quoted scalar: point at the text inside the quotes.
	if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) {
		if (end - start >= 2) {
			start += 1;
			end -= 1;
		}
	}
	return [start, end];
}
