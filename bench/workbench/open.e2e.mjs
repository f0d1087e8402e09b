// Benchmark in the real workbench (not a test: it asserts no timing). Run with
//   npm run bench:workbench
// It reads the extension's own log lines: "Meshlens activated in N ms" (the time spent in
// activate()) and "Comparison rendered …; N ms after the command" (command → table in the
// webview's DOM), over 10 opens of the comparison, closing it in between.
import assert from 'node:assert/strict';
import { retry } from '../../scripts/e2e/driver.mjs';

const OPENS = 10;

const percentile = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

export const tests = [
	{
		name: `bench: activation, then ${OPENS} opens of the comparison`,
		timeout: 300_000,
		async run(wb) {
			await wb.openFile('istio/bookinfo-routing.yaml');
			const activation = await retry(() => {
				const m = /Meshlens activated in (\d+) ms/.exec(wb.readOutputChannel('Meshlens'));
				assert.ok(m, 'activation line');
				return Number(m[1]);
			});
			// Hover and completion are ready once the file's catalog group (and the dataset) are in.
			const preload = await retry(() => {
				const m =
					/Catalog: loaded (.*?) when bookinfo-routing\.yaml opened \((\d+) ms(?:; the group files after (\d+) ms)?\)/.exec(
						wb.readOutputChannel('Meshlens'),
					);
				assert.ok(m, 'catalog preload line');
				return { groups: m[1], ms: Number(m[2]), groupFiles: m[3] };
			});
			const rendered = () => [
				...wb
					.readOutputChannel('Meshlens')
					.matchAll(
						/Comparison rendered .*?; (\d+) ms after the command \(webview ready after \d+ ms, render (\d+) ms(?:, (\d+) ms since its page arrived)?\)/g,
					),
			];
			const opens = [];
			for (let i = 0; i < OPENS; i++) {
				const before = rendered().length;
				await wb.runCommand('Meshlens: Compare Service Meshes');
				const line = await retry(
					() => {
						const all = rendered();
						assert.ok(all.length > before, 'a new "Comparison rendered" line');
						return all[all.length - 1];
					},
					{ timeout: 30_000, between: () => wb.page.waitForTimeout(50) },
				);
				opens.push({
					total: Number(line[1]),
					webview: Number(line[2]),
					page: line[3] === undefined ? undefined : Number(line[3]),
				});
				await wb.runCommand('View: Close Editor');
				await wb.page.waitForTimeout(300);
			}
			const warm = opens.slice(1).map((o) => o.total);
			console.log(`    activate(): ${activation} ms`);
			console.log(
				`    first YAML file opened → its catalog group (${preload.groups}) and the dataset loaded: ${preload.ms} ms (the group files alone: ${preload.groupFiles ?? '?'} ms)`,
			);
			console.log(
				`    comparison, command → drawn table: first ${opens[0]?.total} ms; reopen p50 ${percentile(warm, 50)} ms, p90 ${percentile(warm, 90)} ms; all ${OPENS}: p50 ${percentile(
					opens.map((o) => o.total),
					50,
				)} ms`,
			);
			console.log(
				`    webview drawing alone: p50 ${percentile(
					opens.map((o) => o.webview),
					50,
				)} ms`,
			);
			console.log(`    each open (ms): ${opens.map((o) => o.total).join(', ')}`);
			// Command → the webview's page arrives is the workbench's part (its webview frame and service
			// worker); from there to the drawn table is ours.
			console.log(
				`    workbench part, command → our page arrived (ms): ${opens.map((o) => (o.page === undefined ? '?' : o.total - o.page)).join(', ')}`,
			);
		},
	},
];
