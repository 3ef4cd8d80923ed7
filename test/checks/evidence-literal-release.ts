/**
 * Literal contexts for the evidence check's tests (evidence-*.test.ts): a PR that replaces the base release
 * fraud-detection 1.0.0 by 1.1.0 and archives 1.0.0 in artifacts/fraud-detection/1.0.0/ exactly as `mlgov archive`
 * writes it (byte copies, checksum record, evidence index, an "archive" event in the log). Each test changes the one
 * fact its rule reads, so a finding it sees has only that cause.
 */
import { evidenceCheck } from '../../src/checks/evidence.js';
import { buildChainedEvent, formatAuditLine, type AuditEvent } from '../../src/evidence/hash-chain.js';
import { manifestDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import type { EvidenceFacts } from '../../src/release/evidence-facts.js';
import type { ReleaseContext } from '../../src/release/release-context.js';
import { contextWith, jsonDocument } from '../support/release-context.js';

export const MODEL = 'fraud-detection';
export const WEIGHTS = 'model/weights/1.0.0/model.onnx';
export const W1 = 'a'.repeat(64);
export const REPORT_SHA = 'b'.repeat(64);
export const DIR = 'artifacts/fraud-detection/1.0.0';
export const LOG = 'artifacts/audit-log.jsonl';
export const SUMS_PATH = `${DIR}/checksums.sha256`;
export const INDEX_PATH = `${DIR}/evidence.json`;
export const BASE_REF = 'origin/main';

export const baseValue: Record<string, unknown> = {
  name: MODEL,
  version: '1.0.0',
  artifacts: [{ path: WEIGHTS, sha256: W1, size: 3 }],
};
export const manifestDoc = (value: unknown): ParsedDocument<Manifest> =>
  jsonDocument<Manifest>('model/manifest.json', value);
export const baseManifest = manifestDoc(baseValue);
export const headManifest = manifestDoc({ name: MODEL, version: '1.1.0' });

/** `sha256sum` text: one `<hex>  <path>` line per entry. */
export const checksumsText = (entries: Array<[sha: string, path: string]>): string =>
  entries.map(([sha, path]) => `${sha}  ${path}\n`).join('');

/** The checksum record mlgov archive writes for 1.0.0: the artifact, then the two copies. */
export const SUMS = checksumsText([
  [W1, WEIGHTS],
  [baseManifest.sha256, `${DIR}/manifest.json`],
  [REPORT_SHA, `${DIR}/bias-report.json`],
]);

/** A hash-chained log of "archive" events, one per version (with the folder it names, when given). */
export function archiveLog(entries: Array<{ version: string; dir?: string }>): string {
  const events: AuditEvent[] = [];
  for (const e of entries) {
    events.push(
      buildChainedEvent(events.at(-1), {
        at: '2026-01-01T00:00:00.000Z',
        actor: 'a',
        action: 'archive',
        model: MODEL,
        version: e.version,
        reason: null,
        ticket: null,
        ...(e.dir !== undefined ? { details: { dir: e.dir } } : {}),
      }),
    );
  }
  return events.map((e) => formatAuditLine(e) + '\n').join('');
}

export const HEAD_LOG = archiveLog([{ version: '1.0.0' }]);

/** The four archive files of 1.0.0 in the working tree, by path → sha256. */
export function archivedHead(): Record<string, string> {
  return {
    [`${DIR}/manifest.json`]: baseManifest.sha256,
    [`${DIR}/bias-report.json`]: REPORT_SHA,
    [SUMS_PATH]: sha256Hex(SUMS),
    [INDEX_PATH]: 'e'.repeat(64),
  };
}

/** The evidence.json mlgov archive writes for 1.0.0, after `edit`. */
export function indexText(edit: (i: Record<string, unknown>) => void = () => undefined): string {
  const i: Record<string, unknown> = {
    model: { name: MODEL, version: '1.0.0' },
    manifestDigest: manifestDigest(baseValue),
    files: [
      { name: 'manifest.json', path: `${DIR}/manifest.json`, sha256: baseManifest.sha256 },
      { name: 'bias-report.json', path: `${DIR}/bias-report.json`, sha256: REPORT_SHA },
      { name: 'checksums.sha256', path: SUMS_PATH, sha256: sha256Hex(SUMS) },
    ],
    artifacts: [{ path: WEIGHTS, sha256: W1, size: 3 }],
  };
  edit(i);
  return JSON.stringify(i, null, 2) + '\n';
}

export type BaseFound = Extract<ReleaseContext['base'], { kind: 'found' }>;

/** The base: release 1.0.0 on origin/main, its bias report file's sha256 REPORT_SHA. */
export function foundBase(overrides: Partial<BaseFound> = {}): BaseFound {
  return {
    kind: 'found',
    ref: BASE_REF,
    commit: 'c'.repeat(40),
    manifest: baseManifest,
    biasReportFileSha256: REPORT_SHA,
    ...overrides,
  };
}

/** The complete, passing PR; `evidence` replaces facts one by one. */
export function evidenceContext(
  evidence: Partial<EvidenceFacts> = {},
  base: ReleaseContext['base'] = foundBase(),
  more: Partial<ReleaseContext> = {},
): ReleaseContext {
  return contextWith({
    manifest: headManifest,
    base,
    evidence: {
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: { ...archivedHead(), [LOG]: sha256Hex(HEAD_LOG) },
      archivedVersions: ['1.0.0'],
      checksumRecords: { [SUMS_PATH]: SUMS },
      evidenceRecords: { [INDEX_PATH]: indexText() },
      baseAuditLog: '',
      headAuditLog: HEAD_LOG,
      ...evidence,
    },
    ...more,
  });
}

export const judge = (ctx: ReleaseContext, policy: Policy = DEFAULT_POLICY) => evidenceCheck.run(ctx, policy);
export const codesOf = (ctx: ReleaseContext) => judge(ctx).findings.map((f) => f.code);
export const findingsOf = (ctx: ReleaseContext, code: string) => judge(ctx).findings.filter((f) => f.code === code);
