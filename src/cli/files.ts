import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { KUSTOMIZATION_FILES, kustomizationPatchFiles } from '../core';

/** Folders never worth walking into. */
const SKIP_DIRS = new Set(['.git', 'node_modules']);

/**
 * Compiles a .gitignore-style glob: `*` and `?` stay inside one path segment, `**` spans folders,
 * a pattern without a slash matches a name at any depth, a leading `/` anchors it to the working
 * folder, and a trailing `/` (or any match of a folder) excludes everything below.
 */
export function globMatcher(pattern: string): (path: string) => boolean {
	let p = pattern.trim().replace(/\\/g, '/');
	const anchored = p.startsWith('/') || p.slice(0, -1).includes('/');
	p = p.replace(/^\//, '').replace(/\/$/, '');
	let re = '';
	for (let i = 0; i < p.length; i++) {
		const c = p[i] ?? '';
		if (c === '*' && p[i + 1] === '*') {
			// `**/` matches zero or more folders; a trailing `**` everything below.
			if (p[i + 2] === '/') {
				re += '(?:.*/)?';
				i += 2;
			} else {
				re += '.*';
				i++;
			}
		} else if (c === '*') re += '[^/]*';
		else if (c === '?') re += '[^/]';
		else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
	}
	const regex = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${re}(?:/.*)?$`);
	return (path) => regex.test(path.split(sep).join('/'));
}

export interface CollectedFiles {
	/** Absolute paths of the YAML files to lint, sorted. */
	readonly files: string[];
	/** Absolute paths named as patches by a kustomization (partial objects). */
	readonly partial: Set<string>;
	/** Paths given on the command line that do not exist. */
	readonly missing: string[];
}

/**
 * Collects the YAML files below the given paths (files are taken as given, folders are walked),
 * minus the excluded ones, and the kustomize patch files of every kustomization met on the way or
 * next to a given file (and in its parent folders up to the working folder).
 */
export function collectFiles(
	cwd: string,
	paths: readonly string[],
	excludes: readonly string[],
): CollectedFiles {
	const matchers = excludes.map(globMatcher);
	// Without --exclude nothing is excluded: no relative path is worked out per entry.
	const excluded = matchers.length
		? (abs: string) => {
				const rel = relative(cwd, abs);
				return matchers.some((m) => m(rel));
			}
		: () => false;
	const files = new Set<string>();
	const kustomizations = new Set<string>();
	const missing: string[] = [];
	const walk = (dir: string) => {
		let entries;
		try {
			entries = readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		// `dir` is absolute and normalised (from resolve), and an entry's name is one segment: the
		// path is the two joined, without path.join normalising ten thousand paths again.
		const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
		for (const e of entries) {
			const abs = prefix + e.name;
			if (excluded(abs)) continue;
			if (e.isDirectory()) {
				if (!SKIP_DIRS.has(e.name)) walk(abs);
			} else if (e.isFile()) {
				if (KUSTOMIZATION_FILES.includes(e.name)) kustomizations.add(abs);
				if (/\.ya?ml$/i.test(e.name)) files.add(abs);
			}
		}
	};
	for (const p of paths) {
		const abs = resolve(cwd, p);
		if (!existsSync(abs)) {
			missing.push(p);
			continue;
		}
		if (statSync(abs).isDirectory()) walk(abs);
		else {
			if (!excluded(abs)) files.add(abs);
			// A patch given alone is still a patch: look for kustomizations above it.
			for (let dir = dirname(abs); ; dir = dirname(dir)) {
				for (const k of KUSTOMIZATION_FILES) {
					if (existsSync(join(dir, k))) kustomizations.add(join(dir, k));
				}
				if (dir === dirname(dir) || !resolve(dir).startsWith(resolve(cwd))) break;
			}
		}
	}
	const partial = new Set<string>();
	for (const k of kustomizations) {
		let text: string;
		try {
			text = readFileSync(k, 'utf8');
		} catch {
			continue;
		}
		for (const p of kustomizationPatchFiles(text)) partial.add(resolve(dirname(k), p));
	}
	return { files: [...files].sort(), partial, missing };
}
