import { defineIndex, type WorkspaceObject } from '../../workspace/model';
import {
	declaredNamespaces,
	hasWorkloads,
	isEmptySelector,
	labelSelector,
	labelsOf,
	listAt,
	mapAt,
	namespaceMatches,
	plainSelector,
	selectedWorkloads,
	selectorText,
	selects,
	stringAt,
	T,
	type LabelSelector,
	type Workload,
} from '../../workspace/resolve';
import type { Analyzer, Level, RelatedObject, Reporter } from '../types';

/** The namespace Istio treats as mesh-wide (its default root namespace). */
export const ROOT_NAMESPACE = 'istio-system';

const WORKLOAD_TYPES = [
	T.Pod,
	T.Deployment,
	T.StatefulSet,
	T.DaemonSet,
	T.ReplicaSet,
	T.Job,
	T.CronJob,
];

/**
 * How sure "no workload matches" is: nothing to say when the files hold no workloads at all,
 * a hint when they hold none of that namespace, a warning when that namespace's workloads are
 * there and none matches.
 */
function absenceLevel(r: Reporter, ns: string | undefined): Level | undefined {
	if (!hasWorkloads(r.model)) return undefined;
	if (ns !== undefined && !hasWorkloads(r.model, ns)) return 'Info';
	return 'Warning';
}

function absenceNote(level: Level, ns: string | undefined): string {
	return level === 'Info'
		? ` No workload of namespace ${ns ?? ''} is in the analysed files; if they are deployed from elsewhere, ignore this.`
		: ' (Pods are approximated by the pod templates of the workloads in the analysed files.)';
}

function names(list: readonly WorkspaceObject[]): string {
	return `[${list.map((o) => `${o.ns}/${o.name}`).join(' ')}]`;
}

/**
 * Two or more resources of one kind without a workload selector in one namespace (IST0111 for
 * Sidecars, IST0160 for Telemetries): reported on each, with the others as related information.
 */
function reportSelectorless(
	r: Reporter,
	code: 'IST0111' | 'IST0160',
	kind: 'Sidecar' | 'Telemetry',
	object: WorkspaceObject,
	list: readonly WorkspaceObject[],
	ns: string | undefined,
): void {
	const plural = kind === 'Sidecar' ? 'Sidecars' : 'Telemetries';
	r.report(
		code,
		object,
		['metadata', 'name'],
		`The ${plural} ${names(list)} in namespace "${ns ?? ''}" have no workload selector, which can lead to undefined behavior.`,
		{
			related: list
				.filter((o) => o !== object)
				.map((o) => ({
					object: o,
					message: `${kind} ${o.ns}/${o.name} has no workload selector either`,
				})),
		},
	);
}

/** A Sidecar's workload selector; undefined when it has none (it applies to the namespace). */
function sidecarSelector(sc: WorkspaceObject): LabelSelector | undefined {
	const sel = plainSelector(mapAt(sc.value, 'spec', 'workloadSelector', 'labels'));
	return sel && !isEmptySelector(sel) ? sel : undefined;
}

/** The Sidecars by namespace: `<ns>` for those with a workload selector, `<ns> *` without. */
const SIDECARS = defineIndex<{ sc: WorkspaceObject; sel?: LabelSelector }>(
	'sidecars',
	[T.Sidecar],
	(sc) => {
		const sel = sidecarSelector(sc);
		return [sel ? [sc.ns, { sc, sel }] : [`${sc.ns} *`, { sc }]];
	},
);

/**
 * The Namespace manifest of `ns` when it puts its pods in ambient mode: labelled
 * `istio.io/dataplane-mode=ambient` and not labelled for sidecar injection (`istio-injection=enabled`
 * or an `istio.io/rev`), which wins where both are set.
 */
function ambientNamespace(r: Reporter, ns: string): WorkspaceObject | undefined {
	const o = r.model.get(T.Namespace, '', ns);
	if (!o) return undefined;
	const labels = labelsOf(o);
	if (labels['istio-injection'] === 'enabled' || (labels['istio.io/rev'] ?? '') !== '')
		return undefined;
	return labels['istio.io/dataplane-mode'] === 'ambient' ? o : undefined;
}

/**
 * Why a workload's pods run in ambient mode (without a sidecar), if they do: the redirection
 * annotation Istio's CNI sets on captured pods, the pod's own `istio.io/dataplane-mode=ambient`
 * label, or an ambient namespace the pod does not opt out of. Pods asked to get a sidecar are
 * not captured.
 */
function ambientReason(r: Reporter, w: Workload): RelatedObject | undefined {
	const what = `${w.object.kind} ${w.ns}/${w.object.name}`;
	if (w.annotations['ambient.istio.io/redirection'] === 'enabled')
		return { object: w.object, message: `${what} is captured by ambient mode (annotation)` };
	const inject = w.labels['sidecar.istio.io/inject'] ?? w.annotations['sidecar.istio.io/inject'];
	if (inject === 'true') return undefined;
	const mode = w.labels['istio.io/dataplane-mode'];
	if (mode === 'none') return undefined;
	if (mode === 'ambient') {
		const nsObject = r.model.get(T.Namespace, '', w.ns);
		if (nsObject && labelsOf(nsObject)['istio-injection'] === 'enabled' && inject !== 'false')
			return undefined;
		return { object: w.object, message: `${what} is labelled istio.io/dataplane-mode=ambient` };
	}
	const ns = ambientNamespace(r, w.ns);
	return ns
		? { object: w.object, message: `${what} runs in ambient namespace ${w.ns}` }
		: undefined;
}

/**
 * IST0101 (selector), IST0110 and IST0111: Sidecars and the workloads they select; IST0167:
 * Sidecars that apply to ambient-mode pods only, which have no sidecar to configure.
 */
export const sidecarSelectors: Analyzer = {
	name: 'sidecar.SelectorAnalyzer',
	mesh: 'istio',
	codes: ['IST0101', 'IST0110', 'IST0111', 'IST0167'],
	subjects: [T.Sidecar],
	reads: [T.Namespace, ...WORKLOAD_TYPES],
	analyze(r, sc) {
		if (!sc) return;
		const sel = sidecarSelector(sc);
		if (!sel) {
			const ambient = ambientNamespace(r, sc.ns);
			if (ambient) {
				r.report(
					'IST0167',
					sc,
					['metadata', 'name'],
					`The policy has no impact: namespace ${sc.ns} is in ambient mode (label istio.io/dataplane-mode=ambient), so its pods have no sidecar for this Sidecar to configure.`,
					{
						related: [
							{
								object: ambient,
								path: ['metadata', 'labels'],
								message: `Namespace ${ambient.name} is in ambient mode`,
							},
						],
					},
				);
				return;
			}
			const list = r.model.query(SIDECARS, `${sc.ns} *`).map((e) => e.sc);
			if (list.length < 2) return;
			reportSelectorless(r, 'IST0111', 'Sidecar', sc, list, sc.ns);
			return;
		}
		const pods = selectedWorkloads(r.model, sel, sc.ns);
		if (pods.length === 0) {
			const level = absenceLevel(r, sc.ns);
			if (level)
				r.report(
					'IST0101',
					sc,
					['spec', 'workloadSelector'],
					`Referenced selector not found: "${selectorText(sel)}".${absenceNote(level, sc.ns)}`,
					{ level },
				);
			return;
		}
		const others = r.model.query(SIDECARS, sc.ns);
		const ambient: RelatedObject[] = [];
		for (const pod of pods) {
			const reason = ambientReason(r, pod);
			if (reason) {
				// Ambient pods have no sidecar: neither this Sidecar nor a conflict applies to them.
				ambient.push(reason);
				continue;
			}
			const list = others
				.filter((o) => o.sel !== undefined && selects(o.sel, pod.labels))
				.map((o) => o.sc);
			if (list.length < 2) continue;
			r.report(
				'IST0110',
				sc,
				['spec', 'workloadSelector'],
				`The Sidecars ${names(list)} in namespace "${pod.ns}" select the same workload pod "${pod.object.name}", which can lead to undefined behavior.`,
				{
					related: [
						{
							object: pod.object,
							message: `${pod.object.kind} ${pod.ns}/${pod.object.name}`,
						},
						...list
							.filter((o) => o !== sc)
							.map((o) => ({
								object: o,
								path: ['spec', 'workloadSelector'],
								message: `Sidecar ${o.ns}/${o.name} selects it too`,
							})),
					],
				},
			);
		}
		if (ambient.length > 0) {
			r.report(
				'IST0167',
				sc,
				['spec', 'workloadSelector'],
				`The policy has no impact: the selected workload ${ambient.length === 1 ? 'runs' : 'workloads run'} in ambient mode, without a sidecar for this Sidecar to configure.`,
				{ related: ambient },
			);
		}
	},
};

/** The selector of a policy (`selector.matchLabels`), when it uses one rather than targetRefs. */
export function policySelector(o: WorkspaceObject): LabelSelector | undefined | 'targetRef' {
	const spec = mapAt(o.value, 'spec') ?? {};
	if (mapAt(spec, 'targetRef') || listAt(spec, 'targetRefs').length > 0) return 'targetRef';
	return labelSelector(mapAt(spec, 'selector'));
}

/** IST0127 and IST0101 (namespace): AuthorizationPolicies without workloads or with unknown namespaces. */
export const authorizationPolicies: Analyzer = {
	name: 'authz.AuthorizationPoliciesAnalyzer',
	mesh: 'istio',
	codes: ['IST0127', 'IST0101'],
	subjects: [T.IstioAuthorizationPolicy],
	reads: [T.Namespace, ...WORKLOAD_TYPES],
	analyze(r, ap) {
		if (!ap) return;
		const sel = policySelector(ap);
		if (sel !== 'targetRef') {
			const meshWide = ap.ns === ROOT_NAMESPACE;
			if (sel && !isEmptySelector(sel)) {
				const scope = meshWide ? undefined : ap.ns;
				if (selectedWorkloads(r.model, sel, scope).length === 0) {
					const level = absenceLevel(r, scope);
					if (level)
						r.report(
							'IST0127',
							ap,
							['spec', 'selector'],
							`No matching workloads for this resource with the following labels: ${selectorText(sel)}.${absenceNote(level, scope)}`,
							{ level },
						);
				}
			} else if (!meshWide && !hasWorkloads(r.model, ap.ns) && hasWorkloads(r.model)) {
				r.report(
					'IST0127',
					ap,
					['metadata', 'name'],
					`No matching workloads for this resource: namespace ${ap.ns} has no workloads in the analysed files.`,
					{ level: 'Info' },
				);
			}
		}
		// Namespaces named in rules: only decidable when the files declare namespaces.
		const declared = declaredNamespaces(r.model);
		if (declared.size === 0) return;
		listAt(ap.value, 'spec', 'rules').forEach((rule, i) => {
			listAt(rule, 'from').forEach((from, j) => {
				for (const field of ['namespaces', 'notNamespaces']) {
					listAt(from, 'source', field).forEach((pattern, k) => {
						if (typeof pattern !== 'string') return;
						if ([...declared].some((ns) => namespaceMatches(pattern, ns))) return;
						r.report(
							'IST0101',
							ap,
							['spec', 'rules', i, 'from', j, 'source', field, k],
							`Referenced namespace not found: "${pattern}". No Namespace in the analysed files matches it.`,
							{ level: 'Warning' },
						);
					});
				}
			});
		});
	},
};

/** IST0159 and IST0160: Telemetries with the same or no workload selector in a namespace. */
export const telemetrySelectors: Analyzer = {
	name: 'telemetry.SelectorAnalyzer',
	mesh: 'istio',
	codes: ['IST0159', 'IST0160'],
	reads: [T.Telemetry, ...WORKLOAD_TYPES],
	analyze(r) {
		const withoutSelector = new Map<string, WorkspaceObject[]>();
		const byPod = new Map<Workload, WorkspaceObject[]>();
		for (const t of r.model.ofType(T.Telemetry)) {
			const sel = policySelector(t);
			if (sel === 'targetRef') continue;
			if (!sel || isEmptySelector(sel)) {
				const list = withoutSelector.get(t.ns);
				if (list) list.push(t);
				else withoutSelector.set(t.ns, [t]);
				continue;
			}
			for (const p of selectedWorkloads(r.model, sel, t.ns)) {
				const list = byPod.get(p);
				if (list) list.push(t);
				else byPod.set(p, [t]);
			}
		}
		for (const [ns, list] of withoutSelector) {
			if (list.length < 2) continue;
			for (const t of list) {
				reportSelectorless(r, 'IST0160', 'Telemetry', t, list, ns);
			}
		}
		for (const [pod, list] of byPod) {
			if (list.length < 2) continue;
			for (const t of list) {
				r.report(
					'IST0159',
					t,
					['spec', 'selector'],
					`The Telemetries ${names(list)} in namespace "${pod.ns}" select the same workload pod "${pod.object.name}", which can lead to undefined behavior.`,
					{
						related: [
							{
								object: pod.object,
								message: `${pod.object.kind} ${pod.ns}/${pod.object.name}`,
							},
						],
					},
				);
			}
		}
	},
};

/** IST0157: a Telemetry whose providers list is empty. */
export const telemetryProviders: Analyzer = {
	name: 'telemetry.ProviderAnalyzer',
	mesh: 'istio',
	codes: ['IST0157'],
	subjects: [T.Telemetry],
	reads: [],
	analyze(r, t) {
		if (!t) return;
		for (const section of ['tracing', 'accessLogging', 'metrics']) {
			listAt(t.value, 'spec', section).forEach((entry, i) => {
				const providers = mapAt(entry)?.providers;
				if (Array.isArray(providers) && providers.length === 0) {
					r.report(
						'IST0157',
						t,
						['spec', section, i, 'providers'],
						`The Telemetry ${t.name} in namespace "${t.ns}" with empty providers will be ignored.`,
					);
				}
			});
		}
	},
};

export { stringAt };
