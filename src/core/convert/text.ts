import { parseAllDocuments, stringify } from 'yaml';
import { isRecord } from './context';
import type { ConvertInput, ConvertNote, Resource } from './types';

/** A document that could not be read as a resource. */
export interface InputProblem {
	readonly file: string;
	readonly document: number;
	readonly message: string;
}

/**
 * Reads the resources of a YAML file (every `---` document that is a mapping with apiVersion and
 * kind). Broken documents and documents that are not resources are reported, not thrown.
 */
export function inputsFromText(
	text: string,
	file: string,
): { inputs: ConvertInput[]; problems: InputProblem[] } {
	const inputs: ConvertInput[] = [];
	const problems: InputProblem[] = [];
	let docs;
	try {
		docs = parseAllDocuments(text.replace(/^\uFEFF/, ''), { uniqueKeys: false });
	} catch (e) {
		return { inputs, problems: [{ file, document: 0, message: (e as Error).message }] };
	}
	const list = Array.isArray(docs) ? docs : [docs];
	list.forEach((doc, document) => {
		if (doc.errors.length) {
			problems.push({ file, document, message: doc.errors[0]?.message ?? 'invalid YAML' });
			return;
		}
		let value: unknown;
		try {
			value = doc.toJS({ maxAliasCount: 100 });
		} catch (e) {
			problems.push({ file, document, message: (e as Error).message });
			return;
		}
		if (value === null || value === undefined) return;
		if (
			!isRecord(value) ||
			typeof value.apiVersion !== 'string' ||
			typeof value.kind !== 'string'
		) {
			problems.push({
				file,
				document,
				message: 'not a Kubernetes resource (no apiVersion and kind)',
			});
			return;
		}
		if (value.kind === 'List' && Array.isArray(value.items)) {
			for (const item of value.items)
				if (isRecord(item)) inputs.push({ resource: item, origin: { file, document } });
			return;
		}
		inputs.push({ resource: value, origin: { file, document } });
	});
	return { inputs, problems };
}

/** Resources as one multi-document YAML text, or a JSON list. */
export function renderResources(resources: readonly Resource[], format: 'yaml' | 'json'): string {
	if (format === 'json') return `${JSON.stringify(resources, null, 2)}\n`;
	return resources
		.map((r) => stringify(r, { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' }))
		.join('---\n');
}

/** One line per note: `lost  VirtualService default/reviews spec.http[0].fault: reason (nearest: …)`. */
export function formatNote(note: ConvertNote, inputs?: readonly ConvertInput[]): string {
	const origin = inputs?.[note.input]?.origin;
	const where = origin ? `${origin.file}#${origin.document + 1} ` : '';
	const path = note.path ? ` ${note.path}` : '';
	const nearest = note.nearest ? ` (instead: ${note.nearest})` : '';
	return `${note.level.padEnd(4)}  ${where}${note.source}${path}: ${note.reason}${nearest}`;
}

/** The notes as a Markdown document, grouped by source resource. */
export function notesMarkdown(
	notes: readonly ConvertNote[],
	inputs: readonly ConvertInput[],
	title: string,
): string {
	const lines = [`# ${title}`, ''];
	const lost = notes.filter((n) => n.level === 'lost').length;
	lines.push(
		lost
			? `${lost} source field${lost === 1 ? '' : 's'} did not carry over; ${notes.length - lost} carried over in another form.`
			: notes.length
				? `Everything carried over; ${notes.length} field${notes.length === 1 ? '' : 's'} in another form.`
				: 'Everything carried over as it was.',
		'',
	);
	const bySource = new Map<number, ConvertNote[]>();
	for (const n of notes) bySource.set(n.input, [...(bySource.get(n.input) ?? []), n]);
	for (const [input, list] of [...bySource].sort(([a], [b]) => a - b)) {
		const origin = inputs[input]?.origin;
		lines.push(`## ${list[0]?.source ?? ''}${origin ? ` — ${origin.file}` : ''}`, '');
		lines.push('| | Field | What happened | Instead |', '|---|---|---|---|');
		for (const n of list) {
			const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
			lines.push(
				`| ${n.level === 'lost' ? '⚠ lost' : 'ℹ changed'} | \`${cell(n.path || '(whole resource)')}\` | ${cell(n.reason)} | ${cell(n.nearest ?? '')} |`,
			);
		}
		lines.push('');
	}
	return lines.join('\n');
}
