// The comparison webview: renders the MatrixView computed by the host and posts user intents back.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './main.css';
import './cells.css';
import { ChooseMode } from './choose';
import { renderDetail } from './detail';
import { releaseServiceWorker } from './worker';
import { $, el, updateScrollCues } from './dom';
import { markChangedCell, renderChangesBanner } from './changes';
import {
	ToWebviewSchema,
	moveColumn,
	type Density,
	type DensitySetting,
	type ExportFormat,
	type FromWebview,
	type MatrixOptionsMessage,
	type MatrixCell,
	type MatrixColumn,
	type MatrixView,
	type ChooseRequest,
	type ToWebview,
} from '../src/protocol';

interface WebviewState {
	options?: MatrixOptionsMessage;
	/** Which face is showing: the matrix, or "Which mesh fits?". */
	mode?: 'compare' | 'choose';
	/** The "Which mesh fits?" requirement set. */
	choose?: ChooseRequest;
	collapsed?: string[];
	selected?: { feature: string; mesh: string };
}

const vscode = acquireVsCodeApi<WebviewState>();
let state: WebviewState = vscode.getState() ?? {};
let view: MatrixView | undefined;
let options: MatrixOptionsMessage = state.options ?? { meshes: [] };
let pendingFocus: { mesh?: string; feature?: string } | undefined;
let queryStarted = performance.now();
/** Whether this page has let go of its origin's service worker registration (worker.ts). */
let workerReleased = false;
/** The `meshlens.comparison.density` setting, as the host last sent it. */
let densitySetting: DensitySetting = 'auto';

function post(message: FromWebview): void {
	vscode.postMessage(message);
}

function saveState(): void {
	state = { ...state, options };
	vscode.setState(state);
}

function query(next: MatrixOptionsMessage): void {
	options = next;
	saveState();
	queryStarted = performance.now();
	post({ type: 'query', options });
}

// Controls -------------------------------------------------------------------------------------

let filterTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Applies the filter field's current text now. The field's own input event can arrive after a
 * click that follows typing, so this reads the field rather than the last event.
 */
function flushFilter(): void {
	clearTimeout(filterTimer);
	const text = String($<ValueElement>('filter').value);
	if (text !== (options.text ?? '')) query({ ...options, text });
}

interface ValueElement extends HTMLElement {
	value: string | string[];
	checked?: boolean;
}

function renderControls(v: MatrixView): void {
	const meshSelect = $<ValueElement>('meshes');
	const wanted = v.meshes.map((m) => m.id).join(',');
	if (meshSelect.dataset.ids !== wanted) {
		meshSelect.replaceChildren(
			...v.meshes.map((m) => {
				const label = m.retired ? `${m.name} (${m.lifecycle})` : m.name;
				return el('vscode-option', { value: m.id }, label);
			}),
		);
		meshSelect.dataset.ids = wanted;
	}
	meshSelect.value = [...options.meshes];

	const categorySelect = $<ValueElement>('category');
	if (categorySelect.childElementCount === 0) {
		categorySelect.append(
			el('vscode-option', { value: '' }, 'All categories'),
			...v.categories.map((c) => el('vscode-option', { value: c.id }, c.name)),
		);
	}
	categorySelect.value = options.categories?.[0] ?? '';
	const text = $<ValueElement>('filter');
	if (text.value !== (options.text ?? '')) text.value = options.text ?? '';
	$<ValueElement>('only-diff').checked = options.onlyDifferences ?? false;
	$<ValueElement>('hide-retired').checked = options.hideRetired ?? false;
	$<ValueElement>('compact').checked = effectiveDensity(v.columns.length) === 'compact';

	const legend = $('legend');
	legend.replaceChildren(
		...v.legend.map((l) =>
			el(
				'span',
				{ class: `legend-item support-${cssName(l.support)}`, title: l.meaning },
				el('span', { class: 'glyph', 'aria-hidden': 'true' }, l.glyph),
				` ${l.name}`,
			),
		),
	);
}

function wireControls(): void {
	$('meshes').addEventListener('change', (e) => {
		const picked = (e.target as ValueElement).value as string[];
		// Keep the user's column order; append newly picked meshes at the end.
		const kept = options.meshes.filter((id) => picked.includes(id));
		const added = picked.filter((id) => !kept.includes(id));
		query({ ...options, meshes: [...kept, ...added] });
	});
	$('filter').addEventListener('input', () => {
		clearTimeout(filterTimer);
		filterTimer = setTimeout(flushFilter, 120);
	});
	$('category').addEventListener('change', (e) => {
		const value = String((e.target as ValueElement).value);
		query({ ...options, categories: value ? [value] : [] });
	});
	$('only-diff').addEventListener('change', (e) => {
		query({ ...options, onlyDifferences: (e.target as ValueElement).checked ?? false });
	});
	$('hide-retired').addEventListener('change', (e) => {
		query({ ...options, hideRetired: (e.target as ValueElement).checked ?? false });
	});
	$('compact').addEventListener('change', (e) => {
		const density: Density = (e.target as ValueElement).checked ? 'compact' : 'comfortable';
		if (density === effectiveDensity(view?.columns.length ?? 0)) return;
		query({ ...options, density });
	});
	const wrap = $('table-wrap');
	wrap.addEventListener('scroll', () => updateScrollCues(), { passive: true });
	window.addEventListener('resize', () => {
		applyDensity();
		updateScrollCues();
	});
	// Exports describe exactly what the user sees, so a filter still being typed is applied first.
	$('copy-md').addEventListener('click', () => {
		flushFilter();
		post({ type: 'copyMarkdown', options });
	});
	for (const format of ['markdown', 'csv', 'html'] as ExportFormat[]) {
		$(`export-${format}`).addEventListener('click', () => {
			flushFilter();
			post({ type: 'export', format, options });
		});
	}
	$('clear-filters').addEventListener('click', () =>
		query({ ...options, text: '', categories: [], onlyDifferences: false }),
	);
}

// Density and horizontal scrolling -------------------------------------------------------------

/** The narrowest a comfortable column may be; below it, `auto` density turns compact. */
const COMFORTABLE_COLUMN = 150;
const COMFORTABLE_FEATURE = 200;

/** The density to draw with: the user's pick in the view, else the setting (`auto` by width). */
function effectiveDensity(columns: number): Density {
	if (options.density) return options.density;
	if (densitySetting !== 'auto') return densitySetting;
	const width = $('table-wrap').clientWidth || window.innerWidth;
	return COMFORTABLE_FEATURE + columns * COMFORTABLE_COLUMN > width ? 'compact' : 'comfortable';
}

function applyDensity(): void {
	const columns = view?.columns.length ?? 0;
	const density = effectiveDensity(columns);
	document.body.style.setProperty('--ml-columns', String(columns));
	if (document.body.dataset.density !== density) document.body.dataset.density = density;
	$<ValueElement>('compact').checked = density === 'compact';
}

// Table ----------------------------------------------------------------------------------------

function cssName(support: string): string {
	return support.replace('/', '');
}

function columnHeader(c: MatrixColumn, index: number, count: number): HTMLTableCellElement {
	const th = el('th', { scope: 'col', 'data-mesh': c.id, class: c.retired ? 'retired' : '' });
	const name = el('span', { class: 'mesh-name' }, c.name);
	th.append(name);
	const meta = el('span', { class: 'mesh-meta' }, c.version);
	th.append(meta);
	if (c.kind === 'service-networking') {
		th.append(
			el(
				'span',
				{
					class: 'kind',
					title: 'Application networking compared against meshes; it is not a service mesh',
				},
				'service networking',
			),
		);
	}
	if (c.lifecycle !== 'active') {
		const text = `${c.lifecycle}${c.lifecycleDate ? ` ${c.lifecycleDate}` : ''}`;
		th.append(
			el(
				'span',
				{ class: 'lifecycle', title: c.successor ? `Successor: ${c.successor}` : text },
				text,
			),
		);
	}
	const moves = el('span', { class: 'moves' });
	const left = el(
		'button',
		{ class: 'move', 'aria-label': `Move ${c.name} left`, title: 'Move left' },
		'‹',
	);
	const right = el(
		'button',
		{ class: 'move', 'aria-label': `Move ${c.name} right`, title: 'Move right' },
		'›',
	);
	left.disabled = index === 0;
	right.disabled = index === count - 1;
	left.addEventListener('click', () => moveColumnBy(c.id, -1));
	right.addEventListener('click', () => moveColumnBy(c.id, 1));
	moves.append(left, right);
	th.append(moves);
	return th;
}

function moveColumnBy(id: string, delta: -1 | 1): void {
	query({ ...options, meshes: moveColumn(options.meshes, id, delta) });
}

function renderTable(v: MatrixView): void {
	const started = performance.now();
	applyDensity();
	const table = $<HTMLTableElement>('matrix');
	const collapsed = new Set(state.collapsed ?? []);
	const head = el('thead');
	const headRow = el('tr');
	headRow.append(el('th', { scope: 'col', class: 'corner' }, 'Feature'));
	v.columns.forEach((c, i) => headRow.append(columnHeader(c, i, v.columns.length)));
	head.append(headRow);

	const bodies: HTMLTableSectionElement[] = [];
	let rowIndex = 0;
	for (const group of v.groups) {
		const body = el('tbody', { 'data-category': group.category });
		const isCollapsed = collapsed.has(group.category);
		const toggle = el(
			'button',
			{
				class: 'group-toggle',
				'aria-expanded': String(!isCollapsed),
				'data-category': group.category,
			},
			el('span', { class: 'chevron', 'aria-hidden': 'true' }, isCollapsed ? '▸' : '▾'),
			` ${group.name} `,
			el('span', { class: 'count' }, `(${group.rows.length})`),
		);
		toggle.addEventListener('click', () => toggleGroup(group.category));
		const groupRow = el('tr', { class: 'group' });
		groupRow.append(
			el('th', { scope: 'rowgroup', colspan: String(v.columns.length + 1) }, toggle),
		);
		body.append(groupRow);
		if (!isCollapsed) {
			for (const row of group.rows) {
				const tr = el('tr', {
					'data-feature': row.feature,
					class: row.differs ? 'differs' : '',
				});
				tr.append(el('th', { scope: 'row', title: row.description }, row.name));
				row.cells.forEach((cell, col) =>
					tr.append(cellElement(cell, row.feature, rowIndex, col)),
				);
				body.append(tr);
				rowIndex++;
			}
		}
		bodies.push(body);
	}
	table.replaceChildren(
		el('caption', {}, `Service mesh comparison, data as of ${v.asOf}`),
		head,
		...bodies,
	);
	$('summary').textContent =
		`${v.shownRows} of ${v.totalRows} features · ${v.columns.length} meshes · data as of ${v.asOf}`;
	$('empty').hidden = v.shownRows > 0;
	restoreSelection();
	applyFocus();
	updateScrollCues();
	const now = performance.now();
	post({
		type: 'rendered',
		rows: v.shownRows,
		columns: v.columns.length,
		ms: Math.round(now - queryStarted),
		page: Math.round(
			now -
				((
					performance.getEntriesByType('navigation')[0] as
						PerformanceNavigationTiming | undefined
				)?.responseEnd ?? 0),
		),
	});
	table.dataset.renderMs = String(Math.round(now - started));
	if (!workerReleased) {
		workerReleased = true;
		// After the first drawing, so it never delays it: see worker.ts.
		setTimeout(() => void releaseServiceWorker(navigator.serviceWorker), 0);
	}
}

function cellElement(
	cell: MatrixCell,
	feature: string,
	row: number,
	col: number,
): HTMLTableCellElement {
	const td = el('td', {
		class: `cell support-${cssName(cell.support)}${cell.finalRelease ? ' final-release' : ''}`,
		'data-mesh': cell.mesh,
		'data-feature': feature,
		'data-row': String(row),
		'data-col': String(col),
		tabindex: '-1',
		'aria-label': cell.label,
	});
	td.append(
		el(
			'div',
			{ class: 'cell-body' },
			el('span', { class: 'glyph', 'aria-hidden': 'true' }, cell.glyph),
			el('span', { class: 'value', 'aria-hidden': 'true' }, cell.value),
		),
	);
	// Compact cells cut long values after two lines, so the tooltip always carries the whole text.
	td.title = cell.note ? `${cell.value} — ${cell.note}` : cell.value;
	markChangedCell(td, cell);
	td.addEventListener('click', () => select(td));
	return td;
}

function toggleGroup(category: string): void {
	const collapsed = new Set(state.collapsed ?? []);
	if (collapsed.has(category)) collapsed.delete(category);
	else collapsed.add(category);
	state = { ...state, collapsed: [...collapsed] };
	vscode.setState(state);
	if (view) renderTable(view);
}

// Selection, detail and keyboard ---------------------------------------------------------------

function cells(): HTMLTableCellElement[] {
	return [...document.querySelectorAll<HTMLTableCellElement>('#matrix td.cell')];
}

function select(td: HTMLTableCellElement, focus = true): void {
	for (const c of document.querySelectorAll('#matrix td.selected')) {
		c.classList.remove('selected');
		c.setAttribute('tabindex', '-1');
		c.removeAttribute('aria-selected');
	}
	td.classList.add('selected');
	td.setAttribute('tabindex', '0');
	td.setAttribute('aria-selected', 'true');
	if (focus) td.focus();
	const feature = td.dataset.feature ?? '';
	const mesh = td.dataset.mesh ?? '';
	state = { ...state, selected: { feature, mesh } };
	vscode.setState(state);
	showDetail(feature, mesh);
}

function showDetail(feature: string, mesh: string): void {
	renderDetail($('detail'), view, feature, mesh, post);
}

function restoreSelection(): void {
	const sel = state.selected;
	const all = cells();
	const match = sel
		? all.find((c) => c.dataset.feature === sel.feature && c.dataset.mesh === sel.mesh)
		: undefined;
	if (match) select(match, false);
	else {
		all[0]?.setAttribute('tabindex', '0');
		showDetail('', '');
	}
}

function onKey(e: KeyboardEvent): void {
	const td = (e.target as HTMLElement).closest<HTMLTableCellElement>('td.cell');
	if (!td) return;
	const row = Number(td.dataset.row);
	const col = Number(td.dataset.col);
	let target: { row: number; col: number } | undefined;
	const lastCol = (view?.columns.length ?? 1) - 1;
	switch (e.key) {
		case 'ArrowRight':
			target = { row, col: Math.min(col + 1, lastCol) };
			break;
		case 'ArrowLeft':
			target = { row, col: Math.max(col - 1, 0) };
			break;
		case 'ArrowDown':
			target = { row: row + 1, col };
			break;
		case 'ArrowUp':
			target = { row: Math.max(row - 1, 0), col };
			break;
		case 'Home':
			target = { row: e.ctrlKey ? 0 : row, col: 0 };
			break;
		case 'End':
			target = { row, col: lastCol };
			break;
		case 'Enter':
		case ' ':
			select(td);
			e.preventDefault();
			return;
		default:
			return;
	}
	const next = document.querySelector<HTMLTableCellElement>(
		`#matrix td.cell[data-row="${target.row}"][data-col="${target.col}"]`,
	);
	if (next) {
		select(next);
		e.preventDefault();
	}
}

function applyFocus(): void {
	const focus = pendingFocus;
	if (!focus || !view) return;
	pendingFocus = undefined;
	if (focus.feature) {
		const td =
			document.querySelector<HTMLTableCellElement>(
				`#matrix td.cell[data-feature="${CSS.escape(focus.feature)}"]${focus.mesh ? `[data-mesh="${CSS.escape(focus.mesh)}"]` : ''}`,
			) ?? undefined;
		if (td) {
			select(td);
			td.scrollIntoView({ block: 'center', inline: 'nearest' });
		}
	} else if (focus.mesh) {
		const th = document.querySelector<HTMLElement>(
			`#matrix th[data-mesh="${CSS.escape(focus.mesh)}"]`,
		);
		th?.classList.add('focused');
		th?.scrollIntoView({ block: 'nearest', inline: 'center' });
	}
}

function onFocusRequest(focus: { mesh?: string; feature?: string }): void {
	pendingFocus = focus;
	let next = options;
	if (focus.mesh && !options.meshes.includes(focus.mesh)) {
		next = { ...next, meshes: [...next.meshes, focus.mesh], hideRetired: false };
	}
	if (focus.feature) {
		// Clear whatever would hide the row the user asked for.
		next = { ...next, text: '', categories: [], onlyDifferences: false };
	}
	if (next !== options) query(next);
	else applyFocus();
}

// Messages -------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<unknown>) => {
	const parsed = ToWebviewSchema.safeParse(event.data);
	if (!parsed.success) {
		console.warn('Meshlens: ignored a malformed message from the host');
		return;
	}
	const message = parsed.data as ToWebview;
	switch (message.type) {
		case 'view':
			view = message.view;
			options = message.options;
			densitySetting = message.density ?? 'auto';
			saveState();
			renderControls(view);
			renderTable(view);
			renderChangesBanner($('changes'), view, () => {
				const rest = { ...options };
				delete rest.changedSince;
				query(rest);
			});
			break;
		case 'focus':
			onFocusRequest(message.focus);
			break;
		case 'status':
			$('status').textContent = message.text;
			break;
		case 'choice':
			chooseMode.show(message.view, message.request);
			break;
		case 'savedChoice':
			// The panel's own state (after a reload) is newer than what the host kept.
			if (!state.choose) chooseMode.restore(message.request);
			break;
		default: {
			const never: never = message;
			console.warn('Meshlens: unknown message', never);
		}
	}
});

// "Which mesh fits?" mode ----------------------------------------------------------------------

const chooseMode = new ChooseMode(
	{
		post,
		saved: () => state.choose,
		save: (request) => {
			state = { ...state, choose: request };
			vscode.setState(state);
		},
	},
	$('choose'),
);

function setMode(mode: 'compare' | 'choose'): void {
	state = { ...state, mode };
	vscode.setState(state);
	document.querySelector('.layout')?.setAttribute('data-mode', mode);
	$('choose').hidden = mode !== 'choose';
	$('mode-compare').setAttribute('aria-selected', String(mode === 'compare'));
	$('mode-choose').setAttribute('aria-selected', String(mode === 'choose'));
	if (mode === 'choose') chooseMode.refresh();
}

$('mode-compare').addEventListener('click', () => setMode('compare'));
$('mode-choose').addEventListener('click', () => setMode('choose'));
if (state.mode === 'choose') setMode('choose');

wireControls();
$('matrix').addEventListener('keydown', onKey);
post({ type: 'ready', ...(state.options ? { options: state.options } : {}) });
