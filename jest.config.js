// Jest runs TypeScript as native ESM (node --experimental-vm-modules), transformed by SWC.
// Two tiers (docs/testing.md):
//   unit         no services: colocated tests in the source folders and test/unit/ (`npm run test:unit`)
//   integration  the real stack: the rest of test/, behind a global setup that starts Temporal, a migrated
//                PostgreSQL database, Redis and the worker
const shared = {
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } },
      module: { type: 'es6' },
    }],
  },
  // Sources import siblings as `./x.js` (NodeNext); map them back to the `.ts` file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // The places index's airport data from a JSON copy of the package's own answer: the package itself
      // costs ~0.5 s to load in every test file (test/support/airportDataCache.cjs).
      moduleNameMapper: { ...shared.moduleNameMapper, '^airport-data-js$': '<rootDir>/test/support/airportDataCache.cjs' },
      testMatch: [
        '<rootDir>/test/unit/**/*.test.{ts,tsx}',
        '<rootDir>/{contracts,domain,agents,providers,api,activities,workflows,infra}/**/*.test.ts',
      ],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.{ts,tsx}'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      globalSetup: '<rootDir>/test/globalSetup.mjs',
      globalTeardown: '<rootDir>/test/globalTeardown.mjs',
    },
  ],
  testTimeout: 30_000,
  maxWorkers: 2,
};
