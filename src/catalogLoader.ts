import * as vscode from 'vscode';
import { readExtensionFile } from './extensionFiles';
import { Catalog } from './core';

/**
 * The extension's one schema catalog, shared by hover/completion and diagnostics so each group's
 * schema and docs are read and parsed once. The build's JSON copies of the docs live in
 * dist/catalog; the schemas in data/catalog.
 */
export function createCatalog(extensionUri: vscode.Uri, log: (message: string) => void): Catalog {
	const decoder = new TextDecoder();
	return new Catalog(async (path) => {
		const uri = vscode.Uri.joinPath(
			extensionUri,
			...(path.startsWith('docs/') && path.endsWith('.json')
				? ['dist', 'catalog']
				: ['data', 'catalog']),
			...path.split('/'),
		);
		try {
			return decoder.decode(await readExtensionFile(uri));
		} catch {
			return undefined;
		}
	}, log);
}
