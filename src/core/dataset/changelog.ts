import * as z from 'zod';
import { compareVersions } from './changes';
import { SUPPORT_LEVELS, type SupportLevel } from './schema';

/**
 * The dataset's own changelog (`data/changelog.yaml`): each dataset release lists the cells it
 * added, changed or retired, with the old and the new value. The matrix highlights the changes
 * since the version a user last opened, and `meshlens compare --changed-since` lists them.
 */

const isoDate = z.preprocess(
	(v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
	z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'),
);

const CellStateSchema = z
	.object({ support: z.enum(SUPPORT_LEVELS), value: z.string().min(1) })
	.strict();
export type CellState = z.infer<typeof CellStateSchema>;

export const CHANGE_KINDS = ['added', 'changed', 'retired'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CellChangeSchema = z
	.object({
		mesh: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
		/** A feature id, or a top-level fact such as `lifecycle` or `latestVersion`. */
		feature: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9-]*$/),
		kind: z.enum(CHANGE_KINDS),
		old: CellStateSchema.optional(),
		new: CellStateSchema.optional(),
		/** Why, in our words (e.g. "source replaced", "re-checked"). */
		reason: z.string().min(1).optional(),
	})
	.strict()
	.superRefine((c, ctx) => {
		if (c.kind !== 'added' && !c.old)
			ctx.addIssue({
				code: 'custom',
				path: ['old'],
				message: `a '${c.kind}' change needs the old value`,
			});
		if (c.kind !== 'retired' && !c.new)
			ctx.addIssue({
				code: 'custom',
				path: ['new'],
				message: `a '${c.kind}' change needs the new value`,
			});
	});
export type CellChange = z.infer<typeof CellChangeSchema>;

export const DatasetReleaseSchema = z
	.object({
		version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version like 2.0.0'),
		date: isoDate,
		summary: z.string().min(1),
		changes: z.array(CellChangeSchema).default([]),
	})
	.strict();
export type DatasetRelease = z.infer<typeof DatasetReleaseSchema>;

export const ChangelogSchema = z
	.object({ releases: z.array(DatasetReleaseSchema).min(1) })
	.strict()
	.superRefine((log, ctx) => {
		for (let i = 1; i < log.releases.length; i++) {
			const newer = log.releases[i - 1];
			const older = log.releases[i];
			if (newer && older && compareVersions(newer.version, older.version) <= 0) {
				ctx.addIssue({
					code: 'custom',
					path: ['releases', i, 'version'],
					message: 'releases must be listed newest first',
				});
			}
		}
	});
export type Changelog = z.infer<typeof ChangelogSchema>;

export {
	cellStateText,
	changeKey,
	changesSince,
	compareVersions,
	type DatedChange,
} from './changes';

export type { SupportLevel };
