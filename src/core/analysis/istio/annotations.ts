import type { WorkspaceObject } from '../../workspace/model';
import { annotationsOf, labelsOf, listAt, stringAt, T } from '../../workspace/resolve';
import type { Analyzer, Reporter } from '../types';
import { isIstioAnnotation, istioAnnotations } from './annotationCatalog';
import { invalidAnnotationValue } from './annotationValues';

/** The kinds whose own annotations `istioctl analyze` checks (not their pod templates). */
const SUBJECTS = [T.Namespace, T.Service, T.Pod, T.Deployment];

const INJECT = 'sidecar.istio.io/inject';

function annotationPath(key: string): (string | number)[] {
	return ['metadata', 'annotations', key];
}

/** Istio annotations of an object, in file order, with their values. */
function istioAnnotationsOf(o: WorkspaceObject): [string, string][] {
	return Object.entries(annotationsOf(o)).filter(([k]) => isIstioAnnotation(k));
}

function checkAnnotations(r: Reporter, o: WorkspaceObject): void {
	const index = istioAnnotations();
	if (!index) return;
	for (const [key, value] of istioAnnotationsOf(o)) {
		if (index.alwaysIgnored.has(key)) continue;
		const def = index.byName.get(key);
		const at = annotationPath(key);
		if (!def) {
			r.report(
				'IST0108',
				o,
				at,
				`Unknown annotation ${key}: Istio defines no annotation of that name, so it has no effect (a typo?).`,
				{ part: 'key' },
			);
			continue;
		}
		if (def.deprecated && !(key === INJECT && INJECT in labelsOf(o))) {
			const instead = key === INJECT ? ' Use the sidecar.istio.io/inject label instead.' : '';
			r.report(
				'IST0135',
				o,
				at,
				`Annotation ${key} is deprecated and may stop working in a later Istio release.${instead}`,
				{ part: 'key' },
			);
		}
		if (def.resources.includes('Any')) continue;
		if (!def.resources.includes(o.kind)) {
			r.report(
				'IST0107',
				o,
				at,
				`Annotation ${key} has no effect on a ${o.kind}: Istio reads it on ${def.resources.join(', ')}.`,
				{ part: 'key' },
			);
			continue;
		}
		const problem = def.value && invalidAnnotationValue(def.value, value);
		if (problem) {
			r.report(
				'IST0125',
				o,
				at,
				`Invalid value '${value}' for annotation ${key}: ${problem}.`,
				{ part: 'value' },
			);
		}
	}
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
	subjects: SUBJECTS,
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
