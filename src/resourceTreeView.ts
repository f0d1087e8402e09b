import * as vscode from 'vscode';
import type { TreeNode } from './core';
import {
	buildResourceTree,
	countMeshResources,
	meshGroupIndex,
	parseRevealTarget,
	type Range,
} from './core';
import type { DatasetStore } from './datasetStore';
import type { Log } from './log';
import { NodeTreeProvider } from './treeAdapter';
import { VIEW_ID, type WorkspaceIndex } from './workspaceIndex';

interface Deps {
	readonly store: DatasetStore;
	readonly log: Log;
	/** The workspace model, shared with the analysis and navigation. */
	readonly index: WorkspaceIndex;
}

function setContext(key: string, value: unknown): void {
	void vscode.commands.executeCommand('setContext', key, value);
}

function toRange(r: Range): vscode.Range {
	return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * The Mesh Resources view: the workspace's mesh resources by mesh and kind, kept up to date as
 * files change, plus the refresh and reveal commands.
 */
export function registerResourceTree({ store, log, index }: Deps): vscode.Disposable {
	let lastCount: number | undefined;
	let lastScanned = false;
	const roots = async (): Promise<TreeNode[]> => {
		index.ensureStarted();
		try {
			const meshOf = meshGroupIndex(await store.get());
			const files = index.all;
			const total = countMeshResources(files, meshOf);
			const scanned = index.isScanned;
			// The view exists by now: VS Code asks for children only after createTreeView returns.
			view.message = index.error;
			view.description = scanned ? `${total} resource${total === 1 ? '' : 's'}` : undefined;
			if (scanned !== lastScanned || total !== lastCount) {
				setContext('meshlens.resourceCount', total);
				setContext('meshlens.resourcesScanned', scanned);
				lastScanned = scanned;
				lastCount = total;
			}
			return buildResourceTree(files, meshOf);
		} catch (e) {
			log.error(`Mesh Resources: cannot build the tree: ${String(e)}`);
			return [];
		}
	};
	const provider = new NodeTreeProvider(roots);
	const view = vscode.window.createTreeView(VIEW_ID, {
		treeDataProvider: provider,
		showCollapseAll: true,
	});
	setContext('meshlens.resourcesScanned', false);

	const reveal = async (arg?: unknown): Promise<void> => {
		const target = parseRevealTarget(arg);
		if (!target) return;
		try {
			const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
			// The file may have changed since the scan; never point past its end.
			const range = document.validateRange(toRange(target.range));
			// Like the Problems and Outline views: the focus stays in the list, to go on browsing.
			const editor = await vscode.window.showTextDocument(document, {
				selection: range,
				preview: true,
				preserveFocus: true,
			});
			editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
		} catch (e) {
			log.warn(`Mesh Resources: cannot open ${target.uri}: ${String(e)}`);
			void vscode.window.showWarningMessage(
				vscode.l10n.t('Meshlens: cannot open the resource: {0}', String(e)),
			);
		}
	};

	return vscode.Disposable.from(
		provider,
		view,
		index.onDidChange(() => provider.refresh()),
		store.onDidChange(() => provider.refresh()),
		vscode.commands.registerCommand('meshlens.refreshResources', () => index.rescan()),
		vscode.commands.registerCommand('meshlens.revealResource', reveal),
	);
}
