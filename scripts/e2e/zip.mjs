// Reads .vsix (zip) files without a dependency: the entry list from the central directory, and
// one entry's content (stored or deflated).
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** Lists the files of a zip: [{ name, size, method, compressedSize, localOffset }]. */
export function zipEntries(file, buf = readFileSync(file)) {
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
		if (buf.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new Error(`${file} is not a zip file`);
	const count = buf.readUInt16LE(eocd + 10);
	let offset = buf.readUInt32LE(eocd + 16);
	const entries = [];
	for (let n = 0; n < count; n++) {
		if (buf.readUInt32LE(offset) !== 0x02014b50)
			throw new Error(`${file}: bad central directory`);
		const method = buf.readUInt16LE(offset + 10);
		const compressedSize = buf.readUInt32LE(offset + 20);
		const size = buf.readUInt32LE(offset + 24);
		const nameLength = buf.readUInt16LE(offset + 28);
		const extraLength = buf.readUInt16LE(offset + 30);
		const commentLength = buf.readUInt16LE(offset + 32);
		const localOffset = buf.readUInt32LE(offset + 42);
		const name = buf.toString('utf8', offset + 46, offset + 46 + nameLength);
		if (!name.endsWith('/')) entries.push({ name, size, method, compressedSize, localOffset });
		offset += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/** Reads one file of a zip as a Buffer, or undefined when it is not there. */
export function zipRead(file, name) {
	const buf = readFileSync(file);
	const entry = zipEntries(file, buf).find((e) => e.name === name);
	if (!entry) return undefined;
	const local = entry.localOffset;
	const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
	const data = buf.subarray(start, start + entry.compressedSize);
	if (entry.method === 0) return Buffer.from(data);
	if (entry.method === 8) return inflateRawSync(data);
	throw new Error(`${file}: ${name} uses unsupported zip method ${entry.method}`);
}
