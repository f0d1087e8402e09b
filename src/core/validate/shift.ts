import type { Diagnostic } from './types';

/** A diagnostic of a document that an edit moved: its offsets, its fixes' and its index. */
export function shiftDiagnostic(d: Diagnostic, offset: number, index: number): Diagnostic {
	return {
		...d,
		start: d.start + offset,
		end: d.end + offset,
		document: d.document + index,
		...(d.fixes
			? {
					fixes: d.fixes.map((f) => ({
						...f,
						edits: f.edits.map((e) => ({
							...e,
							start: e.start + offset,
							end: e.end + offset,
						})),
					})),
				}
			: {}),
	};
}
