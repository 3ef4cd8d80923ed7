import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/main.js';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as a user would run `mlgov <argv>` in `cwd`. */
export async function runMlgov(
  argv: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; isTTY?: boolean },
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: options.env ?? {},
    cwd: options.cwd,
    isTTY: options.isTTY ?? false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
