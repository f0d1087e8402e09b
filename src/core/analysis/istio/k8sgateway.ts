import type { WorkspaceObject } from '../../workspace/model';
import {
	isEmptySelector,
	listAt,
	mapAt,
	selects,
	stringAt,
	stringMap,
	T,
	WORKLOADS,
} from '../../workspace/resolve';
import type { Analyzer, RelatedObject, Reporter } from '../types';
import { policySelector } from './selectors';

/** The label Istio puts on the pods it deploys for a Gateway API Gateway (its name). */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The GatewayClasses Istio deploys pods for out of the box. */
const ISTIO_CLASSES = new Set(['istio', 'istio-waypoint']);

/** The policy kinds that select workloads by label and can also point at a Gateway by targetRef. */
const POLICY_TYPES = [
	T.IstioAuthorizationPolicy,
	T.RequestAuthentication,
	T.Telemetry,
	T.WasmPlugin,
];

/** Whether Istio deploys the pods of this Gateway (an Istio class, not a manual deployment). */
function istioDeploys(r: Reporter, gw: WorkspaceObject): boolean {
	const cls = stringAt(gw.value, 'spec', 'gatewayClassName') ?? '';
	const known =
		ISTIO_CLASSES.has(cls) ||
		(
			stringAt(r.model.get(T.GatewayClass, '', cls)?.value, 'spec', 'controllerName') ?? ''
		).startsWith('istio.io/');
	if (!known) return false;
	// A Hostname address names an existing Service: Istio then deploys nothing (manual deployment).
	return !listAt(gw.value, 'spec', 'addresses').some((a) => stringAt(a, 'type') === 'Hostname');
}

/** The labels of the pods Istio deploys for a Gateway: its name label and the infrastructure labels. */
function gatewayPodLabels(gw: WorkspaceObject): Record<string, string> {
	return {
		...stringMap(mapAt(gw.value, 'spec', 'infrastructure', 'labels')),
		[GATEWAY_NAME_LABEL]: gw.name,
	};
}

/**
 * IST0166: a policy whose workload selector matches the pods of a Kubernetes Gateway API Gateway.
 * Istio applies such policies to those pods only through `targetRef(s)`, so the selector has no
 * effect there. The gateway pods are the workloads in the files labelled with the Gateway name
 * (as upstream reads pods), and the pods Istio would deploy for the Gateways of an Istio class.
 */
export const gatewaySelectors: Analyzer = {
	name: 'k8sgateway.SelectorAnalyzer',
	mesh: 'istio',
	codes: ['IST0166'],
	subjects: POLICY_TYPES,
	reads: [
		T.Gateway,
		T.GatewayClass,
		T.Pod,
		T.Deployment,
		T.StatefulSet,
		T.DaemonSet,
		T.ReplicaSet,
	],
	analyze(r, policy) {
		if (!policy) return;
		const sel = policySelector(policy);
		if (sel === 'targetRef' || !sel || isEmptySelector(sel)) return;
		const hits = new Map<string, RelatedObject>();
		const add = (name: string, related: RelatedObject): void => {
			if (!hits.has(name)) hits.set(name, related);
		};
		for (const gw of r.model.inNamespace(T.Gateway, policy.ns)) {
			if (istioDeploys(r, gw) && selects(sel, gatewayPodLabels(gw)))
				add(gw.name, {
					object: gw,
					message: `Istio deploys the pods of Gateway ${gw.ns}/${gw.name} with labels this selector matches`,
				});
		}
		for (const w of r.model.query(WORKLOADS, policy.ns)) {
			const name = w.labels[GATEWAY_NAME_LABEL];
			if (name === undefined || !selects(sel, w.labels)) continue;
			add(name, {
				object: w.object,
				message: `${w.object.kind} ${w.ns}/${w.object.name} runs Gateway ${name}`,
			});
		}
		for (const [name, related] of hits) {
			r.report(
				'IST0166',
				policy,
				['spec', 'selector'],
				`Ineffective selector on Kubernetes Gateway ${name}. Use the TargetRef field instead: Istio applies ${policy.kind}s to the pods of a Gateway API Gateway only through targetRef(s) naming the Gateway.`,
				{ related: [related] },
			);
		}
	},
};
