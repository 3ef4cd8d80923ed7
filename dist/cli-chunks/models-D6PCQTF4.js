import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  modelsToJudge
} from "./chunk-BJSEM5MN.js";
import {
  emitOutput
} from "./chunk-PLTTQENU.js";
import {
  booleanOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import "./chunk-6CGME2LR.js";
import "./chunk-ONUCEF6J.js";
import "./chunk-5HDPDACY.js";
import "./chunk-TWLDCKBQ.js";
import "./chunk-7CPNODGQ.js";
import "./chunk-CW36UQVZ.js";
import "./chunk-HV6P22BU.js";
import "./chunk-7YMLEWR4.js";
import "./chunk-Q6TCAIFB.js";
import "./chunk-HATRADPJ.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-3GTBA4PB.js";
import "./chunk-WRTI2VV7.js";
import "./chunk-Z2455ISO.js";
import "./chunk-NWOYYDP3.js";
import "./chunk-YSVHWFM3.js";
import "./chunk-336J7YO3.js";
import "./chunk-2DGF7VUV.js";
import "./chunk-D7Q3LZ5Y.js";
import "./chunk-HZZU23IO.js";
import "./chunk-E3MHIWUA.js";
import "./chunk-XT4WT7IS.js";
import {
  archiveFolder
} from "./chunk-KIYJOZ3G.js";
import "./chunk-4LCUO2WG.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";

// src/cli/commands/models.ts
import { resolve } from "node:path";
var modelsCommand = {
  name: "models",
  usage: [
    "mlgov models [--repo DIR] [--policy FILE] [--changed] [--base REF] [--json] [--output FILE]",
    "",
    "  lists the governed models: name, manifest, bias report and archive folder. The list is the base",
    "  revision's policy's models: list, then the models only this branch's policy adds (judged, never skipped).",
    "",
    "  --changed       only the models the change touches (against --base), exactly as `mlgov check` chooses them:",
    "                  a change to the policy or to a shared audit log, or no base to compare with, touches every model",
    "  --base REF      the production revision to compare with (default: the tip of the default branch)",
    "  --policy FILE   repository-relative policy path (default .github/governance-policy.yml)",
    '  --json          print a JSON list of the names, e.g. ["fraud-detection","churn"] (a workflow matrix)',
    "  --output FILE   write the list to FILE instead of standard output"
  ].join("\n"),
  options: {
    repo: { type: "string" },
    output: { type: "string" },
    help: { type: "boolean", short: "h" },
    base: { type: "string" },
    policy: { type: "string" },
    changed: { type: "boolean" },
    json: { type: "boolean" }
  },
  async run(args, io) {
    const baseRef = stringOption(args, "base");
    const policyPath = stringOption(args, "policy");
    const changed = booleanOption(args, "changed");
    const models = await modelsToJudge({
      repoRoot: resolve(io.cwd, stringOption(args, "repo") ?? "."),
      ...baseRef !== void 0 ? { baseRef } : {},
      ...policyPath !== void 0 ? { policyPath } : {},
      all: !changed
    });
    const listed = models.chosen;
    if (booleanOption(args, "json")) {
      if (changed) io.stderr(`mlgov: models chosen: ${models.selection}
`);
      await emitOutput(args, io, JSON.stringify(listed.map((m) => nameOf(m, models))) + "\n");
      return 0;
    }
    await emitOutput(args, io, listText(models, changed));
    return 0;
  }
};
function nameOf(model, models) {
  return model.name ?? models.manifestName ?? model.manifest;
}
function listText(models, changed) {
  const total = models.governed.length;
  const governed = `${total} governed model${total === 1 ? "" : "s"}`;
  const lines = [];
  if (!changed) lines.push(`${governed}:`);
  else if (models.chosen.length === 0) lines.push(`no governed model touched by this change (${governed})`);
  else lines.push(`${models.chosen.length} of ${governed} to judge (${models.selection}):`);
  const rows = models.chosen.map((m) => {
    const name = nameOf(m, models);
    const added = models.addedByChange.includes(name) ? " (only in this branch's policy: a model being added)" : "";
    return [name, m.manifest, m.biasReport, `${archiveFolder(m.archiveDir, name, "")}${added}`];
  });
  lines.push(...table([["NAME", "MANIFEST", "BIAS REPORT", "ARCHIVE FOLDER"], ...rows]));
  if (changed && models.untouched.length > 0) lines.push(`not touched by this change: ${models.untouched.join(", ")}`);
  return lines.join("\n") + "\n";
}
function table(rows) {
  if (rows.length === 1) return [];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map(
    (r) => r.map((cell, i) => i === r.length - 1 ? cell : cell.padEnd(widths[i])).join("  ").trimEnd()
  );
}
export {
  modelsCommand
};
