import type { Finding } from '../formats/finding.js';
import type { CheckId, Report } from '../release/report.js';

/**
 * GitHub shows at most 10 annotations of each type (error, warning, notice) per step; the rest are dropped
 * silently, so the action emits the first ones and says how many more the job summary lists.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** One workflow annotation, shaped for `core.error/warning/notice(message, properties)`. */
export interface Annotation {
  level: AnnotationLevel;
  message: string;
  properties: {
    title: string;
    file?: string;
    startLine?: number;
    startColumn?: number;
  };
}

export interface AnnotationPlan {
  annotations: Annotation[];
  /** Findings left out per level because GitHub would not show them. */
  omitted: Record<AnnotationLevel, number>;
}

/** The annotation for one finding: at its file, line and column, titled by its code and check. */
export function annotationOf(finding: Finding, check: CheckId): Annotation {
  const message = [
    finding.message,
    finding.fix ? `Fix: ${finding.fix}` : undefined,
    finding.indeterminate ? '(the gate could not judge this)' : undefined,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    level: finding.severity,
    message,
    properties: {
      title: `${finding.code} (${check})`,
      ...(finding.file ? { file: finding.file } : {}),
      // A line without a file would point nowhere; GitHub needs the file to place it.
      ...(finding.file && finding.line !== undefined ? { startLine: finding.line } : {}),
      ...(finding.file && finding.line !== undefined && finding.column !== undefined
        ? { startColumn: finding.column }
        : {}),
    },
  };
}

/**
 * Plans the annotations for a report: every finding in report order, the first `perLevel` of each level, and how
 * many were left out. Pure.
 */
export function buildAnnotations(report: Pick<Report, 'checks'>, perLevel = ANNOTATIONS_PER_LEVEL): AnnotationPlan {
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const omitted: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const annotations: Annotation[] = [];
  for (const check of report.checks) {
    for (const finding of check.findings) {
      if (used[finding.severity] < perLevel) {
        used[finding.severity] += 1;
        annotations.push(annotationOf(finding, check.id));
      } else {
        omitted[finding.severity] += 1;
      }
    }
  }
  return { annotations, omitted };
}

/** "12 more errors and 3 more warnings are listed in the job summary", or undefined when nothing was left out. */
export function describeOmitted(omitted: Record<AnnotationLevel, number>): string | undefined {
  const parts = (['error', 'warning', 'notice'] as const)
    .filter((level) => omitted[level] > 0)
    .map((level) => `${omitted[level]} more ${level}${omitted[level] === 1 ? '' : 's'}`);
  if (parts.length === 0) return undefined;
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${list} ${parts.length === 1 && omitted.error + omitted.warning + omitted.notice === 1 ? 'is' : 'are'} listed in the job summary (GitHub shows ${ANNOTATIONS_PER_LEVEL} annotations of each type per step).`;
}
