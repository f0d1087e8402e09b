import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { releaseServiceWorker, type WorkerContainer } from '../../webview/worker';

/** A registration that records whether it was unregistered, or fails to. */
function registration(outcome: 'ok' | 'refused' | 'throws' = 'ok') {
	const r = {
		unregistered: false,
		unregister: () => {
			if (outcome === 'throws') return Promise.reject(new Error('SecurityError'));
			r.unregistered = outcome === 'ok';
			return Promise.resolve(outcome === 'ok');
		},
	};
	return r;
}

describe('webview: releasing the service worker registration (worker.ts)', () => {
	it('unregisters every registration of the origin and counts them', async () => {
		const regs = [registration(), registration()];
		const container: WorkerContainer = { getRegistrations: () => Promise.resolve(regs) };
		assert.equal(await releaseServiceWorker(container), 2);
		assert.deepEqual(
			regs.map((r) => r.unregistered),
			[true, true],
		);
	});

	it('counts only the registrations actually let go, and still tries the rest after a failure', async () => {
		const regs = [registration('throws'), registration('refused'), registration()];
		assert.equal(
			await releaseServiceWorker({ getRegistrations: () => Promise.resolve(regs) }),
			1,
		);
		assert.equal(regs[2]?.unregistered, true);
	});

	it('does nothing and never throws without service workers', async () => {
		assert.equal(await releaseServiceWorker(undefined), 0);
		assert.equal(await releaseServiceWorker({} as WorkerContainer), 0);
		assert.equal(
			await releaseServiceWorker({
				getRegistrations: () => Promise.reject(new Error('denied')),
			}),
			0,
		);
		assert.equal(
			await releaseServiceWorker({ getRegistrations: () => Promise.resolve([]) }),
			0,
		);
	});
});
