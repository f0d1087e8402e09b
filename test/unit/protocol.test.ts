import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOpenableSource } from '../../src/core';
import { FocusSchema, FromWebviewSchema, ToWebviewSchema } from '../../src/protocol';
import { smallDataset } from './helpers';

describe('webview protocol', () => {
	it('accepts the messages the webview sends', () => {
		for (const message of [
			{ type: 'ready' },
			{ type: 'ready', options: { meshes: ['istio'] } },
			{
				type: 'query',
				options: { meshes: ['istio', 'linkerd'], text: 'tls', onlyDifferences: true },
			},
			{ type: 'openSource', url: 'https://istio.io/' },
			{ type: 'convert', target: 'linkerd' },
			{ type: 'export', format: 'csv', options: { meshes: [] } },
			{ type: 'copyMarkdown', options: { meshes: ['kuma'] } },
			{ type: 'rendered', rows: 42, columns: 6, ms: 80 },
			{ type: 'choose', request: { require: [{ feature: 'mtls', least: 'full' }] } },
			{
				type: 'copyChoice',
				request: {
					require: [],
					openSourceOnly: true,
					excludeRetired: true,
					allowEnterprise: false,
					noSidecars: true,
					platforms: ['kubernetes', 'nomad'],
				},
			},
		]) {
			assert.ok(FromWebviewSchema.safeParse(message).success, JSON.stringify(message));
		}
	});

	it('rejects unknown, malformed and oversized messages', () => {
		for (const message of [
			null,
			'ready',
			{ type: 'eval', code: 'alert(1)' },
			{ type: 'export', format: 'pdf', options: { meshes: [] } },
			{ type: 'query', options: { meshes: 'istio' } },
			{ type: 'query', options: { meshes: [], extra: true } },
			{ type: 'openSource', url: 'x'.repeat(3000) },
			{ type: 'convert', target: 'consul' },
			{ type: 'convert', target: 'serviceprofile' },
			{ type: 'convert', target: 'istio', files: ['/etc/passwd'] },
			{ type: 'query', options: { meshes: Array.from({ length: 1000 }, () => 'a') } },
			{ type: 'choose', request: { require: [{ feature: 'mtls', least: 'enterprise' }] } },
			{ type: 'choose', request: { require: [], platforms: ['mainframe'] } },
			{ type: 'choose', request: { require: [], extra: 1 } },
			{ type: 'copyChoice' },
		]) {
			assert.equal(
				FromWebviewSchema.safeParse(message).success,
				false,
				JSON.stringify(message)?.slice(0, 80),
			);
		}
	});

	it('validates host messages and focus arguments', () => {
		assert.ok(ToWebviewSchema.safeParse({ type: 'status', text: 'ok' }).success);
		assert.ok(
			!ToWebviewSchema.safeParse({ type: 'view', view: 1, options: { meshes: [] } }).success,
		);
		assert.ok(
			ToWebviewSchema.safeParse({
				type: 'choice',
				view: { asOf: '2026-12-01', features: [], choices: [] },
				request: { require: [] },
			}).success,
		);
		assert.ok(
			!ToWebviewSchema.safeParse({
				type: 'choice',
				view: { asOf: '2026-12-01', features: [], choices: [] },
				request: { require: 'mtls' },
			}).success,
		);
		assert.ok(
			ToWebviewSchema.safeParse({
				type: 'savedChoice',
				request: { require: [{ feature: 'mtls', least: 'full' }] },
			}).success,
		);
		assert.ok(
			!ToWebviewSchema.safeParse({ type: 'savedChoice', request: { require: 'mtls' } })
				.success,
		);
		assert.ok(FocusSchema.safeParse({ feature: 'retries' }).success);
		assert.ok(!FocusSchema.safeParse({ feature: 'retries', run: 'rm -rf' }).success);
	});
});

describe('isOpenableSource', () => {
	const { dataset } = smallDataset();

	it('opens only http(s) URLs the dataset cites', () => {
		assert.ok(isOpenableSource('https://example.com/beta/retries', dataset));
		assert.ok(isOpenableSource('https://example.com/alpha/docs', dataset));
		assert.ok(!isOpenableSource('https://evil.example.net/', dataset));
		assert.ok(!isOpenableSource('javascript:alert(1)', dataset));
		assert.ok(!isOpenableSource('file:///etc/passwd', dataset));
		assert.ok(!isOpenableSource('command:workbench.action.quit', dataset));
		assert.ok(!isOpenableSource('not a url', dataset));
	});
});
