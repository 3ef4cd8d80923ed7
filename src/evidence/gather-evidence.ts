import type { GitRepository } from '../adapters/git-repository.js';
import type { EvidenceFacts } from '../gate/evidence-facts.js';

/** Placeholder signature; the evidence work replaces it. */
export async function gatherEvidenceFacts(args: {
  repoRoot: string;
  git: GitRepository;
  baseCommit?: string;
  archiveDir: string;
  modelName?: string;
}): Promise<EvidenceFacts> {
  return { archiveDir: args.archiveDir, baseFiles: {}, headFiles: {}, archivedVersions: [] };
}
