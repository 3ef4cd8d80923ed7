import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  mlgovCommand
} from "./chunk-HV6P22BU.js";
import {
  statusOf
} from "./chunk-7YMLEWR4.js";
import {
  at,
  error,
  indeterminate,
  notice,
  pointer,
  warning
} from "./chunk-II6VWIRH.js";
import {
  reportContentSha256
} from "./chunk-E5PVBAA3.js";

// src/checks/checksums.ts
import { posix } from "node:path";
var NOT_HASHED_PREFIX = "not hashed:";
function normalized(path) {
  return posix.normalize(path);
}
function unavailableFindings(doc, s, observed) {
  const where = at(doc, s.pathPtr);
  switch (observed.kind) {
    case "file":
      return [];
    case "missing":
      return [
        error("ARTIFACT_MISSING", `${s.label} "${s.path}" does not exist in the repository.`, {
          ...where,
          fix: "Commit the file (for large files, with Git LFS) or correct the path in the manifest."
        })
      ];
    case "outside-repository":
      return [
        error("PATH_OUTSIDE_REPOSITORY", `${s.label} path "${s.path}" leaves the repository: ${observed.reason}.`, {
          ...where,
          fix: 'Use a repository-relative path with forward slashes to a file inside the repository (no "..", no absolute path, no symlink leading out).'
        })
      ];
    case "not-a-file":
      return [
        error("ARTIFACT_NOT_A_FILE", `${s.label} "${s.path}" is a ${observed.what}, not a regular file.`, {
          ...where,
          fix: "List each file separately in the manifest; directories, pipes and devices cannot be checksummed."
        })
      ];
    case "unreadable":
      if (observed.reason.startsWith(NOT_HASHED_PREFIX)) {
        return [notice("ARTIFACT_NOT_HASHED", `${s.label} "${s.path}" was ${observed.reason}.`, where)];
      }
      return [
        error("ARTIFACT_UNREADABLE", `${s.label} "${s.path}" could not be read: ${observed.reason}.`, {
          ...where,
          fix: "Make the file readable by the CI user and make sure no symlink along its path loops."
        })
      ];
  }
}
function compare(ctx, doc, s, observed, rows) {
  if (!observed) {
    rows.push({ path: s.path, lfs: false, status: "unreadable" });
    return [
      indeterminate(
        "ARTIFACT_NOT_OBSERVED",
        `${s.label} "${s.path}" was not examined, so its checksum could not be verified.`,
        {
          ...at(doc, s.pathPtr),
          fix: "Run the gate again; if this persists, report it as an mlgov bug."
        }
      )
    ];
  }
  if (observed.kind !== "file") {
    const status = observed.kind === "unreadable" && observed.reason.startsWith(NOT_HASHED_PREFIX) ? "not-hashed" : observed.kind;
    rows.push({ path: s.path, lfs: false, status });
    return unavailableFindings(doc, s, observed);
  }
  const findings = [];
  const lfs = observed.lfs !== void 0;
  const what = lfs ? `the Git LFS pointer's` : `the file's`;
  if (s.size !== void 0 && s.sizePtr !== void 0 && observed.size !== s.size) {
    findings.push(
      error(
        "SIZE_MISMATCH",
        `${s.label} "${s.path}" is declared as ${s.size} bytes, but ${what} size is ${observed.size} bytes.`,
        {
          ...at(doc, s.sizePtr),
          fix: `If the change is intended, run \`${mlgovCommand(ctx, "checksums --write")}\` and commit the manifest; otherwise restore the file.`
        }
      )
    );
  }
  const declared = s.sha256.toLowerCase();
  if (declared !== observed.sha256 && declared !== s.contentSha256) {
    const content = s.contentSha256 ? ` and its content digest (without approvals) is ${s.contentSha256}` : "";
    findings.push(
      error(
        s.mismatchCode,
        `${s.label} "${s.path}" is declared with SHA-256 ${s.sha256}, but ${what} ${lfs ? "oid" : "digest"} is ${observed.sha256}${content}.`,
        {
          ...at(doc, s.sha256Ptr),
          fix: `If the change is intended, run \`${mlgovCommand(ctx, "checksums --write")}\` and commit the manifest (existing approvals then need renewing); otherwise restore the file.`
        }
      )
    );
  }
  rows.push({
    path: s.path,
    size: observed.size,
    sha256: observed.sha256,
    lfs,
    ...observed.verifiedBy ? { verifiedBy: observed.verifiedBy } : {},
    ...observed.verifiedNote ? { verifiedNote: observed.verifiedNote } : {},
    status: findings.length ? "mismatch" : "ok"
  });
  return findings;
}
function runChecksums(ctx) {
  const doc = ctx.manifest;
  const m = doc.value;
  const findings = [];
  const rows = [];
  const firstIndex = /* @__PURE__ */ new Map();
  m.artifacts.forEach((a, i) => {
    const key = normalized(a.path);
    const first = firstIndex.get(key);
    if (first !== void 0) {
      rows.push({ path: a.path, lfs: false, status: "duplicate" });
      findings.push(
        error(
          "DUPLICATE_ARTIFACT_PATH",
          `Artifact ${i} "${a.path}" names the same file as artifact ${first} ("${m.artifacts[first].path}").`,
          {
            ...at(doc, pointer("artifacts", i, "path")),
            fix: "List each file once."
          }
        )
      );
      return;
    }
    firstIndex.set(key, i);
    findings.push(
      ...compare(
        ctx,
        doc,
        {
          label: `Artifact ${i}`,
          path: a.path,
          sha256: a.sha256,
          size: a.size,
          pathPtr: pointer("artifacts", i, "path"),
          sha256Ptr: pointer("artifacts", i, "sha256"),
          sizePtr: pointer("artifacts", i, "size"),
          mismatchCode: "CHECKSUM_MISMATCH"
        },
        ctx.files.observed[a.path],
        rows
      )
    );
  });
  const reportRows = [];
  findings.push(...compareBiasReport(ctx, doc, m, reportRows));
  for (const path of ctx.files.unlisted) {
    findings.push(
      warning("UNLISTED_FILE", `"${path}" lies in a model folder but is not listed in the manifest's artifacts.`, {
        file: path,
        fix: `Add it to "artifacts" in ${doc.file} (then run \`${mlgovCommand(ctx, "checksums --write")}\`) or remove it from the repository.`
      })
    );
  }
  return {
    id: "checksums",
    status: statusOf(findings),
    summary: summaryOf([...rows, ...reportRows], m.artifacts.length, ctx.files.unlisted.length),
    findings,
    details: { artifacts: rows, biasReport: reportRows[0], unlisted: ctx.files.unlisted }
  };
}
function compareBiasReport(ctx, doc, m, rows) {
  const subject = {
    label: "The bias report",
    path: m.biasReport.path,
    sha256: m.biasReport.sha256,
    pathPtr: "/biasReport/path",
    sha256Ptr: "/biasReport/sha256",
    mismatchCode: "BIAS_REPORT_CHECKSUM_MISMATCH",
    ...reportContent(ctx, m.biasReport.path)
  };
  return compare(ctx, doc, subject, ctx.files.observed[m.biasReport.path], rows);
}
function reportContent(ctx, path) {
  const report = ctx.biasReport;
  const observed = ctx.files.observed[path];
  if (!report || observed?.kind !== "file" || normalized(report.file) !== normalized(path)) return {};
  if (report.sha256 !== observed.sha256 || report.problems.length > 0) return {};
  const value = report.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return { contentSha256: reportContentSha256(value) };
}
function summaryOf(all, artifacts, unlisted) {
  const bad = all.filter((r) => r.status !== "ok").length;
  const how = verificationSummary(all);
  const what = bad === 0 ? `${artifacts} artifact${artifacts === 1 ? "" : "s"} and the bias report match their declared size and SHA-256` + (unlisted ? `; ${unlisted} unlisted file(s)` : "") : `${bad} of ${artifacts + 1} file(s) do not match the manifest`;
  return what + (how ? ` (${how})` : "");
}
var VERIFICATION_LABELS = {
  hashed: "hashed",
  "lfs-index": "from the Git LFS pointer in the index",
  "lfs-pointer-file": "from a Git LFS pointer file",
  "hash-cache": "from the local hash cache"
};
function verificationSummary(rows) {
  const counts = /* @__PURE__ */ new Map();
  for (const r of rows) if (r.verifiedBy) counts.set(r.verifiedBy, (counts.get(r.verifiedBy) ?? 0) + 1);
  const parts = Object.keys(VERIFICATION_LABELS).filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${VERIFICATION_LABELS[k]}`);
  const byReason = /* @__PURE__ */ new Map();
  for (const r of rows) {
    if (r.verifiedNote && r.verifiedBy === "hashed")
      byReason.set(r.verifiedNote, [...byReason.get(r.verifiedNote) ?? [], r.path]);
  }
  const notes = [...byReason].map(
    ([reason, paths]) => `${paths.length === 1 ? paths[0] : `${paths.length} files`} hashed: ${reason}`
  );
  return [parts.join(", "), ...notes].filter(Boolean).join("; ");
}
var checksumsCheck = {
  id: "checksums",
  title: "Artifacts and the bias report match their declared size and SHA-256",
  needs: ["manifest"],
  run: (ctx) => runChecksums(ctx)
};

export {
  verificationSummary,
  checksumsCheck
};
