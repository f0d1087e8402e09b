import * as vscode from 'vscode';
import type { DatasetStore } from './datasetStore';

export interface StarterRequest {
	readonly apiVersion: string;
	readonly kind: string;
}

/** Produces the text of a starter manifest; the catalog-backed engine supplies it. */
export type StarterSource = (request: StarterRequest) => Promise<string | undefined>;

function isRequest(arg: unknown): arg is StarterRequest {
	const r = arg as Partial<StarterRequest> | undefined;
	return typeof r?.apiVersion === 'string' && typeof r.kind === 'string';
}

/** A minimal, valid skeleton for kinds the catalog cannot describe. */
export function fallbackStarter({ apiVersion, kind }: StarterRequest): string {
	const name = kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
	return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: my-${name}\n  namespace: default\nspec: {}\n`;
}

/** `meshlens.openStarter`: opens a new untitled YAML document from a starter of a kind. */
export function registerStarterCommand(
	store: DatasetStore,
	starter: StarterSource,
): vscode.Disposable {
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
		const content = (await starter(request)) ?? fallbackStarter(request);
		const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
		await vscode.window.showTextDocument(doc);
	});
}
