import type { FieldPath } from '../../../workspace/objects';
import { isMapValue, listAt, mapAt, T } from '../../../workspace/resolve';
import { dryRun } from './security';
import {
	validationAnalyzer,
	has,
	isDnsLabel,
	isIp,
	isPlaceholder,
	isPort,
	isHttpProtocol,
	isTlsProtocol,
	mapsAt,
	num,
	protocolOf,
	text,
	wildcardDomainProblem,
	type Check,
} from './common';

/** The cipher suites Envoy accepts in a server's tls.cipherSuites (upstream security.ValidCipherSuites). */
const CIPHERS = new Set([
	'ECDHE-ECDSA-AES128-GCM-SHA256',
	'ECDHE-RSA-AES128-GCM-SHA256',
	'ECDHE-ECDSA-AES256-GCM-SHA384',
	'ECDHE-RSA-AES256-GCM-SHA384',
	'ECDHE-ECDSA-CHACHA20-POLY1305',
	'ECDHE-RSA-CHACHA20-POLY1305',
	'ECDHE-ECDSA-AES128-SHA',
	'ECDHE-RSA-AES128-SHA',
	'ECDHE-ECDSA-AES256-SHA',
	'ECDHE-RSA-AES256-SHA',
	'AES128-GCM-SHA256',
	'AES256-GCM-SHA384',
	'AES128-SHA',
	'AES256-SHA',
	'DES-CBC3-SHA',
]);

/** A suite upstream lets through: known, empty, ALL, or an expression starting with an operator. */
const cipherOk = (s: string): boolean =>
	s === '' || s === 'ALL' || !/^[\p{L}\p{N}]/u.test(s) || CIPHERS.has(s);

/** Whether a server tls block names certificates by any of its fields. */
function namesCredentials(tls: Record<string, unknown>): boolean {
	return has(tls, 'credentialName') || has(tls, 'credentialNames') || has(tls, 'tlsCertificates');
}

/**
 * Server TLS settings, shared by Gateway servers and Sidecar ingress listeners (upstream
 * validation.go validateTLSOptions).
 */
export function serverTls(c: Check, tls: Record<string, unknown>, path: FieldPath): void {
	// PASSTHROUGH is the enum's zero value: a tls block without a mode passes TLS through.
	const mode = text(tls, 'mode') || 'PASSTHROUGH';
	const min = text(tls, 'minProtocolVersion');
	const ciphers = listAt(tls, 'cipherSuites').filter((s): s is string => typeof s === 'string');
	if ((min === 'TLSV1_0' || min === 'TLSV1_1') && ciphers.length === 0)
		c.warn(
			[...path, 'minProtocolVersion'],
			`${min} needs cipherSuites that support it: the default suites no longer include any`,
		);
	const bad = [...new Set(ciphers.filter((s) => !cipherOk(s)))].sort();
	if (bad.length)
		c.warn([...path, 'cipherSuites'], `unknown cipher suites are ignored: ${bad.join(', ')}`);
	const dup = [...new Set(ciphers.filter((s, i) => ciphers.indexOf(s) !== i))].sort();
	if (dup.length)
		c.warn([...path, 'cipherSuites'], `repeated cipher suites are ignored: ${dup.join(', ')}`);
	if (mode === 'ISTIO_MUTUAL') {
		for (const [key, what] of [
			['serverCertificate', 'a server certificate'],
			['privateKey', 'a private key'],
			['caCertificates', 'a CA bundle'],
			['credentialName', 'a credentialName'],
		] as const)
			if (text(tls, key))
				c.err(
					[...path, key],
					`ISTIO_MUTUAL uses the mesh's own certificates and cannot have ${what}`,
				);
		return;
	}
	if (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') {
		const certs = [
			'caCrl',
			'serverCertificate',
			'privateKey',
			'caCertificates',
			'credentialName',
		];
		if (certs.some((k) => text(tls, k)))
			c.warn(
				[...path, 'mode'],
				`${mode} does not terminate TLS, so the certificates set here are ignored`,
			);
	}
	const viaCredential = namesCredentials(tls);
	if (mode === 'SIMPLE' && !viaCredential) {
		if (!text(tls, 'serverCertificate'))
			c.err(
				[...path, 'mode'],
				'SIMPLE TLS needs serverCertificate (or credentialName for a Kubernetes secret)',
			);
		if (!text(tls, 'privateKey'))
			c.err([...path, 'mode'], 'SIMPLE TLS needs privateKey (or credentialName)');
	}
	if ((mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') && !viaCredential) {
		if (!text(tls, 'serverCertificate'))
			c.err(
				[...path, 'mode'],
				`${mode} TLS needs serverCertificate (or credentialName for a Kubernetes secret)`,
			);
		if (!text(tls, 'privateKey'))
			c.err([...path, 'mode'], `${mode} TLS needs privateKey (or credentialName)`);
		if (!text(tls, 'caCertificates'))
			c.err(
				[...path, 'mode'],
				`${mode} TLS needs caCertificates to verify clients (or credentialName)`,
			);
	}
	if (text(tls, 'caCrl')) {
		if (text(tls, 'credentialName'))
			c.err(
				[...path, 'caCrl'],
				'caCrl cannot be combined with credentialName: put the CRL in the credential',
			);
		if (mode === 'SIMPLE')
			c.err([...path, 'caCrl'], 'caCrl has no use with SIMPLE TLS (no client certificates)');
	}
}

/**
 * Why a Gateway or Sidecar host is not `[namespace/]dnsName` with a whole-label wildcard, or ''
 * (upstream agent.ValidateNamespaceSlashWildcardHostname). A Sidecar's namespace may also be
 * `~`, and only a Gateway's host may be an IP address.
 */
export function gatewayHostProblem(host: string, sidecar = false): string {
	if (isPlaceholder(host)) return '';
	const slash = host.indexOf('/');
	let name = host;
	if (slash !== -1) {
		const ns = host.slice(0, slash);
		name = host.slice(slash + 1);
		if (!ns || !name) return `"${host}": the namespace and the host name must both be set`;
		if (ns !== '*' && ns !== '.' && !(sidecar && ns === '~') && !isDnsLabel(ns))
			return `"${host}": "${ns}" is not "*", "."${sidecar ? ', "~"' : ''} or a namespace name`;
	}
	if (name !== '*' && !name.includes('.'))
		return `"${host}": a short name is not allowed here; write a fully qualified host name`;
	if (sidecar || !isIp(name)) {
		const p = wildcardDomainProblem(name);
		if (p) return p;
	}
	if (name.includes('*') && name !== '*' && !name.startsWith('*.'))
		return `"${host}": a partial wildcard is not allowed; "*" must be a whole first label ("*.example.com")`;
	return '';
}

function server(c: Check, s: Record<string, unknown>, path: FieldPath): void {
	listAt(s, 'hosts').forEach((h, i) => {
		if (typeof h !== 'string') return;
		const p = gatewayHostProblem(h);
		if (p) c.err([...path, 'hosts', i], p);
	});
	if (has(s, 'hosts') && listAt(s, 'hosts').length === 0)
		c.err([...path, 'hosts'], 'a server needs at least one host');
	const port = mapAt(s, 'port');
	const bind = text(s, 'bind');
	const tls = mapAt(s, 'tls');
	if (port) {
		const raw = text(port, 'protocol');
		const protocol = protocolOf(raw);
		if (raw && !protocol)
			c.err(
				[...path, 'port', 'protocol'],
				`unknown protocol "${raw}"; Istio knows HTTP, HTTPS, GRPC, GRPC-Web, HTTP2, TCP, TLS, MONGO, REDIS, MYSQL`,
			);
		const number = num(port, 'number');
		if (
			number !== undefined &&
			!(number === 0 && bind.startsWith('unix://')) &&
			!isPort(number)
		)
			c.err([...path, 'port', 'number'], `port number ${number} is not in 1..65535`);
		if ((num(port, 'targetPort') ?? 0) > 0)
			c.err([...path, 'port', 'targetPort'], 'targetPort has no effect on a Gateway server');
		if (bind && !bind.startsWith('unix://') && !isIp(bind))
			c.err([...path, 'bind'], `bind "${bind}" is not an IP address or a unix:// socket`);
		if (bind.startsWith('unix://') && (number ?? 0) !== 0)
			c.err([...path, 'port', 'number'], 'a unix domain socket server needs port number 0');
		if (protocol && isTlsProtocol(protocol) && !tls)
			c.err([...path, 'port', 'protocol'], `a ${protocol} server needs tls settings`);
		if (protocol && !isTlsProtocol(protocol) && tls) {
			const certs = ['caCertificates', 'privateKey', 'serverCertificate'].some((k) =>
				text(tls, k),
			);
			const mode = text(tls, 'mode') || 'PASSTHROUGH';
			const passthrough = mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';
			if (!isHttpProtocol(protocol))
				c.err(
					[...path, 'tls'],
					`a ${protocol} server cannot have tls settings (only HTTPS and TLS servers can)`,
				);
			else if (certs || !passthrough)
				c.err(
					[...path, 'tls'],
					`a plain-text ${protocol} server cannot terminate TLS (only httpsRedirect belongs here)`,
				);
		}
		if (protocol && !isHttpProtocol(protocol) && tls?.httpsRedirect === true)
			c.warn([...path, 'tls', 'httpsRedirect'], 'httpsRedirect only works on HTTP servers');
	}
	if (tls) serverTls(c, tls, [...path, 'tls']);
}

/** IST0106/IST0133 on Gateways (upstream validation.go ValidateGateway and validateServer). */
export const gatewayValidation = validationAnalyzer('Gateway', T.IstioGateway, (c, o) => {
	if (!isMapValue(o.value.spec)) return;
	dryRun(c, false);
	if (o.name && !isDnsLabel(o.name))
		c.err(
			['metadata', 'name'],
			`the Gateway name "${o.name}" must be a DNS label (letters, digits and "-", no dots)`,
		);
	const servers = mapsAt(o.value, 'spec', 'servers');
	if (!listAt(o.value, 'spec', 'servers').length)
		c.err(['spec'], 'a Gateway needs at least one server');
	const names = new Map<string, number>();
	for (const { item, i } of servers) {
		server(c, item, ['spec', 'servers', i]);
		const name = mapAt(item, 'port')?.name;
		if (typeof name !== 'string') continue;
		if (names.has(name))
			c.err(
				['spec', 'servers', i, 'port', 'name'],
				`port name "${name}" is already used by server #${names.get(name)}; server port names must be unique`,
			);
		else names.set(name, i);
	}
});
