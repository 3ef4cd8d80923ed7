/**
 * What the evidence check tells a PR author, word for word: every finding's message and fix (the values involved and
 * the command that repairs it, e.g. `git checkout <base ref> -- <path>`), and the check's one-line summary, which
 * counts errors only (a warning alone leaves the archive "intact").
 *
 * Why: these texts are the product's output. A fix naming the wrong ref, or a message that lost the path or digest
 * involved, sends the author to repair the wrong thing; the mutation run showed no test read most of them.
 */
import { describe, expect, it } from '@jest/globals';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { jsonDocument } from '../support/release-context.js';
import {
  BASE_REF,
  DIR,
  HEAD_LOG,
  INDEX_PATH,
  LOG,
  MODEL,
  REPORT_SHA,
  SUMS_PATH,
  archiveLog,
  archivedHead,
  baseManifest,
  codesOf,
  evidenceContext,
  foundBase,
  headManifest,
  judge,
  manifestDoc,
} from './evidence-literal-release.js';

const ARCHIVE_FIX = `run mlgov archive --base ${BASE_REF} and commit ${DIR}/`;
const OLD = 'artifacts/fraud-detection/0.9.0';

/** A context where the base already holds the 0.9.0 archive (two files) and the PR has them as they were. */
const withOldArchive = (head: Record<string, string> = {}) => {
  const old = { [`${OLD}/manifest.json`]: '1'.repeat(64), [`${OLD}/evidence.json`]: '2'.repeat(64) };
  return evidenceContext({
    baseFiles: old,
    headFiles: { ...archivedHead(), [LOG]: sha256Hex(HEAD_LOG), ...old, ...head },
  });
};

describe('evidence: when it cannot judge', () => {
  it('says which base could not be read and why, and passes on the base reader fix', () => {
    const r = judge(
      evidenceContext({}, { kind: 'unavailable', ref: 'origin/main', reason: 'not fetched', fix: 'git fetch origin' }),
    );
    expect(r.findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'EVIDENCE_BASE_UNAVAILABLE',
        message:
          'the base revision origin/main could not be read (not fetched), so the archive and the audit log cannot be compared with it',
        fix: 'git fetch origin',
      },
    ]);
    expect(r.summary).toBe('could not judge: base revision unavailable');
  });

  const notGathered = (isRepository: boolean, archiveDir: string) => {
    const ctx = evidenceContext();
    delete ctx.evidence;
    ctx.git = { isRepository, commitExists: {} };
    const policy: Policy = { ...DEFAULT_POLICY, model: { ...DEFAULT_POLICY.model, archiveDir } };
    return judge(ctx, policy);
  };

  it('names the archive directory (without its trailing slashes) when the evidence facts were not gathered', () => {
    const r = notGathered(true, 'records/archive//');
    expect(r.findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'EVIDENCE_NOT_GATHERED',
        message:
          'the files under records/archive/ were not read (no evidence facts), so write-once evidence cannot be judged',
        fix: 'run the gate inside the model repository checked out with its history (actions/checkout with fetch-depth: 0)',
      },
    ]);
    expect(r.summary).toBe('could not judge: evidence not gathered');
  });

  it('says "not a git repository" when the gate did not run in one', () => {
    expect(notGathered(false, 'artifacts').findings[0]!.message).toBe(
      'the files under artifacts/ were not read (not a git repository), so write-once evidence cannot be judged',
    );
  });

  it('reports an unreadable evidence file as could-not-judge, and not also as deleted', () => {
    const ctx = withOldArchive();
    delete ctx.evidence!.headFiles[`${OLD}/evidence.json`];
    ctx.evidence!.unreadable = { [`${OLD}/evidence.json`]: 'EACCES: permission denied' };
    expect(judge(ctx).findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'EVIDENCE_UNREADABLE',
        message: `${OLD}/evidence.json could not be read: EACCES: permission denied`,
        file: `${OLD}/evidence.json`,
        fix: 'make the file readable and run the gate again',
      },
    ]);
  });
});

describe('evidence: entries that are not regular files', () => {
  it('tells the author to put the archived file itself in place of a link in the PR', () => {
    const path = `${OLD}/manifest.json`;
    const f = judge(evidenceContext({ notRegular: { [path]: 'a symlink to /etc/passwd' } })).findings;
    expect(f).toEqual([
      {
        severity: 'error',
        code: 'EVIDENCE_NOT_A_FILE',
        message: `${path} is a symlink to /etc/passwd: evidence must be regular files (a link is never followed)`,
        file: path,
        fix: `replace ${path} with the file itself (git checkout the archived file, or run mlgov archive)`,
      },
    ]);
  });

  it('tells the author to repair a link the base committed on the production branch', () => {
    const f = judge(evidenceContext({ baseNotRegular: { [`${OLD}/x`]: 'a submodule' } })).findings;
    expect(f).toEqual([
      {
        severity: 'error',
        code: 'EVIDENCE_NOT_A_FILE',
        message: `${OLD}/x is a submodule: evidence must be regular files (a link is never followed)`,
        file: `${OLD}/x`,
        fix: `replace ${OLD}/x with the file itself on the production branch (git show its archived bytes, or run mlgov archive)`,
      },
    ]);
  });
});

describe('evidence: the superseded release and its archive', () => {
  it('cannot name an archive folder after a base release whose name is not one folder name', () => {
    const base = foundBase({ manifest: manifestDoc({ name: 'fraud/detection', version: '1.0.0' }) });
    expect(judge(evidenceContext({}, base)).findings).toContainEqual({
      severity: 'error',
      code: 'ARCHIVE_UNNAMEABLE',
      message: `the base release's name "fraud/detection" and version "1.0.0" cannot name an archive folder`,
      file: 'model/manifest.json',
      fix: 'the archive folder is <archiveDir>/<name>/<version>/: fix the base manifest first',
    });
  });

  it('says which release is not archived, by which version it is replaced, and which folder to commit', () => {
    const f = judge(evidenceContext({ headFiles: { [LOG]: sha256Hex(HEAD_LOG) }, checksumRecords: {} })).findings;
    expect(f).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_MISSING',
        message: `the base release ${MODEL} 1.0.0 is replaced by 1.1.0 but is not archived: ${DIR}/ is not in this change`,
        file: 'model/manifest.json',
        pointer: '/version',
        line: 3,
        column: 14,
        fix: ARCHIVE_FIX,
      },
    ]);
  });

  it('names each archive file missing from a present archive, with the command that writes it', () => {
    const head = archivedHead();
    delete head[SUMS_PATH];
    const f = judge(evidenceContext({ headFiles: head, checksumRecords: {} })).findings;
    expect(f).toContainEqual({
      severity: 'error',
      code: 'ARCHIVE_FILE_MISSING',
      message: `${SUMS_PATH} is missing from the archive of ${MODEL} 1.0.0`,
      file: SUMS_PATH,
      fix: ARCHIVE_FIX,
    });
  });

  it('gives both digests of an archived copy that is not the base file, and how to restore it from the base ref', () => {
    const edited = 'f'.repeat(64);
    const f = judge(evidenceContext({ headFiles: { ...archivedHead(), [`${DIR}/manifest.json`]: edited } })).findings;
    expect(f.filter((x) => x.code === 'ARCHIVE_MISMATCH')).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_MISMATCH',
        message: `${DIR}/manifest.json is not a byte copy of the base's model/manifest.json (sha256 ${edited}, base ${baseManifest.sha256})`,
        file: `${DIR}/manifest.json`,
        fix: `archived files are copies, never edited: restore with git checkout ${BASE_REF} -- ${DIR} or re-run mlgov archive`,
      },
    ]);
  });

  it('names the base bias report file an archived report should copy, or "bias report" when only its digest is known', () => {
    const named = jsonDocument<BiasReport>('reports/latest-bias-report.json', { schemaVersion: '1.0' });
    const edited = { ...archivedHead(), [`${DIR}/bias-report.json`]: 'f'.repeat(64) };
    const withFile = judge(evidenceContext({ headFiles: edited }, foundBase({ biasReport: named })));
    expect(withFile.findings.find((x) => x.code === 'ARCHIVE_MISMATCH')!.message).toBe(
      `${DIR}/bias-report.json is not a byte copy of the base's reports/latest-bias-report.json (sha256 ${'f'.repeat(64)}, base ${REPORT_SHA})`,
    );
    const digestOnly = judge(evidenceContext({ headFiles: edited }));
    expect(digestOnly.findings.find((x) => x.code === 'ARCHIVE_MISMATCH')!.message).toBe(
      `${DIR}/bias-report.json is not a byte copy of the base's bias report (sha256 ${'f'.repeat(64)}, base ${REPORT_SHA})`,
    );
  });

  it('warns at the audit log, with the command that appends the missing archive event', () => {
    const f = judge(evidenceContext({ headAuditLog: '' })).findings;
    expect(f).toEqual([
      {
        severity: 'warning',
        code: 'ARCHIVE_NOT_LOGGED',
        message: `the audit log has no "archive" event for ${MODEL} 1.0.0 in ${DIR}/: the archive was not made with mlgov archive`,
        file: LOG,
        fix: `run mlgov archive --base ${BASE_REF} (it appends the missing event and changes nothing else)`,
      },
    ]);
  });

  it('names the governed model in the command when the policy lists several', () => {
    const f = judge(evidenceContext({ headAuditLog: '' }, foundBase(), { governedName: MODEL })).findings;
    expect(f[0]!.fix).toBe(
      `run mlgov archive --base ${BASE_REF} --model ${MODEL} (it appends the missing event and changes nothing else)`,
    );
  });

  it('asks for no archive event when the archive was already on the base (it was logged when it was made)', () => {
    const onBase = { [`${DIR}/manifest.json`]: baseManifest.sha256 };
    expect(codesOf(evidenceContext({ baseFiles: onBase, headAuditLog: '' }))).toEqual([]);
  });
});

describe('evidence: archived files and the audit log on the base', () => {
  it('says a changed archived file differs, with both digests, and how to restore it from the base ref', () => {
    const path = `${OLD}/manifest.json`;
    const f = judge(withOldArchive({ [path]: '3'.repeat(64) })).findings;
    expect(f).toEqual([
      {
        severity: 'error',
        code: 'EVIDENCE_MODIFIED',
        message: `${path} differs from the base (sha256 ${'3'.repeat(64)}, base ${'1'.repeat(64)}); archived evidence is write-once`,
        file: path,
        fix: `restore it: git checkout ${BASE_REF} -- ${path}`,
      },
    ]);
  });

  it('says a deleted archived file is kept for the policy retention, and how to restore it', () => {
    const ctx = withOldArchive();
    delete ctx.evidence!.headFiles[`${OLD}/evidence.json`];
    const policy: Policy = { ...DEFAULT_POLICY, evidence: { ...DEFAULT_POLICY.evidence, retentionYears: 7 } };
    expect(judge(ctx, policy).findings).toEqual([
      {
        severity: 'error',
        code: 'EVIDENCE_DELETED',
        message: `${OLD}/evidence.json exists on the base but was deleted; archived evidence is kept for 7 years and never removed`,
        file: `${OLD}/evidence.json`,
        fix: `restore it: git checkout ${BASE_REF} -- ${OLD}/evidence.json`,
      },
    ]);
  });

  it('says "<base>" in the restore command when there is no base ref to name', () => {
    const ctx = withOldArchive();
    ctx.base = { kind: 'none', reason: 'first release' };
    ctx.manifest = headManifest;
    delete ctx.evidence!.headFiles[`${OLD}/evidence.json`];
    expect(judge(ctx).findings.find((f) => f.code === 'EVIDENCE_DELETED')!.fix).toBe(
      `restore it: git checkout <base> -- ${OLD}/evidence.json`,
    );
  });

  it('points at the first broken line of the log and says the log is append-only', () => {
    const three = archiveLog([{ version: '0.8.0' }, { version: '0.9.0' }, { version: '1.0.0' }]);
    const lines = three.split('\n');
    const edited = [lines[0], lines[1]!.replace('"actor":"a"', '"actor":"z"'), lines[2], ''].join('\n');
    const f = judge(evidenceContext({ headAuditLog: edited })).findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', code: 'AUDIT_LOG_BROKEN', file: LOG, line: 2, column: 1 });
    expect(f[0]!.message).toMatch(/^artifacts\/audit-log\.jsonl does not verify: line 2 \(seq 2\)/);
    expect(f[0]!.fix).toBe(
      'the log is append-only: restore the original lines from the base branch and append new events only with mlgov',
    );
  });

  it('says the deleted log existed on the base, and how to restore it', () => {
    const f = judge(evidenceContext({ baseAuditLog: HEAD_LOG, headAuditLog: undefined })).findings;
    expect(f).toEqual([
      {
        severity: 'error',
        code: 'AUDIT_LOG_DELETED',
        message: `${LOG} exists on the base but was deleted`,
        file: LOG,
        fix: `restore it: git checkout ${BASE_REF} -- ${LOG}`,
      },
    ]);
  });

  it('points at the first line that differs from the base log, and how to restore the base lines', () => {
    const base = archiveLog([{ version: '1.0.0' }, { version: '0.9.0' }]);
    const f = judge(evidenceContext({ baseAuditLog: base, headAuditLog: HEAD_LOG }));
    expect(f.findings).toEqual([
      {
        severity: 'error',
        code: 'AUDIT_LOG_REWRITTEN',
        message: `${LOG} line 2 differs from the base's log; the log may only grow (the base's log must be a prefix of this one)`,
        file: LOG,
        line: 2,
        column: 1,
        fix: `restore the base's lines (git checkout ${BASE_REF} -- ${LOG}) and append new events only with mlgov`,
      },
    ]);
  });
});

describe('evidence: the summary line', () => {
  it('counts the unchanged base files and names the new archive when all is well', () => {
    const r = judge(withOldArchive());
    expect(r.status).toBe('pass');
    expect(r.summary).toBe(`archive and audit log intact (2 base file(s) unchanged, ${DIR}/ archived)`);
  });

  it('names no archive when the PR supersedes no release', () => {
    const ctx = evidenceContext({ headFiles: { [LOG]: sha256Hex(HEAD_LOG) }, checksumRecords: {} });
    ctx.manifest = baseManifest;
    const r = judge(ctx);
    expect(r.findings).toEqual([]);
    expect(r.summary).toBe('archive and audit log intact (0 base file(s) unchanged)');
  });

  it('still says intact when the only finding is a warning', () => {
    const r = judge(evidenceContext({ headAuditLog: '' }));
    expect(r.status).toBe('warn');
    expect(r.summary).toBe(`archive and audit log intact (0 base file(s) unchanged, ${DIR}/ archived)`);
  });

  it('counts the errors, and the archived files changed or deleted when there are some', () => {
    const ctx = withOldArchive({ [`${OLD}/manifest.json`]: '3'.repeat(64) });
    ctx.evidence!.headAuditLog = '';
    delete ctx.evidence!.headFiles[INDEX_PATH];
    const r = judge(ctx);
    expect(r.findings.map((f) => f.code)).toEqual(['ARCHIVE_FILE_MISSING', 'ARCHIVE_NOT_LOGGED', 'EVIDENCE_MODIFIED']);
    expect(r.summary).toBe('2 evidence problem(s): 1 archived file(s) changed or deleted');
  });

  it('counts the errors alone when no archived file changed', () => {
    const edited = { ...archivedHead(), [`${DIR}/bias-report.json`]: 'f'.repeat(64) };
    const r = judge(evidenceContext({ headFiles: edited, evidenceRecords: {} }));
    expect(r.findings.map((f) => f.code)).toEqual(['ARCHIVE_MISMATCH']);
    expect(r.summary).toBe('1 evidence problem(s)');
  });
});
