import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderWebviewHtml } from '../../src/core';

describe('renderWebviewHtml', () => {
	const html = renderWebviewHtml({
		scriptUri: 'https://file+.vscode-resource.test/dist/webview.js',
		styleUri: 'https://file+.vscode-resource.test/dist/webview.css',
		cspSource: 'https://file+.vscode-resource.test',
		nonce: 'abc123',
	});
	const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';

	it('has a strict nonce CSP with nothing inline or remote', () => {
		assert.match(csp, /^default-src 'none';/);
		assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
		assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https:(?!\/\/file)/);
	});

	it('loads every script and stylesheet with the nonce and uses no inline handlers', () => {
		for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? [])
			assert.match(tag, /nonce="abc123"/);
		assert.doesNotMatch(html, /\son[a-z]+=/i);
		assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script bodies');
	});

	it('has the table the tests and screen readers rely on', () => {
		assert.match(html, /<table id="matrix" data-testid="matrix">/);
		assert.match(html, /role="toolbar"/);
	});
});

describe('renderWebviewHtml with the bundle inline', () => {
	const script = 'const a = "</script>", b = /<\\/SCRIPT>/i; console.log(a, b);';
	const style = 'body { color: red } /* </style> */';
	const html = renderWebviewHtml({
		scriptUri: 'https://file+.vscode-resource.test/dist/webview.js',
		styleUri: 'https://file+.vscode-resource.test/dist/webview.css',
		cspSource: 'https://file+.vscode-resource.test',
		nonce: 'abc123',
		inline: { script, style },
	});

	it('keeps the same strict CSP: the inline bundle runs only under the nonce', () => {
		const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
		assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
		assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
		for (const tag of html.match(/<(script|style|link)\b[^>]*>/g) ?? [])
			assert.match(tag, /nonce="abc123"/);
		assert.doesNotMatch(html, /\son[a-z]+=/i);
	});

	it('holds exactly one script and one stylesheet, which cannot close their element early', () => {
		assert.equal(html.match(/<script\b/g)?.length, 1, 'one script element');
		assert.equal(html.match(/<\/script>/g)?.length, 1);
		assert.equal(html.match(/<style\b/g)?.length, 1, 'one style element');
		assert.equal(html.match(/<\/style>/g)?.length, 1);
		assert.doesNotMatch(html, /<link\b/, 'nothing fetched');
		// An HTML comment opener would change how the parser reads the script: not inlined then.
		const risky = renderWebviewHtml({
			scriptUri: 'https://file+.vscode-resource.test/dist/webview.js',
			styleUri: 'https://file+.vscode-resource.test/dist/webview.css',
			cspSource: 'https://file+.vscode-resource.test',
			nonce: 'abc123',
			inline: { script: 'x = 1 <!--y', style },
		});
		assert.match(
			risky,
			/<script type="module" nonce="abc123" src="[^"]+webview\.js"><\/script>/,
		);
		assert.ok(html.includes('const a = "<\\/script>", b = /<\\/SCRIPT>/i;'), 'same JavaScript');
		assert.ok(html.includes('/* <\\/style> */'));
	});
});

describe('renderWebviewHtml with the codicon stylesheet', () => {
	it('links it under the nonce, with the id the toolkit looks for, after the script', () => {
		const html = renderWebviewHtml({
			scriptUri: 'https://file+.vscode-resource.test/dist/webview.js',
			styleUri: 'https://file+.vscode-resource.test/dist/webview.css',
			codiconUri: 'https://file+.vscode-resource.test/dist/codicons/codicon.css',
			cspSource: 'https://file+.vscode-resource.test',
			nonce: 'abc123',
		});
		const link = /<link [^>]*id="vscode-codicon-stylesheet"[^>]*>/.exec(html);
		assert.ok(link, 'the codicon link');
		assert.match(link[0], /nonce="abc123"/);
		assert.match(
			link[0],
			/href="https:\/\/file\+\.vscode-resource\.test\/dist\/codicons\/codicon\.css"/,
		);
		// After the script: a stylesheet before it would hold the script back until it loads.
		assert.ok(html.indexOf('<script') < (link.index ?? 0));
	});
});
