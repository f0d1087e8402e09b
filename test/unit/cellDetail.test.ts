import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	buildMatrix,
	cellFacts,
	CONVERSION_ROUTES,
	CONVERSIONS,
	conversionRoutes,
	sourceDisplay,
	type MatrixCell,
} from '../../src/core';
import { loadBuiltin } from './helpers';

const cell = (value: string, since?: string): MatrixCell => ({
	mesh: 'm',
	support: 'full',
	glyph: '●',
	label: `Full support: ${value}`,
	value,
	sources: [],
	asOf: '2026-11-01',
	...(since ? { since } : {}),
});

describe('cell detail', () => {
	it('lists Since only when the value does not already say it', () => {
		assert.deepEqual(
			cellFacts(cell('GA since 1.24 (Nov 2024)', '1.24')).map((f) => f.term),
			['Support', 'As of'],
		);
		assert.deepEqual(cellFacts(cell('Yes', '1.24')), [
			{ term: 'Support', value: 'Full support: Yes' },
			{ term: 'Since', value: '1.24' },
			{ term: 'As of', value: '2026-11-01' },
		]);
		// Another version in the value is not the same fact.
		assert.deepEqual(
			cellFacts(cell('Alpha since 1.27', '1.2')).map((f) => f.term),
			['Support', 'Since', 'As of'],
		);
		assert.deepEqual(
			cellFacts(cell('No data')).map((f) => f.term),
			['Support', 'As of'],
		);
	});

	it('never shows the word "since" twice in any shipped cell', () => {
		const { dataset } = loadBuiltin();
		const view = buildMatrix(dataset, { meshes: dataset.meshes.map((m) => m.id) });
		let withSince = 0;
		for (const row of view.groups.flatMap((g) => g.rows)) {
			for (const c of row.cells) {
				if (!c.since) continue;
				withSince++;
				const shown = cellFacts(c)
					.map((f) => `${f.term} ${f.value}`)
					.join(' ');
				const count = shown.match(/\bsince\b/gi)?.length ?? 0;
				assert.ok(count <= 1, `${c.mesh}/${row.feature}: ${shown}`);
				assert.ok(shown.includes(c.since), `${c.mesh}/${row.feature} loses the version`);
			}
		}
		assert.ok(withSince > 20, `only ${withSince} cells carry since`);
	});

	it('shows a source as host and path, broken after separators, the full URL kept', () => {
		const url =
			'https://www.istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry';
		const d = sourceDisplay(url);
		assert.equal(d.url, url);
		assert.equal(d.host, 'istio.io');
		assert.equal(
			d.pathParts.join(''),
			'/latest/docs/reference/config/networking/virtual-service/#HTTPRetry',
		);
		assert.deepEqual(d.pathParts.slice(0, 3), ['/', 'latest/', 'docs/']);
		for (const p of d.pathParts) assert.ok(p.length <= 24, p);
		// A long slug breaks after its hyphens, not at an arbitrary letter.
		const long = sourceDisplay(
			'https://github.com/linkerd/linkerd2/releases/tag/edge-24.11.8-a-very-long-release-name',
		);
		assert.ok(long.pathParts.includes('edge-'), long.pathParts.join('|'));
		assert.equal(sourceDisplay('https://kuma.io/').pathParts.length, 0);
		assert.deepEqual(sourceDisplay('not a url'), {
			url: 'not a url',
			host: 'not a url',
			pathParts: [],
		});
	});
});

describe('cell detail: conversions', () => {
	it('links a feature to the conversion between the cell mesh and another mesh shown', () => {
		const shown = ['istio', 'linkerd', 'app-mesh'];
		const retries = conversionRoutes('retries', 'app-mesh', shown);
		assert.deepEqual(
			retries.map((r) => [r.from, r.to, r.target]),
			[
				['app-mesh', 'istio', 'istio'],
				['app-mesh', 'linkerd', 'linkerd'],
			],
		);
		// The other direction too: in Istio's cell, App Mesh's resources convert to Istio.
		assert.deepEqual(
			conversionRoutes('retries', 'istio', shown).map((r) => r.from),
			['app-mesh'],
		);
		// Only to meshes shown, and only for features the conversion carries.
		assert.deepEqual(conversionRoutes('retries', 'app-mesh', ['app-mesh', 'kuma']), []);
		assert.deepEqual(conversionRoutes('fips', 'app-mesh', shown), []);
		assert.deepEqual(
			conversionRoutes('authorization-policy', 'open-service-mesh', ['cilium']).map(
				(r) => r.target,
			),
			['cilium'],
		);
	});

	it('names only meshes and features of the dataset, and targets a conversion offers', () => {
		const { dataset } = loadBuiltin();
		const meshes = new Set(dataset.meshes.map((m) => m.id));
		const features = new Set(dataset.features.map((f) => f.id));
		const targets = new Set(CONVERSIONS.flatMap((c) => c.targets));
		for (const r of CONVERSION_ROUTES) {
			assert.ok(meshes.has(r.from) && meshes.has(r.to), `${r.from} → ${r.to}`);
			for (const f of r.features) assert.ok(features.has(f), f);
			assert.ok(targets.has(r.target), r.target);
		}
		assert.ok(CONVERSION_ROUTES.length >= 10);
	});
});
