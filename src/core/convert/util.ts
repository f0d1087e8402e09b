import { isRecord, type Field, type Out } from './context';

export const GATEWAY_API = 'gateway.networking.k8s.io';
export const GATEWAY_API_V1 = `${GATEWAY_API}/v1`;

/** Metadata the API server writes; it has no place in a manifest and is dropped quietly. */
const SERVER_SET = [
	'uid',
	'resourceVersion',
	'generation',
	'creationTimestamp',
	'managedFields',
	'selfLink',
	'deletionTimestamp',
	'deletionGracePeriodSeconds',
];

/**
 * Gives an output the metadata of its source: the name (or `name`), the namespace, labels and
 * annotations. Fields the API server sets are noted as dropped.
 */
export function copyMeta(
	src: Field,
	out: Out,
	opts: { name?: string; namespace?: string; withLabels?: boolean } = {},
): void {
	out.useAll(src.get('apiVersion'), src.get('kind'));
	const m = src.get('metadata');
	const name = opts.name ?? m.get('name').str() ?? 'unnamed';
	out.use(m.get('name'));
	const namespace = opts.namespace ?? m.get('namespace').str();
	out.use(m.get('namespace'));
	const meta: Record<string, unknown> = { name };
	if (namespace) meta.namespace = namespace;
	if (opts.withLabels !== false) {
		const labels = m.get('labels').value;
		if (isRecord(labels) && Object.keys(labels).length) meta.labels = { ...labels };
		out.use(m.get('labels'));
		const annotations = m.get('annotations').value;
		if (isRecord(annotations)) {
			const kept = Object.fromEntries(
				Object.entries(annotations).filter(
					([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration',
				),
			);
			if (Object.keys(kept).length) meta.annotations = kept;
		}
		out.use(m.get('annotations'));
	}
	out.resource.metadata = meta;
	for (const k of SERVER_SET) m.get(k).info('set by the API server; not part of a manifest');
	m.get('finalizers').lost('finalizers belong to the controllers of the source kind');
	m.get('ownerReferences').lost('the owner does not own the converted resource');
	m.get('generateName').info('the converted resource gets a fixed name');
}

/** The namespace of a source resource, or the default. */
export function namespaceOf(src: Field, fallback: string): string {
	return src.get('metadata').get('namespace').str() ?? fallback;
}

export function nameOf(src: Field): string {
	return src.get('metadata').get('name').str() ?? 'unnamed';
}

/** A DNS-1123 label made from any text (lowercase, dashes, at most 63 characters). */
export function dnsName(text: string): string {
	const s = text
		.toLowerCase()
		.replace(/[^a-z0-9-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.replace(/-{2,}/g, '-');
	return (s || 'x').slice(0, 63).replace(/-+$/, '');
}

const UNIT_MS: Record<string, number> = {
	ns: 1e-6,
	us: 1e-3,
	µs: 1e-3,
	ms: 1,
	s: 1000,
	m: 60_000,
	h: 3_600_000,
};

/** Parses a Go/protobuf duration (1.5s, 300ms, 1m30s, 2h) to milliseconds. */
export function parseDuration(text: unknown): number | undefined {
	if (typeof text === 'number') return text * 1000;
	if (typeof text !== 'string') return undefined;
	const s = text.trim();
	if (s === '0') return 0;
	const re = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
	let total = 0;
	let matched = 0;
	for (let m = re.exec(s); m; m = re.exec(s)) {
		total += Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 0);
		matched = re.lastIndex;
	}
	return matched === s.length && matched > 0 ? total : undefined;
}

/** Writes milliseconds as a Gateway API duration (whole h, m, s or ms; 1 to 4 parts). */
export function gatewayDuration(ms: number): string {
	let rest = Math.max(0, Math.round(ms));
	if (rest === 0) return '0s';
	const parts: string[] = [];
	for (const [unit, size] of [
		['h', 3_600_000],
		['m', 60_000],
		['s', 1000],
		['ms', 1],
	] as const) {
		const n = Math.floor(rest / size);
		if (n > 0) {
			parts.push(`${Math.min(n, 99_999)}${unit}`);
			rest -= n * size;
		}
	}
	return parts.join('');
}

/** An App Mesh duration ({ unit: s|ms, value }) in milliseconds. */
export function appMeshDuration(f: Field): number | undefined {
	const value = f.get('value').num();
	if (value === undefined) return undefined;
	return f.get('unit').str() === 's' ? value * 1000 : value;
}

/** A Service named by a mesh host: `reviews`, `reviews.prod.svc`, `reviews.prod.svc.cluster.local`. */
export interface ServiceHost {
	readonly name: string;
	readonly namespace?: string;
}

export function serviceOfHost(host: string): ServiceHost | undefined {
	if (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(host)) return { name: host };
	const m = /^([a-z0-9-]+)\.([a-z0-9-]+)(\.svc(\.cluster\.local)?)?$/.exec(host);
	if (m?.[1] && m[2] && m[3]) return { name: m[1], namespace: m[2] };
	return undefined;
}

/** Sets a value at a nested path of a plain object, creating objects on the way. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown) {
	let o = target;
	for (const key of path.slice(0, -1)) {
		const next = o[key];
		if (isRecord(next)) o = next;
		else {
			const fresh: Record<string, unknown> = {};
			o[key] = fresh;
			o = fresh;
		}
	}
	const last = path[path.length - 1];
	if (last !== undefined) o[last] = value;
}

/** Drops undefined values and empty arrays/objects from an object (shallow). */
export function compact<T extends Record<string, unknown>>(o: T): T {
	for (const [k, v] of Object.entries(o)) {
		if (v === undefined) delete o[k];
		else if (Array.isArray(v) && v.length === 0) delete o[k];
		else if (isRecord(v) && Object.keys(v).length === 0) delete o[k];
	}
	return o;
}
