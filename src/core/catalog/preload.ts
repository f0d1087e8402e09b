/**
 * The API groups a YAML text declares in `apiVersion:` lines, in order of first appearance, read
 * with a line scan (no parse) so an editor can load their catalog files when a file opens,
 * before the first hover or completion asks. Only the first `maxChars` are read.
 */
export function groupsDeclaredIn(text: string, max = 16, maxChars = 256 * 1024): string[] {
	const groups: string[] = [];
	const re = /^[ \t-]*["']?apiVersion["']?[ \t]*:[ \t]*["']?([a-z0-9][a-z0-9.-]*)\/[^\s"'#]+/gm;
	const head = text.length > maxChars ? text.slice(0, maxChars) : text;
	for (let m = re.exec(head); m && groups.length < max; m = re.exec(head)) {
		const group = m[1];
		if (group && !groups.includes(group)) groups.push(group);
	}
	return groups;
}
