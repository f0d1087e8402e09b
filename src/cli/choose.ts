import {
	PLATFORMS,
	choose as chooseMeshes,
	parseRequirements,
	toChooseJson,
	toChooseMarkdown,
	type Choice,
	type ChooseOptions,
	type Platform,
} from '../core';
import { formatIssue, loadDatasetFromDir } from './data';
import { parseOptions, UsageError, type CliCommand } from './io';

const FORMATS = ['table', 'md', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** A plain-text ranking for terminals: one line per mesh, then its unmet requirements. */
export function toChooseTable(choices: readonly Choice[]): string {
	const lines: string[] = [];
	const width = Math.max(4, ...choices.map((c) => c.name.length));
	lines.push(`${'Mesh'.padEnd(width)}  Fits  Gaps`);
	for (const c of choices) {
		const notes = [
			...(c.retired ? ['(retired: final release)'] : []),
			...(c.kind ? ['(service networking)'] : []),
		];
		lines.push(
			[
				c.name.padEnd(width),
				(c.fits ? 'yes' : 'no').padEnd(4),
				c.gaps.length
					? c.reasons
							.filter((r) => !r.met)
							.map((r) => `${r.requirement} (${r.support}, wanted ${r.wanted})`)
							.join('; ')
					: '-',
				...notes,
			]
				.join('  ')
				.trimEnd(),
		);
	}
	const fitting = choices.filter((c) => c.fits).length;
	lines.push('', `${fitting} of ${choices.length} meet every requirement.`);
	return lines.join('\n') + '\n';
}

export const choose: CliCommand = (io) => {
	const { options, positional } = parseOptions(
		io.args,
		['require', 'platforms', 'format', 'extra'],
		['open-source', 'exclude-retired', 'allow-enterprise', 'no-sidecars'],
	);
	if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
	const format = (options.get('format') ?? 'table') as Format;
	if (!FORMATS.includes(format))
		throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
	const extras = (options.get('extra') ?? '').split(',').filter(Boolean);
	const { dataset, issues } = loadDatasetFromDir(io.dataDir, extras, io.cwd);
	for (const issue of issues) io.stderr(`warning: ${formatIssue(issue)}\n`);

	let require;
	try {
		require = parseRequirements(
			options.get('require') ?? '',
			dataset.features.map((f) => f.id),
		);
	} catch (e) {
		throw new UsageError(`--require: ${(e as Error).message}`);
	}
	const platforms = (options.get('platforms') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const badPlatform = platforms.find((p) => !(PLATFORMS as readonly string[]).includes(p));
	if (badPlatform) {
		throw new UsageError(
			`--platforms: unknown platform '${badPlatform}' (known: ${PLATFORMS.join(', ')})`,
		);
	}
	const chooseOptions: ChooseOptions = {
		require,
		openSourceOnly: options.has('open-source'),
		excludeRetired: options.has('exclude-retired'),
		allowEnterprise: options.has('allow-enterprise'),
		noSidecars: options.has('no-sidecars'),
		platforms: platforms as Platform[],
	};
	const choices = chooseMeshes(dataset, chooseOptions);
	if (format === 'json') io.stdout(JSON.stringify(toChooseJson(choices), null, 2) + '\n');
	else if (format === 'md') {
		const names = new Map(dataset.features.map((f) => [f.id, f.name]));
		io.stdout(
			toChooseMarkdown(choices, chooseOptions, (id) => names.get(id) ?? id, dataset.asOf) +
				'\n',
		);
	} else io.stdout(toChooseTable(choices));
	return Promise.resolve(0);
};
