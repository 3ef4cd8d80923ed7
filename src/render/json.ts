import type { Report } from '../gate/report.js';

/** The JSON report (DESIGN.md §5), stable key order as built, 2-space indented, newline-terminated. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
