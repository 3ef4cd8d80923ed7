import type { ParseArgsConfig } from 'node:util';

/** The outside world as the CLI face sees it; tests pass their own to run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment (Jira credentials, CI); only faces read it. */
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when stderr is an interactive terminal (progress bars). */
  isTTY: boolean;
}

export type ParsedValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

export interface CliArgs {
  values: ParsedValues;
  positionals: string[];
}

export interface CliCommand {
  name: string;
  /** Usage text for `mlgov <name> --help` (the one-line summary lives in the registry, commands/index.ts). */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  /** Returns the exit code: 0 done/pass, 1 the gate failed, 2 could not judge or bad usage. */
  run(args: CliArgs, io: CliIo): Promise<number>;
}

/** Bad usage: printed with the command's usage, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An operational failure the user can fix (file missing, base not found): printed without a stack, exit 2. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly fix?: string,
    readonly exitCode = 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Options every command accepts (docs/design.md). */
export const commonOptions = {
  repo: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export function stringOption(args: CliArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function booleanOption(args: CliArgs, name: string): boolean {
  return args.values[name] === true;
}

export function requireOption(args: CliArgs, name: string): string {
  const v = stringOption(args, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** The output format, checked against what the command supports. */
export function formatOption<F extends string>(args: CliArgs, allowed: readonly F[], fallback: F): F {
  const v = stringOption(args, 'format') ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`--format ${v} is not supported here; use one of: ${allowed.join(', ')}`);
  }
  return v as F;
}

/** The part of a process stream (`process.stdout`, `process.stderr`) that {@link processOutput} uses. */
export interface OutputStream {
  write(text: string): unknown;
  on(event: 'error', listener: (err: Error & { code?: string }) => void): unknown;
}

/** Write errors that only mean "nobody reads this any more": `mlgov … | head -1` closed the pipe. */
const READER_GONE: ReadonlySet<string> = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

/**
 * Wraps stdout or stderr so a closed pipe is quiet. Node reports a write to a pipe whose reader has exited as an
 * `error` event which, unhandled, ends the process with a stack trace; the command's result does not depend on who
 * reads its output, so once the reader is gone further output is dropped and the command finishes with its own exit
 * code. Any other write error (a full disk behind `> file`) stops the output too and is passed to `onFailure` (once),
 * so the caller can say so and exit 2: a truncated report must not look complete.
 */
export function processOutput(stream: OutputStream, onFailure: (reason: string) => void): (text: string) => void {
  let closed = false;
  const fail = (code: string | undefined, fallback: string) => {
    if (closed) return;
    closed = true;
    if (!READER_GONE.has(code ?? '')) onFailure(code ?? fallback);
  };
  stream.on('error', (err) => fail(err.code, err.message));
  return (text) => {
    if (closed) return;
    try {
      stream.write(text);
    } catch (err) {
      // A synchronous throw (a destroyed stream) means the same as the error event.
      fail((err as { code?: string }).code, String(err));
    }
  };
}
