import type { FieldPath, JsonMap } from '../../workspace/objects';
import type { WorkspaceObject } from '../../workspace/model';
import { isMapValue, listAt, mapAt, numberAt } from '../../workspace/resolve';

/** One destination of a VirtualService route or mirror. */
export interface RouteDestination {
	readonly host: string;
	readonly subset?: string;
	readonly port?: number;
	/** The path of the `destination` (or `mirror`) map. */
	readonly path: FieldPath;
	readonly mirror: boolean;
}

/** Route destinations by VirtualService value: several checks read them, a value never changes. */
const destinationsOf = new WeakMap<JsonMap, readonly RouteDestination[]>();

/** The route destinations of a VirtualService (http, tcp and tls routes), then its mirrors. */
export function routeDestinations(vs: WorkspaceObject): readonly RouteDestination[] {
	let found = destinationsOf.get(vs.value);
	if (!found) {
		found = readDestinations(vs);
		destinationsOf.set(vs.value, found);
	}
	return found;
}

function readDestinations(vs: WorkspaceObject): RouteDestination[] {
	const out: RouteDestination[] = [];
	const spec = mapAt(vs.value, 'spec');
	if (!spec) return out;
	// Plain loops: read for every VirtualService, so what the JIT compiles for it stays small.
	for (const section of SECTIONS) {
		const rules = listAt(spec, section);
		for (let i = 0; i < rules.length; i++) {
			const routes = listAt(rules[i], 'route');
			for (let j = 0; j < routes.length; j++) {
				const route = routes[j];
				if (!isMapValue(route)) continue;
				addDestination(
					out,
					route.destination,
					['spec', section, i, 'route', j, 'destination'],
					false,
				);
			}
		}
	}
	const http = listAt(spec, 'http');
	for (let i = 0; i < http.length; i++) {
		const rule = http[i];
		if (!isMapValue(rule)) continue;
		addDestination(out, rule.mirror, ['spec', 'http', i, 'mirror'], true);
		const mirrors = listAt(rule, 'mirrors');
		for (let j = 0; j < mirrors.length; j++) {
			const m = mirrors[j];
			addDestination(
				out,
				isMapValue(m) ? m.destination : undefined,
				['spec', 'http', i, 'mirrors', j, 'destination'],
				true,
			);
		}
	}
	return out;
}

const SECTIONS = ['http', 'tcp', 'tls'] as const;

/** One route destination (or mirror); a value that is not a map is one without a host. */
function addDestination(
	out: RouteDestination[],
	value: unknown,
	path: FieldPath,
	mirror: boolean,
): void {
	const d = isMapValue(value) ? value : undefined;
	// A mirror without a destination is none; a route without one names the empty host, as
	// upstream reads it.
	if (!d && mirror) return;
	const host = d && typeof d.host === 'string' ? d.host : '';
	const subset = d && typeof d.subset === 'string' ? d.subset : undefined;
	const port = numberAt(d, 'port', 'number');
	// One shape for all (an absent subset or port is undefined): spreading optional parts made
	// a copy and a differently shaped object per destination.
	out.push({ host, subset: subset || undefined, port, path, mirror });
}

/** What vsGateways, vsHosts and exportToOf give a resource without the list (most of them). */
const NONE: readonly never[] = Object.freeze([]);

/**
 * `spec.gateways` of a VirtualService, with their paths. Several analyzers ask for every
 * VirtualService, so these read the list with a loop and share one empty answer, without a
 * callback and a new array per call.
 */
export function vsGateways(vs: WorkspaceObject): readonly { name: string; path: FieldPath }[] {
	const list = listAt(vs.value, 'spec', 'gateways');
	if (list.length === 0) return NONE;
	const out: { name: string; path: FieldPath }[] = [];
	for (let i = 0; i < list.length; i++) {
		const g = list[i];
		if (typeof g === 'string') out.push({ name: g, path: ['spec', 'gateways', i] });
	}
	return out;
}

export function vsHosts(vs: WorkspaceObject): readonly string[] {
	const list = listAt(vs.value, 'spec', 'hosts');
	if (list.length === 0) return NONE;
	const out: string[] = [];
	for (let i = 0; i < list.length; i++) {
		const h = list[i];
		if (typeof h === 'string') out.push(h);
	}
	return out;
}

export function exportToOf(o: WorkspaceObject): readonly string[] {
	const list = listAt(o.value, 'spec', 'exportTo');
	if (list.length === 0) return NONE;
	const out: string[] = [];
	for (let i = 0; i < list.length; i++) out.push(String(list[i]));
	return out;
}

/** `name` or `ns/name` of a gateway reference, seen from a namespace. */
export function splitRef(ref: string, ns: string): { ns: string; name: string } {
	const slash = ref.indexOf('/');
	return slash < 0 ? { ns, name: ref } : { ns: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

export function specOf(o: WorkspaceObject): JsonMap {
	return mapAt(o.value, 'spec') ?? {};
}
