import type { Policy } from '../policy/policy.js';
import type { PullRequestFacts } from './review-facts.js';
import type { ReleaseContext } from './release-context.js';

/** How to gather a ReleaseContext; one typed settings object for both faces. */
export interface GatherOptions {
  /** Repository root. */
  repoRoot: string;
  /** Base revision (production); default: the merge-base with the default branch. */
  baseRef?: string;
  /** Skip the Jira and GitHub lookups (the report says so). */
  offline?: boolean;
  /** The clock; checks never read it themselves. */
  now?: Date;
  /** The pull request, when judging one. */
  pr?: PullRequestFacts;
}

/** Placeholder signature; the lead is writing it. */
export async function gatherReleaseContext(_options: GatherOptions): Promise<{ ctx: ReleaseContext; policy: Policy }> {
  throw new Error('not yet');
}
