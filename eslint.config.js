// Lint rules: the recommended sets, type-aware, so floating promises and unsafe any are caught.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { domainBoundary, foundationBoundary, webBoundary } from './eslint.boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'test-results', '.bench-data', 'bin', 'scratch', 'dist', 'dist.*-*'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  domainBoundary,
  foundationBoundary,
  webBoundary,
  { files: ['eslint.config.js', 'eslint.boundaries.js'], ...tseslint.configs.disableTypeChecked },
  // Scripts the browser loads as they are (src/web/static): plain JS, outside the TypeScript project.
  { files: ['src/web/static/**/*.js'], ...tseslint.configs.disableTypeChecked },
);
