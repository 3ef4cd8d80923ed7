/**
 * The model card must render in a real browser: headless Chromium prints it to a PNG and the test decodes the PNG
 * and checks that it is not blank. Chromium is a system package (`apt-get install -y chromium`); without it this
 * test fails and says so, unless MLGOV_SKIP_BROWSER=1 asks to skip it (the skip shows in the test name).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { CHROMIUM, runChromium } from '../support/chromium.js';
import { renderCardHtml } from '../../src/render/card.js';
import {
  sampleBaseManifest,
  sampleBiasReport,
  sampleGateReport,
  sampleManifest,
  samplePolicy,
} from '../export/fixtures.js';

const skipBrowser = process.env['MLGOV_SKIP_BROWSER'] === '1';
const browserIt = skipBrowser ? it.skip : it;
if (skipBrowser) process.stderr.write('card screenshot test SKIPPED: MLGOV_SKIP_BROWSER=1 (Chromium not used)\n');

describe('model card in headless Chromium', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlgov-card-shot-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  browserIt(
    skipBrowser
      ? 'renders to a non-blank screenshot (SKIPPED: MLGOV_SKIP_BROWSER=1)'
      : 'renders to a non-blank screenshot',
    () => {
      if (!existsSync(CHROMIUM)) {
        throw new Error(
          `${CHROMIUM} is not installed: install it with "apt-get update && apt-get install -y chromium", ` +
            'or set MLGOV_SKIP_BROWSER=1 to skip this test on purpose',
        );
      }
      const htmlFile = join(dir, 'card.html');
      const shot = join(dir, 'card.png');
      writeFileSync(
        htmlFile,
        renderCardHtml({
          manifest: sampleManifest(),
          biasReport: sampleBiasReport(),
          policy: samplePolicy(),
          baseManifest: sampleBaseManifest(),
          report: sampleGateReport(),
          generatedAt: '2026-11-02T00:00:00Z',
          toolVersion: '1.0.0',
        }),
      );
      const run = runChromium(dir, htmlFile, [`--screenshot=${shot}`, '--window-size=1280,2000']);
      expect({ status: run.status, error: run.error?.message, screenshot: existsSync(shot) }).toEqual({
        status: 0,
        error: undefined,
        screenshot: true,
      });

      const png = PNG.sync.read(readFileSync(shot));
      expect([png.width, png.height]).toEqual([1280, 2000]);
      const colours = new Set<number>();
      let nonWhite = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        colours.add((r << 16) | (g << 8) | b);
        if (r < 245 || g < 245 || b < 245) nonWhite++;
      }
      // A blank or failed page is one or two colours; the card has text, badges, tables and charts.
      expect(colours.size).toBeGreaterThan(50);
      // The page background and the text, tables and charts cover well over a tenth of the window.
      expect(nonWhite / (png.width * png.height)).toBeGreaterThan(0.1);
    },
    180_000,
  );
});
