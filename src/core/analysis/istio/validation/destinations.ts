import type { FieldPath } from '../../../workspace/objects';
import { mapAt } from '../../../workspace/resolve';
import {
	fqdnProblem,
	isDnsLabel,
	isPort,
	mapsAt,
	num,
	text,
	wildcardDomainProblem,
	type Check,
} from './common';

/**
 * Gateway references of a VirtualService or a match (upstream validateGatewayNames): a legacy
 * `name.namespace` form is a warning, `<namespace>/<name>` needs two DNS labels.
 */
export function gatewayNames(c: Check, names: readonly unknown[], path: FieldPath): void {
	names.forEach((g, i) => {
		if (typeof g !== 'string') return;
		const at = [...path, i];
		const slash = g.indexOf('/');
		if (slash === -1) {
			if (g.includes('.')) {
				const [name = '', ns = ''] = g.split('.');
				c.warn(
					at,
					`gateway "${g}" uses the legacy <name>.<namespace> form; write "${ns}/${name}"`,
				);
			}
			const p = fqdnProblem(g);
			if (p) c.err(at, `gateway ${p}`);
			return;
		}
		const ns = g.slice(0, slash);
		const name = g.slice(slash + 1);
		if (!ns || !name) c.err(at, `gateway "${g}": the namespace and the name must both be set`);
		else if (!isDnsLabel(ns)) c.err(at, `gateway "${g}": "${ns}" is not a namespace name`);
		else if (!isDnsLabel(name)) c.err(at, `gateway "${g}": "${name}" is not a Gateway name`);
	});
}

/** Route destinations of a tcp or tls rule (upstream validateRouteDestinations). */
export function destinations(c: Check, route: unknown, path: FieldPath): void {
	const list = mapsAt(route, 'route');
	let total = 0;
	let weighted = true;
	for (const { item, i } of list) {
		const d = mapAt(item, 'destination');
		if (d) destination(c, d, [...path, 'route', i, 'destination']);
		const w = item.weight;
		if (typeof w === 'number') {
			if (w < 0) c.err([...path, 'route', i, 'weight'], `weight ${w} is negative`);
			total += w;
		} else if (w !== undefined) weighted = false;
	}
	if (list.length > 1 && total === 0 && weighted)
		c.err(
			[...path, 'route'],
			'the destinations of this route have a total weight of 0, so it sends traffic nowhere',
		);
}

/** One destination: host, subset and port (upstream validateDestination). */
export function destination(c: Check, d: Record<string, unknown>, path: FieldPath): void {
	const host = text(d, 'host');
	if (host === '*') c.err([...path, 'host'], 'a destination host cannot be "*"');
	else if (host) {
		const p = wildcardDomainProblem(host);
		if (p) c.err([...path, 'host'], `destination host ${p}`);
	}
	const subset = d.subset;
	if (typeof subset === 'string' && subset !== '' && !isDnsLabel(subset))
		c.err(
			[...path, 'subset'],
			`subset "${subset}" is not a DNS label (letters, digits and "-")`,
		);
	const port = num(mapAt(d, 'port'), 'number');
	if (port !== undefined && !isPort(port))
		c.err([...path, 'port', 'number'], `port number ${port} is not in 1..65535`);
}
