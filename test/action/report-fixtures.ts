import type { Report } from '../../src/release/report.js';

/** A literal failing report with findings in several checks and the details the summary renders. */
export function failingReport(): Report {
  return {
    tool: { name: 'mlgov', version: '1.0.0' },
    verdict: 'fail',
    judged: true,
    forced: false,
    model: { name: 'fraud-detection', version: '2.4.0', baseVersion: '2.3.0' },
    base: { ref: 'origin/main', commit: 'c'.repeat(40) },
    policySource: 'base',
    offline: false,
    generatedAt: '2026-11-02T10:00:00.000Z',
    checks: [
      { id: 'schema', status: 'pass', summary: 'manifest, bias report and policy are valid', findings: [] },
      {
        id: 'checksums',
        status: 'fail',
        summary: '1 of 2 artifacts differ',
        findings: [
          {
            severity: 'error',
            code: 'CHECKSUM_MISMATCH',
            message: 'model/weights/model.onnx has SHA-256 ab12…, the manifest declares cd34….',
            file: 'model/manifest.json',
            pointer: '/artifacts/0/sha256',
            line: 12,
            column: 17,
            fix: 'Run `mlgov checksums --write` and commit the manifest.',
          },
        ],
      },
      {
        id: 'bias',
        status: 'fail',
        summary: 'disparate impact ratio for age_band below its minimum',
        findings: [
          {
            severity: 'error',
            code: 'BIAS_THRESHOLD_EXCEEDED',
            message: 'age_band: disparate impact ratio 0.72 is below the minimum 0.8.',
            file: 'reports/latest-bias-report.json',
            pointer: '/attributes/1/metrics/disparate_impact_ratio',
            line: 40,
            column: 36,
          },
          {
            severity: 'warning',
            code: 'BIAS_GROUP_INSUFFICIENT',
            message: 'age_band group "75+" has n=12, under minGroupSize 30: left out of the spread.',
            file: 'reports/latest-bias-report.json',
            pointer: '/attributes/1/groups/3',
            line: 35,
            column: 9,
          },
        ],
        details: {
          thresholds: { demographic_parity_difference: { max: 0.1 }, disparate_impact_ratio: { min: 0.8 } },
          rows: [
            {
              attribute: 'sex',
              metric: 'demographic_parity_difference',
              reported: 0.002,
              recomputed: 0.002,
              threshold: { max: 0.1 },
              lowGroup: 'female',
              highGroup: 'male',
              status: 'pass',
            },
            {
              attribute: 'sex',
              metric: 'disparate_impact_ratio',
              reported: 0.939,
              recomputed: 0.9394,
              threshold: { min: 0.8 },
              lowGroup: 'female',
              highGroup: 'male',
              status: 'pass',
            },
            {
              attribute: 'age_band',
              metric: 'disparate_impact_ratio',
              reported: 0.72,
              recomputed: 0.72,
              threshold: { min: 0.8 },
              lowGroup: '18-25',
              highGroup: '45-60',
              status: 'fail',
            },
          ],
          excludedGroups: [{ attribute: 'age_band', group: '75+', reason: 'n=12 under minGroupSize 30' }],
          reviewer: { approver: 'dave', counted: true },
        },
      },
      {
        id: 'approvals',
        status: 'fail',
        summary: '1 of 2 required roles approved',
        findings: [
          {
            severity: 'error',
            code: 'APPROVAL_NOT_CORROBORATED',
            message: 'bob approved in the manifest but has no APPROVED review on the head commit.',
            file: 'model/manifest.json',
            pointer: '/approvals/1',
            line: 60,
            column: 5,
          },
        ],
        details: {
          manifestDigest: 'sha256:' + 'a'.repeat(64),
          approvals: [
            {
              approver: 'alice',
              role: 'governance-board',
              source: 'manifest',
              decision: 'approved',
              counted: true,
              corroborated: true,
            },
            {
              approver: 'bob',
              role: 'regulatory-affairs',
              source: 'manifest',
              decision: 'approved',
              counted: false,
              corroborated: false,
              reason: 'not corroborated: no APPROVED review by bob on the head commit',
            },
          ],
          requirements: [
            { role: 'governance-board', count: 1, filledBy: ['alice'], missing: 0 },
            { role: 'regulatory-affairs', count: 1, filledBy: [], missing: 1 },
          ],
          missingRoles: [{ role: 'regulatory-affairs', missing: 1, count: 1, have: 0 }],
          corroboration: 'checked',
        },
      },
      {
        id: 'jira',
        status: 'pass',
        summary: 'MLGOV-123 is Approved',
        findings: [],
        details: {
          project: 'MLGOV',
          allowedStatuses: ['Approved'],
          manifestKey: 'MLGOV-123',
          mentions: [{ key: 'MLGOV-123', source: 'title' }],
          issue: {
            key: 'MLGOV-123',
            status: 'Approved',
            project: 'MLGOV',
            url: 'https://acme.atlassian.net/browse/MLGOV-123',
          },
        },
      },
      {
        id: 'promotion',
        status: 'pass',
        summary: 'MAE improved 7.1% (≥ 5%)',
        findings: [{ severity: 'notice', code: 'PROMOTION_IMPROVED', message: 'MAE improved from 44.4 to 41.2.' }],
        details: {
          forced: false,
          declaredType: 'promotion',
          derivation: 'the base releases fraud-detection 2.3.0',
          releaseType: 'promotion',
          rows: [
            { metric: 'MAE', production: 44.4, challenger: 41.2, change: '7.21 % better' },
            { metric: 'RMSE', production: 60.1, challenger: 58.9, change: '2.00 % better' },
            { metric: 'windows', production: 12, challenger: 12, change: 'min 8' },
          ],
        },
      },
    ],
  };
}

/** A passing report: no errors. */
export function passingReport(): Report {
  const r = failingReport();
  r.verdict = 'pass';
  r.checks = r.checks.map((c) => ({
    ...c,
    status: c.status === 'fail' ? 'pass' : c.status,
    findings: c.findings.filter((f) => f.severity !== 'error'),
  }));
  return r;
}
