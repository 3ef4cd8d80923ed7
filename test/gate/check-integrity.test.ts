/**
 * `mlgov check` end to end on real temp repositories holding the example release (issue: the gate, part 1):
 * each edit made on a PR branch fails the right check with the exact file, pointer and line.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/release/report.js';
import { bindRelease, createReleaseRepo, readJson, writeJson } from '../support/example-release.js';
import { runMlgov } from '../support/cli-io.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { TempRepo } from '../support/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  while (repos.length) repos.pop()?.remove();
});

function releaseRepo() {
  const repo = createReleaseRepo();
  repos.push(repo);
  return repo;
}

async function check(dir: string, ...extra: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const run = await runMlgov(['check', '--offline', '--base', 'main', '--format', 'json', ...extra], { cwd: dir });
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

function findingsOf(report: Report, id: string) {
  const c = report.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in the report`);
  return c.findings;
}

/** The 1-based line of the first occurrence of `needle` in a file (after `from` if given). */
function lineOf(dir: string, rel: string, needle: string, from = ''): number {
  const lines = readFileSync(join(dir, rel), 'utf8').split('\n');
  const start = from ? lines.findIndex((l) => l.includes(from)) : 0;
  const i = lines.findIndex((l, n) => n >= start && l.includes(needle));
  return i + 1;
}

/** Bumps the version and re-binds everything, the way a real new release is made. */
function newRelease(dir: string, seed: string, version: string, edit: (m: Manifest) => void = () => undefined) {
  bindRelease(dir, seed, {
    manifest: (m) => {
      m.version = version;
      m.release = { type: 'promotion', reason: 'Retrain on the November feature snapshot' };
      edit(m);
    },
  });
}

describe('mlgov check on the example release', () => {
  it('passes the unchanged release with every check id in the JSON report', async () => {
    const repo = releaseRepo();
    const { code, report } = await check(repo.dir);
    const failing = report.checks.filter((c) => c.status === 'fail');
    expect(failing).toEqual([]);
    expect(code).toBe(0);
    expect(report.verdict).toBe('pass');
    expect(report.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'schema',
        'provenance',
        'checksums',
        'version',
        'bias',
        'approvals',
        'jira',
        'evidence',
        'promotion',
      ]),
    );
    expect(report.checks.find((c) => c.id === 'jira')?.status).toBe('skip');
    expect(report.offline).toBe(true);
  });

  it('fails checksums at the artifact digest when one byte of an artifact changes', async () => {
    const repo = releaseRepo();
    const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
    const artifact = m.artifacts[0]!;
    const bytes = readFileSync(join(repo.dir, artifact.path));
    bytes[0] = bytes[0]! ^ 0xff;
    writeFileSync(join(repo.dir, artifact.path), bytes);
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    const f = findingsOf(report, 'checksums').find((x) => x.code === 'CHECKSUM_MISMATCH');
    expect(f).toMatchObject({
      severity: 'error',
      file: 'model/manifest.json',
      pointer: '/artifacts/0/sha256',
      line: lineOf(repo.dir, 'model/manifest.json', '"sha256"', '"artifacts"'),
    });
  });

  it('fails checksums at the size when the declared size is wrong', async () => {
    const repo = releaseRepo();
    const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
    m.artifacts[0]!.size += 1;
    writeJson(repo.dir, 'model/manifest.json', m);
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(findingsOf(report, 'checksums')).toContainEqual(
      expect.objectContaining({
        code: 'SIZE_MISMATCH',
        pointer: '/artifacts/0/size',
        line: lineOf(repo.dir, 'model/manifest.json', '"size"'),
      }),
    );
  });

  it('rejects an artifact path that leaves the repository (../x)', async () => {
    const repo = releaseRepo();
    const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
    m.artifacts[0]!.path = '../x';
    writeJson(repo.dir, 'model/manifest.json', m);
    const { code, report } = await check(repo.dir);
    expect(code).not.toBe(0);
    const all = report.checks.flatMap((c) => c.findings);
    expect(all).toContainEqual(expect.objectContaining({ pointer: '/artifacts/0/path', file: 'model/manifest.json' }));
    expect(all.some((f) => /OUTSIDE|PATH/.test(f.code))).toBe(true);
  });

  it('rejects a symlink that points out of the repository', async () => {
    const repo = releaseRepo();
    const outside = join(repo.dir, '..', `outside-${Date.now()}.bin`);
    writeFileSync(outside, 'secret');
    const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
    symlinkSync(outside, join(repo.dir, 'model/weights/escape.bin'));
    m.artifacts.push({ path: 'model/weights/escape.bin', sha256: 'a'.repeat(64), size: 6 });
    writeJson(repo.dir, 'model/manifest.json', m);
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(findingsOf(report, 'checksums')).toContainEqual(
      expect.objectContaining({
        code: 'PATH_OUTSIDE_REPOSITORY',
        pointer: `/artifacts/${m.artifacts.length - 1}/path`,
      }),
    );
  });

  it('fails schema on a duplicate sha256 key, at the line of the duplicate', async () => {
    const repo = releaseRepo();
    const file = join(repo.dir, 'model/manifest.json');
    const text = readFileSync(file, 'utf8');
    const first = text.indexOf('"sha256"');
    const lineStart = text.lastIndexOf('\n', first) + 1;
    const lineEnd = text.indexOf('\n', first);
    const dupLine = text.slice(lineStart, lineEnd).replace(/,?$/, ',');
    writeFileSync(file, text.slice(0, lineEnd + 1) + dupLine + '\n' + text.slice(lineEnd + 1));
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    const dupLineNo = text.slice(0, lineStart).split('\n').length + 1;
    expect(findingsOf(report, 'schema')).toContainEqual(
      expect.objectContaining({ code: 'DUPLICATE_KEY', file: 'model/manifest.json', line: dupLineNo }),
    );
  });

  it('fails schema on a missing required field, pointing at it', async () => {
    const repo = releaseRepo();
    const m = readJson<Record<string, unknown>>(repo.dir, 'model/manifest.json');
    delete m['owner'];
    delete m['version'];
    writeJson(repo.dir, 'model/manifest.json', m);
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(findingsOf(report, 'schema')).toContainEqual(
      expect.objectContaining({ code: 'SCHEMA_REQUIRED', pointer: '/version', file: 'model/manifest.json', line: 1 }),
    );
    // Checks that need a valid manifest say why they did not judge instead of reading a malformed value.
    expect(report.checks.find((c) => c.id === 'checksums')).toMatchObject({ status: 'skip' });
  });

  it('fails version when an artifact changed but the version was not bumped', async () => {
    const repo = releaseRepo();
    appendFileSync(join(repo.dir, 'model/weights/model.onnx'), Buffer.from([1, 2, 3]));
    bindRelease(repo.dir, repo.seed);
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(findingsOf(report, 'version')).toContainEqual(
      expect.objectContaining({
        code: 'VERSION_NOT_BUMPED',
        pointer: '/version',
        line: lineOf(repo.dir, 'model/manifest.json', '"version"'),
      }),
    );
  });

  it('fails version when the version is lower than the base release', async () => {
    const repo = releaseRepo();
    newRelease(repo.dir, repo.seed, '2.3.9');
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(findingsOf(report, 'version')).toContainEqual(
      expect.objectContaining({ code: 'VERSION_NOT_INCREASED', pointer: '/version' }),
    );
  });

  it('fails provenance when the code commit is not in the repository', async () => {
    const repo = releaseRepo();
    bindRelease(repo.dir, 'deadbeef'.repeat(5));
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(findingsOf(report, 'provenance')).toContainEqual(
      expect.objectContaining({
        code: 'COMMIT_NOT_FOUND',
        pointer: '/provenance/code/commit',
        line: lineOf(repo.dir, 'model/manifest.json', '"commit"'),
      }),
    );
  });

  it('fails provenance when training finished after evaluation', async () => {
    const repo = releaseRepo();
    bindRelease(repo.dir, repo.seed, {
      manifest: (m) => {
        m.provenance.training.finishedAt = new Date(Date.parse(m.evaluation.evaluatedAt) + 3600_000).toISOString();
      },
    });
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(findingsOf(report, 'provenance')).toContainEqual(
      expect.objectContaining({ code: 'TIMESTAMP_ORDER', file: 'model/manifest.json' }),
    );
  });

  it('says it could not judge (exit 2) when the base revision is missing, with the fix', async () => {
    const repo = releaseRepo();
    const run = await runMlgov(['check', '--offline', '--base', 'no-such-branch', '--format', 'json'], {
      cwd: repo.dir,
    });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.judged).toBe(false);
    const f = report.checks.flatMap((c) => c.findings).find((x) => x.indeterminate);
    expect(f?.message).toContain('no-such-branch');
    expect(f?.fix).toBeTruthy();
  });

  it('prints the text report with file:line:column, message and fix', async () => {
    const repo = releaseRepo();
    const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
    m.artifacts[0]!.size += 1;
    writeJson(repo.dir, 'model/manifest.json', m);
    const run = await runMlgov(['check', '--offline', '--base', 'main'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const line = lineOf(repo.dir, 'model/manifest.json', '"size"');
    expect(run.stdout).toMatch(new RegExp(`model/manifest\\.json:${line}:\\d+: error SIZE_MISMATCH`));
    expect(run.stdout).toMatch(/^FAIL {2}checksums/m);
    expect(run.stdout).toMatch(/fix: /);
    expect(run.stdout).toMatch(/^verdict: FAIL/m);
  });
});
