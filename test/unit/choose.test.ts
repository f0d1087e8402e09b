import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choose as chooseCommand } from '../../src/cli/choose';
import { UsageError } from '../../src/cli/io';
import {
	REQUIRED_LEVELS,
	choose,
	isRetired,
	meets,
	parseRequirements,
	toChooseJson,
	toChooseMarkdown,
	type Requirement,
	type SupportLevel,
} from '../../src/core';
import { DATA_DIR, ROOT, captured, loadBuiltin, type Captured } from './helpers';

const { dataset } = loadBuiltin();
const featureIds = dataset.features.map((f) => f.id);

/** The rule written out independently of the implementation. */
function satisfies(support: SupportLevel | undefined, least: string, allowEnterprise: boolean) {
	const order = ['preview', 'partial', 'full'];
	const s = support === 'enterprise' && allowEnterprise ? 'full' : support;
	return s !== undefined && order.includes(s) && order.indexOf(s) >= order.indexOf(least);
}

/** A small deterministic generator, so the sets are varied but the test is repeatable. */
function* requirementSets(count: number): Generator<Requirement[]> {
	let seed = 12345;
	const next = (n: number): number => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed % n;
	};
	for (let i = 0; i < count; i++) {
		const size = 1 + next(4);
		const set: Requirement[] = [];
		for (let j = 0; j < size; j++) {
			set.push({
				feature: featureIds[next(featureIds.length)] ?? 'mtls',
				least: REQUIRED_LEVELS[next(REQUIRED_LEVELS.length)] ?? 'full',
			});
		}
		yield set;
	}
}

describe('choose', () => {
	it('returns exactly the meshes whose cells meet every must-have as fitting, and lists them first', () => {
		let fittingSeen = 0;
		for (const require of requirementSets(300)) {
			for (const allowEnterprise of [false, true]) {
				const choices = choose(dataset, { require, allowEnterprise });
				assert.equal(choices.length, dataset.meshes.length);
				const firstMiss = choices.findIndex((c) => !c.fits);
				if (firstMiss !== -1) assert.ok(choices.slice(firstMiss).every((c) => !c.fits));
				for (const mesh of dataset.meshes) {
					const ok = require.every((r) =>
						satisfies(mesh.cells[r.feature]?.support, r.least, allowEnterprise),
					);
					const choice = choices.find((c) => c.mesh === mesh.id);
					assert.equal(choice?.fits, ok, `${mesh.id} ${JSON.stringify(require)}`);
					for (const r of require) {
						assert.equal(choice?.cells[r.feature], mesh.cells[r.feature]?.support);
					}
					if (ok) fittingSeen++;
				}
			}
		}
		assert.ok(fittingSeen > 50, `the generated sets found fitting meshes (${fittingSeen})`);
	});

	it('names the gaps and cites the cells behind each reason', () => {
		const require = parseRequirements('mtls=full,fault-injection=preview', featureIds);
		const linkerd = choose(dataset, { require }).find((c) => c.mesh === 'linkerd');
		const cell = dataset.meshes.find((m) => m.id === 'linkerd')?.cells['fault-injection'];
		const reason = linkerd?.reasons.find((r) => r.feature === 'fault-injection');
		assert.equal(reason?.support, cell?.support);
		assert.equal(reason?.value, cell?.value);
		assert.deepEqual(reason?.sources, cell?.sources);
		assert.equal(linkerd?.gaps.includes('fault-injection'), !reason?.met);
	});

	it('counts an enterprise cell as full only when allowed', () => {
		assert.equal(meets('enterprise', 'preview'), false);
		assert.equal(meets('enterprise', 'full', true), true);
		assert.equal(meets('partial', 'full'), false);
		assert.equal(meets('full', 'preview'), true);
		assert.equal(meets('unknown', 'preview'), false);
	});

	it('leaves out closed-source and retired products on request, and ranks retired ones last among fits', () => {
		const open = choose(dataset, { require: [], openSourceOnly: true });
		assert.ok(
			open.length > 0 &&
				open.every((c) => dataset.meshes.find((m) => m.id === c.mesh)?.openSource),
		);
		const live = choose(dataset, { require: [], excludeRetired: true });
		const retiredIds = dataset.meshes.filter(isRetired).map((m) => m.id);
		assert.ok(retiredIds.length > 0);
		assert.ok(live.every((c) => !retiredIds.includes(c.mesh)));
		const all = choose(dataset, { require: [] });
		const firstRetired = all.findIndex((c) => c.retired);
		assert.ok(
			all.slice(firstRetired).every((c) => c.retired),
			'retired products come last',
		);
	});

	it('checks platforms and "no sidecars" against the cells', () => {
		const choices = choose(dataset, { require: [], platforms: ['nomad'], noSidecars: true });
		const consul = choices.find((c) => c.mesh === 'consul');
		assert.ok(consul?.reasons.some((r) => r.requirement === 'platform:nomad' && r.met));
		for (const c of choices) {
			const mesh = dataset.meshes.find((m) => m.id === c.mesh);
			const sidecarless = satisfies(mesh?.cells.sidecarless?.support, 'partial', false);
			assert.equal(c.gaps.includes('sidecarless'), !sidecarless, c.mesh);
		}
		const istio = choose(dataset, { require: [], platforms: ['kubernetes'] }).find(
			(c) => c.mesh === 'istio',
		);
		assert.equal(istio?.fits, true);
	});

	it('parses requirements and refuses unknown features and levels', () => {
		assert.deepEqual(parseRequirements(' mtls=full , retries=preview ', featureIds), [
			{ feature: 'mtls', least: 'full' },
			{ feature: 'retries', least: 'preview' },
		]);
		assert.throws(() => parseRequirements('warp-drive=full', featureIds), /unknown feature/);
		assert.throws(() => parseRequirements('mtls=enterprise', featureIds), /level must be/);
		assert.throws(() => parseRequirements('mtls', featureIds), /level must be/);
	});

	it('writes Markdown with the requirement set, each mesh, its reasons and sources', () => {
		const options = {
			require: parseRequirements('mtls=full', featureIds),
			excludeRetired: true,
		};
		const md = toChooseMarkdown(choose(dataset, options), options, (id) => id.toUpperCase());
		assert.match(md, /^# Which mesh fits\?/);
		assert.match(md, /- MTLS: full/);
		assert.match(md, /- Retired products excluded/);
		assert.match(md, /## Istio \(fits\)/);
		assert.match(md, /✓ MTLS: full, .*\[source\]\(https:\/\//);
	});
});

function run(args: string[]): Promise<Captured> {
	return captured((io) => chooseCommand({ args, dataDir: DATA_DIR, cwd: ROOT, ...io }));
}

describe('meshlens choose', () => {
	it('prints the documented JSON, fitting meshes first', async () => {
		const { code, out, err } = await run([
			'--require',
			'mtls=full,multi-cluster=partial,fault-injection=preview',
			'--exclude-retired',
			'--format',
			'json',
		]);
		assert.equal(code, 0);
		assert.equal(err, '');
		const json = JSON.parse(out) as {
			mesh: string;
			fits: boolean;
			gaps: string[];
			cells: Record<string, string>;
		}[];
		assert.ok(json.length > 0);
		for (const entry of json) {
			assert.deepEqual(Object.keys(entry), ['mesh', 'fits', 'gaps', 'cells']);
			assert.deepEqual(Object.keys(entry.cells).sort(), [
				'fault-injection',
				'mtls',
				'multi-cluster',
			]);
			assert.equal(entry.fits, entry.gaps.length === 0);
		}
		const firstMiss = json.findIndex((e) => !e.fits);
		assert.ok(firstMiss > 0, 'some meshes fit and come first');
		assert.ok(json.slice(firstMiss).every((e) => !e.fits));
		assert.deepEqual(
			json,
			toChooseJson(
				choose(dataset, {
					require: parseRequirements(
						'mtls=full,multi-cluster=partial,fault-injection=preview',
						featureIds,
					),
					excludeRetired: true,
				}),
			),
		);
	});

	it('prints a table and Markdown', async () => {
		const table = await run(['--require', 'mtls=full', '--open-source']);
		assert.equal(table.code, 0);
		assert.match(table.out, /^Mesh +Fits +Gaps/);
		assert.match(table.out, /\d+ of \d+ meet every requirement\./);
		const md = await run(['--require', 'mtls=full', '--format', 'md', '--allow-enterprise']);
		assert.match(md.out, /Paid-edition features count as full/);
	});

	it('refuses bad requirements, platforms, formats and flag values', async () => {
		await assert.rejects(run(['--require', 'nope=full']), UsageError);
		await assert.rejects(run(['--require', 'mtls=best']), UsageError);
		await assert.rejects(run(['--platforms', 'mainframe']), UsageError);
		await assert.rejects(run(['--format', 'csv']), UsageError);
		await assert.rejects(run(['--open-source=yes']), UsageError);
	});
});
