import { parseDocument, type Document } from 'yaml';

/**
 * Masks Helm/Go template actions for validation, keeping every offset: an action alone on its line
 * (`{{- if … }}`, `{{ include … | nindent 4 }}`) becomes spaces, an action inside other text
 * becomes `x`s, so `name: {{ .Release.Name }}-{{ .Values.host }}` stays one plain scalar and
 * `- {{ .Values.host }}` one list item. (The editor's masking blanks every action, which suits
 * completion but can break such lines.) Values and keys that touch an action are not checked.
 */
export function maskTemplatesInline(text: string): string {
	if (!text.includes('{{')) return text;
	return text.replace(/^.*$/gm, (line) => {
		if (!line.includes('{{')) return line;
		const blanked = line.replace(/\{\{.*?(?:\}\}|$)/g, (m) => ' '.repeat(m.length));
		if (blanked.trim() === '') return blanked;
		return line.replace(/\{\{.*?(?:\}\}|$)/g, (m) => 'x'.repeat(m.length));
	});
}

const parsed = new WeakMap<object, Document.Parsed | null>();

/** The document parsed with inline masking (cached per editor parse), or null when it fails. */
export function templatedAst(key: object, original: string): Document.Parsed | null {
	let ast = parsed.get(key);
	if (ast === undefined) {
		try {
			ast = parseDocument(maskTemplatesInline(original), {
				strict: false,
				uniqueKeys: false,
				prettyErrors: false,
			});
			if (ast.errors.length) ast = null;
		} catch {
			ast = null;
		}
		parsed.set(key, ast);
	}
	return ast;
}
