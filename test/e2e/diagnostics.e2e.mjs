// Schema diagnostics in the real workbench: a typo in a manifest shows in the Problems panel with
// our code on the right line, its quick fix repairs it, a suppression comment silences it, and the
// Helm chart in the samples shows no Meshlens problem.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { retry } from '../../scripts/e2e/driver.mjs';

const HELM = 'helm/reviews-mesh/templates/routing.yaml';

/**
 * A VirtualService with `retires:` (for `retries:`) and optionally more lines before it, and the
 * Service it routes to: a host of its own, so cross-resource analysis has nothing to say about
 * this file (the samples route `ratings` and `reviews` already) and the panel shows the typo alone.
 */
function typoManifest(before = '') {
	return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: details
  namespace: bookinfo
spec:
  hosts:
    - details
  http:
    - route:
        - destination:
            host: details
${before}      retires:
        attempts: 3
---
apiVersion: v1
kind: Service
metadata:
  name: details
  namespace: bookinfo
spec:
  selector:
    app: details
  ports:
    - name: http
      port: 9080
`;
}

/**
 * Opens the Problems panel and returns the text of its problem rows, each prefixed with the name
 * of the file row above it ("routing.yaml › unknown field …"). Cross-resource analysis may list
 * problems in other sample files; tests look only at their own file.
 */
async function problemRows(wb) {
	const panel = wb.page.locator('.markers-panel');
	if (!(await panel.isVisible())) {
		await wb
			.runCommand('View: Focus Problems (Errors, Warnings, Infos)', { timeout: 5000 })
			.catch(() => wb.runCommand('Problems: Focus on Problems View'));
		await panel.waitFor({ state: 'visible', timeout: 10_000 });
	}
	const rows = await panel.locator('.monaco-list-row').evaluateAll((els) =>
		els.map((el) => ({
			// File rows hold a resource label, problem rows the message details.
			kind: el.querySelector('.resource-label-container')
				? 'file'
				: el.querySelector('.marker-message-details-container')
					? 'problem'
					: 'other',
			name: el.querySelector('.label-name')?.textContent?.trim() ?? '',
			text: el.innerText.replace(/\s+/g, ' ').trim(),
		})),
	);
	const out = [];
	let file = '';
	for (const r of rows) {
		if (r.kind === 'file') file = r.name;
		else if (r.kind === 'problem') out.push(`${file} › ${r.text}`);
	}
	return out;
}

/** Waits until the Problems panel shows (or stops showing) a row matching `pattern`. */
async function waitForProblem(wb, pattern, { present = true, timeout = 20_000 } = {}) {
	return retry(
		async () => {
			const rows = await problemRows(wb);
			const row = rows.find((r) => pattern.test(r));
			if (present) assert.ok(row, `no problem matching ${pattern} in:\n${rows.join('\n')}`);
			else assert.equal(row, undefined, `still shown: ${row}`);
			return row;
		},
		{ timeout },
	);
}

/**
 * Opens the quick fixes at the cursor (Ctrl+.) until `title` is listed, then `inspect(actions)`
 * (the listed titles), then applies `title` (moving the focus to it first).
 */
async function applyQuickFix(wb, title, inspect = async () => {}) {
	const item = wb.page.locator('.action-widget .monaco-list-row', { hasText: title });
	await retry(
		async () => {
			await wb.page.keyboard.press('Control+.');
			await item.first().waitFor({ timeout: 3000 });
		},
		{ between: () => wb.page.keyboard.press('Escape') },
	);
	await inspect(await wb.page.locator('.action-widget .monaco-list-row').allInnerTexts());
	for (let i = 0; i < 6; i++) {
		if ((await item.first().getAttribute('class'))?.includes('focused')) break;
		await wb.page.keyboard.press('ArrowDown');
	}
	await wb.page.keyboard.press('Enter');
}

export const tests = [
	{
		name: 'diagnostics: a typo shows in the Problems panel with its code, message and line',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			const file = 'istio/typo-problems.yaml';
			writeFileSync(join(wb.workspace, file), typoManifest());
			try {
				await wb.openFile(file);
				const { line, column } = wb.findText(file, 'retires');
				const row = await waitForProblem(wb, /^typo-problems\.yaml › .*ML1001/);
				assert.match(row, /unknown field "retires"; did you mean "retries"\?/);
				// On an Istio resource the istioctl code of the same problem follows the message.
				assert.match(row, /\(istioctl IST0106\)/);
				assert.match(row, /meshlens/);
				assert.match(row, new RegExp(`\\[Ln ${line}, Col ${column}\\]`));
				await wb.screenshot('problems-panel');
			} finally {
				await wb.reset();
				rmSync(join(wb.workspace, file), { force: true });
			}
		},
	},
	{
		name: 'diagnostics: a broken CEL rule of the CRD shows with the rule’s message on its field',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			const file = 'istio/cel-problems.yaml';
			writeFileSync(
				join(wb.workspace, file),
				`apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: external-api
  namespace: bookinfo
spec:
  hosts:
    - api.example.com
  resolution: DNS
  ports:
    - number: 70000
      name: https
      protocol: TLS
`,
			);
			try {
				await wb.openFile(file);
				const { line, column } = wb.findText(file, 'number');
				const row = await waitForProblem(wb, /^cel-problems\.yaml › .*ML1015/);
				assert.match(row, /spec\.ports\[0\]\.number: port must be between 1-65535/);
				assert.match(row, new RegExp(`\\[Ln ${line}, Col ${column}\\]`));
				await wb.screenshot('problems-cel-rule');
			} finally {
				await wb.reset();
				rmSync(join(wb.workspace, file), { force: true });
			}
		},
	},
	{
		name: 'diagnostics: the quick fix renames the key to the suggestion',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		async run(wb) {
			const file = 'istio/typo-quickfix.yaml';
			writeFileSync(join(wb.workspace, file), typoManifest());
			try {
				const { line, column } = wb.findText(file, 'retires');
				await wb.goTo(file, line, column + 2);
				await waitForProblem(wb, /^typo-quickfix\.yaml › .*ML1001/);
				await wb.hidePanel();
				await wb.goTo(file, line, column + 2);
				// The preferred fix is focused; Enter applies the focused item.
				await applyQuickFix(wb, 'Change "retires" to "retries"', async (actions) => {
					assert.ok(
						actions.some((a) => a.includes('Disable ML1001 for this line')),
						actions.join('\n'),
					);
					await wb.screenshot('quick-fix');
				});
				// Save only once the fix is in the editor (saving a clean file would read the typo).
				await wb.page.locator('.tab.active.dirty').waitFor({ timeout: 10_000 });
				await wb.page.keyboard.press('Control+S');
				await wb.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
				const saved = readFileSync(join(wb.workspace, file), 'utf8');
				assert.match(saved, /^ {6}retries:\n {8}attempts: 3\n---$/m);
				assert.doesNotMatch(saved, /retires/);
				await waitForProblem(wb, /^typo-quickfix\.yaml › .*ML1001/, { present: false });
			} finally {
				await wb.reset();
				rmSync(join(wb.workspace, file), { force: true });
			}
		},
	},
	{
		name: 'diagnostics: typing in the document above a typo moves its quick fix with it',
		// The typo's document is not validated again: its diagnostic is moved, and its fixes are
		// moved only when read (the code action). A stale fix would rename the wrong characters.
		web: true,
		async run(wb) {
			const file = 'istio/typo-moved.yaml';
			const head =
				'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n  namespace: bookinfo\ndata:\n  a: "1"\n---\n';
			writeFileSync(join(wb.workspace, file), head + typoManifest());
			try {
				const { line, column } = wb.findText(file, 'retires');
				await wb.openFile(file);
				await waitForProblem(wb, new RegExp(`^typo-moved\\.yaml › .*ML1001.*Ln ${line},`));
				await wb.hidePanel();
				// A new line under `a: "1"`, typed key by key: each keystroke moves the typo's document.
				await wb.goTo(file, 7, 9);
				await wb.page.keyboard.press('End');
				await wb.page.keyboard.press('Enter');
				await wb.page.keyboard.type('b: "2"');
				await waitForProblem(
					wb,
					new RegExp(`^typo-moved\\.yaml › .*ML1001.*Ln ${line + 1},`),
				);
				await wb.hidePanel();
				await wb.goTo(file, line + 1, column + 2);
				await applyQuickFix(wb, 'Change "retires" to "retries"');
				await retry(async () => {
					await wb.page.keyboard.press('Control+S');
					await wb.page.locator('.tab.active.dirty').waitFor({
						state: 'detached',
						timeout: 3000,
					});
					assert.doesNotMatch(readFileSync(join(wb.workspace, file), 'utf8'), /retires/);
				});
				const saved = readFileSync(join(wb.workspace, file), 'utf8');
				assert.equal(
					saved,
					head.replace('  a: "1"\n', '  a: "1"\n  b: "2"\n') +
						typoManifest().replace('retires', 'retries'),
				);
				await waitForProblem(wb, /^typo-moved\.yaml › .*ML1001/, { present: false });
			} finally {
				await wb.reset();
				rmSync(join(wb.workspace, file), { force: true });
			}
		},
	},
	{
		name: 'diagnostics: a meshlens-disable-next-line comment silences the line',
		async run(wb) {
			const file = 'istio/typo-suppressed.yaml';
			// Two typos: the first is suppressed, the second (`timout`) proves validation ran.
			const text = typoManifest('      # meshlens-disable-next-line ML1001\n').replace(
				'        attempts: 3\n',
				'        attempts: 3\n      timout: 5s\n',
			);
			writeFileSync(join(wb.workspace, file), text);
			try {
				await wb.openFile(file);
				await waitForProblem(wb, /^typo-suppressed\.yaml › .*unknown field "timout"/);
				const rows = await problemRows(wb);
				// Our schema codes only (cross-resource analysis may add its own IST codes here).
				const mine = rows.filter(
					(r) => r.startsWith('typo-suppressed.yaml ›') && /ML\d{4}/.test(r),
				);
				assert.equal(mine.length, 1, mine.join('\n'));
			} finally {
				await wb.reset();
				rmSync(join(wb.workspace, file), { force: true });
			}
		},
	},
	{
		name: 'diagnostics: a deprecated Istio field is one problem, not two',
		async run(wb) {
			const file = 'istio/deprecated-percent.yaml';
			// fault.delay.percent: the CRD marks it deprecated (ML4001) and upstream's deprecation
			// analyzer reports it (IST0002); the panel shows it once, as ML4001 with its istioctl code.
			// The Sidecar's egressProxy is an IST0002 of the analysis alone: once it shows, the
			// analysis has run on the file.
			const sidecar = `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: egress
  namespace: bookinfo
spec:
  workloadSelector:
    labels:
      app: details
  outboundTrafficPolicy:
    mode: ALLOW_ANY
    egressProxy:
      host: proxy.example.com
      port:
        number: 3128
`;
			writeFileSync(
				join(wb.workspace, file),
				typoManifest().replace(
					'      retires:\n        attempts: 3\n',
					'      fault:\n        delay:\n          percent: 50\n          fixedDelay: 1s\n',
				) + sidecar,
			);
			try {
				await wb.openFile(file);
				await waitForProblem(wb, /^deprecated-percent\.yaml › .*EgressProxy is deprecated/);
				await waitForProblem(
					wb,
					/^deprecated-percent\.yaml › .*\(istioctl IST0002\).*ML4001/,
				);
				const rows = (await problemRows(wb)).filter((r) =>
					r.startsWith('deprecated-percent.yaml ›'),
				);
				const percent = rows.filter((r) => /fault\.delay\.percent/.test(r));
				assert.equal(percent.length, 1, rows.join('\n'));
				assert.match(percent[0] ?? '', /ML4001/);
				await wb.screenshot('problems-deprecated-once');
			} finally {
				await wb.reset();
				rmSync(join(wb.workspace, file), { force: true });
			}
		},
	},
	{
		name: 'diagnostics: the Helm chart in the samples shows no Meshlens problem',
		async run(wb) {
			const path = join(wb.workspace, HELM);
			const original = readFileSync(path, 'utf8');
			try {
				await wb.openFile(HELM);
				// A typo written into the template on disk shows up (so this file is validated) …
				writeFileSync(path, original.replace('perTryTimeout:', 'perTryTimout:'));
				await waitForProblem(wb, /^routing\.yaml › .*unknown field "perTryTimout"/);
				// … and with the template as shipped, nothing from Meshlens is left.
				writeFileSync(path, original);
				await waitForProblem(wb, /^routing\.yaml › .*perTryTimout/, { present: false });
				const rows = await problemRows(wb);
				const mine = rows.filter((r) => r.startsWith('routing.yaml ›'));
				assert.deepEqual(mine, []);
				await wb.screenshot('problems-helm-clean');
			} finally {
				writeFileSync(path, original);
			}
		},
	},
	{
		name: 'diagnostics: a kustomize patch is not analysed as a second resource',
		// Also in the web-worker extension host (npm run test:e2e -- --web-host).
		web: true,
		timeout: 120_000,
		async run(wb) {
			const dir = join(wb.workspace, 'kustomize-e2e');
			const vs = (extra) =>
				`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: cart\n  namespace: kz\nspec:\n  hosts: [cart]\n${extra}`;
			mkdirSync(dir, { recursive: true });
			try {
				writeFileSync(
					join(dir, 'base.yaml'),
					vs('  http:\n    - route:\n        - destination:\n            host: cart\n'),
				);
				// A strategic-merge patch: the base's name and host, no routes of its own.
				writeFileSync(join(dir, 'patch.yaml'), vs(''));
				await wb.openFile('kustomize-e2e/patch.yaml');
				// Without a kustomization it is a second VirtualService of the same host …
				await waitForProblem(wb, /^patch\.yaml › .*IST0109/, { timeout: 30_000 });
				// … once a kustomization names it as a patch, the analysis leaves it alone.
				writeFileSync(
					join(dir, 'kustomization.yaml'),
					'resources: [base.yaml]\npatches:\n  - path: patch.yaml\n',
				);
				await waitForProblem(wb, /^(patch|base)\.yaml › .*IST01(09|06)/, {
					present: false,
					timeout: 30_000,
				});
				await wb.screenshot('problems-kustomize-patch');
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		},
	},
];
