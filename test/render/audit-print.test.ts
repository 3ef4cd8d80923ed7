/**
 * The audit report prints on A4: headless Chromium prints the HTML to PDF and pdfjs reads the text back with its
 * positions. Every field label of the Releases section (the table's column headers, "Verdict" included, are among
 * them) must be on the page, and no text may run past the A4 page width (the release table used to be cut off after
 * "Log ev", losing the verdict). Chromium is a system package (`apt-get install -y chromium`): without it (or with
 * MLGOV_SKIP_BROWSER=1) the test is skipped, saying so in its name and on stderr; in CI (CI=true) it fails instead.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditedRelease, AuditReport } from '../../src/evidence/period-audit.js';
import { renderAuditHtml } from '../../src/render/audit-html.js';
import { releaseFacts } from '../../src/render/audit-report.js';
import { CHROMIUM, runChromium } from '../support/chromium.js';

const why = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed (apt-get update && apt-get install -y chromium)`
  : process.env['MLGOV_SKIP_BROWSER'] === '1'
    ? 'MLGOV_SKIP_BROWSER=1'
    : undefined;
const skipBrowser = why !== undefined && process.env['CI'] !== 'true';
const browserIt = skipBrowser ? it.skip : it;
if (skipBrowser) process.stderr.write(`audit A4 print test SKIPPED: ${why}\n`);

/** A4 in PostScript points. */
const A4 = { width: 595.28, height: 841.89 };

/** pdfjs in its own process (its worker and ESM build are Node's, not the test VM's): text items with positions. */
const EXTRACT = `
import { readFileSync } from 'node:fs';
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(process.argv[1])), disableFontFace: true, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const content = await page.getTextContent();
  pages.push({
    width: page.view[2],
    height: page.view[3],
    items: content.items
      .filter((it) => 'str' in it && it.str.trim() !== '')
      .map((it) => ({ str: it.str, x: it.transform[4], y: it.transform[5], width: it.width })),
  });
}
process.stdout.write(JSON.stringify(pages));
`;

interface PdfPage {
  width: number;
  height: number;
  items: Array<{ str: string; x: number; y: number; width: number }>;
}

function release(version: string, verdict: 'pass' | 'fail'): AuditedRelease {
  const at = '2025-02-10T09:00:00.000Z';
  return {
    model: 'fraud-detection-transactions-eu',
    governedAs: 'fraud-detection-transactions-eu',
    version,
    releaseType: 'promotion',
    commit: 'a'.repeat(40),
    commits: ['a'.repeat(40), 'b'.repeat(40)],
    inForceFrom: at,
    inForceUntil: null,
    jira: 'MLGOV-12345',
    manifestDigest: `sha256:${'c'.repeat(64)}`,
    approvals: [
      'alice_governance_board_member_of_the_emea_region',
      'bob_regulatory_affairs_lead_of_the_emea_region',
    ].map((approver) => ({
      approver,
      role: 'governance-board',
      decision: 'approved',
      at,
      note: `Reviewed the backtest windows and the seasonal regression report in full`,
      valid: true,
    })),
    approvers: ['alice_governance_board_member_of_the_emea_region', 'bob_regulatory_affairs_lead_of_the_emea_region'],
    approvalsVerdict: 'met',
    bias: {
      verdict: 'approved',
      metrics: { demographic_parity_difference: 0.021, disparate_impact_ratio: 0.91 },
      reviewers: ['dave-fairness'],
    },
    checksumRecord: 'present',
    archive: { status: 'not-due', dir: 'artifacts/fraud-detection-transactions-eu/2.10.0' },
    events: [1, 2, 3, 4].map((seq) => ({
      seq,
      at,
      action: 'approve' as const,
      actor: 'alice_governance_board_member_of_the_emea_region',
    })),
    fairnessReview: [
      { by: 'dave-fairness', role: 'fairness-reviewer', decision: 'approved', at, note: 'Small groups merged' },
    ],
    rejections: [],
    jiraSnapshot: {
      key: 'MLGOV-12345',
      readAt: at,
      check: 'pass',
      status: 'Approved',
      url: 'https://jira.example.test/browse/MLGOV-12345',
      signOff: {
        attachment: {
          label: 'sign-off',
          id: '10001',
          filename: 'sign-off-fraud-detection-transactions-eu-2.10.0.pdf',
          matching: 1,
        },
      },
    },
    forced: null,
    rollback: null,
    policyFile: `policies/${'a'.repeat(12)}.yml`,
    gaps: [],
    verdict,
    problems: verdict === 'pass' ? [] : [`archive missing (artifacts/fraud-detection-transactions-eu/${version})`],
  };
}

function report(): AuditReport {
  const releases = [release('2.9.0', 'fail'), release('2.10.0', 'pass')];
  return {
    tool: { name: 'mlgov', version: '1.0.0' },
    generatedAt: '2025-12-31T10:00:00.000Z',
    ref: 'main',
    commit: 'd'.repeat(40),
    period: { since: '2025-01-01T00:00:00.000Z', until: '2025-12-31T23:59:59.999Z' },
    auditLog: { ok: true, events: 8 },
    auditLogs: [{ path: 'artifacts/audit-log.jsonl', ok: true, events: 8 }],
    models: [
      {
        name: 'fraud-detection-transactions-eu',
        manifest: 'models/fraud/manifest.json',
        biasReport: 'models/fraud/bias-report.json',
        auditLog: 'artifacts/audit-log.jsonl',
        verdict: 'fail',
        summary: { releases: 2, passed: 1, failed: 1 },
        problems: ['2.9.0 (aaaaaaaaaaaa): archive missing'],
      },
    ],
    releases,
    verdict: 'fail',
    summary: { releases: 2, passed: 1, failed: 1 },
  };
}

/** The page's text as lines: the items on one baseline, left to right. */
function linesOf(page: PdfPage): string[] {
  // A badge sits a little off the text's baseline: items within 3 pt of a row's first are on that row.
  const rows: Array<PdfPage['items']> = [];
  for (const item of [...page.items].sort((a, b) => b.y - a.y)) {
    const row = rows.find((r) => Math.abs(r[0]!.y - item.y) <= 3);
    if (row) row.push(item);
    else rows.push([item]);
  }
  // Chromium writes a ligature (fi, ff) as an item of its own: items that touch are one word.
  return rows.map((items) =>
    items
      .sort((a, b) => a.x - b.x)
      .map((item, i, all) => {
        const prev = all[i - 1];
        return prev && item.x - (prev.x + prev.width) > 1 ? ` ${item.str}` : item.str;
      })
      .join('')
      .replace(/\s+/g, ' '),
  );
}

describe('the audit report on A4', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlgov-audit-pdf-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  browserIt(
    skipBrowser
      ? `prints every Releases label within the page width (SKIPPED: ${why})`
      : 'prints every Releases label within the page width',
    () => {
      if (!existsSync(CHROMIUM)) {
        throw new Error(
          `${CHROMIUM} is not installed, and CI=true: install it with "apt-get update && apt-get install -y chromium"`,
        );
      }
      const r = report();
      const html = join(dir, 'audit-report.html');
      const pdf = join(dir, 'audit-report.pdf');
      writeFileSync(html, renderAuditHtml(r, {}));
      const printed = runChromium(dir, html, [`--print-to-pdf=${pdf}`]);
      expect({ status: printed.status, pdf: existsSync(pdf) }).toEqual({ status: 0, pdf: true });
      const extracted = spawnSync(process.execPath, ['--input-type=module', '-e', EXTRACT, pdf], {
        encoding: 'utf8',
        cwd: process.cwd(),
      });
      expect(extracted.stderr).toBe('');
      const pages = JSON.parse(extracted.stdout) as PdfPage[];

      // A4, and no text beyond its right edge (or left of its left edge) on any page.
      for (const p of pages) {
        expect([Math.round(p.width), Math.round(p.height)]).toEqual([Math.round(A4.width), Math.round(A4.height)]);
      }
      const outside = pages.flatMap((p, i) =>
        p.items.filter((it) => it.x < 0 || it.x + it.width > p.width).map((it) => `page ${i + 1}: ${it.str}`),
      );
      expect(outside).toEqual([]);

      // Every label of the Releases section, on a line of its own release's facts.
      const lines = pages.flatMap(linesOf);
      const labels = releaseFacts(r.releases[0]!).map((f) => f.label);
      expect(labels).toEqual(expect.arrayContaining(['Version', 'Log events', 'Verdict']));
      const missing = labels.filter((label) => !lines.some((l) => l.startsWith(`${label} `) || l === label));
      expect(missing).toEqual([]);
      // A release table in print shows every column or none (Chromium drops the glyphs it clips, so a cut-off
      // table would otherwise pass unseen).
      const headerRows = lines.filter((l) => l.includes('Version Type'));
      expect(headerRows.filter((l) => !l.includes('Verdict'))).toEqual([]);
      // Each release's verdict is printed beside its label.
      expect(lines.filter((l) => /^Verdict (pass|fail)$/.test(l))).toEqual(['Verdict fail', 'Verdict pass']);
    },
  );
});
