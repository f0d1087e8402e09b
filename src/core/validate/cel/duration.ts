/**
 * Go's time.ParseDuration, which cel-go's duration() uses: "300ms", "-1.5h", "2h45m", "0". Returns
 * nanoseconds, or undefined when the text is no duration.
 */
const UNIT_NANOS: Readonly<Record<string, bigint>> = {
	ns: 1n,
	us: 1_000n,
	µs: 1_000n, // U+00B5 micro sign
	μs: 1_000n, // U+03BC Greek mu
	ms: 1_000_000n,
	s: 1_000_000_000n,
	m: 60_000_000_000n,
	h: 3_600_000_000_000n,
};
const PART = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
/** Go's limit: durations are int64 nanoseconds. */
const MAX = 9_223_372_036_854_775_807n;

export function parseGoDuration(text: string): bigint | undefined {
	let s = text;
	let negative = false;
	if (s.startsWith('-') || s.startsWith('+')) {
		negative = s.startsWith('-');
		s = s.slice(1);
	}
	if (s === '0') return 0n;
	if (!s) return undefined;
	let total = 0n;
	while (s) {
		const m = PART.exec(s);
		if (!m) return undefined;
		const [whole, int = '', frac = '', unit = ''] = m;
		// A number is needed on one side of the dot at least ("5s", ".5s", "5.s").
		if (!int && !frac) return undefined;
		const nanos = UNIT_NANOS[unit] ?? 0n;
		total += BigInt(int || '0') * nanos;
		if (frac) {
			const digits = frac.slice(0, 18);
			total += (BigInt(digits) * nanos) / 10n ** BigInt(digits.length);
		}
		if (total > MAX) return undefined;
		s = s.slice(whole.length);
	}
	return negative ? -total : total;
}
