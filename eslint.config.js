// Lint (run by `npm test`): typescript-eslint's recommended rules everywhere, and, type-aware on
// the TypeScript (tsconfig.check.json: sources and tests), the promise rules — this code starts
// many background promises, and one left floating is an unhandled rejection or a lost error.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // test/fixtures/ holds code written for another place (a toy skill folder is type-checked where the test copies it).
  { ignores: ['dist/**', 'node_modules/**', 'runs/**', 'datasets/**', 'coverage/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks what is deliberately unused; rest siblings are how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.check.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
