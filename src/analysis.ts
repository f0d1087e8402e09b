import * as vscode from 'vscode';
import {
	codeInfo,
	createAnalysis,
	explainCode,
	type Finding,
	type Level,
	type ModelChange,
} from './core';
import type { Log } from './log';
import type { ManifestStore } from './manifestStore';
import type { WorkspaceIndex } from './workspaceIndex';

interface Deps {
	readonly index: WorkspaceIndex;
	readonly manifests: ManifestStore;
	readonly log: Log;
}

/** Typing pauses this long before the model and the analysis follow the editor's text. */
const TYPING_DEBOUNCE_MS = 250;

const SEVERITY: Record<Level, vscode.DiagnosticSeverity> = {
	Error: vscode.DiagnosticSeverity.Error,
	Warning: vscode.DiagnosticSeverity.Warning,
	Info: vscode.DiagnosticSeverity.Information,
};

function toRange(r: Finding['range']): vscode.Range {
	return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function toDiagnostic(f: Finding): vscode.Diagnostic {
	const d = new vscode.Diagnostic(
		toRange(f.range),
		`${f.message} [${f.resource}]`,
		SEVERITY[f.level],
	);
	d.source = 'meshlens';
	const url = explainCode(f.code)?.url;
	d.code = url ? { value: f.code, target: vscode.Uri.parse(url) } : f.code;
	d.relatedInformation = f.related.map(
		(r) =>
			new vscode.DiagnosticRelatedInformation(
				new vscode.Location(vscode.Uri.parse(r.uri), toRange(r.range)),
				r.message,
			),
	);
	return d;
}

/**
 * Cross-resource analysis in the Problems panel: the analyzers run over the shared workspace
 * model, first in full (with a progress notification), then only for what each change affects,
 * including unsaved edits as you type.
 */
export function registerAnalysis({ index, manifests, log }: Deps): vscode.Disposable {
	const engine = createAnalysis(index.model);
	const collection = vscode.languages.createDiagnosticCollection('meshlens');
	const timers = new Map<string, ReturnType<typeof setTimeout>>();
	let ready = false;

	/**
	 * Whether the schema diagnostics show `code` in this file: it is open as YAML, validation is on
	 * and the code is not turned off (the same settings the schema diagnostics read).
	 */
	const schemaShows = (uri: string, code: string): boolean => {
		const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
		if (!doc || doc.languageId !== 'yaml') return false;
		const config = vscode.workspace.getConfiguration('meshlens', doc.uri);
		if (!config.get<boolean>('validate.enable', true)) return false;
		const rules = config.get<Record<string, string>>('validate.rules', {});
		return !Object.entries(rules).some(
			([k, v]) => v === 'off' && (codeInfo(k)?.code ?? k.toUpperCase()) === code,
		);
	};

	const publish = (uris: Iterable<string>): void => {
		for (const uri of uris) {
			// A finding the schema check reports at the same place is shown once, as the schema's.
			const findings = engine
				.findingsFor(uri)
				.filter((f) => !f.schemaCode || !schemaShows(uri, f.schemaCode));
			const target = vscode.Uri.parse(uri);
			if (findings.length === 0) collection.delete(target);
			else collection.set(target, findings.map(toDiagnostic));
		}
	};

	const runAll = (): void => {
		const started = Date.now();
		collection.clear();
		publish(engine.runAll());
		ready = true;
		log.info(
			`Analysis: ${engine.all().length} finding(s) over ${index.model.files.length} file(s) in ${Date.now() - started} ms.`,
		);
	};

	const onChange = (change: readonly ModelChange[] | 'all'): void => {
		if (change === 'all') return runAll();
		if (!ready) return;
		publish(engine.update(change));
	};

	const first = vscode.window.withProgress(
		{
			location: vscode.ProgressLocation.Notification,
			title: vscode.l10n.t('Meshlens: analysing mesh resources…'),
		},
		async () => {
			await index.whenScanned();
			if (!ready) runAll();
		},
	);
	void Promise.resolve(first).catch((e: unknown) => log.error(`Analysis: ${String(e)}`));

	const isYaml = (doc: vscode.TextDocument): boolean =>
		doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri.path);

	return vscode.Disposable.from(
		collection,
		index.onDidChange(onChange),
		vscode.workspace.onDidChangeTextDocument((e) => {
			if (!isYaml(e.document) || e.contentChanges.length === 0) return;
			const key = e.document.uri.toString();
			const old = timers.get(key);
			if (old) clearTimeout(old);
			timers.set(
				key,
				setTimeout(() => {
					timers.delete(key);
					// The shared manifest follows the editor's contentChanges, so only the
					// documents the edits touched are parsed again.
					const manifest = manifests.get(e.document);
					if (manifest) index.setManifest(e.document.uri, manifest);
				}, TYPING_DEBOUNCE_MS),
			);
		}),
		vscode.workspace.onDidCloseTextDocument((doc) => {
			// Unsaved edits are dropped with the editor: read the file from disk again.
			if (isYaml(doc) && doc.isDirty) index.refresh(doc.uri);
			if (ready && isYaml(doc)) publish([doc.uri.toString()]);
		}),
		// Opening or closing a file, or the validation settings, decide which of two findings of
		// one problem (schema and analysis) is shown.
		vscode.workspace.onDidOpenTextDocument((doc) => {
			if (ready && isYaml(doc)) publish([doc.uri.toString()]);
		}),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (ready && e.affectsConfiguration('meshlens.validate'))
				publish(engine.all().map((f) => f.object.uri));
		}),
		{ dispose: () => timers.forEach((t) => clearTimeout(t)) },
	);
}
