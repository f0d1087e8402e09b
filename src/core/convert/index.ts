import { ConvertContext } from './context';
import { groupOf, type Conversion } from './conversion';
import { istioToAmbient } from './ambient';
import { appMeshToGatewayApi } from './appmesh';
import { istioToGatewayApi } from './istio';
import { serviceProfileToHttpRoute } from './serviceProfile';
import { smiToGatewayApi } from './smi';
import { httpRouteToServiceProfile } from './serviceProfileBack';
import type { ConvertInput, ConvertOptions, ConvertResult, ConvertTarget } from './types';

export * from './types';
export type { Conversion } from './conversion';
export { leafPaths, isUnder } from './paths';
export * from './text';

/** Every conversion, in the order they run. */
export const CONVERSIONS: readonly Conversion[] = [
	istioToGatewayApi,
	istioToAmbient,
	smiToGatewayApi,
	appMeshToGatewayApi,
	serviceProfileToHttpRoute,
	httpRouteToServiceProfile,
];

/** API groups whose resources a target reads as they are. */
const NATIVE: Record<ConvertTarget, readonly string[]> = {
	'gateway-api': [],
	istio: [
		'networking.istio.io',
		'security.istio.io',
		'telemetry.istio.io',
		'extensions.istio.io',
	],
	'istio-ambient': [
		'networking.istio.io',
		'security.istio.io',
		'telemetry.istio.io',
		'extensions.istio.io',
	],
	linkerd: ['policy.linkerd.io', 'linkerd.io', 'workload.linkerd.io'],
	cilium: ['cilium.io'],
	serviceprofile: ['linkerd.io', 'policy.linkerd.io'],
};

/** Groups that every target reads: Kubernetes itself and Gateway API. */
function isPlainKubernetes(group: string): boolean {
	return (
		!group.includes('.') ||
		group.endsWith('.k8s.io') ||
		group === 'gateway.networking.k8s.io' ||
		group === 'gateway.networking.x-k8s.io'
	);
}

/** The conversions that would take on an input for a target (for menus: "Convert to…"). */
export function conversionsFor(resource: ConvertInput['resource'], target?: ConvertTarget) {
	return CONVERSIONS.filter(
		(c) => c.accepts(resource) && (target === undefined || c.targets.includes(target)),
	);
}

/** The targets some conversion offers for at least one of the resources. */
export function targetsFor(resources: readonly ConvertInput['resource'][]): ConvertTarget[] {
	const out = new Set<ConvertTarget>();
	for (const r of resources)
		for (const c of conversionsFor(r)) for (const t of c.targets) out.add(t);
	return [...out];
}

/**
 * Converts a set of resources to a target. Resources no conversion takes on pass through when the
 * target reads them as they are (Kubernetes, Gateway API, the target's own kinds); the others are
 * reported whole in the notes.
 */
export function convert(inputs: readonly ConvertInput[], options: ConvertOptions): ConvertResult {
	const ctx = new ConvertContext(inputs, options);
	for (const c of CONVERSIONS) {
		if (!c.targets.includes(options.target)) continue;
		const mine = inputs.flatMap((x, i) => (c.accepts(x.resource) ? [i] : []));
		if (mine.length) c.run(ctx, mine);
	}
	inputs.forEach((input, i) => {
		if (ctx.taken.has(i)) return;
		const r = input.resource;
		const group = groupOf(r);
		const root = ctx.root(i);
		if (isPlainKubernetes(group) || NATIVE[options.target].includes(group)) {
			ctx.emit(structuredClone(r)).use(root);
			return;
		}
		const offered = CONVERSIONS.filter((c) => c.accepts(r)).flatMap((c) => c.targets);
		ctx.note(i, '', 'lost', [
			`no conversion from ${String(r.kind)} (${group}) to ${options.target}`,
			offered.length
				? `convert it to ${[...new Set(offered)].join(' or ')}`
				: 'rewrite it by hand',
		]);
	});
	return ctx.result();
}
export * from './editor';
