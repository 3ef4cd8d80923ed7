/**
 * The S3-hosted variant of the built-in example (examples/s3/): its weights live in a versioned bucket, pinned by
 * version, and its policy's `s3` section configures the store. Against the loopback S3 holding the example's objects,
 * as a user runs it: the bundled CLI's `check`, `checksums --write`, `preflight`, `archive`, `audit` and `rollback`,
 * and the bundled action's `check` on a pull request, with AWS_ENDPOINT_URL_S3 and fake credentials in the
 * environment that never reach any output.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestDigest, reportDigest } from '../../src/formats/canonical-digest.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Report } from '../../src/release/report.js';
import { bundleAction, pullRequestPayload, runAction } from '../action/action-harness.js';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { startS3Server, type S3Server } from '../servers/s3-server.js';
import { bundleCli } from '../support/bundle-cli.js';
import { runMlgov } from '../support/cli-io.js';
import { readJson, writeJson } from '../support/example-release.js';
import { createTempRepo, PROJECT_ROOT, type TempRepo } from '../support/git-repo.js';
import { ACCESS_KEY, awsEnv, isolateAwsEnvironment, SECRET, SESSION, sha256 } from './s3-fixtures.js';

const EXAMPLE = join(PROJECT_ROOT, 'examples/s3');
const BUCKET = 'mlgov-example-models';
const PREFIX = 'fraud-detection/2.4.0';
const DAY = 24 * 3600 * 1000;
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

const exampleManifest = () => readJson<Manifest>(EXAMPLE, 'model/manifest.json');
/** The example's objects: the built-in example's weights, under the keys and version ids its manifest pins. */
const objects = () =>
  exampleManifest().artifacts.map((a) => {
    const m = /^s3:\/\/[^/]+\/([^?]+)\?versionId=(.+)$/.exec(a.path)!;
    const name = m[1]!.split('/').pop()!;
    return { key: m[1]!, versionId: m[2]!, body: readFileSync(join(PROJECT_ROOT, 'model/weights', name)) };
  });

let restoreEnv: () => void;
let cliDir: string;
let cli: string;
beforeAll(async () => {
  restoreEnv = isolateAwsEnvironment();
  cliDir = mkdtempSync(join(tmpdir(), 'mlgov-s3-example-cli-'));
  cli = join(cliDir, 'cli.js');
  await bundleCli(cli);
}, 120_000);
afterAll(() => {
  restoreEnv();
  rmSync(cliDir, { recursive: true, force: true });
});

let server: S3Server;
const repos: TempRepo[] = [];
beforeEach(async () => {
  server = await startS3Server();
  server.createBucket(BUCKET, { versioned: true });
});
afterEach(async () => {
  for (const r of repos.splice(0)) r.remove();
  await server.close();
});

/** Uploads the example's objects as `aws s3api put-object --checksum-algorithm SHA256` does (single part). */
function uploadExample(pinned = true): void {
  for (const o of objects())
    server.putObject(BUCKET, o.key, o.body, { checksum: 'full', ...(pinned ? { versionId: o.versionId } : {}) });
}

/**
 * A repository holding examples/s3 as its release on `main`: the code commit it names exists, and its timestamps and
 * approvals are re-bound to now (the example's own are of a fixed day); a `release` branch checked out.
 */
function exampleRepo(): TempRepo & { baseCommit: string } {
  const repo = createTempRepo('mlgov-s3-example-');
  repos.push(repo);
  writeFileSync(join(repo.dir, 'train.py'), 'print("training code")\n');
  const seed = repo.commitAll('Training code');
  cpSync(EXAMPLE, repo.dir, { recursive: true, filter: (src) => !src.endsWith('README.md') });
  const now = Date.now();
  const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
  const r = readJson<BiasReport>(repo.dir, 'reports/latest-bias-report.json');
  m.provenance.code.commit = seed;
  m.provenance.training.startedAt = iso(now - 3 * DAY);
  m.provenance.training.finishedAt = iso(now - 3 * DAY + 2 * 3600 * 1000);
  m.evaluation.evaluatedAt = iso(now - 2 * DAY);
  r.generatedAt = iso(now - 2 * DAY + 3600 * 1000);
  delete r.approvals;
  const fairness = { approver: 'dave', role: 'fairness-reviewer', decision: 'approved' as const, at: iso(now - DAY) };
  r.approvals = [{ ...fairness, reportDigest: reportDigest(r) }];
  writeJson(repo.dir, 'reports/latest-bias-report.json', r);
  m.biasReport.sha256 = sha256(readFileSync(join(repo.dir, 'reports/latest-bias-report.json')));
  delete m.approvals;
  const digest = manifestDigest(m);
  m.approvals = (['governance-board', 'regulatory-affairs'] as const).map((role, i) => ({
    approver: ['alice', 'bob'][i]!,
    role,
    decision: 'approved' as const,
    at: iso(now - DAY),
    manifestDigest: digest,
  }));
  writeJson(repo.dir, 'model/manifest.json', m);
  const baseCommit = repo.commitAll('Release fraud-detection 2.4.0 with its weights in S3');
  repo.git('checkout', '-q', '-b', 'release');
  return { ...repo, baseCommit };
}

/** The bundled CLI, spawned asynchronously (the loopback S3 answers from this process) with only `env`. */
function spawnMlgov(dir: string, args: string[], env: Record<string, string>) {
  const home = join(dir, '.git', 'home');
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
  return new Promise<{ code: number; stdout: string; out: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, out: `${stdout}\n${stderr}` }));
  });
}

function expectNoSecret(...texts: string[]): void {
  for (const t of texts) {
    for (const s of [SECRET, SESSION]) {
      expect(t).not.toContain(s);
      expect(t).not.toContain(encodeURIComponent(s));
    }
  }
}

describe('examples/s3 is the built-in example with its weights in a bucket', () => {
  it('differs from model/manifest.json only in the artifacts’ locations and the approvals’ digest', () => {
    const root = readJson<Manifest>(PROJECT_ROOT, 'model/manifest.json');
    const s3 = exampleManifest();
    expect(s3.artifacts).toEqual(
      root.artifacts.map((a) => ({
        ...a,
        path: expect.stringMatching(
          new RegExp(`^s3://${BUCKET}/${PREFIX}/${a.path.split('/').pop()!.replace('.', '\\.')}\\?versionId=\\w+$`),
        ),
      })),
    );
    const strip = (m: Manifest) => ({
      ...m,
      artifacts: [],
      approvals: m.approvals?.map((a) => ({ ...a, manifestDigest: '' })),
    });
    expect(strip(s3)).toEqual(strip(root));
    expect(s3.approvals!.map((a) => a.manifestDigest)).toEqual(
      s3.approvals!.map(() => manifestDigest({ ...s3, approvals: undefined })),
    );
    expect(readFileSync(join(EXAMPLE, 'reports/latest-bias-report.json'), 'utf8')).toBe(
      readFileSync(join(PROJECT_ROOT, 'reports/latest-bias-report.json'), 'utf8'),
    );
    const policy = readFileSync(join(EXAMPLE, '.github/governance-policy.yml'), 'utf8');
    expect(policy).toContain('\ns3:\n  forcePathStyle: true\n');
  });
});

describe('the bundled CLI on examples/s3 against the loopback S3', () => {
  it('check passes, the weights streamed from the pinned versions (the store is not trusted with its checksums)', async () => {
    uploadExample();
    const repo = exampleRepo();
    const run = await spawnMlgov(
      repo.dir,
      ['check', '--offline', '--base', 'main', '--format', 'json'],
      awsEnv(server.url),
    );
    const report = JSON.parse(run.stdout) as Report;
    const checksums = report.checks.find((c) => c.id === 'checksums')!;
    expect([run.code, checksums.status, checksums.findings]).toEqual([0, 'pass', []]);
    const gets = server.requests.filter((q) => q.method === 'GET').map((q) => [q.key, q.versionId]);
    expect(gets).toEqual(objects().map((o) => [o.key, o.versionId]));
    expect(server.requests.every((q) => q.accessKeyId === ACCESS_KEY && q.style === 'path')).toBe(true);
    expectNoSecret(run.out);
  });

  it('check fails when the pinned version is gone (a lifecycle rule or a delete removed it)', async () => {
    uploadExample();
    const [model] = objects();
    server.deleteVersion(BUCKET, model!.key, model!.versionId);
    const repo = exampleRepo();
    const run = await spawnMlgov(
      repo.dir,
      ['check', '--offline', '--base', 'main', '--format', 'json'],
      awsEnv(server.url),
    );
    const checksums = (JSON.parse(run.stdout) as Report).checks.find((c) => c.id === 'checksums')!;
    expect(run.code).toBe(1);
    expect(checksums.findings.map((f) => [f.code, f.pointer])).toEqual([['ARTIFACT_S3_MISSING', '/artifacts/0/path']]);
    expectNoSecret(run.out);
  });

  it('README flow: your own upload, the version ids removed, checksums --write pins the versions you uploaded', async () => {
    uploadExample(false);
    const repo = exampleRepo();
    const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
    m.artifacts = m.artifacts.map((a) => ({ ...a, path: a.path.replace(/\?versionId=.*$/, '') }));
    writeJson(repo.dir, 'model/manifest.json', m);
    const env = awsEnv(server.url);
    const write = await runMlgov(['checksums', '--write', '--repo', repo.dir], { cwd: '/', env });
    expect(write.code).toBe(0);
    const uploaded = server.requests.filter((q) => q.method === 'HEAD').map((q) => q.key);
    expect(uploaded).toEqual(objects().map((o) => o.key));
    const pinned = readJson<Manifest>(repo.dir, 'model/manifest.json').artifacts;
    const served = (key: string) => server.requests.find((q) => q.method === 'GET' && q.key === key)!.versionId;
    expect(pinned).toEqual(
      objects().map((o) => ({
        path: `s3://${BUCKET}/${o.key}?versionId=${served(o.key)}`,
        sha256: sha256(o.body),
        size: o.body.length,
      })),
    );
    expect(write.stdout).toContain('/artifacts/0/path');
    const again = await runMlgov(['checksums', '--repo', repo.dir], { cwd: '/', env });
    expect(again.code).toBe(0);
    expectNoSecret(write.stdout, write.stderr, again.stdout, again.stderr);
  });

  it('preflight: one line for the connection, the bucket and each object, HEAD requests only', async () => {
    uploadExample();
    const repo = exampleRepo();
    const run = await spawnMlgov(repo.dir, ['preflight'], awsEnv(server.url));
    const lines = run.stdout.split('\n').filter((l) => / S3 /.test(` ${l}`));
    expect(
      lines.map((l) =>
        l
          .trim()
          .split(/\s{2,}/)
          .slice(0, 2),
      ),
    ).toEqual([
      ['ok', 'S3 connection'],
      ['ok', `S3 bucket ${BUCKET}`],
      ...objects().map((o) => ['ok', `S3 object s3://${BUCKET}/${o.key}?versionId=${o.versionId}`]),
    ]);
    expect(new Set(server.requests.map((q) => q.method))).toEqual(new Set(['HEAD']));
    expectNoSecret(run.out);
  });
});

describe('the bundled action on examples/s3', () => {
  let bundle: { entry: string; remove(): void };
  let github: GitHubServer;
  let jira: JiraServer;
  const JIRA = { email: 'governance-bot@acme.test', apiToken: 'jira-api-token-s3-example-0001' };
  beforeAll(async () => {
    bundle = await bundleAction();
    github = await startGitHubServer();
    jira = await startJiraServer({ cloud: JIRA });
    jira.addIssue({ key: 'MLGOV-123', status: 'Approved', summary: 'Release fraud-detection 2.4.0' });
  }, 120_000);
  afterAll(async () => {
    await github.close();
    await jira.close();
    bundle.remove();
  });

  it('check passes on a pull request with AWS_ENDPOINT_URL_S3 and keys in the job environment, printing no secret', async () => {
    uploadExample();
    const repo = exampleRepo();
    writeFileSync(join(repo.dir, 'RELEASE-NOTES.md'), 'fraud-detection 2.4.0: weights in S3.\n');
    const head = repo.commitAll('MLGOV-123 release notes');
    const title = 'MLGOV-123 release notes for fraud-detection';
    const body = 'Adds the release notes.';
    github.addPull(
      'acme',
      'fraud-models',
      {
        number: 7,
        title,
        body,
        user: { login: 'carol' },
        head: { ref: 'release', sha: head, repo: { full_name: 'acme/fraud-models', fork: false } },
        base: { ref: 'main', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models' } },
      },
      ['alice', 'bob', 'dave'].map((login, i) => ({ id: i + 1, user: { login }, state: 'APPROVED', commit_id: head })),
      [{ sha: head, message: 'MLGOV-123 release notes' }],
    );
    const payload = pullRequestPayload({
      ...{ owner: 'acme', repo: 'fraud-models', number: 7, title, body, author: 'carol', branch: 'release' },
      ...{ headSha: head, baseSha: repo.baseCommit },
    });
    const run = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: github.url,
      eventName: 'pull_request',
      payload,
      inputs: {
        'github-token': 'ghs_s3_example_token_0001',
        'jira-base-url': jira.url,
        'jira-email': JIRA.email,
        'jira-api-token': JIRA.apiToken,
      },
      env: awsEnv(server.url),
    });
    try {
      expect([run.code, run.outputs['verdict'], run.outputs['judged']]).toEqual([0, 'pass', 'true']);
      expect(github.statusesPosted().at(-1)).toMatchObject({ state: 'success', context: 'governance:check' });
      expect(run.summary).toContain('2 streamed from S3');
      // Every read is of a version the manifest pins (the action reads each object twice today: see the notes).
      expect(new Set(server.requests.filter((q) => q.method === 'GET').map((q) => q.versionId))).toEqual(
        new Set(objects().map((o) => o.versionId)),
      );
      expectNoSecret(run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs));
    } finally {
      rmSync(run.runnerTemp, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The evidence of the S3 example: archive, audit and rollback through the bundled CLI.
// ---------------------------------------------------------------------------------------------------------------
describe('archive, audit and rollback on examples/s3 against the loopback S3', () => {
  it('archive records the example’s object versions; once one is deleted, audit fails the release and rollback refuses', async () => {
    uploadExample();
    const repo = exampleRepo();
    const env = awsEnv(server.url);
    // The PR promotes 2.5.0: the same weights uploaded again, so new versions of the same keys.
    const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
    m.version = '2.5.0';
    m.artifacts = m.artifacts.map((a) => {
      const key = /^s3:\/\/[^/]+\/([^?]+)/.exec(a.path)![1]!;
      const body = objects().find((o) => o.key === key)!.body;
      return {
        ...a,
        path: `s3://${BUCKET}/${key}?versionId=${server.putObject(BUCKET, key, body, { checksum: 'full' })}`,
      };
    });
    writeJson(repo.dir, 'model/manifest.json', m);

    const archived = await spawnMlgov(repo.dir, ['archive', '--base', 'main', '--actor', 'release-bot'], env);
    expect(archived.out).toContain('2.4.0');
    expect(archived.code).toBe(0);
    expectNoSecret(archived.out);
    const evidence = readJson<{ objects: Array<Record<string, unknown>> }>(
      repo.dir,
      'artifacts/fraud-detection/2.4.0/evidence.json',
    );
    // The versions the board approved 2.4.0 with, as the example pins them: immutable bytes, not a key.
    expect(evidence.objects.map((o) => [o['bucket'], o['key'], o['versionId']])).toEqual(
      objects().map((o) => [BUCKET, o.key, o.versionId]),
    );
    repo.commitAll('MLGOV-124 promote fraud-detection 2.5.0, archive 2.4.0');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge release 2.5.0', 'release');

    // A lifecycle rule expires one archived version.
    const lost = objects()[0]!;
    server.deleteVersion(BUCKET, lost.key, lost.versionId);
    const lostPath = `s3://${BUCKET}/${lost.key}?versionId=${lost.versionId}`;

    const year = new Date().getUTCFullYear();
    const out = mkdtempSync(join(tmpdir(), 'mlgov-s3-example-audit-'));
    try {
      const audit = await spawnMlgov(
        repo.dir,
        ['audit', '--since', `${year - 1}-01-01`, '--until', `${year + 1}-12-31`, '--out', join(out, 'a')],
        env,
      );
      expect(audit.code).toBe(1);
      const report = JSON.parse(readFileSync(join(out, 'a', 'audit-report.json'), 'utf8')) as {
        releases: Array<{ version: string; verdict: string; gaps: Array<{ kind: string; message: string }> }>;
      };
      const r240 = report.releases.find((r) => r.version === '2.4.0')!;
      expect(r240.verdict).toBe('fail');
      expect(r240.gaps.filter((g) => g.kind === 'object-deleted').map((g) => g.message)).toEqual([
        expect.stringContaining(`${lostPath} is no longer in the store`),
      ]);
      expectNoSecret(audit.out);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }

    repo.git('checkout', '-q', '-b', 'rollback');
    const before = readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8');
    const rollback = await spawnMlgov(
      repo.dir,
      ['rollback', '--to', '2.4.0', '--reason', 'AUC dropped 8% on live traffic (INC-1234)', '--base', 'main'],
      env,
    );
    expect(rollback.code).toBe(1);
    expect(rollback.out).toContain('no longer in the store (a bucket lifecycle rule or a delete removed evidence)');
    expect(rollback.out).toContain(lostPath);
    expect(readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8')).toBe(before);
  }, 120_000);
});
