import type { Log, ReportingDescriptor } from 'sarif';
import { CODES, codeInfo, type Severity } from '../core';

/** One finding as every output format prints it: 1-based lines and columns, end exclusive. */
export interface LintFinding {
	/** The path as given or found, relative to the working folder, with forward slashes. */
	readonly file: string;
	readonly line: number;
	readonly col: number;
	readonly endLine: number;
	readonly endCol: number;
	readonly severity: Severity;
	readonly code: string;
	readonly message: string;
	/**
	 * A schema finding on an Istio resource: the `istioctl analyze` code of the same problem
	 * (IST0106 schema error, IST0133 schema warning, IST0002 deprecation).
	 */
	readonly upstreamCode?: string;
	/** With `--istio-codes`, where `code` is the upstream code: Meshlens's own code. */
	readonly meshlensCode?: string;
	/** Which checker found it: 'schema' for validation, 'analysis' for cross-resource checks. */
	readonly source: string;
	/** `<Kind> [<namespace>/]<name>` of the document, '' when it has none. */
	readonly resource: string;
	/** Other resources involved (cross-resource analysis): where they are and why. */
	readonly related?: readonly { file: string; line: number; col: number; message: string }[];
}

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type LintFormat = (typeof FORMATS)[number];

/** The code as printed: `ML1001 (IST0106)`, or `IST0106 (ML1001)` with --istio-codes. */
function shownCode(f: LintFinding): string {
	const other = f.upstreamCode ?? f.meshlensCode;
	return other ? `${f.code} (${other})` : f.code;
}

function text(findings: readonly LintFinding[]): string {
	return findings
		.map((f) => `${f.file}:${f.line}:${f.col}: ${f.severity} ${shownCode(f)} ${f.message}\n`)
		.join('');
}

/** GitHub workflow commands: `::error file=…,line=…::message`, escaped as the runner expects. */
function github(findings: readonly LintFinding[]): string {
	const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
	const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
	const level = { error: 'error', warning: 'warning', info: 'notice' } as const;
	return findings
		.map((f) => {
			const props = [
				`file=${prop(f.file)}`,
				`line=${f.line}`,
				`col=${f.col}`,
				`endLine=${f.endLine}`,
				`endColumn=${f.endCol}`,
				`title=${prop(`${shownCode(f)} ${codeInfo(f.meshlensCode ?? f.code)?.name ?? ''}`.trim())}`,
			];
			return `::${level[f.severity]} ${props.join(',')}::${data(f.message)}\n`;
		})
		.join('');
}

/** Extra rule metadata that other check sources (cross-resource analysis) may add for SARIF. */
export interface RuleInfo {
	readonly code: string;
	readonly name: string;
	readonly severity: Severity;
	readonly meaning: string;
	readonly fix: string;
}

const HELP_URI = 'https://github.com/meshlens/meshlens#diagnostics';

/**
 * SARIF 2.1.0: one run, one rule per code that the registry (or another source) knows. Typed with
 * the SARIF object model (@types/sarif), so the compiler checks the structure.
 */
export function sarif(
	findings: readonly LintFinding[],
	version: string,
	extraRules: readonly RuleInfo[] = [],
): Log {
	const rules: RuleInfo[] = [...CODES, ...extraRules];
	for (const f of findings) {
		if (!rules.some((r) => r.code === f.code))
			rules.push({
				code: f.code,
				name: f.code,
				severity: f.severity,
				meaning: f.message,
				fix: '',
			});
	}
	const index = new Map(rules.map((r, i) => [r.code, i]));
	const level = { error: 'error', warning: 'warning', info: 'note' } as const;
	return {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [
			{
				tool: {
					driver: {
						name: 'meshlens',
						informationUri: 'https://github.com/meshlens/meshlens',
						version,
						rules: rules.map((r): ReportingDescriptor => ({
							id: r.code,
							name: r.name,
							shortDescription: { text: r.meaning },
							...(r.fix ? { help: { text: r.fix } } : {}),
							helpUri: `${HELP_URI}`,
							defaultConfiguration: { level: level[r.severity] },
						})),
					},
				},
				originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
				results: findings.map((f) => ({
					ruleId: f.code,
					ruleIndex: index.get(f.code) ?? 0,
					level: level[f.severity],
					message: { text: f.message },
					// The other code of a schema finding on an Istio resource, as a property and a tag.
					...(f.upstreamCode || f.meshlensCode
						? {
								properties: {
									...(f.upstreamCode ? { upstreamCode: f.upstreamCode } : {}),
									...(f.meshlensCode ? { meshlensCode: f.meshlensCode } : {}),
									tags: [f.upstreamCode ?? f.meshlensCode ?? ''],
								},
							}
						: {}),
					locations: [
						{
							physicalLocation: {
								artifactLocation: {
									uri: f.file.split('/').map(encodeURIComponent).join('/'),
									uriBaseId: '%SRCROOT%',
								},
								region: {
									startLine: f.line,
									startColumn: f.col,
									endLine: f.endLine,
									endColumn: f.endCol,
								},
							},
							...(f.resource
								? { logicalLocations: [{ name: f.resource, kind: 'resource' }] }
								: {}),
						},
					],
				})),
			},
		],
	};
}

export function formatFindings(
	format: LintFormat,
	findings: readonly LintFinding[],
	version: string,
	extraRules: readonly RuleInfo[] = [],
): string {
	switch (format) {
		case 'json':
			return `${JSON.stringify(findings, null, 2)}\n`;
		case 'sarif':
			return `${JSON.stringify(sarif(findings, version, extraRules), null, 2)}\n`;
		case 'github':
			return github(findings);
		default:
			return text(findings);
	}
}

/**
 * `meshlens lint --explain <code>`: what a code means and how to fix it; for an istioctl code, the
 * schema codes that report the same problems on Istio resources (`covered`); for a schema code,
 * the istioctl code it answers to there.
 */
export function explainCode(
	info: RuleInfo & { example?: string; upstream?: string },
	covered: readonly { code: string; name: string }[] = [],
): string {
	return [
		`${info.code} ${info.name} (${info.severity})`,
		'',
		info.meaning,
		'',
		`Fix: ${info.fix}`,
		...(info.example ? ['', `Example: ${info.example}`] : []),
		...(info.upstream
			? [
					'',
					`On Istio resources (*.istio.io) istioctl analyze reports this problem as ${info.upstream}; the JSON output carries "upstreamCode": "${info.upstream}", --select/--ignore ${info.upstream} match it and --istio-codes reports it under that code.`,
				]
			: []),
		...(covered.length
			? [
					'',
					`On Istio resources the schema checks report these problems under their own codes, each with "upstreamCode": "${info.code}" (--istio-codes reports them as ${info.code}): ${covered.map((c) => `${c.code} ${c.name}`).join(', ')}.`,
				]
			: []),
		'',
		`Silence it on one line with \`# meshlens-disable-next-line ${info.code}\`, in a document with \`# meshlens-disable ${info.code}\`.`,
		'',
	].join('\n');
}
