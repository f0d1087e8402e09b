// Entry point of the integration tests, in the @vscode/test-electron `extensionTestsPath`
// contract: VS Code loads the extension under development, then calls run() in its extension
// host. run() runs mocha over every bundled *.test.js beside this file and rejects when a test
// fails. Used by `npm run test:integration` (code-server) and `npm run test:desktop`.
//
// Environment: MESHLENS_TEST_GREP runs only matching tests; MESHLENS_TEST_REPORT names a JSON
// file that receives the results (the runners print them, since a browser-hosted workbench
// shows the extension host's console only in the page).
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface TestResult {
	title: string;
	state: 'passed' | 'failed' | 'pending';
	durationMs: number;
	error?: string;
}

export function run(): Promise<void> {
	const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
	const grep = process.env.MESHLENS_TEST_GREP;
	if (grep) mocha.grep(grep);
	const files = readdirSync(__dirname, { recursive: true })
		.map(String)
		.filter((f) => f.endsWith('.test.js'))
		.sort();
	for (const f of files) mocha.addFile(join(__dirname, f));

	const results: TestResult[] = [];
	const report = (extra: Record<string, unknown> = {}): void => {
		const file = process.env.MESHLENS_TEST_REPORT;
		if (file) writeFileSync(file, JSON.stringify({ files, results, ...extra }, null, 2));
	};

	return new Promise((resolve, reject) => {
		try {
			const runner = mocha.run((failures) => {
				report({ failures });
				if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
				else resolve();
			});
			runner.on('pass', (test) =>
				results.push({
					title: test.fullTitle(),
					state: 'passed',
					durationMs: test.duration ?? 0,
				}),
			);
			runner.on('pending', (test) =>
				results.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 }),
			);
			runner.on('fail', (test, err: Error) =>
				results.push({
					title: test.fullTitle(),
					state: 'failed',
					durationMs: test.duration ?? 0,
					error: err.stack ?? String(err),
				}),
			);
		} catch (e) {
			report({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
			reject(e instanceof Error ? e : new Error(String(e)));
		}
	});
}
