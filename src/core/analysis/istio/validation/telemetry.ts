import { isMapValue, listAt, T } from '../../../workspace/resolve';
import { validationAnalyzer, emptySelector, mapsAt, num, text } from './common';
import { dryRun, targetRefs } from './security';

/** IST0106/IST0133 on Telemetry (upstream validation.go ValidateTelemetry). */
export const telemetryValidation = validationAnalyzer('Telemetry', T.Telemetry, (c, o) => {
	dryRun(c, false);
	emptySelector(c, 'selector', 'matchLabels', 'Telemetry');
	targetRefs(c);
	const tracing = mapsAt(o.value, 'spec', 'tracing');
	if (listAt(o.value, 'spec', 'tracing').length > 1)
		c.warn(['spec', 'tracing'], 'only one tracing entry is supported; the others are not used');
	for (const { item, i } of tracing) {
		const at = ['spec', 'tracing', i];
		const providers = listAt(item, 'providers');
		if (providers.length > 1)
			c.warn(
				[...at, 'providers'],
				'only one tracing provider is supported; the others are not used',
			);
		providers.forEach((p, j) => {
			if (!isMapValue(p) || !text(p, 'name'))
				c.err([...at, 'providers', j], 'a provider needs a name');
		});
		const rate =
			num(item.randomSamplingPercentage, 'value') ?? num(item, 'randomSamplingPercentage');
		if (rate !== undefined && (rate < 0 || rate > 100))
			c.err(
				[...at, 'randomSamplingPercentage'],
				`randomSamplingPercentage ${rate} is not in 0..100`,
			);
		for (const name of Object.keys(isMapValue(item.customTags) ? item.customTags : {}))
			if (name === '') c.err([...at, 'customTags'], 'a custom tag needs a name');
	}
	for (const { item, i } of mapsAt(o.value, 'spec', 'metrics'))
		for (const { item: ov, i: j } of mapsAt(item, 'overrides'))
			if (isMapValue(ov.tagOverrides) && '' in ov.tagOverrides)
				c.warn(
					['spec', 'metrics', i, 'overrides', j, 'tagOverrides'],
					'a tag override needs a tag name',
				);
});
