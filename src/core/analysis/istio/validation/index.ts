/**
 * IST0106 SchemaValidationError and IST0133 SchemaWarning: the checks of istiod's Go validation
 * (istio/istio pkg/config/validation: validation.go, virtualservice.go, agent/validation.go,
 * envoyfilter/envoyfilter.go, and pkg/config/security) that one resource's file decides and that
 * neither the CRD's OpenAPI schema (our ML1xxx codes) nor its CEL rules express. `istioctl
 * analyze` runs that validation as `schema.ValidationAnalyzer.<Kind>`; each analyzer here is one
 * kind, one file per family, each check commented with the upstream function it follows.
 *
 * Listed upstream but not implemented, and why:
 * - EnvoyFilter: the warning upstream gives on EVERY EnvoyFilter (the API exposes internals) — it
 *   says nothing about the resource at hand and would mark every EnvoyFilter in the editor; the
 *   checks that decode `patch.value` as Envoy protobuf types (unknown fields, type URLs,
 *   deprecated `typed_config`-less filters) — they need Envoy's type registry.
 * - VirtualService/DestinationRule/Sidecar: checks the OpenAPI schema or CEL already make
 *   (durations ≥ 1ms, one-of groups, required fields, enum values, …) and the deprecations the
 *   schema marks (mirrorPercent, consecutiveErrors, minimumRingSize: ML4001 / IST0002).
 * - VirtualService: header values with `%` escapes (Envoy's substitution format), full RE2
 *   syntax (only what RE2 lacks and JavaScript has is checked: lookaround, backreferences,
 *   atomic groups, possessive quantifiers), the `outbound_` SNI form of gateway-bound hosts.
 * - ServiceEntry: `addresses are required for TCP ports` (reported as IST0134 by its own
 *   analyzer), `targetPort has no effect with resolution NONE` (depends on istiod's
 *   PASSTHROUGH_TARGET_PORT setting), and everything CEL checks (wildcard host, CIDR with DNS,
 *   endpoints with NONE, one endpoint for DNS_ROUND_ROBIN, port ranges and duplicate numbers).
 * - RequestAuthentication: jwksUri parsing (CEL checks the scheme), full JWKS key decoding
 *   (only the JSON shape is checked).
 * - Telemetry: access-log filter expressions (CEL programs Envoy compiles).
 * - WasmPlugin: URL parse corner cases beyond the scheme CEL checks. WorkloadGroup: probe fields
 *   the schema bounds already (negative seconds, ports).
 * - MeshConfig and extension providers: not a resource in the analysed files.
 */
import type { Analyzer } from '../../types';
import { destinationRuleValidation } from './destinationrule';
import { envoyFilterValidation } from './envoyfilter';
import { gatewayValidation } from './gateway';
import {
	authorizationPolicyValidation,
	peerAuthenticationValidation,
	requestAuthenticationValidation,
} from './security';
import { serviceEntryValidation } from './serviceentry';
import { sidecarValidation } from './sidecar';
import { telemetryValidation } from './telemetry';
import { virtualServiceValidation } from './virtualservice';
import {
	proxyConfigValidation,
	wasmPluginValidation,
	workloadEntryValidation,
	workloadGroupValidation,
} from './workloads';

/** One analyzer per Istio kind, named as upstream names its schema analyzers. */
export const SCHEMA_VALIDATION: readonly Analyzer[] = [
	virtualServiceValidation,
	destinationRuleValidation,
	gatewayValidation,
	serviceEntryValidation,
	sidecarValidation,
	envoyFilterValidation,
	authorizationPolicyValidation,
	peerAuthenticationValidation,
	requestAuthenticationValidation,
	telemetryValidation,
	wasmPluginValidation,
	workloadEntryValidation,
	workloadGroupValidation,
	proxyConfigValidation,
];
