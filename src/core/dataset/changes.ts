// The changelog queries, kept free of zod so the webview bundle can use the matrix model.
import type { CellChange, CellState, DatasetRelease } from './changelog';

/** Compares "2.0.0"-style versions numerically. */
export function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}

/** A change together with the release that made it. */
export interface DatedChange extends CellChange {
	readonly version: string;
	readonly date: string;
}

/**
 * The changes made after a dataset version (`{ version }`) or after a date (`{ date }`), newest
 * release first. A cell changed in several releases appears once per release.
 */
export function changesSince(
	releases: readonly DatasetRelease[],
	since: { version?: string; date?: string },
): DatedChange[] {
	return releases
		.filter((r) =>
			since.version !== undefined
				? compareVersions(r.version, since.version) > 0
				: since.date !== undefined
					? r.date > since.date
					: true,
		)
		.flatMap((r) => r.changes.map((c) => ({ ...c, version: r.version, date: r.date })));
}

/** "kuma/lifecycle" — the key a change and a matrix cell share. */
export function changeKey(mesh: string, feature: string): string {
	return `${mesh}/${feature}`;
}

/** Text for a cell state: "partial: Failure accrual", or "—" when there was none. */
export function cellStateText(s: CellState | undefined): string {
	return s ? `${s.support}: ${s.value}` : '—';
}
