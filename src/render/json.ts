import type { Report } from '../release/report.js';

/** The JSON report (README, "JSON report"), stable key order as built, 2-space indented, newline-terminated. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
