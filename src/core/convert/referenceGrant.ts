import type { ConvertContext, Out } from './context';
import { GATEWAY_API } from './util';

/**
 * Makes sure a ReferenceGrant lets `fromKind` routes in `fromNs` refer to `toKind` objects in
 * `toNs`. One grant per (target namespace, from namespace, kinds); returns it, or undefined when
 * both namespaces are the same.
 */
export function ensureReferenceGrant(
	ctx: ConvertContext,
	from: { kind: string; namespace: string; group?: string },
	to: { kind: string; namespace: string; group?: string },
): Out | undefined {
	if (from.namespace === to.namespace) return undefined;
	const fromGroup = from.group ?? GATEWAY_API;
	const toGroup = to.group ?? '';
	const key = `refgrant/${to.namespace}/${from.namespace}/${from.kind}/${to.kind}`;
	return ctx.emit(
		{
			apiVersion: `${GATEWAY_API}/v1beta1`,
			kind: 'ReferenceGrant',
			metadata: {
				name: `allow-${from.kind.toLowerCase()}s-from-${from.namespace}`.slice(0, 63),
				namespace: to.namespace,
			},
			spec: {
				from: [{ group: fromGroup, kind: from.kind, namespace: from.namespace }],
				to: [{ group: toGroup, kind: to.kind }],
			},
		},
		key,
	);
}
