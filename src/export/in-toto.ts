/**
 * `mlgov export --format in-toto`: an in-toto Statement v1 about a release's artifacts.
 *
 * - `subject`: every artifact of the manifest, `name` = its repository-relative path, `digest` = `{ sha256 }`
 *   (in-toto DigestSet), so `sha256sum` on the files reproduces them.
 * - `predicateType`: {@link GOVERNANCE_PREDICATE_TYPE}. The predicate records the governance decision: the gate
 *   verdict and its checks, the policy digest, the manifest and bias report digests, the approvals (each with the
 *   digest it names and whether that is this release's), the Jira key and sign-off, and the training provenance
 *   shaped as a SLSA Provenance v1 predicate body (`buildDefinition.resolvedDependencies` for the code commit and
 *   the data snapshot, `runDetails` for the training run; docs/formats.md "Interop").
 *
 * mlgov does not sign: the statement is the payload that existing signers wrap in a DSSE envelope unchanged
 * (`cosign attest-blob --type <predicateType> --predicate ...`, or `actions/attest` with `subject-path` and
 * `predicate-type`/`predicate-path`); see docs/exports.md.
 *
 * Pure: documents in, statement out.
 */
import type { Manifest } from '../formats/manifest.js';
import { approvalViews, jiraSignOffView, releaseDigests, type ReleaseDocuments } from './release-view.js';

/** The in-toto Statement layer's type URI (v1). */
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** mlgov's predicate: the governance decision over a model release (schema documented in docs/exports.md). */
export const GOVERNANCE_PREDICATE_TYPE = 'https://mlgov.dev/governance-verdict/v1';
/** `buildType` of the SLSA-shaped provenance: a training pipeline run as the manifest describes it. */
export const TRAINING_BUILD_TYPE = 'https://mlgov.dev/training-run/v1';

/** An in-toto ResourceDescriptor, restricted to the members mlgov fills. */
export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest?: Record<string, string>;
  annotations?: Record<string, unknown>;
}

export interface InTotoSubject {
  name: string;
  digest: { sha256: string };
}

/** SLSA Provenance v1 predicate body (https://slsa.dev/provenance/v1) for the training run. */
export interface SlsaProvenanceV1 {
  buildDefinition: {
    buildType: string;
    externalParameters: Record<string, unknown>;
    resolvedDependencies: ResourceDescriptor[];
  };
  runDetails: {
    builder: { id: string };
    metadata: { invocationId?: string; startedOn?: string; finishedOn?: string };
    byproducts?: ResourceDescriptor[];
  };
}

export interface GovernancePredicate {
  model: { name: string; version: string; baseVersion?: string };
  release: { type: string; reason: string; forced?: { by: string; justification: string } };
  /** `sha256:` of the canonical manifest without approvals: what the board's approvals name. */
  manifestDigest: string;
  biasReport?: { path: string; digest: { sha256: string }; reportDigest?: string };
  policy?: { digest: string; source?: 'base' | 'working-tree' | 'default' };
  verdict: {
    /** `not-run` when the statement was produced without running the gate. */
    result: 'pass' | 'fail' | 'not-run';
    judged?: boolean;
    forced?: boolean;
    offline?: boolean;
    evaluatedAt?: string;
    toolVersion?: string;
    checks?: Array<{ id: string; status: string; summary: string }>;
  };
  approvals: Array<{
    target: 'manifest' | 'bias-report';
    approver: string;
    role: string;
    decision: string;
    at: string;
    digest: string;
    /** The approval names this release's digest (it counts for exactly these documents). */
    boundToThisRelease: boolean;
  }>;
  jira: { key: string; status: string; summary: string };
  provenance: SlsaProvenanceV1;
}

export interface InTotoStatement {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: InTotoSubject[];
  predicateType: typeof GOVERNANCE_PREDICATE_TYPE;
  predicate: GovernancePredicate;
}

/** The input is a release's documents; the gate report, when given, supplies the verdict. */
export type InTotoInput = ReleaseDocuments;

/** A release that cannot be stated: artifacts without a usable SHA-256 (the statement would name nothing real). */
export class InvalidSubjectError extends Error {
  override name = 'InvalidSubjectError';
  constructor(readonly paths: string[]) {
    super(`no valid SHA-256 in the manifest for: ${paths.join(', ')}`);
  }
}

const HEX64 = /^[0-9a-f]{64}$/i;

/** The statement's subjects: one per manifest artifact, digests lower-cased as sha256sum prints them. */
export function buildSubjects(manifest: Manifest): InTotoSubject[] {
  const bad = (manifest.artifacts ?? []).filter((a) => !HEX64.test(a.sha256 ?? '')).map((a) => a.path);
  if (bad.length > 0) throw new InvalidSubjectError(bad);
  return (manifest.artifacts ?? []).map((a) => ({ name: a.path, digest: { sha256: a.sha256.toLowerCase() } }));
}

/**
 * The training provenance as a SLSA Provenance v1 body: the code commit and the data snapshot are the resolved
 * dependencies (in-toto DigestSet names `gitCommit` and `sha256`), the training run is the run details.
 */
export function buildSlsaProvenance(manifest: Manifest): SlsaProvenanceV1 {
  const p = manifest.provenance;
  const deps: ResourceDescriptor[] = [];
  if (p?.code) {
    // SPDX download-location style `git+<repo>@<commit>`, as SLSA's own examples name source dependencies.
    deps.push({
      uri: `git+${p.code.repository}@${p.code.commit}`,
      digest: { gitCommit: p.code.commit },
    });
  }
  if (p?.data) {
    deps.push({
      name: p.data.featureStoreSnapshot,
      ...(p.data.uri ? { uri: p.data.uri } : {}),
      ...(p.data.sha256 && HEX64.test(p.data.sha256) ? { digest: { sha256: p.data.sha256.toLowerCase() } } : {}),
      annotations: {
        role: 'training-data',
        ...(p.data.window ? { window: { from: p.data.window.from, to: p.data.window.to } } : {}),
      },
    });
  }
  const t = p?.training;
  return {
    buildDefinition: {
      buildType: TRAINING_BUILD_TYPE,
      externalParameters: {
        ...(t ? { pipeline: t.pipeline, triggeredBy: t.triggeredBy } : {}),
        ...(p?.featureSchemaVersion ? { featureSchemaVersion: p.featureSchemaVersion } : {}),
        ...(p?.framework ? { framework: { name: p.framework.name, version: p.framework.version } } : {}),
      },
      resolvedDependencies: deps,
    },
    runDetails: {
      // SLSA wants a URI for the builder; the manifest names the pipeline, so it becomes a URN under mlgov's name.
      builder: { id: `urn:mlgov:training-pipeline:${encodeURIComponent(t?.pipeline ?? 'unknown')}` },
      metadata: {
        ...(t?.runId ? { invocationId: t.runUrl ?? t.runId } : {}),
        ...(t?.startedAt ? { startedOn: t.startedAt } : {}),
        ...(t?.finishedAt ? { finishedOn: t.finishedAt } : {}),
      },
      ...(t?.runId && t.runUrl
        ? { byproducts: [{ name: 'training-run', uri: t.runUrl, annotations: { runId: t.runId } }] }
        : {}),
    },
  };
}

/**
 * Builds the Statement. Throws {@link InvalidSubjectError} when an artifact has no valid SHA-256: a statement over
 * a placeholder digest would attest nothing (fail closed; `mlgov checksums --write` fills them in).
 */
export function buildInTotoStatement(input: InTotoInput): InTotoStatement {
  const m = input.manifest;
  const digests = releaseDigests(input);
  const report = input.report;
  const jira = jiraSignOffView(input);
  const baseVersion = input.baseManifest?.version ?? report?.model.baseVersion;
  const predicate: GovernancePredicate = {
    model: {
      name: m.name,
      version: m.version,
      // The previous release: a base holding this same version is the release itself, not a predecessor.
      ...(baseVersion !== undefined && baseVersion !== m.version ? { baseVersion } : {}),
    },
    release: {
      type: m.release?.type,
      reason: m.release?.reason,
      ...(m.release?.force ? { forced: { by: m.release.force.by, justification: m.release.force.justification } } : {}),
    },
    manifestDigest: digests.manifestDigest,
    ...(m.biasReport
      ? {
          biasReport: {
            path: m.biasReport.path,
            digest: { sha256: input.biasReportFileSha256 ?? m.biasReport.sha256 },
            ...(digests.reportDigest ? { reportDigest: digests.reportDigest } : {}),
          },
        }
      : {}),
    ...(digests.policyDigest
      ? { policy: { digest: digests.policyDigest, ...(report ? { source: report.policySource } : {}) } }
      : {}),
    verdict: report
      ? {
          result: report.verdict,
          judged: report.judged,
          forced: report.forced,
          offline: report.offline,
          evaluatedAt: report.generatedAt,
          toolVersion: report.tool.version,
          checks: report.checks.map((c) => ({ id: c.id, status: c.status, summary: c.summary })),
        }
      : { result: 'not-run' },
    approvals: approvalViews(input).map((a) => ({
      target: a.target,
      approver: a.approver,
      role: a.role,
      decision: a.decision,
      at: a.at,
      digest: a.digest,
      boundToThisRelease: a.bound,
    })),
    jira: { key: jira.key, status: jira.status, summary: jira.summary },
    provenance: buildSlsaProvenance(m),
  };
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: buildSubjects(m),
    predicateType: GOVERNANCE_PREDICATE_TYPE,
    predicate,
  };
}

/** The statement as pretty-printed JSON with a final newline (the file `cosign attest-blob` or `actions/attest` reads). */
export function renderInTotoJson(input: InTotoInput): string {
  return JSON.stringify(buildInTotoStatement(input), null, 2) + '\n';
}
