import type { FieldPath } from '../../../workspace/objects';
import { hostsMatch, listAt, mapAt, T } from '../../../workspace/resolve';
import { dryRun } from './security';
import {
	validationAnalyzer,
	exportTo,
	isIp,
	isIpOrCidr,
	isPort,
	mapsAt,
	num,
	wildcardDomainProblem,
	type Check,
} from './common';
import { destinations, gatewayNames } from './destinations';
import { httpRoute, isJwtClaimKey } from './httproute';

/** Destination subnets, ports and gateways of a tcp or tls match (upstream validateTCPMatch/validateTLSMatch). */
function l4Match(c: Check, m: Record<string, unknown>, path: FieldPath): void {
	listAt(m, 'destinationSubnets').forEach((s, i) => {
		if (typeof s === 'string' && !isIpOrCidr(s))
			c.err([...path, 'destinationSubnets', i], `"${s}" is not an IP address or CIDR block`);
	});
	const port = num(m, 'port');
	if (port !== undefined && port !== 0 && !isPort(port))
		c.err([...path, 'port'], `port number ${port} is not in 1..65535`);
	gatewayNames(c, listAt(m, 'gateways'), [...path, 'gateways']);
}

/** Host `a` is the same as or inside host `b` (upstream host.Name.SubsetOf). */
function subsetOf(a: string, b: string): boolean {
	if (a === b || b === '*') return true;
	if (!b.startsWith('*')) return false;
	return a.startsWith('*') ? a.slice(1).endsWith(b.slice(1)) : a.endsWith(b.slice(1));
}

function tlsRule(c: Check, vs: Record<string, unknown>, rule: unknown, path: FieldPath): void {
	const hosts = listAt(vs, 'hosts').filter((h): h is string => typeof h === 'string');
	if (!listAt(rule, 'match').length)
		c.err([...path, 'match'], 'a tls route needs at least one match');
	for (const { item: m, i } of mapsAt(rule, 'match')) {
		const at = [...path, 'match', i];
		listAt(m, 'sniHosts').forEach((sni, j) => {
			if (typeof sni !== 'string') return;
			if (isIp(sni)) {
				c.warn(
					[...at, 'sniHosts', j],
					`SNI host "${sni}" is an IP address: SNI carries host names, and most clients send none for an IP`,
				);
				return;
			}
			const p = wildcardDomainProblem(sni);
			if (p) c.err([...at, 'sniHosts', j], `SNI host ${p}`);
			else if (!hosts.some((h) => subsetOf(sni, h)))
				c.err(
					[...at, 'sniHosts', j],
					`SNI host "${sni}" is not one of the VirtualService's hosts (or under one of its wildcards): ${hosts.join(', ')}`,
				);
		});
		if (Array.isArray(m.sniHosts) && m.sniHosts.length === 0)
			c.err([...at, 'sniHosts'], 'a tls match needs at least one SNI host');
		l4Match(c, m, at);
	}
	if (!listAt(rule, 'route').length) c.err(path, 'a tls route needs a route');
	destinations(c, rule, path);
}

function tcpRule(c: Check, rule: unknown, path: FieldPath): void {
	for (const { item: m, i } of mapsAt(rule, 'match')) l4Match(c, m, [...path, 'match', i]);
	if (!listAt(rule, 'route').length) c.err(path, 'a tcp route needs a route');
	destinations(c, rule, path);
}

/** IST0106/IST0133 on VirtualServices (upstream validation.go ValidateVirtualService, virtualservice.go). */
export const virtualServiceValidation = validationAnalyzer(
	'VirtualService',
	T.VirtualService,
	(c, o) => {
		const vs = mapAt(o.value, 'spec');
		if (!vs) return;
		dryRun(c, false);
		const hosts = listAt(vs, 'hosts');
		const gateways = listAt(vs, 'gateways').filter((g): g is string => typeof g === 'string');
		const delegate = hosts.length === 0;
		if (delegate) {
			if (gateways.length)
				c.err(
					['spec', 'gateways'],
					'a delegate VirtualService (no hosts) cannot name gateways',
				);
			if (listAt(vs, 'tls').length)
				c.err(
					['spec', 'tls'],
					'a delegate VirtualService (no hosts) cannot have tls routes',
				);
			if (listAt(vs, 'tcp').length)
				c.err(
					['spec', 'tcp'],
					'a delegate VirtualService (no hosts) cannot have tcp routes',
				);
		}
		gatewayNames(c, listAt(vs, 'gateways'), ['spec', 'gateways']);
		const toGateway = gateways.length > 0 && !gateways.includes('mesh');
		if (!toGateway) {
			mapsAt(vs, 'http').forEach(({ item, i }) =>
				mapsAt(item, 'match').forEach(({ item: m, i: j }) => {
					for (const key of ['headers', 'withoutHeaders'])
						for (const h of Object.keys(mapAt(m, key) ?? {}))
							if (isJwtClaimKey(h))
								c.err(
									['spec', 'http', i, 'match', j, key, h],
									`routing on the JWT claim "${h}" only works for VirtualServices bound to gateways (not the mesh)`,
								);
				}),
			);
		}
		let valid = true;
		hosts.forEach((h, i) => {
			if (typeof h !== 'string') return;
			const p = wildcardDomainProblem(h);
			if (p && !isIp(h)) {
				c.err(['spec', 'hosts', i], `host ${p}`);
				valid = false;
			} else if (!p && !toGateway && h === '*') {
				c.err(
					['spec', 'hosts', i],
					'host "*" is not allowed on a VirtualService for the mesh (sidecars); bind it to a gateway or name the hosts',
				);
				valid = false;
			}
		});
		if (valid)
			for (let i = 0; i < hosts.length; i++)
				for (let j = i + 1; j < hosts.length; j++) {
					const a = hosts[i];
					const b = hosts[j];
					if (typeof a === 'string' && typeof b === 'string' && hostsMatch(a, b))
						c.err(
							['spec', 'hosts', j],
							`hosts "${a}" and "${b}" overlap; each host may appear once`,
						);
				}
		if (!listAt(vs, 'http').length && !listAt(vs, 'tcp').length && !listAt(vs, 'tls').length)
			c.err(['spec'], 'a VirtualService needs http, tcp or tls routes');
		for (const { item, i } of mapsAt(vs, 'http'))
			httpRoute(c, item, ['spec', 'http', i], delegate);
		for (const { item, i } of mapsAt(vs, 'tls')) tlsRule(c, vs, item, ['spec', 'tls', i]);
		for (const { item, i } of mapsAt(vs, 'tcp')) tcpRule(c, item, ['spec', 'tcp', i]);
		exportTo(c, false);
	},
);
