/** The CLI entry point (bundled to dist/cli.js, package.json `bin.mlgov`): wire the process to runCli. */
import { runCli } from './main.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
