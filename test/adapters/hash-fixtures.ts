import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary directory standing in for a repository; `cleanup()` removes it. */
export interface TempRepo {
  root: string;
  write(rel: string, content: string | Uint8Array): string;
  cleanup(): void;
}

export function makeTempRepo(prefix = 'mlgov-hash-'): TempRepo {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return {
    root,
    write(rel, content) {
      const abs = join(root, rel);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
      return abs;
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function sha256Of(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A Git LFS pointer file's text for an object with this digest and size. */
export function lfsPointerText(oid: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;
}
