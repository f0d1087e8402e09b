import type { Field } from './context';

// The SMI spec anchors an HTTPRouteGroup pathRegex at the start of the path only ("/buy" also
// matches "/buy/1"). OSM, the main SMI implementation, handed it to Envoy as a regex that must
// match the whole path, and so do the targets: Gateway API leaves RegularExpression anchoring to
// the implementation, and the Envoy-based ones (Istio, Cilium, Envoy Gateway) match the whole
// path; Istio authorization paths and Cilium HTTP rules match the whole path too.

/**
 * True when a regex reads the same anchored at the start only and anchored at both ends: it ends
 * with an unescaped `.*` or `$` and has no top-level alternation.
 */
export function anchoringIsMoot(regex: string): boolean {
	let depth = 0;
	for (let i = 0; i < regex.length; i++) {
		const c = regex[i];
		if (c === '\\') {
			i++;
			continue;
		}
		if (c === '(') depth++;
		else if (c === ')') depth--;
		else if (c === '|' && depth === 0) return false;
	}
	const escaped = (end: number) => {
		let n = 0;
		for (let i = end - 1; i >= 0 && regex[i] === '\\'; i--) n++;
		return n % 2 === 1;
	};
	if (regex.endsWith('.*')) return !escaped(regex.length - 2);
	if (regex.endsWith('$')) return !escaped(regex.length - 1);
	return false;
}

/** Notes how a pathRegex is read in the output when the two anchorings differ. */
export function noteAnchoring(pathRegex: Field): void {
	const regex = pathRegex.str();
	if (regex === undefined || anchoringIsMoot(regex)) return;
	pathRegex.info([
		`the SMI spec anchors pathRegex at the start of the path only, so '${regex}' would also match '${regex.endsWith('/') ? regex : `${regex}/`}x'; the output matches the whole path, as OSM (Envoy) did`,
		`to keep the spec's reading, end the regex with .* ('${regex}.*')`,
	]);
}
