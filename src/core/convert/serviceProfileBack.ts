import type { Conversion } from './conversion';
import { groupOf } from './conversion';
import type { ConvertContext, Field, Out } from './context';
import { copyMeta, namespaceOf, parseDuration } from './util';

/** The split each ServiceProfile output got from the first route rule with backends. */
const SPLITS = new WeakMap<Out, Map<string, number>>();

function escapeRegex(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A Go duration from milliseconds (ServiceProfile timeouts). */
function goDuration(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * An HTTPRoute on a Service (Gateway API or policy.linkerd.io) back to a Linkerd ServiceProfile:
 * one profile route per match; timeouts, retry annotations and weighted backends carry over.
 */
function convertRoute(ctx: ConvertContext, route: Field): void {
	const spec = route.get('spec');
	const ns = namespaceOf(route, ctx.defaultNamespace);
	const parents = spec.get('parentRefs').items();
	const service = parents.find((p) => p.get('kind').str() === 'Service');
	const svcName = service?.get('name').str();
	if (!service || !svcName) {
		// Not a Service route (an ingress route, say): it stays as it is.
		ctx.emit(structuredClone(route.value) as Record<string, unknown>).use(route);
		return;
	}
	const svcNs = service.get('namespace').str() ?? ns;
	// Several routes on one Service (say one with retries, one without) make one profile.
	const fqdn = `${svcName}.${svcNs}.svc.cluster.local`;
	const key = `sp/${ns}/${fqdn}`;
	const merged = ctx.keyedOut(key);
	const out = ctx.emit(
		{ apiVersion: 'linkerd.io/v1alpha2', kind: 'ServiceProfile', metadata: {}, spec: {} },
		key,
	);
	const previous = merged ? { ...(out.resource.metadata as Record<string, unknown>) } : undefined;
	copyMeta(route, out, { name: fqdn });
	if (previous) out.resource.metadata = previous;
	const meta = out.resource.metadata as Record<string, unknown>;
	// The retry and timeout annotations become profile fields, not annotations.
	const ann = route.get('metadata').get('annotations');
	const annotations = { ...((meta.annotations as Record<string, string> | undefined) ?? {}) };
	const retryOn =
		ann.get('retry.linkerd.io/http').str() ?? ann.get('retry.linkerd.io/grpc').str();
	const requestTimeout = parseDuration(ann.get('timeout.linkerd.io/request').value);
	for (const k of Object.keys(annotations))
		if (k.startsWith('retry.linkerd.io/') || k.startsWith('timeout.linkerd.io/'))
			delete annotations[k];
	if (Object.keys(annotations).length) meta.annotations = annotations;
	else delete meta.annotations;
	out.useAll(
		service.get('kind'),
		service.get('name'),
		service.get('namespace'),
		service.get('group'),
	);
	for (const p of parents) {
		if (p === service) continue;
		p.lost(
			'a ServiceProfile describes one Service; only the first Service parent carried over',
		);
	}
	service.rest({ port: 'ServiceProfile routes apply to every port of the Service' });
	if (retryOn) {
		out.use(ann.get('retry.linkerd.io/http'));
		out.use(ann.get('retry.linkerd.io/grpc'));
		if (retryOn !== '5xx')
			ann.get('retry.linkerd.io/http').info(
				'ServiceProfile retries follow the failure response classes (5xx by default)',
			);
	}
	ann.get('retry.linkerd.io/limit').lost([
		'ServiceProfile retries have a budget, not a per-request limit',
		'spec.retryBudget',
	]);
	ann.get('retry.linkerd.io/timeout').lost([
		'ServiceProfile has no per-try timeout',
		'spec.routes[].timeout',
	]);
	ann.get('timeout.linkerd.io/response').lost([
		'ServiceProfile has one timeout per route',
		'spec.routes[].timeout',
	]);
	ann.get('timeout.linkerd.io/idle').lost('ServiceProfile has no idle timeout');
	if (requestTimeout !== undefined) out.use(ann.get('timeout.linkerd.io/request'));
	const routes: Record<string, unknown>[] = [];
	// dstOverrides split a whole Service: the first rule with backends sets them.
	let overrides = SPLITS.get(out);
	const existing = overrides;
	spec.get('rules')
		.items()
		.forEach((rule, ri) => {
			const name = rule.get('name').str() ?? `rule-${ri}`;
			out.use(rule.get('name'));
			const timeout =
				parseDuration(rule.get('timeouts').get('request').value) ?? requestTimeout;
			out.use(rule.get('timeouts').get('request'));
			rule.get('timeouts').rest({
				backendRequest: ['ServiceProfile has no per-try timeout', 'spec.routes[].timeout'],
			});
			const matches = rule.get('matches').items();
			const conds = matches.length ? matches : [undefined];
			conds.forEach((m, mi) => {
				const condition: Record<string, unknown> = {};
				if (m) {
					const path = m.get('path');
					const value = path.get('value').str() ?? '/';
					const type = path.get('type').str() ?? 'PathPrefix';
					if (path.present) {
						condition.pathRegex =
							type === 'RegularExpression'
								? value
								: type === 'Exact'
									? escapeRegex(value)
									: value === '/'
										? '/.*'
										: `${escapeRegex(value.replace(/\/$/, ''))}(/.*)?`;
						out.use(path);
					}
					const method = m.get('method').str();
					if (method) {
						condition.method = method;
						out.use(m.get('method'));
					}
					m.rest({
						headers: 'ServiceProfile routes match on path and method only',
						queryParams: 'ServiceProfile routes match on path and method only',
					});
				} else condition.pathRegex = '.*';
				routes.push({
					name: conds.length > 1 ? `${name}-${mi}` : name,
					condition,
					...(timeout !== undefined ? { timeout: goDuration(timeout) } : {}),
					...(retryOn ? { isRetryable: true } : {}),
				});
			});
			const weights = new Map<string, number>();
			for (const b of rule.get('backendRefs').items()) {
				const bn = b.get('name').str();
				if (!bn) continue;
				const bns = b.get('namespace').str() ?? ns;
				const key = `${bn}.${bns}.svc.cluster.local`;
				weights.set(key, (weights.get(key) ?? 0) + (b.get('weight').num() ?? 1));
			}
			const same =
				overrides !== undefined &&
				overrides.size === weights.size &&
				[...weights].every(([k, w]) => overrides?.get(k) === w);
			if (weights.size && (overrides === undefined || same)) {
				overrides = weights;
				SPLITS.set(out, weights);
				for (const b of rule.get('backendRefs').items()) {
					out.useAll(
						b.get('name'),
						b.get('namespace'),
						b.get('weight'),
						b.get('kind'),
						b.get('group'),
					);
					b.rest({
						port: 'dstOverrides name a Service authority, not a port',
						filters: 'ServiceProfile has no filters',
					});
				}
			} else if (weights.size)
				rule.get('backendRefs').lost([
					'a ServiceProfile splits traffic for the whole Service; these backends differ from the first rule',
					'keep the HTTPRoute for per-rule backends',
				]);
			rule.rest({
				filters: [
					'ServiceProfile has no filters (header changes, redirects, rewrites, mirrors)',
					'keep the HTTPRoute',
				],
				retry: [
					'ServiceProfile retries have a budget, not per-rule settings',
					'isRetryable and spec.retryBudget',
				],
				sessionPersistence: 'ServiceProfile has no session persistence',
			});
		});
	out.spec.routes = [...((out.spec.routes as unknown[] | undefined) ?? []), ...routes];
	if (
		overrides &&
		existing === undefined &&
		(overrides.size > 1 ||
			(overrides.size === 1 && !overrides.has(`${svcName}.${svcNs}.svc.cluster.local`)))
	)
		out.spec.dstOverrides = [
			...[...overrides].map(([authority, w]) => ({
				authority,
				// HTTPRoute weights are relative; as quantities in thousandths they keep their ratio.
				weight: `${w}m`,
			})),
		];
	spec.rest({
		hostnames: 'ServiceProfile applies to the Service, not to host names',
	});
}

/** HTTPRoute (on a Service) → Linkerd ServiceProfile, the way back for older Linkerd versions. */
export const httpRouteToServiceProfile: Conversion = {
	id: 'linkerd-httproute-serviceprofile',
	title: 'HTTPRoute on a Service → Linkerd ServiceProfile',
	targets: ['serviceprofile'],
	accepts: (r) =>
		r.kind === 'HTTPRoute' &&
		(groupOf(r) === 'gateway.networking.k8s.io' || groupOf(r) === 'policy.linkerd.io'),
	run(ctx, inputs) {
		for (const i of inputs) convertRoute(ctx, ctx.root(i));
	},
};
