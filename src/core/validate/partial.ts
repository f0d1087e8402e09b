import { parse } from 'yaml';

/** File names kustomize reads as a kustomization. */
export const KUSTOMIZATION_FILES: readonly string[] = [
	'kustomization.yaml',
	'kustomization.yml',
	'Kustomization',
];

/**
 * The files a kustomization names as strategic-merge patches (`patchesStrategicMerge`, and `path`
 * entries of `patches`), relative to the kustomization's folder. Those files hold partial objects,
 * so validation skips required-field checks on them (`ValidateOptions.partial`). Inline patches and
 * URLs are left out; a broken file gives an empty list.
 */
export function kustomizationPatchFiles(text: string): string[] {
	let data: unknown;
	try {
		data = parse(text, { maxAliasCount: 50, uniqueKeys: false });
	} catch {
		return [];
	}
	if (typeof data !== 'object' || data === null) return [];
	const record = data as Record<string, unknown>;
	const out: string[] = [];
	const add = (p: unknown) => {
		// A value with a line break is an inline patch, not a path.
		if (typeof p === 'string' && p && !p.includes('\n') && !/^[a-z]+:\/\//i.test(p))
			out.push(p);
	};
	for (const key of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
		const list = record[key];
		if (!Array.isArray(list)) continue;
		for (const entry of list) {
			if (typeof entry === 'string') add(entry);
			else if (typeof entry === 'object' && entry !== null)
				add((entry as Record<string, unknown>).path);
		}
	}
	return out;
}
