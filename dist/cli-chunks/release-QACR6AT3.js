import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  readManifestFile,
  writeRepositoryFiles
} from "./chunk-MVWU6BFS.js";
import {
  readReleaseAt
} from "./chunk-EJHXIHKI.js";
import {
  POLICY_FILE,
  assertPolicyPathsOfBase,
  openWorkspace,
  policyFromBytes
} from "./chunk-SUAMELWY.js";
import {
  MODEL_USAGE,
  modelOption,
  modelOptions
} from "./chunk-PLTTQENU.js";
import {
  CliError,
  UsageError,
  booleanOption,
  commonOptions,
  formatOption,
  requireOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import {
  isStrictSemver,
  require_semver
} from "./chunk-TWLDCKBQ.js";
import "./chunk-7CPNODGQ.js";
import "./chunk-CW36UQVZ.js";
import "./chunk-HV6P22BU.js";
import "./chunk-7YMLEWR4.js";
import {
  InputFileError
} from "./chunk-WRTI2VV7.js";
import "./chunk-YSVHWFM3.js";
import "./chunk-336J7YO3.js";
import "./chunk-2DGF7VUV.js";
import {
  resolveBaseRevision
} from "./chunk-D7Q3LZ5Y.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import "./chunk-E3MHIWUA.js";
import "./chunk-XT4WT7IS.js";
import {
  archiveRoot,
  isObject,
  listsModels,
  parseJsonDocument,
  selectModel
} from "./chunk-KIYJOZ3G.js";
import {
  readRepositoryFile,
  sha256Hex
} from "./chunk-4LCUO2WG.js";
import "./chunk-RWUHQJ7E.js";
import {
  isJiraKey,
  projectOfKey
} from "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import {
  __toESM
} from "./chunk-ISCPHUTF.js";

// src/cli/commands/release.ts
import { resolve } from "node:path";

// src/metrics/release-plan.ts
var import_semver = __toESM(require_semver(), 1);
var MAX_REASON = 4e3;
var refuse = (message, fix) => ({ kind: "refused", message, fix });
function indentOf(text) {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : "  ";
}
var serialize = (value, like) => JSON.stringify(value, null, indentOf(like)) + "\n";
function startProblem(input) {
  if (input.uncommitted.length > 0) {
    return refuse(
      `${input.uncommitted.join(" and ")} ${input.uncommitted.length > 1 ? "have" : "has"} uncommitted changes; a new release starts from the committed release`,
      `commit or discard them first (git commit, or git restore ${input.uncommitted.join(" ")}), then run mlgov release new again`
    );
  }
  const current = input.manifest.value["version"];
  if (input.base && current !== input.base.version) {
    return refuse(
      `a release is already in progress: ${input.manifest.path} is at version ${String(current)}, but the base ${input.base.ref} releases ${input.base.version}`,
      `continue that release (mlgov metrics import, mlgov bias compute, mlgov checksums --write, then the approvals), or start over from the base's manifest (git restore --source ${input.base.ref} ${input.manifest.path}) and commit`
    );
  }
  return void 0;
}
function nextVersion(input, from) {
  const where = input.base ? `the base ${input.base.ref}'s release` : `${input.manifest.path} (the base has no release)`;
  if (!isStrictSemver(from)) {
    return {
      refused: refuse(
        `${where} has version ${JSON.stringify(from)}, which is not a SemVer version to bump from`,
        "fix the version on the base branch (MAJOR.MINOR.PATCH, e.g. 2.4.0), or pass --base REF"
      )
    };
  }
  if (input.version === void 0) {
    return { version: import_semver.default.inc(from, input.bump ?? "patch") };
  }
  const wanted = input.version;
  if (!isStrictSemver(wanted)) {
    return {
      refused: refuse(`--version ${wanted} is not a SemVer version`, "write it as MAJOR.MINOR.PATCH, e.g. 2.5.0")
    };
  }
  if (import_semver.default.gt(wanted, from)) return { version: wanted };
  if (import_semver.default.eq(wanted, from)) {
    return {
      refused: refuse(
        `--version ${wanted} is the version of ${where}; a new release needs a greater one`,
        `pass a version above ${from}, or --bump major|minor|patch`
      )
    };
  }
  return {
    refused: refuse(
      `--version ${wanted} is lower than ${from}, the version of ${where}: going back to an earlier release is a rollback, not a new release`,
      `restore the archived release with mlgov rollback --to ${wanted} --reason TEXT${input.modelFlag ? ` --model ${input.modelFlag}` : ""}, or pass a version above ${from}`
    )
  };
}
function declarationProblem(input, from) {
  const reason = input.reason.trim();
  const min = input.policy.minReasonLength;
  if (reason.length < min) {
    return refuse(
      `--reason has ${reason.length} character(s); the policy asks for at least ${min}`,
      "say why this release is made (what changed and why it is better), in a sentence"
    );
  }
  if (reason.length > MAX_REASON) {
    return refuse(`--reason has ${reason.length} characters; at most ${MAX_REASON}`, "shorten the reason");
  }
  const project = input.policy.jiraProject;
  if (!isJiraKey(input.jira)) {
    return refuse(
      `--jira ${JSON.stringify(input.jira.slice(0, 40))} is not a Jira issue key`,
      `write it as PROJECT-NUMBER in capitals, e.g. ${project}-123`
    );
  }
  if (projectOfKey(input.jira) !== project) {
    return refuse(
      `--jira ${input.jira} is a ticket of project ${projectOfKey(input.jira)}; release sign-offs live in project ${project}`,
      `pass the ${project} ticket that will hold the board's sign-off`
    );
  }
  if (input.base?.jira !== void 0 && input.base.jira === input.jira) {
    return refuse(
      `${input.jira} signed off the release in force (${from} on ${input.base.ref}); a ticket signs off one release only`,
      `open a new ${project} ticket for this release and pass it with --jira`
    );
  }
  return void 0;
}
function planReleaseNew(input) {
  const stop = startProblem(input);
  if (stop) return stop;
  const from = input.base?.version ?? String(input.manifest.value["version"]);
  const next = nextVersion(input, from);
  if ("refused" in next) return next.refused;
  const declared = declarationProblem(input, from);
  if (declared) return declared;
  const to = next.version;
  if (input.archivedVersions.includes(to)) {
    return refuse(
      `${to} was released before: the base archives it; a version names one release only`,
      `pass a version that was never released (--version), or a larger --bump`
    );
  }
  return buildWrites(input, from, to);
}
function set(obj, key, value, file, ptr, out) {
  if (JSON.stringify(obj[key]) === JSON.stringify(value)) return;
  out.push({ file, pointer: ptr, from: obj[key], to: value });
  obj[key] = value;
}
function buildWrites(input, from, to) {
  const changes = [];
  const mPath = input.manifest.path;
  const manifest = structuredClone(input.manifest.value);
  const releaseType = input.base ? "promotion" : "initial";
  set(manifest, "version", to, mPath, "/version", changes);
  set(manifest, "release", { type: releaseType, reason: input.reason.trim() }, mPath, "/release", changes);
  set(manifest, "jira", input.jira, mPath, "/jira", changes);
  const provenance = isObject(manifest["provenance"]) ? manifest["provenance"] : {};
  manifest["provenance"] = provenance;
  const code = isObject(provenance["code"]) ? provenance["code"] : {};
  provenance["code"] = code;
  set(code, "commit", input.head, mPath, "/provenance/code/commit", changes);
  const writes = [];
  const notes = [];
  let reportApprovals = 0;
  if (input.biasReport) {
    const report = structuredClone(input.biasReport.value);
    const rPath = input.biasReport.path;
    const model = isObject(report["model"]) ? report["model"] : {};
    report["model"] = model;
    set(model, "version", to, rPath, "/model/version", changes);
    reportApprovals = Array.isArray(report["approvals"]) ? report["approvals"].length : 0;
    if ("approvals" in report)
      changes.push({ file: rPath, pointer: "/approvals", from: report["approvals"], to: void 0 });
    delete report["approvals"];
    const text = serialize(report, input.biasReport.text);
    writes.push({ path: rPath, text });
    const pointer = isObject(manifest["biasReport"]) ? manifest["biasReport"] : {};
    manifest["biasReport"] = pointer;
    set(pointer, "sha256", sha256Hex(Buffer.from(text, "utf8")), mPath, "/biasReport/sha256", changes);
    if (pointer["path"] !== rPath) {
      notes.push(
        `${mPath} names the bias report ${JSON.stringify(pointer["path"])}, but the policy's is ${rPath}: set biasReport.path to ${rPath}`
      );
    }
    notes.push(
      `${rPath} keeps its figures and generatedAt: they describe the old model until mlgov bias compute replaces them`
    );
  } else {
    notes.push("there is no bias report yet: mlgov bias compute writes it, and mlgov checksums --write binds it");
  }
  const manifestApprovals = Array.isArray(manifest["approvals"]) ? manifest["approvals"].length : 0;
  if ("approvals" in manifest)
    changes.push({ file: mPath, pointer: "/approvals", from: manifest["approvals"], to: void 0 });
  delete manifest["approvals"];
  writes.unshift({ path: mPath, text: serialize(manifest, input.manifest.text) });
  notes.push(
    "provenance.training and evaluation are left as they are: they describe the old model until mlgov metrics import fills the evaluation and your training pipeline the training run"
  );
  return {
    kind: "planned",
    model: String(input.manifest.value["name"]),
    from,
    to,
    releaseType,
    writes,
    changes,
    approvalsCleared: { manifest: manifestApprovals, biasReport: reportApprovals },
    notes,
    next: nextSteps(input)
  };
}
function nextSteps(input) {
  const m = input.modelFlag ? ` --model ${input.modelFlag}` : "";
  const steps = [
    {
      command: `mlgov metrics import model_metrics/backtest_results.json${m}`,
      why: "the new model's evaluation (repeat for each training output)"
    },
    {
      command: `mlgov bias compute --predictions FILE --label COL --prediction COL --attribute COL${m}`,
      why: "the bias report of the new model"
    },
    {
      command: `mlgov checksums --write${m}`,
      why: "artifact and bias report digests; it voids approvals, so before them"
    }
  ];
  if (input.base) {
    steps.push({
      command: `mlgov archive${m}`,
      why: `archive the release in force (${input.base.version}) under artifacts/ as write-once evidence`
    });
  }
  steps.push({
    command: `mlgov approve --target bias-report --approver LOGIN --role ${input.policy.reviewerRole}${m}`,
    why: "the fairness review of the new report"
  });
  for (const role of input.policy.requiredRoles) {
    steps.push({ command: `mlgov approve --approver LOGIN --role ${role}${m}`, why: "the board's approval, last" });
  }
  return steps;
}

// src/metrics/release-new.ts
async function readBase(ws, ref) {
  const base = await resolveBaseRevision(ws.git, ref);
  if (base.kind === "unavailable") throw new EvidenceError(base.reason, base.fix);
  if (base.kind === "none") return { judging: ws.policy, archivedVersions: [] };
  await assertPolicyPathsOfBase(ws, base);
  const spec = `${base.commit}:${POLICY_FILE}`;
  const judging = selectModel(policyFromBytes((await ws.git.readBlobs([spec])).get(spec)), ws.location.name).policy;
  const release = await readReleaseAt(ws.git, base.commit, ws.policy);
  if (!release) return { judging, archivedVersions: [] };
  let prior;
  try {
    prior = JSON.parse(Buffer.from(release.manifestBytes).toString("utf8"));
  } catch {
    prior = void 0;
  }
  if (!isObject(prior) || typeof prior["version"] !== "string" || typeof prior["name"] !== "string") {
    throw new EvidenceError(
      `the release in force (${release.manifestPath} at ${base.ref}) has no readable name and version to bump from`,
      `repair the manifest on ${base.ref}, or pass another --base REF`
    );
  }
  const dir = `${archiveRoot(ws.policy.model.archiveDir)}/${prior["name"]}/`;
  const archived = Object.keys(await ws.git.listFilesAt(base.commit, dir)).filter((p) => p.startsWith(dir) && p.endsWith("/manifest.json")).map((p) => p.slice(dir.length).split("/")[0]);
  return {
    base: {
      ref: base.ref,
      version: prior["version"],
      ...typeof prior["jira"] === "string" ? { jira: prior["jira"] } : {}
    },
    judging,
    archivedVersions: [...new Set(archived)]
  };
}
async function readBiasReport(root, path) {
  const read = await readRepositoryFile(root, path);
  if (read.kind === "missing") return void 0;
  if (read.kind !== "file") {
    throw new InputFileError("BIAS_REPORT_UNUSABLE", `the bias report ${path} could not be read: ${read.reason}`);
  }
  const doc = parseJsonDocument(path, read.bytes);
  if (!isObject(doc.value)) {
    throw new InputFileError(
      "BIAS_REPORT_UNUSABLE",
      `the bias report ${path} is not a JSON object`,
      "Fix the report (mlgov check reports every problem with its line), or write it again with mlgov bias compute."
    );
  }
  return { path, text: read.bytes.toString("utf8"), value: doc.value };
}
async function uncommitted(git, files) {
  const specs = files.map((f) => `HEAD:${f.path}`);
  const blobs = await git.readBlobs(specs);
  return files.filter((f, i) => {
    const committed = blobs.get(specs[i]);
    return f.text === void 0 ? committed !== void 0 : !committed?.equals(Buffer.from(f.text, "utf8"));
  }).map((f) => f.path);
}
async function runReleaseNew(options) {
  const ws = await openWorkspace(options.repoRoot, options.model !== void 0 ? { model: options.model } : {});
  const origin = {
    field: ws.location.name ? `${ws.location.name}'s manifest` : "model.manifest",
    policyPath: POLICY_FILE
  };
  const manifest = await readManifestFile(ws.root, ws.location.manifest, origin, options.model);
  const biasReport = await readBiasReport(ws.root, ws.location.biasReport);
  const head = await ws.git.resolveCommit("HEAD");
  if (!head) {
    throw new EvidenceError("HEAD is not a commit: the repository has no commit yet", "commit the model code first");
  }
  const facts = await readBase(ws, options.base);
  const judging = facts.judging;
  const plan = planReleaseNew({
    manifest: { path: manifest.path, text: manifest.text, value: manifest.value },
    biasReport,
    base: facts.base,
    archivedVersions: facts.archivedVersions,
    head,
    uncommitted: await uncommitted(ws.git, [manifest, biasReport ?? { path: ws.location.biasReport }]),
    bump: options.bump,
    version: options.version,
    reason: options.reason,
    jira: options.jira,
    policy: {
      minReasonLength: judging.promotion.minReasonLength,
      jiraProject: judging.jira.project,
      reviewerRole: judging.bias.reviewerRole,
      requiredRoles: judging.approvals.required.map((r) => r.role)
    },
    modelFlag: listsModels(ws.policy) ? ws.location.name : void 0
  });
  if (plan.kind === "refused" || options.dryRun) return { plan, written: false };
  await writeRepositoryFiles(ws.root, plan.writes);
  return { plan, written: true };
}

// src/cli/commands/release.ts
var BUMPS = ["major", "minor", "patch"];
var usage = `mlgov release new (--bump major|minor|patch | --version X.Y.Z) --reason TEXT --jira KEY [--model NAME]
                  [--base REF] [--dry-run] [--format text|json] [--repo DIR]

Writes the next release from the current one, for the training outputs to fill (docs/training-outputs.md):
  version                 the BASE release's version bumped (--bump), or --version, which must be greater
                          (a lower one is a rollback: mlgov rollback); with no release on the base, the working one's
  release.type, .reason   promotion when the base has a release, else initial; the reason (policy's minimum length)
  jira                    --jira, a key of the policy's Jira project, not the ticket of the release in force
  provenance.code.commit  HEAD
  approvals               removed from the manifest and the bias report: they bind the old digests
  bias report             model.version set to the new version (figures and generatedAt kept until bias compute),
                          and the manifest's biasReport.sha256 refreshed
provenance.training and evaluation are left as they are: mlgov metrics import and your pipeline fill them.

Refused, writing nothing: uncommitted changes to the manifest or the bias report, or a release already in progress
(the working manifest's version is not the base's).

  --base REF     the production revision (default: the default branch's tip); its policy judges the reason and key
${MODEL_USAGE}
  --dry-run      show the plan, write nothing

exit codes: 0 written (or planned with --dry-run), 2 refused or could not be done (nothing written)`;
function show(v) {
  if (v === void 0) return "(removed)";
  const text = JSON.stringify(v);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
function changeLine(c) {
  return c.pointer === "/approvals" ? `  ${c.file} ${c.pointer}: ${Array.isArray(c.from) ? c.from.length : 0} approval(s) removed` : `  ${c.file} ${c.pointer}: ${show(c.from)} -> ${show(c.to)}`;
}
function render(io, plan, dryRun) {
  io.stdout(
    `${dryRun ? "plan: release" : "released"} ${plan.model} ${plan.to} (${plan.releaseType}, from ${plan.from})
`
  );
  io.stdout(`${dryRun ? "would write" : "wrote"} ${plan.writes.map((w) => w.path).join(" and ")}:
`);
  io.stdout(plan.changes.map(changeLine).join("\n") + "\n");
  for (const note of plan.notes) io.stdout(`note: ${note}
`);
  io.stdout("\nnext, in this order (each step changes what the later ones are bound to; approvals last):\n");
  plan.next.forEach((s, i) => io.stdout(`  ${i + 1}. ${s.command}
     ${s.why}
`));
}
function versionChoice(args) {
  const bump = stringOption(args, "bump");
  const version = stringOption(args, "version");
  if (bump === void 0 === (version === void 0)) {
    throw new UsageError("say how to number the release: --bump major|minor|patch, or --version X.Y.Z (one of them)");
  }
  if (bump !== void 0 && !BUMPS.includes(bump)) {
    throw new UsageError(`--bump ${bump} is not a SemVer part; use one of: ${BUMPS.join(", ")}`);
  }
  return bump !== void 0 ? { bump } : { version };
}
async function run(args, io) {
  const [sub, ...extra] = args.positionals;
  if (sub !== "new") throw new UsageError("say what to do: mlgov release new --bump minor --reason TEXT --jira KEY");
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
  const format = formatOption(args, ["text", "json"], "text");
  const choice = versionChoice(args);
  const dryRun = booleanOption(args, "dry-run");
  const { plan, written } = await runReleaseNew({
    repoRoot: resolve(io.cwd, stringOption(args, "repo") ?? "."),
    model: modelOption(args),
    base: stringOption(args, "base"),
    ...choice,
    reason: requireOption(args, "reason"),
    jira: requireOption(args, "jira"),
    dryRun
  });
  if (plan.kind === "refused") throw new CliError(`release new refused: ${plan.message}`, plan.fix, 2);
  if (format === "json") {
    const { writes, ...rest } = plan;
    io.stdout(JSON.stringify({ written, ...rest, writes: writes.map((w) => w.path) }, null, 2) + "\n");
    return 0;
  }
  render(io, plan, dryRun);
  return 0;
}
var releaseCommand = {
  name: "release",
  usage,
  options: {
    ...commonOptions,
    ...modelOptions,
    bump: { type: "string" },
    version: { type: "string" },
    reason: { type: "string" },
    jira: { type: "string" },
    base: { type: "string" },
    "dry-run": { type: "boolean" }
  },
  allowPositionals: true,
  run
};
export {
  releaseCommand
};
