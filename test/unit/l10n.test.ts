import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers';

/**
 * User-facing strings of the VS Code adapters go through `vscode.l10n.t` (package.json strings
 * through package.nls.json), so that a translation needs no code change. This finds the calls that
 * show text to the user with a string literal instead.
 */
const SHOWS_TEXT = [
	/\b(show(?:Information|Warning|Error)Message)\(\s*['"`]/g,
	/\bsetStatusBarMessage\(\s*['"`][A-Za-z]/g,
	/\b(title|placeHolder|prompt|openLabel):\s*['"`]/g,
];

describe('localisation', () => {
	it('shows no string literal to the user from an adapter without vscode.l10n.t', () => {
		const dir = join(ROOT, 'src');
		const found: string[] = [];
		for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
			if (file === 'cli.ts' || file === 'protocol.ts') continue;
			const text = readFileSync(join(dir, file), 'utf8');
			for (const re of SHOWS_TEXT) {
				for (const m of text.matchAll(re)) {
					const line = text.slice(0, m.index).split('\n').length;
					found.push(`src/${file}:${line}: ${m[0].replace(/\s+/g, ' ')}`);
				}
			}
		}
		assert.deepEqual(found, []);
	});

	it('finds a literal when there is one (the check can fail)', () => {
		const line = "void vscode.window.showWarningMessage('Meshlens: oops');";
		assert.ok(SHOWS_TEXT.some((re) => [...line.matchAll(re)].length > 0));
		const ok = "void vscode.window.showWarningMessage(vscode.l10n.t('Meshlens: oops'));";
		assert.ok(!SHOWS_TEXT.some((re) => [...ok.matchAll(re)].length > 0));
		const split = "showInformationMessage(\n\t'Meshlens: nothing',\n)";
		assert.ok(SHOWS_TEXT.some((re) => [...split.matchAll(re)].length > 0));
	});
});
