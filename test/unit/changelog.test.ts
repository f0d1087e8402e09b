import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compare } from '../../src/cli/compare';
import { UsageError } from '../../src/cli/io';
import {
	ChangelogSchema,
	buildMatrix,
	changesSince,
	compareVersions,
	loadDataset,
} from '../../src/core';
import {
	DATA_DIR,
	FEATURES_YAML,
	ROOT,
	captured,
	loadBuiltin,
	meshYaml,
	type Captured,
} from './helpers';

const { dataset, issues } = loadBuiltin();

describe('data/changelog.yaml', () => {
	it('loads without issues and gives the dataset its version', () => {
		assert.deepEqual(issues, []);
		assert.match(dataset.version ?? '', /^\d+\.\d+\.\d+$/);
		assert.equal(dataset.version, dataset.releases?.[0]?.version);
	});

	it("matches the mesh files: the newest release's new values are the cells as they are", () => {
		const newest = dataset.releases?.[0];
		assert.ok(newest && newest.changes.length > 0);
		for (const c of newest.changes) {
			const cell = dataset.meshes.find((m) => m.id === c.mesh)?.cells[c.feature];
			if (c.kind === 'retired') {
				assert.equal(cell, undefined, `${c.mesh}/${c.feature} was retired`);
				continue;
			}
			assert.deepEqual(
				{ support: cell?.support, value: cell?.value },
				c.new,
				`${c.mesh}/${c.feature}`,
			);
		}
	});

	it('records every change with its old value, and no cell twice in one release', () => {
		for (const r of dataset.releases ?? []) {
			const keys = r.changes.map((c) => `${c.mesh}/${c.feature}`);
			assert.equal(new Set(keys).size, keys.length, r.version);
			for (const c of r.changes)
				if (c.kind !== 'added') assert.ok(c.old, `${c.mesh}/${c.feature}`);
		}
	});
});

describe('changelog schema and queries', () => {
	const log = {
		releases: [
			{
				version: '1.1.0',
				date: '2026-12-01',
				summary: 'second',
				changes: [
					{
						mesh: 'alpha',
						feature: 'retries',
						kind: 'changed',
						old: { support: 'partial', value: 'Some' },
						new: { support: 'full', value: 'Per route' },
					},
					{
						mesh: 'alpha',
						feature: 'mtls',
						kind: 'added',
						new: { support: 'full', value: 'On by default' },
					},
				],
			},
			{ version: '1.0.0', date: '2026-11-01', summary: 'first', changes: [] },
		],
	};

	it('refuses releases out of order and changes without their old or new value', () => {
		assert.ok(ChangelogSchema.safeParse(log).success);
		assert.ok(!ChangelogSchema.safeParse({ releases: [...log.releases].reverse() }).success);
		const noOld = structuredClone(log);
		delete (noOld.releases[0]?.changes[0] as { old?: unknown }).old;
		assert.ok(!ChangelogSchema.safeParse(noOld).success);
		assert.ok(compareVersions('1.10.0', '1.9.0') > 0);
	});

	it('lists changes after a version or a date, and reports changes to unknown cells', () => {
		const parsed = ChangelogSchema.parse(log);
		assert.equal(changesSince(parsed.releases, { version: '1.0.0' }).length, 2);
		assert.equal(changesSince(parsed.releases, { version: '1.1.0' }).length, 0);
		assert.equal(changesSince(parsed.releases, { date: '2026-11-15' }).length, 2);
		assert.equal(changesSince(parsed.releases, { date: '2026-12-01' }).length, 0);
		const bad = structuredClone(log);
		bad.releases[0]?.changes.push({
			mesh: 'nope',
			feature: 'retries',
			kind: 'added',
			new: { support: 'full', value: 'x' },
		});
		const result = loadDataset({
			features: { path: 'features.yaml', text: FEATURES_YAML },
			meshes: [
				{
					path: 'a.yaml',
					text: meshYaml('alpha', {
						retries: ['full', 'Per route'],
						mtls: ['full', 'On by default'],
					}),
				},
			],
			changelog: { path: 'changelog.yaml', text: JSON.stringify(bad) },
		});
		assert.ok(result.issues.some((i) => /unknown mesh 'nope'/.test(i.message)));
		assert.equal(result.dataset.version, '1.1.0');

		const view = buildMatrix(result.dataset, { meshes: ['alpha'], changedSince: '1.0.0' });
		assert.deepEqual(view.changes, { since: '1.0.0', count: 2 });
		const cells = view.groups
			.flatMap((g) => g.rows)
			.map((r) => [r.feature, r.cells[0]?.change?.kind]);
		assert.deepEqual(Object.fromEntries(cells), {
			retries: 'changed',
			timeouts: undefined,
			mtls: 'added',
		});
		const plain = buildMatrix(result.dataset, { meshes: ['alpha'] });
		assert.equal(plain.changes, undefined);
		assert.ok(
			plain.groups.flatMap((g) => g.rows).every((r) => r.cells[0]?.change === undefined),
		);
	});
});

function run(args: string[]): Promise<Captured> {
	return captured((io) => compare({ args, dataDir: DATA_DIR, cwd: ROOT, ...io }));
}

describe('meshlens compare --changed-since', () => {
	it('lists the cells changed after a date, with old and new values', async () => {
		const { code, out } = await run(['--changed-since', '2026-11-25', '--format', 'json']);
		assert.equal(code, 0);
		const json = JSON.parse(out) as {
			since: string;
			changes: { mesh: string; feature: string; version: string }[];
		};
		assert.equal(json.since, '2026-11-25');
		const expected = changesSince(dataset.releases ?? [], { date: '2026-11-25' });
		assert.equal(json.changes.length, expected.length);
		assert.ok(json.changes.length > 0);
		const text = await run(['--changed-since', '2026-11-25', '--meshes', 'kuma']);
		assert.match(text.out, /^\d+ changes? to the dataset after 2026-11-25\./);
		assert.ok(
			text.out
				.split('\n')
				.slice(1)
				.filter(Boolean)
				.every((l) => / kuma\//.test(l)),
		);
		const none = await run(['--changed-since', '2030-01-01', '--format', 'md']);
		assert.match(none.out, /0 changes to the dataset after 2030-01-01/);
	});

	it('refuses a malformed date', async () => {
		await assert.rejects(run(['--changed-since', 'yesterday']), UsageError);
	});
});
