/** Field paths written the catalog's way with indexes: spec.http[0].route[1].destination.host. */

/** Appends a key to a path; keys that are not plain identifiers are quoted: labels["app.k8s.io/x"]. */
export function childPath(path: string, key: string): string {
	if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
	return `${path}[${JSON.stringify(key)}]`;
}

export function itemPath(path: string, index: number): string {
	return `${path}[${index}]`;
}

/** True when `path` is `prefix` or lies below it. The empty prefix covers everything. */
export function isUnder(path: string, prefix: string): boolean {
	if (prefix === '' || path === prefix) return true;
	if (!path.startsWith(prefix)) return false;
	const next = path.charAt(prefix.length);
	return next === '.' || next === '[';
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Every leaf of a value: scalars, empty objects and empty arrays, with their paths. Depth and count
 * are bounded so hostile input cannot make the walk run away.
 */
export function leafPaths(value: unknown, path = '', out: string[] = [], depth = 0): string[] {
	if (out.length > 100_000 || depth > 64) return out;
	if (Array.isArray(value)) {
		if (value.length === 0) out.push(path);
		value.forEach((v, i) => leafPaths(v, itemPath(path, i), out, depth + 1));
	} else if (isRecord(value)) {
		const keys = Object.keys(value);
		if (keys.length === 0) out.push(path);
		for (const k of keys) leafPaths(value[k], childPath(path, k), out, depth + 1);
	} else {
		out.push(path);
	}
	return out;
}

/** A set of path prefixes that answers "is this path at or below one of them?". */
export class PathSet {
	private readonly paths = new Set<string>();

	add(path: string): void {
		this.paths.add(path);
	}

	covers(path: string): boolean {
		if (this.paths.has(path) || this.paths.has('')) return true;
		for (const p of this.paths) if (isUnder(path, p)) return true;
		return false;
	}

	/** True when the path itself, something above it or something below it is in the set. */
	touches(path: string): boolean {
		if (this.covers(path)) return true;
		for (const p of this.paths) if (isUnder(p, path)) return true;
		return false;
	}

	values(): string[] {
		return [...this.paths];
	}
}
