import type { ConvertContext, Field } from './context';
import { noteAnchoring } from './smiPath';
import { headerPairs, markRest, podsOfServiceAccount, type TargetParts } from './smi';
import { copyMeta } from './util';

/** Cilium's identity labels: the pod's ServiceAccount and namespace. */
const SA_LABEL = 'io.cilium.k8s.policy.serviceaccount';
const NS_LABEL = 'k8s:io.kubernetes.pod.namespace';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** True when a regex matches only its own text (no operators), so it can be an exact value. */
function isLiteral(regex: string): boolean {
	return !/[\\^$.|?*+()[\]{}]/.test(regex);
}

/**
 * TrafficTarget → a CiliumNetworkPolicy on the destination's pods. Cilium selects pods by their
 * ServiceAccount label, so sources and destination carry over exactly; HTTPRouteGroup matches
 * become L7 HTTP rules (method and path are regexes in both), TCPRoute ports become toPorts.
 */
export function toCilium(ctx: ConvertContext, tt: Field, parts: TargetParts): void {
	const out = ctx.emit({
		apiVersion: 'cilium.io/v2',
		kind: 'CiliumNetworkPolicy',
		metadata: {},
		spec: {},
	});
	copyMeta(tt, out, { namespace: parts.dest.namespace });
	const spec = tt.get('spec');
	out.use(spec.get('destination'));
	out.use(spec.get('sources'));
	const http: Record<string, unknown>[] = [];
	for (const m of parts.http) {
		const rule: Record<string, unknown> = {};
		const path = m.get('pathRegex').str();
		if (path !== undefined) {
			rule.path = path;
			out.use(m.get('pathRegex'));
			noteAnchoring(m.get('pathRegex'));
		}
		const headers: Record<string, unknown>[] = [];
		for (const [name, h] of headerPairs(m.get('headers'))) {
			const value = String(h.value);
			if (isLiteral(value)) {
				headers.push({ name, value });
				out.use(h);
			} else
				h.lost([
					'Cilium HTTP rules match header values exactly, not by regex',
					'headerMatches with each exact value',
				]);
		}
		if (headers.length) rule.headerMatches = headers;
		out.useAll(m.get('name'), m.get('methods'));
		const methods = ((m.get('methods').value as unknown[] | undefined) ?? []).map(String);
		const specific = methods.filter((x) => METHODS.includes(x));
		if (!specific.length || methods.includes('*')) http.push(rule);
		else for (const method of specific) http.push({ method, ...rule });
	}
	// L7 rules need a port: the TrafficTarget's, the TCPRoute's, the pods' one container port, or
	// a container port named http.
	const pods = podsOfServiceAccount(ctx, parts.dest.namespace, parts.dest.name);
	let ports: string[] = parts.ports.map(String);
	out.useAll(...parts.portFields);
	if (parts.dest.port !== undefined) ports = [String(parts.dest.port), ...ports];
	const l7 = http.length > 0;
	if (l7 && !ports.length) {
		if (pods?.ports.length === 1) {
			ports = [String(pods.ports[0])];
			spec.get('destination').info(
				`Cilium HTTP rules need a port: the policy uses ${ports[0]}, the one container port of ${pods.workloads.join(', ')}`,
			);
		} else {
			ports = ['http'];
			spec.get('destination').info([
				'Cilium HTTP rules need a port, and the TrafficTarget names none: the policy uses the container port named http',
				'set destination.port, or the port in toPorts',
			]);
		}
	}
	const toPorts = ports.length
		? [
				{
					ports: [...new Set(ports)].map((port) => ({ port, protocol: 'TCP' })),
					...(l7 ? { rules: { http } } : {}),
				},
			]
		: [];
	out.spec.endpointSelector = { matchLabels: { [SA_LABEL]: parts.dest.name } };
	out.spec.ingress = [
		{
			fromEndpoints: parts.sources.map((s) => ({
				matchLabels: {
					[SA_LABEL]: s.name,
					...(s.namespace !== parts.dest.namespace ? { [NS_LABEL]: s.namespace } : {}),
				},
			})),
			...(toPorts.length ? { toPorts } : {}),
		},
	];
	markRest(tt, out);
}
