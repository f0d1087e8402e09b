import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import {
	convert,
	CONVERT_TARGETS,
	formatNote,
	inputsFromText,
	renderResources,
	type ConvertInput,
	type ConvertTarget,
	type Resource,
} from '../core';
import { collectFiles } from './files';
import { InputError, parseOptions, readTextFile, UsageError, type CliCommand } from './io';

/** The files named on the command line, with each folder replaced by the YAML files below it. */
function expandFolders(cwd: string, paths: readonly string[]): string[] {
	const out: string[] = [];
	for (const p of paths) {
		let folder = false;
		try {
			folder = statSync(resolve(cwd, p)).isDirectory();
		} catch {
			// readTextFile reports the missing file in one sentence.
		}
		if (!folder) {
			out.push(p);
			continue;
		}
		const { files } = collectFiles(cwd, [p], []);
		if (!files.length) throw new InputError(`${p} holds no YAML files (.yaml, .yml).`);
		out.push(...files.map((f) => relative(cwd, f).split('\\').join('/')));
	}
	return [...new Set(out)];
}

/**
 * `meshlens convert --to <target> <files|folders…> [--out dir] [--format yaml|json]`
 *
 * A folder stands for the YAML files below it.
 * Prints the converted resources (or writes one file per input file into --out) and the notes on
 * stderr. Exit 0: everything carried over; 3: something was noted as lost; 1: a file could not be
 * read.
 */
export const convertCommand: CliCommand = (io) => {
	const { options, positional } = parseOptions(io.args, ['to', 'out', 'format']);
	const target = options.get('to');
	if (!target) throw new UsageError(`--to is required (${CONVERT_TARGETS.join(', ')})`);
	if (!(CONVERT_TARGETS as readonly string[]).includes(target))
		throw new UsageError(`--to must be one of ${CONVERT_TARGETS.join(', ')}`);
	const format = options.get('format') ?? 'yaml';
	if (format !== 'yaml' && format !== 'json')
		throw new UsageError('--format must be one of yaml, json');
	if (!positional.length) throw new UsageError('expected one or more files or folders');
	const files = expandFolders(io.cwd, positional);
	const inputs: ConvertInput[] = [];
	let lost = false;
	for (const file of files) {
		const text = readTextFile(io, file);
		const read = inputsFromText(text, file);
		inputs.push(...read.inputs);
		for (const p of read.problems) {
			io.stderr(`skip  ${p.file}#${p.document + 1}: ${p.message}\n`);
			lost = true;
		}
	}
	const result = convert(inputs, { target: target as ConvertTarget });
	for (const n of result.notes) io.stderr(`${formatNote(n, inputs)}\n`);
	if (result.notes.some((n) => n.level === 'lost')) lost = true;
	const out = options.get('out');
	if (out === undefined) {
		io.stdout(renderResources(result.resources, format));
	} else {
		// One output file per input file, holding what was converted from it.
		const byFile = new Map<string, Resource[]>(files.map((f) => [f, []]));
		result.resources.forEach((r, i) => {
			const first = result.provenance[i]?.sources[0]?.input;
			const file =
				(first !== undefined ? inputs[first]?.origin?.file : undefined) ?? 'converted';
			byFile.set(file, [...(byFile.get(file) ?? []), r]);
		});
		const dir = resolve(io.cwd, out);
		mkdirSync(dir, { recursive: true });
		const used = new Set<string>();
		for (const [file, resources] of byFile) {
			if (!resources.length) continue;
			let name = `${basename(file, extname(file))}.${format}`;
			for (let n = 2; used.has(name); n++)
				name = `${basename(file, extname(file))}-${n}.${format}`;
			used.add(name);
			writeFileSync(join(dir, name), renderResources(resources, format));
			io.stderr(
				`wrote ${join(out, name)} (${resources.length} resource${resources.length === 1 ? '' : 's'})\n`,
			);
		}
	}
	return Promise.resolve(lost ? 3 : 0);
};
