import { openAuditLogStream, readAuditLogText } from '../../evidence/audit-log.js';
import { verifyAuditLogStream, type StreamedChainVerification } from '../../evidence/audit-log-stream.js';
import { renderAuditEventsText, selectAuditEvents, type AuditEventFilter } from '../../evidence/audit-log-view.js';
import { AUDIT_ACTIONS, GENESIS_HASH, type AuditAction, type AuditEvent } from '../../evidence/hash-chain.js';
import { readLogHistory } from '../../evidence/audit-history.js';
import { verifyLogHistory, type LogHistoryVerdict } from '../../evidence/log-history.js';
import { EvidenceError, openWorkspace, type Workspace } from '../../evidence/workspace.js';
import { auditLogOf, eventsOfModel } from '../../release/release-locator.js';
import type { CliArgs, CliCommand } from '../cli-io.js';
import { booleanOption, commonOptions, formatOption, stringOption, UsageError } from '../cli-io.js';
import { keepHeapSmall } from '../heap-budget.js';
import { MODEL_USAGE, modelOption, modelOptions } from '../command-support.js';

const usage = `mlgov log show [--model NAME] [--action ${AUDIT_ACTIONS.join('|')}] [--since DATE] [--format text|json] [--repo DIR]
mlgov log verify [--model NAME] [--history] [--format text|json] [--repo DIR]

${MODEL_USAGE}

show    list the audit events (artifacts/audit-log.jsonl), optionally filtered; with --model (required when the policy
        lists several models) only that model's events of its archive folder's log
verify  check the hash chain; exit 1 naming the first broken line (edited, deleted, reordered or inserted event)
        --history: also walk every version of the log in git (the current branch's first-parent line, oldest
        first, then the working tree): each must extend the one before; exit 1 naming the first commit that
        re-wrote it (an event dropped and the chain re-computed verifies on its own, but not against its history).
        A shallow clone is exit 2: fetch the full history. Verifies the log of the model's archive folder, whole
        (models that share the folder share the log and its chain).`;

/** `mlgov log show|verify`: read or verify the hash-chained audit log. */
export const logCommand: CliCommand = {
  name: 'log',
  usage,
  options: {
    ...commonOptions,
    ...modelOptions,
    action: { type: 'string' },
    since: { type: 'string' },
    history: { type: 'boolean' },
  },
  allowPositionals: true,
  async run(args, io) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'show' && sub !== 'verify') throw new UsageError('say which: mlgov log show, or mlgov log verify');
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
    if (sub === 'show' && booleanOption(args, 'history')) throw new UsageError('--history applies to mlgov log verify');
    const format = formatOption(args, ['text', 'json'] as const, 'text');
    // verify keeps no event of a million streamed lines: its heap is held small (peak memory under 100 MB, see
    // heap-budget.ts). show holds the events it prints, and is left to V8's defaults.
    if (sub === 'verify') keepHeapSmall();
    // An EvidenceError (not a repository, unreadable log) carries its fix and exit code; runCli reports it.
    const model = modelOption(args);
    const ws = await openWorkspace(stringOption(args, 'repo') ?? io.cwd, model !== undefined ? { model } : {});
    const file = auditLogOf(ws.location);
    const filter = sub === 'show' ? showFilter(args) : undefined;
    // Streamed: a log of a million events is verified (and filtered for show) holding one line at a time; only
    // the events show prints are kept.
    const shown: AuditEvent[] = [];
    const named = ws.location.name;
    const verified = await verifyLog(ws, (event) => {
      if (!filter) return;
      // The model named (or, with several, required): the locator's rule for which events of a shared log are its.
      const ofModel = named !== undefined ? eventsOfModel([event], named) : [event];
      shown.push(...selectAuditEvents(ofModel, filter));
    });

    if (sub === 'verify') {
      // The history compares whole texts, version by version: only --history reads the log as text.
      const history = booleanOption(args, 'history')
        ? await judgeHistory(ws, file, await readAuditLogText(ws.root, ws.location.archiveDir))
        : undefined;
      const ok = verified.ok && history?.ok !== false;
      if (format === 'json') {
        io.stdout(
          JSON.stringify(
            {
              file,
              ok,
              events: verified.events,
              ...(verified.ok ? { headHash: verified.headHash } : { break: verified.break }),
              ...(history ? { history } : {}),
            },
            null,
            2,
          ) + '\n',
        );
        return ok ? 0 : 1;
      }
      if (verified.ok) {
        io.stdout(`${file}: ${verified.events} event(s), hash chain intact (head ${verified.headHash})\n`);
      } else {
        io.stderr(`${file}: ${verified.break.message}\n`);
      }
      if (history?.ok)
        io.stdout(`${file}: ${history.versions} version(s) in git history, each extends the one before\n`);
      else if (history) io.stderr(`${history.break.message}\n`);
      return ok ? 0 : 1;
    }

    io.stdout(format === 'json' ? JSON.stringify(shown, null, 2) + '\n' : renderAuditEventsText(shown));
    if (!verified.ok) {
      // Show what could be read, but never let a broken log look fine.
      io.stderr(
        `warning: ${file} does not verify: ${verified.break.message}; events from line ${verified.break.line} on are not shown\n`,
      );
      return 1;
    }
    return 0;
  },
};

/** The options of `log show`, checked before the log is read. */
function showFilter(args: CliArgs): AuditEventFilter {
  const action = stringOption(args, 'action');
  if (action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`--action ${action} is not an audit action; use one of: ${AUDIT_ACTIONS.join(', ')}`);
  }
  const since = stringOption(args, 'since');
  if (since !== undefined && Number.isNaN(Date.parse(since)))
    throw new UsageError(`--since ${since} is not a date (YYYY-MM-DD or ISO 8601)`);
  return {
    ...(action !== undefined ? { action: action as AuditAction } : {}),
    ...(since !== undefined ? { since } : {}),
  };
}

/** The log's chain verified as it streams from disk; a log that does not exist yet is empty and intact. */
async function verifyLog(ws: Workspace, onEvent: (event: AuditEvent) => void): Promise<StreamedChainVerification> {
  const stream = await openAuditLogStream(ws.root, ws.location.archiveDir);
  if (!stream) return { ok: true, events: 0, headHash: GENESIS_HASH };
  return verifyAuditLogStream(stream, { onEvent });
}

/**
 * The log's history on the current branch (HEAD's first-parent line), with the working tree's log as the last
 * version: an uncommitted rewrite is caught as well as a committed one.
 */
async function judgeHistory(ws: Workspace, file: string, text: string): Promise<LogHistoryVerdict> {
  const head = await ws.git.resolveCommit('HEAD');
  if (!head) {
    throw new EvidenceError('the repository has no commit yet: there is no history to verify', 'commit first');
  }
  const versions = await readLogHistory(ws.git, head, file);
  versions.push({ commit: 'working tree', committedAt: '', subject: '', ...(text !== '' ? { text } : {}) });
  return verifyLogHistory(file, versions);
}
