import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { completeAt } from '../core';
import { hoverAt } from '../core';
import { Catalog } from '../core';
import type { Dataset } from '../core';
import { parseManifest, type Manifest } from '../core';
import { loadDatasetFromDir } from './data';
import { parseOptions, UsageError, type CliCommand, type CliIo } from './io';

/** The catalog below the data folder, read with node:fs. */
function catalogFor(io: CliIo): Catalog {
	const dir = join(io.dataDir, 'catalog');
	return new Catalog(
		(path) => {
			const file = join(dir, path);
			return Promise.resolve(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
		},
		(message) => io.stderr(`meshlens: ${message}\n`),
	);
}

function datasetFor(io: CliIo): Dataset | undefined {
	try {
		return loadDatasetFromDir(io.dataDir).dataset;
	} catch {
		return undefined;
	}
}

/** Reads `<file>:<line>:<col>` (1-based) and returns the file's manifest and the 0-based offset. */
function readPosition(io: CliIo, arg: string | undefined): { manifest: Manifest; offset: number } {
	const m = arg ? /^(.+):(\d+):(\d+)$/.exec(arg) : null;
	if (!m?.[1] || !m[2] || !m[3]) throw new UsageError('expected <file>:<line>:<col>');
	const line = Number(m[2]);
	const col = Number(m[3]);
	if (line < 1 || col < 1) throw new UsageError('lines and columns start at 1');
	// Editors do not count a byte-order mark as a column, so neither do positions here.
	const text = readFileSync(resolve(io.cwd, m[1]), 'utf8').replace(/^\uFEFF/, '');
	const manifest = parseManifest(text);
	return {
		manifest,
		offset: manifest.lines.offsetAt({ line: line - 1, character: col - 1 }),
	};
}

function format(args: readonly string[], allowed: readonly string[], fallback: string) {
	const { options, positional } = parseOptions(args, ['format']);
	const f = options.get('format') ?? fallback;
	if (!allowed.includes(f)) throw new UsageError(`--format must be one of ${allowed.join(', ')}`);
	if (positional.length > 1) throw new UsageError(`unexpected argument '${positional[1]}'`);
	return { format: f, positional };
}

/** `meshlens explain <file>:<line>:<col> [--format md|json]` */
export const explain: CliCommand = async (io) => {
	const { format: f, positional } = format(io.args, ['md', 'json'], 'md');
	const { manifest, offset } = readPosition(io, positional[0]);
	const hover = await hoverAt(manifest, offset, catalogFor(io), datasetFor(io));
	if (f === 'json') {
		const out = hover
			? {
					apiVersion: hover.apiVersion,
					kind: hover.kind,
					path: hover.path,
					type: hover.type,
					markdown: hover.markdown,
				}
			: null;
		io.stdout(`${JSON.stringify(out, null, 2)}\n`);
		return 0;
	}
	if (!hover) {
		io.stderr('meshlens explain: nothing to explain at this position\n');
		return 1;
	}
	io.stdout(`${hover.markdown}\n`);
	return 0;
};

/** `meshlens complete <file>:<line>:<col> [--format json]` */
export const complete: CliCommand = async (io) => {
	const { format: f, positional } = format(io.args, ['text', 'json'], 'text');
	const { manifest, offset } = readPosition(io, positional[0]);
	const items = await completeAt(manifest, offset, catalogFor(io), datasetFor(io));
	if (f === 'json') {
		const out = items.map((i) => ({
			label: i.label,
			kind: i.kind,
			detail: i.detail,
			insertText: i.insertText,
		}));
		io.stdout(`${JSON.stringify(out, null, 2)}\n`);
	} else {
		io.stdout(items.map((i) => `${i.label}\t${i.kind}\t${i.detail}\n`).join(''));
	}
	return 0;
};

/** `meshlens kinds [--format json]` */
export const kinds: CliCommand = async (io) => {
	const { format: f, positional } = format(io.args, ['text', 'json'], 'text');
	if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
	const list = await catalogFor(io).kinds();
	if (f === 'json') {
		io.stdout(`${JSON.stringify(list, null, 2)}\n`);
		return 0;
	}
	const width = Math.max(10, ...list.map((k) => k.apiVersion.length)) + 2;
	const kindWidth = Math.max(4, ...list.map((k) => k.kind.length)) + 2;
	const rows = [
		['APIVERSION', 'KIND', 'MESH'],
		...list.map((k) => [k.apiVersion, k.kind, k.mesh]),
	];
	io.stdout(rows.map(([a, k, m]) => `${a?.padEnd(width)}${k?.padEnd(kindWidth)}${m}\n`).join(''));
	return 0;
};
