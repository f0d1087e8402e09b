import * as vscode from 'vscode';

/**
 * Reads one of the extension's own files (its data, catalog and webview bundle).
 *
 * In the Node extension host they are on the host's own disk, so they are read from there:
 * `workspace.fs` may route each read through the workbench (in code-server, the browser page),
 * which cost 100–650 ms per file at start-up while the workbench was busy (bench/README.md). In the
 * web-worker host, and for any other scheme, `workspace.fs` is the way.
 */
export async function readExtensionFile(uri: vscode.Uri): Promise<Uint8Array> {
	if (process.env.MESHLENS_WEB !== '1' && uri.scheme === 'file') {
		const { readFile } = await import('node:fs/promises');
		return readFile(uri.fsPath);
	}
	return vscode.workspace.fs.readFile(uri);
}
