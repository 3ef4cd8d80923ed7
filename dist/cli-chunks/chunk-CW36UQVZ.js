import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  canonicalJson
} from "./chunk-4LCUO2WG.js";

// src/release/restored-release.ts
var ROLLBACK_MAY_CHANGE = ["release", "approvals", "jira"];
function restoredReleaseEssence(manifest) {
  const rest = { ...manifest };
  for (const key of ROLLBACK_MAY_CHANGE) delete rest[key];
  return canonicalJson(rest);
}

export {
  ROLLBACK_MAY_CHANGE,
  restoredReleaseEssence
};
