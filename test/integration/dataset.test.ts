// The user's own dataset files: overrides and additions load, a broken file is reported
// precisely and the rest of the data stays usable.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MeshlensApi } from '../../src/extension';

const OVERRIDE = `override: istio
cells:
  fips:
    support: enterprise
    value: Through our vendor build
    sources: [https://intranet.example.com/istio-fips]
    asOf: 2026-11-01
`;

const BROKEN = `override: linkerd
cells:
  retries:
    support: sometimes
    value: Maybe
    sources: []
    asOf: 2026-11-01
`;

suite('Dataset extra files', () => {
	let api: MeshlensApi;
	let folder: vscode.Uri;
	const files = ['meshlens-override.yaml', 'meshlens-broken.yaml'];

	suiteSetup(async () => {
		const ext = vscode.extensions.getExtension<MeshlensApi>('meshlens.meshlens');
		assert.ok(ext);
		api = await ext.activate();
		const first = vscode.workspace.workspaceFolders?.[0];
		assert.ok(first, 'the tests run in a workspace');
		folder = first.uri;
		const encode = (t: string) => new TextEncoder().encode(t);
		await vscode.workspace.fs.writeFile(
			vscode.Uri.joinPath(folder, files[0] ?? ''),
			encode(OVERRIDE),
		);
		await vscode.workspace.fs.writeFile(
			vscode.Uri.joinPath(folder, files[1] ?? ''),
			encode(BROKEN),
		);
	});

	suiteTeardown(async () => {
		await vscode.workspace
			.getConfiguration('meshlens')
			.update('dataset.extraFiles', undefined, vscode.ConfigurationTarget.Workspace);
		for (const f of files) {
			await vscode.workspace.fs
				.delete(vscode.Uri.joinPath(folder, f))
				.then(undefined, () => undefined);
		}
		await vscode.commands.executeCommand('meshlens.reloadDataset');
	});

	test('the built-in dataset loads without issues', async () => {
		const dataset = await api.getDataset();
		assert.ok(dataset.meshes.length >= 16);
		assert.deepEqual(api.getDatasetIssues(), []);
	});

	test('an override applies, and a broken file is reported with its path', async () => {
		await vscode.workspace
			.getConfiguration('meshlens')
			.update('dataset.extraFiles', files, vscode.ConfigurationTarget.Workspace);
		await vscode.commands.executeCommand('meshlens.reloadDataset');
		const dataset = await api.getDataset();
		const istio = dataset.meshes.find((m) => m.id === 'istio');
		assert.equal(istio?.cells.fips?.support, 'enterprise');
		assert.equal(istio?.cells.fips?.value, 'Through our vendor build');
		const linkerd = dataset.meshes.find((m) => m.id === 'linkerd');
		assert.notEqual(linkerd?.cells.retries?.value, 'Maybe', 'the broken cell is not applied');
		const issues = api.getDatasetIssues();
		assert.ok(
			issues.some(
				(i) => i.includes('meshlens-broken.yaml') && i.includes('cells.retries.support'),
			),
			issues.join('\n'),
		);
		assert.ok(
			issues.some(
				(i) => i.includes('meshlens-broken.yaml') && i.includes('cells.retries.sources'),
			),
			issues.join('\n'),
		);
	});
});
