import { openGitRepository } from '../../src/adapters/git-repository.js';
import { readAuditInput } from '../../src/evidence/audit-history.js';
import type { PeriodAuditInput } from '../../src/evidence/period-audit.js';
import type { TempRepo } from '../support/git-repo.js';

/** What the audit reads from `repo` for the year 2025 (optionally of one `model`), as `mlgov audit` would. */
export const auditInputOf = (repo: TempRepo, model?: string): Promise<PeriodAuditInput> =>
  readAuditInput({
    git: openGitRepository(repo.dir),
    since: '2025-01-01',
    until: '2025-12-31',
    now: new Date('2026-01-05T00:00:00Z'),
    toolVersion: '9.9.9',
    ...(model !== undefined ? { model } : {}),
  });
