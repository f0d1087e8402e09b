// The wire contract between the extension host and the comparison webview. Both sides import
// this file; every message is validated with these schemas on arrival. It uses zod's "mini"
// build, which keeps the webview bundle small.
import * as z from 'zod/mini';
import type { Choice, MatrixView } from './core';

export type { Choice, ChoiceReason, MatrixCell, MatrixColumn, MatrixView } from './core';
/*
 * Behaviour shared with the webview is taken from its own modules, not the core's index: the
 * index evaluates every module of the core (zod schemas, the yaml parser), which would grow the
 * webview bundle from ~140 KB to ~600 KB (test/unit/bundle.test.ts guards it).
 */
/** The column-order rule, shared so the webview reorders exactly as the tested core does. */
// eslint-disable-next-line meshlens/boundaries -- deep import, for the webview's size.
export { moveColumn } from './core/compare/matrix';
/** How the detail panel lists a cell's facts and sources, shared so both are unit-tested. */
// eslint-disable-next-line meshlens/boundaries -- deep import, for the webview's size.
export { cellFacts, sourceDisplay } from './core/compare/detail';
/** The conversions a cell's detail offers, shared so the webview lists exactly the tested ones. */
// eslint-disable-next-line meshlens/boundaries -- deep import, for the webview's size.
export { conversionRoutes, type ConversionRoute } from './core/compare/conversions';

const id = z.string().check(z.maxLength(64));

/** How tightly the table is drawn: `compact` fits twice as many meshes on a screen. */
export const DensitySchema = z.enum(['comfortable', 'compact']);
export type Density = z.infer<typeof DensitySchema>;
/** The `meshlens.comparison.density` setting: `auto` is compact when the panel is narrow. */
export const DensitySettingSchema = z.enum(['auto', 'comfortable', 'compact']);
export type DensitySetting = z.infer<typeof DensitySettingSchema>;

export const MatrixOptionsSchema = z.strictObject({
	meshes: z.array(id).check(z.maxLength(100)),
	text: z.optional(z.string().check(z.maxLength(200))),
	categories: z.optional(z.array(id).check(z.maxLength(50))),
	onlyDifferences: z.optional(z.boolean()),
	hideRetired: z.optional(z.boolean()),
	/** The density the user picked in the view; when missing, the setting decides. */
	density: z.optional(DensitySchema),
	/** Highlight the cells changed after this dataset version, e.g. "1.0.0". */
	changedSince: z.optional(z.string().check(z.maxLength(20))),
});
export type MatrixOptionsMessage = z.infer<typeof MatrixOptionsSchema>;

/** A "Which mesh fits?" requirement set, as the webview keeps it and the host checks it. */
export const ChooseRequestSchema = z.strictObject({
	require: z
		.array(z.strictObject({ feature: id, least: z.enum(['full', 'partial', 'preview']) }))
		.check(z.maxLength(100)),
	openSourceOnly: z.optional(z.boolean()),
	excludeRetired: z.optional(z.boolean()),
	allowEnterprise: z.optional(z.boolean()),
	noSidecars: z.optional(z.boolean()),
	platforms: z.optional(
		z.array(z.enum(['kubernetes', 'vms', 'nomad', 'ecs'])).check(z.maxLength(4)),
	),
});
export type ChooseRequest = z.infer<typeof ChooseRequestSchema>;

/** The host's answer to a `choose` request: the ranked meshes and what the pickers need. */
export interface ChoiceView {
	readonly asOf: string;
	readonly features: readonly { id: string; name: string; category: string }[];
	readonly choices: readonly Choice[];
}

export const ExportFormatSchema = z.enum(['markdown', 'csv', 'html']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** Messages the webview sends to the host. */
export const FromWebviewSchema = z.discriminatedUnion('type', [
	/** Sent once the webview listens; carries its restored options, if any. */
	z.strictObject({ type: z.literal('ready'), options: z.optional(MatrixOptionsSchema) }),
	/** Sent whenever the user changes a control; the host answers with `view`. */
	z.strictObject({ type: z.literal('query'), options: MatrixOptionsSchema }),
	/** Sent when the user opens a source link of a cell; the host checks it against the dataset. */
	z.strictObject({ type: z.literal('openSource'), url: z.string().check(z.maxLength(2000)) }),
	/** Runs Meshlens: Convert Mesh Resources… to that target (from a cell's detail). */
	z.strictObject({
		type: z.literal('convert'),
		target: z.enum(['gateway-api', 'istio', 'istio-ambient', 'linkerd', 'cilium']),
	}),
	/** Sent to export the current view to a file (save dialog). */
	z.strictObject({
		type: z.literal('export'),
		format: ExportFormatSchema,
		options: MatrixOptionsSchema,
	}),
	/** Sent to copy the current view to the clipboard as Markdown. */
	z.strictObject({ type: z.literal('copyMarkdown'), options: MatrixOptionsSchema }),
	/** "Which mesh fits?": rank the meshes against a requirement set; the host answers `choice`. */
	z.strictObject({ type: z.literal('choose'), request: ChooseRequestSchema }),
	/** Copies the ranking for a requirement set to the clipboard as Markdown. */
	z.strictObject({ type: z.literal('copyChoice'), request: ChooseRequestSchema }),
	/** Sent after the table is in the DOM, with how long rendering took (for measurements). */
	z.strictObject({
		type: z.literal('rendered'),
		rows: z.number(),
		columns: z.number(),
		ms: z.number(),
		/** Milliseconds since the webview's document arrived (its navigation's responseEnd). */
		page: z.optional(z.number()),
	}),
]);
export type FromWebview = z.infer<typeof FromWebviewSchema>;

/** A request to focus part of the matrix, from the tree or a hover link. */
export const FocusSchema = z.strictObject({ mesh: z.optional(id), feature: z.optional(id) });
export type Focus = z.infer<typeof FocusSchema>;

/** Messages the host sends to the webview. */
export type ToWebview =
	/** The answer to `ready` and `query`: the computed table and the options it reflects. */
	| { type: 'view'; view: MatrixView; options: MatrixOptionsMessage; density?: DensitySetting }
	/** Asks the webview to show a mesh column or a feature row, clearing filters that hide it. */
	| { type: 'focus'; focus: Focus }
	/** The ranking for the requirement set the webview sent (echoed back). */
	| { type: 'choice'; view: ChoiceView; request: ChooseRequest }
	/** The requirement set stated last, kept after its panel closed; ranked only when shown. */
	| { type: 'savedChoice'; request: ChooseRequest }
	/** A short status line, e.g. "Exported to …". */
	| { type: 'status'; text: string };

/** Validates a message from the host on the webview side: the webview checks what it receives too. */
export const ToWebviewSchema = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('view'),
		view: z.looseObject({}),
		options: MatrixOptionsSchema,
		density: z.optional(DensitySettingSchema),
	}),
	z.object({ type: z.literal('focus'), focus: FocusSchema }),
	z.object({ type: z.literal('status'), text: z.string() }),
	z.object({ type: z.literal('savedChoice'), request: ChooseRequestSchema }),
	z.object({
		type: z.literal('choice'),
		view: z.looseObject({
			asOf: z.string(),
			features: z.array(z.looseObject({})),
			choices: z.array(z.looseObject({})),
		}),
		request: ChooseRequestSchema,
	}),
]);
