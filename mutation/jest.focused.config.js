/**
 * The rule-level tests only (test/checks): what a focused mutation run of one rule module needs, without the
 * end-to-end suites that bundle and spawn the CLI or the property tests (hundreds of generated cases per mutant). A
 * mutant these miss but another suite would kill is reported as surviving, so a focused score is a lower bound of
 * the full run's.
 */
import base from '../jest.config.js';

export default { ...base, rootDir: '..', roots: ['<rootDir>/test/checks'] };
