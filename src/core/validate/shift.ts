import type { Diagnostic, QuickFix } from './types';

/** The diagnostic as first computed, and how far it has moved since. */
const origins = new WeakMap<Diagnostic, { readonly base: Diagnostic; readonly offset: number }>();

/**
 * A diagnostic of a document that an edit moved: new offsets and index. Its quick fixes are moved
 * only when read (code actions read them; a keystroke moves every diagnostic after it).
 */
export function shiftDiagnostic(d: Diagnostic, offset: number, index: number): Diagnostic {
	const origin = origins.get(d);
	const base = origin?.base ?? d;
	const total = (origin?.offset ?? 0) + offset;
	const { fixes: baseFixes, ...rest } = base;
	const start = d.start + offset;
	const end = d.end + offset;
	const document = d.document + index;
	let fixes: readonly QuickFix[] | undefined;
	const moved: Diagnostic = baseFixes
		? {
				...rest,
				start,
				end,
				document,
				get fixes() {
					fixes ??= baseFixes.map((f) => ({
						...f,
						edits: f.edits.map((e) => ({
							...e,
							start: e.start + total,
							end: e.end + total,
						})),
					}));
					return fixes;
				},
			}
		: { ...rest, start, end, document };
	origins.set(moved, { base, offset: total });
	return moved;
}
