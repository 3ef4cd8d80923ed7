import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The project root (the built-in example lives here: model/, reports/, .github/governance-policy.yml). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** A real git repository in a temp directory; `remove()` deletes it. */
export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  /** Commits everything with `message`, at `date` (ISO) when given; returns the commit id. */
  commitAll(message: string, date?: string): string;
  remove(): void;
}

export function createTempRepo(prefix = 'mlgov-test-'): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test Author');
  git('config', 'user.email', 'author@example.test');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    git,
    commitAll(message, date) {
      git('add', '-A');
      const env = { ...process.env, ...GIT_ENV, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
      execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: dir, env });
      return git('rev-parse', 'HEAD').trim();
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A temp repository holding a copy of the built-in example release, committed on `main`. */
export function createExampleRepo(date = '2026-11-21T09:00:00Z'): TempRepo & { baseCommit: string } {
  const repo = createTempRepo('mlgov-example-');
  for (const p of ['model', 'reports', '.github/governance-policy.yml', 'schemas']) {
    cpSync(join(PROJECT_ROOT, p), join(repo.dir, p), { recursive: true });
  }
  const baseCommit = repo.commitAll('Release fraud-detection (example)', date);
  return { ...repo, baseCommit };
}

/** A temp repository whose history a test writes commit by commit, each at a date of its choosing. */
export interface FileHistory extends TempRepo {
  /** Writes each file (null removes it) and commits them at `at` with `subject`; returns the commit. */
  commit(subject: string, at: string, files: Record<string, string | null>): string;
}

export function createFileHistory(prefix = 'mlgov-history-'): FileHistory {
  const repo = createTempRepo(prefix);
  return {
    ...repo,
    commit(subject, at, files) {
      for (const [path, text] of Object.entries(files)) {
        const abs = join(repo.dir, path);
        if (text === null) rmSync(abs);
        else {
          mkdirSync(dirname(abs), { recursive: true });
          writeFileSync(abs, text);
        }
      }
      return repo.commitAll(subject, at);
    },
  };
}
