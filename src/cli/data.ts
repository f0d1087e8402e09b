import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssue, loadDataset, type DataFile, type LoadResult } from '../core';
import { readTextFile } from './io';

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
