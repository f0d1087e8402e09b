/**
 * Why a CEL rule could not give true or false. The distinction decides what a user sees:
 * - a data error is caused by the document (int() of "http", a missing key, an index past the end,
 *   a URL that does not parse): the API server rejects the object, so it is reported;
 * - a gap is caused by Meshlens (a function or overload we do not provide, a regular expression
 *   JavaScript cannot read): the rule is not decided, and nothing is ever reported for it.
 */

/** Thrown by our library functions when the value they are given is invalid. */
export class CelDataError extends Error {
	override readonly name = 'CelDataError';
}

/** cel-js error codes that the evaluated data causes (cel-go reports the same as errors). */
const DATA_CODES = new Set([
	'no_such_key',
	'index_out_of_bounds',
	'index_out_of_range',
	'int_conversion_error',
	'uint_conversion_error',
	'numeric_overflow',
	'division_by_zero',
	'modulo_by_zero',
	'invalid_duration',
	'invalid_timestamp',
]);

export type ErrorKind = 'data' | 'gap';

/** Classifies an exception thrown while a rule ran. Anything not known to be the data's is a gap. */
export function classifyError(error: unknown): ErrorKind {
	if (error instanceof CelDataError) return 'data';
	const code = (error as { code?: unknown } | null)?.code;
	if (typeof code === 'string' && DATA_CODES.has(code)) return 'data';
	return 'gap';
}

/** The one-line text of an error (cel-js adds a source excerpt after a blank line). */
export function errorSummary(error: unknown): string {
	const e = error as { summary?: unknown; message?: unknown } | null;
	const text = typeof e?.summary === 'string' ? e.summary : String(e?.message ?? error);
	return text.split('\n')[0] ?? text;
}

/** cel-go's wording of the data errors cel-js reports in its own words, as upstream users see it. */
const CEL_GO_WORDING: Readonly<Record<string, string>> = {
	int_conversion_error: "type conversion error from 'string' to 'int'",
	uint_conversion_error: "type conversion error from 'string' to 'uint'",
	index_out_of_bounds: 'index out of bounds',
	index_out_of_range: 'index out of range',
	division_by_zero: 'division by zero',
	modulo_by_zero: 'modulus by zero',
	numeric_overflow: 'integer overflow',
};

/** The text of a data error, in cel-go's words where they differ. */
export function dataErrorText(error: unknown): string {
	const code = (error as { code?: unknown } | null)?.code;
	if (typeof code === 'string' && CEL_GO_WORDING[code]) return CEL_GO_WORDING[code];
	const summary = errorSummary(error);
	return code === 'no_such_key' ? summary.replace(/^No such key/, 'no such key') : summary;
}
