import type { CatalogIndex, GroupDocs } from './types';

/** One field that implements a comparison feature, from a docs file's `features:` map. */
export interface FeaturePath {
	readonly mesh: string;
	readonly group: string;
	readonly kind: string;
	/** The catalog path; a `**.` suffix rule is shown as written. */
	readonly path: string;
}

/**
 * Builds feature id → the fields that implement it, over every group of the catalog. The docs files
 * are read through `groupDocs` (which caches them), so this costs one read per group, once.
 */
export async function buildFeaturePaths(
	index: CatalogIndex,
	groupDocs: (group: string) => Promise<GroupDocs | undefined>,
): Promise<Map<string, FeaturePath[]>> {
	const out = new Map<string, FeaturePath[]>();
	const groups = Object.keys(index.groups).sort();
	const docs = await Promise.all(groups.map((g) => groupDocs(g)));
	groups.forEach((group, i) => {
		const mesh = index.groups[group]?.mesh ?? '';
		for (const [kind, kd] of Object.entries(docs[i]?.kinds ?? {})) {
			for (const [path, feature] of Object.entries(kd.features)) {
				let list = out.get(feature);
				if (!list) out.set(feature, (list = []));
				list.push({ mesh, group, kind, path });
			}
		}
	});
	return out;
}
