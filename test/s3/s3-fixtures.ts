/**
 * Shared set-up for the S3 wiring tests: the process environment the SDK's credential chain reads, isolated from the
 * machine's; fake credentials that must never be printed; and a governed repository whose release (on `main`, the
 * base) lists an `s3://` artifact, with the policy's `s3` section as the test says.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest, ManifestArtifact } from '../../src/formats/manifest.js';
import { startS3Server, type S3Server, type S3ServerOptions } from '../servers/s3-server.js';
import { createReleaseRepo, readJson, writeJson } from '../support/example-release.js';

export const ACCESS_KEY = 'AKIAMLGOVS3WIRE00001';
export const SECRET = 'mlgovWiringSecret/NeverPrint+0123456789abcdef';
export const SESSION = 'mlgovWiringSessionToken//IQoJb3JpZ2luX2VjEDoaCXVz';

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** The variables the SDK's default chain reads; cleared for the tests so the machine's own never leak in. */
const ISOLATED = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
];

/** Isolates process.env for the SDK (call in beforeAll); returns the restore for afterAll. */
export function isolateAwsEnvironment(): () => void {
  const saved: Record<string, string | undefined> = {};
  const home = mkdtempSync(join(tmpdir(), 'mlgov-s3-home-'));
  for (const k of ISOLATED) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
  // No instance metadata service on a test machine: without this the chain would wait for it.
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  process.env['AWS_CONFIG_FILE'] = join(home, 'config');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(home, 'credentials');
  return () => {
    for (const k of ISOLATED) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(home, { recursive: true, force: true });
  };
}

/** A test file's loopback S3, see {@link useLoopbackS3}. */
export interface LoopbackS3 {
  /** The running test's server. */
  readonly server: S3Server;
  /** Replaces the running test's server with one started with `options` (e.g. narrower permissions), same buckets. */
  restart(options: S3ServerOptions): Promise<S3Server>;
  /** Removes `repo` after the running test; returns it. */
  track<R extends { remove(): void }>(repo: R): R;
}

/**
 * The S3 set-up of a test file, registered as its hooks (call at the top level, before hooks that use the server):
 * the process environment isolated for the whole file, and for each test a fresh loopback server holding `buckets`
 * (name → versioned), closed after the test with the repositories it tracked removed. A fresh server per test, so a
 * test's objects, faults and request log never leak into the next.
 */
export function useLoopbackS3(buckets: Record<string, boolean> = { 'ml-models': true, scratch: false }): LoopbackS3 {
  let restoreEnv: () => void = () => undefined;
  let current: S3Server | undefined;
  const repos: Array<{ remove(): void }> = [];
  const start = async (options: S3ServerOptions = {}): Promise<S3Server> => {
    current = await startS3Server(options);
    for (const [name, versioned] of Object.entries(buckets)) current.createBucket(name, { versioned });
    return current;
  };
  beforeAll(() => {
    restoreEnv = isolateAwsEnvironment();
  });
  afterAll(() => restoreEnv());
  beforeEach(async () => {
    await start();
  });
  afterEach(async () => {
    for (const r of repos.splice(0)) r.remove();
    await current?.close();
    current = undefined;
  });
  return {
    get server(): S3Server {
      if (!current) throw new Error('the loopback S3 runs only inside a test (useLoopbackS3 starts one per test)');
      return current;
    },
    async restart(options) {
      await current?.close();
      return start(options);
    },
    track(repo) {
      repos.push(repo);
      return repo;
    },
  };
}

/** The environment a CI job would have: fake keys for the loopback S3 and its endpoint. */
export function awsEnv(endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_SESSION_TOKEN: SESSION,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_REGION: 'us-east-1',
    ...extra,
  };
}

export type S3Repo = ReturnType<typeof createReleaseRepo>;

/**
 * The example release on `main` (the base) with `artifact` added to its manifest (approvals re-bound to the new
 * digest) and `s3Yaml` (e.g. "s3: { forcePathStyle: true }") appended to the policy; the `release` branch checked out.
 */
export function s3ReleaseRepo(artifact: ManifestArtifact, s3Yaml: string): S3Repo {
  const repo = createReleaseRepo();
  repo.git('checkout', '-q', 'main');
  appendFileSync(join(repo.dir, '.github/governance-policy.yml'), `${s3Yaml}\n`);
  setArtifact(repo.dir, artifact);
  repo.commitAll('Release with an artifact in S3');
  repo.git('checkout', '-q', '-B', 'release');
  return repo;
}

/** Adds (or replaces, by bucket and key) the s3 artifact in the working tree's manifest and re-binds the approvals. */
export function setArtifact(dir: string, artifact: ManifestArtifact): Manifest {
  const m = readJson<Manifest>(dir, 'model/manifest.json');
  const approvals = m.approvals ?? [];
  delete m.approvals;
  m.artifacts = [...m.artifacts.filter((a) => !a.path.startsWith('s3://')), artifact];
  const digest = manifestDigest(m);
  m.approvals = approvals.map((a) => ({ ...a, manifestDigest: digest }));
  writeJson(dir, 'model/manifest.json', m);
  return m;
}
