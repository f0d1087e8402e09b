import * as vscode from 'vscode';
import {
	WorkspaceModel,
	excludeGlob,
	parseObjects,
	type Manifest,
	type ModelChange,
	type ModelFile,
	type ParsedObject,
} from './core';
import type { Log } from './log';

/** A file read from disk: its objects, or 'too-large', or undefined when it cannot be read. */
type ReadResult = { label: string; objects: ParsedObject[] } | 'too-large' | undefined;

/** What changed in the model: the per-file changes, or 'all' after a full scan. */
export type IndexChange = readonly ModelChange[] | 'all';

export const VIEW_ID = 'meshlens.resources';
const YAML_GLOB = '**/*.{yaml,yml}';
const YAML_NAME = /\.ya?ml$/i;
/** More new non-YAML paths than this in one batch (a build, a checkout) means a full rescan. */
const MAX_CREATED_PATHS = 100;
const DEBOUNCE_MS = 300;
/** More YAML files than this in one folder is a vendored tree, not manifests; say so and stop. */
const MAX_FILES = 20_000;
const PARALLEL_READS = 8;
const DEFAULT_MAX_KB = 1024;

const decoder = new TextDecoder();

/** Runs `work` over `items` with at most `limit` at a time; stops early when `stop()` says so. */
async function forEachLimited<T>(
	items: readonly T[],
	limit: number,
	stop: () => boolean,
	work: (item: T) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length && !stop()) {
			const item = items[next++] as T;
			await work(item);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Scans the workspace's YAML files for mesh resources and keeps the result up to date. The
 * first scan starts when the view first asks for its content, so activation stays cheap.
 */
export class WorkspaceIndex implements vscode.Disposable {
	/** Every included YAML file scanned, by URI string, with or without objects. */
	readonly model = new WorkspaceModel();
	/** Included files left out for their size, so their changes are not re-checked for exclusion. */
	private tooLarge = new Set<string>();
	private started = false;
	private listError: string | undefined;
	private scanned = false;
	private generation = 0;
	private scanning: Promise<void> = Promise.resolve();
	/** What the first scan waits for (see waitBeforeFirstScan). */
	private firstScanGate: Promise<unknown> = Promise.resolve();
	private pending = new Map<string, vscode.Uri>();
	private deleted = new Set<string>();
	/** New paths that are not YAML files: perhaps folders moved in, with YAML files inside. */
	private created = new Map<string, vscode.Uri>();
	private flushing: Promise<void> = Promise.resolve();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private readonly changed = new vscode.EventEmitter<IndexChange>();
	private readonly disposables: vscode.Disposable[] = [this.changed];

	/** Fires when the set of scanned files or their objects changes, with what changed. */
	readonly onDidChange = this.changed.event;

	constructor(private readonly log: Log) {
		const yaml = vscode.workspace.createFileSystemWatcher(YAML_GLOB);
		// Moving, renaming or deleting a folder reports only the folder, which the YAML glob never
		// matches; so every creation and deletion is watched too.
		const any = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
		this.disposables.push(
			yaml,
			any,
			yaml.onDidCreate((uri) => this.queue(uri, 'changed')),
			yaml.onDidChange((uri) => this.queue(uri, 'changed')),
			any.onDidCreate((uri) => {
				if (!YAML_NAME.test(uri.path)) this.queue(uri, 'created');
			}),
			any.onDidDelete((uri) => this.queue(uri, 'deleted')),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (
					e.affectsConfiguration('files.exclude') ||
					e.affectsConfiguration('search.exclude') ||
					e.affectsConfiguration('meshlens.resources.maxFileSizeKb')
				) {
					this.rescanIfStarted();
				}
			}),
			vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescanIfStarted()),
		);
	}

	/** Why the last full scan could not list the files, if it could not. */
	get error(): string | undefined {
		return this.listError;
	}

	/** True once a full scan has completed. */
	get isScanned(): boolean {
		return this.scanned;
	}

	get all(): ModelFile[] {
		return this.model.files;
	}

	/** True when a file is part of the model (included, not too large). */
	includes(uri: vscode.Uri): boolean {
		return this.model.has(uri.toString());
	}

	/**
	 * Replaces an included file's entries with the editor's text (unsaved edits), so the model
	 * follows typing; files outside the model (excluded, too large, not yet scanned) are ignored.
	 */
	setText(uri: vscode.Uri, text: string): ModelChange | undefined {
		return this.replaceFile(uri, text.length, (key, label) =>
			this.model.setFile(key, label, text),
		);
	}

	/**
	 * {@link setText} from the file's manifest as the editor's changes left it: only the documents
	 * an edit touched are read again.
	 */
	setManifest(uri: vscode.Uri, manifest: Manifest): ModelChange | undefined {
		return this.replaceFile(uri, manifest.length, (key, label) =>
			this.model.setManifest(key, label, manifest),
		);
	}

	/** Replaces a scanned file's entries (within the size limit) and tells the listeners. */
	private replaceFile(
		uri: vscode.Uri,
		size: number,
		replace: (key: string, label: string) => ModelChange,
	): ModelChange | undefined {
		const key = uri.toString();
		const file = this.model.file(key);
		if (!file || size > this.maxBytes()) return undefined;
		const change = replace(key, file.label);
		this.changed.fire([change]);
		return change;
	}

	/**
	 * Says which files are kustomize patches (the diagnostics adapter reads the kustomizations):
	 * the analysis leaves their partial objects alone.
	 */
	setPartialFiles(uris: ReadonlySet<string>): void {
		const change = this.model.setPartialFiles(uris);
		if (change) this.changed.fire([change]);
	}

	/** Reads a file from disk again (say, after its editor closed without saving). */
	refresh(uri: vscode.Uri): void {
		if (this.model.has(uri.toString())) this.queue(uri, 'changed');
	}

	/**
	 * Holds the first scan until `work` settles, or `maxMs` at most: reading every YAML file of
	 * the workspace competes with what the user is waiting for at start-up (the open file's
	 * catalog group, for its hover and completion), on the same thread and the same file system.
	 */
	waitBeforeFirstScan(work: Promise<unknown>, maxMs = 2_000): void {
		if (this.started) return;
		let timer: ReturnType<typeof setTimeout> | undefined;
		this.firstScanGate = Promise.race([
			work.catch(() => undefined),
			new Promise<void>((resolve) => {
				timer = setTimeout(resolve, maxMs);
			}),
		]).finally(() => clearTimeout(timer));
	}

	/** Starts the first scan, once. */
	ensureStarted(): void {
		if (!this.started) void this.rescan();
	}

	/** Starts the first scan if needed; resolves when the scan in progress (if any) is done. */
	async whenScanned(): Promise<void> {
		this.ensureStarted();
		await this.scanning.catch(() => undefined);
	}

	/** Scans every included YAML file again, replacing a scan in progress. */
	rescan(): Promise<void> {
		this.started = true;
		const generation = ++this.generation;
		const previous = this.scanning;
		this.scanning = vscode.window.withProgress(
			{ location: { viewId: VIEW_ID }, title: vscode.l10n.t('Scanning for mesh resources') },
			async () => {
				await previous.catch(() => undefined);
				await this.firstScanGate;
				await this.scanAll(generation);
			},
		) as Promise<void>;
		return this.scanning;
	}

	private rescanIfStarted(): void {
		if (this.started) void this.rescan();
	}

	private maxBytes(): number {
		const kb = vscode.workspace
			.getConfiguration('meshlens')
			.get<number>('resources.maxFileSizeKb', DEFAULT_MAX_KB);
		return (
			(typeof kb === 'number' && Number.isFinite(kb) && kb > 0 ? kb : DEFAULT_MAX_KB) * 1024
		);
	}

	/** The exclude glob of one folder: the enabled keys of files.exclude and search.exclude. */
	private exclude(folder: vscode.WorkspaceFolder): string | null {
		const files = vscode.workspace.getConfiguration('files', folder.uri).get('exclude');
		const search = vscode.workspace.getConfiguration('search', folder.uri).get('exclude');
		// null: the settings were read here, so findFiles must not add files.exclude on its own.
		return excludeGlob(files, search) ?? null;
	}

	private async scanAll(generation: number): Promise<void> {
		const stale = (): boolean => generation !== this.generation;
		const started = Date.now();
		const next = new Map<string, { label: string; objects: ParsedObject[] }>();
		const tooLarge = new Set<string>();
		const maxBytes = this.maxBytes();
		let uris: vscode.Uri[] = [];
		let listError: string | undefined;
		try {
			for (const folder of vscode.workspace.workspaceFolders ?? []) {
				const found = await vscode.workspace.findFiles(
					new vscode.RelativePattern(folder, YAML_GLOB),
					this.exclude(folder),
					MAX_FILES,
				);
				if (found.length >= MAX_FILES) {
					this.log.warn(
						`Mesh Resources: ${folder.name} has more than ${MAX_FILES} YAML files; only the first ${MAX_FILES} are scanned. Exclude vendored folders with search.exclude.`,
					);
				}
				uris.push(...found);
			}
		} catch (e) {
			// Virtual file systems without a search provider cannot list files.
			listError = vscode.l10n.t(
				"Cannot search this workspace's files: {0}",
				e instanceof Error ? e.message : String(e),
			);
			this.log.warn(`Mesh Resources: ${listError}`);
			uris = [];
		}
		await forEachLimited(uris, PARALLEL_READS, stale, async (uri) => {
			const result = await this.read(uri, maxBytes);
			if (result === 'too-large') tooLarge.add(uri.toString());
			else if (result) next.set(uri.toString(), result);
		});
		if (stale()) return;
		this.model.clear();
		for (const [key, { label, objects }] of next) this.model.setParsed(key, label, objects);
		this.tooLarge = tooLarge;
		this.listError = listError;
		this.scanned = true;
		const resources = this.all.reduce((n, f) => n + f.resources.length, 0);
		const objects = this.all.reduce((n, f) => n + f.objects.length, 0);
		this.log.info(
			`Mesh Resources: scanned ${next.size} YAML file(s) in ${Date.now() - started} ms; ${resources} custom resource(s) and ${objects - resources} Kubernetes object(s) found${tooLarge.size ? `, ${tooLarge.size} file(s) too large` : ''}.`,
		);
		this.changed.fire('all');
	}

	/** Reads one file: its resources, 'too-large', or undefined when it cannot be read. */
	private async read(uri: vscode.Uri, maxBytes: number): Promise<ReadResult> {
		const label = vscode.workspace.asRelativePath(
			uri,
			(vscode.workspace.workspaceFolders?.length ?? 0) > 1,
		);
		try {
			const stat = await vscode.workspace.fs.stat(uri);
			if (stat.type & vscode.FileType.Directory) return undefined;
			const tooLarge = (size: number): boolean => {
				if (size <= maxBytes) return false;
				this.log.info(
					`Mesh Resources: skipped ${label} (${(size / 1024).toFixed(1)} KiB, more than meshlens.resources.maxFileSizeKb = ${maxBytes / 1024}).`,
				);
				return true;
			};
			if (tooLarge(stat.size)) return 'too-large';
			const bytes = await vscode.workspace.fs.readFile(uri);
			if (tooLarge(bytes.byteLength)) return 'too-large';
			return { label, objects: parseObjects(decoder.decode(bytes)) };
		} catch (e) {
			// A file deleted between listing and reading is not worth a warning.
			if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) {
				this.log.warn(`Mesh Resources: cannot read ${label}: ${String(e)}`);
			}
			return undefined;
		}
	}

	private queue(uri: vscode.Uri, what: 'changed' | 'created' | 'deleted'): void {
		if (!this.started) return;
		const key = uri.toString();
		if (what === 'deleted') this.deleted.add(key);
		else if (what === 'created') this.created.set(key, uri);
		else this.pending.set(key, uri);
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.timer = undefined;
			// One flush at a time, so an older read never overwrites a newer one.
			this.flushing = this.flushing
				.then(() => this.flush())
				.catch((e: unknown) => {
					this.log.error(`Mesh Resources: cannot update: ${String(e)}`);
				});
		}, DEBOUNCE_MS);
	}

	/** Drops the files deleted, or inside folders deleted, since the last flush. */
	private applyDeletions(): ModelChange[] {
		const deleted = this.deleted;
		this.deleted = new Set();
		if (deleted.size === 0) return [];
		// Walking up each known file's folders costs its depth, not the number of deletions.
		const gone = (key: string): boolean => {
			for (let k = key; ;) {
				if (deleted.has(k)) return true;
				const slash = k.lastIndexOf('/');
				if (slash <= 0 || k[slash - 1] === '/') return false;
				k = k.slice(0, slash);
			}
		};
		const removed: ModelChange[] = [];
		for (const file of this.model.files) {
			if (gone(file.uri)) removed.push(this.model.removeFile(file.uri));
		}
		for (const key of [...this.tooLarge]) if (gone(key)) this.tooLarge.delete(key);
		for (const key of [...this.pending.keys()]) if (gone(key)) this.pending.delete(key);
		return removed;
	}

	/** Applies the deletions and rescans the files changed since the last flush. */
	private async flush(): Promise<void> {
		// A full scan in progress lists the files anew; wait for it, then apply what came since.
		await this.scanning.catch(() => undefined);
		const removed = this.applyDeletions();
		const created = [...this.created.values()];
		this.created.clear();
		if (created.length > MAX_CREATED_PATHS) {
			this.pending.clear();
			await this.rescan();
			return;
		}
		const batch = [...this.pending.values()];
		this.pending.clear();
		const inFolders = await this.yamlFilesIn(created);
		if (batch.length === 0 && inFolders.length === 0) {
			if (removed.length > 0) this.changed.fire(removed);
			return;
		}
		const generation = this.generation;
		const known = (u: vscode.Uri): boolean =>
			this.model.has(u.toString()) || this.tooLarge.has(u.toString());
		const included = [
			...batch.filter(known),
			...(await this.includedOf(batch.filter((u) => !known(u)))),
			...inFolders.filter((u) => !batch.some((b) => b.toString() === u.toString())),
		];
		const maxBytes = this.maxBytes();
		const results = new Map<string, ReadResult>();
		await forEachLimited(
			included,
			PARALLEL_READS,
			() => false,
			async (uri) => {
				results.set(uri.toString(), await this.read(uri, maxBytes));
			},
		);
		// A full scan that started meanwhile has read these files itself.
		if (generation !== this.generation) return;
		const changes = [...removed];
		for (const [key, result] of results) {
			this.tooLarge.delete(key);
			if (result === 'too-large') this.tooLarge.add(key);
			if (result && result !== 'too-large') {
				changes.push(this.model.setParsed(key, result.label, result.objects));
			} else if (this.model.has(key)) changes.push(this.model.removeFile(key));
		}
		this.changed.fire(changes);
	}

	/** The included YAML files below new paths (folders moved in); files match nothing. */
	private async yamlFilesIn(paths: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
		const out: vscode.Uri[] = [];
		for (const [folder, rels] of this.byFolder(paths)) {
			const patterns = rels
				.filter((p) => !/[[\]{}*?,]/.test(p))
				.flatMap((p) => [`${p}/**/*.yaml`, `${p}/**/*.yml`]);
			if (patterns.length === 0) continue;
			try {
				out.push(
					...(await vscode.workspace.findFiles(
						new vscode.RelativePattern(folder, `{${patterns.join(',')}}`),
						this.exclude(folder),
						MAX_FILES,
					)),
				);
			} catch (e) {
				this.log.warn(`Mesh Resources: cannot list new folders: ${String(e)}`);
			}
		}
		return out;
	}

	/** Workspace-relative paths grouped by workspace folder; other URIs are dropped. */
	private byFolder(uris: readonly vscode.Uri[]): Map<vscode.WorkspaceFolder, string[]> {
		const byFolder = new Map<vscode.WorkspaceFolder, string[]>();
		for (const uri of uris) {
			const folder = vscode.workspace.getWorkspaceFolder(uri);
			if (!folder) continue;
			const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
			if (!uri.path.startsWith(base)) continue;
			byFolder.set(folder, [...(byFolder.get(folder) ?? []), uri.path.slice(base.length)]);
		}
		return byFolder;
	}

	/** The new files that files.exclude and search.exclude let through, asked of findFiles. */
	private async includedOf(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
		const out: vscode.Uri[] = [];
		for (const [folder, paths] of this.byFolder(uris)) {
			// Glob characters in a path cannot be matched literally; such files are let through.
			const literal = paths.filter((p) => !/[[\]{}*?,]/.test(p));
			for (const p of paths)
				if (!literal.includes(p)) out.push(vscode.Uri.joinPath(folder.uri, p));
			if (literal.length === 0) continue;
			try {
				const pattern =
					literal.length === 1 ? (literal[0] ?? '') : `{${literal.join(',')}}`;
				out.push(
					...(await vscode.workspace.findFiles(
						new vscode.RelativePattern(folder, pattern),
						this.exclude(folder),
						literal.length,
					)),
				);
			} catch {
				out.push(...literal.map((p) => vscode.Uri.joinPath(folder.uri, p)));
			}
		}
		return out;
	}

	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		this.generation++;
		for (const d of this.disposables) d.dispose();
	}
}
