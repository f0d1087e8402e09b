// "Which mesh fits?": the requirement editor and the ranked answer, a mode of the comparison view.
// Kept apart from main.ts (the matrix); both share only the host protocol and the webview state.
import './choose.css';
import { el } from './dom';
import type { ChoiceReason, ChoiceView, ChooseRequest, Choice, FromWebview } from '../src/protocol';

type Least = ChooseRequest['require'][number]['least'];
type PlatformId = NonNullable<ChooseRequest['platforms']>[number];

export interface ChooseHost {
	post(message: FromWebview): void;
	/** The requirement set saved in the webview state, if any. */
	saved(): ChooseRequest | undefined;
	save(request: ChooseRequest): void;
}

const LEVELS: readonly { id: Least; label: string }[] = [
	{ id: 'full', label: 'full' },
	{ id: 'partial', label: 'partial or better' },
	{ id: 'preview', label: 'preview is fine' },
];

const PLATFORM_LABELS: readonly { id: PlatformId; label: string }[] = [
	{ id: 'kubernetes', label: 'Kubernetes' },
	{ id: 'vms', label: 'VMs' },
	{ id: 'nomad', label: 'Nomad' },
	{ id: 'ecs', label: 'Amazon ECS' },
];

const FLAGS: readonly {
	key: 'openSourceOnly' | 'excludeRetired' | 'allowEnterprise' | 'noSidecars';
	label: string;
}[] = [
	{ key: 'openSourceOnly', label: 'Open source only' },
	{ key: 'excludeRetired', label: 'Exclude retired' },
	{ key: 'allowEnterprise', label: 'Paid editions count' },
	{ key: 'noSidecars', label: 'No sidecars' },
];

/** A sensible first question for someone who has not stated requirements yet. */
const STARTER: ChooseRequest = {
	require: [
		{ feature: 'mtls', least: 'full' },
		{ feature: 'multi-cluster', least: 'partial' },
	],
	excludeRetired: true,
};

export class ChooseMode {
	private request: ChooseRequest;
	private view: ChoiceView | undefined;
	private readonly root: HTMLElement;

	constructor(
		private readonly host: ChooseHost,
		root: HTMLElement,
	) {
		this.root = root;
		this.request = host.saved() ?? STARTER;
	}

	/** Asks the host for the ranking of the current requirement set. */
	refresh(): void {
		this.host.save(this.request);
		this.host.post({ type: 'choose', request: this.request });
	}

	private update(next: ChooseRequest): void {
		this.request = next;
		this.refresh();
	}

	/** Takes a requirement set kept from an earlier panel; ranked when the mode is shown. */
	restore(request: ChooseRequest): void {
		this.request = request;
		this.host.save(request);
		if (!this.root.hidden) this.refresh();
	}

	/** Draws the answer the host sent. */
	show(view: ChoiceView, request: ChooseRequest): void {
		this.view = view;
		this.request = request;
		this.host.save(request);
		this.render();
	}

	private featureName(id: string): string {
		return this.view?.features.find((f) => f.id === id)?.name ?? id;
	}

	private render(): void {
		const view = this.view;
		if (!view) return;
		const editor = el('section', { class: 'choose-editor', 'aria-label': 'Requirements' });
		editor.append(el('h2', {}, 'What must the mesh do?'));
		const list = el('ol', { class: 'requirements', 'data-testid': 'requirements' });
		this.request.require.forEach((r, i) => list.append(this.requirementRow(view, r, i)));
		editor.append(list);
		const add = el(
			'button',
			{ type: 'button', id: 'choose-add', class: 'secondary' },
			'Add requirement',
		);
		add.addEventListener('click', () => {
			const used = new Set(this.request.require.map((r) => r.feature));
			const next = view.features.find((f) => !used.has(f.id));
			if (!next) return;
			this.update({
				...this.request,
				require: [...this.request.require, { feature: next.id, least: 'partial' }],
			});
		});
		editor.append(add);

		const flags = el('fieldset', { class: 'flags' }, el('legend', {}, 'Constraints'));
		for (const f of FLAGS) {
			const box = el('input', { type: 'checkbox', id: `choose-${f.key}` });
			box.checked = this.request[f.key] ?? false;
			box.addEventListener('change', () =>
				this.update({ ...this.request, [f.key]: box.checked }),
			);
			flags.append(el('label', { for: `choose-${f.key}` }, box, ` ${f.label}`));
		}
		const platforms = el('fieldset', { class: 'flags' }, el('legend', {}, 'Must run on'));
		for (const p of PLATFORM_LABELS) {
			const box = el('input', { type: 'checkbox', id: `choose-platform-${p.id}` });
			box.checked = this.request.platforms?.includes(p.id) ?? false;
			box.addEventListener('change', () => {
				const set = new Set(this.request.platforms ?? []);
				if (box.checked) set.add(p.id);
				else set.delete(p.id);
				this.update({
					...this.request,
					platforms: PLATFORM_LABELS.map((x) => x.id).filter((x) => set.has(x)),
				});
			});
			platforms.append(el('label', { for: `choose-platform-${p.id}` }, box, ` ${p.label}`));
		}
		const copy = el(
			'button',
			{ type: 'button', id: 'choose-copy', class: 'secondary' },
			'Copy as Markdown',
		);
		copy.addEventListener('click', () =>
			this.host.post({ type: 'copyChoice', request: this.request }),
		);
		editor.append(flags, platforms, copy);

		const fitting = view.choices.filter((c) => c.fits).length;
		const results = el('section', { class: 'choose-results', 'aria-label': 'Ranked meshes' });
		results.append(
			el(
				'p',
				{ class: 'choose-summary', role: 'status', 'data-testid': 'choose-summary' },
				`${fitting} of ${view.choices.length} meet every requirement · data as of ${view.asOf}`,
			),
		);
		const ranking = el('ol', { class: 'ranking', 'data-testid': 'ranking' });
		for (const c of view.choices) ranking.append(this.choiceCard(c));
		results.append(ranking);
		this.root.replaceChildren(editor, results);
	}

	private requirementRow(
		view: ChoiceView,
		r: ChooseRequest['require'][number],
		index: number,
	): HTMLLIElement {
		const feature = el('select', {
			'aria-label': `Requirement ${index + 1}: feature`,
			class: 'req-feature',
		});
		for (const f of view.features) {
			const option = el('option', { value: f.id }, f.name);
			option.selected = f.id === r.feature;
			feature.append(option);
		}
		const level = el('select', {
			'aria-label': `Requirement ${index + 1}: least level`,
			class: 'req-level',
		});
		for (const l of LEVELS) {
			const option = el('option', { value: l.id }, l.label);
			option.selected = l.id === r.least;
			level.append(option);
		}
		// Patch the requirement as it is now, not as it was drawn: two changes in a row (feature,
		// then level) may both reach this row before the view is drawn again.
		const patch = (change: Partial<ChooseRequest['require'][number]>): void =>
			this.update({
				...this.request,
				require: this.request.require.map((x, i) =>
					i === index ? { ...x, ...change } : x,
				),
			});
		feature.addEventListener('change', () => patch({ feature: feature.value }));
		level.addEventListener('change', () => patch({ least: level.value as Least }));
		const remove = el(
			'button',
			{
				type: 'button',
				class: 'remove',
				'aria-label': `Remove ${this.featureName(r.feature)}`,
				title: 'Remove',
			},
			'×',
		);
		remove.addEventListener('click', () =>
			this.update({
				...this.request,
				require: this.request.require.filter((_, i) => i !== index),
			}),
		);
		return el('li', { 'data-feature': r.feature }, feature, level, remove);
	}

	private choiceCard(c: Choice): HTMLLIElement {
		const badge = c.fits ? 'Fits' : `${c.gaps.length} gap${c.gaps.length === 1 ? '' : 's'}`;
		const title = el(
			'h3',
			{},
			c.name,
			' ',
			el('span', { class: `badge ${c.fits ? 'fits' : 'gaps'}` }, badge),
			...(c.retired
				? [' ', el('span', { class: 'badge retired' }, 'retired: final release')]
				: []),
			...(c.kind ? [' ', el('span', { class: 'badge kind' }, 'service networking')] : []),
		);
		const reasons = el('ul', { class: 'reasons' });
		for (const r of c.reasons) reasons.append(this.reasonItem(r));
		if (c.reasons.length === 0) reasons.append(el('li', {}, 'No requirements stated.'));
		return el(
			'li',
			{
				class: `choice${c.fits ? ' fits' : ''}${c.retired ? ' retired' : ''}`,
				'data-mesh': c.mesh,
			},
			title,
			reasons,
		);
	}

	private reasonItem(r: ChoiceReason): HTMLLIElement {
		const name = r.requirement.startsWith('platform:') ? r.wanted : this.featureName(r.feature);
		const li = el(
			'li',
			{ class: r.met ? 'met' : 'gap', 'data-requirement': r.requirement },
			el('span', { class: 'mark', 'aria-hidden': 'true' }, r.met ? '✓' : '✗'),
			` ${name}: `,
			el('strong', {}, r.support),
			`, ${r.value}`,
			...(r.met ? [] : [el('span', { class: 'wanted' }, ` (wanted ${r.wanted})`)]),
		);
		li.setAttribute(
			'aria-label',
			`${r.met ? 'Met' : 'Gap'}: ${name}, ${r.support}, ${r.value}`,
		);
		const source = r.sources[0];
		if (source) {
			const a = el(
				'a',
				{ href: '#', class: 'source', 'data-url': source, title: source },
				'source',
			);
			a.addEventListener('click', (e) => {
				e.preventDefault();
				this.host.post({ type: 'openSource', url: source });
			});
			li.append(' ', a);
		}
		return li;
	}
}
