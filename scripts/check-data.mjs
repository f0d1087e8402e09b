// Validates data/features.yaml and data/meshes/*.yaml against the zod schemas, for quick
// feedback while editing the dataset: `node scripts/check-data.mjs [mesh-id …]`.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const out = join(mkdtempSync(join(tmpdir(), 'meshlens-check-')), 'schema.mjs');
await build({
	entryPoints: ['src/core/index.ts'],
	bundle: true,
	loader: { '.yaml': 'text' },
	format: 'esm',
	platform: 'node',
	// The bundled yaml package is CommonJS and requires node built-ins.
	banner: {
		js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
	},
	outfile: out,
	logLevel: 'error',
});
const { MeshSchema, FeaturesFileSchema } = await import(pathToFileURL(out).href);

const only = new Set(process.argv.slice(2));
let failed = 0;
const features = FeaturesFileSchema.parse(parse(readFileSync('data/features.yaml', 'utf8')));
const featureIds = features.features.map((f) => f.id);
for (const file of readdirSync('data/meshes')
	.filter((f) => f.endsWith('.yaml'))
	.sort()) {
	const id = file.replace(/\.yaml$/, '');
	if (only.size && !only.has(id)) continue;
	const problems = [];
	let raw;
	try {
		raw = parse(readFileSync(join('data/meshes', file), 'utf8'));
	} catch (e) {
		problems.push(`YAML: ${e.message}`);
	}
	if (raw !== undefined) {
		const r = MeshSchema.safeParse(raw);
		if (!r.success)
			for (const i of r.error.issues)
				problems.push(`${i.path.join('.') || '(root)'}: ${i.message}`);
		else {
			if (r.data.id !== id) problems.push(`id '${r.data.id}' does not match the file name`);
			for (const f of featureIds) if (!r.data.cells[f]) problems.push(`cells.${f}: missing`);
			for (const c of Object.keys(r.data.cells))
				if (!featureIds.includes(c))
					problems.push(`cells.${c}: not a feature in features.yaml`);
		}
	}
	if (problems.length) {
		failed++;
		console.log(`✗ ${file}`);
		for (const p of problems) console.log(`    ${p}`);
	} else console.log(`✓ ${file}`);
}
process.exit(failed ? 1 : 0);
