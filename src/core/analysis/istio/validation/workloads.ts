import type { Analyzer } from '../../types';
import { mapAt, T } from '../../../workspace/resolve';
import { typeOf } from '../../../workspace/model';
import { checker, validationAnalyzer, emptySelector, fqdnProblem, isIp, num, text } from './common';
import { labelsProblem } from './labels';
import { dryRun, targetRefs } from './security';

/** IST0106/IST0133 on WorkloadEntries (upstream validation.go ValidateWorkloadEntry, validateWorkloadEntry). */
export const workloadEntryValidation = validationAnalyzer(
	'WorkloadEntry',
	T.WorkloadEntry,
	(c, o) => {
		const spec = mapAt(o.value, 'spec');
		if (!spec) return;
		dryRun(c, false);
		const address = text(spec, 'address');
		const network = text(spec, 'network');
		if (!address && network)
			c.warn(['spec'], `the WorkloadEntry has no address, only the network "${network}"`);
		if (address && !address.startsWith('unix://') && !isIp(address) && fqdnProblem(address))
			c.err(
				['spec', 'address'],
				`address "${address}" is neither a host name nor an IP address`,
			);
		const lp = labelsProblem(spec.labels);
		if (lp) c.err(['spec', 'labels'], lp);
	},
);

/** IST0106 on WorkloadGroups (upstream ValidateWorkloadGroup, validateReadinessProbe). */
export const workloadGroupValidation: Analyzer = {
	name: 'schema.ValidationAnalyzer.WorkloadGroup',
	mesh: 'istio',
	codes: ['IST0106'],
	subjects: [typeOf('networking.istio.io', 'WorkloadGroup')],
	reads: [],
	analyze(r, o) {
		const spec = o && mapAt(o.value, 'spec');
		if (!o || !spec) return;
		const c = checker(r, o);
		dryRun(c, false);
		const lp = labelsProblem(mapAt(spec, 'metadata', 'labels'));
		if (lp) c.err(['spec', 'metadata', 'labels'], lp);
		const exec = mapAt(spec, 'probe', 'exec');
		if (exec && Array.isArray(exec.command) && exec.command.length === 0)
			c.err(['spec', 'probe', 'exec', 'command'], 'an exec probe needs a command');
	},
};

/** IST0106/IST0133 on ProxyConfigs (upstream ValidateProxyConfig). */
export const proxyConfigValidation = validationAnalyzer(
	'ProxyConfig',
	typeOf('networking.istio.io', 'ProxyConfig'),
	(c, o) => {
		const spec = mapAt(o.value, 'spec');
		if (!spec) return;
		dryRun(c, false);
		emptySelector(c, 'selector', 'matchLabels', 'ProxyConfig');
		const concurrency = num(spec, 'concurrency');
		if (concurrency !== undefined && concurrency < 0)
			c.err(
				['spec', 'concurrency'],
				'concurrency cannot be negative (0 means one worker per CPU)',
			);
	},
);

/** IST0106/IST0133 on WasmPlugins (upstream ValidateWasmPlugin; most of it is schema and CEL). */
export const wasmPluginValidation = validationAnalyzer('WasmPlugin', T.WasmPlugin, (c) => {
	dryRun(c, false);
	emptySelector(c, 'selector', 'matchLabels', 'WasmPlugin');
	targetRefs(c);
});
