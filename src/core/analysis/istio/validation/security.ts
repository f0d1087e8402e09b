import type { FieldPath } from '../../../workspace/objects';
import { annotationsOf, isMapValue, listAt, mapAt, T } from '../../../workspace/resolve';
import {
	validationAnalyzer,
	emptySelector,
	has,
	isIpOrCidr,
	mapsAt,
	text,
	type Check,
} from './common';

/** The kinds a policy's targetRef(s) may name (upstream allowedTargetRefs), by group. */
const TARGETS: Readonly<Record<string, readonly string[]>> = {
	'': ['Service'],
	core: ['Service'],
	'networking.istio.io': ['ServiceEntry'],
	'gateway.networking.k8s.io': ['Gateway'],
};

/** targetRef/targetRefs of AuthorizationPolicy, RequestAuthentication, Telemetry, WasmPlugin (upstream validatePolicyTargetReference). */
export function targetRefs(c: Check): void {
	const refs: { ref: Record<string, unknown>; path: FieldPath }[] = [];
	const one = mapAt(c.o.value, 'spec', 'targetRef');
	if (one) refs.push({ ref: one, path: ['spec', 'targetRef'] });
	for (const { item, i } of mapsAt(c.o.value, 'spec', 'targetRefs'))
		refs.push({ ref: item, path: ['spec', 'targetRefs', i] });
	for (const { ref, path } of refs) {
		const group = text(ref, 'group');
		const kind = text(ref, 'kind');
		if (kind && !(TARGETS[group] ?? []).includes(kind))
			c.err(
				[...path, 'kind'],
				`a policy can target a Service, a ServiceEntry (networking.istio.io) or a Gateway (gateway.networking.k8s.io), not ${group ? `${group}/` : ''}${kind}`,
			);
	}
}

/** `istio.io/dry-run` (upstream validation.go checkDryRunAnnotation). */
export function dryRun(c: Check, authz: boolean): void {
	const v = annotationsOf(c.o)['istio.io/dry-run'];
	if (v === undefined) return;
	const at = ['metadata', 'annotations', 'istio.io/dry-run'];
	if (!authz) {
		c.err(
			at,
			`the istio.io/dry-run annotation only works on an AuthorizationPolicy; remove it from this ${c.o.kind}`,
		);
		return;
	}
	const action = text(c.o.value.spec, 'action') || 'ALLOW';
	if (action !== 'ALLOW' && action !== 'DENY')
		c.err(
			at,
			`the istio.io/dry-run annotation works with action ALLOW or DENY only, not ${action}`,
		);
	else if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(v))
		c.err(at, `istio.io/dry-run must be true or false, not "${v}"`);
}

const SOURCE_KEYS = [
	'principals',
	'requestPrincipals',
	'namespaces',
	'ipBlocks',
	'remoteIpBlocks',
	'notPrincipals',
	'notRequestPrincipals',
	'notNamespaces',
	'notIpBlocks',
	'notRemoteIpBlocks',
	'serviceAccounts',
	'notServiceAccounts',
	'trustDomains',
	'notTrustDomains',
];
/**
 * Source fields a proxy can match on plain TCP: peer identity and addresses. The identity fields
 * newer than the Go check read (serviceAccounts, trustDomains) are counted too, so a DENY rule on
 * them is not taken for an HTTP-only one.
 */
const TCP_SOURCE_KEYS = [
	'principals',
	'notPrincipals',
	'namespaces',
	'notNamespaces',
	'ipBlocks',
	'notIpBlocks',
	'remoteIpBlocks',
	'notRemoteIpBlocks',
	'serviceAccounts',
	'notServiceAccounts',
	'trustDomains',
	'notTrustDomains',
];
const OPERATION_KEYS = [
	'ports',
	'methods',
	'paths',
	'hosts',
	'notPorts',
	'notMethods',
	'notPaths',
	'notHosts',
];
const PATH_TEMPLATE = /\/{\w+=\*[*]?\}|{\w*\}|\/\*[*]?|\*[*]?\//;

/** Why a `when` key is not an attribute Istio knows, or why its values are wrong (upstream security.ValidateAttribute), or ''. */
function attributeProblem(key: string, values: readonly string[]): string {
	const mapKey = () =>
		/^[^[]+\[.+\]$/.test(key) ? '' : `"${key}" should have the form name[key]`;
	const ips = () =>
		values
			.filter((v) => !isIpOrCidr(v))
			.map((v) => `"${v}" is not an IP address or CIDR block`)[0] ?? '';
	if (key.startsWith('request.headers')) return mapKey();
	if (key.startsWith('request.auth.claims')) return mapKey();
	if (key.startsWith('experimental.envoy.filters.')) return mapKey();
	if (['source.ip', 'remote.ip', 'destination.ip'].includes(key)) return ips();
	if (key === 'destination.port')
		return (
			values
				.filter((v) => !/^\d+$/.test(v) || Number(v) > 65535)
				.map((v) => `"${v}" is not a port`)[0] ?? ''
		);
	if (
		[
			'source.namespace',
			'source.principal',
			'request.auth.principal',
			'request.auth.audiences',
			'request.auth.presenter',
			'connection.sni',
		].includes(key)
	)
		return '';
	if (key === 'destination.namespace')
		return `"${key}" is not supported: the policy's own namespace is the destination namespace`;
	if (key.startsWith('destination.labels'))
		return `"${key}" is not supported: use the policy's selector`;
	if (key === 'destination.name' || key === 'destination.user')
		return `"${key}" was only supported in the old v1alpha1 API`;
	return `"${key}" is not an attribute Istio knows (e.g. request.headers[name], source.ip, request.auth.claims[iss], destination.port)`;
}

function emptyValues(
	c: Check,
	block: Record<string, unknown>,
	keys: readonly string[],
	path: FieldPath,
): void {
	for (const key of keys) {
		const list = listAt(block, key);
		const i = list.findIndex((v) => v === '');
		if (i !== -1) c.err([...path, key, i], `an empty string is not allowed in ${key}`);
	}
}

function rule(c: Check, rule: unknown, i: number, action: string): void {
	const path = ['spec', 'rules', i];
	if (!isMapValue(rule)) return;
	let fromRule = false;
	let toRule = false;
	let tcpFrom = false;
	let tcpTo = false;
	if (Array.isArray(rule.from) && rule.from.length === 0)
		c.err([...path, 'from'], '`from` cannot be an empty list');
	for (const { item, i: j } of mapsAt(rule, 'from')) {
		const src = mapAt(item, 'source');
		const at = [...path, 'from', j];
		if (!src) {
			c.err(at, 'a `from` entry needs a source');
			continue;
		}
		fromRule = true;
		if (!Object.keys(src).some((k) => listAt(src, k).length))
			c.err([...at, 'source'], 'the source sets nothing');
		for (const key of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'])
			listAt(src, key).forEach((v, k) => {
				if (typeof v === 'string' && v !== '' && !isIpOrCidr(v))
					c.err([...at, 'source', key, k], `"${v}" is not an IP address or CIDR block`);
			});
		emptyValues(c, src, SOURCE_KEYS, [...at, 'source']);
		if (TCP_SOURCE_KEYS.some((k) => has(src, k))) tcpFrom = true;
	}
	if (Array.isArray(rule.to) && rule.to.length === 0)
		c.err([...path, 'to'], '`to` cannot be an empty list');
	for (const { item, i: j } of mapsAt(rule, 'to')) {
		const op = mapAt(item, 'operation');
		const at = [...path, 'to', j];
		if (!op) {
			c.err(at, 'a `to` entry needs an operation');
			continue;
		}
		toRule = true;
		if (!OPERATION_KEYS.some((k) => listAt(op, k).length))
			c.err([...at, 'operation'], 'the operation sets nothing');
		for (const key of ['ports', 'notPorts'])
			listAt(op, key).forEach((v, k) => {
				if (typeof v === 'string' && v !== '' && (!/^\d+$/.test(v) || Number(v) > 65535))
					c.err([...at, 'operation', key, k], `"${v}" is not a port`);
			});
		emptyValues(c, op, OPERATION_KEYS, [...at, 'operation']);
		for (const key of ['paths', 'notPaths'])
			listAt(op, key).forEach((p, k) => {
				if (
					typeof p === 'string' &&
					(p.includes('{*}') || p.includes('{**}')) &&
					PATH_TEMPLATE.test(p)
				)
					c.err(
						[...at, 'operation', key, k],
						`"${p}" is a path template Istio does not support (only {*} and {**}, no named variables or bare *)`,
					);
			});
		if (has(op, 'ports') || has(op, 'notPorts')) tcpTo = true;
	}
	for (const { item, i: j } of mapsAt(rule, 'when')) {
		const key = text(item, 'key');
		const at = [...path, 'when', j];
		const values = listAt(item, 'values').filter((v): v is string => typeof v === 'string');
		const notValues = listAt(item, 'notValues').filter(
			(v): v is string => typeof v === 'string',
		);
		if (!key) continue;
		if (!values.length && !notValues.length) {
			c.err(at, `condition ${key} needs values or notValues`);
			continue;
		}
		const empty = [...values, ...notValues].includes('');
		const p = empty
			? 'an empty string is not allowed in values or notValues'
			: attributeProblem(key, [...values, ...notValues]);
		if (p) c.err([...at, 'key'], p);
	}
	if (action === 'DENY' && ((fromRule && !toRule && !tcpFrom) || (toRule && !tcpTo)))
		c.warn(
			path,
			'this DENY rule uses only HTTP attributes, so it denies all traffic to TCP ports in its scope; name the ports it is about',
		);
}

function customRule(c: Check, rule: unknown, i: number): void {
	const path = ['spec', 'rules', i];
	for (const { item, i: j } of mapsAt(rule, 'from')) {
		const src = mapAt(item, 'source');
		for (const key of [
			'namespaces',
			'notNamespaces',
			'principals',
			'notPrincipals',
			'requestPrincipals',
			'notRequestPrincipals',
		])
			if (listAt(src, key).length)
				c.err(
					[...path, 'from', j, 'source', key],
					`source ${key} cannot be used with the CUSTOM action`,
				);
	}
	for (const { item, i: j } of mapsAt(rule, 'when')) {
		const key = text(item, 'key');
		if (
			key === 'source.namespace' ||
			key === 'source.principal' ||
			key.startsWith('request.auth.')
		)
			c.err(
				[...path, 'when', j, 'key'],
				`condition ${key} cannot be used with the CUSTOM action`,
			);
	}
}

/** IST0106/IST0133 on AuthorizationPolicies (upstream validation.go ValidateAuthorizationPolicy). */
export const authorizationPolicyValidation = validationAnalyzer(
	'AuthorizationPolicy',
	T.IstioAuthorizationPolicy,
	(c, o) => {
		dryRun(c, true);
		const spec = mapAt(o.value, 'spec') ?? {};
		emptySelector(c, 'selector', 'matchLabels', 'AuthorizationPolicy');
		targetRefs(c);
		const action = text(spec, 'action') || 'ALLOW';
		const rules = spec.rules;
		const hasRules = Array.isArray(rules);
		if (action === 'CUSTOM') {
			if (!hasRules)
				c.err(
					['spec', 'action'],
					'a CUSTOM policy without rules never triggers; add an empty rule `{}` to apply it to every request',
				);
			else if (!text(mapAt(spec, 'provider'), 'name'))
				c.err(['spec', 'action'], 'a CUSTOM policy needs provider.name');
			listAt(spec, 'rules').forEach((x, i) => customRule(c, x, i));
		} else if (has(spec, 'provider'))
			c.err(
				['spec', 'provider'],
				`provider only works with the CUSTOM action, not ${action}`,
			);
		if (action === 'DENY' && !hasRules)
			c.err(
				['spec', 'action'],
				'a DENY policy without rules never triggers; add an empty rule `{}` to deny every request',
			);
		listAt(spec, 'rules').forEach((x, i) => rule(c, x, i, action));
	},
);

/** IST0106/IST0133 on PeerAuthentications (upstream ValidatePeerAuthentication; the rest is CEL). */
export const peerAuthenticationValidation = validationAnalyzer(
	'PeerAuthentication',
	T.PeerAuthentication,
	(c) => {
		dryRun(c, false);
		emptySelector(c, 'selector', 'matchLabels', 'PeerAuthentication');
	},
);

/** IST0106/IST0133 on RequestAuthentications (upstream ValidateRequestAuthentication, validateJwtRule). */
export const requestAuthenticationValidation = validationAnalyzer(
	'RequestAuthentication',
	T.RequestAuthentication,
	(c, o) => {
		dryRun(c, false);
		emptySelector(c, 'selector', 'matchLabels', 'RequestAuthentication');
		targetRefs(c);
		for (const { item, i } of mapsAt(o.value, 'spec', 'jwtRules')) {
			const at = ['spec', 'jwtRules', i];
			if (!text(item, 'issuer')) c.err(at, 'a JWT rule needs an issuer');
			const jwks = text(item, 'jwks');
			if (jwks) {
				let keys: unknown;
				try {
					keys = JSON.parse(jwks);
				} catch {
					keys = undefined;
				}
				if (
					!isMapValue(keys) ||
					(!Array.isArray(keys.keys) && typeof keys.kty !== 'string')
				)
					c.err(
						[...at, 'jwks'],
						'jwks is not a JSON Web Key Set (a JSON object with "keys", or one key)',
					);
			}
		}
	},
);
