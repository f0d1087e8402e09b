import { WorkspaceModel } from '../workspace/model';
import { AnalysisEngine } from './engine';
import { alphaAnnotations, annotationChecks } from './istio/annotations';
import { ISTIO_DOCS } from './istio/docs';
import { caCertificates, destinationRuleTargets } from './istio/destinationrule';
import { deprecatedFields } from './istio/deprecation';
import { envoyPatches } from './istio/envoyfilter';
import { gatewaySelectors } from './istio/k8sgateway';
import { conflictingGateways, duplicateCertificates, gatewayWorkloads } from './istio/gateway';
import {
	applicationUid,
	imageAuto,
	namespaceInjection,
	portNames,
	workloadServices,
} from './istio/kubernetes';
import {
	authorizationPolicies,
	sidecarSelectors,
	telemetryProviders,
	telemetrySelectors,
} from './istio/selectors';
import { addressesRequired, conflictingProtocols } from './istio/serviceentry';
import {
	conflictingMeshGatewayHosts,
	destinationHosts,
	destinationRules,
	gateways,
	jwtClaimRoute,
} from './istio/virtualservice';
import { unreachableRules } from './istio/vsrules';
import { SCHEMA_VALIDATION } from './istio/validation';
import {
	duplicateMatches,
	GATEWAY_API_DOCS,
	routeBackends,
	routeParents,
} from './gateway-api/routes';
import {
	identities,
	LINKERD_DOCS,
	policyTargets,
	servers,
	serviceProfiles,
} from './linkerd/policy';
import type { Analyzer, CheckDoc } from './types';

/** Every analyzer, Istio first (upstream's names), then Gateway API and Linkerd (ours). */
export const ANALYZERS: readonly Analyzer[] = [
	deprecatedFields,
	destinationHosts,
	destinationRules,
	gateways,
	conflictingMeshGatewayHosts,
	jwtClaimRoute,
	unreachableRules,
	conflictingGateways,
	duplicateCertificates,
	gatewayWorkloads,
	caCertificates,
	destinationRuleTargets,
	sidecarSelectors,
	authorizationPolicies,
	telemetrySelectors,
	telemetryProviders,
	gatewaySelectors,
	envoyPatches,
	conflictingProtocols,
	addressesRequired,
	portNames,
	workloadServices,
	applicationUid,
	namespaceInjection,
	imageAuto,
	annotationChecks,
	alphaAnnotations,
	...SCHEMA_VALIDATION,
	routeParents,
	routeBackends,
	duplicateMatches,
	servers,
	policyTargets,
	identities,
	serviceProfiles,
];

/** What every code means, by code. */
export const CHECK_DOCS: ReadonlyMap<string, CheckDoc> = new Map(
	[...ISTIO_DOCS, ...GATEWAY_API_DOCS, ...LINKERD_DOCS].map((d) => [d.code, d]),
);

/** The documentation of a code (case-insensitive), if Meshlens reports it. */
export function explainCode(code: string): CheckDoc | undefined {
	return CHECK_DOCS.get(code.trim().toUpperCase());
}

/**
 * A workspace analysis over a model (a new empty one by default), with every analyzer or a chosen
 * few. `incremental: false` is for a single full run (`meshlens lint`): the runs record no reads,
 * which only re-analysis after a change needs, and `update` analyses everything again.
 */
export function createAnalysis(
	model: WorkspaceModel = new WorkspaceModel(),
	analyzers: readonly Analyzer[] = ANALYZERS,
	options: { readonly incremental?: boolean } = {},
): AnalysisEngine {
	return new AnalysisEngine(model, analyzers, CHECK_DOCS, options.incremental ?? true);
}
