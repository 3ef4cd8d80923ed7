import type { Log, ReportingDescriptor, Result } from 'sarif';
import { sha256Hex } from '../formats/canonical-digest.js';
import type { Finding } from '../formats/finding.js';
import type { CheckId, Report } from '../release/report.js';
import { withCodeSpans } from './markdown.js';

/** Where a finding without a file is shown: GitHub code scanning needs a physical location for every result. */
export const SARIF_FALLBACK_FILE = 'model/manifest.json';

const LEVEL: Record<Finding['severity'], Result.level> = { error: 'error', warning: 'warning', notice: 'note' };

/** `CHECKSUM_MISMATCH` → `ChecksumMismatch` (SARIF's `name` is a PascalCase identifier). */
function ruleName(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** `CHECKSUM_MISMATCH` → `Checksum mismatch`. */
function ruleText(code: string): string {
  const words = code.toLowerCase().split('_').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Every rule carries `help` (GitHub's SARIF rule set reports GH2012 for a rule without it): the finding's fix when it
 * has one; otherwise the finding explains itself — a notice or warning asks nothing, a "could not judge" names its
 * cause — and the help says so and where the rule is documented. Never empty, whatever the code.
 */
function helpOf(finding: Finding, check: CheckId): { text: string; markdown: string } {
  const where = `the \`${check}\` check is described in the mlgov README, "What the gate checks".`;
  const text =
    finding.fix ??
    (finding.indeterminate
      ? `${finding.message} The gate could not judge this: resolve the cause named here and re-run; ${where}`
      : `${finding.message} No change is required by this ${finding.severity}; ${where}`);
  // The text quotes the finding, and so the PR's files: as Markdown it is escaped, its `command` spans kept as code.
  return { text, markdown: withCodeSpans(text) };
}

/**
 * A fingerprint that stays the same while the finding does (same rule, same file, same JSON pointer), even when
 * lines move: code scanning then tracks one alert across pushes instead of closing and reopening it.
 */
function fingerprintOf(finding: Finding, check: CheckId): string {
  return sha256Hex(
    Buffer.from([check, finding.code, finding.file ?? '', finding.pointer ?? ''].join('\0'), 'utf8'),
  ).slice(0, 32);
}

/**
 * The report as SARIF 2.1.0 for `github/codeql-action/upload-sarif` (findings in the diff, alerts in code scanning)
 * and `mlgov check --format sarif`: one rule per finding code (its check as a tag, its fix as help), one result per
 * finding at `physicalLocation` with `startLine`/`startColumn`, and `partialFingerprints`. Pure.
 */
export function renderSarif(report: Report): string {
  return JSON.stringify(sarifLogOf(report), null, 2) + '\n';
}

/** The SARIF log of {@link renderSarif} as an object, for a report that combines several models' runs. Pure. */
export function sarifLogOf(report: Report): Log {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Result[] = [];

  for (const check of report.checks) {
    for (const finding of check.findings) {
      let index = ruleIndex.get(finding.code);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(finding.code, index);
        rules.push(ruleOf(finding, check.id));
      }
      results.push(resultOf(finding, check.id, index));
    }
  }

  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mlgov',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        automationDetails: { id: 'mlgov/governance-check/' },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            properties: { verdict: report.verdict, judged: report.judged },
          },
        ],
        results,
        properties: {
          verdict: report.verdict,
          judged: report.judged,
          forced: report.forced,
          ...(report.model.name ? { model: report.model.name } : {}),
          ...(report.model.version ? { modelVersion: report.model.version } : {}),
        },
      },
    ],
  };
  return log;
}

/** The rule of a finding code, described by the first finding of that code (its check as a tag, its fix as help). */
function ruleOf(finding: Finding, check: CheckId): ReportingDescriptor {
  return {
    id: finding.code,
    name: ruleName(finding.code),
    shortDescription: { text: `${ruleText(finding.code)} (${check} check)` },
    fullDescription: { text: finding.message },
    help: helpOf(finding, check),
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties: { tags: ['mlgov', 'model-governance', check] },
  };
}

/** One finding as a result: its file and line (the repository root when it has none), pointer and fingerprint. */
function resultOf(finding: Finding, check: CheckId, ruleIndex: number): Result {
  const file = finding.file ?? SARIF_FALLBACK_FILE;
  const region =
    finding.file && finding.line !== undefined && finding.line >= 1
      ? {
          region: {
            startLine: finding.line,
            ...(finding.column !== undefined && finding.column >= 1 ? { startColumn: finding.column } : {}),
          },
        }
      : {};
  return {
    ruleId: finding.code,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.fix ? `${finding.message}\nFix: ${finding.fix}` : finding.message },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' }, ...region },
        ...(finding.pointer !== undefined
          ? { logicalLocations: [{ fullyQualifiedName: `${file}#${finding.pointer}`, kind: 'member' }] }
          : {}),
      },
    ],
    partialFingerprints: { 'mlgovFinding/v1': fingerprintOf(finding, check) },
    properties: {
      check,
      ...(finding.pointer !== undefined ? { pointer: finding.pointer } : {}),
      ...(finding.indeterminate ? { indeterminate: true } : {}),
    },
  };
}
