/** What the gate learned about `artifacts/` on the base and in the working tree (owned by the evidence work). */
export interface EvidenceFacts {
  /** The archive directory, repository-relative (policy `model.archiveDir`). */
  archiveDir: string;
  /** Files under the archive directory on the base revision: path → hex SHA-256 of the bytes. */
  baseFiles: Record<string, string>;
  /** Files under the archive directory in the working tree: path → hex SHA-256. */
  headFiles: Record<string, string>;
  /** The audit log's text on the base (undefined when absent). */
  baseAuditLog?: string;
  /** The audit log's text in the working tree (undefined when absent). */
  headAuditLog?: string;
  /** Versions archived in the working tree for the model (`artifacts/<model>/<version>/`). */
  archivedVersions: string[];
  /**
   * Versions archived on the base revision for the model (folders `<archiveDir>/<model>/<version>/` holding a
   * regular `manifest.json` on the base): what a rollback may restore. The PR's own tree never says what was released.
   */
  baseArchivedVersions?: string[];
  /**
   * Text of the small records of the archives on the base (every `manifest.json`, `checksums.sha256` and
   * `evidence.json` under the archive directory), by repository-relative path: what derives a rollback.
   */
  baseTexts?: Record<string, string>;
  /** Entries under the archive directory on the base that are not regular files (a committed symlink, a submodule). */
  baseNotRegular?: Record<string, string>;
  /**
   * Text of every `checksums.sha256` under the archive directory in the working tree, by repository-relative path
   * (small files; the check compares them with the base release's declared artifact digests).
   */
  checksumRecords?: Record<string, string>;
  /** Text of every `evidence.json` under the archive directory in the working tree, by repository-relative path. */
  evidenceRecords?: Record<string, string>;
  /** Files under the archive directory that could not be read (path → reason); the check cannot judge them. */
  unreadable?: Record<string, string>;
  /**
   * Entries under the archive directory that are not regular files (path → what they are, e.g. "a symlink to
   * /etc/passwd", "a FIFO"). Never followed or read, and not in `headFiles`: a link is not evidence.
   */
  notRegular?: Record<string, string>;
}
