import {
	buildMatrix,
	cellStateText,
	changesSince,
	shownText,
	toCsv,
	toMarkdown,
	type DatedChange,
	type MatrixView,
} from '../core';
import type { Dataset } from '../core';
import { formatIssue, loadDatasetFromDir } from './data';
import { InputError, parseOptions, UsageError, type CliCommand } from './io';

const FORMATS = ['table', 'md', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

function list(value: string | undefined): string[] | undefined {
	if (value === undefined) return undefined;
	return value
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

/** The documented JSON form of `meshlens compare`. */
export function toCompareJson(
	dataset: Dataset,
	meshIds: readonly string[],
	featureIds?: readonly string[],
) {
	const meshes = meshIds
		.map((id) => dataset.meshes.find((m) => m.id === id))
		.filter((m) => m !== undefined);
	const features = dataset.features.filter((f) => !featureIds || featureIds.includes(f.id));
	return {
		asOf: dataset.asOf,
		meshes: meshes.map((m) => ({
			id: m.id,
			name: m.name,
			lifecycle: {
				status: m.lifecycle.status,
				...(m.lifecycle.date ? { date: m.lifecycle.date } : {}),
				...(m.lifecycle.successor ? { successor: m.lifecycle.successor } : {}),
			},
			vendor: m.vendor,
			license: m.license,
			openSource: m.openSource,
			latestVersion: m.latestVersion,
			...(m.variantOf ? { variantOf: m.variantOf } : {}),
			...(m.basedOn ? { basedOn: m.basedOn } : {}),
			homepage: m.homepage,
			docs: m.docs,
		})),
		features: features.map((f) => ({ id: f.id, name: f.name, category: f.category })),
		cells: meshes.flatMap((m) =>
			features.flatMap((f) => {
				const c = m.cells[f.id];
				if (!c) return [];
				return [
					{
						mesh: m.id,
						feature: f.id,
						support: c.support,
						value: c.value,
						...(c.note ? { note: c.note } : {}),
						sources: c.sources,
						asOf: c.asOf,
						...(c.since ? { since: c.since } : {}),
					},
				];
			}),
		),
	};
}

/** A plain-text table for terminals, one block per category. */
export function toTextTable(view: MatrixView, width = 28): string {
	const clip = (s: string, n: number): string =>
		s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
	const lines: string[] = [];
	const header = [
		clip('Feature', 24),
		...view.columns.map((c) => clip(c.retired ? `${c.name} (${c.lifecycle})` : c.name, width)),
	];
	lines.push(header.join('  ').trimEnd());
	for (const group of view.groups) {
		lines.push('', group.name.toUpperCase());
		for (const row of group.rows) {
			const cells = row.cells.map((c) => clip(shownText(c), width));
			lines.push([clip(row.name, 24), ...cells].join('  ').trimEnd());
		}
	}
	lines.push(
		'',
		`Legend: ${view.legend.map((l) => `${l.glyph} ${l.name}`).join(', ')}. Data as of ${view.asOf}.`,
	);
	return lines.join('\n') + '\n';
}

/** The dataset changes made after a date, as text, Markdown, CSV or JSON. */
export function renderChanges(
	changes: readonly DatedChange[],
	since: string,
	format: 'table' | 'md' | 'csv' | 'json',
): string {
	if (format === 'json') return JSON.stringify({ since, changes }, null, 2) + '\n';
	if (format === 'csv') {
		const field = (t: string): string =>
			/[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
		const rows = [
			['version', 'date', 'mesh', 'feature', 'kind', 'old', 'new', 'reason'].join(','),
		];
		for (const c of changes) {
			rows.push(
				[
					c.version,
					c.date,
					c.mesh,
					c.feature,
					c.kind,
					cellStateText(c.old),
					cellStateText(c.new),
					c.reason ?? '',
				]
					.map(field)
					.join(','),
			);
		}
		return rows.join('\r\n') + '\r\n';
	}
	const head = `${changes.length} change${changes.length === 1 ? '' : 's'} to the dataset after ${since}.`;
	if (format === 'md') {
		const esc = (t: string): string => t.replace(/\|/g, '\\|');
		return [
			`# Dataset changes after ${since}`,
			'',
			head,
			'',
			'| Release | Mesh | Feature | Change | Was | Now |',
			'| --- | --- | --- | --- | --- | --- |',
			...changes.map(
				(c) =>
					`| ${c.version} (${c.date}) | ${c.mesh} | ${c.feature} | ${c.kind}${c.reason ? `: ${esc(c.reason)}` : ''} | ${esc(cellStateText(c.old))} | ${esc(cellStateText(c.new))} |`,
			),
			'',
		].join('\n');
	}
	return (
		[
			head,
			...changes.map(
				(c) =>
					`${c.version}  ${c.mesh}/${c.feature}  ${c.kind}: ${cellStateText(c.old)} -> ${cellStateText(c.new)}${c.reason ? `  (${c.reason})` : ''}`,
			),
		].join('\n') + '\n'
	);
}

export const compare: CliCommand = (io) => {
	const { options, positional } = parseOptions(io.args, [
		'meshes',
		'features',
		'format',
		'extra',
		'changed-since',
	]);
	if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
	const format = (options.get('format') ?? 'table') as Format;
	if (!FORMATS.includes(format))
		throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
	const extras = list(options.get('extra')) ?? [];
	const { dataset, issues } = loadDatasetFromDir(io.dataDir, extras, io.cwd);
	// A broken file the user asked for is an error, not a warning: the output would silently
	// lack what they meant to add.
	for (const extra of extras) {
		const own = issues.filter((i) => i.file === extra);
		const [first] = own;
		if (!first) continue;
		const more =
			own.length > 1
				? ` (and ${own.length - 1} more problem${own.length > 2 ? 's' : ''})`
				: '';
		const where = `${first.line ? `line ${first.line}: ` : ''}${first.path ? `${first.path}: ` : ''}`;
		const what = (first.message.split('\n')[0] ?? '').replace(/[\s:.]+$/, '');
		throw new InputError(
			`${extra} is not a valid Meshlens data file (${where}${what}${more}); fix it (the format is in the README, "The dataset") or leave it out.`,
		);
	}
	for (const issue of issues) io.stderr(`warning: ${formatIssue(issue)}\n`);

	const allMeshIds = dataset.meshes.map((m) => m.id);
	const meshIds = list(options.get('meshes')) ?? allMeshIds;
	const unknownMeshes = meshIds.filter((id) => !allMeshIds.includes(id));
	if (unknownMeshes.length) {
		throw new UsageError(
			`unknown mesh id(s): ${unknownMeshes.join(', ')} (known: ${allMeshIds.join(', ')})`,
		);
	}
	const featureIds = list(options.get('features'));
	const allFeatureIds = dataset.features.map((f) => f.id);
	const unknownFeatures = (featureIds ?? []).filter((id) => !allFeatureIds.includes(id));
	if (unknownFeatures.length)
		throw new UsageError(`unknown feature id(s): ${unknownFeatures.join(', ')}`);

	const changedSince = options.get('changed-since');
	if (changedSince !== undefined) {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(changedSince) || Number.isNaN(Date.parse(changedSince)))
			throw new UsageError('--changed-since needs a date written YYYY-MM-DD');
		const changes = changesSince(dataset.releases ?? [], { date: changedSince }).filter(
			(c) => meshIds.includes(c.mesh) && (!featureIds || featureIds.includes(c.feature)),
		);
		io.stdout(renderChanges(changes, changedSince, format));
		return Promise.resolve(0);
	}

	if (format === 'json') {
		io.stdout(JSON.stringify(toCompareJson(dataset, meshIds, featureIds), null, 2) + '\n');
		return Promise.resolve(0);
	}
	const view = buildMatrix(dataset, { meshes: meshIds });
	const filtered: MatrixView = featureIds
		? {
				...view,
				groups: view.groups
					.map((g) => ({
						...g,
						rows: g.rows.filter((r) => featureIds.includes(r.feature)),
					}))
					.filter((g) => g.rows.length > 0),
			}
		: view;
	const render = { table: toTextTable, md: toMarkdown, csv: toCsv }[format];
	io.stdout(render(filtered));
	return Promise.resolve(0);
};
