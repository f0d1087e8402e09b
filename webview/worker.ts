// The comparison page and the workbench's webview service worker.
//
// VS Code serves every webview through a service worker that it registers afresh, under a new
// script URL, for each webview it creates, at an origin it keeps per view type. Reopening the
// comparison after closing it therefore meets the previous panel's registration: the browser
// must install the new worker over it and wait for it to take control, which costs about a
// second in code-server (bench/README.md), against about 0.2 s when the origin has no
// registration, as on the very first open. Once the table is drawn, the page unregisters its
// origin's registration. The worker keeps serving this page and its frame until they close (an
// unregistered registration lives on while it has clients), so nothing here stops loading; the
// next panel simply starts from a clean origin.

/** The part of `navigator.serviceWorker` used here (absent where workers are not available). */
export interface WorkerContainer {
	getRegistrations(): Promise<readonly { unregister(): Promise<boolean> }[]>;
}

/**
 * Unregisters every service worker registration of this page's origin. Never throws: when the
 * API is missing or refuses (a browser without service workers, a sandbox that denies them), the
 * next open is only slower. Resolves to how many registrations were let go.
 */
export async function releaseServiceWorker(
	container: WorkerContainer | undefined,
): Promise<number> {
	try {
		if (!container || typeof container.getRegistrations !== 'function') return 0;
		const registrations = await container.getRegistrations();
		const results = await Promise.allSettled(registrations.map((r) => r.unregister()));
		return results.filter((r) => r.status === 'fulfilled' && r.value).length;
	} catch {
		return 0;
	}
}
