import {
	CHECK_DOCS,
	WorkspaceModel,
	createAnalysis,
	manifestObjects,
	type Level,
	type ParsedObject,
	type Severity,
} from '../core';
import type { LintFile, WorkspaceChecker } from './lint';

const SEVERITY: Record<Level, Severity> = { Error: 'error', Warning: 'warning', Info: 'info' };

/**
 * The objects of each file, from `add` to `check` (which empties it). A Map, not a WeakMap: ten
 * thousand weak entries held through the run make every garbage collection look at each.
 */
const objectsOf = new Map<LintFile, ParsedObject[]>();

/**
 * Cross-resource analysis for `meshlens lint`: every given file goes into one workspace model
 * (as `istioctl analyze a.yaml b.yaml` takes its files as one set), the analyzers run once, and
 * each finding comes back on its file with the resource it is about and the related resources.
 */
export const analysisChecker: WorkspaceChecker = {
	source: 'analysis',
	rules: [...CHECK_DOCS.values()].map((d) => ({
		code: d.code,
		name: d.name,
		severity: SEVERITY[d.level],
		meaning: d.url ? `${d.summary} Upstream reference: ${d.url}` : d.summary,
		fix: d.fix,
	})),
	add(file) {
		// Taken while lint holds the file's parse, so the model costs no second parse.
		objectsOf.set(file, manifestObjects(file.manifest));
	},
	check(files) {
		const model = new WorkspaceModel();
		const byPath = new Map<string, LintFile>();
		model.setAllParsed(
			files.map((f) => {
				byPath.set(f.path, f);
				const objects = objectsOf.get(f) ?? manifestObjects(f.manifest);
				objectsOf.delete(f);
				// A kustomize patch is a partial object: in the files, not in the analysis.
				return { uri: f.path, label: f.display, objects, partial: f.partial };
			}),
		);
		// One run over everything: no reads recorded for re-analysis.
		objectsOf.clear();
		const engine = createAnalysis(model, undefined, { incremental: false });
		engine.runAll();
		const out = engine.all().flatMap((finding) => {
			const file = byPath.get(finding.object.uri);
			if (!file) return [];
			const { lines } = file.manifest;
			return [
				{
					file,
					diagnostic: {
						code: finding.code,
						severity: SEVERITY[finding.level],
						message: finding.message,
						start: lines.offsetAt(finding.range.start),
						end: lines.offsetAt(finding.range.end),
						document: finding.object.documentIndex,
						path: '',
					},
					resource: finding.resource,
					related: finding.related.map((r) => ({
						file: byPath.get(r.uri)?.display ?? r.uri,
						line: r.range.start.line + 1,
						col: r.range.start.character + 1,
						message: r.message,
					})),
				},
			];
		});
		return Promise.resolve(out);
	},
};
