/**
 * One repository's answers shared by the gates of several models in one run: `check` over fifty models asks git the
 * same questions fifty times (is this a repository, which commit is the base, the PR's commit messages, the base's
 * policy), about 17 git processes a model. The repository does not change while the gate reads it, so each read-only
 * question is asked once and its answer (or its failure) reused. Only for one run: never kept across runs.
 */
import type { GitRepository } from '../release/ports.js';

type ReadOnly = Exclude<keyof GitRepository, 'root'>;

/** The questions whose answers depend only on their arguments and the repository's state during one run. */
const SHARED: ReadonlySet<ReadOnly> = new Set<ReadOnly>([
  'isRepository',
  'resolveCommit',
  'commitExists',
  'refCommits',
  'readFileAt',
  'listFilesAt',
  'listEntriesAt',
  'readBlobs',
  'commitMessages',
  'currentBranch',
  'isShallow',
  'lastChange',
  'gitDir',
  'topLevel',
  'changedPaths',
]);

/** A GitRepository that answers each shared question once per distinct arguments. */
export function sharedGitRepository(inner: GitRepository): GitRepository {
  const answers = new Map<string, Promise<unknown>>();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || !SHARED.has(prop as ReadOnly)) return value;
      return (...args: unknown[]) => {
        const key = `${String(prop)}\0${JSON.stringify(args)}`;
        let answer = answers.get(key);
        if (!answer) {
          answer = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          answers.set(key, answer);
        }
        return answer;
      };
    },
  });
}
