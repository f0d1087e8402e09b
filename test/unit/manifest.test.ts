import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers';

interface Manifest {
	name: string;
	displayName: string;
	description: string;
	publisher: string;
	license: string;
	icon: string;
	repository: unknown;
	categories: string[];
	keywords: string[];
	engines: { vscode: string };
	main: string;
	browser: string;
	bin: Record<string, string>;
	activationEvents: string[];
	devDependencies: Record<string, string>;
	contributes: {
		commands: { command: string; title: string; category: string; icon?: string }[];
		menus: Record<string, { command: string }[]>;
		viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
		views: Record<string, { id: string; name: string }[]>;
		configuration: { title: string; properties: Record<string, unknown> };
	};
}

const rawText = readFileSync(join(ROOT, 'package.json'), 'utf8');
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<
	string,
	string
>;
/** package.json with its `%key%` placeholders resolved from package.nls.json, as VS Code shows it. */
const pkg = JSON.parse(rawText, (_key, value: unknown) => {
	const m = typeof value === 'string' ? /^%(.+)%$/.exec(value) : null;
	return m ? (nls[m[1] ?? ''] ?? value) : value;
}) as Manifest;

interface SettingSchema {
	scope?: string;
	description?: string;
	markdownDescription?: string;
	enum?: unknown[];
	enumDescriptions?: string[];
	markdownEnumDescriptions?: string[];
}

/** Every source file of the extension, to check each command is registered somewhere. */
function sources(dir: string): string {
	return readdirSync(dir, { recursive: true })
		.map(String)
		.filter((f) => f.endsWith('.ts'))
		.map((f) => readFileSync(join(dir, f), 'utf8'))
		.join('\n');
}

describe('package.json', () => {
	it('has the identity fields', () => {
		assert.equal(pkg.name, 'meshlens');
		assert.equal(pkg.displayName, 'Meshlens');
		assert.ok(pkg.description.length > 20 && !pkg.description.includes('\n'));
		assert.ok(pkg.publisher && pkg.license && pkg.repository && pkg.icon);
		assert.ok(pkg.categories.length > 0 && pkg.keywords.length > 0);
		assert.equal(pkg.engines.vscode, '^1.95.0');
		assert.match(pkg.devDependencies['@types/vscode'] ?? '', /^\^?1\.95\./);
		assert.equal(pkg.main, './dist/extension.js');
		assert.equal(pkg.browser, './dist/web/extension.js');
		assert.equal(pkg.bin.meshlens, './dist/cli.js');
	});

	it('declares only activation events that cannot be implied', () => {
		assert.deepEqual(pkg.activationEvents, [
			'onLanguage:yaml',
			'onWebviewPanel:meshlens.matrix',
		]);
	});

	it('prefixes every command, view, container and setting with meshlens.', () => {
		for (const c of pkg.contributes.commands) {
			assert.match(c.command, /^meshlens\.[a-zA-Z]+$/);
			assert.equal(c.category, 'Meshlens', `${c.command} category`);
		}
		for (const [container, views] of Object.entries(pkg.contributes.views)) {
			assert.match(container, /^meshlens/);
			for (const v of views) assert.match(v.id, /^meshlens\./);
		}
		for (const key of Object.keys(pkg.contributes.configuration.properties)) {
			assert.match(key, /^meshlens\./);
		}
		assert.equal(pkg.contributes.configuration.title, 'Meshlens');
	});

	it('contributes the comparison command and the Service Meshes container', () => {
		const open = pkg.contributes.commands.find((c) => c.command === 'meshlens.openComparison');
		assert.equal(open?.title, 'Compare Service Meshes');
		const container = pkg.contributes.viewsContainers.activitybar.find(
			(c) => c.id === 'meshlens',
		);
		assert.equal(container?.title, 'Service Meshes');
		assert.ok(pkg.contributes.views.meshlens?.some((v) => v.id === 'meshlens.meshes'));
	});

	it('implements every contributed command and every menu entry names a contributed command', () => {
		const code = sources(join(ROOT, 'src'));
		const ids = pkg.contributes.commands.map((c) => c.command);
		for (const id of ids) {
			assert.ok(code.includes(`registerCommand('${id}'`), `${id} is never registered`);
		}
		for (const entries of Object.values(pkg.contributes.menus)) {
			for (const e of entries)
				assert.ok(ids.includes(e.command), `menu names unknown ${e.command}`);
		}
	});
});

describe('package.json conventions', () => {
	it('takes every user-facing string from package.nls.json, and every placeholder resolves', () => {
		const placeholders = [...rawText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1] ?? '');
		assert.ok(placeholders.length > 20, 'titles, names and descriptions are localizable');
		for (const key of placeholders) assert.ok(key in nls, `package.nls.json lacks "${key}"`);
		for (const c of (JSON.parse(rawText) as Manifest).contributes.commands) {
			assert.match(c.title, /^%.+%$/, `command title ${c.title} is not localizable`);
		}
	});

	it('gives every command an icon and a README description', () => {
		for (const c of pkg.contributes.commands) {
			assert.match(c.icon ?? '', /^\$\([a-z-]+\)$|^media\//, `${c.command} has no icon`);
			const name = c.command.replace(/^meshlens\./, '');
			assert.ok(nls[`command.${name}.description`], `${c.command} has no description`);
		}
	});

	it('describes every setting with a scope, and every enum value', () => {
		const props = pkg.contributes.configuration.properties as Record<string, SettingSchema>;
		for (const [key, p] of Object.entries(props)) {
			assert.ok(p.markdownDescription ?? p.description, `${key} has no description`);
			assert.ok(
				[
					'application',
					'machine',
					'window',
					'resource',
					'language-overridable',
					'machine-overridable',
				].includes(p.scope ?? ''),
				`${key} declares no scope`,
			);
			if (p.enum) {
				const d = p.markdownEnumDescriptions ?? p.enumDescriptions ?? [];
				assert.equal(d.length, p.enum.length, `${key} describes each enum value`);
			}
		}
	});

	it('has the marketplace fields', () => {
		const raw = JSON.parse(rawText) as Record<string, unknown>;
		for (const field of ['bugs', 'qna', 'homepage', 'galleryBanner', 'repository', 'license']) {
			assert.ok(raw[field], `package.json lacks ${field}`);
		}
	});

	it('keeps the README commands and settings tables in step with package.json', async () => {
		const mod = (await import(
			pathToFileURL(join(ROOT, 'scripts', 'readme-tables.mjs')).href
		)) as {
			expectedTables(root: string): Record<'commands' | 'settings', string>;
			section(readme: string, name: string): string;
			tableRows(markdown: string): string[][];
		};
		const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
		const expected = mod.expectedTables(ROOT);
		for (const name of ['commands', 'settings'] as const) {
			assert.deepEqual(
				mod.tableRows(mod.section(readme, name)),
				mod.tableRows(expected[name]),
				`README ${name} table is stale: run npm run readme:tables`,
			);
		}
	});
});

describe('architecture', () => {
	it('keeps src/core and webview free of the vscode API', () => {
		for (const dir of ['src/core', 'webview']) {
			for (const f of readdirSync(join(ROOT, dir), { recursive: true }).map(String)) {
				if (!f.endsWith('.ts')) continue;
				const text = readFileSync(join(ROOT, dir, f), 'utf8');
				assert.doesNotMatch(
					text,
					/from ['"]vscode['"]|require\(['"]vscode['"]\)/,
					`${dir}/${f}`,
				);
			}
		}
	});
});
