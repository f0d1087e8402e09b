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
	const moved: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
		code: d.code,
		severity: d.severity,
		message: d.message,
		start: d.start + offset,
		end: d.end + offset,
		document: d.document + index,
		path: d.path,
	};
	// The optional fields, present only where the validator set them (as `report` does). A new
	// field of Diagnostic must be copied here too (the incremental tests compare with a fresh run).
	if (d.upstream !== undefined) moved.upstream = d.upstream;
	if (d.data !== undefined) moved.data = d.data;
	if (d.fixes !== undefined)
		moved.fixes = offset === 0 ? d.fixes : d.fixes.map((f) => shiftFix(f, offset));
	return moved;
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
