import type { BiasReport, GroupRates } from '../formats/bias-report.js';
import type { Manifest } from '../formats/manifest.js';
import type { ParsedDocument } from '../formats/parsed-document.js';
import type { Policy } from '../policy/policy.js';
import type { EvidenceFacts } from './evidence-facts.js';
import type { PullRequestFacts } from './review-facts.js';
import type { TicketFacts } from './ticket-facts.js';
import type { ObservedObject } from './object-facts.js';

/**
 * Everything the checks may know, gathered once by adapters (src/gate/gather.ts). Checks only read it: a check is
 * a pure function of (ReleaseContext, Policy) and is tested with a literal context.
 */
export interface ReleaseContext {
  /** ISO 8601 time the time-based rules are judged at; checks never read the clock. */
  now: string;
  /**
   * Set when `now` is not the clock: a release already on the base branch is judged as of the commit that put it
   * there (its approvals do not go stale in production), or the user asked `--as-of`.
   */
  asOf?: { reason: string };
  /**
   * The policy's name for the judged model when the policy lists its models (`models:`); the manifest's `name` must
   * be it, or one model's files would be judged (and archived) as another's.
   */
  governedName?: string;
  /**
   * The other models whose archives share this model's archive folder (`<archiveDir>/<name>/`): their archive
   * folders are theirs, judged by their own gate (a change there touches them), not this model's evidence.
   */
  archiveNeighbours?: string[];
  /** The working tree's manifest. */
  manifest: ParsedDocument<Manifest>;
  /** The working tree's bias report (absent when the file is missing: `problems` then say so). */
  biasReport?: ParsedDocument<BiasReport>;
  /** The policy file as found in the working tree (the PR's version). */
  headPolicy?: ParsedDocument<Policy>;
  /** The policy document that judges this release: the base's when one exists (a PR cannot loosen its gate). */
  policyDocument?: ParsedDocument<Policy>;
  policySource: 'base' | 'working-tree' | 'default';
  /** The production release the PR is compared with. */
  base: BaseFacts;
  /** What was observed on disk for each file the manifest names (artifacts and the bias report). */
  files: FileFacts;
  /** Facts from git about the working repository. */
  git: GitFacts;
  /** The pull request, when judging one (action) or when the CLI was told (`--pr-title`...). */
  pr?: PullRequestFacts;
  /** Jira: absent when offline (the `jira` check then skips and says so). */
  ticket?: TicketFacts;
  evidence?: EvidenceFacts;
  /**
   * The predictions file the bias report names, recounted when the manifest lists it among its artifacts
   * (src/gate/gather-predictions.ts); absent when there is no bias report to compare (and in literal test contexts).
   */
  predictions?: PredictionsFacts;
  /** Checks that were deliberately not run, with why (e.g. `--offline`). */
  skipped: Partial<Record<string, string>>;
}

export type BaseFacts =
  /** There is no base to compare with (first release, or no base asked for and none found). */
  | { kind: 'none'; reason: string }
  /** A base was asked for (or needed) but could not be read: the gate cannot judge. */
  | { kind: 'unavailable'; ref: string; reason: string; fix: string }
  | {
      kind: 'found';
      ref: string;
      commit: string;
      /** The base's manifest; absent when the base has none (initial release). */
      manifest?: ParsedDocument<Manifest>;
      biasReport?: ParsedDocument<BiasReport>;
      policy?: ParsedDocument<Policy>;
      /** Raw bytes' SHA-256 of the base manifest and bias report files (for archive comparison). */
      manifestFileSha256?: string;
      biasReportFileSha256?: string;
    };

/** What the filesystem says about one file the manifest names. */
export type ObservedFile =
  | {
      kind: 'file';
      path: string;
      size: number;
      sha256: string;
      lfs?: { oid: string; size: number };
      /** How size and SHA-256 were established; the file hasher always says (literal test contexts may not). */
      verifiedBy?: FileVerification;
      /** Why a file git could have vouched for was hashed instead (e.g. it differs from the commit, `--rehash`). */
      verifiedNote?: string;
    }
  | { kind: 'missing'; path: string }
  | { kind: 'outside-repository'; path: string; reason: string }
  | { kind: 'not-a-file'; path: string; what: string }
  | { kind: 'unreadable'; path: string; reason: string };

/**
 * - `hashed`: the content was read and hashed.
 * - `lfs-index`: tracked by Git LFS and unchanged since git wrote it (git's stat check): the pointer in the index
 *   gives oid and size; the content was not read.
 * - `lfs-pointer-file`: the working-tree file is itself an LFS pointer (the object was not downloaded).
 * - `hash-cache`: unchanged (size, mtime, ctime, inode) since this machine last hashed it; local runs only.
 */
export type FileVerification = 'hashed' | 'lfs-index' | 'lfs-pointer-file' | 'hash-cache';

export interface FileFacts {
  /** Keyed by the path exactly as the manifest writes it. */
  observed: Record<string, ObservedFile>;
  /** Files under the model's folder(s) that the manifest does not list. */
  unlisted: string[];
  /** Artifacts in object storage (`s3://…`), keyed by the location as the manifest writes it; absent when none. */
  objects?: Record<string, ObservedObject>;
}

export interface GitFacts {
  /** Whether the working directory is a git repository at all. */
  isRepository: boolean;
  /** HEAD commit of the working repository, when known. */
  headCommit?: string;
  /** For each commit id asked about (the manifest's provenance.code.commit): does it exist in the repository? */
  commitExists: Record<string, boolean>;
}

/**
 * The bias report's predictions, as the gate found them. Only a file the manifest lists (and the checksums path
 * hashed) is recounted: anything else the report says about its data is the author's claim.
 */
export type PredictionsFacts =
  /** The report names no predictions file, or one the manifest does not list: its figures are not recomputed. */
  | { kind: 'unlisted'; sha256?: string; path?: string }
  /** The listed file could not be counted (missing, an LFS pointer, a column the report names is not in it...). */
  | { kind: 'unreadable'; file: string; problem: string; fix: string }
  /** The listed file, counted with the same code as `mlgov bias compute`, in the report's attribute order. */
  | {
      kind: 'recounted';
      file: string;
      /** SHA-256 of the bytes counted: the digest the checksums path observed for the artifact. */
      sha256: string;
      rows: number;
      attributes: Array<{ name: string; missing: number; groups: GroupRates[] }>;
    };
