import { isMap, isScalar, type Node } from 'yaml';
import type { ManifestDocument } from '../yaml/documents';
import { codeInfo, type Severity } from './codes';
import { withSeverity } from './shift';
import type { Diagnostic } from './types';

/**
 * Suppression, the way users write it:
 * - `# meshlens-disable-next-line [code…]` silences the line below (every code when none is named);
 * - `# meshlens-disable [code…]` anywhere in a `---` document silences that document;
 * - on Istio resources, the annotation `galley.istio.io/analyze-suppress: "<code>,…"` that
 *   `istioctl analyze` honours also silences our codes, named as ours (ML1001), by name
 *   (unknown-field), as the istioctl code they correspond to (IST0106, IST0133, IST0002), or `*`.
 * Codes may be separated by spaces or commas.
 */
const COMMENT = /^\s*#\s*meshlens-disable(-next-line)?(?=\s|$)(.*)$/;

/** A set of codes, or 'all'. */
type CodeSet = Set<string> | 'all';

function parseCodes(text: string): CodeSet {
	const list = text
		.replace(/#.*$/, '')
		.split(/[\s,]+/)
		.filter(Boolean);
	if (!list.length) return 'all';
	return new Set(list.map((c) => codeInfo(c)?.code ?? c.toUpperCase()));
}

function covers(set: CodeSet | undefined, d: Diagnostic): boolean {
	if (!set) return false;
	return set === 'all' || set.has(d.code);
}

function merge(a: CodeSet | undefined, b: CodeSet): CodeSet {
	if (a === 'all' || b === 'all') return 'all';
	return new Set([...(a ?? []), ...b]);
}

/** The value of metadata.annotations[name] (a string), without resolving aliases. */
export function annotation(doc: ManifestDocument, name: string): string | undefined {
	const root = doc.ast?.contents;
	if (!isMap(root)) return undefined;
	const metadata = root.get('metadata', true) as Node | undefined;
	if (!isMap(metadata)) return undefined;
	const annotations = metadata.get('annotations', true) as Node | undefined;
	if (!isMap(annotations)) return undefined;
	const v = annotations.get(name, true) as Node | undefined;
	return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
}

/** Drops the diagnostics of one document that its comments or annotations silence. */
export function applySuppressions(
	doc: ManifestDocument,
	mesh: string | undefined,
	diagnostics: Diagnostic[],
): Diagnostic[] {
	if (!diagnostics.length) return diagnostics;
	let whole: CodeSet | undefined;
	const nextLine = new Map<number, CodeSet>();
	const { lines } = doc;
	// Most documents have no suppression comment: one search instead of a look at every line.
	const commented = doc.raw.includes('meshlens-disable');
	for (let l = 0; commented && l < lines.lineCount; l++) {
		const text = lines.lineText(l);
		if (!text.includes('meshlens-disable')) continue;
		const m = COMMENT.exec(text);
		if (!m) continue;
		const codes = parseCodes(m[2] ?? '');
		if (m[1]) nextLine.set(l + 1, merge(nextLine.get(l + 1), codes));
		else whole = merge(whole, codes);
	}
	let galley: Set<string> | 'all' | undefined;
	if (mesh === 'istio') {
		const raw = annotation(doc, 'galley.istio.io/analyze-suppress');
		if (raw !== undefined) {
			const list = raw
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
			galley = list.includes('*') ? 'all' : new Set(list.map((c) => c.toUpperCase()));
		}
	}
	// Nothing silences anything: the list as it is (no line of a diagnostic is looked for).
	if (whole === undefined && nextLine.size === 0 && galley === undefined) return diagnostics;
	return diagnostics.filter((d) => {
		if (covers(whole, d)) return false;
		if (nextLine.size && covers(nextLine.get(lines.positionAt(d.start - doc.start).line), d))
			return false;
		if (galley) {
			if (galley === 'all') return false;
			const info = codeInfo(d.code);
			if (galley.has(d.code) || (info && galley.has(info.name.toUpperCase()))) return false;
			if (info?.upstream && galley.has(info.upstream)) return false;
		}
		return true;
	});
}

/** Applies per-code severity overrides; 'off' drops the code. Keys may be codes or names. */
export function applyRules(
	diagnostics: Diagnostic[],
	rules: Readonly<Record<string, Severity | 'off'>> | undefined,
): Diagnostic[] {
	if (!rules || !Object.keys(rules).length) return diagnostics;
	const byCode = new Map<string, Severity | 'off'>();
	for (const [k, v] of Object.entries(rules)) {
		const code = codeInfo(k)?.code ?? k.toUpperCase();
		if (v === 'off' || v === 'error' || v === 'warning' || v === 'info') byCode.set(code, v);
	}
	const out: Diagnostic[] = [];
	for (const d of diagnostics) {
		const r = byCode.get(d.code);
		if (r === 'off') continue;
		out.push(r && r !== d.severity ? withSeverity(d, r) : d);
	}
	return out;
}
