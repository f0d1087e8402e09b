import { isMapValue, listAt, mapAt, T } from '../../../workspace/resolve';
import { dryRun } from './security';
import {
	validationAnalyzer,
	emptySelector,
	exportTo,
	fqdnProblem,
	isDnsLabel,
	isHttpProtocol,
	isIp,
	isIpOrCidr,
	isTcpProtocol,
	isTlsProtocol,
	mapsAt,
	protocolOf,
	text,
	wildcardDomainProblem,
} from './common';
import { labelsProblem } from './labels';

/** IST0106/IST0133 on ServiceEntries (upstream validation.go ValidateServiceEntry). */
export const serviceEntryValidation = validationAnalyzer('ServiceEntry', T.ServiceEntry, (c, o) => {
	const spec = mapAt(o.value, 'spec');
	if (!spec) return;
	dryRun(c, false);
	emptySelector(c, 'workloadSelector', 'labels', 'ServiceEntry');
	const hosts = listAt(spec, 'hosts').filter((h): h is string => typeof h === 'string');
	listAt(spec, 'hosts').forEach((h, i) => {
		if (typeof h !== 'string' || h === '*') return;
		const p = wildcardDomainProblem(h);
		if (p) c.err(['spec', 'hosts', i], `host ${p}`);
		else if (h.includes('*') && !h.startsWith('*.'))
			c.warn(
				['spec', 'hosts', i],
				`host "${h}" has a partial wildcard; "*" should be a whole first label ("*.example.com")`,
			);
	});
	listAt(spec, 'addresses').forEach((a, i) => {
		if (typeof a === 'string' && !isIpOrCidr(a))
			c.err(['spec', 'addresses', i], `address "${a}" is not an IP address or CIDR block`);
	});
	const resolution = text(spec, 'resolution') || 'NONE';
	const ports = mapsAt(spec, 'ports');
	const portNames = new Set<string>();
	for (const { item, i } of ports) {
		const name = text(item, 'name');
		if (name) portNames.add(name);
		if (name && !isDnsLabel(name))
			c.err(['spec', 'ports', i, 'name'], `port name "${name}" is not a DNS label`);
		const raw = text(item, 'protocol');
		if (raw && !protocolOf(raw))
			c.err(['spec', 'ports', i, 'protocol'], `unknown protocol "${raw}"`);
	}
	const endpoints = mapsAt(spec, 'endpoints');
	const hasSelector = isMapValue(spec.workloadSelector);
	if (resolution === 'NONE' && hasSelector)
		c.warn(
			['spec', 'workloadSelector'],
			'a workloadSelector has no effect with resolution NONE',
		);
	if (resolution === 'STATIC')
		for (const { item, i } of endpoints) {
			const addr = text(item, 'address');
			if (addr && !addr.startsWith('unix://') && !isIp(addr))
				c.err(
					['spec', 'endpoints', i, 'address'],
					`with resolution STATIC an endpoint address must be an IP address, not "${addr}"`,
				);
		}
	if (resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') {
		if (!endpoints.length)
			hosts.forEach((h, i) => {
				if (h !== '*' && fqdnProblem(h))
					c.err(
						['spec', 'hosts', i],
						`with resolution ${resolution} and no endpoints every host must be a resolvable name (no wildcard): "${h}"`,
					);
			});
		for (const { item, i } of endpoints) {
			const addr = text(item, 'address');
			if (addr && !isIp(addr) && fqdnProblem(addr))
				c.err(
					['spec', 'endpoints', i, 'address'],
					`endpoint address "${addr}" is neither a host name nor an IP address`,
				);
		}
		if (hasSelector)
			c.warn(
				['spec', 'workloadSelector'],
				`a workloadSelector has no effect with resolution ${resolution}`,
			);
		if (
			listAt(spec, 'addresses').length &&
			hosts.length > 1 &&
			ports.some(({ item }) => isTcpProtocol(protocolOf(text(item, 'protocol'))))
		)
			c.warn(
				['spec', 'hosts'],
				'with addresses and a TCP port, only one host can be told apart; list one host per ServiceEntry',
			);
	}
	for (const { item, i } of endpoints) {
		const lp = labelsProblem(item.labels);
		if (lp) c.err(['spec', 'endpoints', i, 'labels'], lp);
		if (resolution === 'NONE') continue;
		for (const name of Object.keys(mapAt(item, 'ports') ?? {}))
			if (!portNames.has(name))
				c.err(
					['spec', 'endpoints', i, 'ports', name],
					`endpoint port "${name}" is not one of the ServiceEntry's ports (${[...portNames].join(', ')})`,
				);
	}
	if (resolution !== 'NONE' && hosts.length > 1) {
		const plain = ports.find(({ item }) => {
			const p = protocolOf(text(item, 'protocol'));
			return !isHttpProtocol(p) && !isTlsProtocol(p);
		});
		if (plain)
			c.err(
				['spec', 'ports', plain.i],
				`several hosts share a ${text(plain.item, 'protocol') || 'TCP'} port: without HTTP or TLS the proxy cannot tell the hosts apart (use one ServiceEntry per host, or resolution NONE)`,
			);
	}
	exportTo(c, true);
});
