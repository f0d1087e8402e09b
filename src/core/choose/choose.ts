import { isRetired } from '../compare/matrix';
import type { Dataset, Mesh, SupportLevel } from '../dataset/schema';

/**
 * "Which mesh fits?": the user states must-haves (a feature and the least support level that will
 * do) and a few constraints; every mesh is checked against its own cells and ranked, those meeting
 * every must-have first. Pure: the CLI (`meshlens choose`) and the comparison view share it.
 */

/** The least acceptable level of a must-have, best first: full > partial > preview. */
export const REQUIRED_LEVELS = ['full', 'partial', 'preview'] as const;
export type RequiredLevel = (typeof REQUIRED_LEVELS)[number];

/** Where workloads must run; each maps to the cells that say so. */
export const PLATFORMS = ['kubernetes', 'vms', 'nomad', 'ecs'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Requirement {
	readonly feature: string;
	readonly least: RequiredLevel;
}

export interface ChooseOptions {
	readonly require: readonly Requirement[];
	/** Leave out meshes that are not open source. */
	readonly openSourceOnly?: boolean;
	/** Leave out deprecated, end-of-life and archived products. */
	readonly excludeRetired?: boolean;
	/** Count an `enterprise` (paid edition only) cell as full; otherwise it meets nothing. */
	readonly allowEnterprise?: boolean;
	/** Platforms that must be supported (all of them). */
	readonly platforms?: readonly Platform[];
	/** Require a data plane without a proxy in every pod. */
	readonly noSidecars?: boolean;
}

/** One checked must-have, citing the cell it was judged on. */
export interface ChoiceReason {
	/** The feature id, or `platform:<name>` for a platform check. */
	readonly requirement: string;
	readonly feature: string;
	/** What was asked, e.g. "partial or better", "mentions Nomad". */
	readonly wanted: string;
	readonly met: boolean;
	readonly support: SupportLevel;
	readonly value: string;
	readonly sources: readonly string[];
}

export interface Choice {
	readonly mesh: string;
	readonly name: string;
	/** True when every must-have is met according to the mesh's cells. */
	readonly fits: boolean;
	/** Requirement ids not met, in the order they were asked. */
	readonly gaps: readonly string[];
	/** The support level of every feature asked about (must-haves, platforms, no sidecars). */
	readonly cells: Readonly<Record<string, SupportLevel>>;
	readonly reasons: readonly ChoiceReason[];
	/** Set for retired products: their cells describe a final release, not something to adopt. */
	readonly retired: boolean;
	readonly kind?: 'service-networking';
}

const RANK: Readonly<Record<RequiredLevel, number>> = { full: 3, partial: 2, preview: 1 };

/** How well a cell's level serves, on the full(3) > partial(2) > preview(1) scale; 0 for nothing. */
export function levelRank(support: SupportLevel, allowEnterprise = false): number {
	if (support === 'enterprise') return allowEnterprise ? RANK.full : 0;
	return support === 'full' || support === 'partial' || support === 'preview' ? RANK[support] : 0;
}

/** True when a cell at `support` meets a must-have of `least`. */
export function meets(
	support: SupportLevel,
	least: RequiredLevel,
	allowEnterprise = false,
): boolean {
	const rank = levelRank(support, allowEnterprise);
	return rank > 0 && rank >= RANK[least];
}

function wantedText(least: RequiredLevel): string {
	return least === 'full' ? 'full' : `${least} or better`;
}

const PLATFORM_CHECKS: Readonly<
	Record<Platform, { feature: string; label: string; pattern?: RegExp; least?: RequiredLevel }>
> = {
	kubernetes: {
		feature: 'platform-support',
		label: 'runs on Kubernetes',
		pattern: /kubernetes|\bk8s\b|\bgke\b|\beks\b|\baks\b|openshift/i,
	},
	vms: { feature: 'vm-workloads', label: 'VMs: partial or better', least: 'partial' },
	nomad: { feature: 'platform-support', label: 'mentions Nomad', pattern: /\bnomad\b/i },
	ecs: { feature: 'platform-support', label: 'mentions Amazon ECS', pattern: /\becs\b|fargate/i },
};

function reasonFor(
	mesh: Mesh,
	requirement: string,
	feature: string,
	wanted: string,
	test: (support: SupportLevel, text: string) => boolean,
): ChoiceReason {
	const cell = mesh.cells[feature];
	const support: SupportLevel = cell?.support ?? 'unknown';
	const value = cell?.value ?? 'No data';
	const text = `${value} ${cell?.note ?? ''}`;
	return {
		requirement,
		feature,
		wanted,
		met: cell !== undefined && test(support, text),
		support,
		value,
		sources: cell?.sources ?? [],
	};
}

/** Checks one mesh against the requirements. */
export function checkMesh(mesh: Mesh, options: ChooseOptions): Choice {
	const allow = options.allowEnterprise ?? false;
	const reasons: ChoiceReason[] = [];
	for (const r of options.require) {
		reasons.push(
			reasonFor(mesh, r.feature, r.feature, wantedText(r.least), (s) =>
				meets(s, r.least, allow),
			),
		);
	}
	if (options.noSidecars) {
		reasons.push(
			reasonFor(mesh, 'sidecarless', 'sidecarless', 'partial or better (no sidecars)', (s) =>
				meets(s, 'partial', allow),
			),
		);
	}
	for (const p of options.platforms ?? []) {
		const check = PLATFORM_CHECKS[p];
		reasons.push(
			reasonFor(mesh, `platform:${p}`, check.feature, check.label, (s, text) =>
				check.least
					? meets(s, check.least, allow)
					: levelRank(s, allow) > 0 && (check.pattern?.test(text) ?? true),
			),
		);
	}
	const cells: Record<string, SupportLevel> = {};
	for (const r of reasons) cells[r.feature] = r.support;
	const gaps = reasons.filter((r) => !r.met).map((r) => r.requirement);
	return {
		mesh: mesh.id,
		name: mesh.name,
		fits: gaps.length === 0,
		gaps,
		cells,
		reasons,
		retired: isRetired(mesh),
		...(mesh.kind === 'service-networking' ? { kind: 'service-networking' as const } : {}),
	};
}

function score(choice: Choice, allowEnterprise: boolean): number {
	return choice.reasons.reduce((sum, r) => sum + levelRank(r.support, allowEnterprise), 0);
}

/**
 * Checks every mesh and ranks them: meshes meeting every must-have first, live products before
 * retired ones, then fewer gaps, then stronger support over the features asked about, then name.
 * Meshes left out by `openSourceOnly` or `excludeRetired` are not returned.
 */
export function choose(dataset: Dataset, options: ChooseOptions): Choice[] {
	const allow = options.allowEnterprise ?? false;
	const choices = dataset.meshes
		.filter((m) => !options.openSourceOnly || m.openSource)
		.filter((m) => !options.excludeRetired || !isRetired(m))
		.map((m) => checkMesh(m, options));
	return choices.sort(
		(a, b) =>
			Number(b.fits) - Number(a.fits) ||
			Number(a.retired) - Number(b.retired) ||
			a.gaps.length - b.gaps.length ||
			score(b, allow) - score(a, allow) ||
			a.name.localeCompare(b.name),
	);
}

/** The documented JSON of `meshlens choose`: `[{ mesh, fits, gaps, cells }]`, fitting meshes first. */
export function toChooseJson(
	choices: readonly Choice[],
): { mesh: string; fits: boolean; gaps: string[]; cells: Record<string, SupportLevel> }[] {
	return choices.map((c) => ({
		mesh: c.mesh,
		fits: c.fits,
		gaps: [...c.gaps],
		cells: { ...c.cells },
	}));
}

/**
 * Parses "mtls=full,multi-cluster=partial" into requirements. Throws an Error naming the first bad
 * entry (unknown feature or level) so the CLI can print it.
 */
export function parseRequirements(text: string, featureIds: readonly string[]): Requirement[] {
	const out: Requirement[] = [];
	for (const part of text
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)) {
		const [feature = '', level = ''] = part.split('=').map((s) => s.trim());
		if (!featureIds.includes(feature))
			throw new Error(`unknown feature '${feature}' in '${part}'`);
		if (!(REQUIRED_LEVELS as readonly string[]).includes(level)) {
			throw new Error(`'${part}': the level must be one of ${REQUIRED_LEVELS.join(', ')}`);
		}
		out.push({ feature, least: level as RequiredLevel });
	}
	return out;
}

function escapeMd(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown report: the requirements, then one section per mesh with its reasons and gaps. */
export function toChooseMarkdown(
	choices: readonly Choice[],
	options: ChooseOptions,
	featureName: (id: string) => string = (id) => id,
	asOf?: string,
): string {
	const wanted = [
		...options.require.map((r) => `${featureName(r.feature)}: ${wantedText(r.least)}`),
		...(options.noSidecars ? ['No sidecars'] : []),
		...(options.platforms ?? []).map((p) => `Platform: ${PLATFORM_CHECKS[p].label}`),
		...(options.openSourceOnly ? ['Open source only'] : []),
		...(options.excludeRetired ? ['Retired products excluded'] : []),
		...(options.allowEnterprise ? ['Paid-edition features count as full'] : []),
	];
	const fitting = choices.filter((c) => c.fits).length;
	const out = [
		'# Which mesh fits?',
		'',
		...(asOf ? [`Data as of ${asOf}.`, ''] : []),
		'Requirements:',
		'',
		...(wanted.length ? wanted.map((w) => `- ${escapeMd(w)}`) : ['- (none)']),
		'',
		`${fitting} of ${choices.length} meet every requirement.`,
		'',
	];
	for (const c of choices) {
		const tags = [
			c.fits ? 'fits' : `${c.gaps.length} gap${c.gaps.length === 1 ? '' : 's'}`,
			...(c.retired ? ['retired: final release only'] : []),
			...(c.kind ? ['service networking, not a mesh'] : []),
		];
		out.push(`## ${escapeMd(c.name)} (${tags.join(', ')})`, '');
		for (const r of c.reasons) {
			const name = r.requirement.startsWith('platform:') ? r.wanted : featureName(r.feature);
			out.push(
				`- ${r.met ? '✓' : '✗'} ${escapeMd(name)}: ${r.support}, ${escapeMd(r.value)}` +
					(r.met ? '' : ` (wanted ${escapeMd(r.wanted)})`) +
					(r.sources[0] ? ` [source](${r.sources[0]})` : ''),
			);
		}
		if (c.reasons.length === 0) out.push('- No requirements given.');
		out.push('');
	}
	return out.join('\n');
}
