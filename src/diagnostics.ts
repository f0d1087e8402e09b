import * as vscode from 'vscode';
import {
	Catalog,
	KUSTOMIZATION_FILES,
	kustomizationPatchFiles,
	validate,
	type Diagnostic,
	type QuickFix,
	type Severity,
} from './core';
import type { ManifestStore } from './manifestStore';

export interface DiagnosticsDeps {
	readonly catalog: Catalog;
	readonly manifests: ManifestStore;
	log(message: string): void;
	/** Told the kustomize patch files whenever the kustomizations name other ones. */
	onPatchFiles?(uris: ReadonlySet<string>): void;
}

/** Where a code's row of the README table is; the Problems panel links each code there. */
const CODES_URL = 'https://github.com/meshlens/meshlens#diagnostic-codes';
const DEBOUNCE_MS = 150;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
	error: vscode.DiagnosticSeverity.Error,
	warning: vscode.DiagnosticSeverity.Warning,
	info: vscode.DiagnosticSeverity.Information,
};

type Rules = Record<string, Severity | 'off'>;

/**
 * Schema diagnostics on open YAML files (source `meshlens`) and their quick fixes. The core
 * validates and computes the fix edits; this adapter schedules validation on open, change and
 * close, reads the settings, tells the core which files are kustomize patches, and maps results
 * to VS Code's types. Validation only reads, so it also runs in untrusted workspaces.
 */
export function registerDiagnostics(deps: DiagnosticsDeps): vscode.Disposable {
	const { catalog } = deps;
	const decoder = new TextDecoder();
	const collection = vscode.languages.createDiagnosticCollection('meshlens');
	/** The core diagnostic behind each shown one, for the quick fixes. */
	const origin = new WeakMap<vscode.Diagnostic, Diagnostic>();
	const timers = new Map<string, ReturnType<typeof setTimeout>>();
	/** Files named as patches by a kustomization in the workspace (partial objects). */
	let patches = new Set<string>();

	const config = (doc: vscode.TextDocument) =>
		vscode.workspace.getConfiguration('meshlens', doc.uri);
	const isYaml = (doc: vscode.TextDocument) => doc.languageId === 'yaml';

	async function run(doc: vscode.TextDocument): Promise<void> {
		const key = doc.uri.toString();
		if (doc.isClosed || !isYaml(doc) || !config(doc).get<boolean>('validate.enable', true)) {
			collection.delete(doc.uri);
			return;
		}
		const version = doc.version;
		try {
			const manifest = deps.manifests.get(doc);
			if (!manifest) {
				collection.delete(doc.uri);
				return;
			}
			const found = await validate(manifest, catalog, undefined, {
				partial: patches.has(key),
				rules: config(doc).get<Rules>('validate.rules', {}),
			});
			// A newer version is on its way; its own run will publish.
			if (doc.isClosed || doc.version !== version) return;
			collection.set(
				doc.uri,
				found.map((d) => toVscode(doc, d)),
			);
		} catch (e) {
			deps.log(`validation failed for ${doc.uri.path}: ${(e as Error).message}`);
		}
	}

	function toVscode(doc: vscode.TextDocument, d: Diagnostic): vscode.Diagnostic {
		const range = new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end));
		// On Istio resources the istioctl code of the same problem is named after the message; the
		// code stays ours (quick fixes and meshlens.validate.rules key on it) and links to its row
		// of the README table, which links to upstream's page for that istioctl code.
		const message = d.upstream ? `${d.message} (istioctl ${d.upstream})` : d.message;
		const out = new vscode.Diagnostic(range, message, SEVERITY[d.severity]);
		out.source = 'meshlens';
		out.code = { value: d.code, target: vscode.Uri.parse(CODES_URL) };
		if (d.code === 'ML4001' || d.code === 'ML4002')
			out.tags = [vscode.DiagnosticTag.Deprecated];
		origin.set(out, d);
		return out;
	}

	function schedule(doc: vscode.TextDocument, delay = DEBOUNCE_MS): void {
		const key = doc.uri.toString();
		clearTimeout(timers.get(key));
		timers.set(
			key,
			setTimeout(() => {
				timers.delete(key);
				void run(doc);
			}, delay),
		);
	}

	function revalidateAll(): void {
		for (const doc of vscode.workspace.textDocuments) schedule(doc, 0);
	}

	/** Reads every kustomization in the workspace and collects the patch files they name. */
	async function loadPatches(): Promise<void> {
		const next = new Set<string>();
		if (vscode.workspace.workspaceFolders?.length) {
			const glob = `**/{${KUSTOMIZATION_FILES.join(',')}}`;
			const files = await vscode.workspace.findFiles(glob, '**/node_modules/**', 2000);
			for (const uri of files) {
				try {
					const text = decoder.decode(await vscode.workspace.fs.readFile(uri));
					const dir = vscode.Uri.joinPath(uri, '..');
					for (const p of kustomizationPatchFiles(text)) {
						next.add(vscode.Uri.joinPath(dir, ...p.split('/')).toString());
					}
				} catch {
					// An unreadable kustomization names no patches.
				}
			}
		}
		const changed = next.size !== patches.size || [...next].some((p) => !patches.has(p));
		patches = next;
		if (changed) {
			revalidateAll();
			deps.onPatchFiles?.(patches);
		}
	}

	const watcher = vscode.workspace.createFileSystemWatcher(
		`**/{${KUSTOMIZATION_FILES.join(',')}}`,
	);
	const reloadPatches = () => void loadPatches();

	const actions = vscode.languages.registerCodeActionsProvider(
		{ language: 'yaml' },
		{
			provideCodeActions(doc, _range, context) {
				const out: vscode.CodeAction[] = [];
				for (const shown of context.diagnostics) {
					const d = origin.get(shown);
					if (!d) continue;
					for (const fix of d.fixes ?? []) out.push(toAction(doc, shown, fix));
					out.push(disableAction(doc, shown, d.code));
				}
				return out;
			},
		},
		{ providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
	);

	const subscriptions = [
		collection,
		actions,
		watcher,
		watcher.onDidChange(reloadPatches),
		watcher.onDidCreate(reloadPatches),
		watcher.onDidDelete(reloadPatches),
		vscode.workspace.onDidOpenTextDocument((doc) => schedule(doc, 0)),
		vscode.workspace.onDidChangeTextDocument((e) => {
			if (e.contentChanges.length) schedule(e.document);
		}),
		vscode.workspace.onDidCloseTextDocument((doc) => {
			clearTimeout(timers.get(doc.uri.toString()));
			timers.delete(doc.uri.toString());
			collection.delete(doc.uri);
		}),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('meshlens.validate')) revalidateAll();
		}),
	];
	revalidateAll();
	void loadPatches();
	return vscode.Disposable.from(...subscriptions, {
		dispose: () => {
			for (const t of timers.values()) clearTimeout(t);
		},
	});
}

function toAction(
	doc: vscode.TextDocument,
	shown: vscode.Diagnostic,
	fix: QuickFix,
): vscode.CodeAction {
	const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
	action.diagnostics = [shown];
	if (fix.isPreferred) action.isPreferred = true;
	const edit = new vscode.WorkspaceEdit();
	const range = (e: { start: number; end: number }) =>
		new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end));
	if (fix.snippet) {
		edit.set(
			doc.uri,
			fix.edits.map(
				(e) => new vscode.SnippetTextEdit(range(e), new vscode.SnippetString(e.newText)),
			),
		);
	} else {
		for (const e of fix.edits) edit.replace(doc.uri, range(e), e.newText);
	}
	action.edit = edit;
	return action;
}

/** "Disable <code> for this line": a `# meshlens-disable-next-line <code>` comment above it. */
function disableAction(
	doc: vscode.TextDocument,
	shown: vscode.Diagnostic,
	code: string,
): vscode.CodeAction {
	const line = doc.lineAt(shown.range.start.line);
	const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex).replace(/-/g, ' ');
	const action = new vscode.CodeAction(
		`Disable ${code} for this line`,
		vscode.CodeActionKind.QuickFix,
	);
	action.diagnostics = [shown];
	action.edit = new vscode.WorkspaceEdit();
	action.edit.insert(
		doc.uri,
		line.range.start,
		`${indent}# meshlens-disable-next-line ${code}\n`,
	);
	return action;
}
