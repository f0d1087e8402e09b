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
