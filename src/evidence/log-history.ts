/**
 * The audit log's history: pure. The hash chain proves a log is internally consistent, not that it is the log that
 * was there before — an insider who drops an event and re-chains every later line on the base branch produces a
 * log that verifies. What git keeps is every version of the file, so the rule is: **each version of the log, as
 * git shows it along a branch's first-parent line, is a byte prefix of the next** (the log only ever grows). The
 * first version that is not names the commit that rewrote it. The prefix rule itself is `findLogRewrite`
 * (hash-chain.ts), the same one the gate applies between the base and the PR.
 */
import { findLogRewrite } from './hash-chain.js';

/** One version of the log file: the commit that wrote it and its text (undefined when the commit deleted it). */
export interface LogVersion {
  /** Commit id, or `working tree` for the uncommitted file. */
  commit: string;
  committedAt: string;
  subject: string;
  text?: string;
  /** Git file mode; `120000` is a symbolic link, never a log. */
  mode?: string;
}

export type LogHistoryBreakKind = 'rewritten' | 'deleted' | 'not-a-file';

export interface LogHistoryBreak {
  kind: LogHistoryBreakKind;
  /** The first commit whose version does not extend its predecessor. */
  commit: string;
  committedAt: string;
  subject: string;
  /** The version it should have extended. */
  previous: string;
  /** 1-based line of the first difference (rewritten only). */
  line?: number;
  message: string;
}

export type LogHistoryVerdict =
  { ok: true; versions: number } | { ok: false; versions: number; break: LogHistoryBreak };

const short = (commit: string) => (/^[0-9a-f]{40,64}$/.test(commit) ? commit.slice(0, 12) : commit);

/** Judges `versions` (oldest first) of the log file `file` (see the module comment). */
export function verifyLogHistory(file: string, versions: LogVersion[]): LogHistoryVerdict {
  let previous: LogVersion | undefined;
  for (const v of versions) {
    const at = v.committedAt
      ? `at ${short(v.commit)} (${v.committedAt.slice(0, 10)}, "${v.subject}")`
      : `in the ${v.commit}`;
    const since = previous ? `the version of ${short(previous.commit)}` : 'nothing';
    const fail = (kind: LogHistoryBreakKind, message: string, line?: number): LogHistoryVerdict => ({
      ok: false,
      versions: versions.length,
      break: {
        kind,
        commit: v.commit,
        committedAt: v.committedAt,
        subject: v.subject,
        previous: previous?.commit ?? '',
        ...(line !== undefined ? { line } : {}),
        message,
      },
    });
    if (v.mode === '120000') {
      return fail('not-a-file', `${file} ${at} is a symbolic link, not a log; the log is never replaced by a link`);
    }
    if (v.text === undefined) {
      if (previous?.text) {
        return fail('deleted', `${file} was deleted ${at}; the audit log is append-only and is never removed`);
      }
      continue; // deleted when it was already empty or absent: nothing was lost
    }
    if (previous?.text !== undefined) {
      const rewrite = findLogRewrite(previous.text, v.text);
      if (!rewrite.grewOnly) {
        return fail(
          'rewritten',
          `${file} ${at} does not extend ${since}: line ${rewrite.line} differs (an event was removed, edited, reordered or inserted, and the log re-written)`,
          rewrite.line,
        );
      }
    }
    previous = v;
  }
  return { ok: true, versions: versions.length };
}
