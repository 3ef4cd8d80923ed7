/**
 * Fault injection in git: a shallow clone without the base branch, a base revision that does not exist, and a
 * corrupt object on the base. The gate must say it could not judge (exit 2, with the reason and the fix) and never
 * judge the PR by its own policy or pass without the base; no stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo } from '../support/example-release.js';
import { STACK_TRACE } from './leak-watch.js';

let repo: ReturnType<typeof createReleaseRepo>;
const dirs: string[] = [];
beforeAll(() => {
  repo = createReleaseRepo();
});
afterAll(() => {
  repo?.remove();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Report {
  verdict: string;
  judged: boolean;
  policySource: string;
  checks: Array<{
    id: string;
    status: string;
    findings: Array<{ code: string; indeterminate?: boolean; fix?: string; message: string }>;
  }>;
}

async function check(cwd: string, extra: string[] = []): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await runMlgov(['check', '--offline', '--format', 'json', ...extra], { cwd });
  expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toContain('could not complete');
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};

const undecided = (r: Report) => r.checks.flatMap((c) => c.findings).filter((f) => f.indeterminate);

/** A shallow, single-branch clone of the PR branch: what actions/checkout gives with its default fetch-depth 1. */
function shallowClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlgov-shallow-'));
  dirs.push(dir);
  execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'release', `file://${repo.dir}`, dir]);
  return dir;
}

describe('git faults', () => {
  it('passes in the full repository (the control)', async () => {
    expect((await check(repo.dir)).code).toBe(0);
  });

  it('shallow clone, base asked for by name: could not judge, and the fix says to fetch the base', async () => {
    const dir = shallowClone();
    const r = await check(dir, ['--base', 'origin/main']);
    expect(r.code).toBe(2);
    expect(r.report.judged).toBe(false);
    const found = undecided(r.report);
    expect(found.map((f) => f.code)).toEqual(expect.arrayContaining(['EVIDENCE_BASE_UNAVAILABLE']));
    expect(found.some((f) => /shallow clone/.test(f.fix ?? ''))).toBe(true);
  });

  it("shallow clone, no base named: could not judge (exit 2) with the fix, never a first release judged by the PR's own policy", async () => {
    // The PR loosens its own policy and promotes a worse model: judged as a first release by that policy it would pass.
    const dir = mkdtempSync(join(tmpdir(), 'mlgov-shallow-pr-'));
    dirs.push(dir);
    execFileSync('git', ['clone', '-q', '--no-local', repo.dir, dir]);
    execFileSync('git', ['checkout', '-q', 'release'], { cwd: dir });
    bindRelease(dir, repo.seed, {
      manifest: (m) => {
        m.version = '2.5.0';
        m.release = { type: 'initial', reason: 'First release of the new model line' };
        m.evaluation.backtest!.mae = 99;
        m.evaluation.backtest!.rmse = 99;
      },
    });
    const policyFile = join(dir, '.github/governance-policy.yml');
    writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('minImprovementPct: 5', 'minImprovementPct: 0'));
    execFileSync('git', ['commit', '-qam', 'worse 2.5.0 under a looser policy'], { cwd: dir, env: GIT_ENV });
    const shallow = mkdtempSync(join(tmpdir(), 'mlgov-shallow-'));
    dirs.push(shallow);
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'release', `file://${dir}`, shallow]);

    const r = await check(shallow);
    expect(r.code).toBe(2);
    expect(r.report.judged).toBe(false);
    const found = undecided(r.report);
    expect(found.map((f) => f.code)).toEqual(expect.arrayContaining(['EVIDENCE_BASE_UNAVAILABLE']));
    expect(
      found.every((f) => /shallow clone: pass the base explicitly \(--base origin\/main\)/.test(f.fix ?? '')),
    ).toBe(true);
    // Judged by the PR's policy as a first release, the worse model would pass (minImprovementPct 0): the promotion
    // is instead "could not judge" for want of the base, never a first release, and the verdict is never a pass.
    expect(r.report.verdict).toBe('fail');
    const promotion = r.report.checks.find((c) => c.id === 'promotion')!;
    expect(promotion.status).toBe('fail');
    expect(promotion.findings.map((f) => [f.code, f.indeterminate])).toEqual([['PROMOTION_BASE_UNAVAILABLE', true]]);
    // The PR's own policy is not compared with a base it cannot read, and says so rather than passing it.
    const policy = r.report.checks.find((c) => c.id === 'policy')!;
    expect(policy.findings.map((f) => f.code)).toEqual(['POLICY_NOT_COMPARED']);
    // Named, the base is still missing from the shallow clone: the same verdict, never a pass.
    expect((await check(shallow, ['--base', 'origin/main'])).code).toBe(2);
  });

  it('a base revision that does not exist: could not judge (exit 2), naming it', async () => {
    const r = await check(repo.dir, ['--base', 'no-such-branch']);
    expect(r.code).toBe(2);
    expect(
      undecided(r.report)
        .map((f) => f.message)
        .join('\n'),
    ).toContain('no-such-branch');
  });

  // A git read error on the base (here a corrupt blob) must be `base.kind: 'unavailable'` (exit 2), distinct from a
  // path that does not exist: read as "no manifest on the base", the PR would be judged as a first release.
  it('a corrupt object on the base: could not judge (exit 2), never judged as a first release', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgov-corrupt-'));
    dirs.push(dir);
    execFileSync('git', ['clone', '-q', '--no-local', repo.dir, dir]);
    execFileSync('git', ['checkout', '-q', 'release'], { cwd: dir });
    // The PR promotes 2.5.0 with worse metrics and no archive: with a readable base the gate fails it.
    bindRelease(dir, repo.seed, {
      manifest: (m) => {
        m.version = '2.5.0';
        m.release = { type: 'promotion', reason: 'Quarterly retrain on the November snapshot' };
        m.evaluation.backtest!.mae = 99;
        m.evaluation.backtest!.rmse = 99;
      },
    });
    execFileSync('git', ['commit', '-qam', 'worse 2.5.0'], {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    });
    const readable = await check(dir, ['--base', 'origin/main']);
    expect(readable.code).toBe(1);
    execFileSync('git', ['branch', '-q', 'main', 'origin/main'], { cwd: dir });
    // Unpack so each object is a loose file, then overwrite the base manifest's blob with garbage.
    const packs = execFileSync('sh', ['-c', 'ls .git/objects/pack/*.pack 2>/dev/null || true'], {
      cwd: dir,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter(Boolean);
    for (const p of packs) {
      execFileSync(
        'sh',
        [
          '-c',
          `mv ${p} ${p}.bak && git unpack-objects -q < ${p}.bak && rm -f ${p}.bak ${p.replace(/\.pack$/, '.idx')}`,
        ],
        { cwd: dir },
      );
    }
    const blob = execFileSync('git', ['rev-parse', 'main:model/manifest.json'], { cwd: dir, encoding: 'utf8' }).trim();
    const file = join(dir, '.git/objects', blob.slice(0, 2), blob.slice(2));
    chmodSync(file, 0o644);
    writeFileSync(file, Buffer.from('this is not a zlib stream'));
    const r = await check(dir, ['--base', 'main']);
    expect(r.code).toBe(2);
    expect(r.report.verdict).toBe('fail');
    const reasons = undecided(r.report);
    expect(reasons.some((f) => /could not be read/.test(f.message) && /git fsck/.test(f.fix ?? ''))).toBe(true);
  });
});
