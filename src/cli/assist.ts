import { completeAt } from '../core';
import { hoverAt } from '../core';
import { Catalog } from '../core';
import type { Dataset } from '../core';
import { hasMapping, parseManifest, type Manifest } from '../core';
import { catalogFromDir, loadDatasetFromDir } from './data';
import {
	InputError,
	parseOptions,
	readTextFile,
	UsageError,
	type CliCommand,
	type CliIo,
} from './io';

/** The catalog below the data folder, read with node:fs. */
function catalogFor(io: CliIo): Catalog {
	return catalogFromDir(io.dataDir, (message) => io.stderr(`meshlens: ${message}\n`));
}

function datasetFor(io: CliIo): Dataset | undefined {
	try {
		return loadDatasetFromDir(io.dataDir).dataset;
	} catch {
		return undefined;
	}
}

interface Position {
	readonly file: string;
	readonly line: number;
	readonly col: number;
	readonly manifest: Manifest;
	readonly offset: number;
}

/**
 * Reads `<file>:<line>:<col>` (1-based) and returns the file's manifest and the 0-based offset.
 * A missing, binary or non-YAML file and a position past the end are input errors.
 */
function readPosition(io: CliIo, arg: string | undefined): Position {
	const m = arg ? /^(.+):(\d+):(\d+)$/.exec(arg) : null;
	if (!m?.[1] || !m[2] || !m[3]) {
		const hint = arg && /^[^:]+$/.test(arg) ? `; add the line and column, e.g. ${arg}:1:1` : '';
		throw new UsageError(`expected <file>:<line>:<col>${hint}`);
	}
	const file = m[1];
	const line = Number(m[2]);
	const col = Number(m[3]);
	if (line < 1 || col < 1) throw new UsageError('lines and columns start at 1');
	// Editors do not count a byte-order mark as a column, so neither do positions here.
	const text = readTextFile(io, file, 'a YAML manifest');
	const manifest = parseManifest(text);
	if (text.trim() && !hasMapping(manifest)) {
		throw new InputError(
			`${file} is not a YAML manifest (no document in it is a mapping of keys); give a file with apiVersion and kind.`,
		);
	}
	const lines = manifest.lines;
	if (line > lines.lineCount) {
		throw new InputError(
			`${file}:${line}:${col} is past the end of the file, whose last line is ${lines.lineCount}; give a line from 1 to ${lines.lineCount}.`,
		);
	}
	const length = lines.lineText(line - 1).length;
	if (col > length + 1) {
		throw new InputError(
			`${file}:${line}:${col} is past the end of line ${line}, which has ${length} character${length === 1 ? '' : 's'}; give a column from 1 to ${length + 1}.`,
		);
	}
	return {
		file,
		line,
		col,
		manifest,
		offset: manifest.lines.offsetAt({ line: line - 1, character: col - 1 }),
	};
}

/** What a terminal shows for a position where the engine has nothing to say. */
function nothingAt(p: Position, what: string): string {
	const doc = p.manifest.documents.find((d) => p.offset >= d.start && p.offset <= d.end);
	const where = `${p.file}:${p.line}:${p.col}`;
	if (doc?.apiVersion && doc.kind)
		return `nothing to ${what} at ${where} (a ${doc.kind} ${doc.apiVersion} document); point at a key or value, or run 'meshlens kinds' to see the kinds Meshlens knows.`;
	return `nothing to ${what} at ${where}; point at a key or value of a mesh manifest (one with apiVersion and kind).`;
}

/**
 * Hover Markdown for a terminal: VS Code `command:` links mean nothing there, so the link to the
 * comparison becomes the CLI command that shows the same row, and any other command link its text.
 */
export function forTerminal(markdown: string): string {
	return markdown.replace(
		/\[([^\]]*)\]\(command:([\w.]+)(?:\?([^)\s]*))?\)/g,
		(_, text: string, id, query?: string) => {
			if (id === 'meshlens.openComparison' && query) {
				try {
					const [arg] = JSON.parse(decodeURIComponent(query)) as [
						{ feature?: string; mesh?: string },
					];
					if (arg.feature)
						return `Compare: \`meshlens compare --features ${arg.feature}\``;
					if (arg.mesh) return `Compare: \`meshlens compare --meshes ${arg.mesh}\``;
				} catch {
					// fall through to the plain text
				}
			}
			return text;
		},
	);
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
	const position = readPosition(io, positional[0]);
	const { manifest, offset } = position;
	const hover = await hoverAt(manifest, offset, catalogFor(io), datasetFor(io));
	if (f === 'json') {
		const out = hover
			? {
					apiVersion: hover.apiVersion,
					kind: hover.kind,
					path: hover.path,
					type: hover.type,
					markdown: forTerminal(hover.markdown),
				}
			: null;
		io.stdout(`${JSON.stringify(out, null, 2)}\n`);
		return 0;
	}
	if (!hover) {
		io.stderr(`meshlens explain: ${nothingAt(position, 'explain')}\n`);
		return 1;
	}
	io.stdout(`${forTerminal(hover.markdown)}\n`);
	return 0;
};

/** `meshlens complete <file>:<line>:<col> [--format json]` */
export const complete: CliCommand = async (io) => {
	const { format: f, positional } = format(io.args, ['text', 'json'], 'text');
	const position = readPosition(io, positional[0]);
	const { manifest, offset } = position;
	const items = await completeAt(manifest, offset, catalogFor(io), datasetFor(io));
	if (f === 'json') {
		const out = items.map((i) => ({
			label: i.label,
			kind: i.kind,
			detail: i.detail,
			insertText: i.insertText,
		}));
		io.stdout(`${JSON.stringify(out, null, 2)}\n`);
		return 0;
	}
	if (!items.length) {
		io.stderr(`meshlens complete: ${nothingAt(position, 'complete')}\n`);
		return 1;
	}
	io.stdout(items.map((i) => `${i.label}\t${i.kind}\t${i.detail}\n`).join(''));
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
