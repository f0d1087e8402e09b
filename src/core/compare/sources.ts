import type { Dataset } from '../dataset/schema';

/** Every URL the dataset cites. */
export function datasetUrls(dataset: Dataset): Set<string> {
	const urls = new Set<string>();
	for (const m of dataset.meshes) {
		for (const u of [m.homepage, m.docs, m.repository, m.latestVersion.source, ...m.sources]) {
			if (u) urls.add(u);
		}
		for (const c of Object.values(m.cells)) for (const u of c.sources) urls.add(u);
	}
	return urls;
}

/**
 * True when the webview may ask the host to open this URL: an http(s) URL that the dataset
 * itself cites. Anything else (javascript:, file:, command:, made-up hosts) is refused.
 */
export function isOpenableSource(url: string, dataset: Dataset): boolean {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
	return datasetUrls(dataset).has(url);
}
