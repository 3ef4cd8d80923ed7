import { DefaultArtifactClient } from '@actions/artifact';
import { cp, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface EvidenceUpload {
  /** Artifact name, e.g. `mlgov-evidence-fraud-detection-2.4.0`. */
  name: string;
  /** Directory holding the bundle's files. */
  dir: string;
  /** Absolute paths of the files, all under `dir`. */
  files: string[];
  /** Days GitHub keeps the artifact (0: the repository's default). */
  retentionDays: number;
  /** Where to keep the bundle when artifacts are not available, e.g. `$RUNNER_TEMP/mlgov-evidence`. */
  fallbackDir: string;
  /** The runner's environment: artifacts need `ACTIONS_RUNTIME_TOKEN` and `ACTIONS_RESULTS_URL`. */
  env: Record<string, string | undefined>;
}

export type EvidenceUploadResult =
  | { kind: 'artifact'; name: string; id?: number; size?: number; digest?: string }
  | { kind: 'local'; dir: string; reason: string };

/**
 * Uploads the evidence bundle as a workflow artifact (`@actions/artifact`), or — where artifacts are not
 * supported (no `ACTIONS_RUNTIME_TOKEN`: `act`, a self-hosted runner without the service, GHES without it) or the
 * upload fails — copies it to `fallbackDir` and says why. Never fails the run on its own: the caller reports it.
 */
export async function uploadEvidence(upload: EvidenceUpload): Promise<EvidenceUploadResult> {
  if (!upload.env['ACTIONS_RUNTIME_TOKEN'] || !upload.env['ACTIONS_RESULTS_URL']) {
    return keepLocally(upload, 'workflow artifacts are not available here (no ACTIONS_RUNTIME_TOKEN)');
  }
  try {
    const client = new DefaultArtifactClient();
    const result = await client.uploadArtifact(upload.name, upload.files, upload.dir, {
      ...(upload.retentionDays > 0 ? { retentionDays: upload.retentionDays } : {}),
    });
    return {
      kind: 'artifact',
      name: upload.name,
      ...(result.id !== undefined ? { id: result.id } : {}),
      ...(result.size !== undefined ? { size: result.size } : {}),
      ...(result.digest !== undefined ? { digest: result.digest } : {}),
    };
  } catch (err) {
    return keepLocally(
      upload,
      `the artifact upload failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
}

async function keepLocally(upload: EvidenceUpload, reason: string): Promise<EvidenceUploadResult> {
  const target = join(upload.fallbackDir, upload.name);
  if (relative(upload.dir, target) !== '') {
    await mkdir(target, { recursive: true });
    for (const file of upload.files) {
      const rel = relative(upload.dir, file);
      await mkdir(join(target, rel, '..'), { recursive: true });
      await cp(file, join(target, rel));
    }
  }
  return { kind: 'local', dir: target, reason };
}
