import type { CatalogIndex } from '../catalog/types';
import type { ManifestKind, Mesh } from './schema';

/** Reads data/catalog/schemas/index.json leniently; undefined when it is missing or broken. */
export function parseCatalogIndex(text: string | undefined): CatalogIndex | undefined {
	if (text === undefined) return undefined;
	try {
		const data = JSON.parse(text) as CatalogIndex | null;
		return data && typeof data.groups === 'object' && data.groups !== null ? data : undefined;
	} catch {
		return undefined;
	}
}

/** The kinds the catalog holds for a mesh id, each at its preferred (first listed) version. */
export function catalogKindsOf(index: CatalogIndex, meshId: string): ManifestKind[] {
	const out: ManifestKind[] = [];
	for (const group of Object.keys(index.groups).sort()) {
		const g = index.groups[group];
		if (!g || g.mesh !== meshId) continue;
		for (const kind of Object.keys(g.kinds).sort()) {
			const version = g.kinds[kind]?.[0];
			if (version) out.push({ apiVersion: `${group}/${version}`, kind });
		}
	}
	return out;
}

/**
 * Fills each mesh's manifest kinds from the catalog: the kinds of its own API groups, then those of
 * the mesh it is a variant of or built on (OpenShift Service Mesh lists Istio's kinds, Kong Mesh
 * Kuma's), then the kinds its data file lists itself (groups the catalog does not cover, e.g.
 * sailoperator.io). A kind appears once, at the first apiVersion met.
 */
export function withCatalogKinds(meshes: readonly Mesh[], index: CatalogIndex): Mesh[] {
	const byId = new Map(meshes.map((m) => [m.id, m]));
	return meshes.map((mesh) => {
		const base = mesh.variantOf ?? mesh.basedOn?.mesh;
		const baseMesh = base ? byId.get(base) : undefined;
		const candidates = [
			...catalogKindsOf(index, mesh.id),
			...(base ? catalogKindsOf(index, base) : []),
			...mesh.manifestKinds,
			...(baseMesh?.manifestKinds ?? []),
		];
		const seen = new Set<string>();
		const kinds: ManifestKind[] = [];
		for (const k of candidates) {
			const key = `${k.apiVersion.slice(0, Math.max(0, k.apiVersion.lastIndexOf('/')))}/${k.kind}`;
			if (seen.has(key)) continue;
			seen.add(key);
			kinds.push(k);
		}
		return { ...mesh, manifestKinds: kinds };
	});
}
