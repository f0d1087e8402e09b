// DOM helpers shared by the comparison webview's modules, and the horizontal scroll cues.

/** The element with this id; throws when the page lacks it (a bug in main.html). */
export const $ = <T extends HTMLElement>(id: string): T => {
	const el = document.getElementById(id);
	if (!el) throw new Error(`missing #${id}`);
	return el as T;
};

/** Creates an element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	attrs: Record<string, string> = {},
	...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
	for (const c of children) node.append(c);
	return node;
}

/**
 * Shows where the table continues: a shadow on the side with more columns, the sticky feature
 * column's edge once scrolled, and a footer line naming how many meshes are off screen.
 */
export function updateScrollCues(): void {
	const wrap = $('table-wrap');
	const max = wrap.scrollWidth - wrap.clientWidth;
	const left = wrap.scrollLeft > 1;
	const right = wrap.scrollLeft < max - 1;
	const frame = $('table-frame');
	frame.classList.toggle('more-left', left);
	frame.classList.toggle('more-right', right);
	const corner = document.querySelector<HTMLElement>('#matrix thead th.corner');
	const edge = wrap.getBoundingClientRect().left + (corner?.offsetWidth ?? 0);
	const limit = wrap.getBoundingClientRect().right;
	let before = 0;
	let after = 0;
	for (const th of document.querySelectorAll<HTMLElement>('#matrix thead th[data-mesh]')) {
		const r = th.getBoundingClientRect();
		if (r.left < edge - 1) before++;
		else if (r.right > limit + 1) after++;
	}
	const hint = $('scroll-hint');
	const parts = [
		before ? `← ${before} mesh${before === 1 ? '' : 'es'}` : '',
		after ? `${after} more mesh${after === 1 ? '' : 'es'} →` : '',
	].filter(Boolean);
	hint.textContent = parts.length ? `${parts.join(' · ')} (scroll sideways or Shift+wheel)` : '';
}
