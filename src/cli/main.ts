import { parseArgs } from 'node:util';
import { TOOL_VERSION } from '../version.js';
import { CliError, UsageError, type CliIo } from './cli-io.js';
import { commands } from './commands/index.js';

function mainUsage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'mlgov — model-governance gate and evidence toolkit',
    '',
    'usage: mlgov <command> [--repo DIR] [--format FORMAT] [--output FILE] [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'exit codes: 0 pass/done, 1 the gate failed, 2 could not judge or bad usage',
    "mlgov <command> --help shows the command's options.",
  ].join('\n');
}

/**
 * Runs one CLI invocation and returns its exit code. Never throws: operational failures become a message on
 * stderr (no stack trace unless MLGOV_DEBUG=1) and exit code 2.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainUsage() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(TOOL_VERSION + '\n');
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`mlgov: unknown command "${name}"\n\n${mainUsage()}\n`);
    return 2;
  }
  const command = await entry.load();
  try {
    const parsed = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    if (parsed.values['help'] === true) {
      io.stdout(command.usage + '\n');
      return 0;
    }
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (err) {
    return reportFailure(err, command.usage, io);
  }
}

function reportFailure(err: unknown, usage: string, io: CliIo): number {
  if (
    err instanceof UsageError ||
    (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    io.stderr(`mlgov: ${err.message}\n\nusage: ${usage}\n`);
    return 2;
  }
  if (err instanceof CliError || isFixableError(err)) {
    io.stderr(`mlgov: ${err.message}\n${err.fix ? `fix: ${err.fix}\n` : ''}`);
    return err.exitCode === 1 ? 1 : 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`mlgov: could not complete: ${message}\n`);
  if (io.env['MLGOV_DEBUG'] === '1' && err instanceof Error && err.stack) io.stderr(err.stack + '\n');
  return 2;
}

/**
 * The small typed errors of the use cases (EvidenceError, PolicyUnusableError, GitReadError...) carry their fix
 * and, where it is "refused on the merits", exit code 1; everything else that escapes is "could not complete" (2).
 */
function isFixableError(err: unknown): err is Error & { fix?: string; exitCode?: number } {
  if (!(err instanceof Error)) return false;
  const { fix, exitCode } = err as { fix?: unknown; exitCode?: unknown };
  return typeof fix === 'string' || exitCode === 1 || exitCode === 2;
}
