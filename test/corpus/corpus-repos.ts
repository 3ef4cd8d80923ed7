/**
 * The shared temp repositories the corpus families run in: each holds a coherent release that passes the gate, so
 * every failure a case produces is the case's doing. One repository per family; `resetRepository` restores it
 * between cases.
 */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendAuditEvents } from '../../src/evidence/audit-log.js';
import { bindRelease, createReleaseRepo } from '../support/example-release.js';
import { runMlgov } from '../support/cli-io.js';
import type { TempRepo } from '../support/git-repo.js';
import {
  applySetup,
  caseBytes,
  judgeRun,
  readFamily,
  resetRepository,
  runCase,
  type CorpusCase,
  type CorpusFamily,
} from './corpus-runner.js';
import { closeSync, constants, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type ReleaseRepo = TempRepo & { seed: string; baseCommit: string };

/** The example release on `main`, the `release` branch checked out (identical): the gate passes offline. */
export function plainReleaseRepo(): ReleaseRepo {
  return createReleaseRepo();
}

/**
 * A promotion: `main` holds fraud-detection 2.4.0 and an audit log with one `approve` event; the `release` branch
 * (checked out, committed) promotes 2.5.0 with better metrics, archives 2.4.0 with `mlgov archive` (manifest and
 * bias report copies, `checksums.sha256`, `evidence.json`) and so appends an `archive` event. The gate passes.
 */
export async function promotedReleaseRepo(): Promise<ReleaseRepo> {
  const repo = createReleaseRepo();
  await appendAuditEvents(repo.dir, 'artifacts', [
    {
      actor: 'alice',
      action: 'approve',
      model: 'fraud-detection',
      version: '2.4.0',
      reason: 'board review',
      ticket: 'MLGOV-123',
    },
  ]);
  const baseCommit = repo.commitAll('Log the approval of 2.4.0');
  repo.git('branch', '-f', 'main', 'HEAD');
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      m.version = '2.5.0';
      m.release = { type: 'promotion', reason: 'Quarterly retrain on the November feature snapshot' };
      m.jira = 'MLGOV-124'; // one ticket, one release: 2.4.0 was signed off under MLGOV-123
      const better = (v: number | undefined) => Number(((v ?? 0) * 0.9).toFixed(2));
      const b = m.evaluation.backtest!;
      b.mae = better(b.mae);
      b.rmse = better(b.rmse);
      for (const s of Object.values(b.seasons ?? {})) {
        s.mae = better(s.mae);
        s.rmse = better(s.rmse);
      }
    },
  });
  const archived = await runMlgov(['archive', '--base', 'main', '--actor', 'rm-bot'], { cwd: repo.dir });
  if (archived.code !== 0) throw new Error(`corpus set-up: archive failed: ${archived.stderr}`);
  repo.commitAll('Promote fraud-detection 2.5.0');
  return { ...repo, baseCommit };
}

/**
 * Opens (and closes) every FIFO the case made for writing, without blocking: a reader stuck on one (a hang the
 * case is there to expose) then sees end-of-file, so its thread is not lost to the rest of the suite.
 */
function releaseFifos(dir: string, c: CorpusCase): void {
  for (const op of c.setup ?? []) {
    if (op.op !== 'fifo') continue;
    try {
      closeSync(openSync(join(dir, op.path), constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader waiting (ENXIO) or already gone: nothing to release
    }
  }
}

/** The check command every gate family runs: JSON report on stdout. */
export const CHECK_ARGV = ['check', '--offline', '--format', 'json'];

export interface FamilyRun {
  /** Builds the shared repository (once per family). */
  repo: () => ReleaseRepo | Promise<ReleaseRepo>;
  /** The argv for a case (default: {@link CHECK_ARGV} + the case's args). */
  argv?: (c: CorpusCase) => string[];
  /** Environment for the run (Jira settings for the PR family). */
  env?: () => Record<string, string>;
  /** How stdout is read. */
  json?: 'report' | 'log-verify' | 'none';
  /** Secrets that must never appear in any output. */
  secrets?: string[];
  /** Extra runs per case (e.g. `log verify` after `check`), each judged the same way. */
  alsoRun?: Array<{
    argv: string[];
    json: 'report' | 'log-verify' | 'none';
    expect: (c: CorpusCase) => CorpusCase['expect'] | undefined;
  }>;
  /** Per-case set-up beyond the input (e.g. checking out a branch). */
  before?: (c: CorpusCase, repo: ReleaseRepo) => void;
}

/**
 * Declares one jest test per case of the family file `name`: write the case into the shared repository, run the
 * command in-process, judge the outcome, restore the repository.
 */
export function describeFamily(name: string, run: FamilyRun): CorpusFamily {
  const family = readFamily(name);
  describe(`bad-input corpus: ${family.family} (${family.cases.length} cases)`, () => {
    let repo: ReleaseRepo;
    const coherent = new Map<string, Buffer>();
    beforeAll(async () => {
      repo = await run.repo();
    });
    afterAll(() => repo?.remove());

    it("starts from a release the gate passes (so each failure below is the case's own)", async () => {
      const r = await runMlgov(run.argv ? run.argv({ id: 'baseline', about: '', expect: { exit: 1 } }) : CHECK_ARGV, {
        cwd: repo.dir,
        env: run.env?.() ?? {},
      });
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    });

    for (const c of family.cases) {
      // A case that exposes a bug in a file someone else is editing runs as it.failing until that bug is fixed
      // (its `knownBug` names it); it flips to a failure the moment the bug is fixed, so it cannot be forgotten.
      const declare = c.knownBug ? it.failing : it;
      declare(`${c.id}: ${c.about}${c.knownBug ? ` [known bug: ${c.knownBug}]` : ''}`, async () => {
        resetRepository(repo.dir);
        const target = c.target ?? family.target;
        if (!coherent.has(target)) {
          try {
            coherent.set(target, readFileSync(join(repo.dir, target)));
          } catch {
            // A new file (e.g. a PR's own policy passed with --policy): edits start from the family's document.
            coherent.set(target, readFileSync(join(repo.dir, family.target)));
          }
        }
        run.before?.(c, repo);
        applySetup(repo.dir, c.setup);
        const bytes = caseBytes(c, family, coherent.get(target)!);
        if (bytes !== undefined) {
          mkdirSync(dirname(join(repo.dir, target)), { recursive: true });
          writeFileSync(join(repo.dir, target), bytes);
        }
        const argv = run.argv ? run.argv(c) : [...CHECK_ARGV, ...(c.args ?? [])];
        const r = await runCase(argv, repo.dir, run.env?.() ?? {});
        releaseFifos(repo.dir, c);
        const verdict = judgeRun(c, r, { json: run.json ?? 'report', secrets: run.secrets ?? [] });
        const problems = [...verdict.problems];
        for (const extra of run.alsoRun ?? []) {
          const want = extra.expect(c);
          if (!want) continue;
          const r2 = await runCase(extra.argv, repo.dir, run.env?.() ?? {});
          releaseFifos(repo.dir, c);
          problems.push(
            ...judgeRun({ ...c, expect: want }, r2, { json: extra.json, secrets: run.secrets ?? [] }).problems.map(
              (p) => `${extra.argv.join(' ')}: ${p}`,
            ),
          );
        }
        expect(problems).toEqual([]);
      });
    }
  });
  return family;
}
