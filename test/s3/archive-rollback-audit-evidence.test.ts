/**
 * `mlgov archive`, `mlgov rollback` and `mlgov audit` on releases with an `s3://` artifact, against the loopback S3
 * and real temp git repositories: the archive records the object version each release named (and refuses or warns
 * where it cannot name one), a rollback is refused when the version the archive names is gone from the store, and
 * the audit reports, per release, whether each version still exists.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { objectAnswers } from '../../src/evidence/audit-answers.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import { runMlgov } from '../support/cli-io.js';
import { createHistoryRepo, writeRelease, type HistoryRepo } from '../evidence/fixtures.js';
import { awsEnv, useLoopbackS3, SECRET, SESSION, sha256 } from './s3-fixtures.js';

// Last year: the releases are recent whatever today's date, so their five-year retention has not ended.
const Y = new Date().getUTCFullYear() - 1;

const KEY = 'fraud/model.onnx';
const REASON = 'AUC dropped 8% on live traffic (INC-42)';
const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
};

const s3 = useLoopbackS3();
let repo: HistoryRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

/** A history repository whose policy reaches the loopback S3 (path-style; it streams: no stored checksum trusted). */
function s3HistoryRepo(): HistoryRepo {
  const r = createHistoryRepo();
  appendFileSync(join(r.dir, '.github/governance-policy.yml'), 's3: { forcePathStyle: true }\n');
  r.commitAt('Policy: artifacts in S3', `${Y}-01-02T00:00:00Z`);
  return r;
}

const mlgov = (r: HistoryRepo, argv: string[], env: Record<string, string> = awsEnv(s3.server.url)) =>
  runMlgov([...argv, '--repo', r.dir], { cwd: r.dir, env });

/**
 * Release `version` on a branch with `objectPath` as a second artifact (its size and sha256 `body`'s), archiving the
 * base release first as `mlgov archive` is run before a merge, then merge --no-ff into main at `at`.
 */
async function releaseWithObject(r: HistoryRepo, version: string, at: string, objectPath: string, body: string) {
  r.git('checkout', '-q', '-b', `release-${version}`, 'main');
  const m = writeRelease(r.dir, { version, at });
  delete m.approvals;
  m.artifacts.push({ path: objectPath, sha256: sha256(body), size: Buffer.byteLength(body) });
  const digest = manifestDigest(m);
  m.approvals = ['alice:governance-board', 'bob:regulatory-affairs'].map((s) => {
    const [approver, role] = s.split(':') as [string, string];
    return { approver, role, decision: 'approved' as const, at, manifestDigest: digest };
  });
  writeFileSync(join(r.dir, 'model/manifest.json'), JSON.stringify(m, null, 2) + '\n');
  const archived = await mlgov(r, ['archive', '--base', 'main', '--actor', 'release-bot']);
  if (archived.code !== 0) throw new Error(`archive failed: ${archived.stderr}`);
  r.commitAt(`Release ${version}`, at);
  r.git('checkout', '-q', 'main');
  execFileSync('git', ['merge', '-q', '--no-ff', '-m', `Merge release-${version}`, `release-${version}`], {
    cwd: r.dir,
    env: { ...process.env, ...GIT_IDENTITY, GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at },
  });
}

const readEvidence = (r: HistoryRepo, version: string) =>
  JSON.parse(readFileSync(join(r.dir, `artifacts/fraud-detection/${version}/evidence.json`), 'utf8')) as {
    objects?: unknown;
  };

describe('mlgov archive with an s3:// artifact', () => {
  it('records bucket, key, versionId, size and sha256 in evidence.json and lists the object in checksums.sha256', async () => {
    repo = s3HistoryRepo();
    const body = 'weights of 1.0.0 in a bucket\n';
    const v1 = s3.server.putObject('ml-models', KEY, body);
    const path = `s3://ml-models/${KEY}?versionId=${v1}`;
    await releaseWithObject(repo, '1.0.0', `${Y}-02-01T10:00:00Z`, path, body);
    repo.git('checkout', '-q', '-b', 'next');
    const r = await mlgov(repo, ['archive', '--base', 'main', '--actor', 'release-bot']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readEvidence(repo, '1.0.0').objects).toEqual([
      { path, bucket: 'ml-models', key: KEY, versionId: v1, size: Buffer.byteLength(body), sha256: sha256(body) },
    ]);
    const sums = readFileSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0/checksums.sha256'), 'utf8');
    expect(sums.split('\n')[1]).toBe(`${sha256(body)}  ${path}`);
    // sha256sum cannot open an s3:// line: --ignore-missing verifies the files and skips the object (docs/s3.md).
    execFileSync(
      'sha256sum',
      ['--quiet', '--ignore-missing', '-c', 'artifacts/fraud-detection/1.0.0/checksums.sha256'],
      {
        cwd: repo.dir,
      },
    );
    // Only HEAD requests: the archive does not read the object's bytes.
    expect(s3.server.requests.filter((q) => q.method !== 'HEAD')).toEqual([]);
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(SESSION);
    }
  });

  it('refuses an object in a versioned bucket that the manifest does not pin, naming the fix, and writes nothing', async () => {
    repo = s3HistoryRepo();
    const body = 'unpinned weights\n';
    const v1 = s3.server.putObject('ml-models', KEY, body);
    await releaseWithObject(repo, '1.0.0', `${Y}-02-01T10:00:00Z`, `s3://ml-models/${KEY}`, body);
    repo.git('checkout', '-q', '-b', 'next');
    const r = await mlgov(repo, ['archive', '--base', 'main']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `cannot archive: model/manifest.json: s3://ml-models/${KEY} is in a versioned bucket but names no version (the current one is ${v1}), so the archive could not name the approved bytes`,
    );
    expect(r.stderr).toContain('run mlgov checksums --write to pin the versionId');
    expect(existsSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0'))).toBe(false);
  });

  it('archives an object in an unversioned bucket with versionId null and a warning naming the risk', async () => {
    repo = s3HistoryRepo();
    const body = 'weights in an unversioned bucket\n';
    s3.server.putObject('scratch', KEY, body);
    await releaseWithObject(repo, '1.0.0', `${Y}-02-01T10:00:00Z`, `s3://scratch/${KEY}`, body);
    repo.git('checkout', '-q', '-b', 'next');
    const r = await mlgov(repo, ['archive', '--base', 'main']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `warning: s3://scratch/${KEY} is in bucket scratch, which keeps no object versions: the archive cannot name the approved bytes, which can be replaced or deleted under the key; turn on versioning (or S3 Object Lock) and pin the version\n`,
    );
    expect(readEvidence(repo, '1.0.0').objects).toEqual([
      {
        path: `s3://scratch/${KEY}`,
        bucket: 'scratch',
        key: KEY,
        versionId: null,
        size: Buffer.byteLength(body),
        sha256: sha256(body),
      },
    ]);
  });

  it('refuses when the pinned version is gone, and says it could not check without credentials (exit 2)', async () => {
    repo = s3HistoryRepo();
    const body = 'weights of 1.0.0\n';
    const v1 = s3.server.putObject('ml-models', KEY, body);
    await releaseWithObject(repo, '1.0.0', `${Y}-02-01T10:00:00Z`, `s3://ml-models/${KEY}?versionId=${v1}`, body);
    repo.git('checkout', '-q', '-b', 'next');
    const noCredentials = await mlgov(repo, ['archive', '--base', 'main'], {
      AWS_ENDPOINT_URL_S3: s3.server.url,
      AWS_REGION: 'us-east-1',
    });
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toContain(
      `cannot archive: s3://ml-models/${KEY}?versionId=${v1} cannot be archived: No AWS credentials were found`,
    );
    s3.server.deleteVersion('ml-models', KEY, v1);
    const gone = await mlgov(repo, ['archive', '--base', 'main']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(
      `cannot archive: s3://ml-models/${KEY}?versionId=${v1} cannot be archived: S3 has no object s3://ml-models/${KEY}?versionId=${v1} (404 NoSuchKey).`,
    );
    expect(existsSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0'))).toBe(false);
  });
});

describe('mlgov rollback to a release with an s3:// artifact', () => {
  async function twoReleases(): Promise<{ r: HistoryRepo; v1: string; path: string }> {
    const r = s3HistoryRepo();
    const v1 = s3.server.putObject('ml-models', KEY, 'weights of 1.0.0\n');
    const path = `s3://ml-models/${KEY}?versionId=${v1}`;
    await releaseWithObject(r, '1.0.0', `${Y}-02-01T10:00:00Z`, path, 'weights of 1.0.0\n');
    const v2 = s3.server.putObject('ml-models', KEY, 'weights of 1.1.0\n');
    await releaseWithObject(
      r,
      '1.1.0',
      `${Y}-03-01T10:00:00Z`,
      `s3://ml-models/${KEY}?versionId=${v2}`,
      'weights of 1.1.0\n',
    );
    r.git('checkout', '-q', '-b', 'rollback');
    return { r, v1, path };
  }

  it('restores the manifest naming the archived version while that version is in the store', async () => {
    const { r, path } = await twoReleases();
    repo = r;
    const out = await mlgov(r, ['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main', '--actor', 'erin']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const restored = JSON.parse(readFileSync(join(r.dir, 'model/manifest.json'), 'utf8')) as {
      artifacts: Array<{ path: string }>;
    };
    expect(restored.artifacts.map((a) => a.path)).toEqual(['model/weights/1.0.0/model.onnx', path]);
    // The replaced release (1.1.0) was archived with its own object version.
    expect((readEvidence(r, '1.1.0').objects as Array<{ versionId: string }>)[0]!.versionId).not.toBe(
      path.split('=')[1],
    );
  });

  it('is refused (exit 1) naming the object and version when the archived version was deleted, changing nothing', async () => {
    const { r, v1, path } = await twoReleases();
    repo = r;
    const before = readFileSync(join(r.dir, 'model/manifest.json'), 'utf8');
    s3.server.deleteVersion('ml-models', KEY, v1);
    const out = await mlgov(r, ['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      `rollback refused: the object versions fraud-detection 1.0.0 was approved with are no longer in the store (a bucket lifecycle rule or a delete removed evidence): ${path}: `,
    );
    expect(out.stderr).toContain(`${path}: S3 has no version ${v1} of s3://ml-models/${KEY} (404 NoSuchVersion).`);
    expect(out.stderr).toContain('restore each object version from a backup or replica');
    expect(readFileSync(join(r.dir, 'model/manifest.json'), 'utf8')).toBe(before);
    expect(existsSync(join(r.dir, 'artifacts/fraud-detection/1.1.0'))).toBe(false);
  });

  it('says it could not check (exit 2) without credentials', async () => {
    const { r, path } = await twoReleases();
    repo = r;
    const out = await mlgov(r, ['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main'], {
      AWS_ENDPOINT_URL_S3: s3.server.url,
      AWS_REGION: 'us-east-1',
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      `rollback refused: could not check that ${path} (archived in artifacts/fraud-detection/1.0.0/) still exists: No AWS credentials were found`,
    );
  });
});

describe('mlgov audit of releases with an s3:// artifact', () => {
  interface AuditJson {
    verdict: string;
    releases: Array<{
      version: string;
      verdict: string;
      objects?: unknown[];
      gaps: Array<{ kind: string; message: string; fails: boolean }>;
      problems: string[];
    }>;
  }
  const outs: string[] = [];
  afterEach(() => {
    for (const o of outs.splice(0)) rmSync(o, { recursive: true, force: true });
  });

  async function audit(r: HistoryRepo, env?: Record<string, string>) {
    const out = mkdtempSync(join(tmpdir(), 'mlgov-s3-audit-'));
    outs.push(out);
    const run = await mlgov(
      r,
      ['audit', '--since', `${Y}-01-01`, '--until', `${Y}-12-31`, '--out', join(out, 'a')],
      env,
    );
    const report = JSON.parse(readFileSync(join(out, 'a', 'audit-report.json'), 'utf8')) as AuditJson;
    return { run, report, release: (v: string) => report.releases.find((x) => x.version === v)! };
  }
  const objectGaps = <G extends { kind: string }>(gaps: G[]) => gaps.filter((g) => g.kind.startsWith('object-'));

  async function history(bucket: 'ml-models' | 'scratch') {
    const r = s3HistoryRepo();
    const v1 = s3.server.putObject(bucket, KEY, 'weights of 1.0.0\n');
    const path1 = bucket === 'scratch' ? `s3://scratch/${KEY}` : `s3://ml-models/${KEY}?versionId=${v1}`;
    await releaseWithObject(r, '1.0.0', `${Y}-02-01T10:00:00Z`, path1, 'weights of 1.0.0\n');
    const body2 = 'weights of 1.1.0\n';
    const v2 = s3.server.putObject('ml-models', 'fraud/model-1.1.0.onnx', body2);
    await releaseWithObject(
      r,
      '1.1.0',
      `${Y}-03-01T10:00:00Z`,
      `s3://ml-models/fraud/model-1.1.0.onnx?versionId=${v2}`,
      body2,
    );
    return { r, v1, path1 };
  }

  it('lists each object with its version as existing, and no object gap', async () => {
    const { r, v1, path1 } = await history('ml-models');
    repo = r;
    const { release } = await audit(r);
    expect(release('1.0.0').objects).toEqual([
      { path: path1, bucket: 'ml-models', key: KEY, versionId: v1, status: 'exists' },
    ]);
    expect(objectGaps(release('1.0.0').gaps)).toEqual([]);
    expect(objectGaps(release('1.1.0').gaps)).toEqual([]);
  });

  it('a version deleted before the retention ends is a failing gap of its release (exit 1)', async () => {
    const { r, v1, path1 } = await history('ml-models');
    repo = r;
    const before = await audit(r);
    s3.server.deleteVersion('ml-models', KEY, v1);
    const after = await audit(r);
    expect(after.run.code).toBe(1);
    const message = `${path1} is no longer in the store (S3 has no object ${path1} (404 NoSuchKey).), before its retention until ${Y + 5}-02-01 (evidence.retentionYears 5): a lifecycle rule or a delete removed evidence`;
    expect(objectGaps(after.release('1.0.0').gaps)).toEqual([{ kind: 'object-deleted', message, fails: true }]);
    expect(after.release('1.0.0').problems).toContain(message);
    expect(after.release('1.0.0').verdict).toBe('fail');
    expect(after.release('1.0.0').objects).toEqual([
      {
        path: path1,
        bucket: 'ml-models',
        key: KEY,
        versionId: v1,
        status: 'gone',
        note: `S3 has no object ${path1} (404 NoSuchKey).`,
      },
    ]);
    // The deletion is the only difference: the other release is judged as before.
    expect(after.release('1.1.0')).toEqual(before.release('1.1.0'));
  });

  it('an unversioned object is a gap that names the risk without failing the release', async () => {
    const { r, path1 } = await history('scratch');
    repo = r;
    const { release } = await audit(r);
    expect(objectGaps(release('1.0.0').gaps)).toEqual([
      {
        kind: 'object-unversioned',
        message: `${path1} names no version (bucket scratch keeps none): the bytes under the key can have been replaced since the release was approved`,
        fails: false,
      },
    ]);
    expect(release('1.0.0').problems.filter((p) => p.includes(path1))).toEqual([]);
  });

  it('without credentials it says it could not check, which is not a pass (exit 1)', async () => {
    const { r, path1 } = await history('ml-models');
    repo = r;
    const { run, release, report } = await audit(r, { AWS_ENDPOINT_URL_S3: s3.server.url, AWS_REGION: 'us-east-1' });
    expect(run.code).toBe(1);
    expect(report.verdict).toBe('fail');
    const gaps = objectGaps(release('1.0.0').gaps);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ kind: 'object-unchecked', fails: true });
    expect(gaps[0]!.message).toContain(`could not check that ${path1} still exists: No AWS credentials were found`);
  });
});

describe('objectAnswers (the audit rule for s3:// artifacts)', () => {
  const manifest = { artifacts: [{ path: `s3://ml-models/${KEY}?versionId=v1`, sha256: 'a'.repeat(64), size: 1 }] };
  const gone = { kind: 'failure' as const, message: 'gone.', fix: 'f.', verdict: 'fail' as const };

  it('a version gone after its retention ended is shown and does not fail', () => {
    const answers = objectAnswers(
      manifest,
      { [manifest.artifacts[0]!.path]: gone },
      { from: '2019-01-10T00:00:00Z', years: 5, now: '2025-06-01T00:00:00Z' },
    );
    expect(answers.gaps).toEqual([
      {
        kind: 'object-deleted',
        message: `s3://ml-models/${KEY}?versionId=v1 is no longer in the store (gone.); its retention ended 2024-01-10`,
        fails: false,
      },
    ]);
  });

  it('the same version gone a day before its retention ends fails', () => {
    const answers = objectAnswers(
      manifest,
      { [manifest.artifacts[0]!.path]: gone },
      { from: '2019-01-10T00:00:00Z', years: 5, now: '2024-01-09T00:00:00Z' },
    );
    expect(answers.gaps.map((g) => [g.kind, g.fails])).toEqual([['object-deleted', true]]);
  });
});
