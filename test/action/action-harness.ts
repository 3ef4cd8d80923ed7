/**
 * Runs the bundled action as the GitHub runner does: `node dist/index.js` in the workspace, inputs as `INPUT_*`
 * (upper case, dashes kept: `INPUT_GITHUB-TOKEN`), the event payload in a file at `GITHUB_EVENT_PATH`, outputs and
 * the job summary in the files `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY`, and the API at `GITHUB_API_URL`.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../support/git-repo.js';

/**
 * Bundles src/action/index.ts exactly as scripts/bundle.mjs does (same esbuild options), into a temp `dist/`, so the
 * test runs the code under test rather than whatever dist/ was last committed.
 */
export async function bundleAction(): Promise<{ entry: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'mlgov-action-dist-'));
  const entry = join(dir, 'dist', 'index.js');
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);",
    },
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [join(PROJECT_ROOT, 'src/action/index.ts')],
    outfile: entry,
  });
  return { entry, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

type Json = Record<string, unknown>;

/** The `pull_request` `opened` payload from @octokit/webhooks-examples, adapted to the test's repository. */
export function pullRequestPayload(adapt: {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  author: string;
  branch: string;
  headSha: string;
  baseSha: string;
  headRepository?: string;
  action?: string;
}): Json {
  const require = createRequire(import.meta.url);
  const examples = require('@octokit/webhooks-examples') as Array<{ name: string; examples: Json[] }>;
  const opened = examples.find((e) => e.name === 'pull_request')!.examples.find((e) => e['action'] === 'opened')!;
  const payload = structuredClone(opened) as Json & {
    pull_request: Json & { head: Json & { repo: Json }; base: Json & { repo: Json }; user: Json };
    repository: Json & { owner: Json };
  };
  const full = `${adapt.owner}/${adapt.repo}`;
  const headRepo = adapt.headRepository ?? full;
  payload['action'] = adapt.action ?? 'opened';
  payload['number'] = adapt.number;
  payload.repository = {
    ...payload.repository,
    name: adapt.repo,
    full_name: full,
    owner: { ...payload.repository.owner, login: adapt.owner },
  };
  const pr = payload.pull_request;
  pr['number'] = adapt.number;
  pr['title'] = adapt.title;
  pr['body'] = adapt.body;
  pr['html_url'] = `https://github.com/${full}/pull/${adapt.number}`;
  pr.user = { ...pr.user, login: adapt.author };
  pr.head = {
    ...pr.head,
    ref: adapt.branch,
    sha: adapt.headSha,
    label: `${headRepo.split('/')[0]}:${adapt.branch}`,
    repo: { ...pr.head.repo, full_name: headRepo, name: headRepo.split('/')[1], fork: headRepo !== full },
  };
  pr.base = {
    ...pr.base,
    ref: 'main',
    sha: adapt.baseSha,
    repo: { ...pr.base.repo, full_name: full, name: adapt.repo },
  };
  return payload;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
}

/** Parses `GITHUB_OUTPUT` as @actions/core writes it (`name<<delimiter\nvalue\ndelimiter`). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

/** Runs the action once; the environment holds only what a runner would set (no proxies, no host variables). */
export async function runAction(options: {
  entry: string;
  workspace: string;
  apiUrl: string;
  eventName: string;
  payload: Json;
  inputs: Record<string, string>;
  env?: Record<string, string>;
}): Promise<ActionRun> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'mlgov-runner-'));
  const eventPath = join(runnerTemp, 'event.json');
  const outputPath = join(runnerTemp, 'output.txt');
  const summaryPath = join(runnerTemp, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const inputs = Object.fromEntries(Object.entries(options.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? runnerTemp,
    GIT_CONFIG_NOSYSTEM: '1',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: 'acme/fraud-models',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_ACTOR: 'carol',
    RUNNER_TEMP: runnerTemp,
    ...inputs,
    ...options.env,
  };
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [options.entry],
      { cwd: options.workspace, env, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
  return {
    ...result,
    outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
    runnerTemp,
  };
}
