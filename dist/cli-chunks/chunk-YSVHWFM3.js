import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  biasReportOf
} from "./chunk-KIYJOZ3G.js";

// src/evidence/release-files.ts
var releaseKey = (r) => `${r.commit}\0${r.location.manifest}`;
async function readReleasesAt(git, requests) {
  const specs = requests.flatMap((r) => [
    `${r.commit}:${r.location.manifest}`,
    `${r.commit}:${biasReportOf(r.location)}`
  ]);
  const blobs = specs.length > 0 ? await git.readBlobs([...new Set(specs)]) : /* @__PURE__ */ new Map();
  const found = /* @__PURE__ */ new Map();
  for (const r of requests) {
    const manifestPath = r.location.manifest;
    const biasReportPath = biasReportOf(r.location);
    const manifestBytes = blobs.get(`${r.commit}:${manifestPath}`);
    if (!manifestBytes) continue;
    const biasReportBytes = blobs.get(`${r.commit}:${biasReportPath}`);
    found.set(releaseKey(r), {
      commit: r.commit,
      manifestPath,
      manifestBytes,
      biasReportPath,
      ...biasReportBytes ? { biasReportBytes } : {}
    });
  }
  return found;
}
async function readReleaseAt(git, commit, location) {
  const request = { commit, location };
  return (await readReleasesAt(git, [request])).get(releaseKey(request));
}

export {
  releaseKey,
  readReleasesAt,
  readReleaseAt
};
