import { listAt, mapAt, numberAt, T } from '../../workspace/resolve';
import type { Analyzer } from '../types';

/** IST0002: fields Istio still reads but has deprecated. */
export const deprecatedFields: Analyzer = {
	name: 'deprecation.FieldAnalyzer',
	mesh: 'istio',
	codes: ['IST0002'],
	subjects: [T.VirtualService, T.Sidecar],
	reads: [],
	analyze(r, o) {
		if (!o) return;
		if (o.type === T.VirtualService) {
			listAt(o.value, 'spec', 'http').forEach((rule, i) => {
				for (const kind of ['delay']) {
					if ((numberAt(rule, 'fault', kind, 'percent') ?? 0) > 0) {
						r.report(
							'IST0002',
							o,
							['spec', 'http', i, 'fault', kind, 'percent'],
							`Deprecated: HTTPRoute.fault.${kind}.percent is deprecated; use HTTPRoute.fault.${kind}.percentage.`,
							// The CRD marks the field deprecated too: ML4001 at the same key.
							{ part: 'key', schemaCode: 'ML4001' },
						);
					}
				}
			});
			return;
		}
		if (mapAt(o.value, 'spec', 'outboundTrafficPolicy', 'egressProxy')) {
			r.report(
				'IST0002',
				o,
				['spec', 'outboundTrafficPolicy', 'egressProxy'],
				'Deprecated: OutboundTrafficPolicy.EgressProxy is deprecated and ignored.',
				{ part: 'key' },
			);
		}
	},
};
