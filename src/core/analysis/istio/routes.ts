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
	out.push({
		host,
		...(subset ? { subset } : {}),
		...(port !== undefined ? { port } : {}),
		path,
		mirror,
	});
}

/** `spec.gateways` of a VirtualService, with their paths. */
export function vsGateways(vs: WorkspaceObject): { name: string; path: FieldPath }[] {
	return listAt(vs.value, 'spec', 'gateways').flatMap((g, i) =>
		typeof g === 'string' ? [{ name: g, path: ['spec', 'gateways', i] }] : [],
	);
}

export function vsHosts(vs: WorkspaceObject): string[] {
	return listAt(vs.value, 'spec', 'hosts').filter((h): h is string => typeof h === 'string');
}

export function exportToOf(o: WorkspaceObject): string[] {
	return listAt(o.value, 'spec', 'exportTo').map(String);
}

/** `name` or `ns/name` of a gateway reference, seen from a namespace. */
export function splitRef(ref: string, ns: string): { ns: string; name: string } {
	const slash = ref.indexOf('/');
	return slash < 0 ? { ns, name: ref } : { ns: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

export function specOf(o: WorkspaceObject): JsonMap {
	return mapAt(o.value, 'spec') ?? {};
}
