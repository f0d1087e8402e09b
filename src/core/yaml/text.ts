/** A 0-based position in a text, as editors count it (UTF-16 code units). */
export interface Position {
	readonly line: number;
	readonly character: number;
}

/** A half-open range of offsets into a text. */
export interface OffsetRange {
	readonly start: number;
	readonly end: number;
}

/** Converts between offsets and line/character positions; `\r\n`, `\n` and `\r` all end a line. */
export class LineIndex {
	/** Where each line starts; found on first use (most documents never need a position). */
	private lineStarts: number[] | undefined;

	constructor(readonly text: string) {}

	private get starts(): number[] {
		if (this.lineStarts) return this.lineStarts;
		const starts = [0];
		const text = this.text;
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c === 13 /* \r */) {
				if (text.charCodeAt(i + 1) === 10) i++;
				starts.push(i + 1);
			} else if (c === 10 /* \n */) {
				starts.push(i + 1);
			}
		}
		this.lineStarts = starts;
		return starts;
	}

	get lineCount(): number {
		return this.starts.length;
	}

	/** The offset where a line starts (clamped to the text). */
	lineStart(line: number): number {
		if (line <= 0) return 0;
		return this.starts[Math.min(line, this.starts.length - 1)] ?? 0;
	}

	/** The offset where a line's content ends, before its line break. */
	lineEnd(line: number): number {
		const next =
			line + 1 < this.starts.length ? (this.starts[line + 1] ?? this.text.length) : -1;
		let end = next === -1 ? this.text.length : next;
		if (next !== -1) {
			end--;
			if (end > 0 && this.text[end] === '\n' && this.text[end - 1] === '\r') end--;
		}
		return Math.max(end, this.lineStart(line));
	}

	lineText(line: number): string {
		return this.text.slice(this.lineStart(line), this.lineEnd(line));
	}

	positionAt(offset: number): Position {
		const o = Math.max(0, Math.min(offset, this.text.length));
		let lo = 0;
		let hi = this.starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if ((this.starts[mid] ?? 0) <= o) lo = mid;
			else hi = mid - 1;
		}
		return { line: lo, character: Math.min(o, this.lineEnd(lo)) - (this.starts[lo] ?? 0) };
	}

	offsetAt(position: Position): number {
		if (position.line >= this.starts.length) return this.text.length;
		const start = this.lineStart(position.line);
		return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
	}
}

/**
 * Blanks Helm/Go template actions (`{{ … }}`) with spaces, keeping every offset and line break, so the
 * rest of the line still reads as YAML: a line holding only `{{- if … }}` becomes empty and
 * `image: {{ .Values.image }}` becomes a key with no value.
 */
export function maskTemplates(text: string): string {
	if (!text.includes('{{')) return text;
	// An action is taken to end at its `}}` or, while it is still being typed, at the line end.
	return text.replace(/\{\{.*?(?:\}\}|$)/gm, (m) => ' '.repeat(m.length));
}
