/**
 * The plan of `mlgov approve` (docs/design.md: plan, then apply): the new text of the manifest (and of the
 * bias report) with a digest-bound approval, plus the `approve` audit event. Pure: file texts in, plan out; the
 * command reads the files, prints the plan on `--dry-run`, otherwise writes it atomically and appends the event.
 */
import type { BiasApproval, BiasReport } from '../formats/bias-report.js';
import { manifestDigest, reportContentSha256, reportDigest, sha256Hex } from '../formats/canonical-digest.js';
import { parseJsonDocument } from '../formats/json-document.js';
import type { Decision, Manifest, ManifestApproval } from '../formats/manifest.js';
import { sameLogin } from '../release/review-facts.js';
import type { Policy } from '../policy/policy.js';
import type { AuditEventInput } from './audit-log.js';

export type ApproveTarget = 'manifest' | 'bias-report';

export interface ApproveRequest {
  approver: string;
  role: string;
  decision: Decision;
  note?: string;
  target: ApproveTarget;
  /** ISO time of the approval (the command's clock). */
  now: string;
}

export interface ApproveFiles {
  /** Repository-relative path and text of the manifest. */
  manifest: { path: string; text: string };
  /** Repository-relative path and text of the bias report (needed for `--target bias-report`). */
  report?: { path: string; text: string };
}

export interface PlannedWrite {
  /** Repository-relative path. */
  path: string;
  text: string;
}

export type ApprovePlan =
  | {
      kind: 'write';
      writes: PlannedWrite[];
      event: AuditEventInput;
      /** The approval recorded. */
      approval: ManifestApproval | BiasApproval;
      /** True when an earlier approval by the same approver and role was replaced. */
      replaced: boolean;
      /** Manifest approvals that no longer match the manifest after this change (bias-report target). */
      voidedApprovals: ManifestApproval[];
      warnings: string[];
    }
  /**
   * Nothing to write: the same approver already gave the same decision (and note) with the same role for the same
   * digest. Approving twice changes nothing and logs nothing.
   */
  | { kind: 'unchanged'; message: string; approval: ManifestApproval | BiasApproval }
  /** Nothing is written: the reason and what to do. */
  | { kind: 'refused'; message: string; fix?: string };

/** How the repository's JSON files are written: 2-space indentation and a trailing newline. */
export function formatJsonFile(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function parseObject<T>(file: { path: string; text: string }): { value: T } | { refused: ApprovePlan } {
  const doc = parseJsonDocument(file.path, Buffer.from(file.text, 'utf8'));
  const first = doc.problems[0];
  if (
    first ||
    doc.value === undefined ||
    typeof doc.value !== 'object' ||
    doc.value === null ||
    Array.isArray(doc.value)
  ) {
    const where = first?.line ? ` (line ${first.line}${first.column ? `, column ${first.column}` : ''})` : '';
    return {
      refused: {
        kind: 'refused',
        message: `${file.path} cannot be parsed${where}: ${first?.message ?? 'it is not a JSON object'}`,
        fix: first?.fix ?? `Fix ${file.path} (mlgov check shows where), then approve again.`,
      },
    };
  }
  return { value: doc.value as T };
}

/** The bias report path the manifest names, when it is a plain repository-relative path; else the policy's. */
export function biasReportPathOf(manifestText: string, policy: Policy): string {
  try {
    const m = JSON.parse(manifestText) as Partial<Manifest>;
    const p = m?.biasReport?.path;
    if (typeof p === 'string' && p !== '' && !p.startsWith('/') && !p.split(/[\\/]/).includes('..')) return p;
  } catch {
    // an unparsable manifest is refused by the plan with its position; the policy's path is as good as any here
  }
  return policy.model.biasReport;
}

/**
 * The recorded approval that `approval` would only repeat: same approver (logins compare case-insensitively), role,
 * decision, digest and note. A different decision or note is a new approval (it replaces the earlier one).
 */
function alreadyRecorded<A extends ManifestApproval | BiasApproval>(list: A[] | undefined, approval: A): A | undefined {
  const digestOf = (a: ManifestApproval | BiasApproval) => ('manifestDigest' in a ? a.manifestDigest : a.reportDigest);
  return (list ?? []).find(
    (a) =>
      typeof a === 'object' &&
      a !== null &&
      sameLogin(String(a.approver), approval.approver) &&
      a.role === approval.role &&
      a.decision === approval.decision &&
      digestOf(a) === digestOf(approval) &&
      (a.note ?? '') === (approval.note ?? ''),
  );
}

/** The plan when the approval is already recorded: nothing written, nothing logged. */
function unchanged(manifest: Manifest, recorded: ManifestApproval | BiasApproval): ApprovePlan {
  const what = 'reportDigest' in recorded ? ' bias report' : '';
  const digest = 'manifestDigest' in recorded ? recorded.manifestDigest : recorded.reportDigest;
  return {
    kind: 'unchanged',
    approval: recorded,
    message:
      `already ${recorded.decision}: ${recorded.approver} (${recorded.role}) ${recorded.decision} ${manifest.name} ${manifest.version}${what}, ` +
      `bound to ${digest}${recorded.at ? `, at ${recorded.at}` : ''}; nothing written`,
  };
}

/**
 * Replaces an earlier approval by the same approver and role in place, or appends. An entry that is not an object
 * (the file is the author's: `approvals: [null]`) is kept as it is, for the gate's schema check to name.
 */
function upsert<A extends { approver: string; role: string }>(
  list: A[] | undefined,
  approval: A,
): { list: A[]; replaced: boolean } {
  const out = [...(list ?? [])];
  const i = out.findIndex(
    (a) => typeof a === 'object' && a !== null && a.approver === approval.approver && a.role === approval.role,
  );
  if (i >= 0) out[i] = approval;
  else out.push(approval);
  return { list: out, replaced: i >= 0 };
}

/**
 * Builds the approve plan. Refuses (nothing to write) when the approver is not on the roster with the role, or a
 * file cannot be parsed; `unchanged` when the same approval is already recorded. A bias-report approval leaves the
 * manifest alone when its `biasReport.sha256` binds the report's content; otherwise it sets it, which changes the
 * manifest digest: the manifest approvals that voids are listed in the plan.
 */
export function buildApprovePlan(
  files: ApproveFiles,
  request: ApproveRequest,
  policy: Policy,
  rosterWhere = '.github/governance-policy.yml',
): ApprovePlan {
  const member = rosterMember(request, policy, rosterWhere);
  if ('refused' in member) return member.refused;
  // Logins compare case-insensitively; the approval records the roster's spelling, as every reader shows it.
  request = { ...request, approver: member.login };
  const parsedManifest = parseObject<Manifest>(files.manifest);
  if ('refused' in parsedManifest) return parsedManifest.refused;
  const manifest = parsedManifest.value;
  if (request.target === 'manifest') return planManifestApproval(files.manifest.path, manifest, request);
  if (!files.report) {
    return {
      kind: 'refused',
      message: 'the bias report was not found',
      fix: `Add the bias report the manifest names (biasReport.path).`,
    };
  }
  const parsedReport = parseObject<BiasReport>(files.report);
  if ('refused' in parsedReport) return parsedReport.refused;
  return planReportApproval(files.manifest.path, files.report, manifest, parsedReport.value, request, policy);
}

/** The approver's roster entry, or the refusal when the roster does not list them with the role. */
function rosterMember(
  request: ApproveRequest,
  policy: Policy,
  where: string,
): { login: string } | { refused: ApprovePlan } {
  const member = policy.approvals.roster.find((m) => sameLogin(m.login, request.approver));
  if (!member) {
    return {
      refused: {
        kind: 'refused',
        message: `${request.approver} is not on the approvals roster (${where} approvals.roster)`,
        fix: 'Only roster members can approve; the roster is changed by a board-reviewed policy PR, and counts once merged.',
      },
    };
  }
  if (!member.roles.includes(request.role)) {
    return {
      refused: {
        kind: 'refused',
        message: `the roster does not give ${request.approver} the role ${request.role}; ${request.approver}'s roster roles: ${member.roles.join(', ') || '(none)'} (${where})`,
        fix: `Approve with one of ${request.approver}'s roles (--role ${member.roles[0] ?? '<role>'}).`,
      },
    };
  }
  return { login: member.login };
}

/** The approval a request gives, bound to `digest` (the manifest's or the report's); the note when it is not empty. */
function approvalOf<D extends { manifestDigest: string } | { reportDigest: string }>(
  request: ApproveRequest,
  digest: D,
) {
  return {
    approver: request.approver,
    role: request.role,
    decision: request.decision,
    at: request.now,
    ...digest,
    ...(request.note !== undefined && request.note !== '' ? { note: request.note } : {}),
  };
}

/** A manifest approval: bound to the manifest digest, written into the manifest's approvals. */
function planManifestApproval(manifestPath: string, manifest: Manifest, request: ApproveRequest): ApprovePlan {
  const digest = manifestDigest(manifest);
  const approval: ManifestApproval = approvalOf(request, { manifestDigest: digest });
  const recorded = alreadyRecorded(manifest.approvals, approval);
  if (recorded) return unchanged(manifest, recorded);
  const { list, replaced } = upsert(manifest.approvals, approval);
  const updated: Manifest = { ...manifest, approvals: list };
  return {
    kind: 'write',
    writes: [{ path: manifestPath, text: formatJsonFile(updated) }],
    event: auditEvent(manifest, request, { manifestDigest: digest }),
    approval,
    replaced,
    voidedApprovals: [],
    warnings: [],
  };
}

/**
 * A bias report approval: bound to the report digest, written into the report. The manifest's `biasReport.sha256`
 * binds the report's content without its approvals (src/formats/bias-report-binding.ts), so when it already binds
 * this report the manifest is not touched and the board's approvals stand. It is rewritten (voiding the manifest
 * approvals of the old digest) only when it binds the report's bytes (written before the content form) or does not
 * bind this report at all.
 */
function planReportApproval(
  manifestPath: string,
  reportFile: { path: string; text: string },
  manifest: Manifest,
  report: BiasReport,
  request: ApproveRequest,
  policy: Policy,
): ApprovePlan {
  const warnings: string[] = [];
  if (request.role !== policy.bias.reviewerRole) {
    warnings.push(
      `the gate counts only ${policy.bias.reviewerRole} approvals of the bias report; this one is as ${request.role}`,
    );
  }
  const rDigest = reportDigest(report);
  const approval: BiasApproval = approvalOf(request, { reportDigest: rDigest });
  const recorded = alreadyRecorded(report.approvals, approval);
  if (recorded) return unchanged(manifest, recorded);
  const { list, replaced } = upsert(report.approvals, approval);
  const writes: PlannedWrite[] = [{ path: reportFile.path, text: formatJsonFile({ ...report, approvals: list }) }];
  const binding = reportContentSha256(report);
  const declared = manifest.biasReport?.sha256;
  const oldDigest = manifestDigest(manifest);
  let voidedApprovals: ManifestApproval[] = [];
  let newDigest = oldDigest;
  if (typeof declared !== 'string' || declared.toLowerCase() !== binding) {
    const updatedManifest: Manifest = { ...manifest, biasReport: { ...manifest.biasReport, sha256: binding } };
    newDigest = manifestDigest(updatedManifest);
    writes.push({ path: manifestPath, text: formatJsonFile(updatedManifest) });
    voidedApprovals = (manifest.approvals ?? []).filter((a) => a.manifestDigest === oldDigest);
    const why =
      typeof declared === 'string' && declared.toLowerCase() === sha256Hex(reportFile.text)
        ? "biasReport.sha256 was the digest of the report's bytes; it now binds the report's content without approvals, once"
        : 'biasReport.sha256 did not bind this report; it now binds its content';
    if (voidedApprovals.length > 0) {
      warnings.push(
        `the manifest digest changes (${why}), so these manifest approvals are now void and must be given again: ` +
          voidedApprovals.map((a) => `${a.approver} (${a.role})`).join(', '),
      );
    }
  }
  return {
    kind: 'write',
    writes,
    event: auditEvent(manifest, request, { reportDigest: rDigest, manifestDigest: newDigest }),
    approval,
    replaced,
    voidedApprovals,
    warnings,
  };
}

function auditEvent(manifest: Manifest, request: ApproveRequest, digests: Record<string, string>): AuditEventInput {
  return {
    actor: request.approver,
    action: 'approve',
    model: manifest.name,
    version: manifest.version,
    ...(typeof manifest.jira === 'string' && manifest.jira ? { ticket: manifest.jira } : {}),
    at: request.now,
    details: {
      target: request.target,
      role: request.role,
      decision: request.decision,
      ...digests,
      ...(request.note ? { note: request.note } : {}),
    },
  };
}
