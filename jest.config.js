/** Jest runs the TypeScript sources as native ESM (ts-jest, transpile only; `npm run typecheck` owns types). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  // One recorded seed for every fast-check property (FC_SEED overrides it to replay a run).
  setupFiles: ['<rootDir>/test/support/fast-check-seed.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
