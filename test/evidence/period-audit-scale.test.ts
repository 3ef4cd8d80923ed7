/**
 * The audit reads history in batch: a repository with 200 releases (built in one `git fast-import`, each release
 * archiving the previous one exactly as `mlgov archive` would) is audited correctly. No timing assertion: the
 * point is that the reads are batched (one git log, a few cat-file --batch), which this size would expose.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGitRepository } from '../../src/adapters/git-repository.js';
import { readManifestChanges } from '../../src/adapters/git-history.js';
import { readAuditInput } from '../../src/evidence/audit-history.js';
import { buildArchivePlan } from '../../src/evidence/archive-plan.js';
import { buildChainedEvent, formatAuditLine, type AuditEvent } from '../../src/evidence/hash-chain.js';
import { buildAuditReport } from '../../src/evidence/period-audit.js';
import { POLICY_YAML, releaseFiles } from './fixtures.js';

const RELEASES = 200;
const DAY = 86_400_000;
const START = Date.parse('2020-01-01T12:00:00Z');

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function buildHistory(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlgov-scale-'));
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: d });
  const chunks: Buffer[] = [];
  const data = (b: Buffer | string) => {
    const buf = Buffer.isBuffer(b) ? b : Buffer.from(b);
    chunks.push(Buffer.from(`data ${buf.length}\n`), buf, Buffer.from('\n'));
  };
  const events: AuditEvent[] = [];
  let previous: Record<string, Buffer> | undefined;
  let previousVersion = '';
  for (let i = 0; i < RELEASES; i++) {
    const version = `1.${i}.0`;
    const at = new Date(START + i * 7 * DAY).toISOString();
    // Release 50 is merged without any approval; every other is approved.
    const { files } = releaseFiles({ version, at, ...(i === 50 ? { approvers: [] } : {}) });
    const changes: Record<string, Buffer> = { ...files };
    if (i === 0) changes['.github/governance-policy.yml'] = Buffer.from(POLICY_YAML);
    if (previous) {
      const plan = buildArchivePlan({
        source: {
          commit: 'f'.repeat(40),
          manifestPath: 'model/manifest.json',
          manifestBytes: previous['model/manifest.json']!,
          biasReportPath: 'reports/latest-bias-report.json',
          biasReportBytes: previous['reports/latest-bias-report.json']!,
        },
        archiveDir: 'artifacts',
        existing: {},
        alreadyLogged: false,
        now: new Date(at),
        actor: 'release-bot',
        retentionYears: 5,
        toolVersion: '1.0.0',
      });
      if (plan.kind !== 'write') throw new Error(`unexpected plan ${plan.kind}`);
      for (const w of plan.writes) changes[w.path] = Buffer.from(w.bytes);
      for (const e of plan.events) {
        events.push(
          buildChainedEvent(events[events.length - 1], {
            at: e.at!,
            actor: e.actor,
            action: e.action,
            model: e.model,
            version: e.version,
            reason: null,
            ticket: e.ticket ?? null,
            ...(e.details ? { details: e.details } : {}),
          }),
        );
      }
      changes['artifacts/audit-log.jsonl'] = Buffer.from(events.map((e) => formatAuditLine(e) + '\n').join(''));
    }
    const epoch = Math.floor(Date.parse(at) / 1000);
    chunks.push(
      Buffer.from(`commit refs/heads/main\nmark :${i + 1}\ncommitter Bot <bot@example.test> ${epoch} +0000\n`),
    );
    data(`Release ${version} (previous ${previousVersion || 'none'})`);
    if (i > 0) chunks.push(Buffer.from(`from :${i}\n`));
    for (const [path, bytes] of Object.entries(changes)) {
      chunks.push(Buffer.from(`M 100644 inline ${path}\n`));
      data(bytes);
    }
    chunks.push(Buffer.from('\n'));
    previous = files;
    previousVersion = version;
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: d, input: Buffer.concat(chunks) });
  return d;
}

describe('period audit at scale', () => {
  it(`audits ${RELEASES} releases from one git log and batched object reads`, async () => {
    dir = buildHistory();
    const git = openGitRepository(dir);
    const changes = await readManifestChanges(dir, 'main', 'model/manifest.json');
    expect(changes).toHaveLength(RELEASES);

    const input = await readAuditInput({
      git,
      ref: 'main',
      since: '2020-01-01T00:00:00.000Z',
      until: '2030-12-31T23:59:59.999Z',
      now: new Date('2031-01-01T00:00:00Z'),
      toolVersion: '1.0.0',
    });
    const report = buildAuditReport(input);
    expect(report.releases).toHaveLength(RELEASES);
    expect(report.auditLog).toEqual({
      ok: true,
      events: RELEASES - 1,
      history: { ok: true, versions: RELEASES - 1 },
    });
    expect(report.releases.map((r) => r.version)).toEqual(Array.from({ length: RELEASES }, (_, i) => `1.${i}.0`));
    const failed = report.releases.filter((r) => r.verdict === 'fail');
    expect(failed.map((r) => [r.version, r.problems])).toEqual([['1.50.0', ['no valid approval']]]);
    const last = report.releases[RELEASES - 1]!;
    expect(last).toMatchObject({ archive: { status: 'not-due' }, inForceUntil: null, verdict: 'pass' });
    expect(report.releases[0]).toMatchObject({
      archive: { status: 'intact' },
      checksumRecord: 'present',
      events: [expect.objectContaining({ seq: 1, action: 'archive' })],
    });

    // A quarter in the middle: exactly the releases whose time in force overlaps it.
    const q = buildAuditReport({ ...input, since: '2021-04-01T00:00:00.000Z', until: '2021-06-30T23:59:59.999Z' });
    const expected = Array.from({ length: RELEASES }, (_, i) => i).filter((i) => {
      const from = START + i * 7 * DAY;
      const to = START + (i + 1) * 7 * DAY;
      return from <= Date.parse('2021-06-30T23:59:59.999Z') && to > Date.parse('2021-04-01T00:00:00.000Z');
    });
    expect(q.releases.map((r) => r.version)).toEqual(expected.map((i) => `1.${i}.0`));
  });
});
