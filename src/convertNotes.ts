import * as vscode from 'vscode';
import type { ConvertTarget } from './core';
import type { Log } from './log';

/** The scheme of the read-only conversion notes documents. */
export const NOTES_SCHEME = 'meshlens-notes';

/**
 * The notes of the last conversion to each target, as read-only Markdown documents
 * (`meshlens-notes:/Conversion notes (linkerd).md`). A new conversion to the same target replaces
 * the text, and an open preview of it follows.
 */
export class ConversionNotes implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly texts = new Map<string, string>();
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.changed.event;
	private readonly registration: vscode.Disposable;

	constructor(private readonly log: Log) {
		this.registration = vscode.workspace.registerTextDocumentContentProvider(
			NOTES_SCHEME,
			this,
		);
	}

	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.texts.get(uri.path) ?? '';
	}

	/**
	 * Shows the notes rendered, beside the editor: the built-in Markdown preview of the notes
	 * document, or the document itself where the Markdown extension is missing or disabled.
	 */
	async show(target: ConvertTarget, markdown: string): Promise<vscode.Uri> {
		const uri = vscode.Uri.from({
			scheme: NOTES_SCHEME,
			path: `/Conversion notes (${target}).md`,
		});
		this.texts.set(uri.path, markdown);
		this.changed.fire(uri);
		try {
			// The command activates the built-in Markdown extension (it is not registered before
			// that, so getCommands() would not list it); it throws when the extension is missing.
			const editor = vscode.window.activeTextEditor;
			await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
			if (editor) keepFocus(editor);
			return uri;
		} catch (e) {
			this.log.info(`convert: no Markdown preview (${String(e)}); the notes open as text`);
		}
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc, {
			viewColumn: vscode.ViewColumn.Beside,
			preview: true,
			preserveFocus: true,
		});
		return uri;
	}

	dispose(): void {
		this.registration.dispose();
		this.changed.dispose();
	}
}

/** True for a tab group showing a Markdown preview (a webview of the Markdown extension). */
function showsPreview(group: vscode.TabGroup): boolean {
	const input = group.activeTab?.input;
	return input instanceof vscode.TabInputWebview && input.viewType.includes('markdown.preview');
}

/**
 * The preview takes the focus when it opens, and again when its webview has loaded; give it back
 * to the editor each time (for a moment only), so the changes the refactor preview opens show in
 * the editor's group and the notes stay beside them.
 */
function keepFocus(editor: vscode.TextEditor): void {
	const refocus = () =>
		vscode.window.showTextDocument(editor.document, {
			viewColumn: editor.viewColumn,
			preserveFocus: false,
		});
	void refocus();
	let left = 2;
	const sub = vscode.window.tabGroups.onDidChangeTabGroups((e) => {
		if (!e.changed.some((g) => g.isActive && showsPreview(g))) return;
		void refocus();
		if (--left === 0) sub.dispose();
	});
	setTimeout(() => {
		sub.dispose();
	}, 3000);
}
