import type { Report } from '../gate/report.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The gate report in the format asked for; one place that maps a format name to its renderer. */
export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return renderText(report);
    case 'json':
      return renderJson(report);
  }
}
