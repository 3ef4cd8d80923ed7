import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/adapters/git-history.ts
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
function gitOutput(root, args) {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd: root, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args[0]} failed: ${String(stderr).trim() || err.message}`, { cause: err }));
      else resolve(stdout);
    });
  });
}
async function readFirstParentOrder(root, ref) {
  if (ref.startsWith("-")) throw new Error(`not a revision: ${ref}`);
  const commits = (await gitOutput(root, ["rev-list", "--first-parent", ref, "--"])).split("\n").filter(Boolean);
  return new Map(commits.reverse().map((c, i) => [c, i]));
}
async function readFileChanges(root, ref, path) {
  if (ref.startsWith("-")) throw new Error(`not a revision: ${ref}`);
  const out = await gitOutput(root, [
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--raw",
    "--no-abbrev",
    "--no-renames",
    "--format=%x01%H%x09%P%x09%cI%x09%s",
    ref,
    "--",
    path
  ]);
  const changes = [];
  for (const record of out.split("")) {
    if (!record.trim()) continue;
    const [header = "", ...rest] = record.split("\n");
    const [commit = "", parents = "", committedAt = "", ...subject] = header.split("	");
    let blob;
    let mode;
    for (const line of rest) {
      const m = /^:\d+ (\d+) [0-9a-f]+ ([0-9a-f]+) ([A-Z])\d*\t(.*)$/.exec(line);
      if (!m || m[4] !== path) continue;
      const deleted = m[3] === "D" || /^0+$/.test(m[2]);
      blob = deleted ? void 0 : m[2];
      mode = deleted ? void 0 : m[1];
    }
    const t = Date.parse(committedAt);
    changes.push({
      commit,
      parents: parents.split(" ").filter(Boolean),
      committedAt: Number.isNaN(t) ? committedAt : new Date(t).toISOString(),
      subject: subject.join("	"),
      ...blob ? { blob } : {},
      ...mode ? { mode } : {}
    });
  }
  return changes.reverse();
}
async function readManifestChanges(root, ref, manifestPath) {
  return (await readFileChanges(root, ref, manifestPath)).map(({ blob, mode: _mode, ...c }) => ({
    ...c,
    ...blob ? { manifestBlob: blob } : {}
  }));
}
function gitBlobId(bytes, hexLength = 40) {
  const hash = createHash(hexLength === 64 ? "sha256" : "sha1");
  hash.update(`blob ${bytes.length}\0`);
  hash.update(bytes);
  return hash.digest("hex");
}
async function resolveAuditRef(git, ref) {
  const candidates = ref !== void 0 ? [ref] : ["origin/HEAD", "origin/main", "origin/master", "main", "master"];
  for (const r of candidates) {
    const commit = await git.resolveCommit(r);
    if (commit) return { ref: r, commit };
  }
  return void 0;
}

export {
  readFirstParentOrder,
  readFileChanges,
  readManifestChanges,
  gitBlobId,
  resolveAuditRef
};
