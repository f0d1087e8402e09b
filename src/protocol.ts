// The wire contract between the extension host and the comparison webview. Both sides import
// this file; every message is validated with these schemas on arrival.
import { z } from 'zod';
import type { MatrixView } from './core/matrix';

export type { MatrixCell, MatrixColumn, MatrixView } from './core/matrix';

export const MatrixOptionsSchema = z
	.object({
		meshes: z.array(z.string().max(64)).max(100),
		text: z.string().max(200).optional(),
		categories: z.array(z.string().max(64)).max(50).optional(),
		onlyDifferences: z.boolean().optional(),
		hideRetired: z.boolean().optional(),
	})
	.strict();
export type MatrixOptionsMessage = z.infer<typeof MatrixOptionsSchema>;

export const ExportFormatSchema = z.enum(['markdown', 'csv', 'html']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** Messages the webview sends to the host. */
export const FromWebviewSchema = z.discriminatedUnion('type', [
	/** Sent once the webview listens; carries its restored options, if any. */
	z.object({ type: z.literal('ready'), options: MatrixOptionsSchema.optional() }).strict(),
	/** Sent whenever the user changes a control; the host answers with `view`. */
	z.object({ type: z.literal('query'), options: MatrixOptionsSchema }).strict(),
	/** Sent when the user opens a source link of a cell; the host checks it against the dataset. */
	z.object({ type: z.literal('openSource'), url: z.string().max(2000) }).strict(),
	/** Sent to export the current view to a file (save dialog). */
	z
		.object({
			type: z.literal('export'),
			format: ExportFormatSchema,
			options: MatrixOptionsSchema,
		})
		.strict(),
	/** Sent to copy the current view to the clipboard as Markdown. */
	z.object({ type: z.literal('copyMarkdown'), options: MatrixOptionsSchema }).strict(),
	/** Sent after the table is in the DOM, with how long rendering took (for measurements). */
	z
		.object({
			type: z.literal('rendered'),
			rows: z.number(),
			columns: z.number(),
			ms: z.number(),
		})
		.strict(),
]);
export type FromWebview = z.infer<typeof FromWebviewSchema>;

/** A request to focus part of the matrix, from the tree or a hover link. */
export const FocusSchema = z
	.object({ mesh: z.string().max(64).optional(), feature: z.string().max(64).optional() })
	.strict();
export type Focus = z.infer<typeof FocusSchema>;

/** Messages the host sends to the webview. */
export type ToWebview =
	/** The answer to `ready` and `query`: the computed table and the options it reflects. */
	| { type: 'view'; view: MatrixView; options: MatrixOptionsMessage }
	/** Asks the webview to show a mesh column or a feature row, clearing filters that hide it. */
	| { type: 'focus'; focus: Focus }
	/** A short status line, e.g. "Exported to …". */
	| { type: 'status'; text: string };

/** Validates a message from the host on the webview side (host messages are trusted less than nothing). */
export const ToWebviewSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('view'), view: z.looseObject({}), options: MatrixOptionsSchema }),
	z.object({ type: z.literal('focus'), focus: FocusSchema }),
	z.object({ type: z.literal('status'), text: z.string() }),
]);
