/**
 * Reading model M's release at commit C: the manifest and the bias report at the paths the release locator gives
 * for M (the policy's paths, never the ones a manifest declares), many in one `git cat-file --batch`. The period
 * audit reads every release of every model through here; `archive`, `rollback` and the gate's base release can
 * share it (see `readReleaseAt`).
 */
import type { GitRepository } from '../release/ports.js';
import { biasReportOf, type ModelLocation } from '../release/release-locator.js';
import type { ArchiveSource } from './archive-plan.js';

/** Which release to read: a model's location (the locator's answer) at a commit. */
export interface ReleaseRequest {
  commit: string;
  location: Pick<ModelLocation, 'manifest' | 'biasReport'>;
}

/** The key a request's answer is filed under in {@link readReleasesAt}'s map. */
export const releaseKey = (r: ReleaseRequest): string => `${r.commit}\0${r.location.manifest}`;

/**
 * Many releases in one git process: for each request, the manifest and bias report bytes at its commit, or no
 * entry when the commit has no manifest there. The bias report is the one the locator names for the model.
 */
export async function readReleasesAt(
  git: Pick<GitRepository, 'readBlobs'>,
  requests: readonly ReleaseRequest[],
): Promise<Map<string, ArchiveSource>> {
  const specs = requests.flatMap((r) => [
    `${r.commit}:${r.location.manifest}`,
    `${r.commit}:${biasReportOf(r.location)}`,
  ]);
  const blobs = specs.length > 0 ? await git.readBlobs([...new Set(specs)]) : new Map<string, Buffer | undefined>();
  const found = new Map<string, ArchiveSource>();
  for (const r of requests) {
    const manifestPath = r.location.manifest;
    const biasReportPath = biasReportOf(r.location);
    const manifestBytes = blobs.get(`${r.commit}:${manifestPath}`);
    if (!manifestBytes) continue;
    const biasReportBytes = blobs.get(`${r.commit}:${biasReportPath}`);
    found.set(releaseKey(r), {
      commit: r.commit,
      manifestPath,
      manifestBytes,
      biasReportPath,
      ...(biasReportBytes ? { biasReportBytes } : {}),
    });
  }
  return found;
}

/** Model M's release at commit C (manifest + bias report bytes), or undefined when C has no manifest for M. */
export async function readReleaseAt(
  git: Pick<GitRepository, 'readBlobs'>,
  commit: string,
  location: Pick<ModelLocation, 'manifest' | 'biasReport'>,
): Promise<ArchiveSource | undefined> {
  const request = { commit, location };
  return (await readReleasesAt(git, [request])).get(releaseKey(request));
}
