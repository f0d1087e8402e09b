import {
	hasWorkloads,
	listAt,
	mapAt,
	numberAt,
	plainSelector,
	resolveHost,
	selectedWorkloads,
	serviceOfFqdn,
	stringAt,
	stringMap,
	T,
	toFqdn,
} from '../../workspace/resolve';
import type { Analyzer } from '../types';

const NEEDS_CA = new Set(['SIMPLE', 'MUTUAL']);

/** IST0128 and IST0129: TLS origination that does not verify the server certificate. */
export const caCertificates: Analyzer = {
	name: 'destinationrule.CaCertificateAnalyzer',
	mesh: 'istio',
	codes: ['IST0128', 'IST0129'],
	subjects: [T.DestinationRule],
	reads: [],
	analyze(r, dr) {
		if (!dr) return;
		const host = stringAt(dr.value, 'spec', 'host') ?? '';
		const tls = mapAt(dr.value, 'spec', 'trafficPolicy', 'tls');
		const unverified = (t: Record<string, unknown> | undefined): string | undefined => {
			const mode = stringAt(t, 'mode');
			if (!mode || !NEEDS_CA.has(mode)) return undefined;
			if (
				stringAt(t, 'caCertificates') ||
				stringAt(t, 'credentialName') ||
				t?.insecureSkipVerify === true
			)
				return undefined;
			return mode;
		};
		const mode = unverified(tls);
		if (mode) {
			r.report(
				'IST0128',
				dr,
				['spec', 'trafficPolicy', 'tls', 'mode'],
				`DestinationRule ${dr.name} in namespace ${dr.ns} has TLS mode set to ${mode} but no caCertificates are set to validate server identity for host: ${host}`,
			);
		}
		listAt(dr.value, 'spec', 'trafficPolicy', 'portLevelSettings').forEach((p, i) => {
			const m = unverified(mapAt(p, 'tls'));
			if (!m) return;
			r.report(
				'IST0129',
				dr,
				['spec', 'trafficPolicy', 'portLevelSettings', i, 'tls', 'mode'],
				`DestinationRule ${dr.name} in namespace ${dr.ns} has TLS mode set to ${m} but no caCertificates are set to validate server identity for host: ${host} at port ${numberAt(p, 'port', 'number') ?? ''}`,
			);
		});
	},
};

/** IST0173 and IST0174: subsets that select no pods, hosts no Service or ServiceEntry defines. */
export const destinationRuleTargets: Analyzer = {
	name: 'destinationrule.PodNotSelectedAnalyzer',
	mesh: 'istio',
	codes: ['IST0173', 'IST0174'],
	subjects: [T.DestinationRule],
	reads: [
		T.Service,
		T.ServiceEntry,
		T.Pod,
		T.Deployment,
		T.StatefulSet,
		T.DaemonSet,
		T.ReplicaSet,
	],
	analyze(r, dr) {
		if (!dr) return;
		const host = stringAt(dr.value, 'spec', 'host');
		if (!host) return;
		const found = resolveHost(r.model, host, dr.ns);
		if (!found) {
			// Only a cluster-local name can be known missing; anything else may be outside the mesh.
			const svc = serviceOfFqdn(toFqdn(host, dr.ns));
			if (svc && r.model.hasType(T.Service)) {
				r.report(
					'IST0174',
					dr,
					['spec', 'host'],
					`The host ${host} defined in the DestinationRule does not match any services in the analysed files; if the Service is defined elsewhere, ignore this.`,
					{ level: 'Info' },
				);
			}
			return;
		}
		if (found.object.type !== T.Service) return;
		const svcSelector = stringMap(mapAt(found.object.value, 'spec', 'selector'));
		if (Object.keys(svcSelector).length === 0 || !hasWorkloads(r.model, found.object.ns))
			return;
		listAt(dr.value, 'spec', 'subsets').forEach((s, i) => {
			const labels = plainSelector(mapAt(s, 'labels'));
			if (!labels) return;
			const sel = {
				matchLabels: { ...svcSelector, ...labels.matchLabels },
				matchExpressions: [],
			};
			if (selectedWorkloads(r.model, sel, found.object.ns).length > 0) return;
			r.report(
				'IST0173',
				dr,
				['spec', 'subsets', i],
				`The Subset ${stringAt(s, 'name') ?? `#${i}`} defined in the DestinationRule does not select any pods of Service ${found.object.ns}/${found.object.name} in the analysed files, which may lead to 503 UH (NoHealthyUpstream).`,
				{
					related: [
						{
							object: found.object,
							path: ['spec', 'selector'],
							message: `Service ${found.object.ns}/${found.object.name}`,
						},
					],
					// Pod templates stand in for pods: the workload may be deployed from elsewhere.
					level: 'Warning',
				},
			);
		});
	},
};
