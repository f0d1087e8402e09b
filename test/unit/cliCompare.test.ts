import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compare } from '../../src/cli/compare';
import { InputError, UsageError } from '../../src/cli/io';
import { DATA_DIR, ROOT, captured, type Captured } from './helpers';

function run(args: string[]): Promise<Captured> {
	return captured((io) => compare({ args, dataDir: DATA_DIR, cwd: ROOT, ...io }));
}

describe('meshlens compare', () => {
	it('prints the documented JSON shape', async () => {
		const { code, out } = await run([
			'--meshes',
			'istio,linkerd',
			'--features',
			'retries,mtls',
			'--format',
			'json',
		]);
		assert.equal(code, 0);
		const json = JSON.parse(out) as {
			asOf: string;
			meshes: { id: string; name: string; lifecycle: { status: string } }[];
			features: { id: string; name: string; category: string }[];
			cells: {
				mesh: string;
				feature: string;
				support: string;
				value: string;
				sources: string[];
				asOf: string;
			}[];
		};
		assert.match(json.asOf, /^\d{4}-\d{2}-\d{2}$/);
		assert.deepEqual(
			json.meshes.map((m) => m.id),
			['istio', 'linkerd'],
		);
		assert.equal(json.meshes[0]?.lifecycle.status, 'active');
		assert.deepEqual(
			json.features.map((f) => f.id),
			['retries', 'mtls'],
		);
		assert.equal(json.cells.length, 4);
		for (const c of json.cells) {
			assert.ok(
				['full', 'partial', 'preview', 'enterprise', 'none', 'n/a', 'unknown'].includes(
					c.support,
				),
			);
			assert.ok(c.sources.length > 0 && c.asOf);
		}
	});

	it('prints a retired mesh with its lifecycle', async () => {
		const { out } = await run([
			'--meshes',
			'app-mesh',
			'--features',
			'lifecycle',
			'--format',
			'json',
		]);
		const json = JSON.parse(out) as {
			meshes: { lifecycle: { status: string; date?: string } }[];
		};
		assert.equal(json.meshes[0]?.lifecycle.status, 'end-of-life');
		assert.equal(json.meshes[0]?.lifecycle.date, '2026-09-30');
	});

	it('prints Markdown, CSV and a text table', async () => {
		const md = await run([
			'--meshes',
			'istio,linkerd',
			'--features',
			'retries',
			'--format',
			'md',
		]);
		assert.match(md.out, /\| Feature \| Istio \| Linkerd \|/);
		assert.match(md.out, /\| Retries \|/);
		const csv = await run(['--meshes', 'istio', '--features', 'retries', '--format', 'csv']);
		const lines = csv.out.trimEnd().split('\r\n');
		assert.equal(lines[0], 'category,feature,mesh,support,value,note,since,asOf,sources');
		assert.equal(lines.length, 2);
		assert.match(lines[1] ?? '', /^Resiliency,Retries,istio,full,/);
		const table = await run(['--meshes', 'istio', '--features', 'retries']);
		assert.match(table.out, /^Feature\s+Istio/);
		assert.match(table.out, /RESILIENCY\nRetries\s+●/);
	});

	it('rejects unknown ids and formats with a usage error', async () => {
		await assert.rejects(run(['--meshes', 'nope']), UsageError);
		await assert.rejects(run(['--format', 'xml']), UsageError);
		await assert.rejects(run(['--bogus', '1']), UsageError);
	});

	it('applies --extra override files and refuses a broken one', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'meshlens-cli-'));
		writeFileSync(
			join(dir, 'ours.yaml'),
			'override: istio\ncells:\n  retries:\n    support: none\n    value: Disabled here\n    sources: [https://example.com/x]\n    asOf: 2026-11-20\n',
		);
		writeFileSync(join(dir, 'broken.yaml'), 'override: [\n');
		const { code, out, err } = await run([
			'--meshes',
			'istio',
			'--features',
			'retries',
			'--format',
			'json',
			'--extra',
			join(dir, 'ours.yaml'),
		]);
		assert.equal(code, 0, err);
		assert.match(out, /"value": "Disabled here"/);
		// A file the user asked for that cannot be used is an error (exit 1), not a warning.
		await assert.rejects(
			run(['--extra', `${join(dir, 'ours.yaml')},${join(dir, 'broken.yaml')}`]),
			(e: Error) =>
				e instanceof InputError &&
				/broken\.yaml is not a valid Meshlens data file/.test(e.message),
		);
	});
});
