import type { FieldPath } from '../../../workspace/objects';
import { isMapValue, listAt, mapAt, T } from '../../../workspace/resolve';
import { dryRun } from './security';
import {
	validationAnalyzer,
	emptySelector,
	exportTo,
	fqdnProblem,
	has,
	isDnsLabel,
	isIp,
	isPort,
	mapsAt,
	num,
	text,
	wildcardDomainProblem,
	type Check,
} from './common';
import { labelsProblem } from './labels';

/** Client TLS settings (upstream agent.ValidateTLS). */
export function clientTls(c: Check, tls: Record<string, unknown>, path: FieldPath): void {
	const mode = text(tls, 'mode');
	const credential = text(tls, 'credentialName');
	if (tls.insecureSkipVerify === true) {
		if (
			mode === 'SIMPLE' &&
			(text(tls, 'caCertificates') || credential || has(tls, 'subjectAltNames'))
		)
			c.err(
				[...path, 'insecureSkipVerify'],
				'insecureSkipVerify skips the server check, so caCertificates, credentialName and subjectAltNames have no use with it',
			);
		if (mode === 'MUTUAL' && (text(tls, 'caCertificates') || has(tls, 'subjectAltNames')))
			c.err(
				[...path, 'insecureSkipVerify'],
				'insecureSkipVerify skips the server check, so caCertificates and subjectAltNames have no use with it',
			);
	}
	if ((mode === 'SIMPLE' || mode === 'MUTUAL') && credential) {
		const files = ['clientCertificate', 'caCertificates', 'privateKey', 'caCrl'].filter((k) =>
			text(tls, k),
		);
		if (files.length)
			c.err(
				[...path, 'credentialName'],
				`with credentialName the certificates come from the secret; remove ${files.join(', ')}`,
			);
		return;
	}
	if (mode === 'MUTUAL') {
		if (!text(tls, 'clientCertificate'))
			c.err([...path, 'mode'], 'MUTUAL TLS needs clientCertificate (or credentialName)');
		if (!text(tls, 'privateKey'))
			c.err([...path, 'mode'], 'MUTUAL TLS needs privateKey (or credentialName)');
	}
}

function outlier(c: Check, o: Record<string, unknown>, path: FieldPath): void {
	if (
		(num(o, 'consecutiveLocalOriginFailures') ?? 0) > 0 &&
		o.splitExternalLocalOriginErrors !== true
	)
		c.err(
			[...path, 'consecutiveLocalOriginFailures'],
			'consecutiveLocalOriginFailures only counts when splitExternalLocalOriginErrors is true',
		);
	for (const key of ['maxEjectionPercent', 'minHealthPercent']) {
		const v = num(o, key);
		if (v !== undefined && (v < 0 || v > 100))
			c.err([...path, key], `${key} ${v} is not in 0..100`);
	}
}

/** Connection pool settings, shared with Sidecars (upstream validateConnectionPool). */
export function connectionPool(c: Check, p: Record<string, unknown>, path: FieldPath): void {
	const http = mapAt(p, 'http');
	const tcp = mapAt(p, 'tcp');
	if (!http && !tcp) c.err(path, 'a connectionPool needs http or tcp settings');
	for (const [block, keys] of [
		[
			http,
			[
				'http1MaxPendingRequests',
				'http2MaxRequests',
				'maxRequestsPerConnection',
				'maxRetries',
				'maxConcurrentStreams',
			],
		],
		[tcp, ['maxConnections']],
	] as const) {
		for (const key of keys) {
			const v = num(block, key);
			if (v !== undefined && v < 0)
				c.err([...path, block === http ? 'http' : 'tcp', key], `${key} cannot be negative`);
		}
	}
	if (http && http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true)
		c.err(
			[...path, 'http', 'useClientProtocol'],
			'useClientProtocol cannot be true when h2UpgradePolicy is UPGRADE',
		);
}

function isPrime(n: number): boolean {
	if (n !== 0 && n < 4) return true;
	if (n % 2 === 0) return false;
	for (let f = 3; f * f <= n; f += 2) if (n % f === 0) return false;
	return true;
}

const TOPOLOGY = new Set([
	'topology.kubernetes.io/region',
	'topology.kubernetes.io/zone',
	'topology.istio.io/subzone',
]);

function locality(
	c: Check,
	l: Record<string, unknown>,
	path: FieldPath,
	hasOutlier: boolean,
): void {
	const distribute = mapsAt(l, 'distribute');
	const failover = mapsAt(l, 'failover');
	const priority = listAt(l, 'failoverPriority');
	if (distribute.length && failover.length) {
		c.err(path, 'distribute and failover cannot be set together');
		return;
	}
	if (failover.length) {
		const topo = priority.find((p): p is string => typeof p === 'string' && TOPOLOGY.has(p));
		if (topo) {
			c.err(
				[...path, 'failoverPriority'],
				`failover cannot be combined with the topology label ${topo} in failoverPriority`,
			);
			return;
		}
	}
	for (const { item, i } of distribute) {
		const to = mapAt(item, 'to') ?? {};
		let total = 0;
		for (const w of Object.values(to)) {
			if (typeof w !== 'number') continue;
			if (w <= 0 || w > 100) {
				c.err([...path, 'distribute', i, 'to'], 'each locality weight must be in 1..100');
				return;
			}
			total += w;
		}
		if (Object.keys(to).length && total !== 100) {
			c.err(
				[...path, 'distribute', i, 'to'],
				`the locality weights add up to ${total}, not 100`,
			);
			return;
		}
	}
	if ((failover.length || priority.length) && !hasOutlier)
		c.warn(path, 'failover needs an outlierDetection policy to notice unhealthy endpoints');
	for (const { item, i } of failover) {
		const from = text(item, 'from');
		const to = text(item, 'to');
		const at = [...path, 'failover', i];
		if (from === to) c.err(at, 'a failover must go to another region');
		if (from.includes('/') || to.includes('/'))
			c.err(at, 'failover names regions only (no zone/subzone)');
		if (from.includes('*') || to.includes('*'))
			c.err(at, 'failover regions cannot contain "*"');
	}
}

function loadBalancer(
	c: Check,
	lb: Record<string, unknown>,
	path: FieldPath,
	hasOutlier: boolean,
): void {
	const hash = mapAt(lb, 'consistentHash');
	if (hash) {
		if (has(hash, 'minimumRingSize') && (has(hash, 'ringHash') || has(hash, 'maglev')))
			c.err(
				[...path, 'consistentHash', 'minimumRingSize'],
				'minimumRingSize cannot be combined with ringHash or maglev',
			);
		const maglev = mapAt(hash, 'maglev');
		if (maglev) {
			const size = num(maglev, 'tableSize') ?? 0;
			const at = [...path, 'consistentHash', 'maglev', 'tableSize'];
			if (size === 0) c.err(at, 'maglev needs a tableSize');
			else if (size >= 5000011) c.err(at, 'the maglev tableSize must be below 5000011');
			else if (!isPrime(size))
				c.err(at, `the maglev tableSize ${size} must be a prime number`);
		}
	}
	const l = mapAt(lb, 'localityLbSetting');
	if (l) locality(c, l, [...path, 'localityLbSetting'], hasOutlier);
}

function tunnel(c: Check, t: Record<string, unknown>, path: FieldPath): void {
	const protocol = text(t, 'protocol');
	if (protocol && protocol !== 'CONNECT' && protocol !== 'POST')
		c.err([...path, 'protocol'], 'the tunnel protocol must be CONNECT or POST');
	const host = text(t, 'targetHost');
	if (host && !isIp(host) && fqdnProblem(host))
		c.err(
			[...path, 'targetHost'],
			`the tunnel targetHost "${host}" is neither a host name nor an IP address`,
		);
	const port = num(t, 'targetPort');
	if (port !== undefined && !isPort(port))
		c.err([...path, 'targetPort'], `port number ${port} is not in 1..65535`);
}

/** A traffic policy or a port-level one (upstream validateTrafficPolicy, validatePortTrafficPolicies). */
function trafficPolicy(
	c: Check,
	p: Record<string, unknown>,
	path: FieldPath,
	portLevel = false,
): void {
	const keys = portLevel
		? ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls']
		: [
				'outlierDetection',
				'connectionPool',
				'loadBalancer',
				'tls',
				'portLevelSettings',
				'tunnel',
				'proxyProtocol',
			];
	// Only an empty policy: fields newer than the check (retryBudget, …) count as settings.
	if (!keys.some((k) => has(p, k))) {
		if (Object.keys(p).every((k) => k === 'port' && portLevel))
			c.err(
				path,
				`a ${portLevel ? 'port-level ' : ''}traffic policy needs at least one setting`,
			);
		return;
	}
	if (!portLevel && has(p, 'tunnel') && has(p, 'proxyProtocol')) {
		c.err(path, 'tunnel and proxyProtocol cannot be set together');
		return;
	}
	const o = mapAt(p, 'outlierDetection');
	if (o) outlier(c, o, [...path, 'outlierDetection']);
	const pool = mapAt(p, 'connectionPool');
	if (pool) connectionPool(c, pool, [...path, 'connectionPool']);
	const lb = mapAt(p, 'loadBalancer');
	if (lb) loadBalancer(c, lb, [...path, 'loadBalancer'], !!o);
	const tls = mapAt(p, 'tls');
	if (tls) clientTls(c, tls, [...path, 'tls']);
	if (portLevel) return;
	const t = mapAt(p, 'tunnel');
	if (t) tunnel(c, t, [...path, 'tunnel']);
	for (const { item, i } of mapsAt(p, 'portLevelSettings')) {
		const at = [...path, 'portLevelSettings', i];
		if (!has(item, 'port')) c.err(at, 'a port-level traffic policy needs a port');
		trafficPolicy(c, item, at, true);
	}
}

/** IST0106/IST0133 on DestinationRules (upstream validation.go ValidateDestinationRule). */
export const destinationRuleValidation = validationAnalyzer(
	'DestinationRule',
	T.DestinationRule,
	(c, o) => {
		const spec = mapAt(o.value, 'spec');
		if (!spec) return;
		dryRun(c, false);
		const host = text(spec, 'host');
		if (host) {
			const p = wildcardDomainProblem(host);
			if (p) c.err(['spec', 'host'], `host ${p}`);
		}
		const tp = mapAt(spec, 'trafficPolicy');
		if (tp) trafficPolicy(c, tp, ['spec', 'trafficPolicy']);
		const names = new Set<string>();
		for (const { item, i } of mapsAt(spec, 'subsets')) {
			const at = ['spec', 'subsets', i];
			const name = item.name;
			if (typeof name === 'string') {
				if (names.has(name)) c.err([...at, 'name'], `subset name "${name}" is used twice`);
				names.add(name);
				if (name === '') c.err([...at, 'name'], 'a subset needs a name');
				else if (!isDnsLabel(name))
					c.err(
						[...at, 'name'],
						`subset name "${name}" is not a DNS label (letters, digits and "-")`,
					);
			}
			const lp = labelsProblem(item.labels);
			if (lp) c.err([...at, 'labels'], lp);
			const stp = mapAt(item, 'trafficPolicy');
			if (stp) trafficPolicy(c, stp, [...at, 'trafficPolicy']);
		}
		exportTo(c, false, isMapValue(spec.workloadSelector));
		emptySelector(c, 'workloadSelector', 'matchLabels', 'DestinationRule');
	},
);
