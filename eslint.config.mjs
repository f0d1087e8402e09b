// ESLint owns correctness; Prettier owns formatting (eslint-config-prettier goes last).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const vscodeBan = {
	name: 'vscode',
	message:
		'src/core and webview are pure: only the adapters in src/*.ts may import the vscode API.',
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
		files: ['src/core/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [vscodeBan],
					patterns: [
						{
							group: ['../*.js', '../*', '!../*/**'],
							message: 'src/core must not import the adapters in src/.',
						},
					],
				},
			],
		},
	},
	{
		files: ['webview/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [vscodeBan],
					patterns: [
						{
							group: ['../src/*', '!../src/protocol', '!../src/protocol.js'],
							message: 'webview/ may share only src/protocol.ts with the host.',
						},
					],
				},
			],
		},
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
