import { parseDocument } from 'yaml';
import type * as z from 'zod';
import { ChangelogSchema, type DatasetRelease } from './changelog';
import {
	CellSchema,
	FeaturesFileSchema,
	MeshOverrideSchema,
	MeshSchema,
	type Cell,
	type Dataset,
	type FeaturesFile,
	type Mesh,
} from './schema';
import { parseCatalogIndex, withCatalogKinds } from './catalogKinds';

/** One data file: where it came from (for messages) and its text. */
export interface DataFile {
	readonly path: string;
	readonly text: string;
}

/** A precise problem found while loading: the file, the path inside it and what is wrong. */
export interface DataIssue {
	readonly file: string;
	/** Dotted path inside the document, e.g. `cells.retries.sources.0`; empty for the whole file. */
	readonly path: string;
	readonly message: string;
	/** 1-based line of the problem when it is known. */
	readonly line?: number;
}

export interface DatasetInput {
	readonly features: DataFile;
	readonly meshes: readonly DataFile[];
	/** Workspace files loaded after the built-in data: full meshes, or `override:` patches. */
	readonly extras?: readonly DataFile[];
	/**
	 * data/catalog/schemas/index.json: each mesh's manifest kinds come from the catalog (its own
	 * groups and those of the mesh it is built on), plus the kinds its data file lists itself.
	 */
	readonly catalogIndex?: DataFile;
	/** `data/changelog.yaml`: what each dataset release changed. */
	readonly changelog?: DataFile;
}

export interface LoadResult {
	/** Everything that was valid. Never throws: a broken file leaves the rest usable. */
	readonly dataset: Dataset;
	readonly issues: readonly DataIssue[];
}

/** Data files are small; this also stops alias bombs and absurd inputs early. */
const MAX_DATA_FILE_CHARS = 2_000_000;

/**
 * Parses and validates the dataset. Each file is checked on its own, and each cell inside a
 * mesh on its own, so one bad cell drops only that cell and one bad mesh drops only that mesh.
 */
export function loadDataset(input: DatasetInput): LoadResult {
	const issues: DataIssue[] = [];
	const featuresFile = readFeatures(input.features, issues);
	const featureIds = new Set(featuresFile.features.map((f) => f.id));
	const meshes = new Map<string, Mesh>();

	for (const file of input.meshes) {
		const mesh = readMesh(file, featureIds, issues);
		if (!mesh) continue;
		if (meshes.has(mesh.id)) {
			issues.push({ file: file.path, path: 'id', message: `duplicate mesh id '${mesh.id}'` });
			continue;
		}
		meshes.set(mesh.id, mesh);
	}

	for (const file of input.extras ?? []) {
		applyExtra(file, meshes, featureIds, issues);
	}

	for (const mesh of meshes.values()) {
		for (const ref of [mesh.variantOf, mesh.basedOn?.mesh]) {
			if (ref !== undefined && !meshes.has(ref)) {
				issues.push({
					file: `meshes/${mesh.id}`,
					path: ref === mesh.variantOf ? 'variantOf' : 'basedOn.mesh',
					message: `refers to unknown mesh '${ref}'`,
				});
			}
		}
	}

	let all = [...meshes.values()];
	if (input.catalogIndex) {
		const index = parseCatalogIndex(input.catalogIndex.text);
		if (index) all = withCatalogKinds(all, index);
		else
			issues.push({
				file: input.catalogIndex.path,
				path: '',
				message: 'not a catalog index; manifest kinds are the hand-listed ones only',
			});
	}
	const releases = input.changelog
		? readChangelog(input.changelog, meshes, featureIds, issues)
		: [];
	return {
		dataset: {
			asOf: newestDate(all),
			...(releases[0] ? { version: releases[0].version } : {}),
			releases,
			categories: featuresFile.categories,
			features: featuresFile.features,
			meshes: all,
		},
		issues,
	};
}

/**
 * The built-in dataset as the build wrote it (dist/dataset.json: data/ parsed and validated at
 * build time, so the editor skips YAML parsing and schema checks on every start). Returns
 * undefined when the text is not such a file; the caller then reads data/ itself.
 */
export function parseBuiltDataset(text: string | undefined): Dataset | undefined {
	if (!text) return undefined;
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return undefined;
	}
	const d = raw as Partial<Dataset> | null;
	if (
		typeof d !== 'object' ||
		d === null ||
		typeof d.asOf !== 'string' ||
		!Array.isArray(d.categories) ||
		!Array.isArray(d.features) ||
		!Array.isArray(d.meshes) ||
		!(d.meshes as unknown[]).every((m) => {
			const mesh = m as Partial<Mesh> | null;
			return typeof mesh?.id === 'string' && typeof mesh.cells === 'object';
		})
	) {
		return undefined;
	}
	return d as Dataset;
}

/**
 * A loaded dataset plus the user's extra files (new meshes or overrides), validated as usual; with
 * the catalog index, a new mesh gets the manifest kinds of its groups and base mesh.
 */
export function extendDataset(
	base: Dataset,
	extras: readonly DataFile[],
	catalogIndex?: DataFile,
): LoadResult {
	if (extras.length === 0) return { dataset: base, issues: [] };
	const issues: DataIssue[] = [];
	const featureIds = new Set(base.features.map((f) => f.id));
	const meshes = new Map(base.meshes.map((m) => [m.id, m]));
	for (const file of extras) applyExtra(file, meshes, featureIds, issues);
	let all = [...meshes.values()];
	const index = catalogIndex && parseCatalogIndex(catalogIndex.text);
	if (index) all = withCatalogKinds(all, index);
	return { dataset: { ...base, asOf: newestDate(all), meshes: all }, issues };
}

/** Parses YAML safely; returns undefined (with issues) when the text is not usable. */
function parseYaml(file: DataFile, issues: DataIssue[]): unknown {
	if (file.text.length > MAX_DATA_FILE_CHARS) {
		issues.push({ file: file.path, path: '', message: 'file is too large to be a data file' });
		return undefined;
	}
	const doc = parseDocument(file.text, { uniqueKeys: true, prettyErrors: true });
	if (doc.errors.length > 0) {
		for (const e of doc.errors.slice(0, 5)) {
			issues.push({
				file: file.path,
				path: '',
				message: `YAML: ${e.message.split('\n')[0] ?? e.code}`,
				...(e.linePos?.[0] ? { line: e.linePos[0].line } : {}),
			});
		}
		return undefined;
	}
	try {
		// maxAliasCount guards against "billion laughs" alias expansion.
		return doc.toJS({ maxAliasCount: 50 });
	} catch (e) {
		issues.push({ file: file.path, path: '', message: `YAML: ${(e as Error).message}` });
		return undefined;
	}
}

function pushZodIssues(file: string, prefix: string, error: z.ZodError, issues: DataIssue[]): void {
	for (const issue of error.issues) {
		const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
		issues.push({ file, path, message: issue.message });
	}
}

function readFeatures(file: DataFile, issues: DataIssue[]): FeaturesFile {
	const raw = parseYaml(file, issues);
	const empty: FeaturesFile = { categories: [], features: [] };
	if (raw === undefined) return empty;
	const parsed = FeaturesFileSchema.safeParse(raw);
	if (!parsed.success) {
		pushZodIssues(file.path, '', parsed.error, issues);
		return empty;
	}
	const categoryIds = new Set<string>();
	for (const c of parsed.data.categories) {
		if (categoryIds.has(c.id)) {
			issues.push({
				file: file.path,
				path: 'categories',
				message: `duplicate category '${c.id}'`,
			});
		}
		categoryIds.add(c.id);
	}
	const seen = new Set<string>();
	const features = parsed.data.features.filter((f, i) => {
		if (seen.has(f.id)) {
			issues.push({
				file: file.path,
				path: `features.${i}.id`,
				message: `duplicate feature '${f.id}'`,
			});
			return false;
		}
		seen.add(f.id);
		if (!categoryIds.has(f.category)) {
			issues.push({
				file: file.path,
				path: `features.${i}.category`,
				message: `unknown category '${f.category}'`,
			});
			return false;
		}
		return true;
	});
	return { categories: parsed.data.categories, features };
}

/** Validates cells one by one, keeping the valid ones. */
function readCells(
	file: string,
	rawCells: unknown,
	featureIds: ReadonlySet<string>,
	issues: DataIssue[],
): Record<string, Cell> {
	const cells: Record<string, Cell> = {};
	if (rawCells === undefined) return cells;
	if (typeof rawCells !== 'object' || rawCells === null || Array.isArray(rawCells)) {
		issues.push({ file, path: 'cells', message: 'must be a map of feature id to cell' });
		return cells;
	}
	for (const [featureId, rawCell] of Object.entries(rawCells)) {
		if (!featureIds.has(featureId)) {
			issues.push({
				file,
				path: `cells.${featureId}`,
				message: `unknown feature '${featureId}'`,
			});
			continue;
		}
		const parsed = CellSchema.safeParse(rawCell);
		if (!parsed.success) {
			pushZodIssues(file, `cells.${featureId}`, parsed.error, issues);
			continue;
		}
		cells[featureId] = parsed.data;
	}
	return cells;
}

function splitCells(raw: unknown): { rest: unknown; cells: unknown } {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		return { rest: raw, cells: undefined };
	}
	const { cells, ...rest } = raw as Record<string, unknown>;
	return { rest, cells };
}

const MeshFactsSchema = MeshSchema.omit({ cells: true });

function readMesh(
	file: DataFile,
	featureIds: ReadonlySet<string>,
	issues: DataIssue[],
): Mesh | undefined {
	const raw = parseYaml(file, issues);
	if (raw === undefined) return undefined;
	const { rest, cells } = splitCells(raw);
	const facts = MeshFactsSchema.safeParse(rest);
	if (!facts.success) {
		pushZodIssues(file.path, '', facts.error, issues);
		return undefined;
	}
	return { ...facts.data, cells: readCells(file.path, cells, featureIds, issues) };
}

function applyExtra(
	file: DataFile,
	meshes: Map<string, Mesh>,
	featureIds: ReadonlySet<string>,
	issues: DataIssue[],
): void {
	const raw = parseYaml(file, issues);
	if (raw === undefined) return;
	if (typeof raw === 'object' && raw !== null && 'override' in raw) {
		const { rest, cells } = splitCells(raw);
		const patch = MeshOverrideSchema.omit({ cells: true }).safeParse(rest);
		if (!patch.success) {
			pushZodIssues(file.path, '', patch.error, issues);
			return;
		}
		const { override, ...facts } = patch.data;
		const target = meshes.get(override);
		if (!target) {
			issues.push({
				file: file.path,
				path: 'override',
				message: `no mesh with id '${override}'`,
			});
			return;
		}
		const definedFacts = Object.fromEntries(
			Object.entries(facts).filter(([, v]) => v !== undefined),
		) as Partial<Mesh>;
		meshes.set(override, {
			...target,
			...definedFacts,
			cells: { ...target.cells, ...readCells(file.path, cells, featureIds, issues) },
		});
		return;
	}
	const mesh = readMesh(file, featureIds, issues);
	if (mesh) meshes.set(mesh.id, mesh);
}

/** Validates the changelog; a change naming an unknown mesh or feature is reported and dropped. */
function readChangelog(
	file: DataFile,
	meshes: ReadonlyMap<string, Mesh>,
	featureIds: ReadonlySet<string>,
	issues: DataIssue[],
): DatasetRelease[] {
	const raw = parseYaml(file, issues);
	if (raw === undefined) return [];
	const parsed = ChangelogSchema.safeParse(raw);
	if (!parsed.success) {
		pushZodIssues(file.path, '', parsed.error, issues);
		return [];
	}
	return parsed.data.releases.map((release, r) => ({
		...release,
		changes: release.changes.filter((c, i) => {
			const problem = !meshes.has(c.mesh)
				? `unknown mesh '${c.mesh}'`
				: !featureIds.has(c.feature)
					? `unknown feature '${c.feature}'`
					: undefined;
			if (problem)
				issues.push({
					file: file.path,
					path: `releases.${r}.changes.${i}`,
					message: problem,
				});
			return !problem;
		}),
	}));
}

function newestDate(meshes: readonly Mesh[]): string {
	let newest = '';
	for (const m of meshes) {
		if (m.asOf > newest) newest = m.asOf;
		for (const c of Object.values(m.cells)) if (c.asOf > newest) newest = c.asOf;
	}
	return newest;
}

/** Formats an issue as one line: `file:line path: message`. */
export function formatIssue(issue: DataIssue): string {
	const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
	return `${where}${issue.path ? ` ${issue.path}` : ''}: ${issue.message}`;
}
