// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Folders that hold the domain: they must never reach for the delivery layers (ARCHITECTURE.md). */
const DOMAIN = [
  'evidence',
  'custody',
  'package',
  'triage',
  'cases',
  'capture',
  'exports',
  'training',
];

export default tseslint.config(
  // api-types.ts is generated from the OpenAPI document (`npm run openapi`).
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'bench/.work/**',
      'test-artifacts/**',
      'src/client/api-types.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Layering by lint rule, not by hope: the domain never imports the CLI, the server or the web UI.
  ...DOMAIN.map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cli/**', '**/server/**', '**/web/**'],
              message: 'The domain must not depend on delivery layers (see docs/architecture).',
            },
          ],
        },
      ],
    },
  })),
  {
    // Vitest's asymmetric matchers (expect.stringMatching, expect.any) are typed `any`.
    files: ['**/*.test.ts', '**/*.contract.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: null },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  prettier,
);
