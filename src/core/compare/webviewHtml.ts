/** The inputs of the comparison page; every URI is already a webview URI. */
export interface WebviewHtmlInput {
	readonly scriptUri: string;
	readonly styleUri: string;
	readonly cspSource: string;
	readonly nonce: string;
	/** The codicon stylesheet (dist/codicons/codicon.css) for the toolkit's icons, if shipped. */
	readonly codiconUri?: string;
	/**
	 * The bundle's own script and stylesheet text (dist/webview.js and dist/webview.css), to put in
	 * the page under the nonce instead of fetching them: a new webview fetches each resource
	 * through the workbench's service worker, which costs a few hundred milliseconds on first open.
	 */
	readonly inline?: { readonly script: string; readonly style: string };
}

/** Keeps a script or stylesheet from closing its element early (`</script` → `<\/script`). */
function escapeEnd(text: string, tag: 'script' | 'style'): string {
	return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

/**
 * The comparison page's HTML: a strict nonce CSP, no inline handlers, scripts and styles only
 * from dist/. Pure so that the policy is unit-tested.
 */
export function renderWebviewHtml({
	scriptUri,
	styleUri,
	cspSource,
	nonce,
	codiconUri,
	inline: given,
}: WebviewHtmlInput): string {
	// `<!--` inside a script changes how HTML parses it: such a bundle is fetched instead.
	const inline = given && !/<!--/.test(given.script) ? given : undefined;
	const csp = [
		"default-src 'none'",
		`script-src 'nonce-${nonce}'`,
		`style-src ${cspSource} 'nonce-${nonce}'`,
		`font-src ${cspSource}`,
		`img-src ${cspSource}`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${inline ? `<style nonce="${nonce}">${escapeEnd(inline.style, 'style')}</style>` : `<link rel="stylesheet" href="${styleUri}" nonce="${nonce}">`}
<title>Service Mesh Comparison</title>
</head>
<body>
<div class="layout">
<nav class="mode-switch" role="tablist" aria-label="Mode">
<button type="button" role="tab" id="mode-compare" aria-selected="true" aria-controls="matrix">Compare</button>
<button type="button" role="tab" id="mode-choose" aria-selected="false" aria-controls="choose">Which mesh fits?</button>
<span id="changes" class="changes-banner" role="status" hidden></span>
</nav>
<header class="controls" role="toolbar" aria-label="Comparison controls">
<label class="field" for="meshes">Meshes <vscode-multi-select id="meshes" aria-label="Meshes to compare"></vscode-multi-select></label>
<label class="field" for="filter">Filter <vscode-textfield id="filter" placeholder="feature or value" aria-label="Filter features"></vscode-textfield></label>
<label class="field" for="category">Category <vscode-single-select id="category" aria-label="Category"></vscode-single-select></label>
<vscode-checkbox id="only-diff" label="Only differences">Only differences</vscode-checkbox>
<vscode-checkbox id="hide-retired" label="Hide retired">Hide retired</vscode-checkbox>
<vscode-checkbox id="compact" label="Compact" title="Narrow columns, two lines per cell: more meshes fit">Compact</vscode-checkbox>
<vscode-button id="clear-filters" secondary>Clear filters</vscode-button>
<vscode-button id="copy-md" secondary>Copy as Markdown</vscode-button>
<vscode-button id="export-markdown" secondary>Export Markdown</vscode-button>
<vscode-button id="export-csv" secondary>Export CSV</vscode-button>
<vscode-button id="export-html" secondary>Export HTML</vscode-button>
</header>
<div>
<div class="legend" id="legend" aria-label="Legend"></div>
</div>
<div class="main">
<div class="table-frame" id="table-frame">
<div class="table-wrap" id="table-wrap" data-testid="matrix-scroll">
<table id="matrix" data-testid="matrix"></table>
<p id="empty" hidden>No feature matches these filters.</p>
</div>
</div>
<aside id="detail" aria-live="polite" data-testid="detail"></aside>
</div>
<section id="choose" role="tabpanel" aria-labelledby="mode-choose" data-testid="choose" hidden></section>
<footer><span id="summary" role="status"></span><span id="scroll-hint"></span><span id="status" role="status"></span></footer>
</div>
${inline ? `<script type="module" nonce="${nonce}">${escapeEnd(inline.script, 'script')}</script>` : `<script type="module" nonce="${nonce}" src="${scriptUri}"></script>`}
${codiconUri ? `<link rel="stylesheet" href="${codiconUri}" nonce="${nonce}" id="vscode-codicon-stylesheet">` : ''}
</body>
</html>`;
}
