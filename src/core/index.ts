/**
 * The one public API of the pure engine. The extension's adapters, the CLI, the benchmarks and the
 * tests import from here; nothing outside src/core reaches into its folders.
 *
 * Folders, one per concern:
 * - yaml/      per-`---` document parsing, cursor location, text utilities
 * - catalog/   the manifest schema catalog (structure + our descriptions) and starters
 * - assist/    hover and completion
 * - dataset/   the comparison dataset: schema and loading
 * - compare/   the comparison matrix, its exports, source checks and the webview shell
 * - choose/    "Which mesh fits?": requirements checked against the cells and ranked
 * - tree/      the Meshes tree model
 * - workspace/ the workspace model (every object of every file, indexed), the Mesh Resources
 *              tree model and reference resolution
 * - validate/  schema diagnostics, their codes, suppression comments and quick fixes
 * - analysis/  cross-resource checks: a registry of analyzers per mesh, their docs, the engine
 */
export * from './yaml/documents';
export type { DocumentBody } from './yaml/body';
export * from './yaml/perDocument';
export * from './yaml/locate';
export { LineIndex, maskTemplates, type OffsetRange } from './yaml/text';
export type { Position as TextPosition } from './yaml/text';

export * from './catalog/types';
export * from './catalog/catalog';
export * from './catalog/starters';
export type { FeaturePath } from './catalog/featurePaths';
export * from './catalog/preload';
export { applyTopFields, stubNode } from './catalog/stubs';

export * from './assist/completion';
export * from './assist/hover';

export * from './dataset/schema';
export * from './dataset/load';
export * from './dataset/quality';
export * from './dataset/catalogKinds';
export * from './dataset/changelog';

export * from './compare/matrix';
export * from './compare/detail';
export * from './compare/conversions';
export * from './compare/sources';
export * from './compare/webviewHtml';

export * from './choose/choose';

export * from './tree/meshTree';

export * from './workspace/resources';
export * from './workspace/objects';
export { plainValue } from './workspace/plain';
export * from './workspace/model';
export * from './workspace/resolve';
export * from './workspace/references';

export * from './analysis/types';
export * from './analysis/engine';
export * from './analysis/registry';
export {
	AnnotationCatalogSchema,
	ISTIO_ANNOTATIONS_TEXT,
	istioAnnotations,
	parseAnnotationCatalog,
	type AnnotationCatalog,
	type IstioAnnotation,
} from './analysis/istio/annotationCatalog';
export { invalidAnnotationValue } from './analysis/istio/annotationValues';

export * from './validate/codes';
export * from './validate/types';
export { validate, resourceLabel, suppressDiagnostics, isIstioGroup } from './validate/validate';
export { applyRules } from './validate/suppress';
export { plainDiagnostic } from './validate/shift';
export * from './validate/partial';
export { editDistance, closest } from './validate/similar';
export {
	compileRule as compileCelRule,
	runRule as runCelRule,
	type CompiledRule as CompiledCelRule,
	type RuleOutcome as CelRuleOutcome,
} from './validate/cel/compile';
export {
	celValue,
	escapeProperty as celEscapeProperty,
	Undecidable as CelUndecidable,
} from './validate/cel/value';
export { CelDataError, classifyError as classifyCelError } from './validate/cel/errors';
export { parseGoDuration } from './validate/cel/duration';
export { parseRequestUri } from './validate/cel/url';
export { re2 as re2RegExp } from './validate/cel/regex';
export { rewriteRule as rewriteCelRule } from './validate/cel/rewrite';

export * from './convert/index';
