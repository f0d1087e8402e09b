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
