import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  readLogHistory,
  verifyLogHistory
} from "./chunk-6FPHBGRP.js";
import "./chunk-CUO4Q3IN.js";
import {
  openWorkspace
} from "./chunk-SUAMELWY.js";
import {
  MODEL_USAGE,
  modelOption,
  modelOptions
} from "./chunk-PLTTQENU.js";
import {
  UsageError,
  booleanOption,
  commonOptions,
  formatOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import "./chunk-YSVHWFM3.js";
import {
  openAuditLogStream,
  readAuditLogText
} from "./chunk-2DGF7VUV.js";
import {
  AUDIT_ACTIONS,
  ChainVerifier,
  GENESIS_HASH,
  MAX_AUDIT_LINE_BYTES
} from "./chunk-D7Q3LZ5Y.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import "./chunk-E3MHIWUA.js";
import "./chunk-XT4WT7IS.js";
import {
  auditLogOf,
  eventsOfModel
} from "./chunk-KIYJOZ3G.js";
import "./chunk-4LCUO2WG.js";
import "./chunk-ISCPHUTF.js";

// src/evidence/audit-log-stream.ts
import { createReadStream } from "node:fs";
var NEWLINE = 10;
async function verifyAuditLogStream(source, options = {}) {
  const chunks = typeof source === "string" ? createReadStream(source, { highWaterMark: 64 * 1024 }) : source;
  const verifier = new ChainVerifier();
  const take = (raw, terminated, overlong = false) => {
    const event = verifier.line(raw, terminated, overlong);
    if (event) options.onEvent?.(event);
    return !verifier.done;
  };
  let pending = [];
  let pendingBytes = 0;
  let skippingOverlong = false;
  try {
    for await (const piece of chunks) {
      const chunk = typeof piece === "string" ? Buffer.from(piece, "utf8") : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      let start = 0;
      while (start < chunk.length && !verifier.done) {
        if (pendingBytes === 0 && !skippingOverlong) {
          start = takeWholeLines(chunk, start, take);
          if (start >= chunk.length || verifier.done) break;
        }
        const end = chunk.indexOf(NEWLINE, start);
        const stop = end === -1 ? chunk.length : end;
        if (skippingOverlong) {
          if (end !== -1) skippingOverlong = false;
        } else if (pendingBytes + (stop - start) > MAX_AUDIT_LINE_BYTES) {
          take("", end !== -1, true);
          pending = [];
          pendingBytes = 0;
          skippingOverlong = end === -1;
        } else if (end === -1) {
          pending.push(Buffer.from(chunk.subarray(start)));
          pendingBytes += chunk.length - start;
        } else {
          take(lineText(pending, chunk.subarray(start, end)), true);
          pending = [];
          pendingBytes = 0;
        }
        start = stop + 1;
      }
      if (verifier.done) break;
    }
    if (!verifier.done && pendingBytes > 0) take(lineText(pending, Buffer.alloc(0)), false);
  } finally {
    if (typeof source === "string") chunks.destroy();
  }
  const verdict = verifier.result();
  return verdict.ok ? { ok: true, events: verdict.events, headHash: verdict.headHash } : { ok: false, events: verdict.events, break: verdict.break };
}
function takeWholeLines(chunk, start, take) {
  const last = chunk.lastIndexOf(NEWLINE);
  if (last < start || last - start > MAX_AUDIT_LINE_BYTES) return start;
  const text = chunk.toString("utf8", start, last);
  let from = 0;
  for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", from)) {
    if (!take(text.slice(from, end), true)) return last + 1;
    from = end + 1;
  }
  take(text.slice(from), true);
  return last + 1;
}
function lineText(pending, tail) {
  if (pending.length === 0) return tail.toString("utf8");
  return Buffer.concat([...pending, tail]).toString("utf8");
}

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

// src/cli/heap-budget.ts
import { setFlagsFromString } from "node:v8";
var HEAP_GROWING_PERCENT = 10;
function keepHeapSmall() {
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
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
    if (sub === "verify") keepHeapSmall();
    const model = modelOption(args);
    const ws = await openWorkspace(stringOption(args, "repo") ?? io.cwd, model !== void 0 ? { model } : {});
    const file = auditLogOf(ws.location);
    const filter = sub === "show" ? showFilter(args) : void 0;
    const shown = [];
    const named = ws.location.name;
    const verified = await verifyLog(ws, (event) => {
      if (!filter) return;
      const ofModel = named !== void 0 ? eventsOfModel([event], named) : [event];
      shown.push(...selectAuditEvents(ofModel, filter));
    });
    if (sub === "verify") {
      const history = booleanOption(args, "history") ? await judgeHistory(ws, file, await readAuditLogText(ws.root, ws.location.archiveDir)) : void 0;
      const ok = verified.ok && history?.ok !== false;
      if (format === "json") {
        io.stdout(
          JSON.stringify(
            {
              file,
              ok,
              events: verified.events,
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
        io.stdout(`${file}: ${verified.events} event(s), hash chain intact (head ${verified.headHash})
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
    io.stdout(format === "json" ? JSON.stringify(shown, null, 2) + "\n" : renderAuditEventsText(shown));
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
function showFilter(args) {
  const action = stringOption(args, "action");
  if (action !== void 0 && !AUDIT_ACTIONS.includes(action)) {
    throw new UsageError(`--action ${action} is not an audit action; use one of: ${AUDIT_ACTIONS.join(", ")}`);
  }
  const since = stringOption(args, "since");
  if (since !== void 0 && Number.isNaN(Date.parse(since)))
    throw new UsageError(`--since ${since} is not a date (YYYY-MM-DD or ISO 8601)`);
  return {
    ...action !== void 0 ? { action } : {},
    ...since !== void 0 ? { since } : {}
  };
}
async function verifyLog(ws, onEvent) {
  const stream = await openAuditLogStream(ws.root, ws.location.archiveDir);
  if (!stream) return { ok: true, events: 0, headHash: GENESIS_HASH };
  return verifyAuditLogStream(stream, { onEvent });
}
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
