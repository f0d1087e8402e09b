import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	buildMatrix,
	datasetQualityIssues,
	isPrimarySource,
	isRetired,
	loadDataset,
	meshQualityIssues,
	toMarkdown,
	versionAgreementIssues,
	type Mesh,
} from '../../src/core';
import { FEATURES_YAML, loadBuiltin, meshYaml } from './helpers';

const PRIMARY = 'primarySources: { domains: [example.com], repositories: [acme/mesh] }';

function load(...texts: string[]) {
	return loadDataset({
		features: { path: 'features.yaml', text: FEATURES_YAML },
		meshes: texts.map((text, i) => ({ path: `m${i}.yaml`, text })),
	});
}

describe('shipped dataset quality', () => {
	const { dataset } = loadBuiltin();

	it('has no quality issue: primary sources, searched unknowns, dated versions, agreeing distributions', () => {
		const issues = datasetQualityIssues(dataset).map(
			(i) => `${i.mesh}${i.feature ? `/${i.feature}` : ''}: ${i.message}`,
		);
		assert.deepEqual(issues, []);
	});

	it('declares primary sources for every mesh file', () => {
		for (const m of dataset.meshes) {
			assert.ok(m.primarySources, `${m.id} declares primarySources`);
			assert.ok(m.primarySources.domains.length > 0);
		}
	});

	it('cites none of the weak sources the review found', () => {
		const weak =
			/api-evangelist|sourceforge\.net|newreleases\.io|kuma-migrator|servicemesh\.es|meshery\.io\/issues/;
		for (const m of dataset.meshes) {
			for (const url of [m.latestVersion.source, ...m.sources]) {
				assert.ok(!weak.test(url), `${m.id}: ${url}`);
			}
			for (const [f, c] of Object.entries(m.cells)) {
				for (const url of c.sources) assert.ok(!weak.test(url), `${m.id}/${f}: ${url}`);
			}
		}
	});

	it('dates every latest version, except a product whose lifecycle is unknown', () => {
		for (const m of dataset.meshes) {
			if (m.lifecycle.status === 'unknown') continue;
			assert.match(m.latestVersion.date ?? '', /^\d{4}-\d{2}-\d{2}$/, m.id);
		}
	});

	it('keeps Istio, Cloud Service Mesh and OpenShift Service Mesh on agreeing release lines', () => {
		const byId = new Map(dataset.meshes.map((m) => [m.id, m]));
		const istio = byId.get('istio');
		for (const id of ['cloud-service-mesh', 'openshift-service-mesh']) {
			assert.equal(byId.get(id)?.basedOn?.mesh, 'istio', id);
		}
		assert.equal(
			byId.get('istio-ambient')?.latestVersion.version,
			istio?.latestVersion.version,
		);
		assert.deepEqual(versionAgreementIssues(dataset), []);
	});

	it('shows retired products as their final release, never as a live "full"', () => {
		const retired = dataset.meshes.filter(isRetired);
		assert.ok(retired.length >= 3);
		const view = buildMatrix(dataset, { meshes: retired.map((m) => m.id) });
		let fullCells = 0;
		for (const row of view.groups.flatMap((g) => g.rows)) {
			for (const cell of row.cells) {
				assert.ok(cell.finalRelease, `${cell.mesh}/${row.feature} has a final release`);
				assert.doesNotMatch(cell.label, /^Full:/, `${cell.mesh}/${row.feature}`);
				if (cell.support === 'full') {
					fullCells++;
					assert.match(cell.label, /final release .* no longer available/);
				}
			}
		}
		assert.ok(fullCells > 0, 'the retired columns still carry full cells to check');
		for (const c of view.columns) assert.match(c.finalRelease ?? '', /\(.+\)$/);
		assert.match(toMarkdown(view), /\(final release\)/);
	});
});

describe('isPrimarySource', () => {
	const primary = {
		domains: ['kuma.io', 'konghq.com'],
		repositories: ['kumahq', 'Kong/kong-mesh'],
	};

	it('accepts the domains, their sub-domains and the repositories in all GitHub forms', () => {
		for (const url of [
			'https://kuma.io/docs/latest/',
			'https://developer.konghq.com/mesh/upgrade',
			'https://github.com/kumahq/kuma/releases/tag/v3.0.1',
			'https://raw.githubusercontent.com/kumahq/kuma/master/versions.yml',
			'https://github.com/Kong/kong-mesh/issues/1',
		]) {
			assert.ok(isPrimarySource(url, primary), url);
		}
	});

	it('refuses look-alike hosts, mirrors, other repositories and junk', () => {
		for (const url of [
			'https://notkuma.io/x',
			'https://kuma.io.evil.example/x',
			'https://sourceforge.net/projects/kuma.mirror/files/v3.0.0/',
			'https://kong.github.io/kuma-migrator/docs/topics/meshes/',
			'https://github.com/Kong/kuma-migrator',
			'https://raw.githubusercontent.com/api-evangelist/kuma/refs/heads/main/x.yml',
			'not a url',
		]) {
			assert.ok(!isPrimarySource(url, primary), url);
		}
	});
});

describe('meshQualityIssues', () => {
	const quality = (text: string): string[] => {
		const { dataset, issues } = load(text);
		assert.deepEqual(issues, []);
		return meshQualityIssues(dataset.meshes[0] as Mesh).map(
			(i) => `${i.feature ?? ''} ${i.message}`,
		);
	};

	it('fails a cell with no primary source and accepts secondary sources beside a primary one', () => {
		const text = meshYaml('alpha', { retries: ['full', 'x'], timeouts: ['full', 'y'] }, PRIMARY)
			.replace('https://example.com/alpha/retries', 'https://blog.example.org/retries')
			.replace(
				'[https://example.com/alpha/timeouts]',
				'[https://blog.example.org/t, https://example.com/alpha/timeouts]',
			);
		const issues = quality(text);
		assert.equal(issues.length, 1, issues.join('\n'));
		assert.match(issues[0] ?? '', /^retries no primary source/);
	});

	it('fails a mesh without primarySources', () => {
		assert.ok(
			quality(meshYaml('alpha', { retries: ['full', 'x'] })).some((i) =>
				/declares no primarySources/.test(i),
			),
		);
	});

	it('fails an unknown cell whose note does not say what was searched', () => {
		const cell = (note: string) =>
			meshYaml('alpha', { retries: ['unknown', 'x'] }, PRIMARY).replace(
				'    value: "x"\n',
				`    value: "x"\n    note: '${note}'\n`,
			);
		assert.ok(quality(cell('No idea.')).some((i) => /must say what was searched/.test(i)));
		assert.deepEqual(quality(cell('Searched the docs and release notes; nothing found.')), []);
	});

	it('requires a dated latest version unless the lifecycle is unknown and the note says what was searched', () => {
		const undated = meshYaml('alpha', { retries: ['full', 'x'] }, PRIMARY).replace(
			'date: 2026-09-01, ',
			'',
		);
		const { issues } = load(undated);
		assert.ok(
			issues.some((i) => i.path === 'latestVersion.date'),
			'schema refuses a bare undated version',
		);
		const noted = undated.replace(
			'source: "https://example.com/alpha/releases"',
			'source: "https://example.com/alpha/releases", note: "Searched the release notes; no dates published."',
		);
		assert.ok(quality(noted).some((i) => /only a product whose lifecycle is unknown/.test(i)));
		const unknownLifecycle = noted.replace(
			'lifecycle: { status: active }',
			'lifecycle: { status: unknown, note: "Searched the vendor site; no status found." }',
		);
		assert.deepEqual(quality(unknownLifecycle), []);
	});
});

describe('versionAgreementIssues', () => {
	const base = meshYaml('alpha', { retries: ['full', 'x'] }, PRIMARY).replace(
		'version: "1.0"',
		'version: "1.31.1"',
	);
	const dist = (version: string, on: string) =>
		meshYaml(
			'beta',
			{ retries: ['full', 'x'] },
			`${PRIMARY}\nbasedOn: { mesh: alpha, version: '${on}' }`,
		).replace('version: "1.0"', `version: "${version}"`);

	it('accepts a distribution on the base release line', () => {
		const { dataset } = load(base, dist('1.31.3-asm.9', '1.31'));
		assert.deepEqual(versionAgreementIssues(dataset), []);
	});

	it('flags a distribution based on a newer line than the base has released', () => {
		const { dataset } = load(base, dist('1.32.0-asm.1', '1.32'));
		assert.match(
			versionAgreementIssues(dataset)[0]?.message ?? '',
			/newer than alpha's latest 1\.31\.1/,
		);
	});

	it('flags a distribution whose own version contradicts its stated base', () => {
		const { dataset } = load(base, dist('1.30.7-asm.9', '1.31'));
		assert.match(
			versionAgreementIssues(dataset)[0]?.message ?? '',
			/ships 1\.30\.7-asm\.9 but says/,
		);
	});

	it('flags a mode whose latest version differs from the mesh it belongs to', () => {
		const variant = meshYaml(
			'gamma',
			{ retries: ['full', 'x'] },
			`${PRIMARY}\nvariantOf: alpha`,
		);
		const { dataset } = load(base, variant);
		assert.match(versionAgreementIssues(dataset)[0]?.message ?? '', /is a mode of alpha/);
	});
});
