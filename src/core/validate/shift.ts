import type { Severity } from './codes';
import type { Diagnostic, DiagnosticData, QuickFix, TextEdit } from './types';

/**
 * A diagnostic of a document that an edit moved: new offsets and index. Typing in a file moves
 * every diagnostic after the cursor on every keystroke, so this is built for speed. A diagnostic
 * without quick fixes (or not moved) is copied into one plain object of the validator's shape.
 * One with quick fixes becomes a {@link MovedDiagnostic}, whose fixes are moved when first read:
 * copying them (an invalid enum carries one per allowed value) was most of the cost of a
 * keystroke in the middle of a 5 MB file, and the editor reads the fixes of the diagnostics at
 * the cursor only. (An object literal with a `get fixes()` costs V8 about 50 times a plain
 * object, and an own accessor added later as much; a class with the getter on its prototype
 * costs what a plain object does.)
 */
export function shiftDiagnostic(d: Diagnostic, offset: number, index: number): Diagnostic {
	if (d instanceof MovedDiagnostic) return d.moved(offset, index, d.severity);
	if (d.fixes !== undefined && offset !== 0)
		return new MovedDiagnostic(d, offset, index, d.severity, d.fixes, offset);
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
	// field of Diagnostic must be copied here and in MovedDiagnostic too (the incremental tests
	// compare with a fresh run).
	if (d.upstream !== undefined) moved.upstream = d.upstream;
	if (d.data !== undefined) moved.data = d.data;
	if (d.fixes !== undefined) moved.fixes = d.fixes;
	return moved;
}

/** The diagnostic with another severity (`meshlens.validate.rules`); a moved one stays lazy. */
export function withSeverity(d: Diagnostic, severity: Severity): Diagnostic {
	if (d instanceof MovedDiagnostic) return d.moved(0, 0, severity);
	return { ...d, severity };
}

/**
 * A diagnostic with quick fixes that edits moved: its fields are plain own properties, as the
 * validator's; `fixes` is read through a getter that moves the original fixes (those of the
 * diagnostic as validated) once, on first use. Moving it again starts from the original fixes
 * too, so no keystroke copies fixes. `JSON.stringify` gives the plain form, fixes included; an
 * object spread does not see the getter, so copies in the core use `withSeverity` (or
 * {@link plainDiagnostic}).
 */
class MovedDiagnostic implements Diagnostic {
	readonly code: string;
	readonly severity: Severity;
	readonly message: string;
	readonly start: number;
	readonly end: number;
	readonly document: number;
	readonly path: string;
	declare readonly upstream?: string;
	declare readonly data?: DiagnosticData;
	/** The fixes as validated, and how far this diagnostic has moved from there. */
	readonly #origin: readonly QuickFix[];
	readonly #offset: number;
	#fixes: readonly QuickFix[] | undefined;

	constructor(
		d: Diagnostic,
		offset: number,
		index: number,
		severity: Severity,
		origin: readonly QuickFix[],
		originOffset: number,
	) {
		this.code = d.code;
		this.severity = severity;
		this.message = d.message;
		this.start = d.start + offset;
		this.end = d.end + offset;
		this.document = d.document + index;
		this.path = d.path;
		const self = this as { upstream?: string; data?: DiagnosticData };
		if (d.upstream !== undefined) self.upstream = d.upstream;
		if (d.data !== undefined) self.data = d.data;
		this.#origin = origin;
		this.#offset = originOffset;
	}

	get fixes(): readonly QuickFix[] {
		this.#fixes ??= this.#origin.map((f) => shiftFix(f, this.#offset));
		return this.#fixes;
	}

	/** This diagnostic moved further (its fixes still unread), or with another severity. */
	moved(offset: number, index: number, severity: Severity): MovedDiagnostic {
		return new MovedDiagnostic(
			this,
			offset,
			index,
			severity,
			this.#origin,
			this.#offset + offset,
		);
	}

	toJSON(): Diagnostic {
		return plainDiagnostic(this);
	}
}

/** A diagnostic as one plain object with its fields, fixes included (a moved one's read). */
export function plainDiagnostic(d: Diagnostic): Diagnostic {
	const out: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
		code: d.code,
		severity: d.severity,
		message: d.message,
		start: d.start,
		end: d.end,
		document: d.document,
		path: d.path,
	};
	if (d.upstream !== undefined) out.upstream = d.upstream;
	if (d.data !== undefined) out.data = d.data;
	if (d.fixes !== undefined) out.fixes = d.fixes;
	return out;
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
