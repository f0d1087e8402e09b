// The progress notification of the first full analysis, in the real workbench: on a workspace
// with many manifests (generated here, in the run's sandbox, and removed afterwards) the window
// shows "Meshlens: analysing mesh resources…" while the first analysis runs, and the notification
// goes away when it is done; the log then reports the analysis over all those files.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { retry } from '../../scripts/e2e/driver.mjs';

const FILES = 1500;
const DIR = 'progress-load';
const TITLE = /Meshlens: analysing mesh resources/;

/** One file: two apps of one namespace, each with a Service, a Deployment, a ServiceAccount, a DestinationRule and a VirtualService (ten resources). */
function fileText(i) {
	const ns = `load-${i % 50}`;
	return [0, 1]
		.flatMap((k) => {
			const app = `app-${i}-${k}`;
			return [
				`apiVersion: v1\nkind: Service\nmetadata: { name: ${app}, namespace: ${ns} }\nspec:\n  selector: { app: ${app} }\n  ports: [{ name: http, port: 80, targetPort: 8080 }]`,
				`apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${app}, namespace: ${ns} }\nspec:\n  selector: { matchLabels: { app: ${app} } }\n  template:\n    metadata: { labels: { app: ${app}, version: v1 } }\n    spec:\n      serviceAccountName: ${app}\n      containers: [{ name: app, image: example/app:1, ports: [{ containerPort: 8080 }] }]`,
				`apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: ${app}, namespace: ${ns} }`,
				`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: ${app}, namespace: ${ns} }\nspec:\n  host: ${app}\n  subsets: [{ name: v1, labels: { version: v1 } }]`,
				`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: ${app}, namespace: ${ns} }\nspec:\n  hosts: [${app}]\n  http: [{ route: [{ destination: { host: ${app}, subset: v1 } }] }]`,
			];
		})
		.join('\n---\n');
}

/** The notification toasts whose text says the analysis is running. */
function progressToasts(wb) {
	return wb.page.locator('.notifications-toasts .notification-toast').filter({ hasText: TITLE });
}

export const tests = [
	{
		name: 'analysis progress: the first full analysis of a large workspace shows a progress notification until it is done',
		timeout: 300_000,
		async run(wb) {
			const dir = join(wb.workspace, DIR);
			mkdirSync(dir, { recursive: true });
			for (let i = 0; i < FILES; i++) {
				writeFileSync(join(dir, `f${String(i).padStart(4, '0')}.yaml`), fileText(i));
			}
			try {
				// A new extension host: the first full analysis starts when a YAML file opens.
				await wb.reload();
				const before = [...wb.readOutputChannel('Meshlens').matchAll(/Analysis: /g)].length;
				await wb.openFile(`${DIR}/f0000.yaml`);

				// The notification shows while the first analysis runs…
				const toast = progressToasts(wb);
				await toast.first().waitFor({ state: 'visible', timeout: 60_000 });
				assert.match(await toast.first().innerText(), TITLE);
				await wb.screenshot('analysis-progress');

				// …and goes away when it is done, after the analysis of every generated file.
				await toast.first().waitFor({ state: 'detached', timeout: 180_000 });
				const log = await retry(
					async () => {
						const text = wb.readOutputChannel('Meshlens');
						const runs = [
							...text.matchAll(/Analysis: \d+ finding\(s\) over (\d+) file\(s\)/g),
						];
						assert.ok(runs.length > before, 'the analysis reported in the log');
						return runs;
					},
					{ timeout: 15_000, between: () => wb.page.waitForTimeout(500) },
				);
				const files = Number(log.at(-1)?.[1]);
				assert.ok(files >= FILES, `the first analysis covered ${files} files`);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		},
	},
];
