import * as core from '@actions/core';
import { join } from 'node:path';
import { gitHubTimeoutOf, openGitHubClient, type GitHubClient, type RepositoryName } from '../adapters/github-api.js';
import { CONTENTS_WRITE_FIX, openGitDataBranch } from '../adapters/github-git-data.js';
import { openPushBranch } from '../adapters/git-push-evidence.js';
import { openGitRepository } from '../adapters/git-repository.js';
import { uploadEvidence } from '../adapters/github-artifact-store.js';
import { deepenForParent, readFirstParent } from '../adapters/github-checkout.js';
import { findMergedPullRequestNumber, readPullRequestFacts } from '../adapters/github-pull-request.js';
import { readRepositoryBytes } from '../adapters/repository-path.js';
import {
  appendAuditEvents,
  auditLogPath,
  readAuditLogText,
  type AuditEvent,
  type AuditEventInput,
} from '../evidence/audit-log.js';
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
import { commitAuditEvents, recordCommitMessage, type LogBranch, type LogRecord } from './record-commit.js';
import { runUrlOf, secretsOfSettings, type ActionSettings } from './settings.js';

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
  await commitRecords(settings, env, recorded.records, facts, { notes, failures });
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
 * forced), in its own audit log in the workspace; a model whose version did not change is noted, not recorded.
 * Returns the events appended, the models' locations (the locator's answer: where their evidence is) and each
 * recorded model's plan, which the commit re-plans against the branch's own log.
 */
async function recordJudgements(
  ws: string,
  policy: Policy,
  run: ModelsJudgement,
  facts: RecordFacts,
  notes: string[],
  failures: string[],
): Promise<{ events: AuditEvent[]; locations: ModelLocation[]; records: LogRecord[] }> {
  const events: AuditEvent[] = [];
  const locations: ModelLocation[] = [];
  const records: LogRecord[] = [];
  // One time for every copy of an event: the workspace's line and the committed one are the same line.
  const at = new Date().toISOString();
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
    const record = await logRecordOf(ws, location, report, facts, at, await mergedEventsOf(ws, location, facts));
    records.push(record);
    try {
      const event = await recordReleaseEvent(ws, location, record.plan);
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
  return { events, locations, records };
}

/** A model's part of the record: its log, and its events planned against a log's events, all stamped `at`. */
async function logRecordOf(
  ws: string,
  location: ModelLocation,
  report: Report,
  facts: RecordFacts,
  at: string,
  mergedEvents: { after: number; through: number } | undefined,
): Promise<LogRecord> {
  const release = await releaseOf(ws, location);
  return {
    path: auditLogPath(location.archiveDir),
    label: `${report.model.name} ${report.model.version}`,
    plan: (existing) =>
      buildReleaseRecordEvents({ report, release, existing, facts, ...(mergedEvents ? { mergedEvents } : {}) }).map(
        (e): AuditEventInput => ({ ...e, at }),
      ),
  };
}

/**
 * Which of the log's events the merge itself appended: those after the first parent's last event, up to the pushed
 * commit's. Read from git (the parent's log as committed), never from the workspace alone.
 */
async function mergedEventsOf(
  ws: string,
  location: ModelLocation,
  facts: RecordFacts,
): Promise<{ after: number; through: number } | undefined> {
  if (!facts.parent) return undefined;
  const git = openGitRepository(ws);
  const path = auditLogPath(location.archiveDir);
  const before = await git.readFileAt(facts.parent, path);
  const after = await git.readFileAt(facts.commit, path);
  const lastSeq = (bytes: Buffer | undefined): number => {
    const events = verifyAuditLog(bytes ? bytes.toString('utf8') : '').events;
    return events.length > 0 ? events[events.length - 1]!.seq : 0;
  };
  return { after: lastSeq(before), through: lastSeq(after) };
}

/**
 * Puts the recorded events into the repository's history (`record-commit`), or says loudly why not: an event left
 * only in the runner's workspace is gone when the job ends, so a commit that fails fails the job (the event is still
 * in the evidence bundle), and `record-commit: off` is a warning in the summary.
 */
async function commitRecords(
  settings: ActionSettings,
  env: Record<string, string | undefined>,
  records: LogRecord[],
  facts: RecordFacts,
  { notes, failures }: { notes: string[]; failures: string[] },
): Promise<void> {
  if (records.length === 0) return;
  const labels = records.map((r) => r.label).join(', ');
  if (settings.recordCommit === 'off') {
    const warning =
      `record-commit is off: the audit event of ${labels} was NOT committed, so the audit log in git is incomplete ` +
      '(the event is in the evidence bundle only). Set `record-commit: api` (the default) or `push` to commit it.';
    core.warning(warning);
    notes.push(`**Warning:** ${warning}`);
    return;
  }
  const name = settings.recordBranch ?? pushedBranchOf(settings.runner.ref);
  const notCommitted = (why: string, fix: string) => {
    const message = `the audit event of ${labels} was NOT committed${name ? ` to ${name}` : ''}: ${why}. It is in the evidence bundle only. Fix: ${fix}`;
    notes.push(message);
    failures.push(message);
  };
  if (!name) {
    notCommitted(
      `GITHUB_REF (${settings.runner.ref ?? 'unset'}) is not a branch`,
      'run record mode on a push to a branch, or set `record-branch`',
    );
    return;
  }
  const branch = openLogBranch(settings, env, name);
  try {
    const outcome = await commitAuditEvents(branch, records, {
      message: (events) => recordCommitMessage(events, facts),
    });
    if (outcome.kind === 'already-recorded') {
      notes.push(`\`${name}\` already records ${labels} (at ${outcome.head.slice(0, 12)}): nothing to commit.`);
      return;
    }
    core.setOutput('record-commit', outcome.sha);
    const seqs = outcome.events.map((e) => `#${e.event.seq}`).join(', ');
    const retried =
      outcome.attempts > 1 ? `; the branch moved meanwhile, committed on attempt ${outcome.attempts}` : '';
    notes.push(
      `Audit event ${seqs} committed to \`${name}\` as ${outcome.sha.slice(0, 12)} (${branch.via}${retried}).`,
    );
  } catch (err) {
    const fix = (err as { fix?: unknown }).fix;
    notCommitted(messageOf(err), typeof fix === 'string' ? fix : CONTENTS_WRITE_FIX);
  }
}

/** The branch the record commits to, written the way `record-commit` says. */
function openLogBranch(settings: ActionSettings, env: Record<string, string | undefined>, name: string): LogBranch {
  const { runner } = settings;
  if (settings.recordCommit === 'push') return openPushBranch(runner.workspace, name);
  const client = openGitHubClient({
    token: settings.githubToken,
    baseUrl: runner.apiUrl,
    timeoutMs: gitHubTimeoutOf(env),
  });
  return openGitDataBranch(client, { owner: runner.owner, repo: runner.repo }, name, secretsOfSettings(settings));
}

/** `refs/heads/main` → `main`; undefined for a tag or anything that is not a branch. */
function pushedBranchOf(ref: string | undefined): string | undefined {
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) || undefined : undefined;
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
 * Appends what the record's plan gives against the workspace's log, under one lock. Returns the release's own event
 * (the last), or undefined when the log already records it.
 */
async function recordReleaseEvent(
  ws: string,
  location: ModelLocation,
  plan: LogRecord['plan'],
): Promise<AuditEvent | undefined> {
  const existing = verifyAuditLog(await readAuditLogText(ws, location.archiveDir)).events;
  const planned = plan(existing);
  if (planned.length === 0) return undefined;
  const appended = await appendAuditEvents(ws, location.archiveDir, planned);
  return appended[appended.length - 1];
}

function safeName(name: string): string {
  // Artifact names may not contain " : < > | * ? \ / or line breaks.
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}
