import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  editJsonText
} from "./chunk-6JCVZBDH.js";
import {
  biasReportBindingOf,
  boundReportFileOf
} from "./chunk-AG6EXT7R.js";
import {
  startHashProgress
} from "./chunk-2GGSK7ZP.js";
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
import {
  isCiEnvironment,
  observeFiles,
  verificationSummary
} from "./chunk-5HDPDACY.js";
import "./chunk-HV6P22BU.js";
import "./chunk-7YMLEWR4.js";
import {
  observeS3Objects
} from "./chunk-Q6TCAIFB.js";
import "./chunk-NWOYYDP3.js";
import "./chunk-336J7YO3.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import "./chunk-E3MHIWUA.js";
import {
  formatS3Url,
  isS3Url
} from "./chunk-XT4WT7IS.js";
import {
  DEFAULT_POLICY_PATH,
  isObject,
  loadWorkingPolicy,
  parseJsonDocument,
  pointer,
  selectModel
} from "./chunk-KIYJOZ3G.js";
import {
  lexicalPathProblem,
  manifestDigest,
  readRepositoryBytes,
  writeRepositoryFile
} from "./chunk-4LCUO2WG.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";

// src/cli/commands/checksums.ts
import { resolve as resolve2 } from "node:path";

// src/evidence/checksums-plan.ts
function matches(observed, declared, contentSha256) {
  const sha = declared.sha256?.toLowerCase();
  const shaOk = sha !== void 0 && (sha === observed.sha256 || sha === contentSha256);
  return shaOk && (declared.size === void 0 || declared.size === observed.size);
}
function fileStatusOf(observed, declared, contentSha256) {
  switch (observed.kind) {
    case "file":
      return matches(observed, declared, contentSha256) ? "ok" : "mismatch";
    case "object":
      return matches(observed, declared) ? "ok" : "mismatch";
    case "object-failure":
      return observed.failure.verdict === "fail" ? "missing" : "unavailable";
    case "unreadable":
      return observed.reason.startsWith("not hashed:") ? "not-hashed" : "unreadable";
    default:
      return observed.kind;
  }
}
function declaredFiles(manifest) {
  const entries = [];
  const artifacts = Array.isArray(manifest["artifacts"]) ? manifest["artifacts"] : [];
  artifacts.forEach((a, i) => {
    if (!isObject(a) || typeof a["path"] !== "string") {
      throw new EvidenceError(
        `artifacts[${i}] in the manifest has no "path"`,
        'Give every artifact a repository-relative "path".'
      );
    }
    entries.push({
      role: "artifact",
      path: a["path"],
      sha256Pointer: pointer("artifacts", i, "sha256"),
      sizePointer: pointer("artifacts", i, "size"),
      declared: {
        ...typeof a["sha256"] === "string" ? { sha256: a["sha256"] } : {},
        ...typeof a["size"] === "number" ? { size: a["size"] } : {}
      }
    });
  });
  const report = manifest["biasReport"];
  if (isObject(report) && typeof report["path"] === "string") {
    entries.push({
      role: "bias-report",
      path: report["path"],
      sha256Pointer: "/biasReport/sha256",
      declared: typeof report["sha256"] === "string" ? { sha256: report["sha256"] } : {}
    });
  }
  return entries;
}
function checksumRows(declared, observed, reportContent) {
  return declared.map((e) => {
    const o = observed[e.path] ?? { kind: "unreadable", path: e.path, reason: "not examined" };
    const content = e.role === "bias-report" && o.kind === "file" && reportContent?.sha256 === o.sha256 ? reportContent.contentSha256 : void 0;
    return {
      ...e,
      observed: o,
      status: fileStatusOf(o, e.declared, content),
      ...content !== void 0 ? { contentSha256: content } : {}
    };
  });
}
function describeObserved(observed) {
  switch (observed.kind) {
    case "file":
      return "a file";
    case "object":
      return "an object";
    case "object-failure":
      return `not verified: ${observed.failure.message} (${observed.failure.fix})`;
    case "missing":
      return "missing";
    case "outside-repository":
      return `outside the repository (${observed.reason})`;
    case "not-a-file":
      return `a ${observed.what}, not a file`;
    case "unreadable":
      return `unreadable (${observed.reason})`;
  }
}
function buildChecksumsWritePlan(doc, text, rows) {
  const refused = rows.filter((r) => r.observed.kind !== "file" && r.observed.kind !== "object");
  if (refused.length > 0) {
    throw new EvidenceError(
      `not writing checksums: ${refused.map((r) => `${r.path} is ${describeObserved(r.observed)}`).join("; ")}; nothing was written`,
      "Fix the paths in the manifest (repository-relative, inside the repository) and make sure every file exists, then run `mlgov checksums --write` again."
    );
  }
  const before = doc.value;
  const updated = structuredClone(before);
  const changes = [];
  for (const row of rows) {
    if (row.observed.kind === "object") {
      changes.push(...objectChanges(row, row.observed, updated.artifacts));
      continue;
    }
    if (row.observed.kind !== "file") continue;
    const target = row.role === "artifact" ? updated.artifacts?.[Number(row.sha256Pointer.split("/")[2])] : updated.biasReport;
    if (row.role === "artifact" && target["size"] !== row.observed.size) {
      changes.push({ pointer: row.sizePointer, from: target["size"], to: row.observed.size });
      target["size"] = row.observed.size;
    }
    if (row.role === "bias-report") {
      const to = row.contentSha256 ?? row.observed.sha256;
      if (row.status !== "ok" && target["sha256"] !== to) {
        changes.push({ pointer: row.sha256Pointer, from: target["sha256"], to });
        target["sha256"] = to;
      }
    } else if (target["sha256"] !== row.observed.sha256) {
      changes.push({ pointer: row.sha256Pointer, from: target["sha256"], to: row.observed.sha256 });
      target["sha256"] = row.observed.sha256;
    }
  }
  const digestBefore = manifestDigest(before);
  const digestAfter = manifestDigest(updated);
  const approvals = Array.isArray(before["approvals"]) ? before["approvals"] : [];
  return {
    changes,
    text: changes.length === 0 ? text : editJsonText(doc, text, changes, updated),
    digestBefore,
    digestAfter,
    voidedApprovals: digestBefore === digestAfter ? [] : approvals
  };
}
function objectChanges(row, o, artifacts) {
  const index = Number(row.sha256Pointer.split("/")[2]);
  const target = artifacts?.[index];
  const changes = [];
  const set = (member, to) => {
    if (target[member] === to) return;
    changes.push({ pointer: pointer("artifacts", index, member), from: target[member], to });
    target[member] = to;
  };
  if (o.versionId !== void 0 && !row.path.includes("?")) {
    set("path", formatS3Url({ bucket: o.bucket, key: o.key, versionId: o.versionId }));
  }
  set("size", o.size);
  set("sha256", o.sha256);
  return changes;
}

// src/evidence/checksums-run.ts
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
async function locateManifest(repoRoot, policyPath, model) {
  const location = selectModel(await loadWorkingPolicy(repoRoot, policyPath), model);
  const problem = lexicalPathProblem(location.manifest);
  if (problem) {
    throw new EvidenceError(
      `${location.name === void 0 ? "model.manifest" : `the manifest of ${location.name}`} "${location.manifest}" in ${policyPath} is not usable: ${problem}`,
      "point the model at a repository-relative manifest path inside the repository"
    );
  }
  return location;
}
async function readManifest(repoRoot, manifestPath) {
  let bytes;
  try {
    bytes = await readFile(join(repoRoot, manifestPath));
  } catch {
    throw new EvidenceError(
      `the manifest ${manifestPath} could not be read in ${repoRoot}`,
      "Run from the repository root or pass --repo DIR; the manifest path comes from the model in the policy."
    );
  }
  const doc = parseJsonDocument(manifestPath, bytes);
  if (typeof doc.value !== "object" || doc.value === null || Array.isArray(doc.value)) {
    const where = doc.problems.map((p) => `${p.line ?? "?"}:${p.column ?? "?"} ${p.message}`).join("; ");
    throw new EvidenceError(
      `the manifest ${manifestPath} is not valid JSON${where ? `: ${where}` : ""}`,
      "Fix the manifest (mlgov check reports every problem with its line)."
    );
  }
  return { doc, text: bytes.toString("utf8") };
}
async function reportContentOf(repoRoot, path) {
  const bytes = await readRepositoryBytes(repoRoot, path);
  if (!bytes) return void 0;
  const file = boundReportFileOf(path, bytes);
  return file.report !== void 0 ? { sha256: file.sha256, contentSha256: biasReportBindingOf(file) } : void 0;
}
async function readChecksums(options) {
  const repoRoot = resolve(options.repoRoot);
  const location = await locateManifest(repoRoot, options.policyPath ?? DEFAULT_POLICY_PATH, options.model);
  const manifestPath = location.manifest;
  const { doc, text } = await readManifest(repoRoot, manifestPath);
  const declared = declaredFiles(doc.value);
  const expected = {};
  for (const e of declared) expected[e.path] ??= e.declared;
  const objectPaths = declared.filter((e) => e.role === "artifact" && isS3Url(e.path)).map((e) => e.path);
  const files = await observeFiles(
    repoRoot,
    declared.map((e) => e.path).filter((p) => !objectPaths.includes(p)),
    {
      expected,
      failFast: options.failFast ?? false,
      rehash: options.rehash ?? false,
      hashCache: options.hashCache ?? false,
      ...options.onProgress ? { onProgress: options.onProgress } : {}
    }
  );
  const observed = {
    ...files,
    // The author's own tool: the working tree's policy configures the store (the gate judges with the base's).
    ...await observeS3Objects(objectPaths, location.policy.s3, {
      ...options.env ? { env: options.env } : {},
      ...options.s3Client ? { client: options.s3Client } : {}
    })
  };
  const report = declared.find((e) => e.role === "bias-report");
  const rows = checksumRows(declared, observed, report && await reportContentOf(repoRoot, report.path));
  return { repoRoot, location, manifestPath, doc, text, rows, differs: rows.some((r) => r.status !== "ok") };
}
async function writeChecksums(reading, dryRun) {
  const plan = buildChecksumsWritePlan(reading.doc, reading.text, reading.rows);
  const written = plan.changes.length > 0 && !dryRun;
  if (written) await writeRepositoryFile(reading.repoRoot, reading.manifestPath, plan.text);
  return { plan, written };
}

// src/cli/commands/checksums.ts
function renderTable(rows) {
  const header = ["path", "size", "sha256", "status"];
  const lines = rows.map((r) => {
    const o = r.observed;
    const size = o.kind === "file" ? String(o.size) + (o.lfs ? " (lfs)" : "") : o.kind === "object" ? String(o.size) : "-";
    return [
      r.role === "bias-report" ? `${r.path} (bias report)` : r.path,
      size,
      o.kind === "file" || o.kind === "object" ? o.sha256 : "-",
      r.status
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i])).join("  ").trimEnd();
  return [fmt(header), ...lines.map(fmt)].join("\n") + "\n";
}
function problemLines(rows) {
  return rows.flatMap((r) => {
    switch (r.status) {
      case "ok":
        return [];
      case "mismatch": {
        const o = r.observed;
        const parts = [];
        if (r.declared.size !== void 0 && r.declared.size !== o.size)
          parts.push(`size ${r.declared.size} declared, ${o.size} found`);
        if (r.declared.sha256?.toLowerCase() !== o.sha256)
          parts.push(`sha256 ${r.declared.sha256 ?? "(none)"} declared, ${o.sha256} found`);
        return [`${r.path}: ${parts.join("; ")}`];
      }
      default:
        return [`${r.path}: ${describeObserved(r.observed)}`];
    }
  });
}
function approvalLine(a) {
  return `  - ${a.approver} (${a.role}, ${a.decision} ${a.at})`;
}
var checksumsCommand = {
  name: "checksums",
  usage: [
    "mlgov checksums [--repo DIR] [--model NAME] [--write] [--dry-run] [--fail-fast] [--rehash] [--format text|json]",
    "                [--policy FILE]",
    "",
    "  --write       set size and sha256 of every artifact, and biasReport.sha256, in the manifest (atomically);",
    "                this changes the manifest digest, so existing approvals must be renewed",
    "  --dry-run     with --write: show the changes without writing",
    "  --fail-fast   stop at the first file that differs (not with --write)",
    "  --rehash      hash every file: do not take Git LFS pointers from the index or digests from the local hash",
    "                cache (the cache is never used when CI is set)",
    "  --policy FILE repository-relative policy path (default .github/governance-policy.yml), for the model's manifest",
    MODEL_USAGE,
    "",
    "Only the model's manifest is read and written; another model's files are never touched.",
    "Artifacts written s3://bucket/key[?versionId=\u2026] are verified in the bucket (docs/s3.md); --write also pins",
    "the versionId of a versioned bucket. Credentials come from the AWS credential chain, the endpoint from the",
    "policy's s3 section or AWS_ENDPOINT_URL_S3.",
    "exit codes: 0 all match (or written), 1 a file differs, 2 could not compute (or --write refused)"
  ].join("\n"),
  options: {
    ...commonOptions,
    ...modelOptions,
    write: { type: "boolean" },
    "dry-run": { type: "boolean" },
    "fail-fast": { type: "boolean" },
    rehash: { type: "boolean" },
    policy: { type: "string" }
  },
  async run(args, io) {
    const format = formatOption(args, ["text", "json"], "text");
    const write = booleanOption(args, "write");
    const dryRun = booleanOption(args, "dry-run");
    const failFast = booleanOption(args, "fail-fast");
    if (write && failFast)
      throw new UsageError("--fail-fast cannot be combined with --write: every file must be hashed to write");
    if (dryRun && !write) throw new UsageError("--dry-run only applies to --write");
    if (stringOption(args, "output") !== void 0) throw new UsageError("--output is not supported by checksums");
    const reading = await readWithProgress(args, io, failFast);
    const unjudged = reading.rows.some((r) => r.status === "unavailable");
    if (!write) {
      reportComparison(io, format, reading);
      return unjudged ? 2 : reading.differs ? 1 : 0;
    }
    const { plan, written } = await writeChecksums(reading, dryRun);
    reportWrite(io, format, reading, plan, written, dryRun);
    return 0;
  }
};
async function readWithProgress(args, io, failFast) {
  const model = modelOption(args);
  const rehash = booleanOption(args, "rehash");
  const progress = startHashProgress(io);
  try {
    return await readChecksums({
      repoRoot: resolve2(io.cwd, stringOption(args, "repo") ?? "."),
      policyPath: stringOption(args, "policy") ?? DEFAULT_POLICY_PATH,
      ...model !== void 0 ? { model } : {},
      failFast,
      rehash,
      // Repeated local runs reuse digests of unchanged files; a CI run judges its fresh checkout on its own.
      hashCache: !rehash && !isCiEnvironment(io.env),
      onProgress: (p) => progress.update(p),
      env: io.env
    });
  } finally {
    progress.stop();
  }
}
function reportComparison(io, format, reading) {
  const { rows, manifestPath, differs } = reading;
  if (format === "json") {
    io.stdout(
      JSON.stringify(
        { manifest: manifestPath, match: !differs, files: rows.map(jsonRow), verification: verificationJson(rows) },
        null,
        2
      ) + "\n"
    );
    return;
  }
  io.stdout(renderTable(rows));
  const problems = problemLines(rows);
  const unversioned = rows.flatMap((r) => r.observed.kind === "object" && !r.observed.versionId ? [r.path] : []);
  for (const path of unversioned) {
    io.stdout(
      `warning: ${path} is in a bucket without versioning: the bytes under this key can be replaced or deleted after approval; turn on versioning and run \`${writeCommandOf(reading)}\` to pin the version.
`
    );
  }
  io.stdout(
    problems.length ? `
${problems.length} file(s) differ from ${manifestPath}:
${problems.map((p) => `  ${p}`).join("\n")}
If the changes are intended, run \`${writeCommandOf(reading)}\`.
` : `
all ${rows.length} file(s) match ${manifestPath}
`
  );
  const how = verificationSummary(rows.map((r) => ({ path: r.path, ...verificationOf(r.observed) })));
  if (how) io.stdout(`verified: ${how}
`);
}
function writeCommandOf(reading) {
  return `mlgov checksums --write${reading.location.name !== void 0 ? ` --model ${reading.location.name}` : ""}`;
}
function verificationOf(o) {
  if (o.kind === "object") {
    const notes = o.notes.filter((n) => !n.startsWith("the bucket is not versioned"));
    return {
      verifiedBy: o.verifiedBy,
      ...notes.length ? { verifiedNote: notes.join("; ") } : {},
      ...o.versionId !== void 0 ? { versionId: o.versionId } : {}
    };
  }
  if (o.kind !== "file") return {};
  return { verifiedBy: o.verifiedBy ?? "hashed", ...o.verifiedNote ? { verifiedNote: o.verifiedNote } : {} };
}
function verificationJson(rows) {
  const files = rows.flatMap(
    (r) => r.observed.kind === "file" || r.observed.kind === "object" ? [{ path: r.path, ...verificationOf(r.observed) }] : []
  );
  return { summary: verificationSummary(files), files };
}
function jsonRow(r) {
  return { role: r.role, path: r.path, status: r.status, declared: r.declared, observed: jsonObserved(r.observed) };
}
function jsonObserved(o) {
  switch (o.kind) {
    case "file":
      return { size: o.size, sha256: o.sha256, ...o.lfs ? { lfs: o.lfs } : {} };
    case "object":
      return { size: o.size, sha256: o.sha256, ...verificationOf(o) };
    case "object-failure":
      return { kind: o.failure.kind, reason: o.failure.message, fix: o.failure.fix };
    default:
      return {
        kind: o.kind,
        ..."reason" in o ? { reason: o.reason } : {},
        ..."what" in o ? { what: o.what } : {}
      };
  }
}
function reportWrite(io, format, reading, plan, written, dryRun) {
  const { rows, manifestPath } = reading;
  if (format === "json") {
    io.stdout(
      JSON.stringify(
        {
          manifest: manifestPath,
          written,
          dryRun,
          changes: plan.changes,
          manifestDigest: { before: plan.digestBefore, after: plan.digestAfter },
          voidedApprovals: plan.voidedApprovals,
          files: rows.map(jsonRow)
        },
        null,
        2
      ) + "\n"
    );
    return;
  }
  io.stdout(renderTable(rows));
  if (plan.changes.length === 0) {
    io.stdout(`
${manifestPath} is already up to date; nothing written.
`);
    return;
  }
  const lines = plan.changes.map(
    (c) => `  ${c.pointer}: ${JSON.stringify(c.from) ?? "(absent)"} -> ${JSON.stringify(c.to)}`
  );
  io.stdout(`
${dryRun ? "would update" : "updated"} ${manifestPath}:
${lines.join("\n")}
`);
  io.stdout(`manifest digest: ${plan.digestBefore} -> ${plan.digestAfter}
`);
  if (plan.voidedApprovals.length > 0) {
    io.stdout(
      `
The manifest digest changed, so ${dryRun ? "these approvals would no longer count" : "these existing approvals no longer count"} and must be renewed (mlgov approve):
${plan.voidedApprovals.map(approvalLine).join("\n")}
`
    );
  }
}
export {
  checksumsCommand
};
