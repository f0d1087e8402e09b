import type { ConvertContext } from './context';
import type { ConvertTarget, Resource } from './types';

/** One conversion: which source kinds it reads, which targets it serves, and how it runs. */
export interface Conversion {
	readonly id: string;
	/** Shown in menus and the README: "Istio ingress → Gateway API". */
	readonly title: string;
	readonly targets: readonly ConvertTarget[];
	/** True for the resources this conversion takes on. */
	accepts(resource: Resource): boolean;
	/** Converts the given inputs (indexes into ctx.inputs); runs once per call of convert(). */
	run(ctx: ConvertContext, inputs: readonly number[]): void;
}

export function groupOf(r: Resource): string {
	const v = typeof r.apiVersion === 'string' ? r.apiVersion : '';
	const slash = v.lastIndexOf('/');
	return slash === -1 ? '' : v.slice(0, slash);
}

export function isKind(r: Resource, group: string, ...kinds: string[]): boolean {
	return groupOf(r) === group && typeof r.kind === 'string' && kinds.includes(r.kind);
}
