// Istio mesh VirtualService → GAMMA GRPCRoute: when it is one (the Service's ports, as Istio
// selects their protocol), and what a GRPCRoute can and cannot say.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convert, type ConvertInput, type ConvertResult, type Resource } from '../../src/core';
import { schemaProblems, silentlyLost, validatorProblems } from './convertHelpers';

function service(ports: Record<string, unknown>[]): ConvertInput {
	return {
		resource: {
			apiVersion: 'v1',
			kind: 'Service',
			metadata: { name: 'catalog', namespace: 'shop' },
			spec: { selector: { app: 'catalog' }, ports },
		},
	};
}

function vs(http: Record<string, unknown>[]): ConvertInput {
	return {
		resource: {
			apiVersion: 'networking.istio.io/v1',
			kind: 'VirtualService',
			metadata: { name: 'catalog', namespace: 'shop' },
			spec: { hosts: ['catalog'], http },
		},
	};
}

const toCatalog = [{ destination: { host: 'catalog', port: { number: 50051 } } }];
const ONE_ROUTE = [{ route: toCatalog }];

async function run(inputs: ConvertInput[]): Promise<{ result: ConvertResult; route: Resource }> {
	const result = convert(inputs, { target: 'gateway-api' });
	assert.deepEqual(silentlyLost(inputs, result), []);
	assert.deepEqual(
		result.notes.filter((n) => n.unhandled).map((n) => n.path),
		[],
	);
	const made = result.resources.filter((r) => r.kind !== 'Service');
	assert.deepEqual((await Promise.all(made.map(schemaProblems))).flat(), []);
	assert.deepEqual(await validatorProblems(made, result.notes), []);
	const route = result.resources.find((r) => /Route$/.test(String(r.kind)));
	assert.ok(route);
	return { result, route };
}

const hostsNote = (r: ConvertResult) => r.notes.find((n) => n.path === 'spec.hosts')?.reason;

describe('convert: which mesh VirtualServices become GRPCRoutes', () => {
	const cases: [string, Record<string, unknown>[], string, RegExp | undefined][] = [
		[
			'appProtocol grpc',
			[{ name: 'api', port: 50051, appProtocol: 'grpc' }],
			'GRPCRoute',
			undefined,
		],
		['port name grpc', [{ name: 'grpc', port: 50051 }], 'GRPCRoute', undefined],
		['port name grpc-api', [{ name: 'grpc-api', port: 50051 }], 'GRPCRoute', undefined],
		[
			'appProtocol GRPC (any case)',
			[{ port: 50051, appProtocol: 'GRPC' }],
			'GRPCRoute',
			undefined,
		],
		['port name http', [{ name: 'http', port: 50051 }], 'HTTPRoute', undefined],
		[
			'appProtocol http beats the name grpc',
			[{ name: 'grpc', port: 50051, appProtocol: 'http' }],
			'HTTPRoute',
			undefined,
		],
		['port name grpc-web', [{ name: 'grpc-web', port: 50051 }], 'HTTPRoute', /gRPC-Web/],
		[
			'appProtocol grpc-web',
			[{ port: 50051, appProtocol: 'grpc-web' }],
			'HTTPRoute',
			/gRPC-Web/,
		],
		[
			'appProtocol kubernetes.io/h2c',
			[{ port: 50051, appProtocol: 'kubernetes.io/h2c' }],
			'HTTPRoute',
			/h2c/,
		],
		[
			'gRPC and HTTP ports, route on all',
			[
				{ name: 'grpc', port: 50051 },
				{ name: 'http', port: 8080 },
			],
			'HTTPRoute',
			/gRPC and non-gRPC ports/,
		],
	];
	for (const [what, ports, kind, why] of cases) {
		it(`${what} → ${kind}`, async () => {
			const { result, route } = await run([service(ports), vs(ONE_ROUTE)]);
			assert.equal(route.kind, kind);
			if (why) assert.match(hostsNote(result) ?? '', why);
			else assert.equal(hostsNote(result), undefined);
		});
	}
	it('gRPC and HTTP ports, every match on the gRPC port → GRPCRoute on that port', async () => {
		const { route } = await run([
			service([
				{ name: 'grpc', port: 50051 },
				{ name: 'http', port: 8080 },
			]),
			vs([{ match: [{ port: 50051 }], route: toCatalog }]),
		]);
		assert.equal(route.kind, 'GRPCRoute');
		assert.deepEqual((route.spec as { parentRefs: unknown }).parentRefs, [
			{ group: '', kind: 'Service', name: 'catalog', port: 50051 },
		]);
	});
	it('the Service not among the inputs → HTTPRoute, with a note on how to get a GRPCRoute', async () => {
		const { result, route } = await run([vs(ONE_ROUTE)]);
		assert.equal(route.kind, 'HTTPRoute');
		assert.match(hostsNote(result) ?? '', /not among the inputs.*appProtocol: grpc/);
		assert.equal(result.notes.find((n) => n.path === 'spec.hosts')?.level, 'info');
	});
	it('an ingress VirtualService stays an HTTPRoute (gRPC detection is for mesh routes)', () => {
		const ingress = vs(ONE_ROUTE);
		(ingress.resource.spec as Record<string, unknown>).gateways = ['public'];
		const result = convert([service([{ name: 'grpc', port: 50051 }]), ingress], {
			target: 'gateway-api',
		});
		assert.deepEqual(
			result.resources.filter((r) => /Route$/.test(String(r.kind))).map((r) => r.kind),
			['HTTPRoute'],
		);
	});
});

describe('convert: what a GRPCRoute can say', () => {
	const grpcService = service([{ name: 'grpc', port: 50051 }]);
	async function rule(http: Record<string, unknown>) {
		const { result, route } = await run([grpcService, vs([http])]);
		assert.equal(route.kind, 'GRPCRoute');
		const rules = (route.spec as { rules: Record<string, unknown>[] }).rules;
		const note = (path: string) => result.notes.find((n) => n.path === `spec.http[0].${path}`);
		return { rule: rules[0] ?? {}, note };
	}
	const uris: [Record<string, string>, unknown][] = [
		[
			{ exact: '/shop.v1.Catalog/GetItem' },
			{ type: 'Exact', service: 'shop.v1.Catalog', method: 'GetItem' },
		],
		[{ prefix: '/shop.v1.Catalog/' }, { type: 'Exact', service: 'shop.v1.Catalog' }],
		[
			{ regex: '/shop\\.v1\\..*/List.*' },
			{ type: 'RegularExpression', service: 'shop\\.v1\\..*', method: 'List.*' },
		],
	];
	for (const [uri, method] of uris) {
		it(`uri ${JSON.stringify(uri)} → method ${JSON.stringify(method)}`, async () => {
			const { rule: r } = await rule({ match: [{ uri }], route: toCatalog });
			assert.deepEqual(r.matches, [{ method }]);
		});
	}
	it("uri prefix '/' matches every method: no method match", async () => {
		const { rule: r, note } = await rule({
			match: [{ uri: { prefix: '/' } }],
			route: toCatalog,
		});
		assert.equal(r.matches, undefined);
		assert.equal(note('match[0].uri.prefix'), undefined);
	});
	for (const uri of [{ exact: '/healthz' }, { prefix: '/shop.v1' }, { regex: '.*Get.*' }]) {
		it(`uri ${JSON.stringify(uri)} is no gRPC path: noted lost`, async () => {
			const { note } = await rule({ match: [{ uri }], route: toCatalog });
			const key = Object.keys(uri)[0] ?? '';
			assert.equal(note(`match[0].uri.${key}`)?.level, 'lost');
			assert.match(note(`match[0].uri.${key}`)?.reason ?? '', /not a gRPC path/);
		});
	}
	it('headers become GRPCRoute header matches (exact, regex; prefix as a regex)', async () => {
		const { rule: r } = await rule({
			match: [
				{
					headers: {
						'x-a': { exact: '1' },
						'x-b': { regex: 'v[0-9]' },
						'x-c': { prefix: 'be' },
					},
				},
			],
			route: toCatalog,
		});
		assert.deepEqual(r.matches, [
			{
				headers: [
					{ name: 'x-a', type: 'Exact', value: '1' },
					{ name: 'x-b', type: 'RegularExpression', value: 'v[0-9]' },
					{ name: 'x-c', type: 'RegularExpression', value: '^be.*' },
				],
			},
		]);
	});
	it('weights, header filters and mirrors carry over', async () => {
		const { rule: r } = await rule({
			headers: { request: { set: { 'x-r': '1' } }, response: { remove: ['x-s'] } },
			route: [
				{ destination: { host: 'catalog', port: { number: 50051 } }, weight: 70 },
				{ destination: { host: 'catalog-next', port: { number: 50051 } }, weight: 30 },
			],
			mirror: { host: 'shadow', port: { number: 50051 } },
		});
		assert.deepEqual(
			(r.backendRefs as { weight?: number }[]).map((b) => b.weight),
			[70, 30],
		);
		assert.deepEqual(
			(r.filters as { type: string }[]).map((f) => f.type),
			['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror'],
		);
	});
	const lostFields: [string, Record<string, unknown>, RegExp][] = [
		['timeout', { timeout: '2s' }, /GRPCRoute has no timeouts/],
		['retries', { retries: { attempts: 3, retryOn: 'unavailable' } }, /GRPCRoute has no retry/],
		['redirect', { redirect: { uri: '/x' } }, /no redirect/],
		['rewrite', { rewrite: { uri: '/x' } }, /no URL rewrite/],
		['corsPolicy', { corsPolicy: { allowOrigins: [{ exact: 'https://a' }] } }, /no CORS/],
		[
			'match[0].queryParams',
			{ match: [{ queryParams: { q: { exact: '1' } } }] },
			/query parameters/,
		],
		['match[0].method', { match: [{ method: { exact: 'GET' } }] }, /always POST/],
	];
	for (const [path, extra, reason] of lostFields) {
		it(`${path} is noted lost`, async () => {
			const { note } = await rule({ route: toCatalog, ...extra });
			assert.equal(note(path)?.level, 'lost', path);
			assert.match(note(path)?.reason ?? '', reason);
		});
	}
	it('a POST method match is dropped with an info note (gRPC is always POST)', async () => {
		const { rule: r, note } = await rule({
			match: [{ method: { exact: 'POST' } }],
			route: toCatalog,
		});
		assert.equal(r.matches, undefined);
		assert.equal(note('match[0].method')?.level, 'info');
	});
});
