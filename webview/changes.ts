// "N changes since you last looked": the banner over the matrix and the marks on changed cells.
import type { MatrixCell, MatrixView } from '../src/protocol';

/** Shows or hides the banner; `dismiss` clears the highlight (the host forgets `changedSince`). */
export function renderChangesBanner(
	banner: HTMLElement,
	view: MatrixView,
	dismiss: () => void,
): void {
	const changes = view.changes;
	if (!changes) {
		banner.hidden = true;
		banner.replaceChildren();
		return;
	}
	const plural = `${changes.count} change${changes.count === 1 ? '' : 's'}`;
	const text =
		changes.since === '0'
			? `${plural} in the dataset's changelog (up to ${view.version ?? 'now'}); changed cells are marked`
			: changes.count === 0
				? `No changes since dataset ${changes.since}`
				: `${plural} since you last looked (dataset ${changes.since} → ${view.version ?? 'now'}); changed cells are marked`;
	const button = document.createElement('button');
	button.type = 'button';
	button.id = 'changes-dismiss';
	button.textContent = 'Dismiss';
	button.addEventListener('click', dismiss);
	banner.replaceChildren(document.createTextNode(text + ' '), button);
	banner.hidden = false;
}

/** Adds the "changed" mark to a cell element. */
export function markChangedCell(td: HTMLElement, cell: MatrixCell): void {
	if (!cell.change) return;
	td.classList.add('changed');
	td.dataset.changed = cell.change.kind;
}
