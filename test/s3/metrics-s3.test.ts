/**
 * `mlgov metrics import s3://…`: the validation plan's `metrics_ref` read from a bucket through the S3 adapter, its
 * bytes hashed as they stream, recorded in `evaluation.source` as the URL pinned to the version read. The loopback S3
 * (test/servers/s3-server.ts) stands in for the store; the working tree's policy `s3` section configures the client.
 */
import { describe, expect, it } from '@jest/globals';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../src/formats/manifest.js';
import { InputFileError } from '../../src/metrics/input-error.js';
import { fetchS3Source } from '../../src/metrics/s3-source.js';
import { runMlgov } from '../support/cli-io.js';
import { createReleaseRepo, readJson } from '../support/example-release.js';
import { sha256Base64 } from '../servers/s3-server.js';
import { awsEnv, useLoopbackS3, SECRET, SESSION, sha256, type S3Repo } from './s3-fixtures.js';

const BACKTEST = Buffer.from(
  `${JSON.stringify(
    { evaluated_at: '2026-11-20T06:00:00Z', backtest: { mae: 11.5, rmse: 16.25, bias: -0.5, windows: 14 } },
    null,
    2,
  )}\n`,
);
const KEY = 'fraud-detection/2.5.0/backtest_results.json';
const SCORES = Buffer.from('label,score,prediction\n1,0.9,1\n0,0.2,0\n1,0.7,1\n0,0.8,1\n');

const s3 = useLoopbackS3({ 'ml-metrics': true, scratch: false });

/** The example release with the working tree's policy configuring the loopback S3 (path-style, as MinIO needs). */
function repo(): S3Repo {
  const r = createReleaseRepo();
  appendFileSync(join(r.dir, '.github/governance-policy.yml'), 's3: { forcePathStyle: true }\n');
  s3.track(r);
  return r;
}

const leftovers = () => readdirSync(tmpdir()).filter((n) => n.startsWith('mlgov-s3-source-'));

function expectNoSecret(...texts: string[]): void {
  for (const t of texts) for (const s of [SECRET, SESSION]) expect(t).not.toContain(s);
}

describe('metrics import from s3://', () => {
  it('imports backtest_results.json, records the URL pinned to the version read and its SHA-256', async () => {
    const v = s3.server.putObject('ml-metrics', KEY, BACKTEST);
    const r = repo();
    const before = leftovers();
    const run = await runMlgov(['metrics', 'import', `s3://ml-metrics/${KEY}`, '--repo', r.dir], {
      cwd: '/',
      env: awsEnv(s3.server.url),
    });
    expect([run.code, run.stderr]).toEqual([0, '']);
    const m = readJson<Manifest>(r.dir, 'model/manifest.json');
    expect(m.evaluation.backtest).toEqual({ mae: 11.5, rmse: 16.25, bias: -0.5, windows: 14 });
    expect(m.evaluation.evaluatedAt).toBe('2026-11-20T06:00:00Z');
    expect(m.evaluation.source?.backtest).toEqual({
      path: `s3://ml-metrics/${KEY}?versionId=${v}`,
      sha256: sha256(BACKTEST),
      format: 'backtest',
    });
    expect(run.stdout).toContain(`read backtest file (sha256 ${sha256(BACKTEST)})\n`);
    expect(run.stdout).toContain(
      `note: read s3://ml-metrics/${KEY}?versionId=${v} (${BACKTEST.length} bytes, hashed as it streamed)\n`,
    );
    expect(run.stdout).toContain('evaluated at 2026-11-20T06:00:00Z (from /evaluated_at of the file)\n');
    // The GET is pinned to the version HeadObject named; the local copy is gone.
    expect(s3.server.requests.map((q) => [q.method, q.versionId])).toEqual([
      ['HEAD', undefined],
      ['GET', v],
    ]);
    expect(leftovers()).toEqual(before);
    expectNoSecret(run.stdout, run.stderr, readFileSync(join(r.dir, 'model/manifest.json'), 'utf8'));
  });

  it('reads a pinned version, not the latest; a scores file states no time, so the upload time is used', async () => {
    const v = s3.server.putObject('ml-metrics', 'eval/holdout.csv', SCORES, { checksum: 'full' });
    s3.server.putObject('ml-metrics', 'eval/holdout.csv', 'label,score\n1,0.1\n0,0.9\n');
    const r = repo();
    const url = `s3://ml-metrics/eval/holdout.csv?versionId=${v}`;
    const run = await runMlgov(['metrics', 'import', url, '--repo', r.dir], { cwd: '/', env: awsEnv(s3.server.url) });
    expect(run.code).toBe(0);
    const m = readJson<Manifest>(r.dir, 'model/manifest.json');
    expect(m.evaluation.metrics?.['auc']).toBe(0.75);
    expect(m.evaluation.source?.auc).toEqual({ path: url, sha256: sha256(SCORES), format: 'scores' });
    const stated = /evaluated at (\S+) \(from the S3 object's LastModified\)\n/.exec(run.stdout);
    expect(stated?.[1]).toBe(m.evaluation.evaluatedAt);
  });

  it('warns that an object in an unversioned bucket can be replaced, and records it unpinned', async () => {
    s3.server.putObject('scratch', 'backtest_results.json', BACKTEST);
    const r = repo();
    const run = await runMlgov(['metrics', 'import', 's3://scratch/backtest_results.json', '--repo', r.dir], {
      cwd: '/',
      env: awsEnv(s3.server.url),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'note: the bucket is not versioned: the bytes under this key can be replaced after the import\n',
    );
    expect(readJson<Manifest>(r.dir, 'model/manifest.json').evaluation.source?.backtest?.path).toBe(
      's3://scratch/backtest_results.json',
    );
  });
});

describe('metrics import from s3:// refuses, writes nothing and exits 2', () => {
  async function refused(url: string, env = awsEnv(s3.server.url)): Promise<string> {
    const r = repo();
    const manifest = readFileSync(join(r.dir, 'model/manifest.json'), 'utf8');
    const before = leftovers();
    const run = await runMlgov(['metrics', 'import', url, '--repo', r.dir], { cwd: '/', env });
    expect(run.code).toBe(2);
    expect(readFileSync(join(r.dir, 'model/manifest.json'), 'utf8')).toBe(manifest);
    expect(leftovers()).toEqual(before);
    expectNoSecret(run.stdout, run.stderr);
    return run.stderr;
  }

  it('a missing object names it (S3_SOURCE_UNREADABLE)', async () => {
    const err = await refused(`s3://ml-metrics/${KEY}`);
    expect(err).toContain(`S3 has no object s3://ml-metrics/${KEY} (404 NoSuchKey). [S3_SOURCE_UNREADABLE]`);
    expect(err).toContain('Upload the object, or correct the key in the manifest.');
  });

  it('bytes that differ from the store’s full-object checksum are refused', async () => {
    const v = s3.server.putObject('ml-metrics', KEY, BACKTEST, { storedSha256: sha256Base64(Buffer.from('other')) });
    const err = await refused(`s3://ml-metrics/${KEY}?versionId=${v}`);
    expect(err).toContain(
      `The bytes of s3://ml-metrics/${KEY}?versionId=${v} hash to ${sha256(BACKTEST)}, but S3's stored full-object checksum says ${sha256(Buffer.from('other'))}. [S3_SOURCE_UNREADABLE]`,
    );
  });

  it('an invalid location is refused before any request', async () => {
    const err = await refused('s3://ml-metrics/a/../backtest_results.json');
    expect(err).toContain(
      's3://ml-metrics/a/../backtest_results.json is not a valid S3 location: the object key has a "." or ".." segment [S3_SOURCE_UNREADABLE]',
    );
    expect(s3.server.requests).toEqual([]);
  });

  it('no credentials: says so, could not read', async () => {
    s3.server.putObject('ml-metrics', KEY, BACKTEST);
    const err = await refused(`s3://ml-metrics/${KEY}`, {
      AWS_ENDPOINT_URL_S3: s3.server.url,
      AWS_REGION: 'us-east-1',
    });
    expect(err).toContain(`No AWS credentials were found for s3://ml-metrics/${KEY}`);
  });

  it('a malformed file is named by its s3:// URL and line, never by the local copy', async () => {
    const v = s3.server.putObject(
      'ml-metrics',
      KEY,
      '{\n  "backtest": {\n    "mae": -1, "rmse": 2, "windows": 3\n  }\n}\n',
    );
    const err = await refused(`s3://ml-metrics/${KEY}`);
    expect(err).toContain(
      `s3://ml-metrics/${KEY}?versionId=${v}:3: /backtest/mae must be a number of at least 0 [BACKTEST_INVALID]`,
    );
    expect(err).not.toContain(tmpdir());
  });
});

describe('fetchS3Source bounds the size', () => {
  it('refuses an object over the bound before reading a byte of it', async () => {
    s3.server.putObject('ml-metrics', KEY, BACKTEST);
    const fetched = fetchS3Source(
      `s3://ml-metrics/${KEY}`,
      { forcePathStyle: true },
      {
        env: awsEnv(s3.server.url),
        maxBytes: 10,
      },
    );
    await expect(fetched).rejects.toThrow(InputFileError);
    await expect(fetched).rejects.toThrow(`s3://ml-metrics/${KEY}?versionId=`);
    expect(s3.server.requests.map((q) => q.method)).toEqual(['HEAD']);
  });
});
