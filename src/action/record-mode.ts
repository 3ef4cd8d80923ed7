import * as core from '@actions/core';
import { join } from 'node:path';
import { openGitHubClient, type GitHubClient, type RepositoryName } from '../adapters/github-api.js';
import { openGitRepository } from '../adapters/git-repository.js';
import { uploadEvidence } from '../adapters/github-artifact-store.js';
import { deepenForParent, readFirstParent } from '../adapters/github-checkout.js';
import { findMergedPullRequestNumber, readPullRequestFacts } from '../adapters/github-pull-request.js';
import { readRepositoryBytes } from '../adapters/repository-path.js';
import { appendAuditEvents, readAuditLogText, type AuditEvent } from '../evidence/audit-log.js';
import { verifyAuditLog } from '../evidence/hash-chain.js';
import { writeReleaseEvidence } from '../evidence/release-evidence.js';
import { parseJsonDocument } from '../formats/json-document.js';
import type { Manifest } from '../formats/manifest.js';
import type { ModelsJudgement } from '../gate/judge-models.js';
import type { Policy } from '../policy/policy.js';
import { DEFAULT_POLICY_PATH, policyOrDefaults, readWorkingPolicy } from '../policy/read-policy.js';
import { selectModel, type ModelLocation } from '../release/release-locator.js';
import { exitCodeOf, type Report } from '../release/report.js';
import type { PullRequestFacts } from '../release/review-facts.js';
import { gateFailureOf, messageOf, type ModeOutcome } from './check-mode.js';
import { runGateOverModelsForAction } from './gate-run.js';
import {
  emitAnnotations,
  emitModelsAnnotations,
  modelsSummaryOf,
  setModelsOutputs,
  setReportOutputs,
  summaryOf,
  writeJobSummary,
  writeModelsReportFiles,
  writeReportFiles,
  type WrittenReport,
} from './publish-report.js';
import { buildReleaseRecordEvents, recordSubject, type RecordFacts } from './record-plan.js';
import { runUrlOf, type ActionSettings } from './settings.js';

/**
 * Record mode (`command: record`, on push to the default branch): judge the pushed commit against its first
 * parent (the production release it replaced) — every model the merge touched, through the check's own use case —
 * append a `promote` or `rollback` event to each changed model's audit log unless the CLI already did for that model
 * version, and keep the evidence (the engine's bundle format, written by `writeReleaseEvidence`) as a workflow
 * artifact — or in `$RUNNER_TEMP/mlgov-evidence` where artifacts are not available. A merged release that fails the
 * gate fails the step: something bypassed the PR gate.
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

  let run: ModelsJudgement;
  try {
    run = await runGateOverModelsForAction(settings, {
      ...(parent ? { baseRef: parent } : {}),
      ...(pr ? { pr } : {}),
      now: new Date(),
    });
  } catch (err) {
    const message = `mlgov could not judge the pushed release: ${messageOf(err)}`;
    await writeJobSummary(summaryOf(undefined, [...notes, message]), env);
    return { failure: message };
  }

  const policyPath = settings.policyPath ?? DEFAULT_POLICY_PATH;
  const policy = await readPolicy(ws, policyPath);
  const facts: RecordFacts = {
    actor: runner.actor ?? 'github-actions',
    commit: sha,
    ...(parent ? { parent } : {}),
    runUrl: runUrlOf(runner),
    ...(pr?.number ? { pullRequest: pr.number } : {}),
  };
  const recorded = await recordJudgements(ws, policy, run, facts, notes, failures);
  const published = await publishRun(run, join(runner.tempDir, 'mlgov'), notes);
  if (recorded.events.length > 0)
    core.setOutput('audit-event', recorded.events.map((e) => `${e.seq}:${e.hash}`).join(','));

  if (settings.uploadEvidence)
    await keepEvidence(settings, env, { run, sha, facts, policyPath, recorded, published }, notes);

  await writeJobSummary(published.summary(notes) + `\n[Workflow run](${runUrlOf(runner)})\n`, env);
  failures.push(...gateFailuresOf(run));
  return failures.length > 0 ? { failure: failures.join('\n') } : {};
}

/**
 * Keeps the evidence of the merge (the engine's bundle format, as a directory): uploaded as a workflow artifact, or
 * left in `$RUNNER_TEMP/mlgov-evidence` where artifacts are not available; the outputs and the notes say where.
 */
async function keepEvidence(
  settings: ActionSettings,
  env: Record<string, string | undefined>,
  merged: {
    run: ModelsJudgement;
    sha: string;
    facts: RecordFacts;
    policyPath: string;
    recorded: { locations: ModelLocation[] };
    published: { files: WrittenReport };
  },
  notes: string[],
): Promise<void> {
  const { run, sha, facts, policyPath, recorded, published } = merged;
  const ws = settings.runner.workspace;
  const generatedAt = run.judgements[0]?.report.generatedAt ?? new Date().toISOString();
  const name = safeName(evidenceNameOf(run, sha));
  const bundleRoot = join(settings.runner.tempDir, 'mlgov-evidence');
  const dir = join(bundleRoot, name);
  const bundle = await writeReleaseEvidence(dir, {
    root: ws,
    policyPath,
    reports: [
      { path: 'report.json', file: published.files.json },
      { path: 'report.sarif', file: published.files.sarif },
      { path: 'summary.md', file: published.files.markdown },
    ],
    models: recorded.locations,
    // A single-model policy's record keeps its flat subject, whatever `--model` labelled the run.
    subject: recordSubject(
      run.listsModels ? run.judgements : run.judgements.map(({ report }) => ({ report })),
      facts,
      generatedAt,
    ),
    generatedAt,
  });
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

/**
 * Records each judged model whose release changed in the merge (its own `promote`/`rollback`, and `force` when
 * forced), in its own audit log; a model whose version did not change is noted, not recorded. Returns the events
 * appended and the models' locations (the locator's answer: where their evidence is).
 */
async function recordJudgements(
  ws: string,
  policy: Policy,
  run: ModelsJudgement,
  facts: RecordFacts,
  notes: string[],
  failures: string[],
): Promise<{ events: AuditEvent[]; locations: ModelLocation[] }> {
  const events: AuditEvent[] = [];
  const locations: ModelLocation[] = [];
  for (const j of run.judgements) {
    const label = j.name !== undefined ? `${j.name}: ` : '';
    let location: ModelLocation;
    try {
      location = run.listsModels ? selectModel(policy, j.name) : { ...selectModel(policy, undefined), name: undefined };
    } catch (err) {
      failures.push(`${label}${messageOf(err)}`);
      continue;
    }
    locations.push(location);
    const { report } = j;
    if (!report.model.version || report.model.version === report.model.baseVersion || !report.model.name) {
      notes.push(`${label}The manifest's version did not change in this push: no release to record.`);
      continue;
    }
    try {
      const event = await recordReleaseEvent(ws, location, report, facts);
      if (event) {
        events.push(event);
        core.info(`Appended audit event #${event.seq} (${event.action} ${event.model} ${event.version}).`);
      } else core.info(`The audit log already records ${report.model.name} ${report.model.version}.`);
    } catch (err) {
      const message = `${label}could not append the audit event: ${messageOf(err)}`;
      notes.push(message);
      failures.push(message);
    }
  }
  return { events, locations };
}

/**
 * Writes the report files, sets the outputs and emits the annotations: one model's report as always, or the run over
 * the policy's models (one report, a section per model). Returns the files and how to render the job summary.
 */
async function publishRun(
  run: ModelsJudgement,
  dir: string,
  notes: string[],
): Promise<{ files: WrittenReport; summary: (notes: string[]) => string }> {
  const only = run.judgements.length === 1 && !run.listsModels ? run.judgements[0]!.report : undefined;
  if (only) {
    const files = await writeReportFiles(only, dir, []);
    setReportOutputs(only, files);
    const more = emitAnnotations(only);
    if (more) notes.push(more);
    return { files, summary: (n) => summaryOf(only, n) };
  }
  const files = await writeModelsReportFiles(run, dir, []);
  setModelsOutputs(run, files);
  const more = emitModelsAnnotations(run);
  if (more) notes.push(more);
  return { files, summary: (n) => modelsSummaryOf(run, n) };
}

/** A merged release that fails the gate fails the step (something bypassed the PR gate): one line per model. */
function gateFailuresOf(run: ModelsJudgement): string[] {
  const out: string[] = [];
  for (const j of run.judgements) {
    const code = exitCodeOf(j.report);
    if (code === 0) continue;
    const label = run.listsModels && j.name !== undefined ? ` (${j.name})` : '';
    out.push(`the merged release${label} does not pass: ${gateFailureOf(j.report, code)}`);
  }
  return out;
}

/** The workflow artifact's name: the model and version recorded, or the commit when several models were judged. */
function evidenceNameOf(run: ModelsJudgement, sha: string): string {
  const only = run.judgements.length === 1 ? run.judgements[0]!.report : undefined;
  if (only && !run.listsModels)
    return `mlgov-evidence-${only.model.name ?? 'model'}-${only.model.version ?? 'unknown'}-${sha.slice(0, 7)}`;
  return `mlgov-evidence-${run.judgements.map((j) => j.name ?? j.report.model.name ?? 'model').join('-')}-${sha.slice(0, 7)}`;
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
async function releaseOf(ws: string, location: ModelLocation): Promise<Partial<Manifest['release']>> {
  try {
    const bytes = await readRepositoryBytes(ws, location.manifest);
    if (!bytes) return {};
    const doc = parseJsonDocument(location.manifest, bytes);
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
  location: ModelLocation,
  report: Report,
  facts: RecordFacts,
): Promise<AuditEvent | undefined> {
  const existing = verifyAuditLog(await readAuditLogText(ws, location.archiveDir)).events;
  const planned = buildReleaseRecordEvents({ report, release: await releaseOf(ws, location), existing, facts });
  if (planned.length === 0) return undefined;
  const appended = await appendAuditEvents(ws, location.archiveDir, planned);
  return appended[appended.length - 1];
}

function safeName(name: string): string {
  // Artifact names may not contain " : < > | * ? \ / or line breaks.
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}
