/** The bias-report family of the bad-input corpus (cases: test/corpus/cases/bias-report.json), through `mlgov check` in-process. */
import { describeFamily, plainReleaseRepo } from './corpus-repos.js';

describeFamily('bias-report', { repo: plainReleaseRepo });
