/**
 * The record of a release in the period audit (src/evidence/period-audit.ts, `releaseAnswers`), pure: which event is
 * its record (a rollback's own `rollback` event before any promote, a promotion's `promote` event before any
 * rollback), the Jira snapshot it keeps, and the gaps: no record event (failing once record mode was in use for the
 * model), a promote event that came with the release's own commit (the change's claim, never its record: no Jira
 * snapshot is taken from it), no Jira snapshot (failing when the policy the release was merged under required a Jira
 * sign-off), no archive. A failing gap is a problem of the release, once (the missing archive is already one). A
 * rejection in the manifest is a problem of its own; one in the bias report is the bias verdict. The full mutation
 * run showed none of these proven by the module's own test set (only the slow audit CLI suites reached them).
 */
import { describe, expect, it } from '@jest/globals';
import type { LogVersion } from '../../src/evidence/log-history.js';
import type { ReleaseChangeInput } from '../../src/evidence/period-audit.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import {
  AT,
  audit,
  bytesOf,
  coherent,
  commitOf,
  dirOf,
  logOf,
  policy,
  release,
  rollbackTo,
  type EventSpec,
} from './period-audit-fixtures.js';

const V1 = coherent(release('1.0.0'));
const V2 = coherent(release('2.0.0'));
const SNAPSHOT = { key: 'MLGOV-100', readAt: '2026-02-01T10:05:00.000Z', check: 'pass', status: 'Approved' };
const SIGN_OFF = { ...policy, jira: { ...policy.jira, signOff: { attachment: 'sign-off*.pdf' } } };
const AFTER_MERGE = '2026-02-01T10:05:00.000Z';

/** The one release of 1.0.0 (merged 2026-02-01T10:00) judged with `events` in the log. */
const withEvents = (events: EventSpec[], change: Partial<ReleaseChangeInput> = bytesOf(V1), p = policy) =>
  audit([change], { log: logOf(events).text, policy: p }).releases[0]!;

describe('no record event', () => {
  it('before record mode was in use for the model: a gap shown that does not fail the release', () => {
    const r = audit([bytesOf(V1)]).releases[0]!;
    expect(r.gaps).toStrictEqual([
      {
        kind: 'no-record-event',
        message:
          'no promote/rollback event records the merge of fraud-detection 1.0.0 (the audit log had no record event before it: record mode was not in use)',
        fails: false,
      },
    ]);
    expect(r.problems).toStrictEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it('once the model’s log recorded an earlier merge: a failing gap, and a problem of the release', () => {
    const log = logOf([{ action: 'promote', at: AFTER_MERGE, version: '1.0.0' }]).text;
    const [, v2] = audit([bytesOf(V1), bytesOf(V2)], { log }).releases;
    const message = 'no promote/rollback event records the merge of fraud-detection 2.0.0 in the audit log';
    expect(v2!.gaps).toStrictEqual([{ kind: 'no-record-event', message, fails: true }]);
    expect(v2!.problems).toStrictEqual([message]);
    expect(v2!.verdict).toBe('fail');
  });

  it('another model’s record events do not put this one in record mode', () => {
    const log = logOf([{ action: 'promote', at: AFTER_MERGE, model: 'churn' }]).text;
    const [, v2] = audit([bytesOf(V1), bytesOf(V2)], { log }).releases;
    expect(v2!.gaps.map((g) => [g.kind, g.fails])).toStrictEqual([['no-record-event', false]]);
  });
});

describe('the record event and its Jira snapshot', () => {
  it('a promotion’s record is its promote event, even after a rollback event of the version', () => {
    const r = withEvents([
      { action: 'rollback', at: AFTER_MERGE },
      { action: 'promote', at: AFTER_MERGE, details: { jira: SNAPSHOT } },
    ]);
    expect(r.jiraSnapshot).toStrictEqual(SNAPSHOT);
    expect(r.gaps).toStrictEqual([]);
  });

  it('a rollback’s record is its rollback event, even after a promote event of the version', () => {
    const r = withEvents(
      [
        { action: 'promote', at: AFTER_MERGE, details: { jira: SNAPSHOT } },
        { action: 'rollback', at: AFTER_MERGE },
      ],
      bytesOf(rollbackTo('1.0.0', '2.0.0')),
    );
    expect(r.jiraSnapshot).toBeNull();
    expect(r.gaps).toContainEqual({
      kind: 'no-jira-snapshot',
      message: 'the record event (line 2) of fraud-detection 1.0.0 keeps no Jira snapshot',
      fails: false,
    });
  });

  it('no snapshot fails when the policy names a Jira sign-off (the release’s own policy first)', () => {
    const gapOf = (change: Partial<ReleaseChangeInput>, p = policy) =>
      withEvents([{ action: 'promote', at: AFTER_MERGE }], change, p).gaps;
    const required = {
      kind: 'no-jira-snapshot',
      message:
        'the record event (line 1) of fraud-detection 1.0.0 keeps no Jira snapshot, and the policy requires a Jira sign-off',
      fails: true,
    };
    const notRequired = {
      kind: 'no-jira-snapshot',
      message: 'the record event (line 1) of fraud-detection 1.0.0 keeps no Jira snapshot',
      fails: false,
    };
    expect(gapOf(bytesOf(V1), SIGN_OFF)).toStrictEqual([required]);
    expect(gapOf(bytesOf(V1))).toStrictEqual([notRequired]);
    // The policy in force at the release's commit decides, whatever today's says.
    expect(gapOf({ ...bytesOf(V1), signOffRequired: false }, SIGN_OFF)).toStrictEqual([notRequired]);
    expect(gapOf({ ...bytesOf(V1), signOffRequired: true })).toStrictEqual([required]);
    const failing = withEvents([{ action: 'promote', at: AFTER_MERGE }], bytesOf(V1), SIGN_OFF);
    expect(failing.problems).toStrictEqual([required.message]);
  });
});

describe('a promote event that came with the release’s own commit', () => {
  /** The log's history: its one line added by `commit`. */
  const addedBy = (commit: string, text: string): LogVersion[] => [
    { commit, committedAt: '2026-02-01T10:00:00.000Z', subject: 'release', text },
  ];

  it('is the change’s claim: a failing gap naming the commit, and no Jira snapshot taken from it', () => {
    const { text } = logOf([{ action: 'promote', at: AFTER_MERGE, details: { jira: SNAPSHOT } }]);
    const r = audit([bytesOf(V1)], { log: text, logHistory: addedBy(commitOf(1), text) }).releases[0]!;
    const message = `the promote event (line 1) of fraud-detection 1.0.0 came with ${'1'.repeat(12)}, the commit that merged the release: record mode writes after the merge, so it is the change's claim, not a record`;
    expect(r.gaps).toStrictEqual([{ kind: 'record-event-from-change', message, fails: true }]);
    expect(r.jiraSnapshot).toBeNull();
    expect(r.problems).toStrictEqual([message]);
  });

  it('one another commit added is the record, snapshot and all', () => {
    const { text } = logOf([{ action: 'promote', at: AFTER_MERGE, details: { jira: SNAPSHOT } }]);
    const r = audit([bytesOf(V1)], { log: text, logHistory: addedBy('e'.repeat(40), text) }).releases[0]!;
    expect(r.gaps).toStrictEqual([]);
    expect(r.jiraSnapshot).toStrictEqual(SNAPSHOT);
    expect(r.verdict).toBe('pass');
  });

  it('a rollback event that came with the rollback’s commit is its record (`mlgov rollback` writes it there)', () => {
    const { text } = logOf([{ action: 'rollback', at: AFTER_MERGE, details: { jira: SNAPSHOT } }]);
    const r = audit([bytesOf(rollbackTo('1.0.0', '2.0.0'))], { log: text, logHistory: addedBy(commitOf(1), text) })
      .releases[0]!;
    expect(r.gaps.map((g) => g.kind)).not.toContain('record-event-from-change');
    expect(r.jiraSnapshot).toStrictEqual(SNAPSHOT);
  });
});

describe('the gaps and problems of a superseded release with no archive', () => {
  it('the missing archive is one gap and one problem, not two', () => {
    const [v1] = audit([bytesOf(V1), bytesOf(V2)]).releases;
    const missing = `archive missing (${dirOf('1.0.0')})`;
    expect(v1!.gaps).toContainEqual({ kind: 'no-archive', message: missing, fails: true });
    expect(v1!.problems.filter((p) => p === missing)).toHaveLength(1);
    expect(v1!.problems).toStrictEqual(['checksum record missing', missing]);
  });

  it('a release in force has no archive gap', () => {
    expect(audit([bytesOf(V1)]).releases[0]!.gaps.map((g) => g.kind)).toStrictEqual(['no-record-event']);
  });
});

describe('rejections', () => {
  it('one in the bias report is the bias verdict, not a problem of its own; it is listed with the manifest’s', () => {
    const r = coherent(release());
    const report = r.report as BiasReport;
    report.approvals = [...report.approvals!, { ...report.approvals![0]!, approver: 'erin', decision: 'rejected' }];
    const audited = audit([bytesOf(coherent(r))]).releases[0]!;
    expect(audited.problems).toStrictEqual(['bias report rejected']);
    expect(audited.rejections).toStrictEqual([
      { of: 'bias report', by: 'erin', role: 'fairness-reviewer', decision: 'rejected', at: AT, note: null },
    ]);
  });
});
