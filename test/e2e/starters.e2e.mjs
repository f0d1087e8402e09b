// "New Manifest from Starter" in the real workbench: each kind names the mesh that defines it.
import assert from 'node:assert/strict';
import { retry } from '../../scripts/e2e/driver.mjs';

export const tests = [
	{
		name: 'starter picker: a kind names the mesh whose API group defines it, distributions below',
		async run(wb) {
			await wb.runCommand('Meshlens: New Manifest from Starter', { opensQuickInput: true });
			const input = wb.page.locator('.quick-input-widget input');
			// The starter picker, not the palette that ran it.
			await wb.page
				.locator('.quick-input-widget input[placeholder="Kind of the new manifest"]')
				.waitFor({ state: 'visible' });
			await input.fill('AuthorizationPolicy');
			const rows = wb.page.locator('.quick-input-widget .monaco-list-row');
			const texts = await retry(async () => {
				const all = await rows.allInnerTexts();
				assert.ok(all.length >= 2, all.join('\n---\n'));
				return all;
			});
			const istio = texts.find(
				(t) =>
					t.includes('security.istio.io/v1\n') ||
					/security\.istio\.io\/v1(?!beta)/.test(t),
			);
			const linkerd = texts.find((t) => t.includes('policy.linkerd.io/'));
			assert.ok(istio, texts.join('\n---\n'));
			assert.match(istio, /Istio · also in: .*Google Cloud Service Mesh/);
			assert.doesNotMatch(istio.split('\n')[0], /Google/);
			assert.ok(linkerd, texts.join('\n---\n'));
			assert.match(linkerd, /Linkerd · also in: Buoyant Enterprise for Linkerd/);
			await wb.screenshot('starter-picker');
			await wb.page.keyboard.press('Escape');
		},
	},
];
