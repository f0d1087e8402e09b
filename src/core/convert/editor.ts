import { parseManifest } from '../yaml/documents';
import { convert } from './index';
import { inputsFromText, renderResources, type InputProblem } from './text';
import type { ConvertInput, ConvertResult, ConvertTarget, Resource } from './types';

/** How targets are named in menus. */
export const TARGET_LABELS: Readonly<Record<ConvertTarget, string>> = {
	'gateway-api': 'Gateway API',
	istio: 'Istio (Gateway API + Istio policy)',
	'istio-ambient': 'Istio ambient mode (waypoints)',
	linkerd: 'Linkerd (Gateway API + Linkerd policy)',
	cilium: 'Cilium (Gateway API)',
	serviceprofile: 'Linkerd ServiceProfile',
};

/** A file to convert: all of it, or the `---` documents that overlap [start, end]. */
export interface ConvertRequest {
	readonly file: string;
	readonly text: string;
	readonly start?: number;
	readonly end?: number;
}

/** A text change: replace [start, end) of a file with text. */
export interface ConvertReplacement {
	readonly file: string;
	readonly start: number;
	readonly end: number;
	readonly text: string;
}

export interface ConvertPlan {
	readonly inputs: readonly ConvertInput[];
	readonly problems: readonly InputProblem[];
	readonly result: ConvertResult;
	/** One per file that got output: its converted documents in place of the source documents. */
	readonly replacements: readonly ConvertReplacement[];
}

/** The span of whole documents a request covers. */
export function documentSpan(req: ConvertRequest): { start: number; end: number } {
	const manifest = parseManifest(req.text);
	const docs = manifest.documents;
	if (req.start === undefined || !docs.length) return { start: 0, end: req.text.length };
	const from = req.start;
	const to = req.end ?? from;
	const hit = docs.filter(
		(d) => d.start <= to && d.end >= from && (d.end > from || d.end === req.text.length),
	);
	const first = hit[0] ?? docs[0];
	const last = hit[hit.length - 1] ?? first;
	return { start: first?.start ?? 0, end: last?.end ?? req.text.length };
}

/** The resources of the documents a request covers (for menus: which targets to offer). */
export function requestInputs(req: ConvertRequest): {
	inputs: ConvertInput[];
	problems: InputProblem[];
} {
	const span = documentSpan(req);
	return inputsFromText(req.text.slice(span.start, span.end), req.file);
}

/**
 * Converts the documents of several files together (so routes find their gateways and subsets)
 * and says what to write: each file's converted documents replace the documents they came from.
 */
export function planConversion(
	requests: readonly ConvertRequest[],
	target: ConvertTarget,
): ConvertPlan {
	const inputs: ConvertInput[] = [];
	const problems: InputProblem[] = [];
	const owner: number[] = [];
	const spans = requests.map((req, r) => {
		const span = documentSpan(req);
		const read = inputsFromText(req.text.slice(span.start, span.end), req.file);
		for (const x of read.inputs) {
			inputs.push(x);
			owner.push(r);
		}
		problems.push(...read.problems);
		return span;
	});
	const result = convert(inputs, { target });
	const byRequest = requests.map((): Resource[] => []);
	result.resources.forEach((res, i) => {
		const first = result.provenance[i]?.sources[0]?.input;
		const r = first === undefined ? 0 : (owner[first] ?? 0);
		byRequest[r]?.push(res);
	});
	const replacements: ConvertReplacement[] = [];
	requests.forEach((req, r) => {
		const resources = byRequest[r] ?? [];
		const span = spans[r];
		if (!resources.length || !span) return;
		let text = renderResources(resources, 'yaml');
		// Keep the separator before the next document.
		if (span.end < req.text.length && !text.endsWith('\n')) text += '\n';
		replacements.push({ file: req.file, start: span.start, end: span.end, text });
	});
	return { inputs, problems, result, replacements };
}
