/**
 * `mlgov audit` answers the auditor's questions from the repository alone (no Jira): who approved and with what
 * note, the fairness review, rejections, the Jira snapshot record mode kept, force and its approver, what a rollback
 * replaced, the policy file each release was judged by (in the bundle, once per content), and every gap: no record
 * event, no archive, no Jira snapshot where the policy requires a sign-off, evidence deleted before its retention.
 * The Markdown, CSV and HTML outputs carry every value of the JSON's releases.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar';
import { appendAuditEvents, type AuditEventInput } from '../../src/evidence/audit-log.js';
import { escapeHtml } from '../../src/render/html-page.js';
import {
  createHistoryRepo,
  POLICY_YAML,
  writeRelease,
  type HistoryRepo,
  type ReleaseSpec,
} from '../evidence/fixtures.js';

const SIGN_OFF_POLICY = `${POLICY_YAML}jira:\n  signOff: { attachment: 'sign-off*.pdf' }\n`;

const SNAPSHOT_100 = {
  key: 'MLGOV-100',
  readAt: '2025-01-10T09:01:00.000Z',
  check: 'pass',
  status: 'Approved',
  project: 'MLGOV',
  url: 'https://jira.example.test/browse/MLGOV-100',
  summary: 'Release fraud-detection 1.0.0',
  signOff: {
    attachment: {
      label: 'sign-off attachment',
      id: '10001',
      filename: 'sign-off-1.0.0.pdf',
      size: 2048,
      author: 'Alice Board',
      created: '2025-01-09T16:00:00.000Z',
      mimeType: 'application/pdf',
      matching: 1,
      sha256: 'ab'.repeat(32),
    },
  },
};
const SNAPSHOT_110 = {
  key: 'MLGOV-110',
  readAt: '2025-02-10T09:01:00.000Z',
  check: 'fail',
  status: 'In Review',
  project: 'MLGOV',
  signOff: {
    comment: {
      label: 'board comment',
      id: '20002',
      author: 'Alice Board',
      member: 'alice',
      role: 'governance-board',
      created: '2025-02-09T12:00:00.000Z',
      excerpt: 'Signed off for the quarter',
    },
  },
};
const FORCE_REASON = 'Regulator deadline: ship before the quarter closes';

interface Options {
  policy?: string;
  events?: (version: string) => AuditEventInput[];
  note?: string;
  rejection?: { approver: string; role: string; note: string };
  deleteDir?: string;
  /** Events the change itself appends (on its branch, before the merge): its author's claim. */
  claimedEvents?: (version: string) => AuditEventInput[];
}

/** A release merged through a branch; record mode's events (`events`) appended on main after the merge. */
async function recordedRelease(h: HistoryRepo, spec: ReleaseSpec, o: Options = {}): Promise<string> {
  const { merge } = await h.onBranch(`release-${spec.version}`, spec.at, async () => {
    if (o.policy) writeFileSync(join(h.dir, '.github/governance-policy.yml'), o.policy);
    const manifest = writeRelease(h.dir, spec);
    const approvals = manifest.approvals!;
    if (o.note) approvals[0] = { ...approvals[0]!, note: o.note };
    if (o.rejection)
      approvals.push({
        ...o.rejection,
        decision: 'rejected',
        at: spec.at,
        manifestDigest: approvals[0]!.manifestDigest,
      });
    writeFileSync(join(h.dir, 'model/manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    const archived = await h.mlgov(['archive', '--base', 'main', '--actor', 'release-bot']);
    if (archived.code !== 0) throw new Error(`archive failed: ${archived.stderr}`);
    if (o.deleteDir) h.git('rm', '-r', '-q', o.deleteDir);
    if (o.claimedEvents) await appendAuditEvents(h.dir, 'artifacts', o.claimedEvents(spec.version));
  });
  // Record mode: after the merge, on main, a commit of its own.
  if (o.events) {
    await appendAuditEvents(h.dir, 'artifacts', o.events(spec.version));
    h.commitAt(`Record ${spec.version}`, new Date(Date.parse(spec.at) + 120_000).toISOString());
  }
  return merge;
}

const promote = (version: string, at: string, jira?: object): AuditEventInput => ({
  actor: 'mlgov-action',
  action: 'promote',
  model: 'fraud-detection',
  version,
  at,
  ticket: `MLGOV-${version.replace(/\D/g, '')}`,
  details: { recordedBy: 'mlgov action (record)', ...(jira ? { jira } : {}) },
});

let repo: HistoryRepo;
let out: string;
let report: {
  verdict: string;
  releases: Array<Record<string, unknown> & { version: string; problems: string[]; gaps: unknown[] }>;
};
const merges: Record<string, string> = {};
let code: number | undefined;

beforeAll(async () => {
  repo = createHistoryRepo('2024-12-01T00:00:00Z');
  merges['1.0.0'] = await recordedRelease(
    repo,
    { version: '1.0.0', at: '2025-01-10T09:00:00Z' },
    {
      note: 'Backtest reviewed with risk',
      events: (v) => [promote(v, '2025-01-10T09:01:00Z', SNAPSHOT_100)],
    },
  );
  merges['1.1.0'] = await recordedRelease(
    repo,
    { version: '1.1.0', at: '2025-02-10T09:00:00Z' },
    {
      policy: SIGN_OFF_POLICY,
      events: (v) => [
        {
          actor: 'mlgov-action',
          action: 'force',
          model: 'fraud-detection',
          version: v,
          at: '2025-02-10T09:01:00Z',
          reason: FORCE_REASON,
          details: { by: 'alice', recordedBy: 'mlgov action (record)' },
        },
        promote(v, '2025-02-10T09:01:00Z', SNAPSHOT_110),
      ],
    },
  );
  // No record event (record mode was in use: 1.0.0 has one), a board member's rejection, and 1.0.0's archive deleted.
  merges['1.2.0'] = await recordedRelease(
    repo,
    { version: '1.2.0', at: '2025-03-10T09:00:00Z' },
    {
      rejection: { approver: 'carol', role: 'governance-board', note: 'Holdout set too small' },
      deleteDir: 'artifacts/fraud-detection/1.0.0',
    },
  );
  merges['rollback'] = (await repo.rollback('1.1.0', '2025-04-10T09:00:00Z')).merge;
  // The change brings its own "record", with a Jira snapshot it made up.
  merges['1.3.0'] = await recordedRelease(
    repo,
    { version: '1.3.0', at: '2025-05-10T09:00:00Z' },
    { claimedEvents: (v) => [promote(v, '2025-05-10T09:01:00Z', { ...SNAPSHOT_100, key: 'MLGOV-130' })] },
  );
  out = mkdtempSync(join(tmpdir(), 'mlgov-audit-answers-'));
  const run = await repo.mlgov(['audit', '--since', '2025-01-01', '--until', '2025-12-31', '--out', out]);
  code = run.code;
  report = JSON.parse(readFileSync(join(out, 'audit-report.json'), 'utf8'));
}, 120_000);

afterAll(() => {
  repo?.remove();
  if (out) rmSync(out, { recursive: true, force: true });
});

const c12 = (v: string) => merges[v]!.slice(0, 12);

describe('mlgov audit answers from the repository alone', () => {
  it('who approved (with the note), the fairness review, the Jira snapshot and the policy file of a recorded release', () => {
    expect(code).toBe(1);
    expect(report.releases.map((r) => [r.version, r['releaseType'], r['verdict']])).toEqual([
      ['1.0.0', 'promotion', 'fail'],
      ['1.1.0', 'promotion', 'pass'],
      ['1.2.0', 'promotion', 'fail'],
      ['1.1.0', 'rollback', 'fail'],
      ['1.3.0', 'promotion', 'fail'],
    ]);
    const r100 = report.releases[0]!;
    expect(r100['approvals']).toEqual([
      {
        approver: 'alice',
        role: 'governance-board',
        decision: 'approved',
        at: '2025-01-10T09:00:00Z',
        note: 'Backtest reviewed with risk',
        valid: true,
      },
      {
        approver: 'bob',
        role: 'regulatory-affairs',
        decision: 'approved',
        at: '2025-01-10T09:00:00Z',
        note: null,
        valid: true,
      },
    ]);
    expect(r100['fairnessReview']).toEqual([
      { by: 'dave', role: 'fairness-reviewer', decision: 'approved', at: '2025-01-10T09:00:00Z', note: null },
    ]);
    expect(r100['rejections']).toEqual([]);
    expect(r100['jiraSnapshot']).toEqual(SNAPSHOT_100);
    expect(r100['forced']).toBeNull();
    expect(r100['rollback']).toBeNull();
    expect(r100['policyFile']).toBe(`policies/${c12('1.0.0')}.yml`);
  });

  it('evidence deleted before its retention is a gap that fails the release, naming the file, the commits and the date', () => {
    const r100 = report.releases[0]!;
    const deletedAt = `${c12('1.2.0')} on 2025-03-10T09:00:00.000Z`;
    const gap = (name: string) => ({
      kind: 'evidence-deleted',
      message: `artifacts/fraud-detection/1.0.0/${name} (added at ${c12('1.1.0')} on 2025-02-10T09:00:00.000Z) was deleted at ${deletedAt}, before its retention until 2030-02-10 (evidence.retentionYears 5)`,
      fails: true,
    });
    expect(r100['archive']).toEqual({ status: 'missing', dir: 'artifacts/fraud-detection/1.0.0' });
    expect(r100.gaps).toEqual([
      { kind: 'no-archive', message: 'archive missing (artifacts/fraud-detection/1.0.0)', fails: true },
      gap('manifest.json'),
      gap('bias-report.json'),
      gap('checksums.sha256'),
      gap('evidence.json'),
    ]);
    expect(r100.problems).toEqual([
      'checksum record missing',
      'archive missing (artifacts/fraud-detection/1.0.0)',
      ...[gap('manifest.json'), gap('bias-report.json'), gap('checksums.sha256'), gap('evidence.json')].map(
        (g) => g.message,
      ),
    ]);
  });

  it('a forced release names its justification and force approver; a changed policy is a second policy file', () => {
    const r110 = report.releases[1]!;
    expect(r110['forced']).toEqual({ justification: FORCE_REASON, by: 'alice', at: '2025-02-10T09:01:00Z', seq: 3 });
    expect(r110['jiraSnapshot']).toEqual(SNAPSHOT_110);
    expect(r110['policyFile']).toBe(`policies/${c12('1.1.0')}.yml`);
    expect(r110.gaps).toEqual([]);
    expect(r110.problems).toEqual([]);
  });

  it('a release without a record event, and one rejected by the board, fail with the gap and the note', () => {
    const r120 = report.releases[2]!;
    expect(r120['forced']).toBeNull();
    expect(r120['jiraSnapshot']).toBeNull();
    expect(r120['rejections']).toEqual([
      {
        of: 'manifest',
        by: 'carol',
        role: 'governance-board',
        decision: 'rejected',
        at: '2025-03-10T09:00:00Z',
        note: 'Holdout set too small',
      },
    ]);
    // The same policy bytes as 1.1.0's: the same file.
    expect(r120['policyFile']).toBe(`policies/${c12('1.1.0')}.yml`);
    expect(r120.gaps).toEqual([
      {
        kind: 'no-record-event',
        message: 'no promote/rollback event records the merge of fraud-detection 1.2.0 in the audit log',
        fails: true,
      },
    ]);
    expect(r120.problems).toEqual([
      'no promote/rollback event records the merge of fraud-detection 1.2.0 in the audit log',
      'rejected by carol (governance-board) at 2025-03-10T09:00:00Z: Holdout set too small',
    ]);
  });

  it('a rollback names what it replaced, why and who; no Jira snapshot fails it under a policy that requires a sign-off', () => {
    const rb = report.releases[3]!;
    const log = readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const event = log.find((e: { action: string }) => e.action === 'rollback');
    expect(rb['rollback']).toEqual({
      from: '1.2.0',
      to: '1.1.0',
      reason: 'AUC dropped on live traffic, back to 1.1.0 (INC-7)',
      actor: 'erin',
      at: event.at,
    });
    // The original 1.1.0's force and promote events are not the rollback's.
    expect(rb['forced']).toBeNull();
    expect(rb['jiraSnapshot']).toBeNull();
    expect(rb['policyFile']).toBe(`policies/${c12('1.1.0')}.yml`);
    const message = `the record event (line ${event.seq}) of fraud-detection 1.1.0 keeps no Jira snapshot, and the policy requires a Jira sign-off`;
    expect(rb.gaps).toEqual([{ kind: 'no-jira-snapshot', message, fails: true }]);
    expect(rb.problems).toEqual([message]);
  });

  it('a promote event that came with the change itself is its claim, not a record: a failing gap, its snapshot unused', () => {
    const r130 = report.releases[4]!;
    const log = readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8').trim().split('\n');
    const seq = log.length;
    expect(JSON.parse(log[seq - 1]!)).toMatchObject({ action: 'promote', version: '1.3.0' });
    const message = `the promote event (line ${seq}) of fraud-detection 1.3.0 came with ${c12('1.3.0')}, the commit that merged the release: record mode writes after the merge, so it is the change's claim, not a record`;
    expect(r130['jiraSnapshot']).toBeNull();
    expect(r130.gaps).toEqual([{ kind: 'record-event-from-change', message, fails: true }]);
    expect(r130.problems).toEqual([message]);
  });

  it('the bundle holds each policy file once, byte for byte as committed', async () => {
    const x = mkdtempSync(join(tmpdir(), 'mlgov-audit-answers-x-'));
    try {
      await extract({ file: join(out, 'evidence-bundle.tar.gz'), cwd: x });
      expect(readdirSync(join(x, 'policies')).sort()).toEqual([`${c12('1.0.0')}.yml`, `${c12('1.1.0')}.yml`].sort());
      expect(readFileSync(join(x, `policies/${c12('1.0.0')}.yml`), 'utf8')).toBe(POLICY_YAML);
      expect(readFileSync(join(x, `policies/${c12('1.1.0')}.yml`), 'utf8')).toBe(SIGN_OFF_POLICY);
    } finally {
      rmSync(x, { recursive: true, force: true });
    }
  });

  it('Markdown, CSV and HTML carry every value of every release in the JSON', () => {
    const md = readFileSync(join(out, 'audit-report.md'), 'utf8');
    const csv = readFileSync(join(out, 'audit-report.csv'), 'utf8');
    const html = readFileSync(join(out, 'audit-report.html'), 'utf8');
    // Every string and number leaf of the JSON's releases (booleans are words in the other formats: counted, fails).
    const leaves = (v: unknown, path: string): Array<[string, string]> =>
      v === null || typeof v === 'boolean'
        ? []
        : Array.isArray(v)
          ? v.flatMap((x, i) => leaves(x, `${path}[${i}]`))
          : typeof v === 'object'
            ? Object.entries(v as object).flatMap(([k, x]) => leaves(x, `${path}.${k}`))
            : [[path, String(v)]];
    const fields = report.releases.flatMap((r, i) => leaves(r, `releases[${i}]`));
    expect(fields.length).toBeGreaterThan(200);
    const missing = (text: string, encode: (s: string) => string) =>
      fields.filter(([, value]) => !text.includes(encode(value))).map(([path, value]) => `${path} = ${value}`);
    expect(missing(md, (s) => s)).toEqual([]);
    expect(missing(csv, (s) => s.replace(/"/g, '""'))).toEqual([]);
    expect(missing(html, escapeHtml)).toEqual([]);
    // The words for the booleans.
    for (const text of [md, csv, html]) {
      expect(text).toContain(
        '(governance-board) approved at 2025-01-10T09:00:00Z, note: Backtest reviewed with risk: counted',
      );
      expect(text).toContain('no-record-event (fails)');
    }
  });
});

describe('a release is judged by the policy it was merged under, not by the policy at the end of the period', () => {
  let history: HistoryRepo;
  let judged: typeof report;

  beforeAll(async () => {
    history = createHistoryRepo('2024-12-01T00:00:00Z');
    // 1.0.0 merged while the policy required Jira's sign-off, recorded without a snapshot.
    await recordedRelease(
      history,
      { version: '1.0.0', at: '2025-01-10T09:00:00Z' },
      { policy: SIGN_OFF_POLICY, events: (v) => [promote(v, '2025-01-10T09:01:00Z')] },
    );
    // 1.1.0 drops the requirement with its release; the tip's policy no longer asks for a sign-off.
    await recordedRelease(
      history,
      { version: '1.1.0', at: '2025-02-10T09:00:00Z' },
      { policy: POLICY_YAML, events: (v) => [promote(v, '2025-02-10T09:01:00Z')] },
    );
    const dir = mkdtempSync(join(tmpdir(), 'mlgov-audit-policy-then-'));
    try {
      await history.mlgov(['audit', '--since', '2025-01-01', '--until', '2025-12-31', '--out', dir]);
      judged = JSON.parse(readFileSync(join(dir, 'audit-report.json'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  afterAll(() => history?.remove());

  it('a missing Jira snapshot fails the release merged under a sign-off policy, and only notes the later one', () => {
    const [first, second] = judged.releases;
    expect(first!.version).toBe('1.0.0');
    expect(first!.gaps).toEqual([
      {
        kind: 'no-jira-snapshot',
        message: `the record event (line 1) of fraud-detection 1.0.0 keeps no Jira snapshot, and the policy requires a Jira sign-off`,
        fails: true,
      },
    ]);
    expect(second!.version).toBe('1.1.0');
    expect(second!.gaps).toEqual([
      {
        kind: 'no-jira-snapshot',
        message: 'the record event (line 3) of fraud-detection 1.1.0 keeps no Jira snapshot',
        fails: false,
      },
    ]);
  });
});
