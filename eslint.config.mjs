// One lint configuration for the product, its tests, scripts and benchmarks; formatting is Prettier's.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**', 'test-output/**', 'platforms/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Augmenting express's own types is done with `declare global { namespace Express }`.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      'no-console': 'error',
    },
  },
  {
    // The browser pages' scripts.
    files: ['web/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },
  {
    // CommonJS files: configuration, the postinstall script and test support written for node directly.
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['web/**'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Command-line scripts, evaluations and benchmarks report on the console.
    files: ['scripts/**', 'bench/**', 'src/**/eval.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read untyped JSON bodies and run under mocha's globals.
    files: ['test/**'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
