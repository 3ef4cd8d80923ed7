/**
 * `mlgov check` and `mlgov checksums --write` on a release with an `s3://` artifact, as a user runs them: the bundled
 * CLI spawned with AWS_ENDPOINT_URL_S3 pointing at the loopback S3 and fake credentials in its environment (the
 * in-process face for `checksums`, whose environment is the face's). The secret key and session token never appear in
 * any output.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Report } from '../../src/release/report.js';
import { bundleCli } from '../support/bundle-cli.js';
import { runMlgov } from '../support/cli-io.js';
import { readJson } from '../support/example-release.js';
import { startS3Server, type S3Server } from '../servers/s3-server.js';
import {
  ACCESS_KEY,
  awsEnv,
  isolateAwsEnvironment,
  s3ReleaseRepo,
  SECRET,
  SESSION,
  setArtifact,
  sha256,
  type S3Repo,
} from './s3-fixtures.js';

const BODY = Buffer.from('weights that live in a bucket\n');
const KEY = 'credit/v3/model.onnx';
const POLICY = 's3: { forcePathStyle: true, trustStoredChecksums: true }';

let cliDir: string;
let cli: string;
let home: string;
let restoreEnv: () => void;
beforeAll(async () => {
  restoreEnv = isolateAwsEnvironment();
  cliDir = mkdtempSync(join(tmpdir(), 'mlgov-s3-cli-'));
  home = mkdtempSync(join(tmpdir(), 'mlgov-s3-cli-home-'));
  cli = join(cliDir, 'cli.js');
  await bundleCli(cli);
}, 120_000);
afterAll(() => {
  restoreEnv();
  rmSync(cliDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

let server: S3Server;
const repos: S3Repo[] = [];
beforeEach(async () => {
  server = await startS3Server();
  server.createBucket('ml-models', { versioned: true });
  server.createBucket('scratch', { versioned: false });
});
afterEach(async () => {
  for (const r of repos.splice(0)) r.remove();
  await server.close();
});

function repoWith(path: string, declared = { size: BODY.length, sha256: sha256(BODY) }): S3Repo {
  const repo = s3ReleaseRepo({ path, ...declared }, POLICY);
  repos.push(repo);
  return repo;
}

/**
 * Runs the bundled CLI in `dir` with only the environment a CI job would give it. Asynchronously: the loopback S3
 * answers from this very process, so a synchronous spawn would leave it unable to answer.
 */
function spawnMlgov(
  dir: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: dir,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, out: `${stdout}\n${stderr}` }));
  });
}

function expectNoSecret(...outputs: string[]): void {
  for (const text of outputs) {
    for (const s of [SECRET, SESSION]) {
      expect(text).not.toContain(s);
      expect(text).not.toContain(encodeURIComponent(s));
      expect(text).not.toContain(Buffer.from(s).toString('base64'));
    }
  }
}

describe('mlgov check (the bundled CLI) with an s3:// artifact', () => {
  it('passes on the stored checksum, says so in the job summary, and prints no secret', async () => {
    const v = server.putObject('ml-models', KEY, BODY, { checksum: 'full' });
    const repo = repoWith(`s3://ml-models/${KEY}?versionId=${v}`);
    const json = await spawnMlgov(
      repo.dir,
      ['check', '--offline', '--base', 'main', '--format', 'json'],
      awsEnv(server.url),
    );
    const report = JSON.parse(json.stdout) as Report;
    const checksums = report.checks.find((c) => c.id === 'checksums')!;
    expect([json.code, checksums.status, checksums.findings]).toEqual([0, 'pass', []]);
    const markdown = await spawnMlgov(
      repo.dir,
      ['check', '--offline', '--base', 'main', '--format', 'markdown'],
      awsEnv(server.url),
    );
    expect(markdown.code).toBe(0);
    expect(markdown.out).toContain("1 from S3's stored full-object SHA-256");
    expect(server.requests.every((r) => r.accessKeyId === ACCESS_KEY)).toBe(true);
    expectNoSecret(json.out, markdown.out);
  });

  it('a 403 is could not judge (exit 2) with the IAM action to grant, and no secret', async () => {
    await server.close();
    server = await startS3Server({ permissions: { [ACCESS_KEY]: ['s3:ListBucket'] } });
    server.createBucket('ml-models', { versioned: true });
    const v = server.putObject('ml-models', KEY, BODY);
    const repo = repoWith(`s3://ml-models/${KEY}?versionId=${v}`);
    const run = await spawnMlgov(repo.dir, ['check', '--offline', '--base', 'main'], awsEnv(server.url));
    expect(run.code).toBe(2);
    expect(run.out).toContain('ARTIFACT_S3_UNAVAILABLE');
    expect(run.out).toContain(
      'Grant s3:GetObjectVersion on arn:aws:s3:::ml-models/* to the role mlgov runs as (see docs/s3.md for the least policy).',
    );
    expectNoSecret(run.out);
  });
});

describe('mlgov checksums with an s3:// artifact', () => {
  it('--write fills size, sha256 and the versionId of a versioned bucket; prints no secret', async () => {
    const v = server.putObject('ml-models', KEY, BODY, { checksum: 'composite' });
    const repo = repoWith(`s3://ml-models/${KEY}`, { size: 1, sha256: '0'.repeat(64) });
    const env = awsEnv(server.url);
    const before = await runMlgov(['checksums', '--repo', repo.dir], { cwd: '/', env });
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(`s3://ml-models/${KEY}: size 1 declared, ${BODY.length} found`);
    const write = await runMlgov(['checksums', '--write', '--repo', repo.dir], { cwd: '/', env });
    expect(write.code).toBe(0);
    expect(write.stdout).toContain(
      `  /artifacts/2/path: "s3://ml-models/${KEY}" -> "s3://ml-models/${KEY}?versionId=${v}"`,
    );
    expect(write.stdout).toContain(`  /artifacts/2/size: 1 -> ${BODY.length}`);
    expect(write.stdout).toContain(`  /artifacts/2/sha256: "${'0'.repeat(64)}" -> "${sha256(BODY)}"`);
    const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
    expect(m.artifacts[2]).toEqual({
      path: `s3://ml-models/${KEY}?versionId=${v}`,
      sha256: sha256(BODY),
      size: BODY.length,
    });
    const after = await runMlgov(['checksums', '--repo', repo.dir, '--format', 'json'], { cwd: '/', env });
    expect(after.code).toBe(0);
    const json = JSON.parse(after.stdout) as { files: Array<{ path: string; observed: Record<string, unknown> }> };
    expect(json.files[2]).toMatchObject({
      path: `s3://ml-models/${KEY}?versionId=${v}`,
      observed: { size: BODY.length, sha256: sha256(BODY), verifiedBy: 'streamed', versionId: v },
    });
    expectNoSecret(
      before.stdout,
      before.stderr,
      write.stdout,
      write.stderr,
      after.stdout,
      readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8'),
    );
  });

  it('warns about an unversioned bucket and pins nothing; a store it cannot ask refuses --write (exit 2)', async () => {
    server.putObject('scratch', KEY, BODY);
    const repo = repoWith(`s3://scratch/${KEY}`);
    const env = awsEnv(server.url);
    const run = await runMlgov(['checksums', '--repo', repo.dir], { cwd: '/', env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `warning: s3://scratch/${KEY} is in a bucket without versioning: the bytes under this key can be replaced or deleted after approval; turn on versioning and run \`mlgov checksums --write\` to pin the version.`,
    );

    setArtifact(repo.dir, { path: `s3://ml-models/${KEY}`, size: 1, sha256: '0'.repeat(64) });
    const noCredentials = { AWS_ENDPOINT_URL_S3: server.url, AWS_REGION: 'us-east-1' };
    const refused = await runMlgov(['checksums', '--write', '--repo', repo.dir], { cwd: '/', env: noCredentials });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `s3://ml-models/${KEY} is not verified: No AWS credentials were found for s3://ml-models/${KEY}`,
    );
    expect(refused.stderr).toContain('nothing was written');
    const unjudged = await runMlgov(['checksums', '--repo', repo.dir], { cwd: '/', env: noCredentials });
    expect(unjudged.code).toBe(2);
  });
});
