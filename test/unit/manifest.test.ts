import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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
		commands: { command: string; title: string; category: string }[];
		menus: Record<string, { command: string }[]>;
		viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
		views: Record<string, { id: string; name: string }[]>;
		configuration: { title: string; properties: Record<string, unknown> };
	};
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

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
