// The comparison's cell detail: the note, facts and sources of one cell, and the conversions
// between its mesh and the other meshes shown.
import {
	cellFacts,
	conversionRoutes,
	sourceDisplay,
	type FromWebview,
	type MatrixView,
} from '../src/protocol';
import { el } from './dom';

/** Draws the detail of the cell (feature × mesh) into `detail`, or a hint when there is none. */
export function renderDetail(
	detail: HTMLElement,
	view: MatrixView | undefined,
	feature: string,
	mesh: string,
	post: (message: FromWebview) => void,
): void {
	const row = view?.groups.flatMap((g) => g.rows).find((r) => r.feature === feature);
	const cell = row?.cells.find((c) => c.mesh === mesh);
	const column = view?.columns.find((c) => c.id === mesh);
	if (!row || !cell || !column) {
		detail.replaceChildren(
			el('p', { class: 'hint' }, 'Select a cell to see its note and sources.'),
		);
		return;
	}
	const sources = el('ul', { class: 'sources' });
	for (const url of cell.sources) {
		// Host and path, breakable after each separator; the full URL is in the tooltip.
		const shown = sourceDisplay(url);
		const a = el(
			'a',
			{ href: '#', 'data-url': url, title: url },
			el('span', { class: 'host' }, shown.host),
		);
		for (const part of shown.pathParts) a.append(document.createElement('wbr'), part);
		a.addEventListener('click', (e) => {
			e.preventDefault();
			post({ type: 'openSource', url });
		});
		sources.append(el('li', {}, a));
	}
	const facts = el('dl');
	for (const { term, value } of cellFacts(cell)) {
		facts.append(el('dt', {}, term), el('dd', {}, value));
	}
	detail.replaceChildren(
		el('h2', {}, `${column.name} · ${row.name}`),
		el('p', { class: 'feature-description' }, row.description),
		facts,
		...(cell.note ? [el('p', { class: 'note' }, cell.note)] : []),
		...conversionsDetail(view, feature, mesh, post),
		el('h3', {}, cell.sources.length ? 'Sources' : 'No sources'),
		sources,
	);
}

/**
 * Where the cell's mesh and another mesh shown express the feature in different resources and
 * Meshlens converts between them: a link that runs the conversion (the files are picked next),
 * and the same as a command line.
 */
function conversionsDetail(
	view: MatrixView | undefined,
	feature: string,
	mesh: string,
	post: (message: FromWebview) => void,
): HTMLElement[] {
	const shown = view?.columns.map((c) => c.id) ?? [];
	const routes = conversionRoutes(feature, mesh, shown);
	if (!routes.length) return [];
	const name = (id: string) => view?.columns.find((c) => c.id === id)?.name ?? id;
	const list = el('ul', { class: 'conversions' });
	for (const r of routes) {
		const a = el(
			'a',
			{ href: '#', 'data-target': r.target, title: `Convert ${r.sources}` },
			`${name(r.from)} → ${name(r.to)}`,
		);
		a.addEventListener('click', (e) => {
			e.preventDefault();
			post({ type: 'convert', target: r.target });
		});
		list.append(
			el(
				'li',
				{},
				a,
				el('span', { class: 'conversion-sources' }, `: ${r.sources}`),
				el('code', {}, `meshlens convert --to ${r.target} <files>`),
			),
		);
	}
	return [el('h3', {}, 'Convert'), list];
}
