/**
 * The manifest → bias report binding (`biasReport.sha256`, docs/formats.md). Written by `checksums --write` and
 * `approve --target bias-report` in the content form ({@link reportContentSha256}: the canonical report without its
 * approvals), so a fairness review added to an unchanged report does not change the manifest digest the board
 * approved; a report whose content changed no longer matches. The SHA-256 of the file's bytes, which manifests
 * written before the content form carry, still binds (it pins the approvals too: it binds at least as much).
 * Archive identity (an archived report is the base's report) stays byte-level and does not use this.
 */
import { reportContentSha256, sha256Hex } from './canonical-digest.js';
import { parseJsonDocument } from './json-document.js';

/** The report file as the binding sees it: its bytes' SHA-256 and, when it parsed cleanly as an object, its value. */
export interface BoundReportFile {
  sha256: string;
  report?: object;
}

/** Whether the declared `biasReport.sha256` binds this report, in either form; digests compare case-insensitively. */
export function biasReportBindingMatches(declared: unknown, file: BoundReportFile): boolean {
  if (typeof declared !== 'string') return false;
  const d = declared.toLowerCase();
  if (d === file.sha256.toLowerCase()) return true;
  return file.report !== undefined && d === reportContentSha256(file.report);
}

/**
 * The report file from its bytes: the value only when the strict parser found no problem (a duplicate key or a BOM
 * leaves the content ambiguous, so only the bytes' digest can bind such a file).
 */
export function boundReportFileOf(path: string, bytes: Uint8Array): BoundReportFile {
  const doc = parseJsonDocument(path, bytes);
  const value = doc.value;
  const clean = doc.problems.length === 0 && typeof value === 'object' && value !== null && !Array.isArray(value);
  return { sha256: sha256Hex(bytes), ...(clean ? { report: value } : {}) };
}

/** The value `checksums --write` and `approve` write: the content form when the report parsed, else the bytes'. */
export function biasReportBindingOf(file: BoundReportFile): string {
  return file.report !== undefined ? reportContentSha256(file.report) : file.sha256.toLowerCase();
}
