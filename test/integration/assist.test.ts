// Hover and completion through the real provider API, on documents opened in the workbench.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MeshlensApi } from '../../src/extension';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
      retries:
        attempts: 3
      
`;

const PLAIN = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
`;

async function open(content: string): Promise<vscode.TextDocument> {
	const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
	await vscode.window.showTextDocument(doc);
	return doc;
}

function positionOf(doc: vscode.TextDocument, needle: string, shift = 1): vscode.Position {
	const offset = doc.getText().indexOf(needle);
	assert.ok(offset >= 0, `${needle} is in the document`);
	return doc.positionAt(offset + shift);
}

function hoverText(hovers: vscode.Hover[]): string {
	return hovers
		.flatMap((h) => h.contents)
		.map((c) => (typeof c === 'string' ? c : c.value))
		.join('\n');
}

/** Providers register at activation; retry briefly until ours answers. */
async function until<T>(probe: () => Thenable<T>, ok: (value: T) => boolean): Promise<T> {
	const end = Date.now() + 15_000;
	for (;;) {
		const value = await probe();
		if (ok(value) || Date.now() > end) return value;
		await new Promise((r) => setTimeout(r, 200));
	}
}

suite('Manifest assist', () => {
	suiteSetup(async () => {
		await vscode.extensions.getExtension('meshlens.meshlens')?.activate();
	});

	test('hover on a VirtualService key names the field, its feature and the other meshes', async () => {
		const doc = await open(VS);
		const hovers = await until(
			() =>
				vscode.commands.executeCommand<vscode.Hover[]>(
					'vscode.executeHoverProvider',
					doc.uri,
					positionOf(doc, 'retries:'),
				),
			(h) => hoverText(h).includes('Implements'),
		);
		const text = hoverText(hovers);
		assert.match(text, /\*\*retries\*\*/);
		assert.match(text, /Implements \*\*Retries\*\*/);
		assert.match(text, /command:meshlens\.openComparison/);
		assert.match(text, /In other meshes/);
	});

	test('hover on kind explains the resource', async () => {
		const doc = await open(VS);
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
			'vscode.executeHoverProvider',
			doc.uri,
			positionOf(doc, 'VirtualService', 3),
		);
		assert.match(hoverText(hovers), /VirtualService/);
		assert.match(hoverText(hovers), /Istio/);
	});

	test('completion on a fresh key line offers the missing route keys, not the present ones', async () => {
		const doc = await open(VS);
		const line = doc.lineCount - 2;
		const position = new vscode.Position(line, doc.lineAt(line).text.length);
		const list = await until(
			() =>
				vscode.commands.executeCommand<vscode.CompletionList>(
					'vscode.executeCompletionItemProvider',
					doc.uri,
					position,
				),
			(l) => l.items.some((i) => i.label === 'fault'),
		);
		const labels = list.items.map((i) =>
			typeof i.label === 'string' ? i.label : i.label.label,
		);
		for (const key of ['fault', 'timeout', 'mirror']) assert.ok(labels.includes(key), key);
		assert.ok(!labels.includes('retries'), 'retries is already set');
		assert.ok(!labels.includes('route'), 'route is already set');
	});

	test('plain Kubernetes documents are left alone', async () => {
		const doc = await open(PLAIN);
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
			'vscode.executeHoverProvider',
			doc.uri,
			positionOf(doc, 'replicas'),
		);
		assert.doesNotMatch(hoverText(hovers), /Implements|Meshlens/);
	});

	test('a file over the size limit gets one status bar notice and no assistance', async () => {
		const api = vscode.extensions.getExtension<MeshlensApi>('meshlens.meshlens')?.exports;
		assert.ok(api, 'the extension exports its API');
		// 9 MB: over the 8 MB limit.
		const doc = await open(VS + `# ${'x'.repeat(98)}\n`.repeat(90_000));
		const position = positionOf(doc, 'retries:');
		for (let i = 0; i < 3; i++) {
			const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
				'vscode.executeHoverProvider',
				doc.uri,
				position,
			);
			assert.doesNotMatch(hoverText(hovers), /Implements/);
			const list = await vscode.commands.executeCommand<vscode.CompletionList>(
				'vscode.executeCompletionItemProvider',
				doc.uri,
				position,
			);
			assert.ok(!list.items.some((item) => item.label === 'fault'));
		}
		const notices = api.getNotices().filter((n) => n.includes('too large'));
		assert.equal(notices.length, 1, notices.join('\n'));
		assert.match(
			notices[0] ?? '',
			/too large for hover and completion \(\d+\.\d MB; the limit is 8\.0 MB\)/,
		);
	});
});
