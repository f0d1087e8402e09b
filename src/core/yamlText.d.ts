/** YAML files of data/ bundled as text (esbuild `loader: { '.yaml': 'text' }`). */
declare module '*.yaml' {
	const text: string;
	export default text;
}
