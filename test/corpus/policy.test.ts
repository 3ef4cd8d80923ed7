/** The policy family of the bad-input corpus (cases: test/corpus/cases/policy.json), through `mlgov check` in-process. */
import { describeFamily, plainReleaseRepo } from './corpus-repos.js';

describeFamily('policy', { repo: plainReleaseRepo });
