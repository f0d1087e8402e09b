import { parseBody, type DocumentBody } from './body';

/**
 * One `---` block of a file: the separator line that opens it (the first block has none, or only
 * a BOM), then its document, up to the next separator line. A file is its blocks end to end.
 */
export class Block {
	private parsed?: DocumentBody;
	private breakCount?: number;

	constructor(
		/** The block's text, separator line included. */
		readonly raw: string,
		/** Where the document starts in `raw`: after the opening separator line or the BOM. */
		readonly head: number,
		/** Keep the document's parse for good (false: only while recent; see RECENT_TREES). */
		readonly keep = true,
	) {}

	/** The document, parsed on first use. */
	get body(): DocumentBody {
		this.parsed ??= parseBody(this.raw.slice(this.head), this.keep);
		return this.parsed;
	}

	/** How many line breaks its text has (`\r\n`, `\n` or `\r`), counted on first use. */
	get breaks(): number {
		if (this.breakCount === undefined) {
			const raw = this.raw;
			let n = 0;
			for (let i = 0; i < raw.length; i++) {
				const c = raw.charCodeAt(i);
				if (c === 10) n++;
				else if (c === 13) {
					n++;
					if (raw.charCodeAt(i + 1) === 10) i++;
				}
			}
			this.breakCount = n;
		}
		return this.breakCount;
	}

	/** A block with the same text, sharing the parsed document if there is one. */
	static reuse(raw: string, head: number, previous: Block | undefined, keep = true): Block {
		return previous && previous.head === head ? previous : new Block(raw, head, keep);
	}
}

const WHITESPACE = /\s/;

/** True when the line from `p` to `end` (its content, without the break) is `---` or `...`. */
function isSeparator(text: string, p: number, end: number): boolean {
	if (end - p < 3) return false;
	const c = text.charCodeAt(p);
	if ((c !== 45 /* - */ && c !== 46) /* . */ || text.charCodeAt(p + 1) !== c) return false;
	if (text.charCodeAt(p + 2) !== c) return false;
	return p + 3 === end || WHITESPACE.test(text.charAt(p + 3));
}

/**
 * Splits text into blocks at `---` (and `...`) lines; `\r\n`, `\n` and `\r` all end a line. A
 * separator on the first line has no document before it. `fileStart` says the text starts the
 * file, where a BOM is skipped; any other text is expected to start with a separator line.
 */
export function splitBlocks(text: string, fileStart: boolean, keep = true): Block[] {
	const blocks: Block[] = [];
	const n = text.length;
	const first = fileStart && text.charCodeAt(0) === 0xfeff ? 1 : 0;
	let blockStart = 0;
	let docStart = first;
	let line = first;
	for (;;) {
		let end = line;
		while (end < n) {
			const c = text.charCodeAt(end);
			if (c === 10 || c === 13) break;
			end++;
		}
		let next = -1;
		if (end < n) {
			next =
				text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
		}
		if (isSeparator(text, line, end)) {
			if (line !== first) {
				blocks.push(new Block(text.slice(blockStart, line), docStart - blockStart, keep));
				blockStart = line;
			}
			docStart = next === -1 ? n : next;
		}
		if (next === -1) break;
		line = next;
	}
	blocks.push(new Block(text.slice(blockStart), docStart - blockStart, keep));
	return blocks;
}
