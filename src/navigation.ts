import * as vscode from 'vscode';
import { locationOf, referenceAt, referenceSummary, referencesTo, type Range } from './core';
import type { WorkspaceIndex } from './workspaceIndex';

interface Deps {
	readonly index: WorkspaceIndex;
}

const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

function toRange(r: Range): vscode.Range {
	return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * Navigation over the shared workspace model: Go to Definition from a reference to what it
 * names, Find All References from a resource, and a code lens above each resource that others
 * point at. The resolution is the core's; this only translates.
 */
export function registerNavigation({ index }: Deps): vscode.Disposable {
	const lensesChanged = new vscode.EventEmitter<void>();
	const definition: vscode.DefinitionProvider = {
		provideDefinition(document, position) {
			const ref = referenceAt(
				index.model,
				document.uri.toString(),
				position.line,
				position.character,
			);
			if (!ref || ref.targets.length === 0) return undefined;
			return ref.targets.map((t) => {
				const range = t.path ? t.object.locate(t.path) : locationOf(t.object).range;
				return new vscode.Location(vscode.Uri.parse(t.object.uri), toRange(range));
			});
		},
	};
	const references: vscode.ReferenceProvider = {
		provideReferences(document, position, context) {
			const uri = document.uri.toString();
			const o = index.model.objectAt(uri, position.line);
			if (!o) return undefined;
			// From a reference, look for what points at its target; from anywhere else, at this resource.
			const ref = referenceAt(index.model, uri, position.line, position.character);
			const targets = ref && ref.targets.length > 0 ? ref.targets.map((t) => t.object) : [o];
			const out: vscode.Location[] = [];
			for (const target of targets) {
				if (context.includeDeclaration) {
					out.push(
						new vscode.Location(
							vscode.Uri.parse(target.uri),
							toRange(locationOf(target).range),
						),
					);
				}
				for (const r of referencesTo(index.model, target)) {
					out.push(new vscode.Location(vscode.Uri.parse(r.from.uri), toRange(r.range)));
				}
			}
			return out;
		},
	};
	const lenses: vscode.CodeLensProvider = {
		onDidChangeCodeLenses: lensesChanged.event,
		provideCodeLenses(document) {
			const file = index.model.file(document.uri.toString());
			if (!file) return [];
			const out: vscode.CodeLens[] = [];
			for (const o of file.objects) {
				const text = referenceSummary(index.model, o);
				if (!text) continue;
				const at = toRange(locationOf(o).range);
				const line = new vscode.Range(o.range.start.line, 0, o.range.start.line, 0);
				out.push(
					new vscode.CodeLens(line, {
						title: text,
						command: 'editor.action.showReferences',
						arguments: [
							document.uri,
							at.start,
							referencesTo(index.model, o).map(
								(r) =>
									new vscode.Location(
										vscode.Uri.parse(r.from.uri),
										toRange(r.range),
									),
							),
						],
					}),
				);
			}
			return out;
		},
	};
	let timer: ReturnType<typeof setTimeout> | undefined;
	return vscode.Disposable.from(
		lensesChanged,
		vscode.languages.registerDefinitionProvider(SELECTOR, definition),
		vscode.languages.registerReferenceProvider(SELECTOR, references),
		vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
		index.onDidChange(() => {
			if (timer) clearTimeout(timer);
			timer = setTimeout(() => lensesChanged.fire(), 500);
		}),
		{ dispose: () => timer && clearTimeout(timer) },
	);
}
