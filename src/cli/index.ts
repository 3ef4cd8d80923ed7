/** The CLI entry point (bundled to dist/cli.js, package.json `bin.mlgov`): wire the process to runCli. */
import { processOutput } from './cli-io.js';
import { runCli } from './main.js';

// `mlgov … | head -1`: when the reader closes the pipe, output stops quietly (no EPIPE stack trace) and the exit code
// is still the command's own. Any other failure to write standard output makes the run exit 2, saying why.
let outputFailed = false;
const stderr = processOutput(process.stderr, () => undefined);
const stdout = processOutput(process.stdout, (reason) => {
  outputFailed = true;
  process.exitCode = 2;
  stderr(`mlgov: could not write the output (${reason}); what was written is incomplete\n`);
});

const code = await runCli(process.argv.slice(2), {
  stdout,
  stderr,
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = outputFailed ? 2 : code;
