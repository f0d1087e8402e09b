import { isRecord, type Field } from './context';
import type { IstioEnv } from './istioEnv';
import { copyMeta, GATEWAY_API_V1, namespaceOf, serviceOfHost } from './util';

const KEEP_DR =
	'keep a DestinationRule for it (without subsets): Istio applies DestinationRules to Gateway API routes too';

/**
 * A DestinationRule: its subsets become per-version Services (see IstioEnv). With an Istio target
 * the traffic policy stays in a DestinationRule without subsets; with plain Gateway API, TLS
 * origination becomes a BackendTLSPolicy and the rest is noted.
 */
export function convertDestinationRule(env: IstioEnv, dr: Field): void {
	const ctx = env.ctx;
	const spec = dr.get('spec');
	const host = spec.get('host').str() ?? '';
	const svc = serviceOfHost(host);
	const ns = namespaceOf(dr, ctx.defaultNamespace);
	// Every subset gets its Service, referenced by a route or not. Traffic to a subset now goes to
	// that Service, so with Istio the rule's own policy is copied onto it, merged with the subset's.
	const base = spec.get('trafficPolicy');
	const subsetServices: string[] = [];
	for (const s of spec.get('subsets').items()) {
		if (svc)
			subsetServices.push(env.ensureSubset(svc.name, svc.namespace ?? ns, s.get('name')));
		else s.lost('subsets of hosts that are not cluster Services have no Gateway API form');
		const tp = s.get('trafficPolicy');
		const merged = {
			...(isRecord(base.value) ? base.value : {}),
			...(isRecord(tp.value) ? tp.value : {}),
		};
		if (ctx.options.target !== 'gateway-api' && svc && Object.keys(merged).length) {
			const name = `${svc.name}-${s.get('name').str() ?? ''}`.toLowerCase();
			const out = ctx.emit({
				apiVersion: 'networking.istio.io/v1',
				kind: 'DestinationRule',
				metadata: {
					name,
					...(dr.get('metadata').get('namespace').str() ? { namespace: ns } : {}),
				},
				spec: { host: name, trafficPolicy: merged },
			});
			out.useAll(tp, base);
		} else tp.lost(['Gateway API has no per-version traffic policy', KEEP_DR]);
	}
	if (subsetServices.length && base.present && ctx.options.target !== 'gateway-api')
		base.info(
			`also copied to the DestinationRules of ${subsetServices.join(', ')}, because traffic to a subset now goes to its own Service`,
		);
	const tp = spec.get('trafficPolicy');
	const istio = ctx.options.target !== 'gateway-api';
	if (istio) {
		if (!tp.present && !spec.get('workloadSelector').present && !spec.get('exportTo').present) {
			for (const f of [dr.get('metadata'), dr.get('apiVersion'), dr.get('kind')])
				f.consumed();
			spec.get('host').info(
				'the DestinationRule only defined subsets, which became Services',
			);
			return;
		}
		const out = ctx.emit({
			apiVersion: 'networking.istio.io/v1',
			kind: 'DestinationRule',
			metadata: {},
			spec: {},
		});
		copyMeta(dr, out);
		Object.assign(out.spec, { host, ...(tp.present ? { trafficPolicy: tp.value } : {}) });
		out.useAll(spec.get('host'), tp);
		for (const k of ['workloadSelector', 'exportTo'] as const) {
			if (spec.get(k).present) {
				out.spec[k] = spec.get(k).value;
				out.use(spec.get(k));
			}
		}
		return;
	}
	// Plain Gateway API.
	spec.get('host').consumed();
	dr.get('metadata').consumed();
	dr.get('apiVersion').consumed();
	dr.get('kind').consumed();
	const tls = tp.get('tls');
	if (tls.get('mode').str() === 'SIMPLE' && svc) {
		const out = ctx.emit({
			apiVersion: GATEWAY_API_V1,
			kind: 'BackendTLSPolicy',
			metadata: {},
			spec: {},
		});
		copyMeta(dr, out);
		const sni = tls.get('sni').str();
		const cred = tls.get('credentialName').str();
		Object.assign(out.spec, {
			targetRefs: [svc.name, ...subsetServices].map((name) => ({
				group: '',
				kind: 'Service',
				name,
			})),
			validation: {
				hostname: sni ?? host,
				...(cred
					? { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: cred }] }
					: { wellKnownCACertificates: 'System' }),
			},
		});
		out.useAll(tls.get('mode'), tls.get('sni'), spec.get('host'));
		if (cred)
			tls.get('credentialName').info(
				'BackendTLSPolicy reads CA certificates from a ConfigMap; copy the CA from the Secret',
			);
		tls.rest(
			{
				insecureSkipVerify: 'BackendTLSPolicy always verifies the server',
				subjectAltNames: ['no BackendTLSPolicy field', 'validation.subjectAltNames'],
				caCertificates: 'file paths in the proxy have no Gateway API form',
			},
			'lost',
		);
	}
	for (const [k, f] of tp.entries()) {
		if (k === 'tls' && f.get('mode').str() === 'SIMPLE' && svc) continue;
		f.lost([`trafficPolicy.${k} has no Gateway API form`, KEEP_DR]);
	}
	spec.rest({
		workloadSelector: 'Gateway API has no per-client policy',
		exportTo: 'Gateway API has no export scope',
	});
}
