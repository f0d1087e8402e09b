import * as vscode from 'vscode';
import { MAX_MANIFEST, ManifestCache, type Manifest } from './core';

/**
 * The parsed form of open YAML files, one cache for every feature. It follows the editor's
 * `contentChanges`, so a keystroke reparses only the `---` documents it touched, and it never
 * reads a file over the size limit: it says once per file, in the status bar, that the file is
 * too large for Meshlens.
 */
export class ManifestStore implements vscode.Disposable {
	private readonly cache = new ManifestCache();
	private readonly warned = new Set<string>();
	private readonly subscriptions: vscode.Disposable[];

	constructor(private readonly notify: (message: string) => void) {
		this.subscriptions = [
			vscode.workspace.onDidChangeTextDocument((e) => {
				const key = e.document.uri.toString();
				// Only files already read are followed; the others are read when first asked for.
				if (e.contentChanges.length === 0 || !this.cache.has(key)) return;
				this.cache.get(
					key,
					e.document.version,
					() => e.document.getText(),
					e.contentChanges,
				);
			}),
			vscode.workspace.onDidCloseTextDocument((doc) => {
				this.cache.delete(doc.uri.toString());
				this.warned.delete(doc.uri.toString());
			}),
		];
	}

	/** The manifest of a document, or undefined when the file is over the size limit. */
	get(doc: vscode.TextDocument): Manifest | undefined {
		const key = doc.uri.toString();
		if (!this.cache.has(key) && sizeOf(doc) > MAX_MANIFEST) {
			this.tooLarge(doc, sizeOf(doc));
			return undefined;
		}
		const manifest = this.cache.get(key, doc.version, () => doc.getText());
		if (manifest.tooLarge) {
			this.tooLarge(doc, manifest.length);
			return undefined;
		}
		return manifest;
	}

	private tooLarge(doc: vscode.TextDocument, size: number): void {
		const key = doc.uri.toString();
		if (this.warned.has(key)) return;
		this.warned.add(key);
		const name = doc.uri.path.split('/').pop() || key;
		const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
		this.notify(
			vscode.l10n.t(
				'Meshlens: {0} is too large for hover and completion ({1} MB; the limit is {2} MB).',
				name,
				mb(size),
				mb(MAX_MANIFEST),
			),
		);
	}

	dispose(): void {
		for (const s of this.subscriptions) s.dispose();
	}
}

/** The document's length in characters, without reading its text. */
function sizeOf(doc: vscode.TextDocument): number {
	return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
}
