/** Jest runs the TypeScript sources through SWC (no type-check here: `npm run typecheck` does that). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The contract tests run the real agent CLIs: their own step (`npm run test:contract`).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/contract/'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@actions/workflow-parser|@actions/expressions)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
};
