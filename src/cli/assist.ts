// Placeholder until the manifest-assist engine lands (owned by the assist work).
import type { CliCommand } from './io';

const notYet: CliCommand = (io) => {
	io.stderr('meshlens: this command is not available yet\n');
	return Promise.resolve(1);
};
export const explain = notYet;
export const complete = notYet;
export const kinds = notYet;
