import { isMapValue, mapAt, T } from '../../../workspace/resolve';
import type { Analyzer } from '../../types';
import { checker, emptySelector, has, mapsAt, text } from './common';
import { re2Problem } from './httproute';
import { dryRun } from './security';

/** Envoy filter names Envoy deprecated, with the names that replace them (upstream xds.DeprecatedFilterNames). */
const DEPRECATED_FILTERS: Readonly<Record<string, string>> = {
	'envoy.buffer': 'envoy.filters.http.buffer',
	'envoy.cors': 'envoy.filters.http.cors',
	'envoy.csrf': 'envoy.filters.http.csrf',
	'envoy.http_dynamo_filter': 'envoy.filters.http.dynamo',
	'envoy.ext_authz': 'envoy.filters.http.ext_authz (or envoy.filters.network.ext_authz)',
	'envoy.fault': 'envoy.filters.http.fault',
	'envoy.grpc_http1_bridge': 'envoy.filters.http.grpc_http1_bridge',
	'envoy.grpc_json_transcoder': 'envoy.filters.http.grpc_json_transcoder',
	'envoy.grpc_web': 'envoy.filters.http.grpc_web',
	'envoy.gzip': 'envoy.filters.http.gzip',
	'envoy.health_check': 'envoy.filters.http.health_check',
	'envoy.ip_tagging': 'envoy.filters.http.ip_tagging',
	'envoy.lua': 'envoy.filters.http.lua',
	'envoy.rate_limit': 'envoy.filters.http.ratelimit',
	'envoy.router': 'envoy.filters.http.router',
	'envoy.squash': 'envoy.filters.http.squash',
	'envoy.listener.http_inspector': 'envoy.filters.listener.http_inspector',
	'envoy.listener.original_dst': 'envoy.filters.listener.original_dst',
	'envoy.listener.original_src': 'envoy.filters.listener.original_src',
	'envoy.listener.proxy_protocol': 'envoy.filters.listener.proxy_protocol',
	'envoy.listener.tls_inspector': 'envoy.filters.listener.tls_inspector',
	'envoy.client_ssl_auth': 'envoy.filters.network.client_ssl_auth',
	'envoy.http_connection_manager': 'envoy.filters.network.http_connection_manager',
	'envoy.mongo_proxy': 'envoy.filters.network.mongo_proxy',
	'envoy.ratelimit': 'envoy.filters.network.ratelimit',
	'envoy.redis_proxy': 'envoy.filters.network.redis_proxy',
	'envoy.tcp_proxy': 'envoy.filters.network.tcp_proxy',
};

const LISTENER_CLASS = ['LISTENER', 'FILTER_CHAIN', 'NETWORK_FILTER', 'HTTP_FILTER'];
const ROUTE_CLASS = ['ROUTE_CONFIGURATION', 'VIRTUAL_HOST', 'HTTP_ROUTE'];
const HCM = 'envoy.filters.network.http_connection_manager';

/**
 * IST0106/IST0133 on EnvoyFilters (upstream envoyfilter/envoyfilter.go validateEnvoyFilter). Not
 * here: the warning upstream gives on every EnvoyFilter (that the API exposes internals), and the
 * checks that decode the patch value as Envoy's protobuf types.
 */
export const envoyFilterValidation: Analyzer = {
	name: 'schema.ValidationAnalyzer.EnvoyFilter',
	mesh: 'istio',
	codes: ['IST0106', 'IST0133'],
	subjects: [T.EnvoyFilter],
	reads: [],
	analyze(r, o) {
		if (!o) return;
		const c = checker(r, o);
		dryRun(c, false);
		emptySelector(c, 'workloadSelector', 'labels', 'EnvoyFilter');
		for (const { item: cp, i } of mapsAt(o.value, 'spec', 'configPatches')) {
			const at = ['spec', 'configPatches', i];
			const applyTo = text(cp, 'applyTo');
			if (!applyTo || applyTo === 'INVALID') {
				c.err(at, 'the config patch needs applyTo');
				continue;
			}
			const patch = mapAt(cp, 'patch');
			if (!patch) {
				c.err(at, 'the config patch needs a patch');
				continue;
			}
			const op = text(patch, 'operation');
			if (!op || op === 'INVALID') {
				c.err([...at, 'patch'], 'the patch needs an operation');
				continue;
			}
			if (op !== 'REMOVE' && !has(patch, 'value')) {
				c.err([...at, 'patch'], `a ${op} patch needs a value`);
				continue;
			}
			const match = mapAt(cp, 'match');
			const version = text(mapAt(match, 'proxy'), 'proxyVersion');
			const vp = version ? re2Problem(version) : '';
			if (vp) {
				c.err([...at, 'match', 'proxy', 'proxyVersion'], `the proxyVersion regex ${vp}`);
				continue;
			}
			const objectType = ['listener', 'routeConfiguration', 'cluster'].find((k) =>
				isMapValue(match?.[k]),
			);
			if (!objectType) continue;
			if (LISTENER_CLASS.includes(applyTo)) {
				if (objectType !== 'listener') {
					c.err(
						[...at, 'match', objectType],
						`applyTo ${applyTo} needs a listener match, not ${objectType}`,
					);
					continue;
				}
				const filter = mapAt(match, 'listener', 'filterChain', 'filter');
				if (!filter) continue;
				const fp = [...at, 'match', 'listener', 'filterChain', 'filter'];
				if (applyTo === 'LISTENER' || applyTo === 'FILTER_CHAIN')
					c.warn(fp, `a filter match has no effect with applyTo ${applyTo}`);
				const name = text(filter, 'name');
				if (!name) {
					c.err(fp, 'the filter match needs a name');
					continue;
				}
				const sub = mapAt(filter, 'subFilter');
				if (sub) {
					if (applyTo !== 'HTTP_FILTER') {
						c.err(
							[...fp, 'subFilter'],
							'a subFilter match only works with applyTo HTTP_FILTER',
						);
						continue;
					}
					if (name !== HCM && name !== 'envoy.http_connection_manager') {
						c.err(
							[...fp, 'name'],
							`a subFilter match needs the filter match to name ${HCM}`,
						);
						continue;
					}
					if (!text(sub, 'name')) {
						c.err([...fp, 'subFilter'], 'the subFilter match needs a name');
						continue;
					}
				}
				for (const [n, p] of [
					[name, [...fp, 'name']],
					[text(sub, 'name'), [...fp, 'subFilter', 'name']],
				] as const) {
					const next = DEPRECATED_FILTERS[n];
					if (next) c.warn(p, `filter name "${n}" is deprecated; use ${next}`);
				}
			} else if (ROUTE_CLASS.includes(applyTo) && objectType !== 'routeConfiguration')
				c.err(
					[...at, 'match', objectType],
					`applyTo ${applyTo} needs a routeConfiguration match, not ${objectType}`,
				);
			else if (applyTo === 'CLUSTER' && objectType !== 'cluster')
				c.err(
					[...at, 'match', objectType],
					`applyTo CLUSTER needs a cluster match, not ${objectType}`,
				);
		}
	},
};
