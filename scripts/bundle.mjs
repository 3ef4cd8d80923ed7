// Bundles the two faces into dist/: the action (dist/index.js, what action.yml runs) and the CLI (dist/cli.js,
// package.json bin). ESM output; a createRequire banner lets bundled CommonJS dependencies require Node built-ins.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

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
await build({
  ...common,
  entryPoints: ['src/cli/index.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node\n' + banner.js },
});
chmodSync('dist/cli.js', 0o755);
