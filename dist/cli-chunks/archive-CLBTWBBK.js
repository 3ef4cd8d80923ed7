import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  applyPlan,
  planArchiveOf,
  readVerifiedEvents
} from "./chunk-EJHXIHKI.js";
import {
  assertPolicyPathsOfBase,
  assertReleaseOfModel,
  openWorkspace,
  resolveActor,
  resolveBaseRevision
} from "./chunk-SUAMELWY.js";
import {
  MODEL_USAGE,
  modelOption,
  modelOptions
} from "./chunk-PLTTQENU.js";
import {
  CliError,
  booleanOption,
  commonOptions,
  formatOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import "./chunk-YSVHWFM3.js";
import "./chunk-336J7YO3.js";
import "./chunk-2DGF7VUV.js";
import "./chunk-D7Q3LZ5Y.js";
import "./chunk-HZZU23IO.js";
import "./chunk-E3MHIWUA.js";
import "./chunk-XT4WT7IS.js";
import "./chunk-KIYJOZ3G.js";
import "./chunk-4LCUO2WG.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";

// src/cli/commands/archive.ts
var usage = `mlgov archive [--model NAME] [--base REF] [--dry-run] [--actor LOGIN] [--format text|json] [--repo DIR]

${MODEL_USAGE}

Copies the base revision's release (manifest and bias report, byte for byte) to artifacts/<model>/<version>/,
writes checksums.sha256 (verify with: sha256sum -c artifacts/<model>/<version>/checksums.sha256) and evidence.json,
and appends an "archive" event to artifacts/audit-log.jsonl. Idempotent and write-once: existing evidence that
differs is never overwritten. A release that came from mlgov rollback --to VERSION (the primary folder already
holds VERSION) is archived beside it in artifacts/<model>/<VERSION>/rollback-<first 12 hex of its manifest digest>/,
provided its artifacts and bias report are those of the primary archive. Writes only under the base policy's
model.archiveDir, never through a symlink (a linked archive folder or file is refused before anything is written).
With several models, only the named model's release is archived, in its own folder.

An s3:// artifact is looked up with HeadObject (credentials and endpoint as for mlgov check; docs/s3.md) and
evidence.json records its bucket, key, versionId, size and sha256. One in a versioned bucket must be pinned with
?versionId= (run mlgov checksums --write); one in an unversioned bucket is archived with a warning. Its line in
checksums.sha256 is its s3:// location, which sha256sum cannot open: use sha256sum -c --ignore-missing.`;
function describeArchivePlan(plan, dryRun) {
  switch (plan.kind) {
    case "unchanged":
      return `${plan.model} ${plan.version}${plan.restores ? " (rollback release)" : ""} is already archived in ${plan.dir}/: nothing to do
`;
    case "write": {
      const verb = dryRun ? "would write" : "wrote";
      return (plan.restores ? `a rollback release restoring ${plan.restores}/: archived beside it in ${plan.dir}/
` : "") + plan.writes.map((w) => `${verb} ${w.path} (${w.bytes.length} bytes)
`).join("") + plan.events.map((e) => `${dryRun ? "would append" : "appended"} ${e.action} event for ${e.model} ${e.version}
`).join("");
    }
    case "conflict":
      return `refused: ${plan.message}
`;
    case "invalid":
      return `cannot archive: ${plan.message}
`;
  }
}
async function run(values, io) {
  const format = formatOption(values, ["text", "json"], "text");
  const dryRun = booleanOption(values, "dry-run");
  const model = modelOption(values);
  const ws = await openWorkspace(stringOption(values, "repo") ?? io.cwd, model !== void 0 ? { model } : {});
  const base = await resolveBaseRevision(ws.git, stringOption(values, "base"));
  await assertPolicyPathsOfBase(ws, base);
  const actor = await resolveActor(ws.root, stringOption(values, "actor"));
  const events = await readVerifiedEvents(ws.root, ws.policy.model.archiveDir);
  const now = /* @__PURE__ */ new Date();
  const plan = await planArchiveOf({
    root: ws.root,
    git: ws.git,
    policy: ws.policy,
    commit: base.commit,
    now,
    actor,
    events,
    // s3:// artifacts: HeadObject of each named version, with the credentials of the environment (docs/s3.md).
    s3: { env: io.env }
  });
  if (!plan) {
    const msg = `the base revision ${base.ref} (${base.commit.slice(0, 12)}) has no ${ws.policy.model.manifest}: no release to archive`;
    io.stdout(format === "json" ? JSON.stringify({ kind: "none", message: msg }, null, 2) + "\n" : msg + "\n");
    return 0;
  }
  if (plan.kind === "invalid") throw new CliError(`cannot archive: ${plan.message}`, plan.fix, 2);
  assertReleaseOfModel(ws.location, plan.model, `${ws.policy.model.manifest} at ${base.ref}`);
  if (plan.kind === "conflict") {
    throw new CliError(
      `refused: ${plan.message}`,
      "archived evidence is write-once: if the base release really changed, archive it under a new version",
      1
    );
  }
  let appended = [];
  if (plan.kind === "write" && !dryRun)
    appended = await applyPlan(ws.root, ws.policy.model.archiveDir, plan.writes, plan.events);
  if (format === "json") {
    io.stdout(
      JSON.stringify(
        {
          kind: plan.kind,
          dryRun,
          model: plan.model,
          version: plan.version,
          dir: plan.dir,
          ...plan.restores ? { restores: plan.restores } : {},
          base,
          writes: plan.kind === "write" ? plan.writes.map((w) => ({ path: w.path, size: w.bytes.length })) : [],
          warnings: plan.warnings ?? [],
          events: dryRun ? plan.kind === "write" ? plan.events : [] : appended
        },
        null,
        2
      ) + "\n"
    );
  } else {
    io.stdout(
      `${dryRun ? "plan for" : "archive of"} ${plan.model} ${plan.version} from ${base.ref} (${base.commit.slice(0, 12)}):
`
    );
    io.stdout(describeArchivePlan(plan, dryRun));
  }
  for (const w of plan.warnings ?? []) io.stderr(`warning: ${w}
`);
  return 0;
}
var archiveCommand = {
  name: "archive",
  usage,
  options: {
    ...commonOptions,
    ...modelOptions,
    base: { type: "string" },
    "dry-run": { type: "boolean" },
    actor: { type: "string" }
  },
  // EvidenceError carries its fix and exit code; runCli reports it.
  run
};
export {
  archiveCommand,
  describeArchivePlan
};
