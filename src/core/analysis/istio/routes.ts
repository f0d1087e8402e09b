import type { FieldPath, JsonMap } from '../../workspace/objects';
import type { WorkspaceObject } from '../../workspace/model';
import { isMapValue, listAt, mapAt, numberAt, stringAt } from '../../workspace/resolve';

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
	const add = (d: unknown, path: FieldPath, mirror: boolean): void => {
		// A route without a destination names the empty host, as upstream reads it.
		const host = isMapValue(d) ? (stringAt(d, 'host') ?? '') : '';
		if (!isMapValue(d) && mirror) return;
		const subset = stringAt(d, 'subset');
		const port = numberAt(d, 'port', 'number');
		out.push({
			host,
			...(subset ? { subset } : {}),
			...(port !== undefined ? { port } : {}),
			path,
			mirror,
		});
	};
	for (const section of ['http', 'tcp', 'tls'] as const) {
		listAt(vs.value, 'spec', section).forEach((rule, i) => {
			listAt(rule, 'route').forEach((route, j) => {
				if (isMapValue(route)) {
					add(
						mapAt(route, 'destination'),
						['spec', section, i, 'route', j, 'destination'],
						false,
					);
				}
			});
		});
	}
	listAt(vs.value, 'spec', 'http').forEach((rule, i) => {
		add(mapAt(rule, 'mirror'), ['spec', 'http', i, 'mirror'], true);
		listAt(rule, 'mirrors').forEach((m, j) => {
			add(mapAt(m, 'destination'), ['spec', 'http', i, 'mirrors', j, 'destination'], true);
		});
	});
	return out;
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
