// ESLint owns correctness; Prettier owns formatting (eslint-config-prettier goes last).
import js from '@eslint/js';
import { dirname, relative, resolve } from 'node:path';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const vscodeBan = {
	name: 'vscode',
	message:
		'src/core and webview are pure: only the adapters in src/*.ts may import the vscode API.',
};

/**
 * `meshlens/boundaries`: src/core may import only src/core, packages and YAML files of data/
 * (bundled as text, parsed and validated by the core); webview/ may import
 * only webview/, src/protocol.ts and, through it, types of src/core (and packages); everything
 * else imports the core only through src/core/index.ts.
 */
const boundaries = {
	meta: { type: 'problem', schema: [] },
	create(context) {
		const file = context.filename;
		const root = import.meta.dirname;
		const rel = relative(root, file);
		const inCore = rel.startsWith('src/core/');
		const inWebview = rel.startsWith('webview/');
		const check = (node, source) => {
			if (typeof source !== 'string' || !source.startsWith('.')) return;
			const target = relative(root, resolve(dirname(file), source));
			if (!inCore && !inWebview) {
				// Everything outside the core uses its one public API, src/core/index.ts.
				if (target.startsWith('src/core/') && target !== 'src/core/index') {
					context.report({
						node,
						message: `Import the core through its public API ('src/core'), not '${source}'.`,
					});
				}
				return;
			}
			const allowed = inCore
				? target.startsWith('src/core/') ||
					(target.startsWith('data/') && target.endsWith('.yaml'))
				: target.startsWith('webview/') || target === 'src/protocol';
			if (!allowed) {
				context.report({
					node,
					message: inCore
						? `src/core is pure: it may not import '${source}' from outside src/core.`
						: `webview/ may share only src/protocol.ts with the host, not '${source}'.`,
				});
			}
		};
		return {
			ImportDeclaration: (node) => check(node, node.source.value),
			ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
			ExportAllDeclaration: (node) => check(node, node.source.value),
		};
	},
};

export default tseslint.config(
	{ ignores: ['node_modules/', 'dist/', 'out/', '.e2e/', '.vscode-test/', 'data/'] },
	js.configs.recommended,
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommendedTypeChecked],
		languageOptions: {
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			eqeqeq: ['error', 'smart'],
			curly: ['error', 'multi-line'],
		},
	},
	{
		files: ['**/*.ts'],
		plugins: { meshlens: { rules: { boundaries } } },
		rules: { 'meshlens/boundaries': 'error' },
	},
	{
		files: ['src/core/**/*.ts', 'webview/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { paths: [vscodeBan] }] },
	},
	{
		// node:test's describe/it return promises that the runner itself awaits.
		files: ['test/unit/**/*.ts'],
		rules: { '@typescript-eslint/no-floating-promises': 'off' },
	},
	{
		files: ['**/*.mjs', '**/*.js'],
		languageOptions: {
			globals: {
				process: 'readonly',
				console: 'readonly',
				setTimeout: 'readonly',
				clearTimeout: 'readonly',
				setInterval: 'readonly',
				clearInterval: 'readonly',
				URL: 'readonly',
				Buffer: 'readonly',
				fetch: 'readonly',
				AbortSignal: 'readonly',
				document: 'readonly',
				window: 'readonly',
				__dirname: 'readonly',
				require: 'readonly',
				module: 'writable',
			},
		},
	},
	prettier,
);
