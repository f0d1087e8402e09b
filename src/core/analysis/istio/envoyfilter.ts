import { at, isMapValue, listAt, mapAt, numberAt, stringAt, T } from '../../workspace/resolve';
import type { Analyzer } from '../types';

const ROUTE_LEVEL = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
const FILTERS = new Set(['HTTP_FILTER', 'NETWORK_FILTER']);

/** IST0151–IST0155: EnvoyFilter patches that are ignored or whose order is not stable. */
export const envoyPatches: Analyzer = {
	name: 'envoyfilter.EnvoyPatchAnalyzer',
	mesh: 'istio',
	codes: ['IST0151', 'IST0152', 'IST0153', 'IST0154', 'IST0155'],
	subjects: [T.EnvoyFilter],
	reads: [],
	analyze(r, ef) {
		if (!ef) return;
		const priority = numberAt(ef.value, 'spec', 'priority') ?? 0;
		listAt(ef.value, 'spec', 'configPatches').forEach((patch, i) => {
			if (!isMapValue(patch)) return;
			const op = stringAt(patch, 'patch', 'operation');
			const applyTo = stringAt(patch, 'applyTo') ?? '';
			const opPath = ['spec', 'configPatches', i, 'patch', 'operation'];
			if (op === 'REPLACE' && !FILTERS.has(applyTo)) {
				r.report(
					'IST0152',
					ef,
					opPath,
					'The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.',
				);
			}
			if (op === 'ADD' && ROUTE_LEVEL.has(applyTo)) {
				r.report(
					'IST0153',
					ef,
					opPath,
					'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
				);
			}
			if (op === 'REMOVE' && ROUTE_LEVEL.has(applyTo)) {
				r.report(
					'IST0154',
					ef,
					opPath,
					'The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
				);
			}
			if ((op === 'INSERT_BEFORE' || op === 'INSERT_AFTER') && priority === 0) {
				const proxyVersion = at(mapAt(patch, 'match'), 'proxy', 'proxyVersion');
				if (typeof proxyVersion === 'string' && proxyVersion) {
					r.report(
						'IST0155',
						ef,
						opPath,
						`This EnvoyFilter does not have a priority and has a relative patch operation (${op}) and a proxyVersion set, which can cause it not to be applied after an upgrade. Using INSERT_FIRST or ADD, or setting a priority, may help.`,
					);
				} else {
					r.report(
						'IST0151',
						ef,
						opPath,
						`This EnvoyFilter does not have a priority and has a relative patch operation (${op}) set, which can cause it not to be applied. Using INSERT_FIRST or ADD, or setting a priority, may help.`,
					);
				}
			}
		});
	},
};
