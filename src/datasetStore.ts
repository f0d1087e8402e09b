import * as vscode from 'vscode';
import { readExtensionFile } from './extensionFiles';
import {
	extendDataset,
	formatIssue,
	loadDataset,
	parseBuiltDataset,
	type DataFile,
	type DataIssue,
} from './core';
import type { Dataset } from './core';
import type { Log } from './log';

const decoder = new TextDecoder();

async function readText(uri: vscode.Uri): Promise<string> {
	return decoder.decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * Loads the dataset lazily from the extension's data/ folder plus the user's extra files,
 * memoises it, and reports problems once: a notification and the details in the log.
 */
export class DatasetStore implements vscode.Disposable {
	private loading: Promise<Dataset> | undefined;
	private readonly changed = new vscode.EventEmitter<Dataset>();
	private readonly disposables: vscode.Disposable[] = [this.changed];
	private lastIssues: readonly DataIssue[] = [];

	/** Fires after a reload with the new dataset. */
	readonly onDidChange = this.changed.event;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: Log,
	) {
		this.disposables.push(
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('meshlens.dataset.extraFiles')) void this.reload();
			}),
			vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
			vscode.workspace.onDidSaveTextDocument((doc) => {
				if (this.extraUris().some((u) => u.toString() === doc.uri.toString()))
					void this.reload();
			}),
		);
	}

	/** The problems found by the last load. */
	get issues(): readonly DataIssue[] {
		return this.lastIssues;
	}

	get(): Promise<Dataset> {
		this.loading ??= this.load();
		return this.loading;
	}

	async reload(): Promise<Dataset> {
		this.loading = this.load();
		const dataset = await this.loading;
		this.changed.fire(dataset);
		return dataset;
	}

	private extraUris(): vscode.Uri[] {
		if (!vscode.workspace.isTrusted) return [];
		const uris: vscode.Uri[] = [];
		for (const folder of vscode.workspace.workspaceFolders ?? []) {
			const paths = vscode.workspace
				.getConfiguration('meshlens', folder.uri)
				.get<string[]>('dataset.extraFiles', []);
			for (const p of paths) {
				if (typeof p === 'string' && p.trim())
					uris.push(vscode.Uri.joinPath(folder.uri, p));
			}
		}
		return uris;
	}

	private async load(): Promise<Dataset> {
		const started = Date.now();
		// The build validated data/ into dist/dataset.json: one JSON.parse instead of YAML + zod.
		const built = parseBuiltDataset(
			await readExtensionFile(vscode.Uri.joinPath(this.extensionUri, 'dist', 'dataset.json'))
				.then((bytes) => decoder.decode(bytes))
				.catch(() => undefined),
		);
		if (built) {
			const issues: DataIssue[] = [];
			const extras = await this.readFiles(this.extraUris(), issues);
			// A new mesh among the extras takes its manifest kinds from the catalog index.
			const [catalogIndex] = extras.length
				? await this.readFiles(
						[
							vscode.Uri.joinPath(
								this.extensionUri,
								'data',
								'catalog',
								'schemas',
								'index.json',
							),
						],
						issues,
					)
				: [];
			const result = extendDataset(built, extras, catalogIndex);
			this.lastIssues = [...issues, ...result.issues];
			this.report(result.dataset, Date.now() - started);
			return result.dataset;
		}
		return this.loadFromYaml(started);
	}

	private async readFiles(uris: vscode.Uri[], issues: DataIssue[]): Promise<DataFile[]> {
		const files = await Promise.all(
			uris.map(async (uri) => {
				try {
					return {
						path: vscode.workspace.asRelativePath(uri, true),
						text: await readText(uri),
					};
				} catch (e) {
					issues.push({
						file: uri.fsPath,
						path: '',
						message: `cannot read: ${(e as Error).message}`,
					});
					return undefined;
				}
			}),
		);
		return files.filter((f): f is DataFile => f !== undefined);
	}

	/** Reads and validates data/ itself (a development build, or dist/dataset.json unusable). */
	private async loadFromYaml(started: number): Promise<Dataset> {
		const dataUri = vscode.Uri.joinPath(this.extensionUri, 'data');
		const meshesUri = vscode.Uri.joinPath(dataUri, 'meshes');
		const issues: DataIssue[] = [];
		const readAll = (uris: vscode.Uri[]): Promise<DataFile[]> => this.readFiles(uris, issues);

		let meshUris: vscode.Uri[] = [];
		try {
			meshUris = (await vscode.workspace.fs.readDirectory(meshesUri))
				.filter(([name, type]) => type === vscode.FileType.File && /\.ya?ml$/.test(name))
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([name]) => vscode.Uri.joinPath(meshesUri, name));
		} catch (e) {
			issues.push({
				file: 'data/meshes',
				path: '',
				message: `cannot list: ${(e as Error).message}`,
			});
		}
		const [features] = await readAll([vscode.Uri.joinPath(dataUri, 'features.yaml')]);
		const [changelog] = await readAll([vscode.Uri.joinPath(dataUri, 'changelog.yaml')]);
		const meshes = await readAll(meshUris);
		const extras = await readAll(this.extraUris());
		const [catalogIndex] = await readAll([
			vscode.Uri.joinPath(dataUri, 'catalog', 'schemas', 'index.json'),
		]);
		const result = loadDataset({
			features: features ?? { path: 'data/features.yaml', text: '' },
			meshes: meshes.map((f) => ({
				...f,
				path: `data/meshes/${f.path.split('/').pop() ?? f.path}`,
			})),
			extras,
			...(catalogIndex
				? { catalogIndex: { ...catalogIndex, path: 'data/catalog/schemas/index.json' } }
				: {}),
			...(changelog ? { changelog: { ...changelog, path: 'data/changelog.yaml' } } : {}),
		});
		this.lastIssues = [...issues, ...result.issues];
		this.report(result.dataset, Date.now() - started, 'from data/*.yaml');
		return result.dataset;
	}

	private report(dataset: Dataset, ms: number, from = 'prebuilt'): void {
		this.log.info(
			`Dataset loaded (${from}) in ${ms} ms: ${dataset.meshes.length} meshes, ${dataset.features.length} features, as of ${dataset.asOf || 'unknown'}.`,
		);
		if (this.lastIssues.length === 0) return;
		for (const issue of this.lastIssues) this.log.warn(`Dataset: ${formatIssue(issue)}`);
		const files = new Set(this.lastIssues.map((i) => i.file));
		void vscode.window
			.showWarningMessage(
				vscode.l10n.t(
					'Meshlens: {0} problem(s) in {1} dataset file(s); the rest of the data is loaded.',
					this.lastIssues.length,
					files.size,
				),
				vscode.l10n.t('Show Details'),
			)
			.then((choice) => {
				if (choice) this.log.show();
			});
	}

	dispose(): void {
		for (const d of this.disposables) d.dispose();
	}
}
