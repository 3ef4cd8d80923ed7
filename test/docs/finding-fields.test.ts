/**
 * The README promises each finding `file, pointer, line, column, fix` wherever they exist. The findings that lack one
 * by design are listed in docs/formats.md ("Findings"); this test derives the same lists from the source (every
 * finding constructor call, test/docs/finding-sites.ts) and asserts both: a new finding without a fix or a location
 * fails here until it gets one or the docs say why it cannot have one.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promotionCheck } from '../../src/checks/promotion.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { buildRelease } from '../checks/fixtures/release.js';
import { PROJECT_ROOT } from '../support/git-repo.js';
import { codesWhere, findingSites } from './finding-sites.js';

const sites = findingSites();

const NO_FIX = [
  'APPROVALS_CORROBORATION_UNAVAILABLE',
  'APPROVALS_MANIFEST_IGNORED',
  'BIAS_FAVORABLE_LABEL',
  'FORCED_PROMOTION',
  'POLICY_NOT_COMPARED',
  'PROMOTION_FIRST_RELEASE',
  'PROMOTION_ROLLBACK',
  'PROMOTION_UNCHANGED',
];

const NO_FILE = [
  'EVIDENCE_BASE_UNAVAILABLE',
  'EVIDENCE_NOT_GATHERED',
  'JIRA_KEY_MISMATCH',
  'JIRA_KEY_MISSING',
  'JIRA_MULTIPLE_KEYS',
  'JIRA_NOT_GATHERED',
  'JIRA_PR_UNKNOWN',
  'JIRA_WRONG_PROJECT',
];

const FILE_WITHOUT_POINTER = [
  'APPROVALS_CORROBORATION_UNAVAILABLE',
  'APPROVALS_REVIEWS_UNAVAILABLE',
  'APPROVALS_REVIEWS_UNREADABLE',
  'ARCHIVE_CHECKSUMS_EXTRA',
  'ARCHIVE_CHECKSUMS_INCOMPLETE',
  'ARCHIVE_CHECKSUMS_MALFORMED',
  'ARCHIVE_CHECKSUMS_MISMATCH',
  'ARCHIVE_EVIDENCE_INVALID',
  'ARCHIVE_FILE_MISSING',
  'ARCHIVE_MISMATCH',
  'ARCHIVE_NOT_LOGGED',
  'ARCHIVE_ROLLBACK_DIFFERS',
  'ARCHIVE_UNEXPECTED',
  'ARCHIVE_UNNAMEABLE',
  'AUDIT_LOG_BROKEN',
  'AUDIT_LOG_DELETED',
  'AUDIT_LOG_REWRITTEN',
  'BIAS_PREDICTIONS_UNREADABLE',
  'BIAS_REPORT_UNREADABLE',
  'BIAS_REVIEWS_UNAVAILABLE',
  'EVIDENCE_DELETED',
  'EVIDENCE_MODIFIED',
  'EVIDENCE_NOT_A_FILE',
  'EVIDENCE_UNREADABLE',
  'FILE_NOT_FOUND',
  'PATH_OUTSIDE_REPOSITORY',
  'POLICY_CHANGED',
  'POLICY_NOT_COMPARED',
  'PROMOTION_BASE_UNAVAILABLE',
  'PROMOTION_MANIFEST_UNREADABLE',
  'ROLLBACK_ARCHIVE_INVALID',
  'UNLISTED_FILE',
];

/** The codes docs/formats.md lists in the bullet of its "Findings" section that starts with `label`. */
function documented(label: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, 'docs/formats.md'), 'utf8');
  const section = text.slice(text.indexOf('\n## Findings\n'));
  const bullet = section.split(/\n- /).find((b) => b.startsWith(`**${label}**`));
  // Only the codes before the bullet's closing remark in parentheses are the list.
  const list = (bullet ?? '').split(/\.\s*\(|\.\s*$/)[0]!;
  return [...new Set([...list.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!))].sort();
}

describe('finding fields: which findings lack a fix or a location, derived from the source', () => {
  it('reads every finding constructor call (the scan works)', () => {
    expect(sites.length).toBeGreaterThan(150);
    expect(sites.find((s) => s.code === 'CHECKSUM_MISMATCH')).toMatchObject({ fix: true, file: true, pointer: true });
  });

  it('these findings have no fix, and docs/formats.md lists exactly them', () => {
    expect(codesWhere(sites, (s) => !s.fix)).toEqual(NO_FIX);
    expect(documented('No fix')).toEqual(NO_FIX);
    // Every "could not judge" says what to do: none is in the list.
    expect(codesWhere(sites, (s) => s.constructor === 'indeterminate' && !s.fix)).toEqual([]);
  });

  it('these findings have no file, and docs/formats.md lists exactly them', () => {
    expect(codesWhere(sites, (s) => !s.file)).toEqual(NO_FILE);
    expect(documented('No file')).toEqual(NO_FILE);
  });

  it('these findings have a file but no pointer or line, and docs/formats.md lists exactly them', () => {
    expect(codesWhere(sites, (s) => s.file && !s.pointer)).toEqual(FILE_WITHOUT_POINTER);
    expect(documented('A file, no pointer or line')).toEqual(FILE_WITHOUT_POINTER);
  });

  it('PROMOTION_MANIFEST_UNREADABLE, a "could not judge" about a whole file, now says what to do', () => {
    const release = buildRelease();
    const ctx = { ...release.ctx, manifest: { ...release.ctx.manifest, value: undefined as unknown as Manifest } };
    const finding = promotionCheck
      .run(ctx, release.policy)
      .findings.find((f) => f.code === 'PROMOTION_MANIFEST_UNREADABLE');
    expect(finding).toEqual({
      severity: 'error',
      code: 'PROMOTION_MANIFEST_UNREADABLE',
      message: 'model/manifest.json could not be read, so the promotion was not judged.',
      file: 'model/manifest.json',
      fix: 'Make model/manifest.json parse (the schema check names the line and column), then re-run the gate.',
      indeterminate: true,
    });
  });
});
