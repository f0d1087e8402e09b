import { parse } from 'yaml';
import * as z from 'zod';
import catalogText from '../../../../data/analysis/istio-annotations.yaml';

/** How Istio's injector checks an annotation's value (data/analysis/istio-annotations.yaml). */
export const ANNOTATION_VALUE_KINDS = [
	'uint32',
	'port',
	'ports',
	'ports-or-wildcard',
	'cidrs',
	'cidrs-or-wildcard',
	'bool',
	'interception-mode',
	'proxy-config',
] as const;
export type AnnotationValueKind = (typeof ANNOTATION_VALUE_KINDS)[number];

const AnnotationSchema = z.strictObject({
	name: z.string().regex(/^[a-z0-9.-]+\/[A-Za-z0-9._-]+$/),
	status: z.enum(['alpha', 'beta', 'stable']),
	resources: z.array(z.string().regex(/^[A-Z][A-Za-z]+$/)).min(1),
	deprecated: z.boolean().optional(),
	hidden: z.boolean().optional(),
	value: z.enum(ANNOTATION_VALUE_KINDS).optional(),
});
export type IstioAnnotation = z.infer<typeof AnnotationSchema>;

const githubAt = /^https:\/\/github\.com\/istio\/(api|istio)\/blob\/[0-9a-f]{40}\//;

export const AnnotationCatalogSchema = z
	.strictObject({
		source: z.string().regex(githubAt, 'a GitHub file of istio/api at a commit'),
		valueSource: z.string().regex(githubAt, 'a GitHub file of istio/istio at a commit'),
		analyzerSource: z.url(),
		asOf: z.iso.date(),
		alwaysIgnored: z.array(z.string()),
		ignoredWithCni: z.array(z.string()),
		annotations: z.array(AnnotationSchema).min(1),
	})
	.superRefine((c, ctx) => {
		const names = new Set<string>();
		for (const a of c.annotations) {
			if (names.has(a.name)) ctx.addIssue({ code: 'custom', message: `${a.name} twice` });
			names.add(a.name);
		}
		for (const n of [...c.alwaysIgnored, ...c.ignoredWithCni])
			if (!names.has(n)) ctx.addIssue({ code: 'custom', message: `${n} is not listed` });
	});
export type AnnotationCatalog = z.infer<typeof AnnotationCatalogSchema>;

/** The catalogue with lookup by name. */
export interface AnnotationIndex {
	readonly catalog: AnnotationCatalog;
	readonly byName: ReadonlyMap<string, IstioAnnotation>;
	readonly alwaysIgnored: ReadonlySet<string>;
	readonly ignoredWithCni: ReadonlySet<string>;
}

/** Parses and validates a catalogue text; throws on a problem (the tests read it this way). */
export function parseAnnotationCatalog(text: string): AnnotationIndex {
	const catalog = AnnotationCatalogSchema.parse(parse(text));
	return {
		catalog,
		byName: new Map(catalog.annotations.map((a) => [a.name, a])),
		alwaysIgnored: new Set(catalog.alwaysIgnored),
		ignoredWithCni: new Set(catalog.ignoredWithCni),
	};
}

let loaded: AnnotationIndex | null | undefined;

/**
 * The bundled catalogue, parsed on first use; undefined when it is broken (the annotation checks
 * then report nothing rather than guess).
 */
export function istioAnnotations(): AnnotationIndex | undefined {
	if (loaded === undefined) {
		try {
			loaded = parseAnnotationCatalog(catalogText);
		} catch {
			loaded = null;
		}
	}
	return loaded ?? undefined;
}

/** The bundled catalogue's text (for tests and the CLI). */
export const ISTIO_ANNOTATIONS_TEXT: string = catalogText;

/**
 * Istio's own annotation namespace, as `istioctl analyze` decides it: any key whose prefix ends
 * with istio.io, plus kubernetes.io/ingress.class, which Istio documents.
 */
export function isIstioAnnotation(key: string): boolean {
	if (key === 'kubernetes.io/ingress.class') return true;
	const slash = key.indexOf('/');
	return (slash < 0 ? key : key.slice(0, slash)).endsWith('istio.io');
}
