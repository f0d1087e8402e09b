import type { MatrixCell } from './matrix';

/** One term of a cell's detail panel ("Support", "Since", "As of") and its value. */
export interface CellFact {
	readonly term: string;
	readonly value: string;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The facts the detail panel lists for a cell. "Since" is left out when the cell's value already
 * says since when (e.g. "GA since 1.24"), so the panel never says it twice.
 */
export function cellFacts(cell: MatrixCell): CellFact[] {
	const facts: CellFact[] = [{ term: 'Support', value: cell.label }];
	if (cell.finalRelease) facts.push({ term: 'Final release', value: cell.finalRelease });
	if (cell.change) {
		const c = cell.change;
		const was = c.old ? `; was ${c.old.support}: ${c.old.value}` : '';
		facts.push({
			term: 'Changed',
			value: `${c.kind} in dataset ${c.version}${was}${c.reason ? ` (${c.reason})` : ''}`,
		});
	}
	if (cell.since) {
		const said = new RegExp(`\\bsince\\s+v?${escapeRegExp(cell.since)}(?![\\w.])`, 'i');
		if (!said.test(cell.value)) facts.push({ term: 'Since', value: cell.since });
	}
	if (cell.asOf) facts.push({ term: 'As of', value: cell.asOf });
	return facts;
}

/** How a source link is shown: host and path without the scheme, cut into pieces that may wrap. */
export interface SourceDisplay {
	/** The full URL, for the tooltip and for opening. */
	readonly url: string;
	readonly host: string;
	/**
	 * The path (and query) after the host, split after each `/`, `?`, `&`, `#` and before long
	 * runs of `-`, `_` or `.`-joined words, so a line breaks there rather than mid-word.
	 */
	readonly pathParts: readonly string[];
}

/** Splits a source URL for display; anything that does not parse is shown whole. */
export function sourceDisplay(url: string): SourceDisplay {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return { url, host: url, pathParts: [] };
	}
	const host = parsed.host.replace(/^www\./, '');
	let rest = `${parsed.pathname}${parsed.search}${parsed.hash}`;
	if (rest === '/') rest = '';
	else if (rest.endsWith('/') && !parsed.search && !parsed.hash) rest = rest.slice(0, -1);
	const pathParts: string[] = [];
	// Break after separators; within a long segment, also after - _ . so nothing overflows.
	for (const piece of rest.split(/(?<=[/?&#=])/)) {
		if (piece.length <= 24) pathParts.push(piece);
		else pathParts.push(...piece.split(/(?<=[-_.])/));
	}
	return { url, host, pathParts: pathParts.filter((p) => p !== '') };
}
