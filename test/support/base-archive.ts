/**
 * Literal evidence facts for the release derivation: a base revision whose archive directory holds the archive of
 * one release (as `mlgov archive` writes it: manifest and bias report copies, checksums.sha256, evidence.json), and
 * audit logs for the base and the PR, chained for real.
 */
import { createHash } from 'node:crypto';
import { archiveFolder, formatChecksums } from '../../src/evidence/archive-plan.js';
import {
  buildChainedEvent,
  formatAuditLine,
  type AuditEvent,
  type UnchainedEvent,
} from '../../src/evidence/hash-chain.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { EvidenceFacts } from '../../src/release/evidence-facts.js';

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');

/** The text of a chained log holding `events`, in order ('' for none). */
export function logText(events: UnchainedEvent[]): string {
  let last: AuditEvent | undefined;
  return events
    .map((e) => {
      last = buildChainedEvent(last, e);
      return formatAuditLine(last) + '\n';
    })
    .join('');
}

/** The event `mlgov rollback --to <version>` appends. */
export function rollbackEvent(model: string, version: string, from = '2.4.0'): UnchainedEvent {
  return {
    at: '2026-11-23T10:00:00.000Z',
    actor: 'carol',
    action: 'rollback',
    model,
    version,
    reason: 'Incident INC-42: false positives doubled',
    ticket: null,
    details: { from, to: version },
  };
}

export interface BaseArchiveOptions {
  /** The release as archived on the base (its manifest.json). */
  archived: Manifest;
  /** The archived bias-report.json text. */
  reportText: string;
  archiveDir?: string;
  /** The base's audit log (default: empty). */
  baseEvents?: UnchainedEvent[];
  /** Events the PR appends on top of the base's log. */
  prEvents?: UnchainedEvent[];
  /** Change a record before it is "committed" on the base. */
  edit?: (records: Record<'manifest.json' | 'checksums.sha256' | 'evidence.json', string>) => void;
}

/** Evidence facts for a base that archived `archived`, and a PR that keeps that archive as it is. */
export function baseArchiveFacts(o: BaseArchiveOptions): EvidenceFacts {
  const archiveDir = o.archiveDir ?? 'artifacts';
  const dir = archiveFolder(archiveDir, o.archived.name, o.archived.version);
  const manifestText = JSON.stringify(o.archived, null, 2) + '\n';
  const records = {
    'manifest.json': manifestText,
    'checksums.sha256': formatChecksums([
      ...o.archived.artifacts.map((a) => ({ path: a.path, sha256: a.sha256 })),
      { path: `${dir}/manifest.json`, sha256: sha256(manifestText) },
      { path: `${dir}/bias-report.json`, sha256: sha256(o.reportText) },
    ]),
    'evidence.json': JSON.stringify({ manifestDigest: manifestDigest(o.archived) }, null, 2) + '\n',
  };
  o.edit?.(records);
  const baseFiles: Record<string, string> = { [`${dir}/bias-report.json`]: sha256(o.reportText) };
  const baseTexts: Record<string, string> = {};
  for (const [name, text] of Object.entries(records)) {
    baseFiles[`${dir}/${name}`] = sha256(text);
    baseTexts[`${dir}/${name}`] = text;
  }
  const baseLog = logText(o.baseEvents ?? []);
  const headLog = logText([...(o.baseEvents ?? []), ...(o.prEvents ?? [])]);
  return {
    archiveDir,
    baseFiles,
    headFiles: { ...baseFiles },
    archivedVersions: [o.archived.version],
    baseArchivedVersions: [o.archived.version],
    baseTexts,
    checksumRecords: { [`${dir}/checksums.sha256`]: records['checksums.sha256'] },
    ...(baseLog ? { baseAuditLog: baseLog } : {}),
    ...(headLog ? { headAuditLog: headLog } : {}),
  };
}
