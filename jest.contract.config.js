/**
 * The contract tests: every agent adapter against its real CLI (the version it pins) and a
 * local mock of its model API. Each test starts a native CLI binary of 100-250 MB, so they run
 * as their own step (`npm run test:contract`, run by .ci/run after `npm test`).
 */
import base from './jest.config.js';

export default {
  ...base,
  roots: ['<rootDir>/test/contract'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 60000,
};
