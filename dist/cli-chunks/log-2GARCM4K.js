import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  readLogHistory,
  verifyLogHistory
} from "./chunk-H3GX7MTZ.js";
import "./chunk-ZMFRWES2.js";
import {
  openWorkspace
} from "./chunk-OSASBEEU.js";
import {
  readAuditLogText
} from "./chunk-RDTR2MTU.js";
import "./chunk-EFJPGLYE.js";
import {
  AUDIT_ACTIONS,
  verifyAuditLog
} from "./chunk-QMI4VN4I.js";
import {
  MODEL_USAGE,
  modelOption,
  modelOptions
} from "./chunk-HKAZJK2U.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import "./chunk-2WJZ65FE.js";
import {
  UsageError,
  booleanOption,
  commonOptions,
  formatOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import {
  auditLogOf,
  eventsOfModel
} from "./chunk-II6VWIRH.js";
import "./chunk-E5PVBAA3.js";
import "./chunk-MFYIKXRD.js";

// src/evidence/audit-log-view.ts
function selectAuditEvents(events, filter) {
  const since = filter.since !== void 0 ? Date.parse(filter.since) : void 0;
  return events.filter(
    (e) => (filter.model === void 0 || e.model === filter.model) && (filter.action === void 0 || e.action === filter.action) && (since === void 0 || Date.parse(e.at) >= since)
  );
}
function sayingOf(e) {
  const parts = [];
  if (e.action === "approve") {
    const d = e.details ?? {};
    const decision = typeof d["decision"] === "string" ? d["decision"] : "";
    const target = typeof d["target"] === "string" ? d["target"] : "";
    const role = typeof d["role"] === "string" ? ` as ${d["role"]}` : "";
    const note = typeof d["note"] === "string" && d["note"] !== "" ? `: ${JSON.stringify(d["note"])}` : "";
    if (decision || target) parts.push(`${[decision, target].filter(Boolean).join(" ")}${role}${note}`);
  }
  if (e.reason) parts.push(JSON.stringify(e.reason));
  return parts.join("  ");
}
function renderAuditEventsText(events) {
  if (events.length === 0) return "no audit events\n";
  return events.map(
    (e) => [
      String(e.seq).padStart(4),
      e.at,
      e.action.padEnd(8),
      `${e.model}@${e.version}`,
      `by ${e.actor}`,
      e.ticket ?? "-",
      sayingOf(e)
    ].join("  ").trimEnd()
  ).join("\n") + "\n";
}

// src/cli/commands/log.ts
var usage = `mlgov log show [--model NAME] [--action ${AUDIT_ACTIONS.join("|")}] [--since DATE] [--format text|json] [--repo DIR]
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
var logCommand = {
  name: "log",
  usage,
  options: {
    ...commonOptions,
    ...modelOptions,
    action: { type: "string" },
    since: { type: "string" },
    history: { type: "boolean" }
  },
  allowPositionals: true,
  async run(args, io) {
    const [sub, ...extra] = args.positionals;
    if (sub !== "show" && sub !== "verify") throw new UsageError("say which: mlgov log show, or mlgov log verify");
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
    if (sub === "show" && booleanOption(args, "history")) throw new UsageError("--history applies to mlgov log verify");
    const format = formatOption(args, ["text", "json"], "text");
    const model = modelOption(args);
    const ws = await openWorkspace(stringOption(args, "repo") ?? io.cwd, model !== void 0 ? { model } : {});
    const text = await readAuditLogText(ws.root, ws.location.archiveDir);
    const file = auditLogOf(ws.location);
    const verified = verifyAuditLog(text);
    if (sub === "verify") {
      const history = booleanOption(args, "history") ? await judgeHistory(ws, file, text) : void 0;
      const ok = verified.ok && history?.ok !== false;
      if (format === "json") {
        io.stdout(
          JSON.stringify(
            {
              file,
              ok,
              events: verified.events.length,
              ...verified.ok ? { headHash: verified.headHash } : { break: verified.break },
              ...history ? { history } : {}
            },
            null,
            2
          ) + "\n"
        );
        return ok ? 0 : 1;
      }
      if (verified.ok) {
        io.stdout(`${file}: ${verified.events.length} event(s), hash chain intact (head ${verified.headHash})
`);
      } else {
        io.stderr(`${file}: ${verified.break.message}
`);
      }
      if (history?.ok)
        io.stdout(`${file}: ${history.versions} version(s) in git history, each extends the one before
`);
      else if (history) io.stderr(`${history.break.message}
`);
      return ok ? 0 : 1;
    }
    const action = stringOption(args, "action");
    if (action !== void 0 && !AUDIT_ACTIONS.includes(action)) {
      throw new UsageError(`--action ${action} is not an audit action; use one of: ${AUDIT_ACTIONS.join(", ")}`);
    }
    const since = stringOption(args, "since");
    if (since !== void 0 && Number.isNaN(Date.parse(since)))
      throw new UsageError(`--since ${since} is not a date (YYYY-MM-DD or ISO 8601)`);
    const named = ws.location.name;
    const ofModel = named !== void 0 ? eventsOfModel(verified.events, named) : verified.events;
    const events = selectAuditEvents(ofModel, {
      ...action !== void 0 ? { action } : {},
      ...since !== void 0 ? { since } : {}
    });
    io.stdout(format === "json" ? JSON.stringify(events, null, 2) + "\n" : renderAuditEventsText(events));
    if (!verified.ok) {
      io.stderr(
        `warning: ${file} does not verify: ${verified.break.message}; events from line ${verified.break.line} on are not shown
`
      );
      return 1;
    }
    return 0;
  }
};
async function judgeHistory(ws, file, text) {
  const head = await ws.git.resolveCommit("HEAD");
  if (!head) {
    throw new EvidenceError("the repository has no commit yet: there is no history to verify", "commit first");
  }
  const versions = await readLogHistory(ws.git, head, file);
  versions.push({ commit: "working tree", committedAt: "", subject: "", ...text !== "" ? { text } : {} });
  return verifyLogHistory(file, versions);
}
export {
  logCommand
};
