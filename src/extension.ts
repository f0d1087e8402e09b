import * as vscode from 'vscode';
import { DatasetStore } from './datasetStore';
import { createLog } from './log';
import { MatrixPanelManager } from './matrixPanel';
import { registerMeshTree } from './meshTreeView';
import { registerStarterCommand } from './starterCommand';

export function activate(context: vscode.ExtensionContext): void {
	const log = createLog();
	const store = new DatasetStore(context.extensionUri, log);
	const matrix = new MatrixPanelManager({ extensionUri: context.extensionUri, store, log });
	context.subscriptions.push(
		log,
		store,
		matrix,
		vscode.commands.registerCommand('meshlens.openComparison', (focus?: unknown) =>
			matrix.open(focus),
		),
		vscode.commands.registerCommand('meshlens.showLog', () => log.show()),
		vscode.commands.registerCommand('meshlens.reloadDataset', () => void store.reload()),
		registerMeshTree({ store, matrix }),
		registerStarterCommand(store, () => Promise.resolve(undefined)),
	);
	log.info(
		`Meshlens activated (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}).`,
	);
}
