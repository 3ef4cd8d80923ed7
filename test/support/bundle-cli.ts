/**
 * Bundles the CLI (`src/cli/index.ts`) as scripts/bundle.mjs does (split: the entry at `outfile`, its chunks in
 * `cli-chunks/` beside it), so a test that spawns the CLI as a user would (a pipe closed early, SIGKILL mid-write, a
 * memory bound, a bucket) runs the code under test, laid out as dist/ is, rather than whatever dist/ was last
 * committed. A one-file bundle once hid a dynamic import that only the split build got wrong.
 */
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from './git-repo.js';

export async function bundleCli(outfile: string): Promise<void> {
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);",
    },
    external: ['xmlbuilder2', 'libxmljs2'],
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { [basename(outfile).replace(/\.js$/, '')]: join(PROJECT_ROOT, 'src/cli/index.ts') },
    outdir: dirname(outfile),
    splitting: true,
    chunkNames: 'cli-chunks/[name]-[hash]',
  });
}
