import * as vscode from 'vscode';
import { readExtensionFile } from './extensionFiles';
import {
	DEFAULT_MESHES,
	buildMatrix,
	choose,
	toChooseMarkdown,
	toCsv,
	toHtml,
	toMarkdown,
} from './core';
import { isOpenableSource } from './core';
import { renderWebviewHtml } from './core';
import type { DatasetStore } from './datasetStore';
import type { Log } from './log';
import {
	DensitySettingSchema,
	ChooseRequestSchema,
	FocusSchema,
	FromWebviewSchema,
	MatrixOptionsSchema,
	type ChooseRequest,
	type ExportFormat,
	type Focus,
	type MatrixOptionsMessage,
	type ToWebview,
} from './protocol';

export const MATRIX_VIEW_TYPE = 'meshlens.matrix';
const OPTIONS_KEY = 'meshlens.comparison.options';
/** The last "Which mesh fits?" requirement set, kept after the panel is closed. */
const CHOOSE_KEY = 'meshlens.comparison.choose';
/** The dataset version the user last opened the comparison with ("N changes since you last looked"). */
export const LAST_SEEN_VERSION_KEY = 'meshlens.comparison.lastSeenDatasetVersion';

interface Deps {
	readonly extensionUri: vscode.Uri;
	/** Remembers the user's last choice of meshes and filters across panels and sessions. */
	readonly memento: vscode.Memento;
	readonly store: DatasetStore;
	readonly log: Log;
}

function nonce(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const EXPORTS: Record<ExportFormat, { ext: string; label: string; render: typeof toCsv }> = {
	markdown: { ext: 'md', label: 'Markdown', render: toMarkdown },
	csv: { ext: 'csv', label: 'CSV', render: toCsv },
	html: { ext: 'html', label: 'HTML', render: toHtml },
};

function withoutDensity(options: MatrixOptionsMessage): MatrixOptionsMessage {
	const copy = { ...options };
	delete copy.density;
	return copy;
}

/** Owns the single comparison panel: creates, reveals, restores and talks to it. */
export class MatrixPanelManager implements vscode.Disposable {
	private panel: vscode.WebviewPanel | undefined;
	private ready = false;
	private pendingFocus: Focus | undefined;
	private pendingChangedSince: string | undefined;
	private openedAt = 0;
	/** For the log: when the webview said `ready`, in ms after the command. */
	private readyAfter = 0;
	private lastOptions: MatrixOptionsMessage | undefined;
	private readonly disposables: vscode.Disposable[] = [];

	constructor(private readonly deps: Deps) {
		this.disposables.push(
			vscode.window.registerWebviewPanelSerializer(MATRIX_VIEW_TYPE, {
				deserializeWebviewPanel: (panel) => {
					this.attach(panel);
					return Promise.resolve();
				},
			}),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (!e.affectsConfiguration('meshlens.comparison.density')) return;
				// A new setting wins over the density last picked in the view.
				void this.forgetDensity();
			}),
			deps.store.onDidChange(() => {
				if (this.panel && this.ready)
					void this.post({ type: 'status', text: vscode.l10n.t('Dataset reloaded') });
			}),
		);
	}

	/** Opens the panel (or reveals it) and optionally focuses a mesh or a feature. */
	open(focusArg?: unknown): void {
		const focus = FocusSchema.safeParse(focusArg ?? {});
		this.openedAt = Date.now();
		// Load the dataset while the webview boots rather than after it asks.
		void this.deps.store.get();
		if (focus.success && (focus.data.mesh || focus.data.feature))
			this.pendingFocus = focus.data;
		if (this.panel) {
			this.panel.reveal();
			this.flushFocus();
			return;
		}
		const panel = vscode.window.createWebviewPanel(
			MATRIX_VIEW_TYPE,
			vscode.l10n.t('Service Mesh Comparison'),
			vscode.ViewColumn.Active,
			this.webviewOptions(),
		);
		this.attach(panel);
	}

	/**
	 * Asks which dataset release to review, then opens the comparison with the cells changed in
	 * it and every later release marked, and the banner that counts them.
	 */
	async showChanges(): Promise<void> {
		const dataset = await this.deps.store.get();
		const releases = dataset.releases ?? [];
		if (releases.length === 0) {
			void vscode.window.showInformationMessage(
				vscode.l10n.t('This dataset has no changelog to show changes from.'),
			);
			return;
		}
		const picked = await vscode.window.showQuickPick(
			releases.map((r, i) => ({
				label: vscode.l10n.t('Dataset {0}', r.version),
				description:
					i > 0
						? vscode.l10n.t(
								'{0} · {1} change(s) and the releases after it',
								r.date,
								r.changes.length,
							)
						: vscode.l10n.t('{0} · {1} change(s)', r.date, r.changes.length),
				detail: r.summary,
				since: releases[i + 1]?.version ?? '0',
			})),
			{
				title: vscode.l10n.t('Show the cells changed since a dataset release'),
				matchOnDetail: true,
			},
		);
		if (!picked) return;
		if (this.panel && this.ready && this.lastOptions) {
			this.panel.reveal();
			await this.sendView({ ...this.lastOptions, changedSince: picked.since });
			return;
		}
		this.pendingChangedSince = picked.since;
		this.open();
	}

	private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
		return {
			enableScripts: true,
			localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'dist')],
		};
	}

	private attach(panel: vscode.WebviewPanel): void {
		this.panel = panel;
		this.ready = false;
		panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'icon.png');
		panel.webview.options = this.webviewOptions();
		const dist = vscode.Uri.joinPath(this.deps.extensionUri, 'dist');
		const page = (inline?: { script: string; style: string }) =>
			renderWebviewHtml({
				scriptUri: panel.webview
					.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'))
					.toString(),
				styleUri: panel.webview
					.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'))
					.toString(),
				codiconUri: panel.webview
					.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css'))
					.toString(),
				cspSource: panel.webview.cspSource,
				nonce: nonce(),
				...(inline ? { inline } : {}),
			});
		// The bundle goes into the page (read once per session); if it cannot be read, the page
		// fetches it from dist/ as before.
		void this.bundle().then(
			(inline) => {
				if (this.panel === panel) panel.webview.html = page(inline);
			},
			(e: unknown) => {
				this.deps.log.warn(`Comparison: cannot read the webview bundle: ${String(e)}`);
				if (this.panel === panel) panel.webview.html = page();
			},
		);
		const subscriptions: vscode.Disposable[] = [];
		subscriptions.push(
			panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
			panel.onDidDispose(() => {
				this.panel = undefined;
				this.ready = false;
				for (const s of subscriptions) s.dispose();
			}),
		);
	}

	private bundleText: Promise<{ script: string; style: string }> | undefined;

	/** dist/webview.js and dist/webview.css as text, read on the first open only. */
	private bundle(): Promise<{ script: string; style: string }> {
		const dist = vscode.Uri.joinPath(this.deps.extensionUri, 'dist');
		const read = async (name: string) =>
			new TextDecoder().decode(await readExtensionFile(vscode.Uri.joinPath(dist, name)));
		this.bundleText ??= Promise.all([read('webview.js'), read('webview.css')]).then(
			([script, style]) => ({ script, style }),
		);
		this.bundleText.catch(() => (this.bundleText = undefined));
		return this.bundleText;
	}

	private async post(message: ToWebview): Promise<void> {
		await this.panel?.webview.postMessage(message);
	}

	private flushFocus(): void {
		if (!this.ready || !this.pendingFocus) return;
		const focus = this.pendingFocus;
		this.pendingFocus = undefined;
		void this.post({ type: 'focus', focus });
	}

	private defaultOptions(): MatrixOptionsMessage {
		const saved = MatrixOptionsSchema.safeParse(this.deps.memento.get(OPTIONS_KEY));
		if (saved.success && saved.data.meshes.length > 0) return saved.data;
		const configured = vscode.workspace
			.getConfiguration('meshlens')
			.get<string[]>('comparison.defaultMeshes');
		return {
			meshes:
				Array.isArray(configured) && configured.length ? configured : [...DEFAULT_MESHES],
		};
	}

	private density() {
		const value = vscode.workspace
			.getConfiguration('meshlens')
			.get<string>('comparison.density', 'auto');
		const parsed = DensitySettingSchema.safeParse(value);
		return parsed.success ? parsed.data : 'auto';
	}

	private async forgetDensity(): Promise<void> {
		const saved = MatrixOptionsSchema.safeParse(this.deps.memento.get(OPTIONS_KEY));
		if (saved.success && saved.data.density) {
			await this.deps.memento.update(OPTIONS_KEY, withoutDensity(saved.data));
		}
		if (this.panel && this.ready && this.lastOptions) {
			await this.sendView(withoutDensity(this.lastOptions));
		}
	}

	/**
	 * Adds `changedSince` when the dataset is newer than the version the user last opened, and
	 * remembers the current version for next time.
	 */
	private async withChangesSinceLastLook(
		options: MatrixOptionsMessage,
	): Promise<MatrixOptionsMessage> {
		const dataset = await this.deps.store.get();
		const current = dataset.version;
		if (!current) return options;
		const lastSeen = this.deps.memento.get<string>(LAST_SEEN_VERSION_KEY);
		await this.deps.memento.update(LAST_SEEN_VERSION_KEY, current);
		if (typeof lastSeen === 'string' && lastSeen !== current && !options.changedSince) {
			return { ...options, changedSince: lastSeen };
		}
		return options;
	}

	private async sendView(options: MatrixOptionsMessage): Promise<void> {
		this.lastOptions = options;
		const dataset = await this.deps.store.get();
		const view = buildMatrix(dataset, options);
		await this.post({ type: 'view', view, options, density: this.density() });
	}

	private async sendChoice(request: ChooseRequest): Promise<void> {
		const dataset = await this.deps.store.get();
		await this.post({
			type: 'choice',
			request,
			view: {
				asOf: dataset.asOf,
				features: dataset.features.map((f) => ({
					id: f.id,
					name: f.name,
					category: f.category,
				})),
				choices: choose(dataset, request),
			},
		});
	}

	/**
	 * A new panel starts from the requirement set the user stated last, even after the previous
	 * panel was closed (the webview's own state ends with its panel).
	 */
	private async restoreChoice(): Promise<void> {
		const saved = ChooseRequestSchema.safeParse(this.deps.memento.get(CHOOSE_KEY));
		if (saved.success) await this.post({ type: 'savedChoice', request: saved.data });
	}

	private async onMessage(raw: unknown): Promise<void> {
		const parsed = FromWebviewSchema.safeParse(raw);
		if (!parsed.success) {
			this.deps.log.warn(
				`Comparison: ignored a malformed message: ${JSON.stringify(raw)?.slice(0, 200)}`,
			);
			return;
		}
		const message = parsed.data;
		switch (message.type) {
			case 'ready': {
				if (this.openedAt) this.readyAfter = Date.now() - this.openedAt;
				const options = await this.withChangesSinceLastLook(
					message.options ?? this.defaultOptions(),
				);
				const changedSince = this.pendingChangedSince;
				this.pendingChangedSince = undefined;
				await this.sendView(changedSince ? { ...options, changedSince } : options);
				this.ready = true;
				this.flushFocus();
				await this.restoreChoice();
				break;
			}
			case 'query':
				// The choice of columns persists; filters belong to one panel's session.
				await this.deps.memento.update(OPTIONS_KEY, {
					meshes: message.options.meshes,
					...(message.options.hideRetired ? { hideRetired: true } : {}),
					...(message.options.density ? { density: message.options.density } : {}),
				});
				await this.sendView(message.options);
				break;
			case 'openSource':
				await this.openSource(message.url);
				break;
			case 'convert':
				// The files are chosen next (the open editor, the explorer selection or a dialog).
				await vscode.commands.executeCommand('meshlens.convert', {
					target: message.target,
				});
				break;
			case 'export':
				await this.export(message.format, message.options);
				break;
			case 'copyMarkdown': {
				const view = buildMatrix(await this.deps.store.get(), message.options);
				await vscode.env.clipboard.writeText(toMarkdown(view));
				await this.post({
					type: 'status',
					text: vscode.l10n.t('Copied the table as Markdown'),
				});
				break;
			}
			case 'choose':
				await this.deps.memento.update(CHOOSE_KEY, message.request);
				await this.sendChoice(message.request);
				break;
			case 'copyChoice': {
				const dataset = await this.deps.store.get();
				const names = new Map(dataset.features.map((f) => [f.id, f.name]));
				const md = toChooseMarkdown(
					choose(dataset, message.request),
					message.request,
					(id) => names.get(id) ?? id,
					dataset.asOf,
				);
				await vscode.env.clipboard.writeText(md);
				await this.post({
					type: 'status',
					text: vscode.l10n.t('Copied the ranking as Markdown'),
				});
				break;
			}
			case 'rendered':
				if (this.openedAt) {
					this.deps.log.info(
						`Comparison rendered ${message.rows} rows × ${message.columns} meshes; ${Date.now() - this.openedAt} ms after the command (webview ready after ${this.readyAfter} ms, render ${message.ms} ms${message.page !== undefined ? `, ${message.page} ms since its page arrived` : ''}).`,
					);
					this.openedAt = 0;
				}
				break;
			default: {
				const never: never = message;
				this.deps.log.warn(`Comparison: unhandled message ${JSON.stringify(never)}`);
			}
		}
	}

	private async openSource(url: string): Promise<void> {
		if (!isOpenableSource(url, await this.deps.store.get())) {
			this.deps.log.warn(
				`Comparison: refused to open ${url}: not an http(s) source of the dataset`,
			);
			return;
		}
		await vscode.env.openExternal(vscode.Uri.parse(url, true));
	}

	private async export(format: ExportFormat, options: MatrixOptionsMessage): Promise<void> {
		const spec = EXPORTS[format];
		const view = buildMatrix(await this.deps.store.get(), options);
		const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
		const target = await vscode.window.showSaveDialog({
			title: vscode.l10n.t('Export the comparison as {0}', spec.label),
			filters: { [spec.label]: [spec.ext] },
			...(folder
				? { defaultUri: vscode.Uri.joinPath(folder, `mesh-comparison.${spec.ext}`) }
				: {}),
		});
		if (!target) return;
		await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(spec.render(view)));
		this.deps.log.info(`Comparison exported to ${target.toString(true)}`);
		await this.post({
			type: 'status',
			text: vscode.l10n.t('Exported to {0}', vscode.workspace.asRelativePath(target)),
		});
	}

	dispose(): void {
		this.panel?.dispose();
		for (const d of this.disposables) d.dispose();
	}
}
