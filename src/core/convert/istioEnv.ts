import { Field, isRecord, type ConvertContext, type Out } from './context';
import { ensureReferenceGrant } from './referenceGrant';
import { compact, copyMeta, namespaceOf, serviceOfHost } from './util';

/** The port name of a generated Service, by the route that sends to it (Istio reads the protocol from it). */
const PORT_NAMES: Record<string, string> = {
	HTTPRoute: 'http',
	GRPCRoute: 'grpc',
	TCPRoute: 'tcp',
	TLSRoute: 'tls',
};

/** A DestinationRule subset, by service key `ns/name` and subset name. */
interface Subset {
	readonly rule: Field;
	readonly subset: Field;
}

/** What the Istio conversions share: the inputs' Services and DestinationRule subsets. */
export class IstioEnv {
	/** Services among the inputs, by `ns/name`. */
	readonly services = new Map<string, Field>();
	/** DestinationRules among the inputs, by service key. */
	readonly rules = new Map<string, Field>();
	private readonly subsets = new Map<string, Subset>();

	constructor(readonly ctx: ConvertContext) {
		ctx.inputs.forEach((input, i) => {
			const r = input.resource;
			if (r.kind === 'Service' && r.apiVersion === 'v1') {
				const f = new Field(ctx, i, '', r);
				const name = f.get('metadata').get('name').str();
				if (name) this.services.set(`${namespaceOf(f, ctx.defaultNamespace)}/${name}`, f);
			}
		});
	}

	/** The port of a Service among the inputs that has exactly one. */
	private onlyPort(key: string): number | undefined {
		const ports = this.services.get(key)?.get('spec').get('ports').value;
		if (!Array.isArray(ports) || ports.length !== 1) return undefined;
		const p: unknown = ports[0];
		return isRecord(p) && typeof p.port === 'number' ? p.port : undefined;
	}

	/** Registers a DestinationRule so routes can find its subsets. */
	addRule(rule: Field): void {
		const ns = namespaceOf(rule, this.ctx.defaultNamespace);
		const host = rule.get('spec').get('host').str() ?? '';
		const svc = serviceOfHost(host);
		const key = svc ? `${svc.namespace ?? ns}/${svc.name}` : `host/${host}`;
		this.rules.set(key, rule);
		for (const s of rule.get('spec').get('subsets').items()) {
			const name = s.get('name').str();
			if (name) this.subsets.set(`${key}#${name}`, { rule, subset: s });
		}
	}

	/**
	 * The backendRef for an Istio destination ({host, subset, port}), written into `out`'s
	 * provenance. Subsets become generated per-version Services; a backend in another namespace
	 * gets a ReferenceGrant.
	 */
	backendRef(
		dest: Field,
		out: Out,
		route: { kind: string; namespace: string },
	): Record<string, unknown> {
		const host = dest.get('host').str() ?? '';
		out.use(dest.get('host'));
		let port = dest.get('port').get('number').num();
		out.use(dest.get('port').get('number'));
		const svc = serviceOfHost(host);
		let ref: Record<string, unknown>;
		if (!svc) {
			ref = { group: 'networking.istio.io', kind: 'Hostname', name: host };
			dest.get('host').info([
				'not a cluster Service name, so it became an Istio Hostname backend (a ServiceEntry host)',
				'group networking.istio.io, kind Hostname works with Istio only',
			]);
		} else {
			const ns = svc.namespace ?? route.namespace;
			let name = svc.name;
			// Gateway API needs the port of a Service backend: a Service among the inputs with one
			// port gives it.
			const known = port === undefined ? this.onlyPort(`${ns}/${svc.name}`) : undefined;
			if (known !== undefined) {
				port = known;
				dest.info(
					`no port given; the backendRef uses ${known}, the one port of the Service '${svc.name}'`,
				);
			}
			const subset = dest.get('subset');
			if (subset.str()) name = this.ensureSubset(svc.name, ns, subset, port, route.kind);
			ref = { name, ...(ns !== route.namespace ? { namespace: ns } : {}) };
			const grant = ensureReferenceGrant(
				this.ctx,
				{ kind: route.kind, namespace: route.namespace },
				{ kind: 'Service', namespace: ns },
			);
			if (grant) grant.use(dest.get('host'));
			if (port === undefined)
				dest.info(
					'no port given; Gateway API needs a port on a Service backend, so add the Service port',
				);
		}
		if (port !== undefined) ref.port = port;
		return ref;
	}

	/**
	 * Emits (once) the per-version Service for a subset and returns its name. `subset` is the field
	 * naming the subset: a route destination's subset or the DestinationRule's subset name.
	 */
	ensureSubset(
		service: string,
		ns: string,
		subset: Field,
		port?: number,
		routeKind?: string,
	): string {
		const subsetName = subset.str() ?? '';
		const name = `${service}-${subsetName}`.toLowerCase().slice(0, 63);
		const found = this.subsets.get(`${ns}/${service}#${subsetName}`);
		const base = this.services.get(`${ns}/${service}`);
		const key = `svc/${ns}/${name}`;
		const existing = this.ctx.keyedOut(key);
		if (existing) {
			subset.info(`subset '${subsetName}' is the generated Service '${name}'`);
			existing.use(subset);
			return name;
		}
		const selector: Record<string, unknown> = {};
		const baseSelector = base?.get('spec').get('selector').value;
		if (isRecord(baseSelector)) Object.assign(selector, baseSelector);
		// Without the Service, assume the common `app: <service>` label so the selector does not
		// match every pod of the version.
		else selector.app = service;
		const labels = found?.subset.get('labels');
		if (labels && isRecord(labels.value)) Object.assign(selector, labels.value);
		const basePorts = base?.get('spec').get('ports').value;
		const ports = Array.isArray(basePorts)
			? basePorts
			: port !== undefined
				? [{ name: PORT_NAMES[routeKind ?? ''] ?? 'http', port, targetPort: port }]
				: [];
		const out = this.ctx.emit(
			{
				apiVersion: 'v1',
				kind: 'Service',
				metadata: {
					name,
					...(explicitNs(subset) ? { namespace: ns } : {}),
					labels: { 'meshlens.io/generated-from': `${service}.${subsetName}` },
				},
				spec: compact({ selector, ports }),
			},
			key,
		);
		out.use(subset);
		if (found) {
			out.use(found.subset.get('name'));
			if (labels) out.use(labels);
			if (found.subset.get('name').path !== subset.path || found.rule.input !== subset.input)
				found.subset.get('name').info(`became the Service '${name}'`);
		}
		subset.info([
			`subset '${subsetName}' became the generated Service '${name}'${
				found ? '' : ' (its DestinationRule was not among the inputs: set its selector)'
			}${base ? '' : `; the Service '${service}' was not among the inputs, so its selector assumes the label app: ${service} and its ports need checking`}`,
			`Service ${ns}/${name}`,
		]);
		return name;
	}

	/** Copies a source's metadata and records which namespace an output lands in. */
	meta(src: Field, out: Out, name?: string): void {
		copyMeta(src, out, name ? { name } : {});
	}
}

/** True when the resource a field belongs to names its namespace. */
function explicitNs(f: Field): boolean {
	const r = f.ctx.inputs[f.input]?.resource;
	return isRecord(r?.metadata) && typeof r.metadata.namespace === 'string';
}
