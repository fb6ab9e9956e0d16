// Flat config: typescript-eslint's recommended rules plus the workflow sandbox's determinism rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'infra/generated/', '.data/', '.tools/', 'coverage/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The offline trip's service worker (plain JS served as is).
    files: ['web/public/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no I/O, no wall clock, no randomness.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process'], message: 'Workflows must not use Node APIs.' },
          { group: ['**/activities/**'], allowTypeImports: true, message: 'Workflows import activity types only.' },
          { group: ['**/infra/**', '**/providers/**', '**/agents/**', 'ioredis', 'pg', '@prisma/*', 'express'], message: 'Workflows must not do I/O.' },
          // zod schemas would add about 1 MB to every workflow bundle (docs/api.md, Primitives): validators.ts checks by hand.
          { group: ['zod', '**/domain/schemas.js', '**/contracts/**', '!**/contracts/primitives.js'], message: 'No zod in workflow code: use contracts/primitives.ts predicates.' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use uuid4() from @temporalio/workflow so intent is explicit.' },
      ],
    },
  },
  {
    // Contracts are shared by the API, the worker and the browser: zod and domain types only.
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/api/**', '**/activities/**', '**/workflows/**', '**/agents/**', '**/infra/**', '**/providers/**', '**/worker/**', '**/web/**'], message: 'Contracts import only zod, other contracts and domain/.' },
          { group: ['node:*', 'express', 'socket.io', 'ioredis', 'pg', '@prisma/*', '@temporalio/*'], message: 'Contracts load in the browser: no server packages.' },
        ],
      }],
    },
  },
  {
    // The API starts and signals workflows; activity code runs in the worker only.
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/activities/**'], allowTypeImports: true, message: 'The API imports activity types only; shared logic lives in domain/ or contracts/.' }],
      }],
    },
  },
  {
    files: ['scripts/**/*.{ts,mjs}', 'bench/**/*.ts', 'test/**/*.{ts,mjs}'],
    rules: { 'no-console': 'off' },
  },
);
