import type { ConvertContext, Field } from './context';
import type { ConvertTarget } from './types';
import { namespaceOf, nameOf } from './util';

export const APPMESH = 'appmesh.k8s.aws';

/** A Service named by an App Mesh host: `color`, `color.ns.svc.cluster.local` (placeholders allowed). */
export function hostService(
	host: string | undefined,
): { name: string; namespace?: string } | undefined {
	if (!host) return undefined;
	const parts = host.split('.');
	if (parts.length === 1 && parts[0]) return { name: parts[0] };
	if (parts.length >= 3 && parts[2] === 'svc' && parts[0] && parts[1])
		return { name: parts[0], namespace: parts[1] };
	return undefined;
}

/** The App Mesh resources among the inputs, by kind and `ns/name`, and what they stand for. */
export class AppMeshEnv {
	readonly byKind = new Map<string, Map<string, Field>>();
	/** Every resource of a kind, duplicates included, in input order. */
	private readonly lists = new Map<string, Field[]>();

	constructor(
		readonly ctx: ConvertContext,
		inputs: readonly number[],
	) {
		for (const i of inputs) {
			const f = ctx.root(i);
			const kind = f.get('kind').str() ?? '';
			const key = `${namespaceOf(f, ctx.defaultNamespace)}/${nameOf(f)}`;
			let m = this.byKind.get(kind);
			if (!m) this.byKind.set(kind, (m = new Map<string, Field>()));
			m.set(key, f);
			this.lists.set(kind, [...(this.lists.get(kind) ?? []), f]);
		}
	}

	get target(): ConvertTarget {
		return this.ctx.options.target;
	}

	all(kind: string): Field[] {
		return this.lists.get(kind) ?? [];
	}

	find(kind: string, ref: Field, fromNs: string): Field | undefined {
		const name = ref.get('name').str();
		const ns = ref.get('namespace').str() ?? fromNs;
		return this.byKind.get(kind)?.get(`${ns}/${name ?? ''}`);
	}

	/** The Kubernetes Service behind a VirtualNode: its DNS hostname, else the node name. */
	nodeService(ref: Field, fromNs: string): { name: string; namespace: string; port?: number } {
		const node = this.find('VirtualNode', ref, fromNs);
		const ns = ref.get('namespace').str() ?? fromNs;
		if (!node) return { name: ref.get('name').str() ?? 'unknown', namespace: ns };
		const nodeNs = namespaceOf(node, this.ctx.defaultNamespace);
		const host = hostService(
			node.get('spec').get('serviceDiscovery').get('dns').get('hostname').str(),
		);
		const port = node
			.get('spec')
			.get('listeners')
			.items()[0]
			?.get('portMapping')
			.get('port')
			.num();
		return {
			name: host?.name ?? nameOf(node),
			namespace: host?.namespace ?? nodeNs,
			...(port !== undefined ? { port } : {}),
		};
	}

	/** The Kubernetes Service clients call for a VirtualService: its awsName host, else its name. */
	virtualServiceService(vs: Field): { name: string; namespace: string } {
		const ns = namespaceOf(vs, this.ctx.defaultNamespace);
		const host = hostService(vs.get('spec').get('awsName').str()) ?? hostService(nameOf(vs));
		return { name: host?.name ?? nameOf(vs), namespace: host?.namespace ?? ns };
	}

	/** The router's listener port, for the parentRef. */
	routerPort(router: Field): number | undefined {
		return router.get('spec').get('listeners').items()[0]?.get('portMapping').get('port').num();
	}
}

/** Fields App Mesh needed for AWS that have no meaning after the move. */
export function awsFields(spec: Field): void {
	spec.rest(
		{
			awsName: 'the name of the object in AWS; the Kubernetes name carries over',
			meshRef: 'the target mesh has no mesh object to refer to',
		},
		'info',
	);
}
