import * as vscode from 'vscode';
import { buildMeshTree, type TreeNode } from './core';
import type { DatasetStore } from './datasetStore';
import type { MatrixPanelManager } from './matrixPanel';
import { NodeTreeProvider } from './treeAdapter';

interface Deps {
	readonly store: DatasetStore;
	readonly matrix: MatrixPanelManager;
}

/** The Meshes view with its title-bar filter, lifecycle grouping and inline actions. */
export function registerMeshTree({ store, matrix }: Deps): vscode.Disposable {
	let filter = '';
	let grouped = false;
	const provider = new NodeTreeProvider(async () =>
		buildMeshTree(await store.get(), { filter, groupByLifecycle: grouped }),
	);
	const view = vscode.window.createTreeView('meshlens.meshes', {
		treeDataProvider: provider,
		showCollapseAll: true,
	});
	const setContext = (key: string, value: unknown): void => {
		void vscode.commands.executeCommand('setContext', key, value);
	};
	const update = (): void => {
		view.message = filter ? `Filtered by “${filter}”` : undefined;
		setContext('meshlens.meshFilterActive', filter !== '');
		setContext('meshlens.groupedByLifecycle', grouped);
		provider.refresh();
	};
	const meshId = (node: unknown): string | undefined => {
		const id = (node as TreeNode | undefined)?.id;
		return id?.startsWith('mesh:') ? id.slice('mesh:'.length) : undefined;
	};
	setContext('meshlens.groupedByLifecycle', false);

	return vscode.Disposable.from(
		provider,
		view,
		store.onDidChange(() => provider.refresh()),
		vscode.commands.registerCommand('meshlens.filterMeshes', async () => {
			const text = await vscode.window.showInputBox({
				title: vscode.l10n.t('Filter Meshes'),
				prompt: vscode.l10n.t(
					'Show meshes whose name, vendor or former name contains this text',
				),
				value: filter,
			});
			if (text === undefined) return;
			filter = text.trim();
			update();
		}),
		vscode.commands.registerCommand('meshlens.clearMeshFilter', () => {
			filter = '';
			update();
		}),
		vscode.commands.registerCommand('meshlens.groupByLifecycle', () => {
			grouped = true;
			update();
		}),
		vscode.commands.registerCommand('meshlens.ungroup', () => {
			grouped = false;
			update();
		}),
		vscode.commands.registerCommand('meshlens.compareMesh', (node?: unknown) => {
			const mesh = meshId(node);
			matrix.open(mesh ? { mesh } : undefined);
		}),
		vscode.commands.registerCommand('meshlens.openDocs', async (arg?: unknown) => {
			let url: string | undefined = typeof arg === 'string' ? arg : undefined;
			const mesh = meshId(arg);
			if (mesh) url = (await store.get()).meshes.find((m) => m.id === mesh)?.docs;
			if (!url || !/^https?:\/\//.test(url)) return;
			await vscode.env.openExternal(vscode.Uri.parse(url));
		}),
	);
}
