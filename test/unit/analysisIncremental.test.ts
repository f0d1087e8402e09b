import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
	ANALYZERS,
	ManifestCache,
	WorkspaceModel,
	applyChanges,
	createAnalysis,
	manifestObjects,
	meshResourcesOf,
	parseManifest,
	referenceSummary,
	referencesTo,
	type Finding,
	type TextChange,
} from '../../src/core';
import { CHECK_FIXTURES } from './analysisCases';

const DIR = join(process.cwd(), '..', 'shared', 'examples', 'istio', 'analyzer-testdata');

const key = (f: Finding): string =>
	`${f.code} ${f.level} ${f.resource} ${f.object.uri} ${JSON.stringify(f.range)} ${f.message} ${JSON.stringify(f.related)}`;

function fresh(files: Record<string, string>): string[] {
	const model = new WorkspaceModel();
	for (const [name, text] of Object.entries(files)) model.setFile(name, name, text);
	const engine = createAnalysis(model);
	engine.runAll();
	return engine.all().map(key).sort();
}

/** Every object's code lens text and the places that refer to it. */
function lenses(model: WorkspaceModel): string[] {
	return [...model.objects()]
		.map(
			(o) =>
				`${o.id} ${referenceSummary(model, o) ?? ''} ${referencesTo(model, o)
					.map((r) => `${r.from.id}:${r.path.join('.')}`)
					.sort()
					.join(' ')}`,
		)
		.sort();
}

function freshLenses(files: Record<string, string>): string[] {
	const model = new WorkspaceModel();
	for (const [name, text] of Object.entries(files)) model.setFile(name, name, text);
	return lenses(model);
}

/**
 * Builds the same workspace through incremental updates only (files added one by one after an
 * empty first run, then each one removed or emptied and restored) and
 * checks after every step that the findings are exactly those of a full run over the same files.
 */
function checkIncremental(files: Record<string, string>): void {
	const model = new WorkspaceModel();
	const engine = createAnalysis(model);
	engine.runAll();
	const names = Object.keys(files);
	// In the order the files were last set: the order the model iterates their objects in,
	// which the messages that list several resources follow.
	let current: Record<string, string> = {};
	const set = (n: string, text: string): void => {
		current = {
			...Object.fromEntries(Object.entries(current).filter(([k]) => k !== n)),
			[n]: text,
		};
		engine.update([model.setFile(n, n, text)]);
	};
	const same = (step: string): void => {
		assert.deepEqual(engine.all().map(key).sort(), fresh(current), step);
		assert.deepEqual(lenses(model), freshLenses(current), `${step}: code lenses`);
	};
	for (const n of names) {
		set(n, files[n] ?? '');
		same(`after adding ${n}`);
	}
	// Then each file in turn removed (even ones) or emptied (odd ones), and restored.
	names.forEach((n, i) => {
		if (i % 2 === 0) {
			current = Object.fromEntries(Object.entries(current).filter(([k]) => k !== n));
			engine.update([model.removeFile(n)]);
			same(`after removing ${n}`);
		} else {
			set(n, '');
			same(`after emptying ${n}`);
		}
		set(n, files[n] ?? '');
		same(`after restoring ${n}`);
	});
	// Then, within each file, each document in turn left out and edited (a comment line added:
	// the documents after it move down), as typing does; the others are reused as they are.
	for (const n of names) {
		const docs = (files[n] ?? '').split(/^(?=---)/m);
		if (docs.length < 2) continue;
		docs.forEach((_, i) => {
			set(n, docs.filter((__, j) => j !== i).join(''));
			same(`after leaving out document ${i} of ${n}`);
			set(n, docs.map((d, j) => (j === i ? `${d.trimEnd()}\n# edited\n` : d)).join(''));
			same(`after editing document ${i} of ${n}`);
		});
		set(n, files[n] ?? '');
		same(`after restoring ${n}`);
	}
}

/** Splits a multi-document file into one file per document (references then cross files). */
function perDocument(files: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, text] of Object.entries(files)) {
		text.split(/^---\s*$/m).forEach((d, i) => {
			if (d.trim()) out[`${name}#${i}.yaml`] = d;
		});
	}
	return out;
}

describe('incremental analysis (and the references behind the code lenses) equals a full run', () => {
	it('on every positive and negative fixture of our checks, one document per file', () => {
		assert.ok(CHECK_FIXTURES.length > 50);
		for (const f of CHECK_FIXTURES) {
			checkIncremental(perDocument(f.positive));
			checkIncremental(perDocument(f.negative));
		}
	});

	it('on every fixture of our checks, as written (several documents per file)', () => {
		for (const f of CHECK_FIXTURES) {
			checkIncremental(f.positive);
			checkIncremental(f.negative);
		}
	});

	it('on the istioctl analyze fixtures, one document per file', (t) => {
		if (!existsSync(DIR)) return t.diagnostic('../shared not present');
		const files = JSON.parse(readFileSync(join(DIR, 'expected-messages.json'), 'utf8')) as {
			cases: { file: string | string[] }[];
		};
		let n = 0;
		for (const c of files.cases) {
			const names = Array.isArray(c.file) ? c.file : [c.file];
			const texts: Record<string, string> = {};
			for (const name of names) texts[name] = readFileSync(join(DIR, name), 'utf8');
			checkIncremental(perDocument(texts));
			n++;
		}
		assert.ok(n >= 16, `${n} cases`);
	});
});

/**
 * What `meshlens lint` does: every file's objects from its parsed manifest, the model loaded at
 * once (`setAllParsed`, no dependency keys) and one analysis run that records no reads. Its
 * findings and the files' resource lists must be those of the editor's path (files set one by
 * one, an incremental engine).
 */
function checkOneShot(files: Record<string, string>, step: string): void {
	const model = new WorkspaceModel();
	const change = model.setAllParsed(
		Object.entries(files).map(([uri, text]) => ({
			uri,
			label: uri,
			objects: manifestObjects(parseManifest(text)),
		})),
	);
	assert.equal(change.keys, undefined, `${step}: a bulk load says everything changed`);
	const engine = createAnalysis(model, undefined, { incremental: false });
	engine.runAll();
	assert.deepEqual(engine.all().map(key).sort(), fresh(files), step);
	// After a change, a one-shot engine analyses everything again.
	const [first] = Object.keys(files);
	if (first) {
		engine.update([model.setFile(first, first, '')]);
		const rest = Object.fromEntries(Object.entries(files).filter(([k]) => k !== first));
		assert.deepEqual(
			engine.all().map(key).sort(),
			fresh({ ...rest, [first]: '' }),
			`${step}: after emptying ${first}`,
		);
	}
	const editor = new WorkspaceModel();
	for (const [name, text] of Object.entries(files)) editor.setFile(name, name, text);
	for (const uri of Object.keys(files).slice(1)) {
		const lazy = model.file(uri)?.resources;
		assert.deepEqual(lazy, editor.file(uri)?.resources, `${step}: resources of ${uri}`);
		assert.deepEqual(lazy, meshResourcesOf(model.file(uri)?.objects ?? []), uri);
	}
}

describe('the one-shot analysis of meshlens lint equals the editor analysis', () => {
	it('on every positive and negative fixture of our checks', () => {
		let findings = 0;
		for (const f of CHECK_FIXTURES) {
			checkOneShot(f.positive, `${f.code} positive`);
			checkOneShot(f.negative, `${f.code} negative`);
			checkOneShot(perDocument(f.positive), `${f.code} positive, one document per file`);
			findings += fresh(f.positive).length;
		}
		assert.ok(findings > 50, `${findings} findings compared`);
	});

	it('on the istioctl analyze fixtures', (t) => {
		if (!existsSync(DIR)) return t.diagnostic('../shared not present');
		const files = JSON.parse(readFileSync(join(DIR, 'expected-messages.json'), 'utf8')) as {
			cases: { file: string | string[] }[];
		};
		for (const c of files.cases) {
			const names = Array.isArray(c.file) ? c.file : [c.file];
			const texts: Record<string, string> = {};
			for (const name of names) texts[name] = readFileSync(join(DIR, name), 'utf8');
			checkOneShot(texts, names.join(','));
		}
	});
});

describe('incremental analysis re-runs little', () => {
	const file = (i: number, port = 9080, typed = ''): string => {
		const ns = `team-${i % 5}`;
		const app = `app-${i}`;
		return [
			`apiVersion: v1\nkind: Service\nmetadata: { name: ${app}${typed}, namespace: ${ns} }\nspec:\n  selector: { app: ${app} }\n  ports: [{ name: http, port: ${port} }]`,
			`apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${app}, namespace: ${ns} }\nspec:\n  template:\n    metadata: { labels: { app: ${app}, version: v1 } }\n    spec: { containers: [{ name: app, image: app }] }`,
			`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: ${app}, namespace: ${ns} }\nspec:\n  hosts: [${app}]\n  http:\n  - route:\n    - destination: { host: ${app}, subset: v1 }`,
			`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: ${app}, namespace: ${ns} }\nspec:\n  host: ${app}\n  subsets: [{ name: v1, labels: { version: v1 } }]`,
			`apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: ${app}, namespace: ${ns} }\nspec:\n  workloadSelector: { labels: { app: ${app} } }`,
			`apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: ${app}, namespace: ${ns} }\nspec:\n  parentRefs: [{ group: "", kind: Service, name: ${app}, port: ${port} }]\n  rules:\n  - matches: [{ path: { type: PathPrefix, value: /v${i} } }]\n    backendRefs: [{ name: ${app}, port: 9080 }]`,
		].join('\n---\n');
	};

	it('an edit in one file of 100 re-runs the checks of that file and of the few resources that read it', () => {
		let runs = 0;
		const counted = ANALYZERS.map((a) => ({
			...a,
			analyze: (...args: Parameters<typeof a.analyze>) => {
				runs++;
				a.analyze(...args);
			},
		}));
		const model = new WorkspaceModel();
		for (let i = 0; i < 100; i++) model.setFile(`f${i}.yaml`, `f${i}.yaml`, file(i));
		const engine = createAnalysis(model, counted);
		engine.runAll();
		const full = runs;
		assert.ok(full > 600, `${full} runs in a full analysis`);
		const edits: [string, string][] = [
			['a port changed', file(7, 8080)],
			['a Service renamed', file(7, 9080, 'x')],
			['back as it was', file(7)],
		];
		for (const [what, text] of edits) {
			runs = 0;
			engine.update([model.setFile('f7.yaml', 'f7.yaml', text)]);
			// The file's own resources' checks, and those of the 19 other Deployments of the
			// namespace that look for the Services selecting them; nothing else.
			assert.ok(runs <= 40, `${what}: ${runs} runs (full analysis: ${full})`);
		}
		const fresh = createAnalysis(model);
		fresh.runAll();
		assert.deepEqual(engine.all().map(key).sort(), fresh.all().map(key).sort());
	});
});

describe('the model follows the editor through ManifestCache', () => {
	it('setManifest with contentChanges gives the findings of a full run over the text', () => {
		let files = 0;
		for (const f of CHECK_FIXTURES) {
			for (const [name, text] of Object.entries(f.positive)) {
				const cut = text.indexOf('\n---\n');
				if (cut < 0) continue;
				files++;
				const model = new WorkspaceModel();
				for (const [other, t] of Object.entries(f.positive))
					if (other !== name) model.setFile(other, other, t);
				const cache = new ManifestCache();
				model.setManifest(name, name, cache.get(name, 1, text));
				const engine = createAnalysis(model);
				engine.runAll();
				// Typing a comment line into the second document, then removing it again.
				const change = { rangeOffset: cut + 5, rangeLength: 0, text: '# typed\n' };
				const edited = applyChanges(text, [change]);
				const steps: [number, string, TextChange][] = [
					[2, edited, change],
					[3, text, { rangeOffset: cut + 5, rangeLength: change.text.length, text: '' }],
				];
				for (const [version, now, ch] of steps) {
					engine.update([
						model.setManifest(name, name, cache.get(name, version, now, [ch])),
					]);
					const expected = fresh({ ...f.positive, [name]: now });
					assert.deepEqual(
						engine.all().map(key).sort(),
						expected,
						`${f.code} ${name} v${version}`,
					);
				}
			}
		}
		assert.ok(files > 10, `${files} multi-document files`);
	});
});
