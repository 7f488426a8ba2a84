// Lint only for what catches real bugs (STYLE.md): promises nobody awaits, focused or skipped tests.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'focused test left in' },
        { object: 'describe', property: 'only', message: 'focused test left in' },
        { object: 'test', property: 'only', message: 'focused test left in' },
        { object: 'it', property: 'skip', message: 'skipped test left in' },
        { object: 'describe', property: 'skip', message: 'skipped test left in' },
      ],
    },
  },
);
