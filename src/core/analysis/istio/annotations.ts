import type { WorkspaceObject } from '../../workspace/model';
import type { FieldPath } from '../../workspace/objects';
import {
	annotationsOf,
	at,
	labelsOf,
	listAt,
	mapAt,
	stringAt,
	stringMap,
	T,
	WORKLOAD_TEMPLATES,
} from '../../workspace/resolve';
import type { Analyzer, Reporter } from '../types';
import { isIstioAnnotation, istioAnnotations, type AnnotationIndex } from './annotationCatalog';
import { invalidAnnotationValue } from './annotationValues';

/** The kinds whose own annotations `istioctl analyze` checks. */
const SUBJECTS = [T.Namespace, T.Service, T.Pod, T.Deployment];
const OWN = new Set(SUBJECTS);

const INJECT = 'sidecar.istio.io/inject';

function annotationPath(key: string): (string | number)[] {
	return ['metadata', 'annotations', key];
}

/** Istio annotations of an object, in file order, with their values. */
function istioAnnotationsOf(o: WorkspaceObject): [string, string][] {
	return Object.entries(annotationsOf(o)).filter(([k]) => isIstioAnnotation(k));
}

/** One set of annotations to check: an object's own, or its pod template's (as a Pod's). */
interface AnnotationSet {
	/** The kind Istio would see them on. */
	readonly kind: string;
	readonly annotations: Record<string, string>;
	readonly labels: Record<string, string>;
	/** Where they are in the object. */
	readonly at: FieldPath;
	/** How the message names where they are. */
	readonly where: string;
}

/** The annotation sets of an object: its own (for the kinds upstream checks) and its pod template's. */
function annotationSets(o: WorkspaceObject): AnnotationSet[] {
	const out: AnnotationSet[] = [];
	if (OWN.has(o.type))
		out.push({
			kind: o.kind,
			annotations: annotationsOf(o),
			labels: labelsOf(o),
			at: ['metadata', 'annotations'],
			where: `a ${o.kind}`,
		});
	const path = o.type === T.Pod ? undefined : WORKLOAD_TEMPLATES.get(o.type);
	const template = path && mapAt(o.value, ...path);
	if (path && template)
		out.push({
			kind: 'Pod',
			annotations: stringMap(at(template, 'metadata', 'annotations')),
			labels: stringMap(at(template, 'metadata', 'labels')),
			at: [...path, 'metadata', 'annotations'],
			where: "a pod (this workload's pod template)",
		});
	return out;
}

function checkSet(
	r: Reporter,
	o: WorkspaceObject,
	set: AnnotationSet,
	index: AnnotationIndex,
): void {
	for (const [key, value] of Object.entries(set.annotations)) {
		if (!isIstioAnnotation(key) || index.alwaysIgnored.has(key)) continue;
		const def = index.byName.get(key);
		const path = [...set.at, key];
		if (!def) {
			r.report(
				'IST0108',
				o,
				path,
				`Unknown annotation ${key}: Istio defines no annotation of that name, so it has no effect (a typo?).`,
				{ part: 'key' },
			);
			continue;
		}
		if (def.deprecated && !(key === INJECT && INJECT in set.labels)) {
			const instead = key === INJECT ? ' Use the sidecar.istio.io/inject label instead.' : '';
			r.report(
				'IST0135',
				o,
				path,
				`Annotation ${key} is deprecated and may stop working in a later Istio release.${instead}`,
				{ part: 'key' },
			);
		}
		if (def.resources.includes('Any')) continue;
		if (!def.resources.includes(set.kind)) {
			r.report(
				'IST0107',
				o,
				path,
				`Annotation ${key} has no effect on ${set.where}: Istio reads it on ${def.resources.join(', ')}.`,
				{ part: 'key' },
			);
			continue;
		}
		const problem = def.value && invalidAnnotationValue(def.value, value);
		if (problem) {
			r.report(
				'IST0125',
				o,
				path,
				`Invalid value '${value}' for annotation ${key}: ${problem}.`,
				{
					part: 'value',
				},
			);
		}
	}
}

function checkAnnotations(r: Reporter, o: WorkspaceObject): void {
	const index = istioAnnotations();
	if (!index) return;
	for (const set of annotationSets(o)) checkSet(r, o, set, index);
}

/** A pod without an istio-init init container gets its traffic rules from the Istio CNI agent. */
function usesCni(o: WorkspaceObject): boolean {
	return !listAt(o.value, 'spec', 'initContainers').some(
		(c) => stringAt(c, 'name') === 'istio-init',
	);
}

function checkAlpha(r: Reporter, o: WorkspaceObject): void {
	const index = istioAnnotations();
	if (!index) return;
	const cni = o.type === T.Pod && usesCni(o);
	for (const [key] of istioAnnotationsOf(o)) {
		const def = index.byName.get(key);
		if (def?.status !== 'alpha' || index.alwaysIgnored.has(key)) continue;
		if (cni && index.ignoredWithCni.has(key)) continue;
		r.report(
			'IST0136',
			o,
			annotationPath(key),
			`Annotation ${key} is an alpha feature of Istio: it may change or be removed without notice.`,
			{ part: 'key' },
		);
	}
}

/** IST0107, IST0108, IST0125 and IST0135: Istio annotations that are unknown, misplaced, invalid or deprecated. */
export const annotationChecks: Analyzer = {
	name: 'annotations.K8sAnalyzer',
	mesh: 'istio',
	codes: ['IST0107', 'IST0108', 'IST0125', 'IST0135'],
	// Workloads too: their pod templates' annotations are checked as a Pod's (Istio reads them on
	// the pods; upstream, run against a cluster, reports them on the pods).
	subjects: [...new Set([...SUBJECTS, ...WORKLOAD_TEMPLATES.keys()])],
	reads: [],
	analyze(r, o) {
		if (o) checkAnnotations(r, o);
	},
};

/** IST0136: Istio annotations whose feature is alpha. */
export const alphaAnnotations: Analyzer = {
	name: 'maturity.AlphaAnalyzer',
	mesh: 'istio',
	codes: ['IST0136'],
	subjects: SUBJECTS,
	reads: [],
	analyze(r, o) {
		if (o) checkAlpha(r, o);
	},
};
