/**
 * The use case behind `mlgov checksums`: locate the model's manifest (the release locator, `--model`), hash every
 * file it declares, compare, and for `--write` rewrite that manifest alone. The face parses arguments, draws the
 * progress bar and renders; nothing else of the repository is read or written here.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeRepositoryFile } from '../adapters/atomic-file.js';
import { observeFiles, type HashProgress } from '../adapters/file-hasher.js';
import { lexicalPathProblem, readRepositoryBytes } from '../adapters/repository-path.js';
import { isS3Url, type S3ClientOptions } from '../adapters/s3-object-store.js';
import { observeS3Objects } from '../adapters/s3-observe.js';
import { biasReportBindingOf, boundReportFileOf } from '../formats/bias-report-binding.js';
import { parseJsonDocument } from '../formats/json-document.js';
import type { ParsedDocument } from '../formats/parsed-document.js';
import { DEFAULT_POLICY_PATH, loadWorkingPolicy } from '../policy/read-policy.js';
import { selectModel, type ModelLocation } from '../release/release-locator.js';
import {
  buildChecksumsWritePlan,
  checksumRows,
  declaredFiles,
  type ChecksumRow,
  type ChecksumsWritePlan,
  type Observation,
} from './checksums-plan.js';
import { EvidenceError } from './evidence-error.js';

export interface ChecksumsOptions {
  repoRoot: string;
  /** Repository-relative policy path (default .github/governance-policy.yml). */
  policyPath?: string;
  /** `--model NAME`: required when the policy lists several models. */
  model?: string;
  /** Stop hashing at the first file that differs (not with a write). */
  failFast?: boolean;
  /** Hash every file: no Git LFS pointer from the index, no hash cache. */
  rehash?: boolean;
  /** Use the local hash cache (the CLI outside CI). */
  hashCache?: boolean;
  onProgress?: (p: HashProgress) => void;
  /** Credentials and endpoint variables for s3:// artifacts (default: the process environment). */
  env?: Record<string, string | undefined>;
  /** Transport settings for the S3 client (tests shorten the retries). */
  s3Client?: S3ClientOptions;
}

/** The model's manifest as read, and every file it declares compared with the disk. */
export interface ChecksumsReading {
  repoRoot: string;
  location: ModelLocation;
  manifestPath: string;
  doc: ParsedDocument;
  /** The manifest's text, for an edit that keeps its bytes. */
  text: string;
  rows: ChecksumRow[];
  /** True when any file is not as declared. */
  differs: boolean;
}

/**
 * The model the command acts on, from the working tree's policy; an unusable policy, an unknown or missing `--model`
 * and an unusable manifest path are refused (exit 2) with the fix.
 */
async function locateManifest(repoRoot: string, policyPath: string, model: string | undefined): Promise<ModelLocation> {
  const location = selectModel(await loadWorkingPolicy(repoRoot, policyPath), model);
  const problem = lexicalPathProblem(location.manifest);
  if (problem) {
    throw new EvidenceError(
      `${location.name === undefined ? 'model.manifest' : `the manifest of ${location.name}`} "${location.manifest}" in ${policyPath} is not usable: ${problem}`,
      'point the model at a repository-relative manifest path inside the repository',
    );
  }
  return location;
}

async function readManifest(repoRoot: string, manifestPath: string): Promise<{ doc: ParsedDocument; text: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(repoRoot, manifestPath));
  } catch {
    throw new EvidenceError(
      `the manifest ${manifestPath} could not be read in ${repoRoot}`,
      'Run from the repository root or pass --repo DIR; the manifest path comes from the model in the policy.',
    );
  }
  const doc = parseJsonDocument(manifestPath, bytes);
  if (typeof doc.value !== 'object' || doc.value === null || Array.isArray(doc.value)) {
    const where = doc.problems.map((p) => `${p.line ?? '?'}:${p.column ?? '?'} ${p.message}`).join('; ');
    throw new EvidenceError(
      `the manifest ${manifestPath} is not valid JSON${where ? `: ${where}` : ''}`,
      'Fix the manifest (mlgov check reports every problem with its line).',
    );
  }
  return { doc, text: bytes.toString('utf8') };
}

/**
 * The bias report's content form (src/formats/bias-report-binding.ts) with the digest of the bytes it was computed
 * from; read like every file a manifest names (inside the repository, a regular file). Undefined when it cannot be
 * read or did not parse cleanly: then only its bytes' digest binds it.
 */
async function reportContentOf(
  repoRoot: string,
  path: string,
): Promise<{ sha256: string; contentSha256: string } | undefined> {
  const bytes = await readRepositoryBytes(repoRoot, path);
  if (!bytes) return undefined;
  const file = boundReportFileOf(path, bytes);
  return file.report !== undefined ? { sha256: file.sha256, contentSha256: biasReportBindingOf(file) } : undefined;
}

/** Reads the model's manifest and compares every file it declares with the disk. */
export async function readChecksums(options: ChecksumsOptions): Promise<ChecksumsReading> {
  const repoRoot = resolve(options.repoRoot);
  const location = await locateManifest(repoRoot, options.policyPath ?? DEFAULT_POLICY_PATH, options.model);
  const manifestPath = location.manifest;
  const { doc, text } = await readManifest(repoRoot, manifestPath);
  const declared = declaredFiles(doc.value as Record<string, unknown>);
  const expected: Record<string, { sha256?: string; size?: number }> = {};
  for (const e of declared) expected[e.path] ??= e.declared;
  const objectPaths = declared.filter((e) => e.role === 'artifact' && isS3Url(e.path)).map((e) => e.path);
  const files = await observeFiles(
    repoRoot,
    declared.map((e) => e.path).filter((p) => !objectPaths.includes(p)),
    {
      expected,
      failFast: options.failFast ?? false,
      rehash: options.rehash ?? false,
      hashCache: options.hashCache ?? false,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  const observed: Record<string, Observation> = {
    ...files,
    // The author's own tool: the working tree's policy configures the store (the gate judges with the base's).
    ...(await observeS3Objects(objectPaths, location.policy.s3, {
      ...(options.env ? { env: options.env } : {}),
      ...(options.s3Client ? { client: options.s3Client } : {}),
    })),
  };
  const report = declared.find((e) => e.role === 'bias-report');
  const rows = checksumRows(declared, observed, report && (await reportContentOf(repoRoot, report.path)));
  return { repoRoot, location, manifestPath, doc, text, rows, differs: rows.some((r) => r.status !== 'ok') };
}

/**
 * Plans `--write` and, unless `dryRun`, writes the model's manifest (atomically, and contained like every evidence
 * write: never through a symlink on its path). Only the located manifest is ever written.
 */
export async function writeChecksums(
  reading: ChecksumsReading,
  dryRun: boolean,
): Promise<{ plan: ChecksumsWritePlan; written: boolean }> {
  const plan = buildChecksumsWritePlan(reading.doc, reading.text, reading.rows);
  const written = plan.changes.length > 0 && !dryRun;
  if (written) await writeRepositoryFile(reading.repoRoot, reading.manifestPath, plan.text);
  return { plan, written };
}
