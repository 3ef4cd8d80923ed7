/**
 * Finding codes the gate produces only in rare situations, each made by the check's pure `run(ctx, policy)` over a
 * literal context the gate could really gather (documents stay schema-valid where the check needs them, so the
 * gate would not skip the check), with its exact code, severity, file, pointer and line, and the same context
 * without the defect as the passing counterpart.
 */
import { describe, expect, it } from '@jest/globals';
import { resolveJiraConnection } from '../../src/adapters/jira-settings.js';
import { approvalsCheck } from '../../src/checks/approvals.js';
import { biasCheck } from '../../src/checks/bias.js';
import { evidenceCheck } from '../../src/checks/evidence.js';
import { jiraCheck } from '../../src/checks/jira.js';
import { promotionCheck } from '../../src/checks/promotion.js';
import { MAX_SCHEMA_FINDINGS, schemaCheck } from '../../src/checks/schema.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { isSchemaValid } from '../../src/formats/schema-validator.js';
import type { EvidenceFacts } from '../../src/release/evidence-facts.js';
import { gatherTicketFacts } from '../../src/gate/gather-ticket.js';
import type { PullRequestReview } from '../../src/release/review-facts.js';
import type { TicketFacts } from '../../src/release/ticket-facts.js';
import { buildRelease, exampleBaseManifest, HEAD_SHA, lineOf, type ReleaseOptions } from './fixtures/release.js';
import { codes, only } from './fixtures/findings.js';

/** The one finding with `code` (fails when there is none or more than one). */

/**
 * A timestamp ajv's `date-time` format accepts (RFC 3339 allows a leap second, 23:59:60) but `Date.parse` does not:
 * the documents stay schema-valid, so the gate runs the check, and the check cannot compute a date from it.
 */
const LEAP_SECOND = '2026-11-21T23:59:60Z';

describe('rarely produced findings', () => {
  it('the leap-second timestamp is schema-valid but not a date for Date.parse', () => {
    expect(Number.isNaN(Date.parse(LEAP_SECOND))).toBe(true);
    const release = buildRelease({
      manifest: (m) => (m.evaluation.evaluatedAt = LEAP_SECOND),
      report: (r) => (r.generatedAt = LEAP_SECOND),
    });
    expect(isSchemaValid('manifest', release.manifest)).toBe(true);
    expect(isSchemaValid('biasReport', release.report)).toBe(true);
  });

  describe('promotion', () => {
    it('PROMOTION_METRICS_MISSING: neither MAE nor RMSE can be compared with the base, at /evaluation/backtest', () => {
      const release = buildRelease({
        manifest: (m) => {
          delete m.evaluation.backtest!.mae;
          delete m.evaluation.backtest!.rmse;
        },
      });
      expect(isSchemaValid('manifest', release.manifest)).toBe(true);
      const result = promotionCheck.run(release.ctx, release.policy);
      expect(result.status).toBe('fail');
      const f = only(result.findings, 'PROMOTION_METRICS_MISSING');
      expect(f.severity).toBe('error');
      expect(f.indeterminate).toBeUndefined();
      expect(f.file).toBe('model/manifest.json');
      expect(f.pointer).toBe('/evaluation/backtest');
      expect(f.line).toBe(lineOf(release.ctx.manifest, '/evaluation/backtest'));
      expect(f.message).toBe('MAE and RMSE cannot be compared with 2.3.0: MAE 41.2 → ?, RMSE 58.9 → ?.');
      // The gate does not fall back to "insufficient improvement" when there is nothing to compare.
      expect(codes(result.findings)).not.toContain('PROMOTION_INSUFFICIENT_IMPROVEMENT');
    });

    it('PROMOTION_METRICS_MISSING: not when one of MAE and RMSE compares, nor with both', () => {
      const maeOnly = buildRelease({ manifest: (m) => delete m.evaluation.backtest!.rmse });
      expect(codes(promotionCheck.run(maeOnly.ctx, maeOnly.policy).findings)).not.toContain(
        'PROMOTION_METRICS_MISSING',
      );
      const both = buildRelease();
      const result = promotionCheck.run(both.ctx, both.policy);
      expect(result.findings).toEqual([]);
      expect(result.status).toBe('pass');
    });

    it('PROMOTION_METRICS_DATE_INVALID: evaluation.evaluatedAt that is no date, at /evaluation/evaluatedAt', () => {
      const release = buildRelease({ manifest: (m) => (m.evaluation.evaluatedAt = LEAP_SECOND) });
      const result = promotionCheck.run(release.ctx, release.policy);
      expect(result.status).toBe('fail');
      const f = only(result.findings, 'PROMOTION_METRICS_DATE_INVALID');
      expect(f.severity).toBe('error');
      expect(f.indeterminate).toBeUndefined();
      expect(f.file).toBe('model/manifest.json');
      expect(f.pointer).toBe('/evaluation/evaluatedAt');
      expect(f.line).toBe(lineOf(release.ctx.manifest, '/evaluation/evaluatedAt'));
      expect(f.message).toBe(`evaluation.evaluatedAt "${LEAP_SECOND}" is not a date-time.`);
      // An age that cannot be computed is not judged "fresh" or "stale".
      expect(codes(result.findings)).not.toContain('PROMOTION_METRICS_STALE');
    });

    it('PROMOTION_METRICS_DATE_INVALID: not for a real date-time', () => {
      const release = buildRelease({ manifest: (m) => (m.evaluation.evaluatedAt = '2026-11-21T23:59:59Z') });
      expect(promotionCheck.run(release.ctx, release.policy).findings).toEqual([]);
    });
  });

  describe('bias', () => {
    it('BIAS_REPORT_DATE_INVALID: generatedAt that is no date, at /generatedAt of the bias report', () => {
      const release = buildRelease({ report: (r) => (r.generatedAt = LEAP_SECOND) });
      const result = biasCheck.run(release.ctx, release.policy);
      expect(result.status).toBe('fail');
      const f = only(result.findings, 'BIAS_REPORT_DATE_INVALID');
      expect(f.severity).toBe('error');
      expect(f.indeterminate).toBeUndefined();
      expect(f.file).toBe('reports/latest-bias-report.json');
      expect(f.pointer).toBe('/generatedAt');
      expect(f.line).toBe(lineOf(release.ctx.biasReport, '/generatedAt'));
      expect(f.message).toBe(`generatedAt "${LEAP_SECOND}" is not a date-time.`);
      // Without a date the report cannot be ordered against the training run either way.
      expect(codes(result.findings)).not.toContain('BIAS_REPORT_OLDER_THAN_TRAINING');
    });

    it('BIAS_REPORT_DATE_INVALID: not for a real date-time', () => {
      const release = buildRelease();
      const result = biasCheck.run(release.ctx, release.policy);
      expect(codes(result.findings)).not.toContain('BIAS_REPORT_DATE_INVALID');
      expect(result.status).toBe('pass');
    });
  });

  describe('approvals', () => {
    const review = (id: number, login: string): PullRequestReview => ({
      id,
      login,
      state: 'APPROVED',
      commitId: HEAD_SHA,
    });
    const fromReviews = (options: ReleaseOptions = {}) =>
      buildRelease({
        ...options,
        policy: (p) => (p.approvals.source = 'github-review'),
        context: {
          pr: {
            author: 'mallory',
            headSha: HEAD_SHA,
            commitMessages: [],
            reviews: [review(1, 'alice'), review(2, 'bob')],
          },
        },
      });

    it('APPROVALS_MANIFEST_IGNORED: manifest approvals under approvals.source github-review, at /approvals', () => {
      const release = fromReviews();
      expect(release.manifest.approvals).toHaveLength(2);
      const result = approvalsCheck.run(release.ctx, release.policy);
      const f = only(result.findings, 'APPROVALS_MANIFEST_IGNORED');
      expect(f.severity).toBe('notice');
      expect(f.indeterminate).toBeUndefined();
      expect(f.file).toBe('model/manifest.json');
      expect(f.pointer).toBe('/approvals');
      expect(f.line).toBe(lineOf(release.ctx.manifest, '/approvals'));
      // A notice: the reviews met the required roles, so the check passes.
      expect(codes(result.findings)).toEqual(['APPROVALS_MANIFEST_IGNORED']);
      expect(result.status).toBe('pass');
    });

    it('APPROVALS_MANIFEST_IGNORED: not without manifest approvals, nor when the manifest is a source', () => {
      const none = fromReviews({ approvals: [] });
      expect(approvalsCheck.run(none.ctx, none.policy).findings).toEqual([]);
      const both = buildRelease({
        policy: (p) => (p.approvals.source = 'both'),
        context: { pr: { author: 'mallory', headSha: HEAD_SHA, commitMessages: [], reviews: [] } },
      });
      expect(codes(approvalsCheck.run(both.ctx, both.policy).findings)).not.toContain('APPROVALS_MANIFEST_IGNORED');
    });
  });

  describe('evidence', () => {
    const noEvidence = (facts: Partial<EvidenceFacts> = {}): EvidenceFacts => ({
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: {},
      archivedVersions: [],
      ...facts,
    });

    it('ARCHIVE_UNNAMEABLE: a base release whose version cannot name an archive folder, naming the base manifest', () => {
      const base: Manifest = { ...exampleBaseManifest(), version: '2.3.0/../../../etc' };
      const release = buildRelease({ base, context: { evidence: noEvidence() } });
      const result = evidenceCheck.run(release.ctx, release.policy);
      expect(result.status).toBe('fail');
      expect(codes(result.findings)).toEqual(['ARCHIVE_UNNAMEABLE']);
      const f = result.findings[0]!;
      expect(f.severity).toBe('error');
      expect(f.indeterminate).toBeUndefined();
      expect(f.file).toBe('model/manifest.json');
      expect(f.message).toBe(
        'the base release\'s name "fraud-detection" and version "2.3.0/../../../etc" cannot name an archive folder',
      );
      // No pointer/line: the finding is about the base revision's manifest, not the working tree's file.
      expect(f.pointer).toBeUndefined();
      expect(f.line).toBeUndefined();
    });

    it('ARCHIVE_UNNAMEABLE: not for a nameable base release (its archive is then expected)', () => {
      const release = buildRelease({ context: { evidence: noEvidence() } });
      const result = evidenceCheck.run(release.ctx, release.policy);
      expect(codes(result.findings)).toEqual(['ARCHIVE_MISSING']);
    });

    it('EVIDENCE_UNREADABLE: a file under the archive directory that could not be read is "could not judge"', () => {
      const path = 'artifacts/fraud-detection/2.2.0/evidence.json';
      const release = buildRelease({
        base: null,
        context: {
          evidence: noEvidence({
            baseFiles: { [path]: 'c'.repeat(64) },
            unreadable: { [path]: "EACCES: permission denied, open '" + path + "'" },
          }),
        },
      });
      const result = evidenceCheck.run(release.ctx, release.policy);
      expect(result.status).toBe('fail');
      // Unread is not deleted: the file is judged unreadable only, never EVIDENCE_DELETED.
      expect(codes(result.findings)).toEqual(['EVIDENCE_UNREADABLE']);
      const f = result.findings[0]!;
      expect(f.severity).toBe('error');
      expect(f.indeterminate).toBe(true);
      expect(f.file).toBe(path);
      expect(f.message).toBe(`${path} could not be read: EACCES: permission denied, open '${path}'`);
      // No pointer/line: the file could not be read, so there is no position inside it to point at.
      expect(f.pointer).toBeUndefined();
      expect(f.line).toBeUndefined();
    });

    it('EVIDENCE_UNREADABLE: not when the file was read', () => {
      const path = 'artifacts/fraud-detection/2.2.0/evidence.json';
      const sha = 'c'.repeat(64);
      const release = buildRelease({
        base: null,
        context: { evidence: noEvidence({ baseFiles: { [path]: sha }, headFiles: { [path]: sha } }) },
      });
      const result = evidenceCheck.run(release.ctx, release.policy);
      expect(result.findings).toEqual([]);
      expect(result.status).toBe('pass');
    });
  });

  describe('jira', () => {
    /** The ticket facts the gate gathers when the Jira settings are (or are not) valid: no network either way. */
    async function gatheredTicket(settings: Parameters<typeof resolveJiraConnection>[0]): Promise<TicketFacts> {
      const resolved = resolveJiraConnection(settings);
      if (!('kind' in resolved)) throw new Error('expected a settings problem');
      const release = buildRelease({ base: null });
      return gatherTicketFacts({
        sourceProblem: { kind: resolved.kind, message: resolved.message },
        manifestKey: release.manifest.jira,
        pr: { title: 'MLGOV-123: release 2.4.0', commitMessages: [] },
        policy: release.policy,
      });
    }

    it('JIRA_CONFIG_INVALID: Jira settings that are present but invalid are "could not judge", at /jira', async () => {
      const ticket = await gatheredTicket({
        baseUrl: 'acme.atlassian.net',
        email: 'mlgov@acme.example',
        apiToken: 'x'.repeat(24),
      });
      expect(ticket.lookup).toEqual({ kind: 'invalid-config', message: 'JIRA_BASE_URL has no scheme (https://).' });
      const release = buildRelease({ base: null, context: { ticket } });
      const result = jiraCheck.run(release.ctx, release.policy);
      expect(result.status).toBe('fail');
      expect(codes(result.findings)).toEqual(['JIRA_CONFIG_INVALID']);
      const f = result.findings[0]!;
      expect(f.severity).toBe('error');
      expect(f.indeterminate).toBe(true);
      expect(f.file).toBe('model/manifest.json');
      expect(f.pointer).toBe('/jira');
      expect(f.line).toBe(lineOf(release.ctx.manifest, '/jira'));
      expect(f.message).toBe('JIRA_BASE_URL has no scheme (https://).');
      expect(f.fix).toContain('Correct the variable named in the message.');
    });

    it('JIRA_CONFIG_INVALID: not when Jira is merely not configured, nor when the ticket is found', async () => {
      const ticket = await gatheredTicket({});
      const unset = buildRelease({ base: null, context: { ticket } });
      expect(codes(jiraCheck.run(unset.ctx, unset.policy).findings)).toEqual(['JIRA_NOT_CONFIGURED']);
      const found = buildRelease({
        base: null,
        context: {
          ticket: {
            ...ticket,
            lookup: {
              kind: 'found',
              issue: { key: 'MLGOV-123', project: 'MLGOV', status: 'Done', attachments: [], comments: [] },
            },
          },
        },
      });
      const result = jiraCheck.run(found.ctx, found.policy);
      expect(result.findings).toEqual([]);
      expect(result.status).toBe('pass');
    });
  });

  describe('schema', () => {
    /** A release whose manifest has `n` members the format does not know, each a schema error. */
    const withUnknownMembers = (n: number) =>
      buildRelease({
        manifest: (m) => {
          for (let i = 0; i < n; i++) (m as unknown as Record<string, unknown>)[`extra${i}`] = i;
        },
      });

    it('SCHEMA_TOO_MANY_ERRORS: past the cap, the first errors are listed and one finding says how many, at the root', () => {
      const release = withUnknownMembers(MAX_SCHEMA_FINDINGS + 1);
      const result = schemaCheck.run(release.ctx, release.policy);
      expect(result.status).toBe('fail');
      const f = only(result.findings, 'SCHEMA_TOO_MANY_ERRORS');
      expect(f.severity).toBe('error');
      expect(f.indeterminate).toBeUndefined();
      expect(f.file).toBe('model/manifest.json');
      expect(f.pointer).toBe('');
      expect(f.line).toBe(lineOf(release.ctx.manifest, ''));
      expect(f.message).toBe(
        `model/manifest.json has ${MAX_SCHEMA_FINDINGS + 1} schema errors; the first ${MAX_SCHEMA_FINDINGS} are listed.`,
      );
      expect(result.findings.filter((x) => x.code === 'SCHEMA_ADDITIONAL_PROPERTIES')).toHaveLength(
        MAX_SCHEMA_FINDINGS,
      );
    });

    it('SCHEMA_TOO_MANY_ERRORS: not at the cap itself', () => {
      const release = withUnknownMembers(MAX_SCHEMA_FINDINGS);
      const result = schemaCheck.run(release.ctx, release.policy);
      expect(codes(result.findings)).not.toContain('SCHEMA_TOO_MANY_ERRORS');
      expect(result.findings).toHaveLength(MAX_SCHEMA_FINDINGS);
      expect(new Set(codes(result.findings))).toEqual(new Set(['SCHEMA_ADDITIONAL_PROPERTIES']));
    });
  });
});

/**
 * Guards of the pure checks. The gate never reaches them (`judgeRelease` skips a check whose documents are missing or
 * invalid, and gather always looks a valid key up), but the checks are also called directly (`mlgov diff` calls
 * `judgePromotion` and `judgeBias`), so their contract for a context without what they need is "could not judge",
 * never a pass or a crash. Each is asserted through a direct `run()`, and named so.
 */
describe('guards of the pure checks, called directly', () => {
  it('PROMOTION_MANIFEST_UNREADABLE: promotion over an unread manifest could not judge, naming the file', () => {
    const release = buildRelease();
    const ctx = { ...release.ctx, manifest: { ...release.ctx.manifest, value: undefined as unknown as Manifest } };
    const f = only(promotionCheck.run(ctx, release.policy).findings, 'PROMOTION_MANIFEST_UNREADABLE');
    expect(f.indeterminate).toBe(true);
    expect(f.file).toBe('model/manifest.json');
    // No pointer or line: the whole document could not be read.
    expect(f.pointer).toBeUndefined();
    expect(f.line).toBeUndefined();
  });

  it('BIAS_REPORT_UNREADABLE: bias without a report could not judge, naming the policy path', () => {
    const release = buildRelease();
    const { biasReport: _omitted, ...ctx } = release.ctx;
    const f = only(biasCheck.run(ctx, release.policy).findings, 'BIAS_REPORT_UNREADABLE');
    expect(f.indeterminate).toBe(true);
    expect(f.file).toBe('reports/latest-bias-report.json');
    expect(f.pointer).toBeUndefined();
  });

  it('JIRA_NOT_LOOKED_UP: ticket facts without a lookup could not judge, at /jira', () => {
    const release = buildRelease({
      base: null,
      context: { ticket: { mentions: [{ key: 'MLGOV-123', source: 'title' }], prKnown: true } as TicketFacts },
    });
    const f = only(jiraCheck.run(release.ctx, release.policy).findings, 'JIRA_NOT_LOOKED_UP');
    expect(f.indeterminate).toBe(true);
    expect(f.pointer).toBe('/jira');
    expect(f.line).toBe(lineOf(release.ctx.manifest, '/jira'));
  });
});
