import type { WorkspaceObject } from '../../workspace/model';
import {
	at,
	hasWorkloads,
	isEmptySelector,
	isMapValue,
	labelSelector,
	listAt,
	mapAt,
	numberAt,
	scalarText,
	selectedWorkloads,
	selectorText,
	serviceOfFqdn,
	stringAt,
	T,
} from '../../workspace/resolve';
import type { Analyzer, CheckDoc, Level, Reporter } from '../types';

function doc(code: string, name: string, level: Level, summary: string, fix: string): CheckDoc {
	return { code, name, level, mesh: 'linkerd', summary, fix };
}

export const LINKERD_DOCS: readonly CheckDoc[] = [
	doc(
		'MLL001',
		'ServerSelectsNoWorkload',
		'Warning',
		"A Server's podSelector matches none of the workloads in the analysed files, so it protects nothing.",
		'Fix the podSelector labels, or ignore it when the workloads are deployed from elsewhere.',
	),
	doc(
		'MLL002',
		'ServerPortNotOnWorkload',
		'Warning',
		"A Server's port (number or name) is not a container port of the workloads it selects; no traffic reaches it.",
		'Use a containerPort number or name of the selected pods.',
	),
	doc(
		'MLL003',
		'PolicyTargetNotFound',
		'Warning',
		'An AuthorizationPolicy, ServerAuthorization or HTTPRoute targets a Server, route or namespace that the analysed files do not define.',
		'Fix the target reference, or ignore it when the target is defined elsewhere.',
	),
	doc(
		'MLL004',
		'AuthenticationNotFound',
		'Warning',
		'An AuthorizationPolicy requires a MeshTLSAuthentication, NetworkAuthentication or ServiceAccount that the analysed files do not define; nothing can satisfy it.',
		'Fix requiredAuthenticationRefs, or add the authentication resource.',
	),
	doc(
		'MLL005',
		'InvalidMeshIdentity',
		'Error',
		'A MeshTLSAuthentication identity is not a Linkerd service-account identity (<sa>.<ns>.serviceaccount.identity.linkerd.<trust domain>, or * / a *. suffix), so no client matches it.',
		'Write the identity in that form, or use identityRefs to ServiceAccounts.',
	),
	doc(
		'MLL006',
		'ServiceProfileNameNotServiceFqdn',
		'Error',
		"A ServiceProfile's name is not the FQDN of a Service (<service>.<namespace>.svc.<cluster domain>), or names a Service the analysed files show in no such namespace; Linkerd ignores it.",
		'Name the ServiceProfile after the FQDN of its Service.',
	),
	doc(
		'MLL007',
		'RetryBudgetCannotRetry',
		'Warning',
		'A ServiceProfile marks routes retryable but its retry budget allows no retries (retryRatio 0 and minRetriesPerSecond 0).',
		'Give the budget a retryRatio or minRetriesPerSecond above 0.',
	),
	doc(
		'MLL008',
		'TimeoutCannotTakeEffect',
		'Warning',
		'A ServiceProfile route timeout is not a positive duration Linkerd can read (for example 0s or 10 seconds), so the default applies.',
		'Write a positive Go duration such as 500ms or 10s.',
	),
];

function absence(r: Reporter, ns: string): Level | undefined {
	if (!hasWorkloads(r.model)) return undefined;
	return hasWorkloads(r.model, ns) ? 'Warning' : 'Info';
}

/** MLL001 and MLL002: a Server and the pods it selects. */
export const servers: Analyzer = {
	name: 'linkerd.ServerAnalyzer',
	mesh: 'linkerd',
	codes: ['MLL001', 'MLL002'],
	subjects: [T.LinkerdServer],
	reads: [T.Pod, T.Deployment, T.StatefulSet, T.DaemonSet, T.ReplicaSet, T.Job, T.CronJob],
	analyze(r, server) {
		if (!server) return;
		const sel = labelSelector(mapAt(server.value, 'spec', 'podSelector'));
		if (!sel) return;
		const pods = isEmptySelector(sel)
			? selectedWorkloads(r.model, { matchLabels: {}, matchExpressions: [] }, server.ns)
			: selectedWorkloads(r.model, sel, server.ns);
		if (pods.length === 0) {
			const level = absence(r, server.ns);
			if (level)
				r.report(
					'MLL001',
					server,
					['spec', 'podSelector'],
					`The podSelector (${selectorText(sel) || 'all pods'}) matches no workload of namespace ${server.ns} in the analysed files; if they are deployed from elsewhere, ignore this.`,
					{ level },
				);
			return;
		}
		const port = at(server.value, 'spec', 'port');
		if (port === undefined) return;
		const ok = pods.some((w) =>
			listAt(w.spec, 'containers').some((c) =>
				listAt(c, 'ports').some((p) =>
					typeof port === 'number'
						? numberAt(p, 'containerPort') === port
						: stringAt(p, 'name') === port,
				),
			),
		);
		if (!ok) {
			r.report(
				'MLL002',
				server,
				['spec', 'port'],
				`Port ${scalarText(port)} is not a container port of the selected workloads (${pods.map((w) => w.object.name).join(', ')}).`,
				{
					related: pods.slice(0, 5).map((w) => ({
						object: w.object,
						path: [...w.specPath, 'containers'],
						message: `${w.object.kind} ${w.ns}/${w.object.name}`,
					})),
				},
			);
		}
	},
};

const TARGET_TYPES: Record<string, string> = {
	Server: T.LinkerdServer,
	HTTPRoute: T.LinkerdHTTPRoute,
	GRPCRoute: T.GRPCRoute,
};

function missing(
	r: Reporter,
	o: WorkspaceObject,
	path: (string | number)[],
	what: string,
	type: string,
	ns: string,
): void {
	const present = r.model.anyIn(type, ns);
	r.report(
		'MLL003',
		o,
		path,
		`${what} is not in the analysed files; if it is defined elsewhere, ignore this.`,
		{ level: present ? 'Warning' : 'Info' },
	);
}

/** MLL003 and MLL004: what Linkerd policies point at. */
export const policyTargets: Analyzer = {
	name: 'linkerd.PolicyTargetAnalyzer',
	mesh: 'linkerd',
	codes: ['MLL003', 'MLL004'],
	subjects: [T.LinkerdAuthorizationPolicy, T.LinkerdServerAuthorization, T.LinkerdHTTPRoute],
	reads: [
		T.LinkerdServer,
		T.LinkerdHTTPRoute,
		T.GRPCRoute,
		T.Namespace,
		T.LinkerdMeshTLSAuthentication,
		T.LinkerdNetworkAuthentication,
		T.ServiceAccount,
	],
	analyze(r, o) {
		if (!o) return;
		if (o.type === T.LinkerdAuthorizationPolicy) {
			const ref = mapAt(o.value, 'spec', 'targetRef');
			const kind = stringAt(ref, 'kind') ?? '';
			const name = stringAt(ref, 'name');
			if (ref && name) {
				if (kind === 'Namespace') {
					if (r.model.hasType(T.Namespace) && !r.model.get(T.Namespace, '', name))
						missing(
							r,
							o,
							['spec', 'targetRef', 'name'],
							`Namespace "${name}"`,
							T.Namespace,
							'',
						);
				} else {
					const type = TARGET_TYPES[kind];
					if (type && !r.model.get(type, o.ns, name))
						missing(
							r,
							o,
							['spec', 'targetRef', 'name'],
							`${kind} "${o.ns}/${name}"`,
							type,
							o.ns,
						);
				}
			}
			listAt(o.value, 'spec', 'requiredAuthenticationRefs').forEach((a, i) => {
				const aKind = stringAt(a, 'kind') ?? '';
				const aName = stringAt(a, 'name');
				const aNs = stringAt(a, 'namespace') ?? o.ns;
				const type =
					aKind === 'MeshTLSAuthentication'
						? T.LinkerdMeshTLSAuthentication
						: aKind === 'NetworkAuthentication'
							? T.LinkerdNetworkAuthentication
							: aKind === 'ServiceAccount'
								? T.ServiceAccount
								: undefined;
				if (!type || !aName || r.model.get(type, aNs, aName)) return;
				const present = r.model.anyIn(type, aNs);
				r.report(
					'MLL004',
					o,
					['spec', 'requiredAuthenticationRefs', i, 'name'],
					`${aKind} "${aNs}/${aName}" is not in the analysed files; if it is defined elsewhere, ignore this.`,
					{ level: present ? 'Warning' : 'Info' },
				);
			});
			return;
		}
		if (o.type === T.LinkerdServerAuthorization) {
			const name = stringAt(o.value, 'spec', 'server', 'name');
			if (name && !r.model.get(T.LinkerdServer, o.ns, name))
				missing(
					r,
					o,
					['spec', 'server', 'name'],
					`Server "${o.ns}/${name}"`,
					T.LinkerdServer,
					o.ns,
				);
			return;
		}
		listAt(o.value, 'spec', 'parentRefs').forEach((p, i) => {
			if (!isMapValue(p) || stringAt(p, 'kind') !== 'Server') return;
			const name = stringAt(p, 'name');
			const ns = stringAt(p, 'namespace') ?? o.ns;
			if (name && !r.model.get(T.LinkerdServer, ns, name))
				missing(
					r,
					o,
					['spec', 'parentRefs', i, 'name'],
					`Server "${ns}/${name}"`,
					T.LinkerdServer,
					ns,
				);
		});
	},
};

const IDENTITY =
	/^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.serviceaccount\.identity\.([a-z0-9-]+)\.([a-z0-9.-]+)$/;

/** MLL005: MeshTLSAuthentication identities that no Linkerd proxy can present. */
export const identities: Analyzer = {
	name: 'linkerd.IdentityAnalyzer',
	mesh: 'linkerd',
	codes: ['MLL005'],
	subjects: [T.LinkerdMeshTLSAuthentication],
	reads: [],
	analyze(r, o) {
		if (!o) return;
		listAt(o.value, 'spec', 'identities').forEach((id, i) => {
			if (typeof id !== 'string') return;
			if (id === '*' || (id.startsWith('*.') && id.length > 2) || IDENTITY.test(id)) return;
			r.report(
				'MLL005',
				o,
				['spec', 'identities', i],
				`"${id}" is not a service-account identity (<sa>.<ns>.serviceaccount.identity.linkerd.<trust domain>); no client will match it.`,
			);
		});
	},
};

const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** MLL006–MLL008: ServiceProfile names, retry budgets and timeouts. */
export const serviceProfiles: Analyzer = {
	name: 'linkerd.ServiceProfileAnalyzer',
	mesh: 'linkerd',
	codes: ['MLL006', 'MLL007', 'MLL008'],
	subjects: [T.ServiceProfile],
	reads: [T.Service],
	analyze(r, sp) {
		if (!sp) return;
		const m =
			/^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc\.[a-z0-9.-]+$/.exec(
				sp.name,
			);
		if (!m) {
			// External (non-cluster) authorities are allowed for client-side profiles with dots in them.
			if (!sp.name.includes('.'))
				r.report(
					'MLL006',
					sp,
					['metadata', 'name'],
					`"${sp.name}" is not the FQDN of a Service (<service>.<namespace>.svc.<cluster domain>); Linkerd will not apply this ServiceProfile.`,
				);
		} else {
			const svc = serviceOfFqdn(sp.name.replace(/\.svc\.[a-z0-9.-]+$/, '.svc.cluster.local'));
			if (svc && !r.model.get(T.Service, svc.ns, svc.name)) {
				const present = r.model.anyIn(T.Service, svc.ns);
				if (present)
					r.report(
						'MLL006',
						sp,
						['metadata', 'name'],
						`No Service ${svc.ns}/${svc.name} is in the analysed files, though other Services of namespace ${svc.ns} are; if it is defined elsewhere, ignore this.`,
						{ level: 'Warning' },
					);
			}
		}
		const routes = listAt(sp.value, 'spec', 'routes');
		const budget = mapAt(sp.value, 'spec', 'retryBudget');
		if (budget && routes.some((rt) => mapAt(rt)?.isRetryable === true)) {
			if (
				(numberAt(budget, 'retryRatio') ?? 0) === 0 &&
				(numberAt(budget, 'minRetriesPerSecond') ?? 0) === 0
			) {
				r.report(
					'MLL007',
					sp,
					['spec', 'retryBudget'],
					'The retry budget allows no retries (retryRatio 0 and minRetriesPerSecond 0), so isRetryable routes are never retried.',
				);
			}
		}
		routes.forEach((rt, i) => {
			const timeout = at(rt, 'timeout');
			if (timeout === undefined) return;
			const text = typeof timeout === 'string' ? timeout.trim() : '';
			const positive = DURATION.test(text) && /[1-9]/.test(text);
			if (!positive)
				r.report(
					'MLL008',
					sp,
					['spec', 'routes', i, 'timeout'],
					`Timeout ${JSON.stringify(timeout)} is not a positive duration Linkerd can read; the default timeout applies.`,
				);
		});
	},
};
