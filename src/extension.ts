import * as vscode from 'vscode';
import { formatIssue } from './core';
import type { Dataset } from './core';
import { DatasetStore } from './datasetStore';
import { createCatalog } from './catalogLoader';
import { registerDiagnostics } from './diagnostics';
import { registerLanguageFeatures } from './language';
import { createLog } from './log';
import { ManifestStore } from './manifestStore';
import { MatrixPanelManager } from './matrixPanel';
import { registerMeshTree } from './meshTreeView';
import { registerResourceTree } from './resourceTreeView';
import { registerAnalysis } from './analysis';
import { registerConvert } from './convert';
import { registerNavigation } from './navigation';
import { registerStarterCommand } from './starterCommand';
import { WorkspaceIndex } from './workspaceIndex';

/** What Meshlens offers other extensions (and its integration tests). */
export interface MeshlensApi {
	/** The loaded dataset: built-in data plus the user's extra files. */
	getDataset(): Promise<Dataset>;
	/** Problems found by the last load, as `file:line path: message` lines. */
	getDatasetIssues(): readonly string[];
	/** Notices shown in the status bar so far (e.g. a file too large for Meshlens). */
	getNotices(): readonly string[];
}

/** Which extension host runs this bundle: the web bundle is built with MESHLENS_WEB=1. */
const HOST = process.env.MESHLENS_WEB === '1' ? 'web worker' : 'node';

export function activate(context: vscode.ExtensionContext): MeshlensApi {
	const started = performance.now();
	const log = createLog();
	const store = new DatasetStore(context.extensionUri, log);
	// Lazy: nothing is read until the first mesh document asks for its group.
	const catalog = createCatalog(context.extensionUri, (message) => log.info(message));
	const notices: string[] = [];
	const manifests = new ManifestStore((message) => {
		notices.push(message);
		log.info(message);
		context.subscriptions.push(
			vscode.window.setStatusBarMessage(`$(warning) ${message}`, 15_000),
		);
	});
	const matrix = new MatrixPanelManager({
		extensionUri: context.extensionUri,
		memento: context.globalState,
		store,
		log,
	});
	// One workspace model for the Mesh Resources tree, the analysis and navigation.
	const index = new WorkspaceIndex(log);
	// Hover and completion first: the open files' catalog groups load before the workspace scan.
	const language = registerLanguageFeatures({
		catalog,
		manifests,
		getDataset: () => store.get(),
		log: (message) => log.info(message),
	});
	index.waitBeforeFirstScan(language.warmedUp);
	context.subscriptions.push(
		log,
		index,
		store,
		manifests,
		matrix,
		vscode.commands.registerCommand('meshlens.openComparison', (focus?: unknown) =>
			matrix.open(focus),
		),
		vscode.commands.registerCommand('meshlens.showDatasetChanges', () => matrix.showChanges()),
		vscode.commands.registerCommand('meshlens.showLog', () => log.show()),
		vscode.commands.registerCommand('meshlens.openWalkthrough', () =>
			vscode.commands.executeCommand(
				'workbench.action.openWalkthrough',
				`${context.extension.id}#gettingStarted`,
				false,
			),
		),
		vscode.commands.registerCommand('meshlens.reloadDataset', async () => {
			await store.reload();
		}),
		registerMeshTree({ store, matrix }),
		registerResourceTree({ store, log, index }),
		registerAnalysis({ index, manifests, log }),
		registerNavigation({ index }),
		registerConvert(log),
		language,
		registerStarterCommand(context.extensionUri, store),
		registerDiagnostics({
			catalog,
			manifests,
			log: (message) => log.info(message),
			onPatchFiles: (uris) => index.setPartialFiles(uris),
		}),
	);
	log.info(
		`Meshlens activated in ${Math.round(performance.now() - started)} ms (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI, extension host: ${HOST}).`,
	);
	return {
		getDataset: () => store.get(),
		getDatasetIssues: () => store.issues.map(formatIssue),
		getNotices: () => [...notices],
	};
}
