// `npm run readme:tables`: writes the README's Commands and Settings tables from package.json and
// package.nls.json, so they cannot drift from what the extension contributes. `--check` only
// compares and exits 1 when the README is stale (the unit tests run the same comparison).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');

/** Resolves `%key%` placeholders of package.json against package.nls.json. */
export function localize(value, nls) {
	if (typeof value !== 'string') return value;
	const m = /^%(.+)%$/.exec(value);
	if (!m) return value;
	const text = nls[m[1]];
	if (typeof text !== 'string') throw new Error(`package.nls.json has no "${m[1]}"`);
	return text;
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const code = (text) => '`' + text + '`';

/** Commands hidden from the palette (`when: false`), i.e. reachable only from views. */
function hiddenCommands(pkg) {
	return new Set(
		(pkg.contributes.menus?.commandPalette ?? [])
			.filter((m) => m.when === 'false')
			.map((m) => m.command),
	);
}

/** The Commands table: palette commands first, then the view actions. */
export function commandsTable(pkg, nls) {
	const hidden = hiddenCommands(pkg);
	const rows = pkg.contributes.commands.map((c) => {
		const key = `command.${c.command.replace(/^meshlens\./, '')}.description`;
		const description = nls[key];
		if (typeof description !== 'string') {
			throw new Error(
				`package.nls.json needs "${key}" (what ${c.command} does, for the README)`,
			);
		}
		const title = `${localize(c.category, nls)}: ${localize(c.title, nls)}`;
		return {
			hidden: hidden.has(c.command),
			line: `| ${code(title)} (${code(c.command)}) | ${hidden.has(c.command) ? 'view action' : 'palette'} | ${cell(description)} |`,
		};
	});
	return [
		'| Command | Where | What it does |',
		'| --- | --- | --- |',
		...rows.filter((r) => !r.hidden).map((r) => r.line),
		...rows.filter((r) => r.hidden).map((r) => r.line),
	].join('\n');
}

/** The Settings table: key, default, scope and meaning (with the meaning of each enum value). */
export function settingsTable(pkg, nls) {
	const props = pkg.contributes.configuration.properties;
	const rows = Object.entries(props).map(([key, p]) => {
		let meaning = localize(p.markdownDescription ?? p.description ?? '', nls);
		if (!meaning) throw new Error(`setting ${key} has no description`);
		if (Array.isArray(p.enum)) {
			const descs = (p.markdownEnumDescriptions ?? p.enumDescriptions ?? []).map((d) =>
				localize(d, nls),
			);
			meaning +=
				' ' +
				p.enum
					.map((v, i) => `${code(JSON.stringify(v))}: ${descs[i] ?? ''}`.trim())
					.join('; ') +
				'.';
		}
		return `| ${code(key)} | ${code(JSON.stringify(p.default))} | ${p.scope ?? 'window'} | ${cell(meaning)} |`;
	});
	return ['| Setting | Default | Scope | Meaning |', '| --- | --- | --- | --- |', ...rows].join(
		'\n',
	);
}

const MARKERS = {
	commands: ['<!-- commands:begin (npm run readme:tables) -->', '<!-- commands:end -->'],
	settings: ['<!-- settings:begin (npm run readme:tables) -->', '<!-- settings:end -->'],
};

/** Parses a Markdown table into rows of trimmed cells, so formatting (padding) does not matter. */
export function tableRows(markdown) {
	return markdown
		.split('\n')
		.filter((l) => l.trim().startsWith('|') && !/^\|[\s:|-]+\|$/.test(l.trim()))
		.map((l) =>
			l
				.trim()
				.replace(/^\||\|$/g, '')
				.split(/(?<!\\)\|/)
				.map((c) => c.trim()),
		);
}

/** The text between one pair of markers in the README. */
export function section(readme, name) {
	const [begin, end] = MARKERS[name];
	const a = readme.indexOf(begin);
	const b = readme.indexOf(end);
	if (a < 0 || b < a) throw new Error(`README.md lacks the ${name} markers ${begin} … ${end}`);
	return readme.slice(a + begin.length, b);
}

export function expectedTables(root = ROOT) {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
	return { commands: commandsTable(pkg, nls), settings: settingsTable(pkg, nls) };
}

async function main() {
	const file = join(ROOT, 'README.md');
	let readme = readFileSync(file, 'utf8');
	const tables = expectedTables();
	const stale = Object.keys(MARKERS).filter(
		(name) =>
			JSON.stringify(tableRows(section(readme, name))) !==
			JSON.stringify(tableRows(tables[name])),
	);
	if (process.argv.includes('--check')) {
		if (stale.length) {
			console.error(
				`README.md: the ${stale.join(' and ')} table(s) are stale; run npm run readme:tables`,
			);
			return 1;
		}
		return 0;
	}
	for (const name of Object.keys(MARKERS)) {
		const [begin, end] = MARKERS[name];
		const old = section(readme, name);
		readme = readme.replace(begin + old + end, `${begin}\n\n${tables[name]}\n\n${end}`);
	}
	const prettier = await import('prettier');
	const options = (await prettier.resolveConfig(file)) ?? {};
	writeFileSync(file, await prettier.format(readme, { ...options, filepath: file }));
	console.log(
		stale.length
			? `README.md: rewrote the ${stale.join(' and ')} table(s)`
			: 'README.md: tables up to date',
	);
	return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	process.exitCode = await main();
}
