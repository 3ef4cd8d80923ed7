import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/release/report.ts
function checkOf(report, id) {
  return report.checks.find((c) => c.id === id);
}
function statusOf(findings) {
  if (findings.some((f) => f.severity === "error")) return "fail";
  if (findings.some((f) => f.severity === "warning")) return "warn";
  return "pass";
}
function exitCodeOf(report) {
  const findings = report.checks.flatMap((c) => c.findings);
  if (findings.some((f) => f.indeterminate)) return 2;
  if (findings.some((f) => f.severity === "error")) return 1;
  return 0;
}

export {
  checkOf,
  statusOf,
  exitCodeOf
};
