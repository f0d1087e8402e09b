import { parse } from 'yaml';

/** The group of an apiVersion (`networking.istio.io/v1` → `networking.istio.io`); '' for core. */
export function groupOf(apiVersion: string): string {
	const slash = apiVersion.lastIndexOf('/');
	return slash > 0 ? apiVersion.slice(0, slash) : '';
}

/**
 * Reads a data/starters/<group>.yaml file: `{ group, starters: { Kind: text } }`. Returns the
 * starters by kind; anything malformed yields an empty map rather than an error.
 */
export function parseStarters(text: string): Map<string, string> {
	const out = new Map<string, string>();
	let data: unknown;
	try {
		data = parse(text, { maxAliasCount: 0 });
	} catch {
		return out;
	}
	const starters = (data as { starters?: unknown } | null)?.starters;
	if (typeof starters !== 'object' || starters === null) return out;
	for (const [kind, body] of Object.entries(starters)) {
		if (typeof body === 'string' && body.trim())
			out.set(kind, body.endsWith('\n') ? body : `${body}\n`);
	}
	return out;
}

/** A minimal, valid skeleton for kinds that have no hand-written starter. */
export function fallbackStarter(apiVersion: string, kind: string): string {
	const name = kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
	return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: my-${name}\n  namespace: default\nspec: {}\n`;
}

/** One entry of the "New Manifest from Starter" picker. */
export interface StarterChoice {
	readonly apiVersion: string;
	readonly kind: string;
	/** Name of the mesh whose API group defines the kind; undefined when no one mesh owns it. */
	readonly mesh?: string;
	/** Names of the other meshes and distributions that list the same kind, in dataset order. */
	readonly alsoIn: readonly string[];
}

interface ChoiceMesh {
	readonly id: string;
	readonly name: string;
	readonly basedOn?: { readonly mesh: string };
	readonly manifestKinds: readonly { readonly apiVersion: string; readonly kind: string }[];
}

/**
 * One choice per apiVersion and kind that any mesh lists. The kind belongs to the mesh that the
 * catalog names for its API group (Istio for security.istio.io, Linkerd for policy.linkerd.io);
 * for groups outside the catalog, to the one listing mesh the others are based on, or to the only
 * mesh that lists it. Every other mesh that lists the kind is named in `alsoIn`.
 */
export function starterChoices(
	meshes: readonly ChoiceMesh[],
	groupMesh: Readonly<Record<string, { readonly mesh: string }>>,
): StarterChoice[] {
	const listers = new Map<string, { apiVersion: string; kind: string; meshes: ChoiceMesh[] }>();
	for (const mesh of meshes) {
		for (const k of mesh.manifestKinds) {
			const key = `${k.apiVersion}\u0000${k.kind}`;
			let entry = listers.get(key);
			if (!entry) {
				entry = { apiVersion: k.apiVersion, kind: k.kind, meshes: [] };
				listers.set(key, entry);
			}
			if (!entry.meshes.includes(mesh)) entry.meshes.push(mesh);
		}
	}
	const out: StarterChoice[] = [];
	for (const { apiVersion, kind, meshes: list } of listers.values()) {
		const group = groupOf(apiVersion);
		const catalogOwner = Object.hasOwn(groupMesh, group) ? groupMesh[group]?.mesh : undefined;
		const owner =
			list.find((m) => m.id === catalogOwner) ??
			meshes.find((m) => m.id === catalogOwner) ??
			(list.length === 1
				? list[0]
				: list.find(
						(m) => !m.basedOn && list.every((o) => o === m || o.basedOn?.mesh === m.id),
					));
		out.push({
			apiVersion,
			kind,
			...(owner ? { mesh: owner.name } : {}),
			alsoIn: list.filter((m) => m !== owner).map((m) => m.name),
		});
	}
	return out.sort(
		(a, b) => a.kind.localeCompare(b.kind) || a.apiVersion.localeCompare(b.apiVersion),
	);
}

/** The picker's second line: the owning mesh, then the distributions that reuse the kind. */
export function starterDetail(choice: StarterChoice): string {
	const also = choice.alsoIn.length ? choice.alsoIn.join(', ') : '';
	if (!choice.mesh) return `in: ${also}`;
	return also ? `${choice.mesh} · also in: ${also}` : choice.mesh;
}
