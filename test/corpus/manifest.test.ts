/** The manifest family of the bad-input corpus (cases: test/corpus/cases/manifest.json), through `mlgov check` in-process. */
import { describeFamily, plainReleaseRepo } from './corpus-repos.js';

describeFamily('manifest', { repo: plainReleaseRepo });
