import type { WorkspaceObject } from '../../workspace/model';
import {
	hostsMatch,
	isMapValue,
	listAt,
	mapAt,
	numberAt,
	selectedWorkloads,
	selects,
	servicePorts,
	stringAt,
	stringMap,
	T,
	workloadsByNamespace,
} from '../../workspace/resolve';
import type { Analyzer } from '../types';

function selectorOf(gw: WorkspaceObject): Record<string, string> {
	return stringMap(mapAt(gw.value, 'spec', 'selector'));
}

function selectorString(sel: Record<string, string>): string {
	return Object.keys(sel)
		.sort()
		.map((k) => `${k}=${sel[k]}`)
		.join(',');
}

function servers(
	gw: WorkspaceObject,
): { index: number; port?: number; hosts: string[]; tls?: Record<string, unknown> }[] {
	return listAt(gw.value, 'spec', 'servers').flatMap((s, index) => {
		if (!isMapValue(s)) return [];
		const port = numberAt(s, 'port', 'number');
		const tls = mapAt(s, 'tls');
		return [
			{
				index,
				...(port !== undefined ? { port } : {}),
				hosts: listAt(s, 'hosts').filter((h): h is string => typeof h === 'string'),
				...(tls ? { tls } : {}),
			},
		];
	});
}

/** Drops the `ns/` of a gateway server host. */
function bareHost(h: string): string {
	const slash = h.indexOf('/');
	return slash < 0 ? h : h.slice(slash + 1);
}

/** IST0145: two Gateways on the same workload selector and port with overlapping hosts. */
export const conflictingGateways: Analyzer = {
	name: 'gateway.ConflictingGatewayAnalyzer',
	mesh: 'istio',
	codes: ['IST0145'],
	reads: [T.IstioGateway],
	analyze(r) {
		const byKey = new Map<string, { gw: WorkspaceObject; hosts: string[] }[]>();
		const all = [...r.model.ofType(T.IstioGateway)];
		for (const gw of all) {
			const sel = selectorString(selectorOf(gw));
			for (const s of servers(gw)) {
				const key = `${sel}~${s.port ?? ''}`;
				const list = byKey.get(key);
				const entry = { gw, hosts: s.hosts.map(bareHost) };
				if (list) list.push(entry);
				else byKey.set(key, [entry]);
			}
		}
		for (const gw of all) {
			const sel = selectorString(selectorOf(gw));
			for (const s of servers(gw)) {
				const others = new Map<string, WorkspaceObject>();
				for (const e of byKey.get(`${sel}~${s.port ?? ''}`) ?? []) {
					if (e.gw === gw) continue;
					if (s.hosts.some((h) => e.hosts.some((o) => hostsMatch(bareHost(h), o))))
						others.set(e.gw.id, e.gw);
				}
				if (others.size === 0) continue;
				const names = [...others.values()].map((o) => `${o.ns}/${o.name}`).join(',');
				r.report(
					'IST0145',
					gw,
					['spec', 'servers', s.index],
					`Conflict with gateways ${names} (workload selector ${sel}, port ${s.port ?? ''}, hosts ${s.hosts.join(',')}).`,
					{
						related: [...others.values()].map((o) => ({
							object: o,
							path: ['spec', 'servers'],
							message: `Gateway ${o.ns}/${o.name} uses the same selector and port`,
						})),
					},
				);
			}
		}
	},
};

function certificateOf(tls: Record<string, unknown>): string | undefined {
	const cred = stringAt(tls, 'credentialName');
	if (cred) return `cred:${cred}`;
	const cert = stringAt(tls, 'serverCertificate');
	const key = stringAt(tls, 'privateKey');
	return cert && key ? `file:${cert}:${key}` : undefined;
}

/** IST0138: Gateways serving the same certificate to the same gateway workloads. */
export const duplicateCertificates: Analyzer = {
	name: 'gateway.CertificateAnalyzer',
	mesh: 'istio',
	codes: ['IST0138'],
	reads: [T.IstioGateway],
	analyze(r) {
		const all = [...r.model.ofType(T.IstioGateway)];
		const certs = new Map(
			all.map((gw) => [
				gw,
				new Set(
					servers(gw)
						.flatMap((s) => (s.tls ? [certificateOf(s.tls)] : []))
						.filter((c): c is string => !!c),
				),
			]),
		);
		for (const gw of all) {
			const mine = certs.get(gw);
			if (!mine || mine.size === 0) continue;
			const sel = { matchLabels: selectorOf(gw), matchExpressions: [] };
			for (const other of all) {
				if (other === gw) continue;
				if (!selects(sel, selectorOf(other))) continue;
				const theirs = certs.get(other);
				if (![...mine].some((c) => theirs?.has(c))) continue;
				r.report(
					'IST0138',
					gw,
					['spec', 'servers'],
					`Duplicate certificate in multiple gateways [${gw.ns}/${gw.name} ${other.ns}/${other.name}] may cause 404s if clients re-use HTTP2 connections.`,
					{
						related: [
							{
								object: other,
								path: ['spec', 'servers'],
								message: `Gateway ${other.ns}/${other.name} serves the same certificate`,
							},
						],
					},
				);
			}
		}
	},
};

/** IST0101 (selector, credential) and IST0162: a Gateway's workloads, Secrets and Service ports. */
export const gatewayWorkloads: Analyzer = {
	name: 'gateway.IngressGatewayPortAnalyzer',
	mesh: 'istio',
	codes: ['IST0101', 'IST0162'],
	subjects: [T.IstioGateway],
	reads: [T.Pod, T.Deployment, T.StatefulSet, T.DaemonSet, T.ReplicaSet, T.Service],
	analyze(r, gw) {
		if (!gw) return;
		const labels = selectorOf(gw);
		if (Object.keys(labels).length === 0) return;
		// Gateway pods usually live in other namespaces (istio-system, istio-ingress): only say
		// something when the files hold gateway workloads at all.
		const pool = [...workloadsByNamespace(r.model).values()].flat();
		if (
			!pool.some(
				(w) =>
					'istio' in w.labels ||
					'gateway.istio.io/managed' in w.labels ||
					Object.keys(labels).some((k) => k in w.labels),
			)
		)
			return;
		const sel = { matchLabels: labels, matchExpressions: [] };
		const pods = selectedWorkloads(r.model, sel, undefined);
		if (pods.length === 0) {
			r.report(
				'IST0101',
				gw,
				['spec', 'selector'],
				`Referenced selector not found: "${selectorString(labels)}". No gateway workload in the analysed files has these labels; if the gateway is installed elsewhere, ignore this.`,
				{ level: 'Warning' },
			);
			return;
		}
		// The Services that select the gateway pods, and the target ports they expose.
		const ports = new Set<number>();
		const services: WorkspaceObject[] = [];
		for (const svc of r.model.ofType(T.Service)) {
			const svcSel = stringMap(mapAt(svc.value, 'spec', 'selector'));
			if (Object.keys(svcSel).length === 0) continue;
			if (
				!pods.some(
					(p) =>
						p.ns === svc.ns &&
						selects({ matchLabels: svcSel, matchExpressions: [] }, p.labels),
				)
			)
				continue;
			services.push(svc);
			for (const p of servicePorts(svc)) {
				ports.add(typeof p.targetPort === 'number' ? p.targetPort : p.number);
			}
		}
		if (services.length === 0) return;
		for (const s of servers(gw)) {
			if (s.port === undefined || ports.has(s.port)) continue;
			r.report(
				'IST0162',
				gw,
				['spec', 'servers', s.index, 'port', 'number'],
				`The gateway is listening on a target port (port ${s.port}) that is not defined in the Service associated with its workload pods. Ports: ${[...ports].join(', ')}.`,
				{
					related: services.map((svc) => ({
						object: svc,
						path: ['spec', 'ports'],
						message: `Service ${svc.ns}/${svc.name} selects the gateway pods`,
					})),
				},
			);
		}
	},
};
