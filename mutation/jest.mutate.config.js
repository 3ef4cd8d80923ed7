/**
 * The whole suite for `npm run mutate`, less the tests that read the source as text (test/meta, and
 * test/docs/finding-fields.test.ts): in Stryker's sandbox every source file is instrumented (each mutant behind a
 * switch), so a scan of its syntax no longer finds what the file says, and those tests test the source's shape,
 * not what the rules do.
 */
import base from '../jest.config.js';

export default {
  ...base,
  rootDir: '..',
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/meta/', '<rootDir>/test/docs/finding-fields.test.ts'],
};
