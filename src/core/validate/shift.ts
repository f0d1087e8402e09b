import type { Diagnostic, QuickFix, TextEdit } from './types';

/**
 * A diagnostic of a document that an edit moved: new offsets and index, its quick fixes moved
 * with it. Typing in a file moves every diagnostic after the cursor on every keystroke, so this is
 * built for speed: one plain object of the same shape as the validator's (the same optional keys
 * present), its fixes copied field by field. (An earlier version moved the fixes only when read,
 * through a getter: an object literal with an accessor costs V8 about 50 times a plain one, and
 * a keystroke in the middle of a 5 MB file with 445 findings took 3–6 times the parse floor.)
 */
export function shiftDiagnostic(d: Diagnostic, offset: number, index: number): Diagnostic {
	const start = d.start + offset;
	const end = d.end + offset;
	const document = d.document + index;
	const { code, severity, message, path, data } = d;
	const fixes =
		d.fixes === undefined || offset === 0 ? d.fixes : d.fixes.map((f) => shiftFix(f, offset));
	if (fixes === undefined) {
		return data === undefined
			? { code, severity, message, start, end, document, path }
			: { code, severity, message, start, end, document, path, data };
	}
	return data === undefined
		? { code, severity, message, start, end, document, path, fixes }
		: { code, severity, message, start, end, document, path, data, fixes };
}

function shiftFix(f: QuickFix, offset: number): QuickFix {
	const edits = f.edits.map((e): TextEdit => ({
		start: e.start + offset,
		end: e.end + offset,
		newText: e.newText,
	}));
	const { title, isPreferred, snippet } = f;
	if (snippet === undefined) {
		return isPreferred === undefined ? { title, edits } : { title, edits, isPreferred };
	}
	return isPreferred === undefined
		? { title, edits, snippet }
		: { title, edits, isPreferred, snippet };
}
