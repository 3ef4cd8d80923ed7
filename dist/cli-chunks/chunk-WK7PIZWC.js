import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  bucketAllowed
} from "./chunk-CKS5CWCC.js";
import {
  mlgovCommand
} from "./chunk-HV6P22BU.js";
import {
  statusOf
} from "./chunk-7YMLEWR4.js";
import {
  isS3Url,
  parseS3Url
} from "./chunk-XT4WT7IS.js";
import {
  at,
  error,
  indeterminate,
  notice,
  pointer,
  warning
} from "./chunk-IE4Q3DSN.js";
import {
  reportContentSha256
} from "./chunk-E5PVBAA3.js";

// src/release/object-facts.ts
function observedObjects(files) {
  return files.objects ?? {};
}

// src/checks/checksums.ts
import { posix } from "node:path";

// src/checks/checksums-s3.ts
var UNVERSIONED_NOTE = "the bucket is not versioned";
var GONE = /* @__PURE__ */ new Set(["no-such-bucket", "no-such-key", "no-such-version", "deleted"]);
function objectName(o) {
  return `s3://${o.bucket}/${o.key} (${o.versionId !== void 0 ? `version ${o.versionId}` : "unversioned"})`;
}
function failureFinding(label, path, f, where) {
  const message = `${label} "${path}" could not be verified: ${f.message}`;
  if (f.verdict === "indeterminate") {
    return indeterminate("ARTIFACT_S3_UNAVAILABLE", message, { ...where, fix: f.fix });
  }
  if (GONE.has(f.kind)) return error("ARTIFACT_S3_MISSING", message, { ...where, fix: f.fix });
  if (f.kind === "digest-mismatch") return error("CHECKSUM_S3_STORED_MISMATCH", message, { ...where, fix: f.fix });
  return error("ARTIFACT_S3_TRUNCATED", message, { ...where, fix: f.fix });
}
function versionFindings(ctx, label, a, o, pinned, where) {
  if (o.versionId === void 0) {
    return [
      warning(
        "CHECKSUM_S3_UNVERSIONED",
        `${label} "${a.path}" is in bucket ${o.bucket}, which keeps no object versions: the bytes under this key can be replaced or deleted after approval, and an approval cannot name the bytes it approved.`,
        {
          ...where,
          fix: `Turn on versioning for bucket ${o.bucket} (or S3 Object Lock), upload the object again, then run \`${mlgovCommand(ctx, "checksums --write")}\` to pin its versionId.`
        }
      )
    ];
  }
  if (pinned === void 0) {
    return [
      warning(
        "CHECKSUM_S3_NOT_PINNED",
        `${label} "${a.path}" names no version: version ${o.versionId} was verified, but a later upload under this key replaces what the manifest names.`,
        {
          ...where,
          fix: `Run \`${mlgovCommand(ctx, "checksums --write")}\` to pin the versionId, and commit the manifest.`
        }
      )
    ];
  }
  return [];
}
function compareVerified(ctx, doc, i, a, o, pinned) {
  const label = `Artifact ${i}`;
  const findings = [];
  const rewrite = `If the object is the intended one, run \`${mlgovCommand(ctx, "checksums --write")}\` and commit the manifest (existing approvals then need renewing); otherwise upload the approved bytes again.`;
  if (pinned !== void 0 && o.versionId !== pinned) {
    findings.push(
      error(
        "CHECKSUM_S3_VERSION_MISMATCH",
        `${label} "${a.path}" pins version ${pinned}, but the store served ${objectName(o)}.`,
        { ...at(doc, pointer("artifacts", i, "path")), fix: "Use a store that honours versionId (docs/s3.md)." }
      )
    );
  }
  const how = o.verifiedBy === "stored-checksum" ? "S3's stored full-object SHA-256" : "the SHA-256 of its bytes";
  if (o.size !== a.size) {
    findings.push(
      error("SIZE_MISMATCH", `${label} is declared as ${a.size} bytes, but ${objectName(o)} is ${o.size} bytes.`, {
        ...at(doc, pointer("artifacts", i, "size")),
        fix: rewrite
      })
    );
  }
  if (a.sha256.toLowerCase() !== o.sha256) {
    findings.push(
      error(
        "CHECKSUM_MISMATCH",
        `${label} is declared with SHA-256 ${a.sha256}, but ${how} of ${objectName(o)} is ${o.sha256}.`,
        { ...at(doc, pointer("artifacts", i, "sha256")), fix: rewrite }
      )
    );
  }
  return findings;
}
function bucketNotAllowed(ctx, s3, label, path, bucket, where) {
  if (bucketAllowed(s3, bucket)) return void 0;
  const allowed = s3?.buckets ?? [];
  return error(
    "ARTIFACT_S3_BUCKET_NOT_ALLOWED",
    `${label} "${path}" is in bucket ${bucket}, which the judging policy's s3.buckets does not list (${allowed.length ? allowed.join(", ") : "none"}): an object in a bucket of the author's choosing proves nothing.`,
    {
      ...where,
      fix: `Upload the artifact to an allowed bucket and run \`${mlgovCommand(ctx, "checksums --write")}\`; a new bucket is added to s3.buckets in a policy change of its own, reviewed by the board.`
    }
  );
}
function compareObject(ctx, s3, doc, i, a, rows) {
  const label = `Artifact ${i}`;
  const where = at(doc, pointer("artifacts", i, "path"));
  const parsed = parseS3Url(a.path);
  if (!parsed.ok) {
    rows.push({ path: a.path, lfs: false, status: "invalid-location" });
    return [
      error("ARTIFACT_S3_LOCATION_INVALID", `${label} "${a.path}" is not a valid S3 location: ${parsed.problem}.`, {
        ...where,
        fix: "Write s3://bucket/path/to/object, optionally pinned with ?versionId=\u2026; the key is taken literally (docs/s3.md)."
      })
    ];
  }
  const refused = bucketNotAllowed(ctx, s3, label, a.path, parsed.location.bucket, where);
  if (refused) {
    rows.push({ path: a.path, lfs: false, status: "invalid-location" });
    return [refused];
  }
  const observed = observedObjects(ctx.files)[a.path];
  if (!observed) {
    rows.push({ path: a.path, lfs: false, status: "unavailable" });
    return [
      indeterminate("ARTIFACT_NOT_OBSERVED", `${label} "${a.path}" was not examined, so it could not be verified.`, {
        ...where,
        fix: "Run the gate again; if this persists, report it as an mlgov bug."
      })
    ];
  }
  if (observed.kind === "object-failure") {
    const f = observed.failure;
    rows.push({ path: a.path, lfs: false, status: f.verdict === "indeterminate" ? "unavailable" : "missing" });
    return [failureFinding(label, a.path, f, where)];
  }
  const findings = compareVerified(ctx, doc, i, a, observed, parsed.location.versionId);
  const note = observed.notes.filter((n) => !n.startsWith(UNVERSIONED_NOTE)).join("; ");
  rows.push({
    path: a.path,
    size: observed.size,
    sha256: observed.sha256,
    lfs: false,
    verifiedBy: observed.verifiedBy,
    ...note ? { verifiedNote: note } : {},
    ...observed.versionId !== void 0 ? { versionId: observed.versionId } : {},
    status: findings.length ? "mismatch" : "ok"
  });
  return [...findings, ...versionFindings(ctx, label, a, observed, parsed.location.versionId, where)];
}

// src/checks/checksums.ts
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
function runChecksums(ctx, policy) {
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
    if (isS3Url(a.path)) {
      findings.push(...compareObject(ctx, policy.s3, doc, i, a, rows));
      return;
    }
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
  "hash-cache": "from the local hash cache",
  "stored-checksum": "from S3's stored full-object SHA-256",
  streamed: "streamed from S3"
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
  const streamed = rows.flatMap(
    (r) => r.verifiedBy === "streamed" && r.verifiedNote ? [`${r.path} streamed: ${r.verifiedNote}`] : []
  );
  return [parts.join(", "), ...notes, ...streamed].filter(Boolean).join("; ");
}
var checksumsCheck = {
  id: "checksums",
  title: "Artifacts and the bias report match their declared size and SHA-256",
  needs: ["manifest"],
  run: (ctx, policy) => runChecksums(ctx, policy)
};

export {
  observedObjects,
  verificationSummary,
  checksumsCheck
};
