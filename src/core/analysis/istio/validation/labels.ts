import { isMapValue } from '../../../workspace/resolve';

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label key is not `[prefix/]name` as Kubernetes allows, or ''. */
function keyProblem(key: string): string {
	const slash = key.lastIndexOf('/');
	const prefix = slash === -1 ? '' : key.slice(0, slash);
	const name = slash === -1 ? key : key.slice(slash + 1);
	if (slash !== -1 && (prefix.length > 253 || !SUBDOMAIN.test(prefix)))
		return `label key "${key}" has an invalid prefix "${prefix}"`;
	if (name.length > 63 || !NAME.test(name)) return `"${key}" is not a valid label key`;
	return '';
}

/** Why a label map (subset labels, source labels) is not valid (upstream labels.Instance.Validate), or ''. */
export function labelsProblem(labels: unknown): string {
	if (!isMapValue(labels)) return '';
	for (const [k, v] of Object.entries(labels)) {
		if (k.includes('${') || (typeof v === 'string' && v.includes('${'))) continue;
		const p = keyProblem(k);
		if (p) return p;
		if (typeof v === 'string' && (v.length > 63 || !VALUE.test(v)))
			return `"${v}" is not a valid label value (of "${k}")`;
	}
	return '';
}
