/** The filesystem family of the bad-input corpus (cases: test/corpus/cases/filesystem.json), through `mlgov check` in-process. */
import { describeFamily, plainReleaseRepo } from './corpus-repos.js';

describeFamily('filesystem', { repo: plainReleaseRepo });
