import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/cli/io';
import { codeMatcher } from '../../src/cli/codeSelect';
import { catalogFromDir } from '../../src/cli/data';
import { globMatcher } from '../../src/cli/files';
import { lint, parseLintArgs, runLint, type WorkspaceChecker } from '../../src/cli/lint';
import { CHECK_DOCS, CODES, kustomizationPatchFiles } from '../../src/core';
import { catalog, DATA_DIR, ROOT } from './helpers';

const DR = (name: string, body: string) =>
	`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n${body}`;

/** A small tree: errors, a warning, a clean file, a non-mesh file, a kustomize patch, excluded junk. */
function tree(): string {
	const dir = mkdtempSync(join(tmpdir(), 'meshlens-lint-'));
	const w = (path: string, text: string) => {
		mkdirSync(join(dir, path, '..'), { recursive: true });
		writeFileSync(join(dir, path), text);
	};
	w(
		'istio/bad.yaml',
		DR('bad', '  host: r\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBBIN\n'),
	);
	w(
		'istio/old.yaml',
		DR(
			'old',
			'  host: r\n  trafficPolicy:\n    loadBalancer:\n      warmupDurationSecs: "10s"\n',
		),
	);
	w('istio/ok.yml', DR('ok', '  host: r\n'));
	w(
		'app/deploy.yaml',
		'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  bogus: 1\n',
	);
	w('overlay/kustomization.yaml', 'resources: [../istio]\npatches:\n  - path: patch.yaml\n');
	w(
		'overlay/patch.yaml',
		DR('bad', '  trafficPolicy:\n    loadBalancer:\n      simple: RANDOM\n'),
	);
	w('vendor/junk.yaml', DR('junk', '  nope: 1\n'));
	w('node_modules/x/junk.yaml', DR('junk', '  nope: 1\n'));
	return dir;
}

async function run(cwd: string, args: string[]) {
	let out = '';
	let err = '';
	try {
		const code = await lint({
			args,
			dataDir: DATA_DIR,
			cwd,
			stdout: (t) => (out += t),
			stderr: (t) => (err += t),
		});
		return { code, out, err };
	} catch (e) {
		if (e instanceof UsageError) return { code: 2, out, err: e.message };
		throw e;
	}
}

describe('meshlens lint', () => {
	const dir = tree();
	it('prints file:line:col: severity code message and exits 1 on errors', async () => {
		const { code, out, err } = await run(dir, ['.', '--exclude', 'vendor/']);
		assert.equal(code, 1);
		assert.equal(
			out,
			[
				'istio/bad.yaml:10:15: error ML1003 (IST0106) spec.trafficPolicy.loadBalancer.simple: "ROUND_ROBBIN" is not an allowed value; allowed: UNSPECIFIED, LEAST_CONN, RANDOM, PASSTHROUGH, ROUND_ROBIN, LEAST_REQUEST',
				'istio/old.yaml:10:7: warning ML4001 (IST0002) spec.trafficPolicy.loadBalancer.warmupDurationSecs: "warmupDurationSecs" is deprecated; use "warmup"',
				'',
			].join('\n'),
		);
		// The kustomize patch lacks spec.host but is a partial object; node_modules is never walked.
		assert.match(err, /6 files checked: 1 error, 1 warning/);
	});
	it('JSON: the documented fields, 1-based, with source and resource', async () => {
		const { code, out } = await run(dir, ['istio', '--format', 'json']);
		assert.equal(code, 1);
		const json = JSON.parse(out) as Record<string, unknown>[];
		assert.equal(json.length, 2);
		assert.deepEqual(json[0], {
			file: 'istio/bad.yaml',
			line: 10,
			col: 15,
			endLine: 10,
			endCol: 27,
			severity: 'error',
			code: 'ML1003',
			message:
				'spec.trafficPolicy.loadBalancer.simple: "ROUND_ROBBIN" is not an allowed value; allowed: UNSPECIFIED, LEAST_CONN, RANDOM, PASSTHROUGH, ROUND_ROBIN, LEAST_REQUEST',
			upstreamCode: 'IST0106',
			source: 'schema',
			resource: 'DestinationRule shop/bad',
		});
	});
	it('SARIF 2.1.0 with the structure code scanning needs', async () => {
		const { out } = await run(dir, ['istio', '--format', 'sarif']);
		const log = JSON.parse(out) as {
			version: string;
			$schema: string;
			runs: {
				tool: {
					driver: {
						name: string;
						version: string;
						rules: {
							id: string;
							shortDescription: { text: string };
							defaultConfiguration: { level: string };
						}[];
					};
				};
				results: {
					ruleId: string;
					ruleIndex: number;
					level: string;
					message: { text: string };
					locations: {
						physicalLocation: {
							artifactLocation: { uri: string; uriBaseId: string };
							region: Record<string, number>;
						};
					}[];
				}[];
			}[];
		};
		assert.equal(log.version, '2.1.0');
		assert.match(log.$schema, /sarif-2\.1\.0/);
		assert.equal(log.runs.length, 1);
		const run0 = log.runs[0]!;
		assert.equal(run0.tool.driver.name, 'meshlens');
		assert.match(run0.tool.driver.version, /^\d+\.\d+\.\d+/);
		// The schema codes, then the cross-resource analysis codes.
		assert.equal(run0.tool.driver.rules.length, CODES.length + CHECK_DOCS.size);
		for (const r of run0.tool.driver.rules) {
			assert.match(r.id, /^(ML\d{4}|IST\d{4}|MLG\d{3}|MLL\d{3})$/);
			assert.ok(r.shortDescription.text.length > 0);
			assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
		}
		assert.equal(run0.results.length, 2);
		for (const res of run0.results) {
			assert.equal(run0.tool.driver.rules[res.ruleIndex]?.id, res.ruleId);
			assert.ok(['error', 'warning', 'note'].includes(res.level));
			assert.ok(res.message.text.length > 0);
			const loc = res.locations[0]!.physicalLocation;
			assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
			assert.match(loc.artifactLocation.uri, /^istio\/(bad|old)\.yaml$/);
			for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn'])
				assert.ok(Number.isInteger(loc.region[k]) && (loc.region[k] ?? 0) >= 1, k);
		}
	});
	it('github: workflow-command annotations', async () => {
		const { out } = await run(dir, ['istio', '--format', 'github']);
		const lines = out.trim().split('\n');
		assert.equal(lines.length, 2);
		assert.match(
			lines[0] ?? '',
			/^::error file=istio\/bad\.yaml,line=10,col=15,endLine=10,endColumn=27,title=ML1003 \(IST0106\) invalid-enum::spec\./,
		);
		assert.match(lines[1] ?? '', /^::warning file=istio\/old\.yaml,line=10,col=7,/);
	});
	it('--select/--ignore by code, name or prefix; --max-warnings', async () => {
		assert.equal((await run(dir, ['istio', '--ignore', 'ML1003'])).code, 0);
		assert.equal(
			(await run(dir, ['istio', '--ignore', 'invalid-enum', '--max-warnings', '0'])).code,
			1,
		);
		assert.equal((await run(dir, ['istio', '--ignore', 'ML1', '--max-warnings', '1'])).code, 0);
		const only = await run(dir, ['istio', '--select', 'ML4', '--format', 'json']);
		assert.deepEqual(
			(JSON.parse(only.out) as { code: string }[]).map((f) => f.code),
			['ML4001'],
		);
		assert.equal(only.code, 0);
	});
	it('clean files exit 0; explicit files are linted even with unusual names', async () => {
		const r = await run(dir, ['istio/ok.yml', 'app/deploy.yaml']);
		assert.equal(r.code, 0);
		assert.equal(r.out, '');
	});
	it('the repository samples (Helm chart included) pass schema validation', async () => {
		// Schema codes only: cross-resource analysis may note references to files not in samples/.
		const r = await run(ROOT, ['samples', '--select', 'ML1,ML2,ML4,ML9']);
		assert.equal(r.out, '');
		assert.equal(r.code, 0);
		assert.match(r.err, /files checked: 0 errors, 0 warnings/);
	});
	it('a kustomize patch given alone is still partial', async () => {
		assert.equal((await run(dir, ['overlay/patch.yaml'])).code, 0);
		assert.equal((await run(dir, ['vendor/junk.yaml'])).code, 1);
	});
	it('bad usage exits 2', async () => {
		assert.equal((await run(dir, [])).code, 2);
		assert.equal((await run(dir, ['.', '--format', 'xml'])).code, 2);
		assert.equal((await run(dir, ['.', '--max-warnings', '-1'])).code, 2);
		assert.equal((await run(dir, ['.', '--wat'])).code, 2);
		assert.equal((await run(dir, ['nope/'])).code, 2);
		assert.equal((await run(dir, ['--explain', 'ML0000'])).code, 2);
	});
	it('--explain prints the meaning and the fix', async () => {
		const r = await run(dir, ['--explain', 'unknown-field']);
		assert.equal(r.code, 0);
		assert.match(r.out, /^ML1001 unknown-field \(error\)/);
		assert.match(r.out, /Fix: /);
	});
	it('workspace checkers see every file at once and share suppression and formats', async () => {
		const seen: string[] = [];
		const checker: WorkspaceChecker = {
			source: 'analysis',
			check(files) {
				seen.push(...files.map((f) => f.display));
				const bad = files.find((f) => f.display === 'istio/ok.yml');
				if (!bad) return Promise.resolve([]);
				return Promise.resolve([
					{
						file: bad,
						diagnostic: {
							code: 'MLX001',
							severity: 'warning',
							message: 'cross-file finding',
							start: 0,
							end: 10,
							document: 0,
							path: '',
						},
					},
				]);
			},
		};
		const result = await runLint(dir, catalog, { paths: ['istio'] }, [checker]);
		assert.deepEqual(seen, ['istio/bad.yaml', 'istio/ok.yml', 'istio/old.yaml']);
		const f = result.findings.find((x) => x.code === 'MLX001');
		assert.equal(f?.source, 'analysis');
		assert.equal(f?.resource, 'DestinationRule shop/ok');
		assert.equal(f?.line, 1);
	});
});

describe('lint: checkers and --select', () => {
	it('does not run a checker none of whose codes is selected', async () => {
		let calls = 0;
		const checker: WorkspaceChecker = {
			source: 'analysis',
			rules: [{ code: 'MLX001', name: 'x', severity: 'warning', meaning: 'm', fix: 'f' }],
			add() {
				calls++;
			},
			check() {
				calls++;
				return Promise.resolve([]);
			},
		};
		const dir = join(ROOT, 'samples');
		await runLint(dir, catalog, { paths: ['istio'], select: ['ML1'] }, [checker]);
		assert.equal(calls, 0);
		await runLint(dir, catalog, { paths: ['istio'], ignore: ['MLX'] }, [checker]);
		assert.equal(calls, 0);
		await runLint(dir, catalog, { paths: ['istio'], select: ['ML1', 'MLX'] }, [checker]);
		assert.ok(calls > 1, `${calls} calls`);
	});
});

describe('lint: --select/--ignore match whole codes and code families', () => {
	const known = [...CODES, ...[...CHECK_DOCS.values()]];
	const all = known.map((k) => k.code);
	const pick = (items: string[]) => all.filter(codeMatcher(items, known));
	it('a family prefix is the letters of a code and some of its leading digits', () => {
		const schema = CODES.map((c) => c.code);
		assert.deepEqual(pick(['ML']), schema);
		assert.deepEqual(pick(['ml']), schema);
		assert.ok(pick(['MLG']).length > 0);
		assert.ok(pick(['MLG']).every((c) => /^MLG\d+$/.test(c)));
		assert.ok(pick(['MLL']).every((c) => /^MLL\d+$/.test(c)));
		assert.deepEqual(
			pick(['ML1']),
			schema.filter((c) => c.startsWith('ML1')),
		);
		assert.deepEqual(pick(['ML1*']), pick(['ML1']));
		assert.deepEqual(pick(['ML*']), schema);
		assert.deepEqual(
			pick(['IST010']),
			all.filter((c) => /^IST010\d$/.test(c)),
		);
		assert.ok(pick(['IST010']).includes('IST0101'));
		assert.deepEqual(pick(['MLG001']), ['MLG001']);
	});
	it('codes and names (any case) select exactly that code', () => {
		assert.deepEqual(pick(['ML1003']), ['ML1003']);
		assert.deepEqual(pick(['invalid-enum']), ['ML1003']);
		assert.deepEqual(pick(['parentgatewaynotfound']), ['MLG001']);
		assert.deepEqual(pick(['ReferencedResourceNotFound']), ['IST0101']);
	});
	it('an item that matches no code Meshlens reports is a usage error', () => {
		for (const item of ['M', 'ML1O03', 'MLX', 'IST9', 'ML1003x', 'no-such-rule', '*'])
			assert.throws(() => codeMatcher([item], known), UsageError, item);
	});

	// A schema error (ML1003) and a route whose parent Gateway is missing (Gateway API analysis).
	const dir = mkdtempSync(join(tmpdir(), 'meshlens-select-'));
	writeFileSync(
		join(dir, 'dr.yaml'),
		DR('dr', '  host: r\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBBIN\n'),
	);
	writeFileSync(
		join(dir, 'route.yaml'),
		'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\n  namespace: shop\nspec:\n  parentRefs: [{ name: edge, namespace: infra }]\n',
	);
	const codes = async (args: string[]) => {
		const r = await run(dir, ['.', '--format', 'json', ...args]);
		return [...new Set((JSON.parse(r.out) as { code: string }[]).map((f) => f.code))].sort();
	};
	it('--select ML keeps the schema codes only, --select MLG the Gateway API codes only', async () => {
		const every = await codes([]);
		assert.ok(every.includes('ML1003') && every.includes('MLG001'), every.join());
		assert.deepEqual(await codes(['--select', 'ML']), ['ML1003']);
		assert.deepEqual(await codes(['--select', 'ML*']), ['ML1003']);
		assert.deepEqual(await codes(['--select', 'MLG']), ['MLG001']);
		assert.deepEqual(await codes(['--select', 'MLG001,ML1']), ['ML1003', 'MLG001']);
	});
	it('--ignore ML drops the schema codes only, --ignore MLG the Gateway API codes only', async () => {
		const every = await codes([]);
		assert.deepEqual(
			await codes(['--ignore', 'ML']),
			every.filter((c) => c !== 'ML1003'),
		);
		assert.deepEqual(
			await codes(['--ignore', 'MLG']),
			every.filter((c) => !c.startsWith('MLG')),
		);
		assert.deepEqual(await codes(['--select', 'ML,MLG', '--ignore', 'ML1003']), ['MLG001']);
	});
	it('an unknown code or prefix exits 2', async () => {
		assert.equal((await run(dir, ['.', '--select', 'MLX'])).code, 2);
		assert.equal((await run(dir, ['.', '--ignore', 'ML1O03'])).code, 2);
	});
});

describe('lint helpers', () => {
	it('gitignore-style globs', () => {
		const m = (p: string, path: string) => globMatcher(p)(path);
		assert.equal(m('vendor/', 'vendor/a/b.yaml'), true);
		assert.equal(m('vendor', 'x/vendor/b.yaml'), true);
		assert.equal(m('/vendor', 'x/vendor/b.yaml'), false);
		assert.equal(m('*.tmpl.yaml', 'a/b/c.tmpl.yaml'), true);
		assert.equal(m('charts/**/templates', 'charts/a/b/templates/x.yaml'), true);
		assert.equal(m('charts/*/x.yaml', 'charts/a/b/x.yaml'), false);
		assert.equal(m('a?.yaml', 'ab.yaml'), true);
	});
	it('reads kustomization patch paths', () => {
		assert.deepEqual(
			kustomizationPatchFiles(
				'patchesStrategicMerge:\n- p1.yaml\n- |\n  inline: x\npatches:\n- path: p2.yaml\n  target: {kind: X}\n- patch: |-\n    - op: add\npatchesJson6902:\n- path: j.yaml\n',
			),
			['p1.yaml', 'p2.yaml', 'j.yaml'],
		);
		assert.deepEqual(kustomizationPatchFiles('[: bad'), []);
	});
	it('parses repeated and comma-separated options', () => {
		const a = parseLintArgs([
			'a',
			'--exclude',
			'x/',
			'--exclude=y',
			'--select',
			'ML1,ML4',
			'b',
		]);
		assert.deepEqual(a.paths, ['a', 'b']);
		assert.deepEqual(a.excludes, ['x/', 'y']);
		assert.deepEqual(a.select, ['ML1', 'ML4']);
		assert.throws(() => parseLintArgs(['--select']), UsageError);
	});
});

describe('meshlens lint: cross-resource analysis', () => {
	const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v3
`;
	it('analyses all given files as one set: JSON with source, upstream code, resource and related', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'meshlens-analysis-'));
		writeFileSync(join(dir, 'vs.yaml'), VS);
		writeFileSync(
			join(dir, 'dr.yaml'),
			DR(
				'reviews',
				'  host: reviews\n  subsets:\n  - name: v1\n    labels: { version: v1 }\n',
			),
		);
		const { code, out } = await run(dir, ['--format', 'json', '.']);
		assert.equal(code, 1);
		const findings = JSON.parse(out) as {
			code: string;
			source: string;
			resource: string;
			file: string;
			line: number;
			related?: { file: string; line: number }[];
		}[];
		const subset = findings.find((f) => f.code === 'IST0101' && f.source === 'analysis');
		assert.ok(subset, out);
		assert.equal(subset.resource, 'VirtualService shop/reviews');
		assert.equal(subset.file, 'vs.yaml');
		assert.equal(subset.line, 12);
		assert.deepEqual(
			subset.related?.map((r) => [r.file, r.line]),
			[['dr.yaml', 9]],
		);
		// One file alone: the DestinationRule may live elsewhere, so it is only a hint (exit 0).
		const alone = await run(dir, ['--format', 'json', 'vs.yaml']);
		assert.equal(alone.code, 0);
		const hint = (JSON.parse(alone.out) as { code: string; severity: string }[]).find(
			(f) => f.code === 'IST0101',
		);
		assert.equal(hint?.severity, 'info');
	});

	it('--explain knows the analysis codes, with the upstream reference', async () => {
		const { code, out } = await run(process.cwd(), ['--explain', 'IST0101']);
		assert.equal(code, 0);
		assert.match(out, /^IST0101 ReferencedResourceNotFound \(error\)/);
		assert.match(out, /istio\.io\/latest\/docs\/reference\/config\/analysis\/ist0101\//);
	});
});

describe('meshlens lint: the istioctl codes of schema findings on Istio resources', () => {
	const dir = tree();
	// A Linkerd resource with an unknown field: a schema finding without an istioctl code.
	writeFileSync(
		join(dir, 'istio', 'server.yaml'),
		'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector: { matchLabels: { app: web } }\n  port: 80\n  bogus: 1\n',
	);
	type Json = { code: string; message: string; upstreamCode?: string; meshlensCode?: string }[];
	const json = async (...args: string[]) =>
		JSON.parse((await run(dir, ['istio', '--format', 'json', ...args])).out) as Json;

	it('JSON carries upstreamCode on Istio resources only', async () => {
		const out = await json();
		assert.deepEqual(
			out.map((f) => [f.code, f.upstreamCode]),
			[
				['ML1003', 'IST0106'],
				['ML4001', 'IST0002'],
				['ML1001', undefined],
			],
		);
	});
	it('--select and --ignore match the istioctl code', async () => {
		assert.deepEqual(
			(await json('--select', 'IST0106')).map((f) => f.code),
			['ML1003'],
		);
		assert.deepEqual(
			(await json('--select', 'IST0002')).map((f) => f.code),
			['ML4001'],
		);
		assert.deepEqual(
			(await json('--ignore', 'IST0106,IST0002')).map((f) => f.code),
			['ML1001'],
		);
	});
	it('--istio-codes reports them as istioctl does, with our code beside', async () => {
		const out = await json('--istio-codes');
		assert.deepEqual(
			out.map((f) => [f.code, f.meshlensCode, f.message.split(':')[0]]),
			[
				['IST0106', 'ML1003', 'Schema validation error'],
				['IST0002', 'ML4001', 'Deprecated'],
				['ML1001', undefined, 'spec.bogus'],
			],
		);
		assert.ok(out.every((f) => f.upstreamCode === undefined));
		const text = await run(dir, ['istio', '--istio-codes']);
		assert.match(
			text.out,
			/^istio\/bad\.yaml:10:15: error IST0106 \(ML1003\) Schema validation error: spec\.trafficPolicy/m,
		);
		assert.throws(() => parseLintArgs(['x', '--istio-codes=yes']), UsageError);
	});
	it('text, github and SARIF show the istioctl code', async () => {
		assert.match((await run(dir, ['istio'])).out, /error ML1003 \(IST0106\) spec\./);
		const gh = (await run(dir, ['istio', '--format', 'github'])).out;
		assert.match(gh, /title=ML4001 \(IST0002\) deprecated-field::/);
		const log = JSON.parse((await run(dir, ['istio', '--format', 'sarif'])).out) as {
			runs: {
				results: {
					ruleId: string;
					properties?: { upstreamCode?: string; tags?: string[] };
				}[];
			}[];
		};
		const results = log.runs[0]?.results ?? [];
		const ml1003 = results.find((r) => r.ruleId === 'ML1003');
		assert.deepEqual(ml1003?.properties, { upstreamCode: 'IST0106', tags: ['IST0106'] });
		assert.equal(results.find((r) => r.ruleId === 'ML1001')?.properties, undefined);
	});
	it('--explain IST0106/IST0133 names the schema codes they cover, and ML codes their istioctl code', async () => {
		const ist0106 = (await run(dir, ['--explain', 'IST0106'])).out;
		assert.match(ist0106, /^IST0106 SchemaValidationError \(error\)/);
		for (const c of CODES.filter((x) => x.upstream === 'IST0106'))
			assert.ok(ist0106.includes(`${c.code} ${c.name}`), c.code);
		assert.match((await run(dir, ['--explain', 'ist0133'])).out, /ML2002 unknown-version/);
		assert.match(
			(await run(dir, ['--explain', 'IST0002'])).out,
			/ML4001 deprecated-field, ML4002/,
		);
		assert.match(
			(await run(dir, ['--explain', 'ML1003'])).out,
			/istioctl analyze reports this problem as IST0106/,
		);
		assert.doesNotMatch((await run(dir, ['--explain', 'ML9001'])).out, /istioctl/);
	});
});

describe('meshlens lint: one finding per problem', () => {
	it('an analysis finding that repeats a schema finding (same place, same istioctl code) is dropped', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'meshlens-lint-dup-'));
		writeFileSync(
			join(dir, 'vs.yaml'),
			'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n  namespace: shop\nspec:\n  hosts: [r]\n  http:\n  - fault: { delay: { percent: 50, fixedDelay: 1s } }\n    route: [{ destination: { host: r } }]\n',
		);
		const out = JSON.parse((await run(dir, ['.', '--format', 'json'])).out) as {
			code: string;
			line: number;
			source: string;
			upstreamCode?: string;
		}[];
		const onPercent = out.filter(
			(f) => f.line === 9 && (f.upstreamCode ?? f.code) === 'IST0002',
		);
		assert.deepEqual(
			onPercent.map((f) => [f.code, f.source]),
			[['ML4001', 'schema']],
		);
		// Without the schema finding, the analysis one is reported.
		const only = JSON.parse(
			(await run(dir, ['.', '--format', 'json', '--ignore', 'ML4001'])).out,
		) as { code: string; source: string }[];
		assert.ok(only.some((f) => f.code === 'IST0002' && f.source === 'analysis'));
	});
	it('the analysis leaves kustomize patches alone: no findings on them, not a second resource', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'meshlens-lint-patch-'));
		const vs = (extra: string) =>
			`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  hosts: [reviews]\n${extra}`;
		writeFileSync(
			join(dir, 'base.yaml'),
			vs('  http:\n  - route:\n    - destination:\n        host: reviews\n'),
		);
		// A strategic-merge patch: no routes of its own, the base's name and host.
		writeFileSync(join(dir, 'patch.yaml'), vs(''));
		const codes = async () =>
			(
				JSON.parse((await run(dir, ['.', '--format', 'json'])).out) as {
					code: string;
					file: string;
				}[]
			).map((f) => `${f.file} ${f.code}`);
		// Without a kustomization, patch.yaml is a second VirtualService without routes.
		const before = await codes();
		assert.ok(before.includes('base.yaml IST0109'), before.join('\n'));
		assert.ok(before.includes('patch.yaml IST0106'), before.join('\n'));
		writeFileSync(
			join(dir, 'kustomization.yaml'),
			'resources: [base.yaml]\npatches:\n  - path: patch.yaml\n',
		);
		assert.deepEqual(await codes(), []);
	});
	it('says so when the schema catalog is missing instead of passing everything', async () => {
		const empty = mkdtempSync(join(tmpdir(), 'meshlens-nodata-'));
		const dir = tree();
		await assert.rejects(
			lint({ args: ['istio'], dataDir: empty, cwd: dir, stdout: () => {}, stderr: () => {} }),
			/no schema catalog in .*catalog\/schemas\/index\.json is missing/,
		);
		// With the catalog, the same files have errors (the check above is not vacuous).
		assert.equal((await run(dir, ['istio'])).code, 1);
	});
	it("reads a docs file from the build's JSON copy unless the YAML is newer", async () => {
		const root = mkdtempSync(join(tmpdir(), 'meshlens-docs-'));
		const data = join(root, 'data');
		mkdirSync(join(data, 'catalog', 'schemas'), { recursive: true });
		mkdirSync(join(data, 'catalog', 'docs'), { recursive: true });
		mkdirSync(join(root, 'dist', 'catalog', 'docs'), { recursive: true });
		writeFileSync(join(data, 'catalog', 'schemas', 'index.json'), '{"groups":{}}');
		const yaml = join(data, 'catalog', 'docs', 'g.example.io.yaml');
		const json = join(root, 'dist', 'catalog', 'docs', 'g.example.io.json');
		writeFileSync(yaml, 'group: g.example.io\nkinds:\n  Thing:\n    summary: from the YAML\n');
		writeFileSync(
			json,
			'{"group":"g.example.io","kinds":{"Thing":{"summary":"from the JSON"}}}',
		);
		const summary = async () =>
			(await catalogFromDir(data).groupDocs('g.example.io'))?.kinds.Thing?.summary;
		const old = new Date(Date.now() - 60_000);
		utimesSync(yaml, old, old);
		assert.equal(await summary(), 'from the JSON');
		// A data folder whose YAML was edited after the build: the YAML, not a stale copy.
		utimesSync(json, new Date(old.getTime() - 60_000), new Date(old.getTime() - 60_000));
		assert.equal(await summary(), 'from the YAML');
		rmSync(json);
		assert.equal(await summary(), 'from the YAML');
	});
});
