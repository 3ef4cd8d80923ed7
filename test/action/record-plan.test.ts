import { describe, expect, it } from '@jest/globals';
import { buildReleaseRecordEvents, countedApprovalsOf } from '../../src/action/record-plan.js';
import type { ReleaseKind, Report } from '../../src/release/report.js';

function report(overrides: Partial<Report> = {}): Report {
  return {
    tool: { name: 'mlgov', version: '1.0.0' },
    verdict: 'pass',
    judged: true,
    forced: false,
    model: { name: 'fraud-detection', version: '2.4.0', baseVersion: '2.3.0' },
    policySource: 'base',
    offline: false,
    generatedAt: '2026-11-23T12:00:00.000Z',
    checks: [
      {
        id: 'approvals',
        status: 'pass',
        summary: 'required roles met',
        findings: [],
        details: {
          manifestDigest: 'sha256:' + 'a'.repeat(64),
          approvals: [
            {
              approver: 'alice',
              role: 'governance-board',
              source: 'github-review',
              decision: 'approved',
              counted: true,
            },
            {
              approver: 'bob',
              role: 'regulatory-affairs',
              source: 'manifest',
              decision: 'approved',
              at: '2026-11-22T10:00:00Z',
              counted: true,
              corroborated: true,
            },
            {
              approver: 'mallory',
              role: 'governance-board',
              source: 'manifest',
              decision: 'approved',
              counted: false,
              reason: 'not on the roster',
            },
          ],
          requirements: [
            { role: 'governance-board', count: 1, filledBy: ['alice'], missing: 0 },
            { role: 'regulatory-affairs', count: 1, filledBy: ['bob'], missing: 0 },
          ],
          missingRoles: [],
          corroboration: 'checked',
        },
      },
      {
        id: 'jira',
        status: 'pass',
        summary: 'MLGOV-123 Approved',
        findings: [],
        details: {
          project: 'MLGOV',
          allowedStatuses: ['Approved'],
          manifestKey: 'MLGOV-123',
          mentions: [{ key: 'MLGOV-123', source: 'title' }],
          issue: { key: 'MLGOV-123', status: 'Approved', project: 'MLGOV' },
        },
      },
    ],
    ...overrides,
  };
}

/** The jira details as when Jira was not read: the manifest's key, no issue. */
function withoutIssue<T extends { issue?: unknown }>(details: T): Omit<T, 'issue'> {
  const { issue: _issue, ...rest } = details;
  return rest;
}

const facts = {
  actor: 'carol',
  commit: 'c'.repeat(40),
  parent: 'p'.repeat(40),
  runUrl: 'https://github.test/run/1',
  pullRequest: 90,
};

describe('record mode plan', () => {
  it('keeps only the approvals that counted, with how they were given', () => {
    expect(countedApprovalsOf(report())).toEqual([
      { approver: 'alice', role: 'governance-board', source: 'github-review' },
      {
        approver: 'bob',
        role: 'regulatory-affairs',
        source: 'manifest',
        at: '2026-11-22T10:00:00Z',
        corroborated: true,
      },
    ]);
  });

  it('plans one promote event with the approvals, the reason and what it replaces', () => {
    const events = buildReleaseRecordEvents({
      report: report(),
      release: { type: 'promotion', reason: 'Quarterly retrain on the Nov snapshot' },
      existing: [],
      facts,
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'promote',
      actor: 'carol',
      model: 'fraud-detection',
      version: '2.4.0',
      reason: 'Quarterly retrain on the Nov snapshot',
      ticket: 'MLGOV-123',
      details: { replaces: '2.3.0', pullRequest: 90, forced: false, approvals: countedApprovalsOf(report()) },
    });
  });

  it("keeps Jira's word in the promote event: the ticket as the gate read it, the sign-off that counted and when", () => {
    const r = report();
    const jira = r.checks.find((c) => c.id === 'jira')!;
    jira.details = {
      ...jira.details!,
      issue: {
        key: 'MLGOV-123',
        status: 'Approved',
        project: 'MLGOV',
        url: 'https://acme.atlassian.net/browse/MLGOV-123',
        summary: 'Promote fraud-detection 2.4.0',
      },
      signOff: { field: { label: 'Board sign-off', id: 'customfield_10042', value: 'Signed off' } },
      readAt: '2026-11-23T11:59:30.000Z',
    } as typeof jira.details;
    const [event] = buildReleaseRecordEvents({ report: r, release: {}, existing: [], facts });
    expect(event!.details!['jira']).toEqual({
      key: 'MLGOV-123',
      readAt: '2026-11-23T11:59:30.000Z',
      check: 'pass',
      status: 'Approved',
      project: 'MLGOV',
      url: 'https://acme.atlassian.net/browse/MLGOV-123',
      summary: 'Promote fraud-detection 2.4.0',
      signOff: { field: { label: 'Board sign-off', id: 'customfield_10042', value: 'Signed off' } },
    });
  });

  it('keeps why Jira could not be read, and no jira member when the report has no jira check', () => {
    const unread = report();
    const jira = unread.checks.find((c) => c.id === 'jira')!;
    unread.checks[unread.checks.indexOf(jira)] = {
      ...jira,
      status: 'fail',
      findings: [
        { code: 'JIRA_UNREACHABLE', severity: 'error', message: 'Jira could not be reached', indeterminate: true },
      ],
      details: withoutIssue(jira.details!),
    };
    const [event] = buildReleaseRecordEvents({ report: unread, release: {}, existing: [], facts });
    expect(event!.details!['jira']).toEqual({
      key: 'MLGOV-123',
      readAt: '2026-11-23T12:00:00.000Z',
      check: 'fail',
      unavailable: 'Jira could not be reached',
    });
    const none = report();
    none.checks = none.checks.filter((c) => c.id !== 'jira');
    const [plain] = buildReleaseRecordEvents({ report: none, release: {}, existing: [], facts });
    expect(plain!.details).not.toHaveProperty('jira');
  });

  it('logs a forced promotion as a force event, with the justification and who forced it, before the promotion', () => {
    const events = buildReleaseRecordEvents({
      report: report({ forced: true }),
      release: {
        type: 'promotion',
        reason: 'Emergency fix',
        force: { justification: 'Fraud ring detected, metrics stale', by: 'erin' },
      },
      existing: [],
      facts,
    });
    expect(events.map((e) => e.action)).toEqual(['force', 'promote']);
    expect(events[0]).toMatchObject({ reason: 'Fraud ring detected, metrics stale', details: { by: 'erin' } });
    expect(events[1]).toMatchObject({ details: { forced: true } });
  });

  /** A report whose promotion check derived `releaseType` from the base. */
  function derived(kind: ReleaseKind, overrides: Partial<Report> = {}): Report {
    const r = report(overrides);
    r.checks.push({
      id: 'promotion',
      status: 'pass',
      summary: kind,
      findings: [],
      details: { forced: false, releaseType: kind },
    });
    return r;
  }

  it('records a rollback the gate derived as rollback, never as force', () => {
    const events = buildReleaseRecordEvents({
      report: derived('rollback', { forced: true }),
      release: { type: 'rollback', reason: 'Drift alarm' },
      existing: [],
      facts,
    });
    expect(events.map((e) => e.action)).toEqual(['rollback']);
  });

  it('records what the gate derived, not what release.type declares', () => {
    const declaredRollback = buildReleaseRecordEvents({
      report: derived('promotion'),
      release: { type: 'rollback', reason: 'Drift alarm' },
      existing: [],
      facts,
    });
    expect(declaredRollback.map((e) => e.action)).toEqual(['promote']);
    const declaredPromotion = buildReleaseRecordEvents({
      report: derived('rollback'),
      release: { type: 'promotion', reason: 'New challenger' },
      existing: [],
      facts,
    });
    expect(declaredPromotion.map((e) => e.action)).toEqual(['rollback']);
  });

  it('a promote event the merged change wrote itself is a claim: the record is still made, force included', () => {
    // The PR appended seq 5, a `promote` for its own version (the parent's log ended at 4): record mode must not take
    // it for its own record, or a forced release would go unrecorded as forced.
    const planned = buildReleaseRecordEvents({
      report: report({ forced: true }),
      release: { force: { justification: 'Regulator deadline', by: 'board-chair' } },
      existing: [{ seq: 5, model: 'fraud-detection', version: '2.4.0', action: 'promote' }],
      facts,
      mergedEvents: { after: 4, through: 5 },
    });
    expect(planned.map((e) => [e.action, e.version])).toEqual([
      ['force', '2.4.0'],
      ['promote', '2.4.0'],
    ]);
    expect(planned[0]).toMatchObject({ reason: 'Regulator deadline', details: { by: 'board-chair' } });
  });

  it("a promote recorded before the merge or after it (another record run) still stands; the merge's rollback too", () => {
    const before = { seq: 3, model: 'fraud-detection', version: '2.4.0', action: 'promote' as const };
    const later = { seq: 6, model: 'fraud-detection', version: '2.4.0', action: 'promote' as const };
    for (const e of [before, later]) {
      expect(
        buildReleaseRecordEvents({
          report: report(),
          release: {},
          existing: [e],
          facts,
          mergedEvents: { after: 4, through: 5 },
        }),
      ).toEqual([]);
    }
    // `mlgov rollback` appends its rollback event in the PR by design: that one is the record.
    expect(
      buildReleaseRecordEvents({
        report: report(),
        release: {},
        existing: [{ seq: 5, model: 'fraud-detection', version: '2.4.0', action: 'rollback' }],
        facts,
        mergedEvents: { after: 4, through: 5 },
      }),
    ).toEqual([]);
  });

  it('plans nothing when the log already records the release, or the version did not change', () => {
    expect(
      buildReleaseRecordEvents({
        report: report(),
        release: { type: 'rollback' },
        existing: [{ seq: 4, model: 'fraud-detection', version: '2.4.0', action: 'rollback' }],
        facts,
      }),
    ).toEqual([]);
    expect(
      buildReleaseRecordEvents({
        report: report({ model: { name: 'fraud-detection', version: '2.3.0', baseVersion: '2.3.0' } }),
        release: {},
        existing: [],
        facts,
      }),
    ).toEqual([]);
  });
});
