import { describe, expect, it } from '@jest/globals';
import { renderCardHtml, renderCardMarkdown, type CardInput } from '../../src/render/card.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import {
  sampleBaseManifest,
  sampleBiasReport,
  sampleGateReport,
  sampleManifest,
  samplePolicy,
} from '../export/fixtures.js';

function fullInput(): CardInput {
  return {
    manifest: sampleManifest(),
    biasReport: sampleBiasReport(),
    policy: samplePolicy(),
    baseManifest: sampleBaseManifest(),
    report: sampleGateReport(),
    generatedAt: '2026-11-02T00:00:00Z',
    toolVersion: '1.0.0',
  };
}

describe('renderCardMarkdown', () => {
  const text = renderCardMarkdown(fullInput());

  it('has every section of the card in order', () => {
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Model details',
      'Intended use',
      'Training data',
      'Metrics',
      'Fairness',
      'Limitations',
      'Approvals and sign-off',
      'Integrity',
    ]);
    expect(text.startsWith('# Model card: fraud-detection 2.4.0\n')).toBe(true);
    expect(text).toContain('> **Gate verdict: PASS**');
  });

  it('shows intended use, training window and snapshot', () => {
    expect(text).toContain('Score card-not-present transactions in real time');
    expect(text).toContain('- **Feature-store snapshot:** fs-2026-10-01');
    expect(text).toContain('- **Window:** 2025-10-01 → 2026-09-30');
    expect(text).toContain('- **SHA-256:** `' + 'b'.repeat(64) + '`');
  });

  it('compares the metrics with the previous release', () => {
    expect(text).toContain('| Metric | This release (2.4.0) | Previous (2.3.0) | Change |');
    expect(text).toContain('| backtest.mae | 41.2 | 44 | +6.4 % better |');
    expect(text).toContain('| precision | 0.72 | n/a | new |');
  });

  it('lists fairness metrics with the stricter threshold and their standing, and group rates', () => {
    expect(text).toContain('| sex | Demographic parity difference | 0.002 | ≤ 0.08 | within threshold |');
    expect(text).toContain('| age\\_band | Disparate impact ratio | 0.707 | ≥ 0.8 | beyond threshold |');
    expect(text).toContain('| female | 58000 | 0.031 | 0.82 | 0.012 |');
    expect(text).toContain('| unknown | 12 | 0.08 | n/a | n/a |');
    expect(text).toContain('12 rows have no value for age\\_band.');
  });

  it('lists the manifest limitations and the groups under the minimum size', () => {
    expect(text).toContain('- Not validated for business accounts.');
    expect(text).toContain('- Group "unknown" of age\\_band has 12 rows (under the minimum of 30)');
  });

  it('shows approvals with their binding, the Jira sign-off and the gate checks', () => {
    expect(text).toContain(
      '| manifest | alice | governance-board | approved | 2026-11-01T10:00:00Z | bound to this release |',
    );
    expect(text).toContain('| bias-report | dave | fairness-reviewer | approved |');
    expect(text).toContain(
      '- **Jira:** MLGOV-123 (jira check: pass) — MLGOV-123 is Approved; sign-off-2026-11.pdf attached',
    );
    expect(text).toContain('| checksums | pass | 2 artifacts match |');
  });

  it('ends with artifact digests and the manifest digest', () => {
    const input = fullInput();
    expect(text).toContain('| model/weights/model.onnx | 123456 | `' + 'a'.repeat(64) + '` |');
    expect(text).toContain('- **Manifest digest:** `' + manifestDigest(input.manifest) + '`');
    expect(text).toContain('- **Policy digest:** `sha256:');
  });

  it('says what is missing instead of leaving it out', () => {
    const input = fullInput();
    delete input.manifest.intendedUse;
    delete input.manifest.limitations;
    delete input.baseManifest;
    delete input.report;
    delete input.policy;
    input.manifest.approvals = [];
    const md = renderCardMarkdown(input);
    expect(md).toContain('_Not stated in the manifest (add `intendedUse`)._');
    expect(md).toContain('_None stated in the manifest (add `limitations`)._');
    expect(md).toContain('No previous release to compare with.');
    expect(md).toContain('- **Jira:** MLGOV-123 (jira check: not-run) — the gate was not run for this document');
    expect(md).not.toContain('Gate verdict');
  });

  it("lists the gate's errors and warnings so the board sees why a release fails", () => {
    const input = fullInput();
    input.report = sampleGateReport('fail');
    input.report.checks[1]!.findings = [
      {
        severity: 'error',
        code: 'BIAS_THRESHOLD',
        message: 'age_band disparate impact 0.707 < 0.8',
        file: 'reports/latest-bias-report.json',
      },
      { severity: 'notice', code: 'BIAS_NOTE', message: 'not shown' },
    ];
    const md = renderCardMarkdown(input);
    expect(md).toContain('- **error** `BIAS_THRESHOLD` (bias): age\\_band disparate impact 0.707 \\< 0.8');
    expect(md).not.toContain('not shown');
    const html = renderCardHtml(input);
    expect(html).toContain('<code>BIAS_THRESHOLD</code>');
    expect(html).toContain('age_band disparate impact 0.707 &lt; 0.8');
  });

  it('marks an approval that names another manifest as not counting', () => {
    const input = fullInput();
    input.manifest.release.reason = 'Changed after the board approved';
    expect(renderCardMarkdown(input)).toContain(
      '| manifest | alice | governance-board | approved | 2026-11-01T10:00:00Z | names another digest (does not count) |',
    );
  });

  it('escapes Markdown in values so a table cannot be broken', () => {
    const input = fullInput();
    input.manifest.limitations = ['a | b <script>'];
    expect(renderCardMarkdown(input)).toContain('- a \\| b \\<script\\>');
  });
});

describe('renderCardHtml', () => {
  const html = renderCardHtml(fullInput());

  it('is a self-contained page titled for the release', () => {
    expect(html).toContain('<title>Model card: fraud-detection 2.4.0</title>');
    expect(html).not.toMatch(/<(link|script|img|iframe)\b/);
    expect(html).not.toMatch(/\bsrc=/);
    expect(html).toContain('@media print');
  });

  it('has a section for each part of the card', () => {
    for (const id of [
      'model-details',
      'intended-use',
      'training-data',
      'metrics',
      'fairness',
      'limitations',
      'approvals-and-sign-off',
      'timeline',
      'integrity',
    ]) {
      expect(html).toContain(`<section id="${id}"`);
    }
  });

  it('draws a chart per thresholded fairness metric with its threshold, and the group selection rates', () => {
    expect(html).toContain('aria-label="Demographic parity difference"');
    expect(html).toContain('aria-label="Disparate impact ratio"');
    expect(html).toContain('aria-label="Equalized odds difference"');
    expect(html).toContain('>max 0.08<');
    expect(html).toContain('>min 0.8<');
    expect(html).toContain('aria-label="Selection rate by group"');
    expect(html).toContain('>age_band: unknown<');
  });

  it('shows the verdict, the failing fairness metric and the bound approvals', () => {
    expect(html).toContain('<span class="badge tone-pass">PASS</span>');
    expect(html).toContain('<span class="badge tone-fail">beyond threshold</span>');
    expect(html.match(/<span class="badge tone-pass">bound<\/span>/g)).toHaveLength(3);
    expect(html).toContain('<code>' + manifestDigest(fullInput().manifest) + '</code>');
  });

  it('escapes every value from the documents and links only http(s) URLs', () => {
    const input = fullInput();
    input.manifest.owner = '<script>alert(1)</script>';
    input.manifest.provenance.training.runUrl = 'javascript:alert(1)';
    input.biasReport!.attributes[0]!.groups[0]!.group = '<img src=x onerror=alert(1)>';
    const page = renderCardHtml(input);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('href="javascript:');
  });

  it('renders without a bias report, base or gate report', () => {
    const input = fullInput();
    delete input.biasReport;
    delete input.baseManifest;
    delete input.report;
    const page = renderCardHtml(input);
    expect(page).toContain('No bias report could be read.');
    expect(page).toContain('The gate was not run for this card');
    expect(page).toContain('no previous release to compare with');
  });
});
