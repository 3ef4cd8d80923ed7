import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildChainedEvent, formatAuditLine, verifyAuditLog, type AuditEvent } from '../../src/evidence/hash-chain.js';
import { verifyLogHistory, type LogVersion } from '../../src/evidence/log-history.js';
import { runMlgov } from '../support/cli-io.js';
import { createHistoryRepo, type HistoryRepo } from './fixtures.js';

let repo: HistoryRepo | undefined;
const dirs: string[] = [];
afterEach(() => {
  repo?.remove();
  repo = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const LOG = 'artifacts/audit-log.jsonl';

/** The log text of `events` re-chained from the first: what an insider writes after dropping an event. */
function rechain(events: AuditEvent[]): string {
  const out: AuditEvent[] = [];
  for (const { seq: _s, prevHash: _p, hash: _h, ...rest } of events) {
    out.push(buildChainedEvent(out[out.length - 1], rest));
  }
  return out.map((e) => formatAuditLine(e) + '\n').join('');
}

const line = (n: number) => `{"seq":${n}}\n`;
const v = (commit: string, text: string | undefined, extra: Partial<LogVersion> = {}): LogVersion => ({
  commit,
  committedAt: '2025-01-0' + commit.length + 'T00:00:00.000Z',
  subject: `s-${commit}`,
  ...(text !== undefined ? { text } : {}),
  ...extra,
});

describe('verifyLogHistory', () => {
  it('passes a log that only grew, including a first version and an empty start', () => {
    expect(verifyLogHistory(LOG, [v('a', ''), v('bb', line(1)), v('ccc', line(1) + line(2))])).toEqual({
      ok: true,
      versions: 3,
    });
  });

  it('names the first commit whose version is not an extension, with the line of the first difference', () => {
    const verdict = verifyLogHistory(LOG, [
      v('a', line(1) + line(2) + line(3)),
      v('bb', line(1) + line(3)),
      v('ccc', line(9)),
    ]);
    expect(verdict).toEqual({
      ok: false,
      versions: 3,
      break: {
        kind: 'rewritten',
        commit: 'bb',
        committedAt: '2025-01-02T00:00:00.000Z',
        subject: 's-bb',
        previous: 'a',
        line: 2,
        message:
          'artifacts/audit-log.jsonl at bb (2025-01-02, "s-bb") does not extend the version of a: line 2 differs (an event was removed, edited, reordered or inserted, and the log re-written)',
      },
    });
  });

  it('refuses a deleted log and a log replaced by a symlink; a log deleted while empty loses nothing', () => {
    expect(verifyLogHistory(LOG, [v('a', line(1)), v('bb', undefined)])).toMatchObject({
      ok: false,
      break: { kind: 'deleted', commit: 'bb', message: expect.stringContaining('was deleted at bb') },
    });
    expect(verifyLogHistory(LOG, [v('a', line(1)), v('bb', '/etc/passwd', { mode: '120000' })])).toMatchObject({
      ok: false,
      break: { kind: 'not-a-file', commit: 'bb' },
    });
    expect(verifyLogHistory(LOG, [v('a', ''), v('bb', undefined), v('ccc', line(1))]).ok).toBe(true);
    // Deleted and re-created shorter: the re-created version is judged against the last one that existed.
    expect(
      verifyLogHistory(LOG, [v('a', ''), v('bb', undefined), v('ccc', line(2)), v('dddd', line(3))]),
    ).toMatchObject({
      ok: false,
      break: { kind: 'rewritten', commit: 'dddd', previous: 'ccc', line: 1 },
    });
  });
});

/** A chained log of `n` events. */
function chainOf(n: number): AuditEvent[] {
  const out: AuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      buildChainedEvent(out[out.length - 1], {
        at: `2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z`,
        actor: `u${i}`,
        action: 'approve',
        model: 'fraud-detection',
        version: `1.${i}.0`,
        reason: null,
        ticket: null,
      }),
    );
  }
  return out;
}

/** `list` with the element at `k` swapped with the next one (the previous one for the last element). */
function swapWithNeighbour<T>(list: T[], k: number): T[] {
  const i = Math.min(k, list.length - 2);
  const out = [...list];
  [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  return out;
}

describe('verifyLogHistory (property)', () => {
  it('names exactly the version where any event was dropped, edited or reordered and the log re-chained', () => {
    const scenario = fc
      .integer({ min: 2, max: 12 })
      .chain((total) => fc.record({ total: fc.constant(total), cuts: fc.integer({ min: 1, max: Math.min(5, total) }) }))
      .chain(({ total, cuts }) =>
        fc.record({
          total: fc.constant(total),
          // The lengths of the honest versions, growing; the attack comes after version `at`.
          lengths: fc
            .uniqueArray(fc.integer({ min: 1, max: total }), { minLength: cuts, maxLength: cuts })
            .map((a) => [...a].sort((x, y) => x - y)),
          attack: fc.constantFrom('drop', 'edit', 'swap'),
          victim: fc.nat(),
        }),
      );
    fc.assert(
      fc.property(scenario, ({ total, lengths, attack, victim }) => {
        const events = chainOf(total);
        const honest = lengths.map((n, i) => v(`c${i}`, rechain(events.slice(0, n))));
        const last = lengths[lengths.length - 1]!;
        const logged = events.slice(0, last);
        const k = victim % logged.length;
        const tampered =
          attack === 'drop'
            ? logged.filter((_, i) => i !== k)
            : attack === 'edit'
              ? logged.map((e, i) => (i === k ? { ...e, actor: `${e.actor}-x` } : e))
              : logged.length > 1
                ? swapWithNeighbour(logged, k)
                : logged.map((e) => ({ ...e, reason: 'changed' }));
        const rewritten = rechain(tampered);
        // The re-chained log verifies on its own: only its history gives it away.
        expect(verifyAuditLog(rewritten).ok).toBe(true);
        const verdict = verifyLogHistory(LOG, [...honest, v('evil', rewritten), v('later', rewritten + line(99))]);
        expect(verdict).toMatchObject({ ok: false, break: { kind: 'rewritten', commit: 'evil' } });
        // And a history that only grew passes.
        expect(verifyLogHistory(LOG, honest).ok).toBe(true);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

/** main: three releases, the log growing with each archive; then an insider drops the first event on main. */
async function rewrittenOnMain(): Promise<{ insider: string; before: string }> {
  repo = createHistoryRepo();
  await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
  await repo.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
  await repo.release({ version: '1.2.0', at: '2025-04-01T10:00:00Z' });
  const before = readFileSync(join(repo.dir, LOG), 'utf8');
  const events = verifyAuditLog(before).events;
  expect(events.map((e) => e.version)).toEqual(['1.0.0', '1.1.0']);
  writeFileSync(join(repo.dir, LOG), rechain(events.slice(1)));
  const insider = repo.commitAt('Tidy the audit log', '2025-04-15T10:00:00Z');
  return { insider, before };
}

describe('mlgov log verify --history (issue 12)', () => {
  it('catches an event dropped and the log re-chained on the base branch, which the chain alone does not', async () => {
    const { insider } = await rewrittenOnMain();
    const plain = await repo!.mlgov(['log', 'verify']);
    expect(plain.code).toBe(0); // the re-chained log verifies on its own: this is the attack

    const r = await repo!.mlgov(['log', 'verify', '--history']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${LOG} at ${insider.slice(0, 12)} (2025-04-15, "Tidy the audit log") does not extend the version of ` +
        `${repo!.git('rev-parse', `${insider}^`).trim().slice(0, 12)}: line 1 differs (an event was removed, edited, reordered or inserted, and the log re-written)\n`,
    );

    const json = await repo!.mlgov(['log', 'verify', '--history', '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      events: 1,
      history: { ok: false, versions: 4, break: { kind: 'rewritten', commit: insider, line: 1 } },
    });
  });

  it('passes a log that only grew, counting its versions (the working tree last)', async () => {
    repo = createHistoryRepo();
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    await repo.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
    const r = await repo.mlgov(['log', 'verify', '--history']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${LOG}: 2 version(s) in git history, each extends the one before\n`);
  });

  it('catches an uncommitted rewrite in the working tree, and a log deleted on the branch', async () => {
    repo = createHistoryRepo();
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    await repo.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
    await repo.release({ version: '1.2.0', at: '2025-04-01T10:00:00Z' });
    const events = verifyAuditLog(readFileSync(join(repo.dir, LOG), 'utf8')).events;
    writeFileSync(join(repo.dir, LOG), rechain(events.slice(1)));
    const wt = await repo.mlgov(['log', 'verify', '--history']);
    expect(wt.code).toBe(1);
    expect(wt.stderr).toContain(`${LOG} in the working tree does not extend the version of `);

    unlinkSync(join(repo.dir, LOG));
    const deleted = repo.commitAt('drop the log', '2025-04-20T10:00:00Z');
    const r = await repo.mlgov(['log', 'verify', '--history']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${LOG} was deleted at ${deleted.slice(0, 12)} (2025-04-20, "drop the log")`);
  });

  it('catches a log replaced by a committed symlink', async () => {
    repo = createHistoryRepo();
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    await repo.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
    unlinkSync(join(repo.dir, LOG));
    symlinkSync('/dev/null', join(repo.dir, LOG));
    const linked = repo.commitAt('link the log', '2025-04-20T10:00:00Z');
    const r = await repo.mlgov(['log', 'verify', '--history', '--format', 'json']);
    expect(r.code).toBe(2); // the working-tree log is a link: it cannot be read at all
    expect(r.stderr).toContain(`${LOG} is a symbolic link, not a regular file`);
    rmSync(join(repo.dir, LOG));
    execFileSync('git', ['checkout', '-q', `${linked}^`, '--', LOG], { cwd: repo.dir });
    const h = await repo.mlgov(['log', 'verify', '--history', '--format', 'json']);
    expect(h.code).toBe(1);
    expect(JSON.parse(h.stdout).history.break).toMatchObject({ kind: 'not-a-file', commit: linked });
  });

  it('is could-not-judge (exit 2) in a shallow clone, saying how to fetch the history', async () => {
    repo = createHistoryRepo();
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    await repo.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
    const shallow = join(mkdtempSync(join(tmpdir(), 'mlgov-shallow-')), 'clone');
    dirs.push(join(shallow, '..'));
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, shallow]);
    const r = await runMlgov(['log', 'verify', '--history', '--repo', shallow], { cwd: shallow });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`this is a shallow clone: the history of ${LOG} is incomplete`);
    expect(r.stderr).toContain('fix: fetch the full history: git fetch --unshallow origin');
  });

  it('is a usage error on log show', async () => {
    repo = createHistoryRepo();
    const r = await repo.mlgov(['log', 'show', '--history']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--history applies to mlgov log verify');
  });
});

describe('mlgov audit checks the log history (issue 12)', () => {
  it('fails the period when the log was re-chained on the branch, naming the commit', async () => {
    const { insider } = await rewrittenOnMain();
    const out = join(repo!.dir, '.audit');
    const r = await repo!.mlgov([
      'audit',
      '--since',
      '2025-01-01',
      '--until',
      '2025-12-31',
      '--out',
      out,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.verdict).toBe('fail');
    expect(report.auditLog).toMatchObject({
      ok: false,
      line: 1,
      problem: expect.stringContaining(
        `${LOG} at ${insider.slice(0, 12)} (2025-04-15, "Tidy the audit log") does not extend`,
      ),
      history: { ok: false, versions: 3, commit: insider },
    });
    expect(readFileSync(join(out, 'audit-report.md'), 'utf8')).toContain(`does not extend`);
  });

  it('passes the history of a log that only grew (the control)', async () => {
    repo = createHistoryRepo();
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    await repo.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
    const out = join(repo.dir, '.audit');
    const r = await repo.mlgov([
      'audit',
      '--since',
      '2025-01-01',
      '--until',
      '2025-12-31',
      '--out',
      out,
      '--format',
      'json',
    ]);
    expect(JSON.parse(r.stdout).auditLog).toEqual({ ok: true, events: 1, history: { ok: true, versions: 1 } });
  });
});
