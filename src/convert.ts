import * as vscode from 'vscode';
import {
	CONVERT_TARGETS,
	notesMarkdown,
	planConversion,
	requestInputs,
	TARGET_LABELS,
	targetsFor,
	type ConvertRequest,
	type ConvertTarget,
} from './core';
import { ConversionNotes } from './convertNotes';
import type { Log } from './log';

/** Arguments of `meshlens.convert` from a code action: a range of one file and a target. */
interface ConvertArgs {
	readonly uri: string;
	readonly start?: number;
	readonly end?: number;
	readonly target?: ConvertTarget;
}

function isConvertArgs(v: unknown): v is ConvertArgs {
	return typeof v === 'object' && v !== null && typeof (v as ConvertArgs).uri === 'string';
}

/** Arguments from the comparison's cell detail: a target only; the files are picked next. */
function isTargetOnly(v: unknown): v is { readonly target: ConvertTarget } {
	if (typeof v !== 'object' || v === null || 'uri' in v) return false;
	const target = (v as { target?: unknown }).target;
	return typeof target === 'string' && (CONVERT_TARGETS as readonly string[]).includes(target);
}

const YAML = { language: 'yaml' } as const;

/** Reads the files to convert: a code action's range, explorer selection, editor or a file dialog. */
async function requestsFrom(
	args: unknown[],
): Promise<{ uri: vscode.Uri; req: ConvertRequest }[] | undefined> {
	const [first, second] = args;
	if (isConvertArgs(first)) {
		const uri = vscode.Uri.parse(first.uri);
		const doc = await vscode.workspace.openTextDocument(uri);
		return [
			{
				uri,
				req: {
					file: uri.toString(),
					text: doc.getText(),
					start: first.start,
					end: first.end,
				},
			},
		];
	}
	let uris: vscode.Uri[] = [];
	if (Array.isArray(second) && second.every((u) => u instanceof vscode.Uri)) uris = second;
	else if (first instanceof vscode.Uri) uris = [first];
	const editor = isTargetOnly(first) ? undefined : vscode.window.activeTextEditor;
	if (!uris.length && editor && vscode.languages.match(YAML, editor.document)) {
		const doc = editor.document;
		const sel = editor.selection;
		return [
			{
				uri: doc.uri,
				req: {
					file: doc.uri.toString(),
					text: doc.getText(),
					...(sel.isEmpty
						? {}
						: { start: doc.offsetAt(sel.start), end: doc.offsetAt(sel.end) }),
				},
			},
		];
	}
	if (!uris.length) {
		const picked = await vscode.window.showOpenDialog({
			canSelectMany: true,
			filters: { YAML: ['yaml', 'yml'] },
			openLabel: vscode.l10n.t('Convert'),
			title: vscode.l10n.t('Meshlens: files to convert'),
		});
		if (!picked?.length) return undefined;
		uris = picked;
	}
	const out: { uri: vscode.Uri; req: ConvertRequest }[] = [];
	for (const uri of uris) {
		const doc = await vscode.workspace.openTextDocument(uri);
		out.push({ uri, req: { file: uri.toString(), text: doc.getText() } });
	}
	return out;
}

async function pickTarget(requests: readonly ConvertRequest[]): Promise<ConvertTarget | undefined> {
	const resources = requests.flatMap((r) => requestInputs(r).inputs.map((x) => x.resource));
	const targets = targetsFor(resources);
	if (!targets.length) {
		void vscode.window.showInformationMessage(
			vscode.l10n.t(
				'Meshlens: nothing here to convert. Conversions read Istio, App Mesh, Linkerd ServiceProfile, SMI/OSM and HTTPRoute resources.',
			),
		);
		return undefined;
	}
	const pick = await vscode.window.showQuickPick(
		targets.map((t) => ({ label: TARGET_LABELS[t], target: t })),
		{
			title: vscode.l10n.t('Meshlens: convert to…'),
			placeHolder: vscode.l10n.t('Choose what to convert the resources to'),
		},
	);
	return pick?.target;
}

/**
 * Converts, shows the notes beside (rendered Markdown), and offers the result as a refactor preview: nothing is
 * written before the person accepts it.
 */
async function runConvert(log: Log, notes: ConversionNotes, args: unknown[]): Promise<boolean> {
	const requests = await requestsFrom(args);
	if (!requests?.length) return false;
	const [first] = args;
	const given = isConvertArgs(first) || isTargetOnly(first) ? first.target : undefined;
	const target = given ?? (await pickTarget(requests.map((r) => r.req)));
	if (!target) return false;
	const plan = planConversion(
		requests.map((r) => r.req),
		target,
	);
	const label = TARGET_LABELS[target];
	const lost = plan.result.notes.filter((n) => n.level === 'lost').length;
	log.info(
		`convert to ${target}: ${plan.inputs.length} resources in, ${plan.result.resources.length} out, ${lost} fields lost`,
	);
	const names = new Map(
		requests.map((r) => [r.req.file, vscode.workspace.asRelativePath(r.uri)]),
	);
	const inputs = plan.inputs.map((x) =>
		x.origin
			? { ...x, origin: { ...x.origin, file: names.get(x.origin.file) ?? x.origin.file } }
			: x,
	);
	const problems = plan.problems.map(
		(p) => `- ${names.get(p.file) ?? p.file}, document ${p.document + 1}: ${p.message}`,
	);
	const markdown =
		notesMarkdown(plan.result.notes, inputs, `Convert to ${label}: what did not carry over`) +
		(problems.length ? `\n## Documents not read\n\n${problems.join('\n')}\n` : '');
	await notes.show(target, markdown);
	if (!plan.replacements.length) {
		void vscode.window.showWarningMessage(
			vscode.l10n.t('Meshlens: nothing could be converted to {0}; see the notes.', label),
		);
		return false;
	}
	const edit = new vscode.WorkspaceEdit();
	for (const r of plan.replacements) {
		const entry = requests.find((x) => x.req.file === r.file);
		if (!entry) continue;
		const doc = await vscode.workspace.openTextDocument(entry.uri);
		edit.replace(
			entry.uri,
			new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)),
			r.text,
			{
				label: `Convert to ${label}`,
				description: lost
					? `${lost} field${lost === 1 ? '' : 's'} did not carry over`
					: undefined,
				needsConfirmation: true,
			},
		);
	}
	return vscode.workspace.applyEdit(edit, { isRefactoring: true });
}

/** "Convert to …" code actions for the mesh documents under the cursor or selection. */
class ConvertActions implements vscode.CodeActionProvider {
	static readonly kind = vscode.CodeActionKind.RefactorRewrite.append('meshlens.convert');

	provideCodeActions(doc: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
		if (doc.getText().length > 2 * 1024 * 1024) return [];
		const req: ConvertRequest = {
			file: doc.uri.toString(),
			text: doc.getText(),
			start: doc.offsetAt(range.start),
			end: doc.offsetAt(range.end),
		};
		const { inputs } = requestInputs(req);
		return targetsFor(inputs.map((x) => x.resource)).map((target) => {
			const action = new vscode.CodeAction(
				`Convert to ${TARGET_LABELS[target]}…`,
				ConvertActions.kind,
			);
			action.command = {
				command: 'meshlens.convert',
				title: action.title,
				arguments: [
					{ uri: req.file, start: req.start, end: req.end, target } satisfies ConvertArgs,
				],
			};
			return action;
		});
	}
}

/** The `meshlens.convert` command and the "Convert to…" code actions. */
export function registerConvert(log: Log): vscode.Disposable {
	const notes = new ConversionNotes(log);
	return vscode.Disposable.from(
		notes,
		vscode.commands.registerCommand('meshlens.convert', (...args: unknown[]) =>
			runConvert(log, notes, args),
		),
		vscode.languages.registerCodeActionsProvider(YAML, new ConvertActions(), {
			providedCodeActionKinds: [ConvertActions.kind],
		}),
	);
}
