// `npm run package`: makes meshlens-<version>.vsix with the pinned @vscode/vsce.
//
// Clears dist/ so no stale file ships, lets vsce run `vscode:prepublish` (the production
// build), then prints the package's size and file list (`--quiet`: the size only) and fails if
// anything outside the allow-list below got in (.vscodeignore is the first line of defence, this
// is the second).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipEntries } from './e2e/zip.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VSCE = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

/** Paths (inside the package's extension/ folder) that may ship. */
const ALLOWED = [
	// The bundles, never their source maps; the CLI (dist/cli.js) ships through npm, not the .vsix.
	/^dist\/(?!cli\.js$)(?!.*\.map$)/,
	/^data\//,
	/^readme\.md$/i,
	/^changelog\.md$/i,
	/^license(\.txt|\.md)?$/i,
	/^package\.json$/,
	/^package\.nls\.json$/,
	/^media\/icon\.png$/,
	/^media\/activity\.svg$/,
	/^media\/walkthrough\/[a-z-]+\.jpg$/,
];
/** The .vsix must stay below this size (issue: installs and loads fast, also in vscode.dev). */
export const MAX_VSIX_BYTES = 1024 * 1024;
/** Files vsce itself adds at the top level of every .vsix. */
const VSIX_METADATA = new Set(['extension.vsixmanifest', '[Content_Types].xml']);

/** Files the manifest points at (icons of the extension, view containers, views, commands). */
export function referencedFiles(manifest) {
	const c = manifest.contributes ?? {};
	const icons = [
		manifest.icon,
		...Object.values(c.viewsContainers ?? {})
			.flat()
			.map((v) => v.icon),
		...Object.values(c.views ?? {})
			.flat()
			.map((v) => v.icon),
		...(c.commands ?? []).flatMap((cmd) =>
			typeof cmd.icon === 'object' ? [cmd.icon.light, cmd.icon.dark] : [cmd.icon],
		),
		...(c.walkthroughs ?? []).flatMap((w) =>
			(w.steps ?? []).map((s) => s.media?.image ?? s.media?.markdown ?? s.media?.svg),
		),
		manifest.main,
		manifest.browser,
	];
	return [
		...new Set(
			icons
				.filter((p) => typeof p === 'string' && !p.startsWith('$('))
				.map((p) => p.replace(/^\.\//, '')),
		),
	].map((p) => (/\.[a-z]+$/i.test(p) ? p : `${p}.js`));
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

function main() {
	if (!existsSync(VSCE)) {
		console.error('package: @vscode/vsce is not installed; run `npm ci` first.');
		return 1;
	}
	const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const { name, version } = manifest;
	const out = join(ROOT, `${name}-${version}.vsix`);
	rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
	rmSync(out, { force: true });

	const quiet = process.argv.includes('--quiet');
	console.log(`Packaging ${relative(ROOT, out)} (production build, then vsce)…`);
	const t0 = Date.now();
	// vsce's own output (npm's banner, its file tree) is shown only when it fails: the list
	// below is the one that is checked, so the files are listed once.
	const vsce = spawnSync(process.execPath, [VSCE, 'package', '--no-dependencies', '-o', out], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		env: { ...process.env, CI: process.env.CI ?? 'true' },
	});
	if (vsce.status !== 0 || !existsSync(out)) {
		process.stdout.write(vsce.stdout ?? '');
		process.stderr.write(vsce.stderr ?? '');
		console.error(`package: vsce failed (${vsce.signal ?? `exit ${vsce.status}`}).`);
		return 1;
	}
	// Warnings (e.g. a missing repository field) still show.
	const warnings = `${vsce.stdout ?? ''}${vsce.stderr ?? ''}`
		.split('\n')
		.filter((l) => /\bWARNING\b|\bwarn(ing)?:/i.test(l));
	for (const w of warnings) console.warn(w);

	const entries = zipEntries(out);
	const stray = [];
	if (!quiet) console.log('\nFiles:');
	for (const { name: entry, size } of entries) {
		if (!quiet) console.log(`  ${entry.padEnd(60)} ${kib(size).padStart(11)}`);
		if (VSIX_METADATA.has(entry)) continue;
		const inner = entry.startsWith('extension/') ? entry.slice('extension/'.length) : undefined;
		if (inner === undefined || !ALLOWED.some((re) => re.test(inner))) stray.push(entry);
	}
	const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
	console.log(
		`${quiet ? '' : '\n'}${relative(ROOT, out)}: ${kib(statSync(out).size)} (${entries.length} files, ` +
			`${kib(unpacked)} unpacked), in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
	);
	const shipped = new Set(entries.map((e) => e.name));
	// dist/dataset.json: the comparison data, which the extension reads instead of data/meshes/.
	const missing = [...referencedFiles(manifest), 'dist/dataset.json'].filter(
		(f) => !shipped.has(`extension/${f}`),
	);
	const size = statSync(out).size;
	if (size > MAX_VSIX_BYTES) {
		console.error(`\npackage: ${kib(size)} is over the ${kib(MAX_VSIX_BYTES)} budget.`);
		rmSync(out, { force: true });
		return 1;
	}
	if (stray.length > 0 || missing.length > 0) {
		if (stray.length > 0) {
			console.error(
				`\npackage: these files must not ship (fix .vscodeignore or the build):\n  ${stray.join('\n  ')}`,
			);
		}
		if (missing.length > 0) {
			console.error(
				`\npackage: package.json points at files the package lacks (fix .vscodeignore or the build):\n  ${missing.join('\n  ')}`,
			);
		}
		rmSync(out, { force: true });
		return 1;
	}
	return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main());
