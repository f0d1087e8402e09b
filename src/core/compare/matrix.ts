import type { CellState, ChangeKind } from '../dataset/changelog';
import { changeKey, changesSince } from '../dataset/changes';
import type { Dataset, LifecycleStatus, Mesh, SupportLevel } from '../dataset/schema';

/** What the user chose in the comparison: the webview keeps it, the host turns it into a view. */
export interface MatrixOptions {
	/** Mesh ids in column order. Unknown ids are ignored. */
	readonly meshes: readonly string[];
	/** Case-insensitive text matched against feature names, descriptions and the shown cells. */
	readonly text?: string;
	/** Category ids to show; empty or missing means all. */
	readonly categories?: readonly string[];
	/** Keep only the rows whose support level differs between the chosen meshes. */
	readonly onlyDifferences?: boolean;
	/** Drop columns of deprecated, end-of-life and archived meshes. */
	readonly hideRetired?: boolean;
	/** Highlight the cells changed after this dataset version (the one the user last opened). */
	readonly changedSince?: string;
}

/** How a cell changed since the version the user last opened. */
export interface MatrixCellChange {
	readonly version: string;
	readonly kind: ChangeKind;
	readonly old?: CellState;
	readonly reason?: string;
}

export interface MatrixCell {
	readonly mesh: string;
	readonly support: SupportLevel;
	readonly glyph: string;
	/** Text for screen readers and exports, e.g. "Partial support: Failure accrual". */
	readonly label: string;
	readonly value: string;
	readonly note?: string;
	readonly sources: readonly string[];
	readonly asOf?: string;
	readonly since?: string;
	/**
	 * Set when the column is a retired product: the cell describes its final release, not
	 * something a user can adopt today, e.g. "v1.2.4 (2023-04-20)". The webview dims such cells.
	 */
	readonly finalRelease?: string;
	/** Set when `changedSince` is given and this cell changed after that version. */
	readonly change?: MatrixCellChange;
}

export interface MatrixColumn {
	readonly id: string;
	readonly name: string;
	readonly lifecycle: LifecycleStatus;
	readonly lifecycleDate?: string;
	readonly successor?: string;
	readonly retired: boolean;
	readonly variantOf?: string;
	readonly version: string;
	/** The final release of a retired product, e.g. "v1.2.4 (2023-04-20)". */
	readonly finalRelease?: string;
	/** Set for service-networking products compared against meshes (not meshes themselves). */
	readonly kind?: 'service-networking';
}

export interface MatrixRow {
	readonly feature: string;
	readonly name: string;
	readonly description: string;
	readonly cells: readonly MatrixCell[];
	readonly differs: boolean;
}

export interface MatrixGroup {
	readonly category: string;
	readonly name: string;
	readonly rows: readonly MatrixRow[];
}

/** Everything the webview needs to draw the table; computed by the host. */
export interface MatrixView {
	readonly asOf: string;
	readonly columns: readonly MatrixColumn[];
	readonly groups: readonly MatrixGroup[];
	readonly shownRows: number;
	readonly totalRows: number;
	/** Every mesh, for the mesh picker. */
	readonly meshes: readonly {
		id: string;
		name: string;
		retired: boolean;
		lifecycle: LifecycleStatus;
	}[];
	readonly categories: readonly { id: string; name: string }[];
	/** The dataset release shown, e.g. "2.0.0", when the data carries a changelog. */
	readonly version?: string;
	/** With `changedSince`: how many cells of the whole dataset changed after that version. */
	readonly changes?: { readonly since: string; readonly count: number };
	readonly legend: readonly {
		support: SupportLevel;
		glyph: string;
		name: string;
		meaning: string;
	}[];
}

export const SUPPORT_INFO: Readonly<
	Record<SupportLevel, { glyph: string; name: string; meaning: string }>
> = {
	full: { glyph: '●', name: 'Full', meaning: 'Supported and generally available' },
	partial: { glyph: '◐', name: 'Partial', meaning: 'Supported with real gaps (see the note)' },
	preview: { glyph: '◇', name: 'Preview', meaning: 'Alpha, beta or experimental' },
	enterprise: { glyph: '$', name: 'Enterprise', meaning: 'Only in a paid edition' },
	none: { glyph: '○', name: 'None', meaning: 'Not supported' },
	'n/a': { glyph: '–', name: 'Not applicable', meaning: 'The question does not apply' },
	unknown: { glyph: '?', name: 'Unknown', meaning: 'Could not be established (see the note)' },
};

const RETIRED: ReadonlySet<LifecycleStatus> = new Set(['deprecated', 'end-of-life', 'archived']);

/** True for meshes that users should no longer adopt. */
export function isRetired(mesh: Pick<Mesh, 'lifecycle'>): boolean {
	return RETIRED.has(mesh.lifecycle.status);
}

/** The default column choice of the comparison, in this order. */
export const DEFAULT_MESHES = ['istio', 'linkerd', 'app-mesh', 'consul', 'cilium', 'kuma'] as const;

/** Builds the table for the given choices. Pure: the same input gives the same view. */
export function buildMatrix(dataset: Dataset, options: MatrixOptions): MatrixView {
	const byId = new Map(dataset.meshes.map((m) => [m.id, m]));
	const seen = new Set<string>();
	const chosen: Mesh[] = [];
	for (const id of options.meshes) {
		const mesh = byId.get(id);
		if (!mesh || seen.has(id)) continue;
		if (options.hideRetired && isRetired(mesh)) continue;
		seen.add(id);
		chosen.push(mesh);
	}

	const finals = new Map(
		chosen.flatMap((m) => {
			const f = finalReleaseOf(m);
			return f ? [[m.id, f] as const] : [];
		}),
	);
	const changes = new Map<string, MatrixCellChange>();
	if (options.changedSince && dataset.releases) {
		for (const c of changesSince(dataset.releases, { version: options.changedSince })) {
			const key = changeKey(c.mesh, c.feature);
			if (changes.has(key)) continue; // the newest change wins; releases come newest first
			changes.set(key, {
				version: c.version,
				kind: c.kind,
				...(c.old ? { old: c.old } : {}),
				...(c.reason ? { reason: c.reason } : {}),
			});
		}
	}
	const text = options.text?.trim().toLowerCase() ?? '';
	const categoryFilter = new Set(options.categories ?? []);
	let shownRows = 0;

	const groups: MatrixGroup[] = [];
	for (const category of dataset.categories) {
		if (categoryFilter.size > 0 && !categoryFilter.has(category.id)) continue;
		const rows: MatrixRow[] = [];
		for (const feature of dataset.features) {
			if (feature.category !== category.id) continue;
			const cells = chosen.map((mesh) =>
				cellOf(
					mesh,
					feature.id,
					finals.get(mesh.id),
					changes.get(changeKey(mesh.id, feature.id)),
				),
			);
			const differs = new Set(cells.map((c) => c.support)).size > 1;
			if (options.onlyDifferences && !differs) continue;
			if (text && !matches(text, feature.name, feature.description, cells)) continue;
			rows.push({
				feature: feature.id,
				name: feature.name,
				description: feature.description,
				cells,
				differs,
			});
		}
		shownRows += rows.length;
		if (rows.length > 0) groups.push({ category: category.id, name: category.name, rows });
	}

	return {
		asOf: dataset.asOf,
		columns: chosen.map(toColumn),
		groups,
		shownRows,
		totalRows: dataset.features.length,
		meshes: dataset.meshes.map((m) => ({
			id: m.id,
			name: m.name,
			retired: isRetired(m),
			lifecycle: m.lifecycle.status,
		})),
		categories: dataset.categories.map((c) => ({ id: c.id, name: c.name })),
		...(dataset.version ? { version: dataset.version } : {}),
		...(options.changedSince
			? { changes: { since: options.changedSince, count: changes.size } }
			: {}),
		legend: (Object.keys(SUPPORT_INFO) as SupportLevel[]).map((support) => ({
			support,
			...SUPPORT_INFO[support],
		})),
	};
}

/** "v1.2.4 (2023-04-20)" for a retired mesh; undefined for a mesh one can still adopt. */
export function finalReleaseOf(
	mesh: Pick<Mesh, 'lifecycle' | 'latestVersion'>,
): string | undefined {
	if (!isRetired(mesh)) return undefined;
	return `${mesh.latestVersion.version} (${releaseDateText(mesh.latestVersion)})`;
}

/** "2026-09-21", "by 2026-04-30" or "date unknown". */
export function releaseDateText(v: Pick<Mesh['latestVersion'], 'date' | 'dateQualifier'>): string {
	if (!v.date) return 'date unknown';
	return v.dateQualifier === 'on-or-before' ? `by ${v.date}` : v.date;
}

/** Levels that would read as "works today" on a live product. */
const LIVE_LEVELS: ReadonlySet<SupportLevel> = new Set([
	'full',
	'partial',
	'preview',
	'enterprise',
]);

function toColumn(mesh: Mesh): MatrixColumn {
	const finalRelease = finalReleaseOf(mesh);
	return {
		id: mesh.id,
		name: mesh.name,
		lifecycle: mesh.lifecycle.status,
		...(mesh.lifecycle.date ? { lifecycleDate: mesh.lifecycle.date } : {}),
		...(mesh.lifecycle.successor ? { successor: mesh.lifecycle.successor } : {}),
		retired: isRetired(mesh),
		...(mesh.variantOf ? { variantOf: mesh.variantOf } : {}),
		version: mesh.latestVersion.version,
		...(finalRelease ? { finalRelease } : {}),
		...(mesh.kind === 'service-networking' ? { kind: 'service-networking' as const } : {}),
	};
}

function cellOf(
	mesh: Mesh,
	featureId: string,
	finalRelease?: string,
	change?: MatrixCellChange,
): MatrixCell {
	const cell = mesh.cells[featureId];
	if (!cell) {
		return {
			mesh: mesh.id,
			support: 'unknown',
			glyph: SUPPORT_INFO.unknown.glyph,
			label: 'Unknown: no data',
			value: 'No data',
			sources: [],
		};
	}
	const info = SUPPORT_INFO[cell.support];
	const historic = finalRelease !== undefined && LIVE_LEVELS.has(cell.support);
	return {
		mesh: mesh.id,
		support: cell.support,
		glyph: info.glyph,
		label: historic
			? `${info.name} in the final release ${finalRelease}, no longer available: ${cell.value}`
			: `${info.name}: ${cell.value}`,
		...(finalRelease ? { finalRelease } : {}),
		...(change ? { change } : {}),
		value: cell.value,
		...(cell.note ? { note: cell.note } : {}),
		sources: cell.sources,
		asOf: cell.asOf,
		...(cell.since ? { since: cell.since } : {}),
	};
}

function matches(
	text: string,
	name: string,
	description: string,
	cells: readonly MatrixCell[],
): boolean {
	if (name.toLowerCase().includes(text) || description.toLowerCase().includes(text)) return true;
	return cells.some((c) => c.value.toLowerCase().includes(text));
}

/** Moves a column one place left (-1) or right (+1) in a mesh order; returns a new array. */
export function moveColumn(order: readonly string[], id: string, delta: -1 | 1): string[] {
	const next = [...order];
	const from = next.indexOf(id);
	const to = from + delta;
	if (from === -1 || to < 0 || to >= next.length) return next;
	next.splice(from, 1);
	next.splice(to, 0, id);
	return next;
}

function columnTitle(c: MatrixColumn): string {
	return c.retired
		? `${c.name} (${c.lifecycle}${c.lifecycleDate ? ` ${c.lifecycleDate}` : ''})`
		: c.name;
}

/** The glyph and value as exports show them; a retired product's cell says it is historical. */
export function shownText(c: MatrixCell): string {
	return c.finalRelease ? `${c.glyph} ${c.value} (final release)` : `${c.glyph} ${c.value}`;
}

function escapeMarkdown(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The current view as a GitHub-flavoured Markdown table, one table per category. */
export function toMarkdown(view: MatrixView): string {
	const out: string[] = [`# Service mesh comparison`, '', `Data as of ${view.asOf}.`, ''];
	for (const group of view.groups) {
		out.push(`## ${escapeMarkdown(group.name)}`, '');
		out.push(
			`| Feature | ${view.columns.map((c) => escapeMarkdown(columnTitle(c))).join(' | ')} |`,
		);
		out.push(`| --- | ${view.columns.map(() => '---').join(' | ')} |`);
		for (const row of group.rows) {
			const cells = row.cells.map((c) => escapeMarkdown(shownText(c)));
			out.push(`| ${escapeMarkdown(row.name)} | ${cells.join(' | ')} |`);
		}
		out.push('');
	}
	out.push(`Legend: ${view.legend.map((l) => `${l.glyph} ${l.name}`).join(', ')}.`, '');
	return out.join('\n');
}

function csvField(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The current view as CSV: one row per feature and mesh pair, with support level and sources. */
export function toCsv(view: MatrixView): string {
	const lines = [
		[
			'category',
			'feature',
			'mesh',
			'support',
			'value',
			'note',
			'since',
			'asOf',
			'sources',
		].join(','),
	];
	for (const group of view.groups) {
		for (const row of group.rows) {
			for (const cell of row.cells) {
				lines.push(
					[
						group.name,
						row.name,
						cell.mesh,
						cell.support,
						cell.value,
						cell.note ?? '',
						cell.since ?? '',
						cell.asOf ?? '',
						cell.sources.join(' '),
					]
						.map(csvField)
						.join(','),
				);
			}
		}
	}
	return lines.join('\r\n') + '\r\n';
}

function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** The current view as a standalone, accessible HTML page (no scripts). */
export function toHtml(view: MatrixView): string {
	const head = view.columns
		.map((c) => `<th scope="col">${escapeHtml(columnTitle(c))}</th>`)
		.join('');
	const body = view.groups
		.map((g) => {
			const rows = g.rows
				.map((r) => {
					const cells = r.cells
						.map((c) => {
							const sources = c.sources
								.map((s, i) => ` <a href="${escapeHtml(s)}">[${i + 1}]</a>`)
								.join('');
							const title = c.note ? ` title="${escapeHtml(c.note)}"` : '';
							return `<td class="${escapeHtml(c.support.replace('/', ''))}${c.finalRelease ? ' final-release' : ''}"${title}><span aria-label="${escapeHtml(c.label)}">${escapeHtml(shownText(c))}</span>${sources}</td>`;
						})
						.join('');
					return `<tr><th scope="row">${escapeHtml(r.name)}</th>${cells}</tr>`;
				})
				.join('\n');
			return `<tbody><tr><th scope="rowgroup" colspan="${view.columns.length + 1}">${escapeHtml(g.name)}</th></tr>\n${rows}</tbody>`;
		})
		.join('\n');
	const legend = view.legend
		.map((l) => `${escapeHtml(l.glyph)} ${escapeHtml(l.name)}`)
		.join(' · ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Service mesh comparison</title>
<style>
body { font-family: system-ui, sans-serif; }
table { border-collapse: collapse; }
th, td { border: 1px solid #8884; padding: 4px 8px; text-align: left; vertical-align: top; }
tbody > tr:first-child > th { background: #8882; }
td.final-release { opacity: 0.6; }
</style>
</head>
<body>
<h1>Service mesh comparison</h1>
<p>Data as of ${escapeHtml(view.asOf)}. Legend: ${legend}.</p>
<table>
<thead><tr><th scope="col">Feature</th>${head}</tr></thead>
${body}
</table>
</body>
</html>
`;
}
