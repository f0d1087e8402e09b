import { LIFECYCLE_STATUSES, type Dataset, type Mesh, type SupportLevel } from '../dataset/schema';
import { SUPPORT_INFO, isRetired } from '../compare/matrix';

/** A plain tree node; the adapter turns it into a vscode.TreeItem. */
export interface TreeNode {
	readonly id: string;
	readonly label: string;
	readonly description?: string;
	readonly tooltip?: string;
	/** A codicon id, optionally with a theme colour id. */
	readonly icon?: { readonly id: string; readonly color?: string };
	/** Used in `viewItem ==` menu conditions. */
	readonly contextValue?: string;
	readonly children?: readonly TreeNode[];
	/** Expanded initially (only meaningful when children exist). */
	readonly expanded?: boolean;
	readonly command?: {
		readonly command: string;
		readonly title: string;
		readonly args: readonly unknown[];
	};
}

export interface MeshTreeOptions {
	/** Case-insensitive text matched against mesh names, ids, vendors and former names. */
	readonly filter?: string;
	readonly groupByLifecycle?: boolean;
}

export const SUPPORT_ICONS: Readonly<Record<SupportLevel, { id: string; color?: string }>> = {
	full: { id: 'pass-filled', color: 'testing.iconPassed' },
	partial: { id: 'pie-chart', color: 'editorWarning.foreground' },
	preview: { id: 'beaker', color: 'charts.purple' },
	enterprise: { id: 'briefcase', color: 'charts.blue' },
	none: { id: 'circle-slash', color: 'errorForeground' },
	'n/a': { id: 'dash' },
	unknown: { id: 'question' },
};

function lifecycleText(mesh: Mesh): string {
	const l = mesh.lifecycle;
	const parts: string[] = [l.status];
	if (l.date) parts.push(`since ${l.date}`);
	if (l.successor) parts.push(`successor: ${l.successor}`);
	return parts.join(', ');
}

function meshMatches(mesh: Mesh, filter: string): boolean {
	const hay = [mesh.id, mesh.name, mesh.vendor, ...(mesh.formerNames ?? []), ...mesh.creators]
		.join(' ')
		.toLowerCase();
	return hay.includes(filter);
}

/** The Meshes view: one node per mesh (optionally grouped by lifecycle), filtered by text. */
export function buildMeshTree(dataset: Dataset, options: MeshTreeOptions = {}): TreeNode[] {
	const filter = options.filter?.trim().toLowerCase() ?? '';
	const meshes = dataset.meshes
		.filter((m) => !filter || meshMatches(m, filter))
		.slice()
		.sort((a, b) => a.name.localeCompare(b.name));
	if (!options.groupByLifecycle) return meshes.map((m) => meshNode(dataset, m));
	const groups: TreeNode[] = [];
	for (const status of LIFECYCLE_STATUSES) {
		const members = meshes.filter((m) => m.lifecycle.status === status);
		if (members.length === 0) continue;
		groups.push({
			id: `lifecycle:${status}`,
			label: status.charAt(0).toUpperCase() + status.slice(1),
			description: String(members.length),
			icon: { id: status === 'active' ? 'pulse' : 'history' },
			expanded: true,
			children: members.map((m) => meshNode(dataset, m)),
		});
	}
	return groups;
}

function meshNode(dataset: Dataset, mesh: Mesh): TreeNode {
	const retired = isRetired(mesh);
	const id = `mesh:${mesh.id}`;
	const status = mesh.lifecycle.status === 'active' ? '' : ` · ${mesh.lifecycle.status}`;
	return {
		id,
		label: mesh.name,
		description: `${mesh.latestVersion.version}${status}`,
		tooltip: `${mesh.name} — ${mesh.vendor}. Lifecycle: ${lifecycleText(mesh)}. Data as of ${mesh.asOf}.`,
		icon: retired
			? { id: 'circle-slash', color: 'disabledForeground' }
			: mesh.lifecycle.status === 'active'
				? { id: 'type-hierarchy-sub' }
				: { id: 'warning', color: 'editorWarning.foreground' },
		contextValue: 'mesh',
		children: [
			overviewNode(mesh, id),
			featuresNode(dataset, mesh, id),
			kindsNode(mesh, id),
			linksNode(mesh, id),
		],
	};
}

function fact(
	parent: string,
	key: string,
	label: string,
	value: string | undefined,
	icon: string,
): TreeNode[] {
	if (!value) return [];
	return [
		{
			id: `${parent}/${key}`,
			label,
			description: value,
			tooltip: `${label}: ${value}`,
			icon: { id: icon },
		},
	];
}

function overviewNode(mesh: Mesh, parent: string): TreeNode {
	const id = `${parent}/overview`;
	const based = mesh.basedOn
		? `${mesh.basedOn.mesh}${mesh.basedOn.version ? ` ${mesh.basedOn.version}` : ''}`
		: undefined;
	const version = `${mesh.latestVersion.version}${mesh.latestVersion.date ? ` (${mesh.latestVersion.date})` : ''}`;
	return {
		id,
		label: 'Overview',
		icon: { id: 'info' },
		expanded: true,
		children: [
			...fact(id, 'vendor', 'Vendor', mesh.vendor, 'organization'),
			...fact(id, 'creators', 'Creators', mesh.creators.join(', '), 'person'),
			...fact(
				id,
				'license',
				'Licence',
				`${mesh.license}${mesh.openSource ? '' : ' (proprietary)'}`,
				'law',
			),
			...fact(
				id,
				'governance',
				'Governance',
				`${mesh.governance.body} ${mesh.governance.status}${mesh.governance.date ? ` ${mesh.governance.date}` : ''}`,
				'organization',
			),
			...fact(id, 'proxy', 'Proxy', mesh.dataPlaneProxy, 'server-process'),
			...fact(id, 'based-on', 'Based on', based, 'references'),
			...fact(id, 'version', 'Latest version', version, 'tag'),
			{
				id: `${id}/lifecycle`,
				label: 'Lifecycle',
				description: lifecycleText(mesh),
				tooltip: mesh.lifecycle.note ?? lifecycleText(mesh),
				icon: isRetired(mesh)
					? { id: 'error', color: 'errorForeground' }
					: mesh.lifecycle.status === 'active'
						? { id: 'pass', color: 'testing.iconPassed' }
						: { id: 'warning', color: 'editorWarning.foreground' },
			},
		],
	};
}

function featuresNode(dataset: Dataset, mesh: Mesh, parent: string): TreeNode {
	const id = `${parent}/features`;
	return {
		id,
		label: 'Features',
		icon: { id: 'checklist' },
		children: dataset.categories
			.map((category) => ({
				id: `${id}/${category.id}`,
				label: category.name,
				icon: { id: 'symbol-folder' },
				children: dataset.features
					.filter((f) => f.category === category.id)
					.map((feature): TreeNode => {
						const cell = mesh.cells[feature.id];
						const support = cell?.support ?? 'unknown';
						const tooltip = cell
							? `${SUPPORT_INFO[support].name}: ${cell.value}${cell.note ? `\n\n${cell.note}` : ''}\n\nAs of ${cell.asOf}${cell.since ? ` · since ${cell.since}` : ''}`
							: 'No data';
						return {
							id: `${id}/${category.id}/${feature.id}`,
							label: feature.name,
							description: cell ? cell.value : 'No data',
							tooltip,
							icon: SUPPORT_ICONS[support],
							command: {
								command: 'meshlens.openComparison',
								title: 'Show in Comparison',
								args: [{ mesh: mesh.id, feature: feature.id }],
							},
						};
					}),
			}))
			.filter((c) => c.children.length > 0),
	};
}

function kindsNode(mesh: Mesh, parent: string): TreeNode {
	const id = `${parent}/kinds`;
	const kinds = [...mesh.manifestKinds].sort(
		(a, b) => a.apiVersion.localeCompare(b.apiVersion) || a.kind.localeCompare(b.kind),
	);
	return {
		id,
		label: 'Manifest kinds',
		description: String(kinds.length),
		icon: { id: 'symbol-class' },
		children: kinds.length
			? kinds.map((k) => ({
					id: `${id}/${k.apiVersion}/${k.kind}`,
					label: k.kind,
					description: k.apiVersion,
					tooltip: `Open a new ${k.kind} manifest from a starter`,
					icon: { id: 'new-file' },
					contextValue: 'manifestKind',
					command: {
						command: 'meshlens.openStarter',
						title: 'New Manifest from Starter',
						args: [{ apiVersion: k.apiVersion, kind: k.kind }],
					},
				}))
			: [{ id: `${id}/none`, label: 'No Kubernetes kinds of its own', icon: { id: 'dash' } }],
	};
}

function linksNode(mesh: Mesh, parent: string): TreeNode {
	const id = `${parent}/links`;
	const link = (key: string, label: string, url: string | undefined, icon: string): TreeNode[] =>
		url
			? [
					{
						id: `${id}/${key}`,
						label,
						description: url,
						tooltip: url,
						icon: { id: icon },
						command: { command: 'meshlens.openDocs', title: 'Open', args: [url] },
					},
				]
			: [];
	return {
		id,
		label: 'Links',
		icon: { id: 'link' },
		children: [
			...link('docs', 'Documentation', mesh.docs, 'book'),
			...link('homepage', 'Homepage', mesh.homepage, 'globe'),
			...link('repository', 'Repository', mesh.repository, 'repo'),
		],
	};
}
