/** Levenshtein distance with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
	if (a === b) return 0;
	if (Math.abs(a.length - b.length) > max) return max + 1;
	let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		let best = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			const v = Math.min(
				(prev[j] ?? 0) + 1,
				(cur[j - 1] ?? 0) + 1,
				(prev[j - 1] ?? 0) + cost,
			);
			cur.push(v);
			if (v < best) best = v;
		}
		if (best > max) return max + 1;
		prev = cur;
	}
	return prev[b.length] ?? 0;
}

/**
 * The candidate closest to `name`: case-insensitive equality first, then the smallest edit distance
 * within a third of the name's length (at least 1, at most 4). Undefined when nothing is close.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
	const lower = name.toLowerCase();
	// snake_case, kebab-case or other casing of a real field: max_connections → maxConnections.
	const squash = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
	const squashed = squash(name);
	for (const c of candidates) if (c !== name && squash(c) === squashed) return c;
	const max = Math.min(4, Math.max(1, Math.floor(name.length / 3)));
	let best: string | undefined;
	let bestDistance = max + 1;
	for (const c of candidates) {
		if (c === name) continue;
		const lc = c.toLowerCase();
		if (lc === lower) return c;
		const d = editDistance(lower, lc, max);
		if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
			best = c;
			bestDistance = d;
		}
	}
	return bestDistance <= max ? best : undefined;
}
