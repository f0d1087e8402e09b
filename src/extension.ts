import * as vscode from 'vscode';
import { DatasetStore } from './datasetStore';
import { registerLanguageFeatures } from './language';
import { createLog } from './log';
import { MatrixPanelManager } from './matrixPanel';
import { registerMeshTree } from './meshTreeView';
import { registerResourceTree } from './resourceTreeView';
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
		registerResourceTree({ store, log }),
		registerStarterCommand(context.extensionUri, store),
		registerLanguageFeatures({
			extensionUri: context.extensionUri,
			getDataset: () => store.get(),
			log: (message) => log.info(message),
		}),
	);
	log.info(
		`Meshlens activated (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}).`,
	);
}
