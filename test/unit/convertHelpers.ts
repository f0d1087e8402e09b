import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
	Catalog,
	parseManifest,
	renderResources,
	validate,
	isUnder,
	leafPaths,
	type ConvertInput,
	type ConvertNote,
	type ConvertResult,
	type Resource,
	type SchemaNode,
} from '../../src/core';

export const EXAMPLES = join(process.cwd(), '..', 'shared', 'examples');
export const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'convert');

export const catalog = new Catalog((path) => {
	const file = join(process.cwd(), 'data', 'catalog', path);
	return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
});

export function yamlFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true })
		.map(String)
		.filter((f) => /\.ya?ml$/.test(f))
		.sort()
		.map((f) => join(dir, f));
}

/**
 * "Nothing lost silently": every leaf of every input must lie under a path some output used
 * (provenance) or under a path a note names. Notes marked unhandled do not count.
 */
export function silentlyLost(
	inputs: readonly ConvertInput[],
	result: ConvertResult,
	{ countUnhandled = false } = {},
): string[] {
	const mapped = new Map<number, string[]>();
	for (const p of result.provenance)
		for (const s of p.sources)
			mapped.set(s.input, [...(mapped.get(s.input) ?? []), ...s.paths]);
	const noted = new Map<number, string[]>();
	for (const n of result.notes)
		if (!n.unhandled || countUnhandled)
			noted.set(n.input, [...(noted.get(n.input) ?? []), n.path]);
	const out: string[] = [];
	inputs.forEach((input, i) => {
		const prefixes = [...(mapped.get(i) ?? []), ...(noted.get(i) ?? [])];
		for (const leaf of leafPaths(input.resource))
			if (!prefixes.some((p) => isUnder(leaf, p)))
				out.push(`${String(input.resource.kind)} #${i} ${leaf}`);
	});
	return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function check(value: unknown, node: SchemaNode, path: string, out: string[]): void {
	if (node.x || node.t === 'any') return;
	const bad = (what: string): void => {
		out.push(`${path || '(root)'}: ${what}`);
	};
	switch (node.t) {
		case 'object': {
			if (!isRecord(value)) return bad(`expected an object, got ${JSON.stringify(value)}`);
			for (const r of node.r ?? []) if (!(r in value)) bad(`missing required field ${r}`);
			for (const [k, v] of Object.entries(value)) {
				const child = node.p && Object.hasOwn(node.p, k) ? node.p[k] : node.a;
				if (!child) bad(`unknown field ${k}`);
				else check(v, child, path ? `${path}.${k}` : k, out);
			}
			return;
		}
		case 'array':
			if (!Array.isArray(value)) return bad('expected an array');
			if (node.i)
				value.forEach((v, i) => check(v, node.i as SchemaNode, `${path}[${i}]`, out));
			return;
		case 'string':
			if (typeof value !== 'string')
				return bad(`expected a string, got ${JSON.stringify(value)}`);
			break;
		case 'integer':
			if (!Number.isInteger(value))
				return bad(`expected an integer, got ${JSON.stringify(value)}`);
			break;
		case 'number':
			if (typeof value !== 'number') return bad('expected a number');
			break;
		case 'boolean':
			if (typeof value !== 'boolean') return bad('expected a boolean');
			break;
		case 'int-or-string':
			if (typeof value !== 'string' && !Number.isInteger(value))
				return bad('expected int or string');
			break;
	}
	if (node.e && !node.e.includes(value))
		bad(`${JSON.stringify(value)} is not one of ${node.e.join(', ')}`);
}

/**
 * Checks a converted resource against our catalog: the kind and version exist, every field is known
 * and of the right type, required fields are there and enum values allowed. Kubernetes core kinds
 * (Service, Namespace) are not in the catalog and are checked for apiVersion, kind and name only.
 */
export async function schemaProblems(r: Resource): Promise<string[]> {
	const apiVersion = String(r.apiVersion);
	const kind = String(r.kind);
	const meta = isRecord(r.metadata) ? r.metadata : {};
	if (!apiVersion.includes('.')) {
		return typeof meta.name === 'string' && meta.name ? [] : [`${kind}: no metadata.name`];
	}
	const info = await catalog.kind(apiVersion, kind);
	if (!info) return [`${apiVersion} ${kind}: not in the catalog`];
	if (info.version !== info.requestedVersion)
		return [`${apiVersion} ${kind}: version not served`];
	const out: string[] = [];
	check(r, info.root, '', out);
	return out.map((p) => `${kind} ${String(meta.name)}: ${p}`);
}

/**
 * Gateway API's CEL rule that a Service backendRef names its port: a conversion that cannot know
 * the port (no Service with exactly one port among the inputs) leaves it out and says so in a
 * note ("add the port"), so the user completes it. Only then is the rule's finding expected.
 */
const PORT_RULE = 'Must have port for Service reference';
const ASKS_FOR_PORT = /\badd (?:it|the (?:Service )?port)|add the port|no port/i;

/**
 * Runs our schema validator (the one behind the editor's diagnostics and `meshlens lint`) over the
 * converted resources written as YAML; returns its errors and warnings, except a missing backend
 * port that the conversion's notes ask the user to add.
 */
export async function validatorProblems(
	resources: readonly Resource[],
	notes: readonly ConvertNote[] = [],
): Promise<string[]> {
	if (!resources.length) return [];
	const text = renderResources(resources, 'yaml');
	const manifest = parseManifest(text);
	const diagnostics = await validate(manifest, catalog);
	const portAsked = notes.some((n) => ASKS_FOR_PORT.test(n.reason));
	return diagnostics
		.filter((d) => d.severity !== 'info')
		.filter((d) => !(portAsked && d.code === 'ML1015' && d.message.endsWith(PORT_RULE)))
		.map((d) => {
			const r = resources[d.document];
			return `${String(r?.kind)} ${String((r?.metadata as { name?: unknown } | undefined)?.name)}: ${d.code} ${d.path} ${d.message}`;
		});
}
