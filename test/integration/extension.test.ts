// Broad smoke tests against the real vscode API: activation, command registration, and the
// comparison panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'meshlens.meshlens';

interface Manifest {
	contributes?: { commands?: { command: string }[] };
}

function meshlens(): vscode.Extension<unknown> {
	const ext = vscode.extensions.getExtension(EXTENSION_ID);
	assert.ok(ext, `${EXTENSION_ID} is loaded`);
	return ext;
}

/** Polls until `probe` returns a value, or fails after `timeoutMs`. */
async function waitFor<T>(
	probe: () => T | undefined,
	what: string,
	timeoutMs = 15_000,
): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > end) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

suite('Meshlens extension', () => {
	test('activates', async () => {
		await meshlens().activate();
		assert.equal(meshlens().isActive, true);
	});

	test('registers every command in contributes.commands', async () => {
		await meshlens().activate();
		const manifest = meshlens().packageJSON as Manifest;
		const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command);
		assert.ok(contributed.length > 0, 'package.json contributes commands');
		const registered = new Set(await vscode.commands.getCommands(true));
		assert.deepEqual(
			contributed.filter((id) => !registered.has(id)),
			[],
			'contributed commands that are not registered',
		);
	});

	test('meshlens.openComparison opens the comparison panel', async () => {
		await vscode.commands.executeCommand('meshlens.openComparison');
		const tab = await waitFor(
			() =>
				vscode.window.tabGroups.all
					.flatMap((group) => group.tabs)
					.find(
						(t) =>
							t.input instanceof vscode.TabInputWebview &&
							t.input.viewType.includes('meshlens.matrix'),
					),
			'a tab with a meshlens.matrix webview',
		);
		assert.ok(tab.label.length > 0, 'the panel has a title');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
});
