/**
 * The evidence of a merged release, as record mode keeps it: the gate's report files, and for each model recorded
 * its manifest and bias report (at the paths the release locator gives, never the ones a manifest declares), the
 * policy and the audit log(s), in the one bundle format (`evidence-bundle.ts`), written as a directory.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readRepositoryBytes } from '../adapters/repository-path.js';
import { AUDIT_LOG_FILE, auditLogOf, biasReportOf, type ModelLocation } from '../release/release-locator.js';
import { writeEvidenceDirectory, type BundleFile } from './evidence-bundle.js';

export interface ReleaseEvidenceInput {
  /** The repository root (the files are read through the contained reader: no symlink leads out of it). */
  root: string;
  /** Repository-relative path of the policy file. */
  policyPath: string;
  /** The gate's report files: name inside the bundle → file on disk (written by the face). */
  reports: Array<{ path: string; file: string }>;
  /**
   * The models recorded. One unnamed model (a single-model policy) keeps the flat layout (`manifest.json`,
   * `bias-report.json`); named models each get a folder of their name.
   */
  models: Array<Pick<ModelLocation, 'name' | 'manifest' | 'biasReport' | 'archiveDir'>>;
  /** What the index says the evidence is of (commit, verdicts, approvals...). */
  subject: Record<string, unknown>;
  generatedAt: string;
}

/** Collects the evidence files (see the module comment); a file the release does not have is simply not listed. */
export async function collectReleaseEvidence(
  input: Omit<ReleaseEvidenceInput, 'subject' | 'generatedAt'>,
): Promise<BundleFile[]> {
  const files: BundleFile[] = [];
  const add = (path: string, bytes: Uint8Array | undefined) => {
    if (bytes && !files.some((f) => f.path === path)) files.push({ path, bytes });
  };
  for (const r of input.reports) add(r.path, await readFile(r.file).catch(() => undefined));
  const flat = input.models.length === 1 && input.models[0]!.name === undefined;
  for (const m of input.models) {
    const folder = flat ? '' : `${m.name ?? basename(m.manifest)}/`;
    add(`${folder}manifest.json`, await readRepositoryBytes(input.root, m.manifest));
    add(`${folder}bias-report.json`, await readRepositoryBytes(input.root, biasReportOf(m)));
  }
  add(basename(input.policyPath), await readRepositoryBytes(input.root, input.policyPath));
  // One log (models sharing the archive folder): `audit-log.jsonl`, as the audit's bundle names it; several: by folder.
  const logs = [...new Set(input.models.map((m) => auditLogOf(m)))];
  for (const log of logs) {
    const name = logs.length === 1 ? AUDIT_LOG_FILE : `audit-logs/${log}`;
    add(name, await readRepositoryBytes(input.root, log));
  }
  return files;
}

/** Collects the evidence and writes it to `dir` with its index; returns the paths written. */
export async function writeReleaseEvidence(dir: string, input: ReleaseEvidenceInput): Promise<string[]> {
  const files = await collectReleaseEvidence(input);
  return writeEvidenceDirectory(dir, files, input.generatedAt, input.subject);
}
