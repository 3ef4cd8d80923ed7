/**
 * Bundles the CLI (`src/cli/index.ts`) as scripts/bundle.mjs does, into `outfile`, so a test that spawns the CLI as a
 * user would (a pipe closed early, SIGKILL mid-write, a memory bound) runs the code under test rather than whatever
 * dist/ was last committed.
 */
import { join } from 'node:path';
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
    entryPoints: [join(PROJECT_ROOT, 'src/cli/index.ts')],
    outfile,
  });
}
