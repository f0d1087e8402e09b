import type { WorkspaceObject } from '../../workspace/model';
import { isMapValue, listAt, numberAt, stringAt, T, toFqdn } from '../../workspace/resolve';
import type { Analyzer } from '../types';

/** IST0177: ServiceEntries giving one host and port different protocols. */
export const conflictingProtocols: Analyzer = {
	name: 'serviceentry.ConflictingServiceEntryProtocolAnalyzer',
	mesh: 'istio',
	codes: ['IST0177'],
	reads: [T.ServiceEntry],
	analyze(r) {
		const byHostPort = new Map<
			string,
			{ se: WorkspaceObject; protocol: string; path: (string | number)[] }[]
		>();
		for (const se of r.model.ofType(T.ServiceEntry)) {
			const ports = listAt(se.value, 'spec', 'ports');
			listAt(se.value, 'spec', 'hosts').forEach((h) => {
				if (typeof h !== 'string') return;
				ports.forEach((p, j) => {
					const number = numberAt(p, 'number');
					if (number === undefined) return;
					const key = `${toFqdn(h, se.ns)}:${number}`;
					const entry = {
						se,
						protocol: (stringAt(p, 'protocol') ?? '').toUpperCase(),
						path: ['spec', 'ports', j, 'protocol'],
					};
					const list = byHostPort.get(key);
					if (list) list.push(entry);
					else byHostPort.set(key, [entry]);
				});
			});
		}
		const reported = new Set<string>();
		for (const [key, list] of byHostPort) {
			const protocols = [...new Set(list.map((e) => e.protocol))];
			if (protocols.length < 2) continue;
			const colon = key.lastIndexOf(':');
			const names = [...new Set(list.map((e) => `${e.se.ns}/${e.se.name}`))].join(', ');
			for (const e of list) {
				if (reported.has(e.se.id)) continue;
				reported.add(e.se.id);
				r.report(
					'IST0177',
					e.se,
					e.path,
					`Multiple ServiceEntries (${names}) define the same host "${key.slice(0, colon)}" and port ${key.slice(colon + 1)} with conflicting protocols (${protocols.join(', ')}).`,
					{
						related: list
							.filter((x) => x.se !== e.se)
							.map((x) => ({
								object: x.se,
								path: x.path,
								message: `ServiceEntry ${x.se.ns}/${x.se.name} uses ${x.protocol || 'no protocol'}`,
							})),
					},
				);
			}
		}
	},
};

const NEEDS_ADDRESS = new Set(['', 'TCP', 'MONGO', 'MYSQL', 'REDIS']);

/** IST0134: a ServiceEntry with TCP-like ports and no addresses (auto-allocation off, the default). */
export const addressesRequired: Analyzer = {
	name: 'serviceentry.ProtocolAddressesAnalyzer',
	mesh: 'istio',
	codes: ['IST0134'],
	subjects: [T.ServiceEntry],
	reads: [],
	analyze(r, se) {
		if (!se) return;
		if (listAt(se.value, 'spec', 'addresses').length > 0) return;
		if (
			stringAt(
				se.value,
				'metadata',
				'annotations',
				'networking.istio.io/enable-autoallocate-ip',
			) === 'true'
		)
			return;
		const port = listAt(se.value, 'spec', 'ports').findIndex(
			(p) =>
				isMapValue(p) && NEEDS_ADDRESS.has((stringAt(p, 'protocol') ?? '').toUpperCase()),
		);
		if (port < 0) return;
		r.report(
			'IST0134',
			se,
			['spec', 'ports', port],
			'ServiceEntry addresses are required for this protocol (TCP-like ports need addresses unless DNS auto-allocation is on in the mesh config).',
		);
	},
};
