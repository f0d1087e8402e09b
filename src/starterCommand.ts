import * as vscode from 'vscode';
import { readExtensionFile } from './extensionFiles';
import { fallbackStarter, groupOf, parseStarters, starterChoices, starterDetail } from './core';
import type { CatalogIndex } from './core';
import type { DatasetStore } from './datasetStore';

export interface StarterRequest {
	readonly apiVersion: string;
	readonly kind: string;
}

function isRequest(arg: unknown): arg is StarterRequest {
	const r = arg as Partial<StarterRequest> | undefined;
	return typeof r?.apiVersion === 'string' && typeof r.kind === 'string';
}

/** Reads the hand-written starters of a group from data/starters/, once per group. */
function starterReader(extensionUri: vscode.Uri): (request: StarterRequest) => Promise<string> {
	const groups = new Map<string, Promise<Map<string, string>>>();
	const decoder = new TextDecoder();
	return async ({ apiVersion, kind }) => {
		const group = groupOf(apiVersion);
		let starters = groups.get(group);
		if (!starters) {
			const uri = vscode.Uri.joinPath(extensionUri, 'data', 'starters', `${group}.yaml`);
			starters = readExtensionFile(uri).then(
				(bytes) => parseStarters(decoder.decode(bytes)),
				() => new Map<string, string>(),
			);
			groups.set(group, starters);
		}
		return (await starters).get(kind) ?? fallbackStarter(apiVersion, kind);
	};
}

/** The catalog's list of API groups and the mesh that defines each (empty when unreadable). */
async function readIndex(extensionUri: vscode.Uri): Promise<CatalogIndex> {
	const uri = vscode.Uri.joinPath(extensionUri, 'data', 'catalog', 'schemas', 'index.json');
	try {
		const data = JSON.parse(new TextDecoder().decode(await readExtensionFile(uri))) as
			CatalogIndex | undefined;
		return typeof data?.groups === 'object' && data.groups !== null ? data : { groups: {} };
	} catch {
		return { groups: {} };
	}
}

/** `meshlens.openStarter`: opens a new untitled YAML document from a starter of a kind. */
export function registerStarterCommand(
	extensionUri: vscode.Uri,
	store: DatasetStore,
): vscode.Disposable {
	const starterFor = starterReader(extensionUri);
	return vscode.commands.registerCommand('meshlens.openStarter', async (arg?: unknown) => {
		let request = isRequest(arg) ? arg : undefined;
		if (!request) {
			const [dataset, index] = await Promise.all([store.get(), readIndex(extensionUri)]);
			const items: (vscode.QuickPickItem & { request: StarterRequest })[] = starterChoices(
				dataset.meshes,
				index.groups,
			).map((c) => ({
				label: c.kind,
				description: c.apiVersion,
				detail: starterDetail(c),
				request: { apiVersion: c.apiVersion, kind: c.kind },
			}));
			const picked = await vscode.window.showQuickPick(items, {
				title: vscode.l10n.t('New Manifest from Starter'),
				placeHolder: vscode.l10n.t('Kind of the new manifest'),
				matchOnDescription: true,
				matchOnDetail: true,
			});
			request = picked?.request;
		}
		if (!request) return;
		const content = await starterFor(request);
		const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
		await vscode.window.showTextDocument(doc);
	});
}
