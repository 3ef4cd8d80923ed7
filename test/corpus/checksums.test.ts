/**
 * The checksum-file family of the bad-input corpus (cases: test/corpus/cases/checksums.json): the archive of the
 * superseded release (checksums.sha256 and its siblings) damaged in a promotion PR, through `mlgov check`.
 */
import { describeFamily, promotedReleaseRepo } from './corpus-repos.js';

describeFamily('checksums', { repo: promotedReleaseRepo });
