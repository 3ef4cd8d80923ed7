/**
 * Where the artifact, archive and promotion findings point (issue #16): each code is produced through the code that
 * emits it — the gate on a real temp repository (and, for `s3://` artifacts, a real loopback S3), or the check on a
 * literal context where no gathered repository can reach the rule — and its exact file, JSON pointer and line are
 * asserted. Every expected line is counted in the text the test wrote, never copied from the finding.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksumsCheck } from '../../src/checks/checksums.js';
import type { Manifest, ManifestArtifact } from '../../src/formats/manifest.js';
import { runGate, type GateOptions } from '../../src/gate/run-gate.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import { exitCodeOf, type CheckResult, type Report } from '../../src/release/report.js';
import { createHistoryRepo, writeRelease, type HistoryRepo } from '../evidence/fixtures.js';
import { awsEnv, isolateAwsEnvironment, s3ReleaseRepo, setArtifact, sha256 } from '../s3/s3-fixtures.js';
import { sha256Base64, startS3Server, type S3Server } from '../servers/s3-server.js';
import { bindRelease, createReleaseRepo, readJson, writeJson } from '../support/example-release.js';
import type { TempRepo } from '../support/git-repo.js';
import { integrityContext, lineOf } from './integrity-fixtures.js';

const MANIFEST = 'model/manifest.json';

/** 1-based number of the first line of a file in `dir` that `match` accepts, counted in the file's own text. */
function lineIn(dir: string, rel: string, match: (line: string) => boolean): number {
  const i = readFileSync(join(dir, rel), 'utf8').split('\n').findIndex(match);
  if (i < 0) throw new Error(`no such line in ${rel}`);
  return i + 1;
}

const checkOf = (report: Report, id: string): CheckResult => report.checks.find((c) => c.id === id)!;

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
});

describe('checksums: where a local artifact finding points', () => {
  it('a path listed twice (spelled ./…) is DUPLICATE_ARTIFACT_PATH at the second entry, gate on a real repository', async () => {
    const repo = createReleaseRepo();
    repos.push(repo);
    // The PR lists the weights a second time under another spelling of the same path.
    bindRelease(repo.dir, repo.seed, {
      manifest: (m) => void m.artifacts.push({ path: './model/weights/model.onnx', sha256: '0'.repeat(64), size: 1 }),
    });
    const report = await runGate({ repoRoot: repo.dir, offline: true, baseRef: 'main' });
    const duplicate = checkOf(report, 'checksums').findings.filter((f) => f.code === 'DUPLICATE_ARTIFACT_PATH');
    expect(duplicate).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'DUPLICATE_ARTIFACT_PATH',
        file: MANIFEST,
        pointer: '/artifacts/2/path',
        line: lineIn(repo.dir, MANIFEST, (l) => l.includes('"path": "./model/weights/model.onnx"')),
        column: 15,
      }),
    ]);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('--fail-fast leaves later files unhashed: ARTIFACT_NOT_HASHED notices at their paths, after its errors', async () => {
    const repo = createReleaseRepo();
    repos.push(repo);
    // The weights grew on the PR branch (a size the manifest does not declare): fail-fast hashes them first and stops.
    appendFileSync(join(repo.dir, 'model/weights/model.onnx'), 'one more byte\n');
    const report = await runGate({ repoRoot: repo.dir, offline: true, baseRef: 'main', failFast: true, rehash: true });
    const checksums = checkOf(report, 'checksums');
    const manifestLine = (needle: string) => lineIn(repo.dir, MANIFEST, (l) => l.includes(needle));
    const weights = readJson<Manifest>(repo.dir, MANIFEST).artifacts[0]!;
    expect(
      checksums.findings.map(({ severity, code, file, pointer, line }) => ({ severity, code, file, pointer, line })),
    ).toEqual([
      {
        severity: 'error',
        code: 'SIZE_MISMATCH',
        file: MANIFEST,
        pointer: '/artifacts/0/size',
        line: manifestLine(`"size": ${weights.size}`),
      },
      {
        severity: 'error',
        code: 'CHECKSUM_MISMATCH',
        file: MANIFEST,
        pointer: '/artifacts/0/sha256',
        line: manifestLine(`"sha256": "${weights.sha256}"`),
      },
      {
        severity: 'notice',
        code: 'ARTIFACT_NOT_HASHED',
        file: MANIFEST,
        pointer: '/artifacts/1/path',
        line: manifestLine('"path": "model/weights/feature-schema.json"'),
      },
      {
        severity: 'notice',
        code: 'ARTIFACT_NOT_HASHED',
        file: MANIFEST,
        pointer: '/biasReport/path',
        line: manifestLine('"path": "reports/latest-bias-report.json"'),
      },
    ]);
    expect(checksums.status).toBe('fail');
  });

  it('a file the gatherer did not observe is ARTIFACT_NOT_OBSERVED at its path (could not judge), literal context', () => {
    // The gatherer observes every path the manifest lists, so only a literal context can leave one out.
    const { ctx, manifest } = integrityContext({ files: (o) => void delete o['model/weights/tokenizer.json'] });
    const result = checksumsCheck.run(ctx, DEFAULT_POLICY);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'ARTIFACT_NOT_OBSERVED',
        message: 'Artifact 1 "model/weights/tokenizer.json" was not examined, so its checksum could not be verified.',
        file: MANIFEST,
        pointer: '/artifacts/1/path',
        line: lineOf(manifest, '"path": "model/weights/tokenizer.json"'),
        column: 15,
        fix: 'Run the gate again; if this persists, report it as an mlgov bug.',
      },
    ]);
  });

  it('an s3:// artifact with no observation is ARTIFACT_NOT_OBSERVED at its path (could not judge), literal context', () => {
    const path = 's3://ml-models/credit/v3/model.onnx?versionId=v1';
    const { ctx, manifest } = integrityContext({
      manifest: (m) => void (m.artifacts[0] = { path, sha256: 'a'.repeat(64), size: 12 }),
    });
    const result = checksumsCheck.run(ctx, DEFAULT_POLICY);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'ARTIFACT_NOT_OBSERVED',
        message: `Artifact 0 "${path}" was not examined, so it could not be verified.`,
        file: MANIFEST,
        pointer: '/artifacts/0/path',
        line: lineOf(manifest, `"path": "${path}"`),
        column: 15,
        fix: 'Run the gate again; if this persists, report it as an mlgov bug.',
      },
    ]);
  });
});

describe('checksums: where an s3:// artifact finding points (gate, loopback S3)', () => {
  const BODY = Buffer.from('onnx weights in a bucket, version one\n');
  const KEY = 'credit/v3/model.onnx';
  let restoreEnv: () => void;
  let server: S3Server;
  beforeAll(() => {
    restoreEnv = isolateAwsEnvironment();
  });
  afterAll(() => restoreEnv());
  beforeEach(async () => {
    server = await startS3Server();
    server.createBucket('ml-models', { versioned: true });
  });
  afterEach(async () => {
    await server.close();
  });

  /** The gate on a base release whose third artifact is `path` (BODY's size and digest), and the line of that path. */
  async function judge(
    path: string,
    policy: string,
  ): Promise<{ report: Report; checksums: CheckResult; line: number }> {
    const artifact: ManifestArtifact = { path, size: BODY.length, sha256: sha256(BODY) };
    const repo = s3ReleaseRepo(artifact, policy);
    repos.push(repo);
    const options: GateOptions = {
      repoRoot: repo.dir,
      offline: true,
      baseRef: 'main',
      s3: { env: awsEnv(server.url), client: { initialDelayMs: 1, maxDelayMs: 2, timeoutMs: 5_000 } },
    };
    const report = await runGate(options);
    const line = lineIn(repo.dir, MANIFEST, (l) => l.includes(`"path": "${path}"`));
    return { report, checksums: checkOf(report, 'checksums'), line };
  }

  const TRUSTED = 's3: { forcePathStyle: true, trustStoredChecksums: true }';
  const UNTRUSTED = 's3: { forcePathStyle: true }';

  it('a key the bucket does not hold is ARTIFACT_S3_MISSING at /artifacts/2/path (exit 1)', async () => {
    const path = `s3://ml-models/${KEY}`;
    const { report, checksums, line } = await judge(path, TRUSTED);
    expect(checksums.findings).toMatchObject([
      {
        severity: 'error',
        code: 'ARTIFACT_S3_MISSING',
        file: MANIFEST,
        pointer: '/artifacts/2/path',
        line,
        column: 15,
      },
    ]);
    expect(checksums.findings[0]).not.toHaveProperty('indeterminate');
    expect(exitCodeOf(report)).toBe(1);
  });

  it('a body cut short on every attempt is ARTIFACT_S3_TRUNCATED at /artifacts/2/path (exit 1)', async () => {
    const v = server.putObject('ml-models', KEY, BODY);
    server.fault({ kind: 'short-body', sendBytes: 10 }, Infinity, { method: 'GET' });
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    // The base does not trust stored checksums, so the bytes are streamed and the short body is seen.
    const { report, checksums, line } = await judge(path, UNTRUSTED);
    expect(checksums.findings).toMatchObject([
      {
        severity: 'error',
        code: 'ARTIFACT_S3_TRUNCATED',
        file: MANIFEST,
        pointer: '/artifacts/2/path',
        line,
        column: 15,
      },
    ]);
    expect(checksums.findings[0]!.message).toContain(`ended after 10 of ${BODY.length} bytes`);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('a stored checksum the streamed bytes contradict is CHECKSUM_S3_STORED_MISMATCH at /artifacts/2/path', async () => {
    const v = server.putObject('ml-models', KEY, BODY, {
      checksum: 'full',
      storedSha256: sha256Base64(Buffer.from('other bytes')),
    });
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    const { report, checksums, line } = await judge(path, UNTRUSTED);
    expect(checksums.findings).toMatchObject([
      {
        severity: 'error',
        code: 'CHECKSUM_S3_STORED_MISMATCH',
        file: MANIFEST,
        pointer: '/artifacts/2/path',
        line,
        column: 15,
      },
    ]);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('a versioned object the manifest does not pin is CHECKSUM_S3_NOT_PINNED at /artifacts/2/path (a warning)', async () => {
    server.putObject('ml-models', KEY, BODY, { checksum: 'full' });
    const path = `s3://ml-models/${KEY}`;
    const { checksums, line } = await judge(path, TRUSTED);
    expect(checksums.findings).toMatchObject([
      {
        severity: 'warning',
        code: 'CHECKSUM_S3_NOT_PINNED',
        file: MANIFEST,
        pointer: '/artifacts/2/path',
        line,
        column: 15,
      },
    ]);
    expect(checksums.status).toBe('warn');
  });

  it('a PR that pins no version on its branch cannot hide the warning: the line moves with the entry', async () => {
    const v = server.putObject('ml-models', KEY, BODY, { checksum: 'full' });
    const pinned = `s3://ml-models/${KEY}?versionId=${v}`;
    const unpinned = `s3://ml-models/${KEY}`;
    const repo = s3ReleaseRepo({ path: pinned, size: BODY.length, sha256: sha256(BODY) }, TRUSTED);
    repos.push(repo);
    // The PR drops the pin and moves the artifact first, where its path sits on another line.
    const m = setArtifact(repo.dir, { path: unpinned, size: BODY.length, sha256: sha256(BODY) });
    m.artifacts = [m.artifacts[2]!, m.artifacts[0]!, m.artifacts[1]!];
    writeJson(repo.dir, MANIFEST, m);
    repo.commitAll('Unpin the weights');
    const report = await runGate({
      repoRoot: repo.dir,
      offline: true,
      baseRef: 'main',
      s3: { env: awsEnv(server.url), client: { initialDelayMs: 1, maxDelayMs: 2, timeoutMs: 5_000 } },
    });
    const notPinned = checkOf(report, 'checksums').findings.filter((f) => f.code === 'CHECKSUM_S3_NOT_PINNED');
    expect(notPinned).toMatchObject([
      {
        code: 'CHECKSUM_S3_NOT_PINNED',
        file: MANIFEST,
        pointer: '/artifacts/0/path',
        line: lineIn(repo.dir, MANIFEST, (l) => l.includes(`"path": "${unpinned}"`)),
      },
    ]);
  });
});

describe('evidence: where an archive finding points (gate on a release history)', () => {
  /** Release 1.0.0 on main; the branch `next` holds 1.1.0 with 1.0.0 archived by `mlgov archive`. */
  async function nextRelease(): Promise<HistoryRepo> {
    const repo = createHistoryRepo();
    repos.push(repo);
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    repo.git('checkout', '-q', '-b', 'next');
    writeRelease(repo.dir, { version: '1.1.0', at: '2025-03-01T10:00:00Z' });
    expect((await repo.mlgov(['archive', '--base', 'main'])).code).toBe(0);
    return repo;
  }
  const evidenceOf = async (repo: HistoryRepo) =>
    checkOf(await runGate({ repoRoot: repo.dir, offline: true, baseRef: 'main' }), 'evidence');
  const LOG = 'artifacts/audit-log.jsonl';
  const INDEX = 'artifacts/fraud-detection/1.0.0/evidence.json';

  it('an archive copied by hand, without its audit event, is ARCHIVE_NOT_LOGGED on the audit log file', async () => {
    const repo = await nextRelease();
    expect((await evidenceOf(repo)).findings).toEqual([]);
    // Drop the event `mlgov archive` appended: the log stays an intact extension of the base's, but says nothing.
    const logFile = join(repo.dir, LOG);
    const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
    writeFileSync(
      logFile,
      lines
        .slice(0, -1)
        .map((l) => l + '\n')
        .join(''),
    );
    const evidence = await evidenceOf(repo);
    expect(evidence.findings).toMatchObject([{ severity: 'warning', code: 'ARCHIVE_NOT_LOGGED', file: LOG }]);
    expect(evidence.findings[0]).not.toHaveProperty('pointer');
    expect(evidence.findings[0]).not.toHaveProperty('line');
    expect(evidence.status).toBe('warn');
  });

  it('an evidence.json with data after its object is ARCHIVE_EVIDENCE_INVALID at that file and line', async () => {
    const repo = await nextRelease();
    const indexFile = join(repo.dir, INDEX);
    const written = readFileSync(indexFile, 'utf8');
    // The text ends with a newline, so the appended value starts on the line after the last one.
    const appendedLine = written.split('\n').length;
    writeFileSync(indexFile, `${written}{"note": "edited by hand"}\n`);
    const evidence = await evidenceOf(repo);
    expect(evidence.findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'ARCHIVE_EVIDENCE_INVALID', file: INDEX, line: appendedLine }),
    ]);
    expect(evidence.findings[0]).not.toHaveProperty('pointer');
  });
});

describe('promotion: where a release that is not compared points (gate on a real repository)', () => {
  it('a release identical to the base is the notice PROMOTION_UNCHANGED at /version', async () => {
    const repo = createReleaseRepo();
    repos.push(repo);
    const report = await runGate({ repoRoot: repo.dir, offline: true, baseRef: 'main' });
    const promotion = checkOf(report, 'promotion');
    expect(promotion.findings).toEqual([
      expect.objectContaining({
        severity: 'notice',
        code: 'PROMOTION_UNCHANGED',
        file: MANIFEST,
        pointer: '/version',
        line: lineIn(repo.dir, MANIFEST, (l) => l.startsWith('  "version": ')),
        column: 14,
      }),
    ]);
    expect(promotion.findings[0]).not.toHaveProperty('fix');
    expect(promotion.status).toBe('pass');
  });

  it('a base that cannot be read is PROMOTION_BASE_UNAVAILABLE on the manifest file, never a pass', async () => {
    const repo = createReleaseRepo();
    repos.push(repo);
    // A worse challenger on the PR branch: with no production to compare it with, it must not pass.
    bindRelease(repo.dir, repo.seed, {
      manifest: (x) => {
        x.version = '2.5.0';
        x.release = { type: 'promotion', reason: 'Retrain with a worse backtest than production' };
        x.evaluation.backtest!.mae = 99;
      },
    });
    const report = await runGate({ repoRoot: repo.dir, offline: true, baseRef: 'no-such-branch' });
    const promotion = checkOf(report, 'promotion');
    expect(promotion.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        indeterminate: true,
        code: 'PROMOTION_BASE_UNAVAILABLE',
        file: MANIFEST,
      }),
    ]);
    expect(promotion.findings[0]).not.toHaveProperty('pointer');
    expect(promotion.findings[0]).not.toHaveProperty('line');
    expect(promotion.findings[0]!.message).toContain('no-such-branch');
    expect(exitCodeOf(report)).toBe(2);
  });
});
