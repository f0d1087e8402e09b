import type { WorkspaceObject } from '../../workspace/model';
import {
	annotationsOf,
	isMapValue,
	labelsOf,
	listAt,
	mapAt,
	numberAt,
	scalarText,
	selects,
	servicePorts,
	stringAt,
	stringMap,
	T,
	workloadOf,
	WORKLOAD_TEMPLATES,
} from '../../workspace/resolve';
import type { Analyzer } from '../types';

const PROTOCOLS = [
	'http',
	'http2',
	'https',
	'grpc',
	'grpc-web',
	'mongo',
	'mysql',
	'redis',
	'tcp',
	'tls',
	'udp',
];
const SYSTEM_NAMESPACES = new Set([
	'kube-system',
	'kube-public',
	'kube-node-lease',
	'istio-system',
	'local-path-storage',
]);

/** The protocol a Service port name declares (`http-web` → `http`), or undefined. */
export function portNameProtocol(name: string): string | undefined {
	const lower = name.toLowerCase();
	return PROTOCOLS.find((p) => lower === p || lower.startsWith(`${p}-`));
}

/** IST0118 and IST0150: Service port names Istio cannot read a protocol from. */
export const portNames: Analyzer = {
	name: 'service.PortNameAnalyzer',
	mesh: 'istio',
	codes: ['IST0118', 'IST0150'],
	subjects: [T.Service],
	reads: [],
	analyze(r, svc) {
		if (!svc || SYSTEM_NAMESPACES.has(svc.ns)) return;
		const externalName = stringAt(svc.value, 'spec', 'type') === 'ExternalName';
		listAt(svc.value, 'spec', 'ports').forEach((p, i) => {
			if (!isMapValue(p)) return;
			if (stringAt(p, 'appProtocol')) return;
			const name = stringAt(p, 'name') ?? '';
			const protocol = portNameProtocol(name);
			if (externalName) {
				if (!protocol || protocol === 'tcp') {
					r.report(
						'IST0150',
						svc,
						['spec', 'ports', i],
						'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly.',
					);
				}
				return;
			}
			if (protocol) return;
			r.report(
				'IST0118',
				svc,
				['spec', 'ports', i, ...(name ? ['name'] : [])],
				`Port name ${name || '(none)'} (port: ${numberAt(p, 'port') ?? ''}, targetPort: ${scalarText(p.targetPort)}) doesn't follow the naming convention of Istio port.`,
			);
		});
	},
};

const APPS = [T.Deployment, T.StatefulSet, T.DaemonSet, T.ReplicaSet];

/** IST0116 and IST0137: a workload behind several Services that disagree on its ports. */
export const workloadServices: Analyzer = {
	name: 'deployment.ServiceAssociationAnalyzer',
	mesh: 'istio',
	codes: ['IST0116', 'IST0137'],
	subjects: APPS,
	reads: [T.Service],
	analyze(r, d) {
		if (!d || SYSTEM_NAMESPACES.has(d.ns)) return;
		const w = workloadOf(d);
		if (!w) return;
		const services: WorkspaceObject[] = [];
		for (const svc of r.model.inNamespace(T.Service, d.ns)) {
			const sel = stringMap(mapAt(svc.value, 'spec', 'selector'));
			if (
				Object.keys(sel).length === 0 ||
				!selects({ matchLabels: sel, matchExpressions: [] }, w.labels)
			)
				continue;
			services.push(svc);
		}
		if (services.length < 2) return;
		const protocols = new Map<number, Map<string, string[]>>();
		const targets = new Map<string, Map<number, string[]>>();
		for (const svc of services) {
			for (const p of servicePorts(svc)) {
				const proto = portNameProtocol(p.name ?? '') ?? (p.protocol ?? 'TCP').toLowerCase();
				const byProto = protocols.get(p.number) ?? new Map<string, string[]>();
				byProto.set(proto, [...(byProto.get(proto) ?? []), svc.name]);
				protocols.set(p.number, byProto);
				const target = scalarText(p.targetPort) || String(p.number);
				const byPort = targets.get(target) ?? new Map<number, string[]>();
				byPort.set(p.number, [...(byPort.get(p.number) ?? []), svc.name]);
				targets.set(target, byPort);
			}
		}
		const related = services.map((s) => ({
			object: s,
			path: ['spec', 'ports'],
			message: `Service ${s.ns}/${s.name} selects this workload`,
		}));
		for (const [port, byProto] of protocols) {
			if (byProto.size < 2) continue;
			r.report(
				'IST0116',
				d,
				['metadata', 'name'],
				`This deployment ${d.name} is associated with multiple services using port ${port} but different protocols: ${[...byProto.keys()].join(', ')}`,
				{ related },
			);
		}
		for (const [target, byPort] of targets) {
			if (byPort.size < 2) continue;
			r.report(
				'IST0137',
				d,
				['metadata', 'name'],
				`This deployment ${d.name} is associated with multiple services [${[...new Set([...byPort.values()].flat())].join(' ')}] using targetPort "${target}" but different ports: [${[...byPort.keys()].join(' ')}].`,
				{ related },
			);
		}
	},
};

/** IST0144: a workload running as UID 1337, which the sidecar proxy owns. */
export const applicationUid: Analyzer = {
	name: 'deployment.ApplicationUIDAnalyzer',
	mesh: 'istio',
	codes: ['IST0144'],
	subjects: [...WORKLOAD_TEMPLATES.keys()],
	reads: [],
	analyze(r, o) {
		if (!o) return;
		const w = workloadOf(o);
		if (!w) return;
		if (numberAt(w.spec, 'securityContext', 'runAsUser') === 1337) {
			r.report(
				'IST0144',
				o,
				[...w.specPath, 'securityContext', 'runAsUser'],
				'User ID (UID) 1337 is reserved for the sidecar proxy.',
			);
		}
		listAt(w.spec, 'containers').forEach((c, i) => {
			if (numberAt(c, 'securityContext', 'runAsUser') === 1337) {
				r.report(
					'IST0144',
					o,
					[...w.specPath, 'containers', i, 'securityContext', 'runAsUser'],
					'User ID (UID) 1337 is reserved for the sidecar proxy.',
				);
			}
		});
	},
};

function injectionLabels(labels: Record<string, string>): string[] {
	return ['istio-injection', 'istio.io/rev'].filter((k) => k in labels);
}

/** IST0102 and IST0123: Namespace manifests and their injection labels. */
export const namespaceInjection: Analyzer = {
	name: 'injection.Analyzer',
	mesh: 'istio',
	codes: ['IST0102', 'IST0123'],
	subjects: [T.Namespace],
	reads: [],
	analyze(r, ns) {
		if (!ns || SYSTEM_NAMESPACES.has(ns.name)) return;
		const labels = labelsOf(ns);
		if (labels['istio.io/dataplane-mode'] === 'ambient') return;
		const found = injectionLabels(labels);
		if (found.length > 1) {
			r.report(
				'IST0123',
				ns,
				['metadata', 'labels'],
				`The namespace has more than one type of injection labels [${found.join(' ')}], which may lead to undefined behavior. Make sure only one injection label exists.`,
			);
		} else if (found.length === 0) {
			r.report(
				'IST0102',
				ns,
				['metadata', 'name'],
				`The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${ns.name} istio-injection=enabled' to enable it, or 'kubectl label namespace ${ns.name} istio-injection=disabled' to explicitly mark it as not needing injection.`,
			);
		} else if (labels['istio-injection'] === 'disabled' && found.length === 1) {
			return;
		}
	},
};

/** IST0146 and IST0147: `image: auto` (gateway injection) on pods that will not be injected. */
export const imageAuto: Analyzer = {
	name: 'injection.ImageAutoAnalyzer',
	mesh: 'istio',
	codes: ['IST0146', 'IST0147'],
	subjects: [T.Pod, T.Deployment],
	reads: [T.Namespace],
	analyze(r, o) {
		if (!o) return;
		const w = workloadOf(o);
		if (!w) return;
		const index = listAt(w.spec, 'containers').findIndex(
			(c) => stringAt(c, 'image') === 'auto',
		);
		if (index < 0) return;
		const ns = r.model.get(T.Namespace, '', o.ns);
		// Without the Namespace manifest the injection setting is unknown.
		if (!ns) return;
		const nsLabels = labelsOf(ns);
		const injected =
			w.labels['sidecar.istio.io/inject'] === 'true' ||
			annotationsOf(o)['sidecar.istio.io/inject'] === 'true' ||
			nsLabels['istio-injection'] === 'enabled' ||
			'istio.io/rev' in nsLabels ||
			'istio.io/rev' in w.labels;
		if (injected) return;
		const code = o.type === T.Pod ? 'IST0147' : 'IST0146';
		r.report(
			code,
			o,
			[...w.specPath, 'containers', index, 'image'],
			`${o.kind} ${o.name} contains \`image: auto\` but does not match any Istio injection webhook selectors (namespace ${o.ns} is not labelled for injection).`,
			{
				related: [
					{ object: ns, path: ['metadata', 'labels'], message: `Namespace ${ns.name}` },
				],
			},
		);
	},
};
