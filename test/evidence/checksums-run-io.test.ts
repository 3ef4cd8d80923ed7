/**
 * The use case behind `mlgov checksums` (src/evidence/checksums-run.ts), driven directly on real temp repositories:
 * which policy and manifest it reads, the exact refusals for an unusable manifest path, a missing or non-object
 * manifest; which declared files are hashed locally and which are asked of S3 (with the caller's environment and
 * client settings); the hashing options it passes on; the bias report's content binding; and when `--write` writes.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { HashProgress } from '../../src/adapters/file-hasher.js';
import { readChecksums, writeChecksums } from '../../src/evidence/checksums-run.js';
import { createTempRepo, PROJECT_ROOT } from '../support/git-repo.js';
import { rejectionOf } from '../support/rejection.js';

const repos: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
});

const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

function put(root: string, rel: string, data: string | Buffer): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), data);
}

const POLICY = '.github/governance-policy.yml';
const policyYaml = (manifest = 'm/manifest.json', extra = ''): string =>
  `version: 1\nmodel: { manifest: "${manifest}", biasReport: r/report.json, archiveDir: artifacts }\n${extra}`;

const A = 'weights a\n';
const B = 'weights b\n';
const REPORT = readFileSync(join(PROJECT_ROOT, 'reports/latest-bias-report.json'));

/** A git repository (nothing committed) with a policy, two artifacts and the bias report; returns its root. */
function repoWith(manifest: unknown, policy = policyYaml()): string {
  const repo = createTempRepo('mlgov-checksums-run-');
  repos.push(repo);
  put(repo.dir, POLICY, policy);
  put(repo.dir, 'w/a.bin', A);
  put(repo.dir, 'w/b.bin', B);
  put(repo.dir, 'r/report.json', REPORT);
  if (manifest !== undefined)
    put(
      repo.dir,
      'm/manifest.json',
      typeof manifest === 'string' || Buffer.isBuffer(manifest) ? manifest : JSON.stringify(manifest, null, 2) + '\n',
    );
  return repo.dir;
}

const artifact = (path: string, text: string) => ({ path, sha256: sha(text), size: Buffer.byteLength(text) });
const BOUND = {
  artifacts: [artifact('w/a.bin', A), artifact('w/b.bin', B)],
  biasReport: { path: 'r/report.json', sha256: sha(REPORT) },
};

async function failure(
  p: Promise<unknown>,
): Promise<{ name: string; message: string; fix?: string; exitCode?: number }> {
  const e = (await rejectionOf(p)) as { name: string; message: string; fix?: string; exitCode?: number };
  return { name: e.name, message: e.message, fix: e.fix, exitCode: e.exitCode };
}

describe('readChecksums: the policy and manifest it reads', () => {
  test('reads the policy at --policy, not the default path', async () => {
    const root = repoWith(undefined, policyYaml('elsewhere/manifest.json'));
    put(root, 'gov/policy.yml', policyYaml('m/manifest.json'));
    put(root, 'm/manifest.json', JSON.stringify(BOUND));
    const reading = await readChecksums({ repoRoot: root, policyPath: 'gov/policy.yml' });
    expect(reading.manifestPath).toBe('m/manifest.json');
    expect(reading.rows.map((r) => [r.path, r.status])).toStrictEqual([
      ['w/a.bin', 'ok'],
      ['w/b.bin', 'ok'],
      ['r/report.json', 'ok'],
    ]);
    expect(reading.differs).toBe(false);
  });

  test('an unusable manifest path in the policy is refused, naming the policy file', async () => {
    const root = repoWith(undefined, policyYaml('C:manifest.json'));
    put(root, 'C:manifest.json', JSON.stringify(BOUND));
    expect(await failure(readChecksums({ repoRoot: root }))).toStrictEqual({
      name: 'EvidenceError',
      message: `model.manifest "C:manifest.json" in ${POLICY} is not usable: the path starts with a drive letter`,
      fix: 'point the model at a repository-relative manifest path inside the repository',
      exitCode: 2,
    });
  });

  test('an unusable manifest path of a named model names the model and the --policy file', async () => {
    const root = repoWith(undefined);
    put(root, 'gov/policy.yml', policyYaml('C:manifest.json'));
    put(root, 'C:manifest.json', JSON.stringify(BOUND));
    expect(
      await failure(readChecksums({ repoRoot: root, policyPath: 'gov/policy.yml', model: 'fraud' })),
    ).toStrictEqual({
      name: 'EvidenceError',
      message: `the manifest of fraud "C:manifest.json" in gov/policy.yml is not usable: the path starts with a drive letter`,
      fix: 'point the model at a repository-relative manifest path inside the repository',
      exitCode: 2,
    });
  });

  test('a missing manifest is refused with where it was looked for', async () => {
    const root = repoWith(undefined);
    expect(await failure(readChecksums({ repoRoot: root }))).toStrictEqual({
      name: 'EvidenceError',
      message: `the manifest m/manifest.json could not be read in ${root}`,
      fix: 'Run from the repository root or pass --repo DIR; the manifest path comes from the model in the policy.',
      exitCode: 2,
    });
  });

  test('a manifest that is not JSON is refused with every problem and its position', async () => {
    const root = repoWith('{\n  "artifacts": ,\n}\n');
    expect(await failure(readChecksums({ repoRoot: root }))).toStrictEqual({
      name: 'EvidenceError',
      message:
        "the manifest m/manifest.json is not valid JSON: 2:16 Invalid JSON: unexpected token ',' at line 2, column 16; expected a value (object, array, string, number, true, false or null).",
      fix: 'Fix the manifest (mlgov check reports every problem with its line).',
      exitCode: 2,
    });
  });

  test('a manifest that is JSON but not an object is refused without a position', async () => {
    const root = repoWith('[]\n');
    expect(await failure(readChecksums({ repoRoot: root }))).toStrictEqual({
      name: 'EvidenceError',
      message: 'the manifest m/manifest.json is not valid JSON',
      fix: 'Fix the manifest (mlgov check reports every problem with its line).',
      exitCode: 2,
    });
  });
});

describe('readChecksums: manifests that are not a JSON object', () => {
  test('a null manifest is refused like any non-object', async () => {
    const root = repoWith('null\n');
    expect(await failure(readChecksums({ repoRoot: root }))).toStrictEqual({
      name: 'EvidenceError',
      message: 'the manifest m/manifest.json is not valid JSON',
      fix: 'Fix the manifest (mlgov check reports every problem with its line).',
      exitCode: 2,
    });
  });

  test('every problem is listed, separated by "; "', async () => {
    const root = repoWith(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{ "a": }\n')]));
    expect((await failure(readChecksums({ repoRoot: root }))).message).toBe(
      'the manifest m/manifest.json is not valid JSON: ' +
        '1:1 m/manifest.json starts with a UTF-8 byte-order mark (BOM).; ' +
        "1:8 Invalid JSON: unexpected token '}' at line 1, column 8; expected a value (object, array, string, number, true, false or null).",
    );
  });
});

describe('readChecksums: the bias report content binding', () => {
  test('a bias report that parses binds its content form', async () => {
    const root = repoWith(BOUND);
    const reading = await readChecksums({ repoRoot: root });
    const row = reading.rows[2]!;
    expect(row.path).toBe('r/report.json');
    expect(row.contentSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a bias report that does not parse has no content form: only its bytes bind it', async () => {
    const root = repoWith({ ...BOUND, biasReport: { path: 'r/report.json', sha256: sha('not json\n') } });
    put(root, 'r/report.json', 'not json\n');
    const reading = await readChecksums({ repoRoot: root });
    const row = reading.rows[2]!;
    expect(row.status).toBe('ok');
    expect('contentSha256' in row).toBe(false);
    expect(reading.differs).toBe(false);
  });

  test('a missing bias report is reported missing, not a crash', async () => {
    const root = repoWith(BOUND);
    rmSync(join(root, 'r/report.json'));
    const reading = await readChecksums({ repoRoot: root });
    expect(reading.rows.map((r) => [r.path, r.status, r.observed.kind])).toStrictEqual([
      ['w/a.bin', 'ok', 'file'],
      ['w/b.bin', 'ok', 'file'],
      ['r/report.json', 'missing', 'missing'],
    ]);
    expect(reading.differs).toBe(true);
  });
});

describe('readChecksums: the hashing options it passes on', () => {
  const MISSING_FIRST = {
    artifacts: [artifact('w/gone.bin', 'gone\n'), artifact('w/a.bin', A)],
  };

  test('without --fail-fast every file is hashed after a mismatch', async () => {
    const root = repoWith(MISSING_FIRST);
    const reading = await readChecksums({ repoRoot: root });
    expect(reading.rows.map((r) => [r.path, r.status, r.observed.kind])).toStrictEqual([
      ['w/gone.bin', 'missing', 'missing'],
      ['w/a.bin', 'ok', 'file'],
    ]);
  });

  test('--fail-fast stops at the first mismatch', async () => {
    const root = repoWith(MISSING_FIRST);
    const reading = await readChecksums({ repoRoot: root, failFast: true });
    expect(reading.rows[1]!.observed).toStrictEqual({
      kind: 'unreadable',
      path: 'w/a.bin',
      reason: 'not hashed: stopped at first mismatch (--fail-fast)',
    });
  });

  test('--fail-fast stops after the first file whose digest differs from the declared one', async () => {
    const root = repoWith({ artifacts: [{ ...artifact('w/a.bin', A), sha256: sha('other') }, artifact('w/b.bin', B)] });
    const reading = await readChecksums({ repoRoot: root, failFast: true });
    expect(reading.rows.map((r) => [r.path, r.status, r.observed.kind])).toStrictEqual([
      ['w/a.bin', 'mismatch', 'file'],
      ['w/b.bin', 'not-hashed', 'unreadable'],
    ]);
  });

  test('--rehash is passed on (the observation says so); without it, it is not', async () => {
    const root = repoWith(BOUND);
    const plain = await readChecksums({ repoRoot: root });
    expect(plain.rows[0]!.observed).toStrictEqual({
      kind: 'file',
      path: 'w/a.bin',
      sha256: sha(A),
      size: Buffer.byteLength(A),
      verifiedBy: 'hashed',
    });
    const rehashed = await readChecksums({ repoRoot: root, rehash: true });
    expect(rehashed.rows[0]!.observed).toStrictEqual({
      kind: 'file',
      path: 'w/a.bin',
      sha256: sha(A),
      size: Buffer.byteLength(A),
      verifiedBy: 'hashed',
      verifiedNote: 'asked to re-hash (--rehash)',
    });
  });

  test('the hash cache is used only when asked for (it writes under .git/mlgov)', async () => {
    const root = repoWith(BOUND);
    await readChecksums({ repoRoot: root });
    expect(existsSync(join(root, '.git/mlgov'))).toBe(false);
    await readChecksums({ repoRoot: root, hashCache: true });
    expect(statSync(join(root, '.git/mlgov/clock')).isFile()).toBe(true);
  });

  test('progress counts the local files only: an s3:// artifact is not hashed locally', async () => {
    const root = repoWith({ ...BOUND, artifacts: [...BOUND.artifacts, artifact('s3://bucket/model.onnx', 'x')] });
    const seen: HashProgress[] = [];
    await readChecksums({ repoRoot: root, env: {}, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((p) => p.filesTotal)).toStrictEqual(seen.map(() => 3));
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('readChecksums: s3:// artifacts are asked of the store, with the caller settings', () => {
  const WITH_OBJECT = {
    ...BOUND,
    artifacts: [...BOUND.artifacts, artifact('s3://bucket/model.onnx', 'object\n')],
  };

  test('an s3:// artifact is observed through S3 with the given environment (a bad region: could not judge)', async () => {
    const root = repoWith(WITH_OBJECT);
    const reading = await readChecksums({ repoRoot: root, env: { AWS_REGION: 'Not A Region' } });
    expect(reading.rows.map((r) => [r.path, r.role, r.observed.kind])).toStrictEqual([
      ['w/a.bin', 'artifact', 'file'],
      ['w/b.bin', 'artifact', 'file'],
      ['s3://bucket/model.onnx', 'artifact', 'object-failure'],
      ['r/report.json', 'bias-report', 'file'],
    ]);
    const observed = reading.rows[2]!.observed;
    if (observed.kind !== 'object-failure') throw new Error('expected an object failure');
    expect(observed.failure.message).toBe('AWS_REGION is not a region name.');
    expect(observed.failure.kind).toBe('invalid-config');
  });

  test('only artifacts are asked of S3: an s3:// bias report path is looked for in the repository', async () => {
    const root = repoWith({ ...BOUND, biasReport: { path: 's3://bucket/report.json', sha256: sha(REPORT) } });
    const reading = await readChecksums({ repoRoot: root, env: { AWS_REGION: 'Not A Region' } });
    expect(reading.rows.map((r) => [r.path, r.role, r.observed.kind])).toStrictEqual([
      ['w/a.bin', 'artifact', 'file'],
      ['w/b.bin', 'artifact', 'file'],
      ['s3://bucket/report.json', 'bias-report', 'missing'],
    ]);
  });

  test("the caller's S3 client settings are used (its sleep between retries)", async () => {
    const port = await closedPort();
    const root = repoWith(
      WITH_OBJECT,
      policyYaml('m/manifest.json', 's3: { forcePathStyle: true, allowHttp: true }\n'),
    );
    const slept: number[] = [];
    const reading = await readChecksums({
      repoRoot: root,
      env: {
        AWS_ACCESS_KEY_ID: 'AKIAMLGOVTEST0000001',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
      },
      s3Client: {
        maxAttempts: 2,
        initialDelayMs: 7,
        maxDelayMs: 7,
        timeoutMs: 2_000,
        sleep: async (ms) => {
          slept.push(ms);
        },
      },
    });
    expect(reading.rows[2]!.observed.kind).toBe('object-failure');
    expect(slept.length).toBe(1);
  });
});

describe('writeChecksums: --write writes the manifest only when something changes', () => {
  test('nothing to change: nothing written', async () => {
    const root = repoWith(BOUND);
    const before = statSync(join(root, 'm/manifest.json'));
    const result = await writeChecksums(await readChecksums({ repoRoot: root }), false);
    expect(result.written).toBe(false);
    expect(result.plan.changes).toStrictEqual([]);
    expect(statSync(join(root, 'm/manifest.json')).ino).toBe(before.ino);
  });

  test('a change is written, unless it is a dry run', async () => {
    const stale = { ...BOUND, artifacts: [{ path: 'w/a.bin', sha256: sha('old'), size: 3 }, BOUND.artifacts[1]] };
    const root = repoWith(stale);
    const text = readFileSync(join(root, 'm/manifest.json'), 'utf8');
    const dry = await writeChecksums(await readChecksums({ repoRoot: root }), true);
    expect(dry.written).toBe(false);
    expect(readFileSync(join(root, 'm/manifest.json'), 'utf8')).toBe(text);
    const wet = await writeChecksums(await readChecksums({ repoRoot: root }), false);
    expect(wet.written).toBe(true);
    expect(readFileSync(join(root, 'm/manifest.json'), 'utf8')).toBe(wet.plan.text);
    expect(JSON.parse(wet.plan.text).artifacts[0]).toStrictEqual(artifact('w/a.bin', A));
  });
});
