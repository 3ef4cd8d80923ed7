import * as core from '@actions/core';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { openGitHubClient, type GitHubClient, type RepositoryName } from '../adapters/github-api.js';
import { openGitRepository } from '../adapters/git-repository.js';
import { uploadEvidence } from '../adapters/github-artifact-store.js';
import { deepenForParent, readFirstParent } from '../adapters/github-checkout.js';
import { findMergedPullRequestNumber, readPullRequestFacts } from '../adapters/github-pull-request.js';
import { appendAuditEvents, auditLogPath, readAuditLogText, type AuditEvent } from '../evidence/audit-log.js';
import { verifyAuditLog } from '../evidence/hash-chain.js';
import { sha256Hex } from '../formats/canonical-digest.js';
import { parseJsonDocument } from '../formats/json-document.js';
import { DEFAULT_POLICY_PATH, policyOrDefaults, readWorkingPolicy } from '../policy/read-policy.js';
import { exitCodeOf, type Report } from '../release/report.js';
import type { PullRequestFacts } from '../release/review-facts.js';
import type { Manifest } from '../formats/manifest.js';
import type { Policy } from '../policy/policy.js';
import { gateFailureOf, messageOf, type ModeOutcome } from './check-mode.js';
import { runGateForAction } from './gate-run.js';
import { emitAnnotations, setReportOutputs, summaryOf, writeJobSummary, writeReportFiles } from './publish-report.js';
import { buildReleaseRecordEvents, countedApprovalsOf, type RecordFacts } from './record-plan.js';
import { runUrlOf, type ActionSettings } from './settings.js';

/**
 * Record mode (`command: record`, on push to the default branch): judge the pushed commit against its first
 * parent (the production release it replaced), append a `promote` or `rollback` event to the audit log unless the
 * CLI already did for this model version, and keep the evidence bundle as a workflow artifact — or in
 * `$RUNNER_TEMP/mlgov-evidence` where artifacts are not available. A merged release that fails the gate fails the
 * step: something bypassed the PR gate.
 */
export async function runRecordMode(
  settings: ActionSettings,
  env: Record<string, string | undefined>,
): Promise<ModeOutcome> {
  const { runner } = settings;
  const notes: string[] = [];
  const failures: string[] = [];
  const ws = runner.workspace;
  const sha = runner.sha;
  if (!sha) return { failure: 'GITHUB_SHA is not set: record mode runs on a push to the default branch' };

  let parent = await readFirstParent(ws, sha);
  if (!parent) {
    await deepenForParent(ws, sha);
    parent = await readFirstParent(ws, sha);
  }
  if (!parent)
    notes.push(
      `${sha.slice(0, 12)} has no first parent in the checkout: judged as an initial release. Use \`fetch-depth: 2\` or more.`,
    );

  const client = openGitHubClient({ token: settings.githubToken, baseUrl: runner.apiUrl });
  const pr = await mergedPullRequestOf(client, { owner: runner.owner, repo: runner.repo }, sha, notes, () =>
    pushFactsOf(ws, sha, parent),
  );

  let report: Report;
  try {
    report = await runGateForAction(settings, {
      ...(parent ? { baseRef: parent } : {}),
      ...(pr ? { pr } : {}),
      now: new Date(),
    });
  } catch (err) {
    const message = `mlgov could not judge the pushed release: ${messageOf(err)}`;
    await writeJobSummary(summaryOf(undefined, [...notes, message]), env);
    return { failure: message };
  }

  const policy = await readPolicy(ws, settings.policyPath ?? DEFAULT_POLICY_PATH);
  const releaseChanged = !!report.model.version && report.model.version !== report.model.baseVersion;
  let event: AuditEvent | undefined;
  if (releaseChanged && report.model.name && report.model.version) {
    try {
      event = await recordReleaseEvent(ws, policy, report, {
        actor: runner.actor ?? 'github-actions',
        commit: sha,
        ...(parent ? { parent } : {}),
        runUrl: runUrlOf(runner),
        ...(pr?.number ? { pullRequest: pr.number } : {}),
      });
      if (event) core.info(`Appended audit event #${event.seq} (${event.action} ${event.model} ${event.version}).`);
      else core.info(`The audit log already records ${report.model.name} ${report.model.version}.`);
    } catch (err) {
      const message = `could not append the audit event: ${messageOf(err)}`;
      notes.push(message);
      failures.push(message);
    }
  } else {
    notes.push("The manifest's version did not change in this push: no release to record.");
  }

  const files = await writeReportFiles(report, join(runner.tempDir, 'mlgov'), []);
  setReportOutputs(report, files);
  if (event) core.setOutput('audit-event', `${event.seq}:${event.hash}`);
  const more = emitAnnotations(report);
  if (more) notes.push(more);

  if (settings.uploadEvidence) {
    const name = safeName(
      `mlgov-evidence-${report.model.name ?? 'model'}-${report.model.version ?? 'unknown'}-${sha.slice(0, 7)}`,
    );
    const bundleRoot = join(runner.tempDir, 'mlgov-evidence');
    const dir = join(bundleRoot, name);
    const bundle = await buildEvidenceBundle(
      dir,
      ws,
      policy,
      settings.policyPath ?? DEFAULT_POLICY_PATH,
      report,
      files,
      {
        commit: sha,
        ...(parent ? { parent } : {}),
        runUrl: runUrlOf(runner),
      },
    );
    const uploaded = await uploadEvidence({
      name,
      dir,
      files: bundle,
      retentionDays: settings.retentionDays,
      fallbackDir: bundleRoot,
      env,
    });
    if (uploaded.kind === 'artifact') {
      core.setOutput('evidence', uploaded.name);
      notes.push(
        `Evidence bundle uploaded as the workflow artifact \`${uploaded.name}\`${settings.retentionDays > 0 ? ` (kept ${settings.retentionDays} days)` : ''}.`,
      );
    } else {
      core.setOutput('evidence', uploaded.dir);
      notes.push(`Evidence bundle kept in \`${uploaded.dir}\`: ${uploaded.reason}.`);
    }
  }

  await writeJobSummary(summaryOf(report, notes) + `\n[Workflow run](${runUrlOf(runner)})\n`, env);
  const code = exitCodeOf(report);
  if (code !== 0) failures.push(`the merged release does not pass: ${gateFailureOf(report, code)}`);
  return failures.length > 0 ? { failure: failures.join('\n') } : {};
}

/**
 * The PR that was merged as `sha`, with its reviews (approvals are corroborated against them). A push that was no PR
 * merge had no reviews at all: approvals the policy wants corroborated fail, since the release bypassed the PR gate.
 * A PR that could not be looked up is "could not judge" (its reviews may exist), never "no reviews".
 */
async function mergedPullRequestOf(
  client: GitHubClient,
  repository: RepositoryName,
  sha: string,
  notes: string[],
  pushFacts: () => Promise<PullRequestFacts>,
): Promise<PullRequestFacts> {
  try {
    const number = await findMergedPullRequestNumber(client, repository, sha);
    if (number !== undefined) return await readPullRequestFacts(client, repository, number);
  } catch (err) {
    const message = `Could not find the merged pull request of ${sha.slice(0, 12)} (${messageOf(err)})`;
    notes.push(`${message}: its reviews could not be judged.`);
    return {
      ...(await pushFacts()),
      reviewsUnavailable: {
        cause: 'github',
        message,
        fix: 'Grant the record job `pull-requests: read` and re-run it once GitHub answers.',
      },
    };
  }
  notes.push(`${sha.slice(0, 12)} was pushed without a pull request: there are no reviews to corroborate approvals.`);
  return { ...(await pushFacts()), reviews: [] };
}

/** The pushed commits' messages stand in for the PR, so a Jira key in a commit message is still found. */
async function pushFactsOf(ws: string, sha: string, parent: string | undefined): Promise<PullRequestFacts> {
  const git = openGitRepository(ws);
  const commitMessages = parent ? await git.commitMessages(parent, sha) : [];
  const branch = await git.currentBranch();
  return { headSha: sha, commitMessages, ...(branch ? { branch } : {}) };
}

async function readPolicy(ws: string, policyPath: string): Promise<Policy> {
  // The gate run in record mode reports an unusable policy; here it only locates the manifest and the archive.
  return policyOrDefaults(await readWorkingPolicy(ws, policyPath));
}

/** The merged manifest's `release` member (type, reason, force), as far as it can be read. */
async function releaseOf(ws: string, policy: Policy): Promise<Partial<Manifest['release']>> {
  try {
    const doc = parseJsonDocument(policy.model.manifest, await readFile(join(ws, policy.model.manifest)));
    const release = (doc.value as { release?: unknown } | undefined)?.release;
    return release && typeof release === 'object' ? (release as Partial<Manifest['release']>) : {};
  } catch {
    return {};
  }
}

/**
 * Appends what {@link buildReleaseRecordEvents} plans for the merged release, under one lock. Returns the release's
 * own event (the last), or undefined when the log already records it.
 */
async function recordReleaseEvent(
  ws: string,
  policy: Policy,
  report: Report,
  facts: RecordFacts,
): Promise<AuditEvent | undefined> {
  const existing = verifyAuditLog(await readAuditLogText(ws, policy.model.archiveDir)).events;
  const planned = buildReleaseRecordEvents({ report, release: await releaseOf(ws, policy), existing, facts });
  if (planned.length === 0) return undefined;
  const appended = await appendAuditEvents(ws, policy.model.archiveDir, planned);
  return appended[appended.length - 1];
}

/**
 * Assembles the evidence bundle for one release in `dir`: the reports, byte copies of the manifest, bias report,
 * policy and audit log, and `evidence.json` indexing every file with its SHA-256. Returns the files' paths.
 */
async function buildEvidenceBundle(
  dir: string,
  ws: string,
  policy: Policy,
  policyPath: string,
  report: Report,
  written: { json: string; sarif: string; markdown: string },
  facts: { commit: string; parent?: string; runUrl: string },
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const copy = async (from: string, to: string): Promise<void> => {
    try {
      if (!(await stat(from)).isFile()) return;
      await copyFile(from, join(dir, to));
      files.push(join(dir, to));
    } catch {
      // A file the release does not have (no bias report yet) is simply not in the bundle; the index says so.
    }
  };
  const inRepo = (rel: string): string | undefined => {
    const abs = resolve(ws, rel);
    return abs.startsWith(resolve(ws) + sep) ? abs : undefined;
  };
  await copy(written.json, 'report.json');
  await copy(written.sarif, 'report.sarif');
  await copy(written.markdown, 'summary.md');
  const sources: Array<[string, string]> = [
    [policy.model.manifest, 'manifest.json'],
    [policy.model.biasReport, 'bias-report.json'],
    [policyPath, basename(policyPath)],
    [auditLogPath(policy.model.archiveDir), 'audit-log.jsonl'],
  ];
  for (const [rel, name] of sources) {
    const abs = inRepo(rel);
    if (abs) await copy(abs, name);
  }
  const index = {
    schemaVersion: '1.0',
    tool: report.tool,
    model: report.model,
    commit: facts.commit,
    ...(facts.parent ? { parent: facts.parent } : {}),
    verdict: report.verdict,
    judged: report.judged,
    forced: report.forced,
    approvals: countedApprovalsOf(report),
    run: facts.runUrl,
    generatedAt: report.generatedAt,
    files: await Promise.all(
      files.map(async (f) => {
        const bytes = await readFile(f);
        return { path: basename(f), size: bytes.length, sha256: sha256Hex(bytes) };
      }),
    ),
  };
  const indexPath = join(dir, 'evidence.json');
  await writeFile(indexPath, JSON.stringify(index, null, 2) + '\n');
  return [...files, indexPath];
}

function safeName(name: string): string {
  // Artifact names may not contain " : < > | * ? \ / or line breaks.
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}
