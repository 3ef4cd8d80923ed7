// Bundles the two faces into dist/: the action (dist/index.js, what action.yml runs) and the CLI (dist/cli.js,
// package.json bin). ESM output; a createRequire banner lets bundled CommonJS dependencies require Node built-ins.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const banner = {
  js: "import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);",
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  banner,
  // The CycloneDX library names optional XML plugins in lazy require()s that mlgov never calls (it writes JSON);
  // left external, esbuild need not resolve packages that are deliberately not installed.
  external: ['xmlbuilder2', 'libxmljs2'],
  // Deterministic output: CI rebuilds and compares with the committed dist/.
  metafile: false,
};
await build({ ...common, entryPoints: ['src/action/index.ts'], outfile: 'dist/index.js' });

// The CLI is split into chunks (dist/cli-chunks/), one per command plus what commands share, each loaded when a
// command that needs it runs (src/cli/commands/index.ts imports commands dynamically). V8 compiles every module it
// loads, and compiling the one-file 4.6 MB bundle cost about 0.1 CPU s on every run (bench/ANALYSIS.md):
// `mlgov checksums` now compiles about 0.8 MB, `mlgov --version` 10 kB. Chunk names carry a content hash, so the
// folder is emptied first: no chunk of an earlier build is left behind.
const CLI_CHUNKS = 'dist/cli-chunks';
rmSync(CLI_CHUNKS, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { cli: 'src/cli/index.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'cli-chunks/[name]-[hash]',
});
// The shebang goes on the entry only (a banner would repeat it at the top of every chunk).
writeFileSync('dist/cli.js', '#!/usr/bin/env node\n' + readFileSync('dist/cli.js', 'utf8'));
chmodSync('dist/cli.js', 0o755);
