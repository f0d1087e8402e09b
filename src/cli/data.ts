import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, formatIssue, loadDataset, type DataFile, type LoadResult } from '../core';
import { readTextFile } from './io';

/**
 * The schema catalog's folder below a data folder. Throws when its index is missing (say, the
 * CLI's bundle was copied away from its `data/` folder): without it every kind would be unknown
 * and `lint` would pass everything without a word.
 */
export function catalogDir(dataDir: string): string {
	const dir = join(dataDir, 'catalog');
	if (!existsSync(join(dir, 'schemas', 'index.json'))) {
		throw new Error(
			`no schema catalog in ${dataDir} (catalog/schemas/index.json is missing): run the CLI from its package, next to its data folder, or set MESHLENS_DATA_DIR to that folder`,
		);
	}
	return dir;
}

/** A file's modification time in ms, or undefined when it cannot be read. */
function mtime(path: string): number | undefined {
	try {
		return statSync(path).mtimeMs;
	} catch {
		return undefined;
	}
}

/**
 * The schema catalog below a data folder, read with node:fs. A docs file is read from the build's
 * JSON copy (`dist/catalog/docs/<group>.json` beside the data folder, as the extension reads it)
 * when there is one at least as new as its YAML: one JSON.parse instead of a YAML parse at every
 * start (~25 ms for the Istio networking docs, and the YAML parser then runs on block scalars
 * and long texts that manifests rarely hold before it has met a manifest). A data folder of
 * one's own (`MESHLENS_DATA_DIR`) with newer YAML docs is read as YAML.
 */
export function catalogFromDir(dataDir: string, log?: (m: string) => void): Catalog {
	const dir = catalogDir(dataDir);
	const built = join(dataDir, '..', 'dist', 'catalog');
	const readIf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
	return new Catalog((path) => {
		if (path.startsWith('docs/') && path.endsWith('.json')) {
			const json = join(built, path);
			const jsonTime = mtime(json);
			const yamlTime = mtime(join(dir, path.replace(/\.json$/, '.yaml')));
			return Promise.resolve(
				jsonTime !== undefined && (yamlTime === undefined || jsonTime >= yamlTime)
					? readIf(json)
					: readIf(join(dir, path)),
			);
		}
		return Promise.resolve(readIf(join(dir, path)));
	}, log);
}

function read(path: string, label: string): DataFile {
	return { path: label, text: readFileSync(path, 'utf8') };
}

/** Loads the dataset from a data folder with node:fs, plus optional extra files. */
export function loadDatasetFromDir(
	dataDir: string,
	extras: readonly string[] = [],
	cwd = '.',
): LoadResult {
	const meshDir = join(dataDir, 'meshes');
	const meshes = readdirSync(meshDir)
		.filter((f) => /\.ya?ml$/.test(f))
		.sort()
		.map((f) => read(join(meshDir, f), `data/meshes/${f}`));
	const index = join(dataDir, 'catalog', 'schemas', 'index.json');
	return loadDataset({
		features: read(join(dataDir, 'features.yaml'), 'data/features.yaml'),
		meshes,
		// A file the user names gets a clear message when it is missing, a folder or binary.
		extras: extras.map((p) => ({
			path: p,
			text: readTextFile({ cwd }, p, 'a Meshlens data file (YAML)'),
		})),
		...(existsSync(index)
			? { catalogIndex: read(index, 'data/catalog/schemas/index.json') }
			: {}),
		...(existsSync(join(dataDir, 'changelog.yaml'))
			? { changelog: read(join(dataDir, 'changelog.yaml'), 'data/changelog.yaml') }
			: {}),
	});
}

export { formatIssue };
