import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'src/paraglide/'] },
  js.configs.recommended,
  ts.configs.recommendedTypeChecked,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: ts.parser, svelteConfig },
    },
  },
  {
    // The JS config files run in Node and are not part of tsconfig.json, so they get the untyped rules.
    files: ['*.config.js'],
    extends: [ts.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Architecture invariant: only src/lib/api talks to the backend (see STYLE.md), so screens stay
    // testable with a mocked api module and the command list lives in one file.
    files: ['src/**/*.{ts,svelte}'],
    ignores: ['src/lib/api/**', 'src/**/*.test.ts', 'src/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tauri-apps/*'],
              message: 'Only src/lib/api may use Tauri APIs; add a typed function there instead.',
            },
            {
              group: ['**/lib/api/types', '**/lib/api/types/*', '**/lib/api/errors'],
              message: 'Import types and errors from src/lib/api (index.ts), the one entry point to the backend.',
            },
          ],
        },
      ],
    },
  },
);
