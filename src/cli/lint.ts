import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
	Catalog,
	CODES,
	codeInfo,
	codesForUpstream,
	parseManifest,
	resourceLabel,
	suppressDiagnostics,
	upstreamMessage,
	validate,
	type Diagnostic,
	type Manifest,
} from '../core';
import { analysisChecker } from './analysis';
import { codeMatcher } from './codeSelect';
import { catalogFromDir } from './data';
import { collectFiles } from './files';
import { UsageError, type CliCommand, type CliIo } from './io';
import {
	explainCode,
	formatFindings,
	FORMATS,
	type LintFinding,
	type LintFormat,
	type RuleInfo,
} from './lintFormat';

/** One file of a lint run, parsed once and shared by every checker. */
export interface LintFile {
	/** Absolute path. */
	readonly path: string;
	/** Path relative to the working folder, forward slashes: what the output prints. */
	readonly display: string;
	/** The text without a byte-order mark (columns are counted as editors count them). */
	readonly text: string;
	/**
	 * The parsed file. Lint holds each file's parse only while it validates the file and calls the
	 * checkers' `add`; reading it later parses the file again (kept until the run ends), so checkers
	 * should take what they need in `add` and read it afterwards only for the files they report on.
	 */
	readonly manifest: Manifest;
	/** A kustomize patch (named in a kustomization's patches): a partial object. */
	readonly partial: boolean;
}

/**
 * The extension point for checks that need every file at once (cross-resource analysis: a
 * VirtualService naming a DestinationRule subset defined in another file). `meshlens lint` first
 * reads and parses ALL given files, runs per-file schema validation on each, then calls every
 * registered workspace checker once with the whole set. A checker returns core Diagnostics (offsets
 * into the file's text, its own codes) keyed by the LintFile they belong to; lint applies the same
 * suppression comments, --select/--ignore, severity handling and output formats to them, with
 * `source` set to the checker's `source`. To plug one in, push it onto WORKSPACE_CHECKERS (or pass
 * it to runLint) and list its codes in `rules` so `--explain` and SARIF know them.
 */
export interface WorkspaceChecker {
	/** The `source` field of its findings, e.g. 'analysis'. */
	readonly source: string;
	/** Codes it may report, for `--explain` and SARIF rule metadata. */
	readonly rules?: readonly (RuleInfo & { example?: string })[];
	/**
	 * Called once per file, in order, while lint holds its parse (so the checker can take what it
	 * needs without parsing the file again); `check` is called once all files have been added.
	 */
	add?(file: LintFile, catalog: Catalog): void;
	check(files: readonly LintFile[], catalog: Catalog): Promise<readonly CheckerFinding[]>;
}

/** What a workspace checker returns: a diagnostic on a file, and optionally its resource and related places. */
export interface CheckerFinding {
	readonly file: LintFile;
	readonly diagnostic: Diagnostic;
	/** `<Kind> [<namespace>/]<name>`; by default the label of the diagnostic's document. */
	readonly resource?: string;
	readonly related?: LintFinding['related'];
}

/** Workspace-level checkers every `meshlens lint` run uses (cross-resource analysis adds itself here). */
export const WORKSPACE_CHECKERS: WorkspaceChecker[] = [analysisChecker];

export interface LintOptions {
	readonly paths: readonly string[];
	readonly excludes?: readonly string[];
	/** Codes, names or code family prefixes (`ML1`, `MLG`; see codeMatcher) to keep; empty keeps all. */
	readonly select?: readonly string[];
	readonly ignore?: readonly string[];
	/**
	 * Report schema findings on Istio resources as `istioctl analyze` does: the upstream code
	 * (IST0106/IST0133/IST0002) as `code`, upstream's message form, our code as `meshlensCode`.
	 */
	readonly istioCodes?: boolean;
}

export interface LintResult {
	readonly findings: LintFinding[];
	readonly files: number;
	readonly missing: string[];
}

function toFinding(
	file: LintFile,
	d: Diagnostic,
	source: string,
	extra?: Pick<CheckerFinding, 'resource' | 'related'>,
	istioCodes = false,
): LintFinding {
	const { lines } = file.manifest;
	const start = lines.positionAt(d.start);
	const end = lines.positionAt(d.end);
	const doc = file.manifest.documents[d.document];
	return {
		file: file.display,
		line: start.line + 1,
		col: start.character + 1,
		endLine: end.line + 1,
		endCol: end.character + 1,
		severity: d.severity,
		...(d.upstream && istioCodes
			? {
					code: d.upstream,
					message: upstreamMessage(d.upstream, d.message),
					meshlensCode: d.code,
				}
			: { code: d.code, message: d.message }),
		...(d.upstream && !istioCodes ? { upstreamCode: d.upstream } : {}),
		source,
		resource: extra?.resource ?? (doc ? resourceLabel(doc) : ''),
		...(extra?.related?.length ? { related: extra.related } : {}),
	};
}

/**
 * A LintFile whose parse can be dropped (`release`) and is made again when read. A class: ten
 * thousand object literals with a getter each were ten thousand dictionary-mode objects.
 */
class ReleasableFile implements LintFile {
	#manifest: Manifest | undefined;

	constructor(
		readonly path: string,
		readonly display: string,
		readonly text: string,
		readonly partial: boolean,
	) {
		this.#manifest = parseManifest(text);
	}

	get manifest(): Manifest {
		this.#manifest ??= parseManifest(this.text);
		return this.#manifest;
	}

	release(): void {
		this.#manifest = undefined;
	}
}

/** Reads, validates and analyses every file; findings sorted by file, line and column. */
export async function runLint(
	cwd: string,
	catalog: Catalog,
	options: LintOptions,
	checkers: readonly WorkspaceChecker[] = WORKSPACE_CHECKERS,
): Promise<LintResult> {
	const { files, partial, missing } = collectFiles(cwd, options.paths, options.excludes ?? []);
	const known = [...CODES, ...checkers.flatMap((c) => c.rules ?? [])];
	const selected = options.select?.length ? codeMatcher(options.select, known) : () => true;
	const ignored = options.ignore?.length ? codeMatcher(options.ignore, known) : () => false;
	// A schema finding on an Istio resource answers to its upstream code too (`--select IST0106`).
	const keep = (d: Diagnostic) =>
		(selected(d.code) || (!!d.upstream && selected(d.upstream))) &&
		!ignored(d.code) &&
		!(d.upstream && ignored(d.upstream));
	// A checker that lists its codes and has none left after --select/--ignore is not run at all
	// (`--select ML` is schema validation alone).
	checkers = checkers.filter(
		(c) => !c.rules?.length || c.rules.some((r) => selected(r.code) && !ignored(r.code)),
	);
	const lintFiles: LintFile[] = [];
	const findings: LintFinding[] = [];
	// Paths below the working folder (all of them, usually) are shown by cutting it off.
	const base = resolve(cwd);
	const below = base.endsWith(sep) ? base : `${base}${sep}`;
	const display = (path: string) => {
		const rel = path.startsWith(below) ? path.slice(below.length) : relative(cwd, path);
		return (rel.includes('\\') ? rel.split('\\').join('/') : rel) || path;
	};
	const run: FileRun = {
		catalog,
		checkers,
		keep,
		findings,
		partial,
		display,
		istioCodes: options.istioCodes ?? false,
	};
	for (const path of files) {
		const file = await lintFile(path, run);
		if (file) lintFiles.push(file);
	}
	await runCheckers(checkers, lintFiles, catalog, keep, findings);
	const unique = withoutRepeats(findings);
	unique.sort(
		(a, b) =>
			(a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col,
	);
	return { findings: unique, files: lintFiles.length, missing };
}

/** What every file of a lint run is checked with (see lintFile). */
interface FileRun {
	readonly catalog: Catalog;
	readonly checkers: readonly WorkspaceChecker[];
	readonly keep: (d: Diagnostic) => boolean;
	readonly findings: LintFinding[];
	readonly partial: ReadonlySet<string>;
	readonly display: (path: string) => string;
	readonly istioCodes: boolean;
}

/**
 * Reads one file, validates it, adds its kept schema findings and hands it to the checkers;
 * undefined when it cannot be read. A function of its own, and async (V8 does not inline those):
 * the loop over ten thousand files that calls it stays a small function to compile, instead of
 * one holding a second copy of everything done per file.
 */
async function lintFile(path: string, run: FileRun): Promise<LintFile | undefined> {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
		if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	} catch {
		return undefined;
	}
	const file = new ReleasableFile(
		path,
		run.display(path),
		text,
		run.partial.size > 0 && run.partial.has(resolve(path)),
	);
	const ds = await validate(file.manifest, run.catalog, undefined, {
		partial: file.partial,
		incremental: false,
	});
	for (const d of ds)
		if (run.keep(d)) run.findings.push(toFinding(file, d, 'schema', undefined, run.istioCodes));
	for (const checker of run.checkers) checker.add?.(file, run.catalog);
	// Ten thousand files' parses held to the end cost more in garbage collection than parsing
	// again the few files a checker reports on.
	file.release();
	return file;
}

/**
 * Runs the workspace checkers over every file and adds their kept findings. A function of its own:
 * the file loop before it is what V8 compiles while it runs, and code after the loop in the same
 * function, never run by then, threw that compiled code away to compile it all again.
 */
async function runCheckers(
	checkers: readonly WorkspaceChecker[],
	lintFiles: readonly LintFile[],
	catalog: Catalog,
	keep: (d: Diagnostic) => boolean,
	findings: LintFinding[],
): Promise<void> {
	for (const checker of checkers) {
		const byFile = new Map<LintFile, Diagnostic[]>();
		const extras = new Map<Diagnostic, CheckerFinding>();
		for (const found of await checker.check(lintFiles, catalog)) {
			byFile.set(found.file, [...(byFile.get(found.file) ?? []), found.diagnostic]);
			extras.set(found.diagnostic, found);
		}
		for (const [file, ds] of byFile) {
			const kept = await suppressDiagnostics(file.manifest, ds, catalog);
			for (const d of kept) {
				if (keep(d)) findings.push(toFinding(file, d, checker.source, extras.get(d)));
			}
		}
	}
}

/**
 * Drops an analysis finding that repeats a schema finding: the same place and the same istioctl
 * code (upstream's deprecation analyzer and the CRD's deprecation mark both flag
 * `fault.delay.percent`, as IST0002 and as ML4001 with upstreamCode IST0002). The schema finding
 * stays: it has the quick fix and says what replaces the field.
 */
function withoutRepeats(findings: LintFinding[]): LintFinding[] {
	const schema = new Set(
		findings
			.filter((f) => f.source === 'schema')
			.map((f) => `${f.file}:${f.line}:${f.col} ${f.upstreamCode ?? f.code}`),
	);
	if (!schema.size) return findings;
	return findings.filter(
		(f) => f.source === 'schema' || !schema.has(`${f.file}:${f.line}:${f.col} ${f.code}`),
	);
}

interface LintArgs extends LintOptions {
	readonly format: LintFormat;
	readonly maxWarnings?: number;
	readonly explain?: string;
}

const LIST_OPTIONS = new Set(['exclude', 'select', 'ignore']);
const VALUE_OPTIONS = new Set(['format', 'max-warnings', 'explain', ...LIST_OPTIONS]);
const FLAGS = new Set(['istio-codes']);

/** `--exclude` may repeat; `--select`/`--ignore` take comma-separated lists and may repeat too. */
export function parseLintArgs(args: readonly string[]): LintArgs {
	const lists = new Map<string, string[]>();
	const values = new Map<string, string>();
	const flags = new Set<string>();
	const paths: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] ?? '';
		if (!arg.startsWith('--') || arg === '--') {
			if (arg !== '--') paths.push(arg);
			else paths.push(...args.slice(i + 1));
			if (arg === '--') break;
			continue;
		}
		const eq = arg.indexOf('=');
		const name = arg.slice(2, eq === -1 ? undefined : eq);
		if (FLAGS.has(name)) {
			if (eq !== -1) throw new UsageError(`--${name} takes no value`);
			flags.add(name);
			continue;
		}
		if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option --${name}`);
		const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
		if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
		if (LIST_OPTIONS.has(name)) {
			const parts = name === 'exclude' ? [value] : value.split(',');
			lists.set(name, [...(lists.get(name) ?? []), ...parts.filter(Boolean)]);
		} else values.set(name, value);
	}
	const format = (values.get('format') ?? 'text') as LintFormat;
	if (!FORMATS.includes(format))
		throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
	let maxWarnings: number | undefined;
	if (values.has('max-warnings')) {
		maxWarnings = Number(values.get('max-warnings'));
		if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
			throw new UsageError('--max-warnings needs a whole number ≥ 0');
	}
	const explain = values.get('explain');
	if (!paths.length && explain === undefined)
		throw new UsageError('give files or folders to lint');
	return {
		paths,
		format,
		excludes: lists.get('exclude') ?? [],
		select: lists.get('select') ?? [],
		ignore: lists.get('ignore') ?? [],
		...(maxWarnings !== undefined ? { maxWarnings } : {}),
		...(explain !== undefined ? { explain } : {}),
		...(flags.has('istio-codes') ? { istioCodes: true } : {}),
	};
}

function packageVersion(io: CliIo): string {
	try {
		const pkg = JSON.parse(readFileSync(join(io.dataDir, '..', 'package.json'), 'utf8')) as {
			version?: string;
		};
		return pkg.version ?? '0.0.0';
	} catch {
		return '0.0.0';
	}
}

/**
 * `meshlens lint <files|dirs…> [--format text|json|sarif|github] [--exclude glob]… [--select codes]
 * [--ignore codes] [--max-warnings N] [--istio-codes]` and `meshlens lint --explain <code>`.
 * Exit 0 clean, 1 on any error or more than N warnings, 2 on bad usage or a missing path.
 */
export const lint: CliCommand = async (io) => {
	const args = parseLintArgs(io.args);
	const extraRules = WORKSPACE_CHECKERS.flatMap((c) => c.rules ?? []);
	if (args.explain !== undefined) {
		const wanted = args.explain.trim().toUpperCase();
		const info = codeInfo(args.explain) ?? extraRules.find((r) => r.code === wanted);
		if (!info) throw new UsageError(`unknown code '${args.explain}'`);
		io.stdout(explainCode(info, codesForUpstream(info.code)));
		return 0;
	}
	const catalog = catalogFromDir(io.dataDir, (m) => io.stderr(`meshlens: ${m}\n`));
	const result = await runLint(io.cwd, catalog, args);
	if (result.missing.length) {
		throw new UsageError(`no such file or folder: ${result.missing.join(', ')}`);
	}
	io.stdout(formatFindings(args.format, result.findings, packageVersion(io), extraRules));
	const errors = result.findings.filter((f) => f.severity === 'error').length;
	const warnings = result.findings.filter((f) => f.severity === 'warning').length;
	if (args.format === 'text') {
		io.stderr(
			`${result.files} file${result.files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
		);
	}
	if (errors > 0) return 1;
	if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
		io.stderr(
			`meshlens lint: ${warnings} warnings (more than --max-warnings ${args.maxWarnings})\n`,
		);
		return 1;
	}
	return 0;
};
