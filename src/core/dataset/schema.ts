import * as z from 'zod';
import type { DatasetRelease } from './changelog';

/** The fixed support levels a cell can carry, from best to worst. */
export const SUPPORT_LEVELS = [
	'full',
	'partial',
	'preview',
	'enterprise',
	'none',
	'n/a',
	'unknown',
] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];

export const LIFECYCLE_STATUSES = [
	'active',
	'maintenance',
	'dormant',
	'deprecated',
	'end-of-life',
	'archived',
	'unknown',
] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

const id = z
	.string()
	.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

const httpUrl = z
	.string()
	.url()
	.refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

/** YAML turns an unquoted 2026-01-02 into a Date; accept both and normalise to a string. */
const isoDate = z.preprocess(
	(v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
	z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
		.refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date'),
);

const versionText = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().min(1));

export const CellSchema = z
	.object({
		support: z.enum(SUPPORT_LEVELS),
		value: z.string().min(1).max(80),
		note: z.string().min(1).optional(),
		sources: z.array(httpUrl).min(1, 'needs at least one source URL'),
		asOf: isoDate,
		since: versionText.optional(),
	})
	.strict()
	.superRefine((cell, ctx) => {
		if (cell.support === 'unknown' && !cell.note) {
			ctx.addIssue({
				code: 'custom',
				path: ['note'],
				message: "an 'unknown' cell needs a note saying what was searched",
			});
		}
	});
export type Cell = z.infer<typeof CellSchema>;

export const LifecycleSchema = z
	.object({
		status: z.enum(LIFECYCLE_STATUSES),
		date: isoDate.optional(),
		successor: z.string().min(1).optional(),
		note: z.string().min(1).optional(),
	})
	.strict()
	.superRefine((l, ctx) => {
		if (l.status !== 'active' && l.status !== 'unknown' && !l.date) {
			ctx.addIssue({
				code: 'custom',
				path: ['date'],
				message: `a '${l.status}' lifecycle needs the date it took effect`,
			});
		}
	});
export type Lifecycle = z.infer<typeof LifecycleSchema>;

/**
 * Where a mesh's facts come from first hand: the project's or vendor's own domains (a domain also
 * covers its sub-domains) and GitHub repositories (`owner/name`, or `owner` for a whole
 * organisation). A standards body the file cites (the Gateway API site, the CNCF) is listed too.
 */
export const PrimarySourcesSchema = z
	.object({
		domains: z
			.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a bare domain name'))
			.min(1),
		repositories: z
			.array(
				z
					.string()
					.regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?$/, 'must be owner or owner/name'),
			)
			.default([]),
	})
	.strict();
export type PrimarySources = z.infer<typeof PrimarySourcesSchema>;

/**
 * The newest release and its date. `dateQualifier: on-or-before` marks a date we could only bound
 * (the release was out by then); a product with no public versions at all leaves out the date and
 * says in `note` what was searched.
 */
export const LatestVersionSchema = z
	.object({
		version: versionText,
		date: isoDate.optional(),
		dateQualifier: z.enum(['on', 'on-or-before']).optional(),
		source: httpUrl,
		note: z.string().min(1).optional(),
	})
	.strict()
	.superRefine((v, ctx) => {
		if (!v.date && !v.note) {
			ctx.addIssue({
				code: 'custom',
				path: ['date'],
				message: 'needs the release date, or a note saying what was searched for it',
			});
		}
	});
export type LatestVersion = z.infer<typeof LatestVersionSchema>;

export const ManifestKindSchema = z
	.object({ apiVersion: z.string().min(1), kind: z.string().min(1) })
	.strict();
export type ManifestKind = z.infer<typeof ManifestKindSchema>;

export const MeshSchema = z
	.object({
		id,
		name: z.string().min(1),
		formerNames: z.array(z.string().min(1)).optional(),
		variantOf: id.optional(),
		mode: z.enum(['sidecar', 'ambient', 'sidecarless', 'node-proxy', 'managed']).optional(),
		creators: z.array(z.string().min(1)).min(1),
		vendor: z.string().min(1),
		openSource: z.boolean(),
		license: z.string().min(1),
		governance: z
			.object({
				body: z.string().min(1),
				status: z.enum(['sandbox', 'incubating', 'graduated', 'archived', 'vendor']),
				date: isoDate.optional(),
			})
			.strict(),
		dataPlaneProxy: z.string().min(1),
		basedOn: z.object({ mesh: id, version: versionText.optional() }).strict().optional(),
		lifecycle: LifecycleSchema,
		latestVersion: LatestVersionSchema,
		homepage: httpUrl,
		docs: httpUrl,
		repository: httpUrl.optional(),
		asOf: isoDate,
		sources: z.array(httpUrl).min(1),
		/** Required for the shipped data (a test checks it); optional for workspace additions. */
		primarySources: PrimarySourcesSchema.optional(),
		/**
		 * What kind of product the column is: a service mesh (default) or a service-networking
		 * product compared against meshes, such as Amazon VPC Lattice.
		 */
		kind: z.enum(['mesh', 'service-networking']).optional(),
		manifestKinds: z.array(ManifestKindSchema).default([]),
		cells: z.record(id, CellSchema),
	})
	.strict();
export type Mesh = z.infer<typeof MeshSchema>;

/** A workspace file that patches an existing mesh. */
export const MeshOverrideSchema = MeshSchema.partial()
	.omit({ id: true })
	.extend({ override: id })
	.strict();
export type MeshOverride = z.infer<typeof MeshOverrideSchema>;

export const CategorySchema = z.object({ id, name: z.string().min(1) }).strict();
export type Category = z.infer<typeof CategorySchema>;

export const FeatureSchema = z
	.object({
		id,
		category: id,
		name: z.string().min(1),
		description: z.string().min(1),
	})
	.strict();
export type Feature = z.infer<typeof FeatureSchema>;

export const FeaturesFileSchema = z
	.object({
		categories: z.array(CategorySchema).min(1),
		features: z.array(FeatureSchema).min(1),
	})
	.strict();
export type FeaturesFile = z.infer<typeof FeaturesFileSchema>;

/** The validated, merged dataset every face of Meshlens reads. */
export interface Dataset {
	/** The newest `asOf` date found in any mesh or cell. */
	readonly asOf: string;
	/** The dataset release (newest entry of data/changelog.yaml), e.g. "2.0.0". */
	readonly version?: string;
	/** What each dataset release changed, newest first; empty without a changelog. */
	readonly releases?: readonly DatasetRelease[];
	readonly categories: readonly Category[];
	readonly features: readonly Feature[];
	readonly meshes: readonly Mesh[];
}
