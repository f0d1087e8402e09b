import type { Block } from './blocks';
import type { DocumentRun } from './documents';

/*
 * A manifest's blocks (its `---` documents as text) in chunks of up to CHUNK, each with the
 * offsets of its blocks: an edit replaces the chunks it touches and keeps the others as they are.
 */

/** Blocks per chunk: an edit copies one chunk and the (short) list of chunks, never all blocks. */
const CHUNK = 64;

export interface Chunk {
	readonly blocks: readonly Block[];
	/** Offset of each block from the chunk's start, then the chunk's length. */
	readonly offsets: readonly number[];
	/** Offset of each block's document text (after its separator line) from the chunk's start. */
	readonly starts: readonly number[];
	/** The chunk's run as last asked for: reused while its offset and first index are the same. */
	run?: DocumentRun;
	/** Line breaks before each block from the chunk's start, then the chunk's; counted on first use. */
	breaks?: number[];
}

export function chunkBreaks(c: Chunk): number[] {
	if (!c.breaks) {
		const out = [0];
		let n = 0;
		for (const b of c.blocks) out.push((n += b.breaks));
		c.breaks = out;
	}
	return c.breaks;
}

function makeChunk(blocks: readonly Block[]): Chunk {
	const offsets = [0];
	const starts: number[] = [];
	let at = 0;
	for (const b of blocks) {
		starts.push(at + b.head);
		offsets.push((at += b.raw.length));
	}
	return { blocks, offsets, starts };
}

export function chunksOf(blocks: readonly Block[]): Chunk[] {
	const out: Chunk[] = [];
	const count = Math.max(1, Math.ceil(blocks.length / CHUNK));
	const size = Math.ceil(blocks.length / count);
	for (let i = 0; i < blocks.length; i += size) out.push(makeChunk(blocks.slice(i, i + size)));
	return out;
}

/** Last index in a sorted list whose value is <= x (0 when none is). */
export function floorIndex(list: readonly number[], x: number, last: number): number {
	let lo = 0;
	let hi = last;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if ((list[mid] ?? 0) <= x) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}
