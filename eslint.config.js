import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'benchmarks/perf/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'commander', message: 'Import @commander-js/extra-typings: it is commander with typed options and arguments.' }],
          patterns: [{ group: ['@aws-sdk/*'], message: 'Only src/aws/ may import the AWS SDK.' }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']",
          message: 'Only src/main.ts decides the exit code.',
        },
      ],
    },
  },
  { files: ['src/aws/**/*.ts', 'test/**/*.ts', 'benchmarks/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/main.ts', 'test/**/*.ts', 'benchmarks/**/*.ts'], rules: { 'no-restricted-syntax': 'off' } },
  {
    files: ['benchmarks/**/*.{js,mjs}', '*.config.{js,mjs}', 'bin/**/*.js', 'src/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', URL: 'readonly' } },
  },
);
