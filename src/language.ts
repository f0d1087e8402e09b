import * as vscode from 'vscode';
import { completeAt, type CompletionItem } from './core';
import { hoverAt } from './core';
import { Catalog, groupsDeclaredIn } from './core';
import type { Dataset } from './core';
import type { ManifestStore } from './manifestStore';

export interface LanguageDeps {
	readonly catalog: Catalog;
	/** Parsed open files, shared with the other features; follows the editor's changes. */
	readonly manifests: ManifestStore;
	getDataset(): Promise<Dataset | undefined>;
	log(message: string): void;
}

const SELECTOR: vscode.DocumentSelector = { language: 'yaml' };

const ITEM_KINDS: Record<CompletionItem['kind'], vscode.CompletionItemKind> = {
	property: vscode.CompletionItemKind.Property,
	value: vscode.CompletionItemKind.EnumMember,
	apiVersion: vscode.CompletionItemKind.Module,
	kind: vscode.CompletionItemKind.Class,
	starter: vscode.CompletionItemKind.Snippet,
};

/**
 * Hover and completion on mesh manifests in YAML files. Both act only on `---` documents whose
 * apiVersion group is in the catalog, so they sit alongside Red Hat's YAML extension.
 */
export function registerLanguageFeatures(
	deps: LanguageDeps,
): vscode.Disposable & { readonly warmedUp: Promise<void> } {
	const { catalog } = deps;
	const enabled = (doc: vscode.TextDocument) =>
		vscode.workspace.getConfiguration('meshlens', doc.uri).get<boolean>('assist.enable', true);
	const manifestOf = (doc: vscode.TextDocument) => deps.manifests.get(doc);
	const rangeOf = (doc: vscode.TextDocument, r: { start: number; end: number }) =>
		new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));

	const hover = vscode.languages.registerHoverProvider(SELECTOR, {
		async provideHover(doc, position) {
			if (!enabled(doc)) return undefined;
			try {
				const manifest = manifestOf(doc);
				if (!manifest) return undefined;
				const result = await hoverAt(
					manifest,
					doc.offsetAt(position),
					catalog,
					await deps.getDataset(),
				);
				if (!result) return undefined;
				const markdown = new vscode.MarkdownString(result.markdown);
				markdown.isTrusted = { enabledCommands: ['meshlens.openComparison'] };
				return new vscode.Hover(markdown, rangeOf(doc, result.range));
			} catch (e) {
				deps.log(`hover failed: ${(e as Error).message}`);
				return undefined;
			}
		},
	});

	const completion = vscode.languages.registerCompletionItemProvider(
		SELECTOR,
		{
			async provideCompletionItems(doc, position, _token, context) {
				if (!enabled(doc)) return undefined;
				// Typing a space only opens the list after `key: ` or `- `, not in indentation or prose.
				if (context.triggerCharacter === ' ') {
					const before = doc.lineAt(position.line).text.slice(0, position.character);
					if (!/(?:^|\s)-\s$|:\s$/.test(before)) return undefined;
				}
				try {
					const manifest = manifestOf(doc);
					if (!manifest) return undefined;
					const items = await completeAt(
						manifest,
						doc.offsetAt(position),
						catalog,
						await deps.getDataset(),
					);
					if (!items.length) return undefined;
					return items.map((i) => toVscodeItem(doc, i, rangeOf(doc, i.range)));
				} catch (e) {
					deps.log(`completion failed: ${(e as Error).message}`);
					return undefined;
				}
			},
		},
		' ',
	);

	// Load a mesh file's catalog group (and the dataset) as soon as the file opens, so the first
	// hover or completion does not wait on reading them ("Loading…" in the suggest widget).
	const preloaded = new Set<string>();
	const preload = (doc: vscode.TextDocument): Promise<void> => {
		if (doc.languageId !== 'yaml' || !enabled(doc)) return Promise.resolve();
		return (async () => {
			const t0 = Date.now();
			const groups = groupsDeclaredIn(doc.getText()).filter((g) => !preloaded.has(g));
			groups.forEach((g) => preloaded.add(g));
			const known = (
				await Promise.all(groups.map(async (g) => ((await catalog.hasGroup(g)) ? g : '')))
			).filter(Boolean);
			if (!known.length) return;
			// The group files and the dataset are read side by side.
			let groupsMs = 0;
			await Promise.all([
				Promise.all(
					known.map((g) => Promise.all([catalog.groupSchema(g), catalog.groupDocs(g)])),
				).then(() => (groupsMs = Date.now() - t0)),
				deps.getDataset(),
			]);
			const name = doc.uri.path.split('/').pop() ?? doc.uri.toString();
			deps.log(
				`Catalog: loaded ${known.join(', ')} when ${name} opened (${Date.now() - t0} ms; the group files after ${groupsMs} ms).`,
			);
		})().catch((e: unknown) => deps.log(`preload failed: ${(e as Error).message}`));
	};
	// The files open at start-up: the workspace scan waits for them (extension.ts).
	// Started just after activate() returns, so activation stays short.
	const warmedUp = new Promise((resolve) => setTimeout(resolve, 0))
		.then(() => Promise.all(vscode.workspace.textDocuments.map(preload)))
		.then(() => undefined);
	const opened = vscode.workspace.onDidOpenTextDocument((doc) => void preload(doc));

	return Object.assign(vscode.Disposable.from(hover, completion, opened), { warmedUp });
}

function toVscodeItem(
	doc: vscode.TextDocument,
	item: CompletionItem,
	range: vscode.Range,
): vscode.CompletionItem {
	const out = new vscode.CompletionItem(item.label, ITEM_KINDS[item.kind]);
	out.detail = item.detail;
	if (item.documentation) out.documentation = new vscode.MarkdownString(item.documentation);
	out.insertText = item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
	// A replace range must stay on one line; the word never spans lines.
	out.range = range.isSingleLine
		? range
		: new vscode.Range(range.start, doc.lineAt(range.start).range.end);
	out.sortText = item.sortText;
	if (item.filterText) out.filterText = item.filterText;
	return out;
}
