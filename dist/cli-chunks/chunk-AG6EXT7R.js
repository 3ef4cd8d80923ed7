import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  parseJsonDocument
} from "./chunk-KIYJOZ3G.js";
import {
  reportContentSha256,
  sha256Hex
} from "./chunk-4LCUO2WG.js";

// src/formats/bias-report-binding.ts
function biasReportBindingMatches(declared, file) {
  if (typeof declared !== "string") return false;
  const d = declared.toLowerCase();
  if (d === file.sha256.toLowerCase()) return true;
  return file.report !== void 0 && d === reportContentSha256(file.report);
}
function boundReportFileOf(path, bytes) {
  const doc = parseJsonDocument(path, bytes);
  const value = doc.value;
  const clean = doc.problems.length === 0 && typeof value === "object" && value !== null && !Array.isArray(value);
  return { sha256: sha256Hex(bytes), ...clean ? { report: value } : {} };
}
function biasReportBindingOf(file) {
  return file.report !== void 0 ? reportContentSha256(file.report) : file.sha256.toLowerCase();
}

export {
  biasReportBindingMatches,
  boundReportFileOf,
  biasReportBindingOf
};
