import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { lfsPointerText, sha256Of } from './hash-fixtures.js';

/** A real git repository whose `*.bin` files go through a Git LFS `clean` filter (git-lfs need not be installed). */
export interface LfsRepo extends TempRepo {
  write(rel: string, content: string | Uint8Array): string;
  /** `git add -A` and commit, after the file system's clock has moved on (so no index entry is racily clean). */
  commit(message: string): void;
}

/**
 * The clean filter git-lfs installs turns content into a pointer; this shell stand-in does the same (oid = SHA-256
 * of the content, size = its length), so `git add` stores a real pointer blob and records the smudged file's stat
 * data in the index, exactly as after `git lfs pull`.
 */
const HONEST_CLEAN = `#!/bin/sh
f=$(mktemp); cat > "$f"
printf 'version https://git-lfs.github.com/spec/v1\\noid sha256:%s\\nsize %s\\n' "$(sha256sum "$f" | cut -c1-64)" "$(wc -c < "$f" | tr -d ' ')"
rm -f "$f"
`;

export function createLfsRepo(options: { pointerText?: string } = {}): LfsRepo {
  const repo = createTempRepo('mlgov-lfs-');
  // A "lying" filter (fixed pointer whatever the content) shows that a file git vouches for is not read at all.
  const script = options.pointerText
    ? `#!/bin/sh\ncat > /dev/null\nprintf '%s' '${options.pointerText}'\n`
    : HONEST_CLEAN;
  const scriptPath = join(repo.dir, '.git', 'fake-lfs-clean.sh');
  writeFileSync(scriptPath, script);
  chmodSync(scriptPath, 0o755);
  repo.git('config', 'filter.lfs.clean', scriptPath);
  repo.git('config', 'filter.lfs.required', 'true');
  writeFileSync(join(repo.dir, '.gitattributes'), '*.bin filter=lfs diff=lfs merge=lfs -text\n');
  return {
    ...repo,
    write(rel, content) {
      const abs = join(repo.dir, rel);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
      return abs;
    },
    commit(message) {
      afterTick(join(repo.dir, '.git'));
      repo.commitAll(message);
    },
  };
}

/**
 * Returns once the file system's clock has moved past every time stamped so far: a probe file is rewritten until
 * its mtime changes. Not a timing assertion: it only makes the state deterministic (nothing racily clean).
 */
export function afterTick(dir: string): void {
  const probe = join(dir, 'tick-probe');
  writeFileSync(probe, '');
  const first = statSync(probe, { bigint: true }).mtimeNs;
  while (statSync(probe, { bigint: true }).mtimeNs === first) writeFileSync(probe, '');
}

/** The pointer git-lfs would write for `content`. */
export function pointerFor(content: string | Uint8Array): string {
  return lfsPointerText(sha256Of(content), Buffer.byteLength(content));
}
