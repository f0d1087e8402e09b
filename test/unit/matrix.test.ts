import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMatrix, moveColumn, toCsv, toHtml, toMarkdown } from '../../src/core';
import { loadBuiltin, smallDataset } from './helpers';

const { dataset } = smallDataset();

describe('buildMatrix', () => {
	it('keeps the chosen column order and ignores unknown ids and duplicates', () => {
		const view = buildMatrix(dataset, { meshes: ['beta', 'nope', 'alpha', 'beta'] });
		assert.deepEqual(
			view.columns.map((c) => c.id),
			['beta', 'alpha'],
		);
	});

	it('groups rows by category in dataset order with typed cells', () => {
		const view = buildMatrix(dataset, { meshes: ['alpha', 'beta'] });
		assert.deepEqual(
			view.groups.map((g) => [g.category, g.rows.map((r) => r.feature)]),
			[
				['traffic', ['retries', 'timeouts']],
				['security', ['mtls']],
			],
		);
		const cell = view.groups[0]?.rows[0]?.cells[1];
		assert.equal(cell?.support, 'partial');
		assert.equal(cell?.label, 'Partial: Only idempotent | GET');
		assert.deepEqual(cell?.sources, ['https://example.com/beta/retries']);
		assert.equal(view.totalRows, 3);
		assert.equal(view.shownRows, 3);
	});

	it('shows only differing rows when asked', () => {
		const view = buildMatrix(dataset, { meshes: ['alpha', 'beta'], onlyDifferences: true });
		assert.deepEqual(
			view.groups.flatMap((g) => g.rows.map((r) => r.feature)),
			['retries', 'mtls'],
		);
		const same = buildMatrix(dataset, { meshes: ['alpha', 'gamma'], onlyDifferences: true });
		assert.equal(same.shownRows, 0);
	});

	it('filters by text over names, descriptions and values, and by category', () => {
		assert.deepEqual(
			buildMatrix(dataset, { meshes: ['alpha'], text: 'ENCRYPTS' }).groups.map(
				(g) => g.category,
			),
			['security'],
		);
		assert.deepEqual(
			buildMatrix(dataset, {
				meshes: ['alpha', 'beta'],
				text: 'idempotent',
			}).groups[0]?.rows.map((r) => r.feature),
			['retries'],
		);
		const byCategory = buildMatrix(dataset, { meshes: ['alpha'], categories: ['security'] });
		assert.deepEqual(
			byCategory.groups.map((g) => g.category),
			['security'],
		);
		assert.equal(byCategory.totalRows, 3);
		assert.equal(byCategory.shownRows, 1);
	});

	it('hides retired meshes on request and marks them otherwise', () => {
		const all = buildMatrix(dataset, { meshes: ['alpha', 'gamma'] });
		assert.equal(all.columns.find((c) => c.id === 'gamma')?.retired, true);
		assert.equal(all.columns.find((c) => c.id === 'gamma')?.lifecycleDate, '2023-06-30');
		const hidden = buildMatrix(dataset, { meshes: ['alpha', 'gamma'], hideRetired: true });
		assert.deepEqual(
			hidden.columns.map((c) => c.id),
			['alpha'],
		);
	});

	it('renders 20 meshes × 60 features of the shipped data shape', () => {
		const { dataset: real } = loadBuiltin();
		const view = buildMatrix(real, { meshes: real.meshes.map((m) => m.id) });
		assert.equal(view.columns.length, real.meshes.length);
		assert.equal(view.shownRows, real.features.length);
	});
});

describe('moveColumn', () => {
	it('moves within bounds and leaves the rest alone', () => {
		assert.deepEqual(moveColumn(['a', 'b', 'c'], 'b', -1), ['b', 'a', 'c']);
		assert.deepEqual(moveColumn(['a', 'b', 'c'], 'c', 1), ['a', 'b', 'c']);
		assert.deepEqual(moveColumn(['a', 'b', 'c'], 'x', 1), ['a', 'b', 'c']);
	});
});

describe('exports', () => {
	const view = buildMatrix(dataset, { meshes: ['alpha', 'beta', 'gamma'] });

	it('writes Markdown tables per category with escaped pipes and retired columns marked', () => {
		const md = toMarkdown(view);
		assert.match(md, /^# Service mesh comparison/);
		assert.match(md, /\| Feature \| ALPHA \| BETA \| GAMMA \(archived 2023-06-30\) \|/);
		assert.match(
			md,
			/\| Retries \| ● Per route \| ◐ Only idempotent \\\| GET \| ● Yes \(final release\) \|/,
		);
		assert.match(md, /## Security/);
	});

	it('writes CSV with one row per feature and mesh, quoting where needed', () => {
		const lines = toCsv(view).trimEnd().split('\r\n');
		assert.equal(lines[0], 'category,feature,mesh,support,value,note,since,asOf,sources');
		assert.equal(lines.length, 1 + 3 * 3);
		assert.ok(
			lines.includes(
				'Traffic,Retries,beta,partial,Only idempotent | GET,,,2026-11-01,https://example.com/beta/retries',
			),
		);
	});

	it('writes standalone HTML with header semantics and escaped text', () => {
		const html = toHtml(view);
		assert.match(html, /<th scope="col">GAMMA \(archived 2023-06-30\)<\/th>/);
		assert.match(html, /<th scope="row">Retries<\/th>/);
		assert.doesNotMatch(html, /<script/);
		const evil = buildMatrix(dataset, { meshes: ['alpha'], text: 'Per' });
		assert.ok(!toHtml({ ...evil, asOf: '<img src=x>' }).includes('<img'));
	});
});
