import type { FieldPath } from '../../../workspace/objects';
import { listAt, mapAt, T } from '../../../workspace/resolve';
import { dryRun } from './security';
import {
	validationAnalyzer,
	emptySelector,
	has,
	isDnsLabel,
	isHttpProtocol,
	isIp,
	isPort,
	mapsAt,
	num,
	protocolOf,
	text,
	type Check,
} from './common';
import { connectionPool } from './destinationrule';
import { gatewayHostProblem, serverTls } from './gateway';

/** A listener port: name, protocol, number; a unix socket bind for port 0 on egress. */
function listenerPort(
	c: Check,
	port: Record<string, unknown>,
	bind: string,
	path: FieldPath,
	egress: boolean,
): void {
	const name = text(port, 'name');
	if (name && !isDnsLabel(name))
		c.err([...path, 'name'], `port name "${name}" is not a DNS label`);
	const raw = text(port, 'protocol');
	if (raw && !protocolOf(raw)) c.err([...path, 'protocol'], `unknown protocol "${raw}"`);
	if ((num(port, 'targetPort') ?? 0) > 0)
		c.err([...path, 'targetPort'], 'targetPort has no effect on a Sidecar');
	const number = num(port, 'number') ?? 0;
	if (egress && number === 0) {
		if (!bind.startsWith('unix://'))
			c.err(
				[...path, 'number'],
				'port 0 is for unix domain sockets: the bind must be unix://<path>',
			);
		return;
	}
	if (!isPort(number)) c.err([...path, 'number'], `port number ${number} is not in 1..65535`);
	if (bind && !isIp(bind))
		c.err([...path.slice(0, -1), 'bind'], `bind "${bind}" is not an IP address`);
}

function ingress(c: Check, l: Record<string, unknown>, path: FieldPath, ports: Set<number>): void {
	const port = mapAt(l, 'port');
	if (!port) return;
	listenerPort(c, port, text(l, 'bind'), [...path, 'port'], false);
	const number = num(port, 'number');
	if (number !== undefined) {
		if (ports.has(number))
			c.err(
				[...path, 'port', 'number'],
				`port ${number} is used by another ingress listener`,
			);
		ports.add(number);
	}
	const endpoint = text(l, 'defaultEndpoint');
	if (endpoint && !endpoint.startsWith('unix://')) {
		const m = /^(.*):(\d+)$/.exec(endpoint);
		const host = m?.[1]?.replace(/^\[(.*)\]$/, '$1') ?? '';
		if (
			!m ||
			!['', '127.0.0.1', '0.0.0.0', '::1', '::'].includes(host) ||
			!isPort(Number(m[2]))
		)
			c.err(
				[...path, 'defaultEndpoint'],
				`defaultEndpoint "${endpoint}" must be 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix://<path>`,
			);
	}
	const tls = mapAt(l, 'tls');
	if (tls) {
		const at = [...path, 'tls'];
		if (listAt(tls, 'subjectAltNames').length)
			c.err(
				[...at, 'subjectAltNames'],
				'subjectAltNames is not supported in Sidecar ingress tls',
			);
		if (tls.httpsRedirect === true)
			c.err(
				[...at, 'httpsRedirect'],
				'httpsRedirect is not supported in Sidecar ingress tls',
			);
		if (text(tls, 'credentialName'))
			c.err(
				[...at, 'credentialName'],
				'credentialName is not supported in Sidecar ingress tls',
			);
		const mode = text(tls, 'mode');
		if (mode === 'ISTIO_MUTUAL' || mode === 'AUTO_PASSTHROUGH')
			c.err([...at, 'mode'], `mode ${mode} cannot be used in Sidecar ingress tls`);
		serverTls(c, tls, at);
	}
	const pool = mapAt(l, 'connectionPool');
	if (pool) {
		connectionPool(c, pool, [...path, 'connectionPool']);
		const protocol = protocolOf(text(port, 'protocol'));
		if (has(pool, 'http') && protocol && !isHttpProtocol(protocol))
			c.warn(
				[...path, 'connectionPool', 'http'],
				`HTTP connection pool settings on a ${protocol} port have no effect; only the tcp settings apply`,
			);
	}
}

function egressHosts(c: Check, hosts: readonly unknown[], path: FieldPath): void {
	const byNs = new Map<string, Set<string>>();
	hosts.forEach((h, i) => {
		if (typeof h !== 'string') return;
		const at = [...path, i];
		const slash = h.indexOf('/');
		if (slash === -1) {
			c.err(
				at,
				`host "${h}" must be <namespace>/<host> (for example "./*" or "istio-system/*")`,
			);
			return;
		}
		const ns = h.slice(0, slash) === '.' ? c.o.ns : h.slice(0, slash);
		const svc = h.slice(slash + 1);
		let set = byNs.get(ns);
		if (!set) byNs.set(ns, (set = new Set()));
		if (svc !== '*' ? set.has(svc) || set.has('*') : set.size > 0)
			c.warn(at, `host "${h}" repeats a host (or a wildcard) already listed`);
		set.add(svc);
		const p = gatewayHostProblem(h, true);
		if (p) c.err(at, p);
	});
	if (byNs.get('*')?.has('*') && byNs.size !== 1)
		c.warn(path, '"*/*" already selects every host; the other hosts add nothing');
}

/** IST0106/IST0133 on Sidecars (upstream validation.go ValidateSidecar). */
export const sidecarValidation = validationAnalyzer('Sidecar', T.Sidecar, (c, o) => {
	const spec = mapAt(o.value, 'spec');
	if (!spec) return;
	dryRun(c, false);
	emptySelector(c, 'workloadSelector', 'labels', 'Sidecar');
	const egress = listAt(spec, 'egress');
	const ingressList = listAt(spec, 'ingress');
	if (
		!egress.length &&
		!ingressList.length &&
		!has(spec, 'outboundTrafficPolicy') &&
		!has(spec, 'inboundConnectionPool')
	)
		c.err(
			['spec'],
			'the Sidecar configures nothing: give egress, ingress, outboundTrafficPolicy or inboundConnectionPool',
		);
	const ports = new Set<number>();
	for (const { item, i } of mapsAt(spec, 'ingress'))
		ingress(c, item, ['spec', 'ingress', i], ports);
	const pool = mapAt(spec, 'inboundConnectionPool');
	if (pool) connectionPool(c, pool, ['spec', 'inboundConnectionPool']);
	const egressPorts = new Set<number>();
	const sockets = new Set<string>();
	let catchAll = false;
	for (const { item, i } of mapsAt(spec, 'egress')) {
		const at = ['spec', 'egress', i];
		const port = mapAt(item, 'port');
		if (!port) {
			if (catchAll) c.err(at, 'only one egress listener may have no port');
			else if (i !== egress.length - 1)
				c.err(at, 'the egress listener without a port must be the last one');
			else catchAll = true;
		} else {
			const bind = text(item, 'bind');
			listenerPort(c, port, bind, [...at, 'port'], true);
			const capture = text(item, 'captureMode');
			const number = num(port, 'number') ?? 0;
			if (number === 0) {
				if (capture && capture !== 'DEFAULT' && capture !== 'NONE')
					c.err(
						[...at, 'captureMode'],
						'a unix domain socket listener needs captureMode DEFAULT or NONE',
					);
				if (sockets.has(bind))
					c.err(
						[...at, 'bind'],
						`unix socket ${bind} is used by another egress listener`,
					);
				sockets.add(bind);
			} else {
				if (egressPorts.has(number))
					c.err(
						[...at, 'port', 'number'],
						`port ${number} is used by another egress listener`,
					);
				egressPorts.add(number);
			}
		}
		const hosts = listAt(item, 'hosts');
		if (Array.isArray(item.hosts) && !hosts.length)
			c.err([...at, 'hosts'], 'an egress listener needs at least one host');
		egressHosts(c, hosts, [...at, 'hosts']);
	}
	const otp = mapAt(spec, 'outboundTrafficPolicy');
	if (otp && has(otp, 'egressProxy') && text(otp, 'mode') !== 'ALLOW_ANY')
		c.err(
			['spec', 'outboundTrafficPolicy', 'egressProxy'],
			'egressProxy only works with mode ALLOW_ANY',
		);
});
