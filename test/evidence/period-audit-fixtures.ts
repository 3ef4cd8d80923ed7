/**
 * Shared by the period audit's pure tests (`period-audit-*.test.ts`): coherent releases as bytes, a release history
 * one month apart, the archive `mlgov archive` leaves for a release (written out by hand, so a test can name each
 * file), an audit log of chained events, and `buildAuditReport` over one model with the fixture policy.
 */
import {
  buildChainedEvent,
  formatAuditLine,
  type AuditAction,
  type AuditEvent,
} from '../../src/evidence/hash-chain.js';
import type { LogVersion } from '../../src/evidence/log-history.js';
import {
  buildAuditReport,
  type AuditedModelInput,
  type PeriodAuditInput,
  type ReleaseChangeInput,
} from '../../src/evidence/period-audit.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { manifestDigest, reportDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Policy } from '../../src/policy/policy.js';
import { policyOrDefaults, readPolicyBytes } from '../../src/policy/read-policy.js';
import { POLICY_YAML, releaseFiles } from './fixtures.js';

export const policy: Policy = policyOrDefaults(
  readPolicyBytes('.github/governance-policy.yml', Buffer.from(POLICY_YAML)),
);
export const AT = '2026-03-01T10:00:00.000Z';
export const MODEL = 'fraud-detection';
/** The primary archive folder of a version of the fixture model. */
export const dirOf = (version: string): string => `artifacts/${MODEL}/${version}`;

export interface Release {
  manifest: Manifest;
  report: BiasReport | undefined;
}

/** A release of `version` whose bias report is reviewed and whose manifest alice and bob approved (fixtures.ts). */
export function release(version = '1.0.0'): Release {
  const { files, manifest } = releaseFiles({ version, at: AT });
  return { manifest, report: JSON.parse(files['reports/latest-bias-report.json']!.toString('utf8')) as BiasReport };
}

/** Binds the manifest to its report again and re-approves it for its digest, as a coherent release is. */
export function coherent(r: Release): Release {
  if (r.report)
    r.report.approvals = (r.report.approvals ?? []).map((a) =>
      // A judgement that is not an object stays as written (the tests of hostile documents need it).
      a !== null && typeof a === 'object' ? { ...a, reportDigest: reportDigest(r.report!) } : a,
    );
  const m: Manifest = { ...r.manifest };
  if (r.report) m.biasReport = { ...m.biasReport, sha256: sha256Hex(reportText(r.report)) };
  delete m.approvals;
  const digest = manifestDigest(m);
  m.approvals = (r.manifest.approvals ?? []).map((a) => ({ ...a, manifestDigest: digest }));
  return { manifest: m, report: r.report };
}

/** A rollback to `version` (reason and `rollbackOf` as `mlgov rollback` writes them), coherent. */
export function rollbackTo(version: string, from: string): Release {
  const r = release(version);
  r.manifest.release = { type: 'rollback', reason: 'AUC dropped 8% (INC-1)', rollbackOf: from } as never;
  return coherent(r);
}

const reportText = (report: BiasReport): string => JSON.stringify(report, null, 2) + '\n';
export const manifestBytes = (r: Release): Buffer => Buffer.from(JSON.stringify(r.manifest, null, 2) + '\n');

export const bytesOf = (r: Release): Pick<ReleaseChangeInput, 'manifest' | 'biasReport'> => ({
  manifest: manifestBytes(r),
  ...(r.report !== undefined ? { biasReport: Buffer.from(reportText(r.report)) } : {}),
});

/** The commit of the n-th change (1-based): n repeated to 40 characters. */
export const commitOf = (n: number): string => String(n).repeat(40).slice(0, 40);
/** When the n-th change (1-based) was committed: the first of month n + 1 of 2026, 10:00 UTC. */
export const committedAtOf = (n: number): string => `2026-${String(n + 1).padStart(2, '0')}-01T10:00:00.000Z`;

/** The history of changes: the n-th committed on the first of month n + 1. */
export const history = (changes: Array<Partial<ReleaseChangeInput>>): ReleaseChangeInput[] =>
  changes.map((c, i) => ({
    commit: commitOf(i + 1),
    committedAt: committedAtOf(i + 1),
    subject: `release ${i + 1}`,
    ...c,
  }));

/** The archive folder `dir` holding a byte copy of the release, its checksum record and its evidence index. */
export function archiveAt(dir: string, r: Release, bytes = bytesOf(r)): Record<string, Uint8Array> {
  const sums = r.manifest.artifacts.map((a) => `${a.sha256}  ${a.path}\n`).join('');
  return {
    [`${dir}/manifest.json`]: bytes.manifest!,
    ...(bytes.biasReport ? { [`${dir}/bias-report.json`]: bytes.biasReport } : {}),
    [`${dir}/checksums.sha256`]: Buffer.from(sums),
    [`${dir}/evidence.json`]: Buffer.from('{}\n'),
  };
}

export interface EventSpec {
  action: AuditAction;
  at: string;
  version?: string;
  model?: string;
  actor?: string;
  details?: Record<string, unknown>;
}

/** The events, chained in order (seq 1, 2, …), and the log's text. */
export function logOf(specs: EventSpec[]): { events: AuditEvent[]; text: string } {
  const events: AuditEvent[] = [];
  for (const s of specs) {
    events.push(
      buildChainedEvent(events[events.length - 1], {
        at: s.at,
        actor: s.actor ?? `actor${events.length + 1}`,
        action: s.action,
        model: s.model ?? MODEL,
        version: s.version ?? '1.0.0',
        reason: null,
        ticket: null,
        ...(s.details ? { details: s.details } : {}),
      }),
    );
  }
  return { events, text: events.map((e) => formatAuditLine(e) + '\n').join('') };
}

export interface AuditOptions {
  policy?: Policy;
  archiveFiles?: Record<string, Uint8Array>;
  log?: string;
  logHistory?: LogVersion[];
  since?: string;
  until?: string;
  over?: Partial<PeriodAuditInput>;
  model?: Partial<AuditedModelInput>;
}

/** The audit of one model's history (changes as {@link history} dates them), the fixture policy unless given. */
export function audit(changes: Array<Partial<ReleaseChangeInput>>, o: AuditOptions = {}) {
  const p = o.policy ?? policy;
  return buildAuditReport({
    ref: 'main',
    tipCommit: 'f'.repeat(40),
    since: o.since ?? '2026-01-01T00:00:00.000Z',
    until: o.until ?? '2026-12-31T23:59:59.999Z',
    generatedAt: '2026-12-02T00:00:00.000Z',
    toolVersion: '9.9.9',
    policy: p,
    models: [{ policy: p, changes: history(changes), ...o.model }],
    archiveFiles: o.archiveFiles ?? {},
    logs: [{ archiveDir: 'artifacts', text: o.log ?? '', ...(o.logHistory ? { history: o.logHistory } : {}) }],
    ...o.over,
  });
}
