import type { Dataset, Mesh, PrimarySources } from './schema';

/**
 * Checks on the quality of the facts themselves (beyond their shape): primary sources, notes on
 * unknowns, dated versions and distributions that agree with their base. The shipped data must
 * pass all of them (a unit test runs them); workspace additions may not.
 */

/** A problem with the facts, pointing at the mesh and, for a cell, the feature. */
export interface QualityIssue {
	readonly mesh: string;
	readonly feature?: string;
	readonly message: string;
}

/** True when the URL is on one of the mesh's primary domains (or a sub-domain) or repositories. */
export function isPrimarySource(url: string, primary: PrimarySources): boolean {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	const host = parsed.hostname.toLowerCase();
	if (primary.domains.some((d) => host === d || host.endsWith(`.${d}`))) return true;
	// github.com/<owner>/<repo>/… and its raw and Pages forms.
	const parts = parsed.pathname.split('/').filter(Boolean);
	let owner: string | undefined;
	let repo: string | undefined;
	if (host === 'github.com' || host === 'raw.githubusercontent.com') [owner, repo] = parts;
	else if (host.endsWith('.github.io'))
		[owner, repo] = [host.slice(0, -'.github.io'.length), parts[0]];
	if (!owner) return false;
	return primary.repositories.some((r) => {
		const [o, n] = r.toLowerCase().split('/');
		return o === owner.toLowerCase() && (n === undefined || n === repo?.toLowerCase());
	});
}

/** Words that show an "unknown" note says where we looked. */
const SEARCHED =
	/\b(search|searched|looked|checked|found|find|no (public|official)|not (published|documented|confirmed))/i;

/** Runs every quality check over one mesh. */
export function meshQualityIssues(mesh: Mesh): QualityIssue[] {
	const issues: QualityIssue[] = [];
	const primary = mesh.primarySources;
	if (!primary) {
		issues.push({ mesh: mesh.id, message: 'declares no primarySources' });
	} else {
		if (!isPrimarySource(mesh.latestVersion.source, primary)) {
			issues.push({
				mesh: mesh.id,
				message: `latestVersion.source is not a primary source: ${mesh.latestVersion.source}`,
			});
		}
		for (const [feature, cell] of Object.entries(mesh.cells)) {
			if (!cell.sources.some((u) => isPrimarySource(u, primary))) {
				issues.push({
					mesh: mesh.id,
					feature,
					message: `no primary source among ${cell.sources.join(' ')}`,
				});
			}
		}
	}
	for (const [feature, cell] of Object.entries(mesh.cells)) {
		if (cell.support === 'unknown' && !SEARCHED.test(cell.note ?? '')) {
			issues.push({
				mesh: mesh.id,
				feature,
				message: "an 'unknown' cell's note must say what was searched",
			});
		}
	}
	const latest = mesh.latestVersion;
	if (!latest.date && !SEARCHED.test(latest.note ?? '')) {
		issues.push({
			mesh: mesh.id,
			message: 'latestVersion has no date and its note does not say what was searched',
		});
	}
	if (!latest.date && mesh.lifecycle.status !== 'unknown') {
		issues.push({
			mesh: mesh.id,
			message:
				'latestVersion has no date; only a product whose lifecycle is unknown may lack it',
		});
	}
	if (mesh.lifecycle.status === 'unknown' && !SEARCHED.test(mesh.lifecycle.note ?? '')) {
		issues.push({
			mesh: mesh.id,
			message: "an 'unknown' lifecycle's note must say what was searched",
		});
	}
	return issues;
}

/** The `major.minor` of a version text such as "1.31.3-asm.9" or "v1.2.4"; undefined if none. */
export function minorOf(version: string): [number, number] | undefined {
	const m = /(\d+)\.(\d+)/.exec(version);
	return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function compareTuple(a: readonly number[], b: readonly number[]): number {
	for (let i = 0; i < Math.min(a.length, b.length); i++) {
		const d = (a[i] ?? 0) - (b[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}

/**
 * Distributions must agree with their base: a column built on another (`basedOn`) names the base
 * release line it ships, which cannot be newer than the base's latest release line, and a
 * distribution whose own version carries the base version (Cloud Service Mesh's "1.31.3-asm.9") is
 * on that same line. A mode of another mesh (`variantOf`) ships with it: same latest version.
 * Patch levels are not compared: a vendor build can carry an upstream patch we could not confirm.
 */
export function versionAgreementIssues(dataset: Dataset): QualityIssue[] {
	const issues: QualityIssue[] = [];
	const byId = new Map(dataset.meshes.map((m) => [m.id, m]));
	for (const mesh of dataset.meshes) {
		const variantBase = mesh.variantOf ? byId.get(mesh.variantOf) : undefined;
		if (variantBase && variantBase.latestVersion.version !== mesh.latestVersion.version) {
			issues.push({
				mesh: mesh.id,
				message: `is a mode of ${variantBase.id} but its latest version ${mesh.latestVersion.version} differs from ${variantBase.latestVersion.version}`,
			});
		}
		const base = mesh.basedOn ? byId.get(mesh.basedOn.mesh) : undefined;
		if (!base || !mesh.basedOn) continue;
		const baseLatest = base.latestVersion.version;
		const baseMinor = minorOf(baseLatest);
		const on = mesh.basedOn.version ? minorOf(mesh.basedOn.version) : undefined;
		if (on && baseMinor && compareTuple(on, baseMinor) > 0) {
			issues.push({
				mesh: mesh.id,
				message: `is based on ${base.id} ${mesh.basedOn.version}, newer than ${base.id}'s latest ${baseLatest}`,
			});
		}
		// "1.31.3-asm.9" on basedOn 1.31: the own version starts with the base's major.
		const own = minorOf(mesh.latestVersion.version);
		if (own && on && baseMinor && own[0] === baseMinor[0] && compareTuple(own, on) !== 0) {
			issues.push({
				mesh: mesh.id,
				message: `ships ${mesh.latestVersion.version} but says it is based on ${base.id} ${mesh.basedOn.version}`,
			});
		}
	}
	return issues;
}

/** Every quality issue of the dataset. */
export function datasetQualityIssues(dataset: Dataset): QualityIssue[] {
	return [...dataset.meshes.flatMap(meshQualityIssues), ...versionAgreementIssues(dataset)];
}
