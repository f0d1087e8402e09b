import * as vscode from 'vscode';
import { fallbackStarter, groupOf, parseStarters } from './core';
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
			starters = Promise.resolve(vscode.workspace.fs.readFile(uri)).then(
				(bytes) => parseStarters(decoder.decode(bytes)),
				() => new Map<string, string>(),
			);
			groups.set(group, starters);
		}
		return (await starters).get(kind) ?? fallbackStarter(apiVersion, kind);
	};
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
			const dataset = await store.get();
			const seen = new Set<string>();
			const items: (vscode.QuickPickItem & { request: StarterRequest })[] = [];
			for (const mesh of dataset.meshes) {
				for (const k of mesh.manifestKinds) {
					const key = `${k.apiVersion}/${k.kind}`;
					if (seen.has(key)) continue;
					seen.add(key);
					items.push({
						label: k.kind,
						description: k.apiVersion,
						detail: mesh.name,
						request: k,
					});
				}
			}
			items.sort(
				(a, b) =>
					a.label.localeCompare(b.label) ||
					a.request.apiVersion.localeCompare(b.request.apiVersion),
			);
			const picked = await vscode.window.showQuickPick(items, {
				title: 'New Manifest from Starter',
				placeHolder: 'Kind of the new manifest',
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
