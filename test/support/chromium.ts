/**
 * Headless Chromium for the tests that render a page (the model card's screenshot, the audit report's A4 print).
 * The browser: MLGOV_CHROMIUM when set, else Debian's chromium (what .ci/run installs), else the Chrome that GitHub's
 * ubuntu runners ship.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = [
  process.env['MLGOV_CHROMIUM'],
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export const CHROMIUM =
  CANDIDATES.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p)) ?? '/usr/bin/chromium';

/**
 * Runs the browser headless on `html` with `output` (e.g. `--print-to-pdf=…`, `--screenshot=…`), in a fresh profile
 * under `dir`. Background networking, updates and sync are off: the machine's network is closed, and a browser that
 * keeps trying fails its connections many at a time.
 */
export function runChromium(dir: string, html: string, output: string[]): SpawnSyncReturns<string> {
  return spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(dir, 'profile')}`,
      ...output,
      pathToFileURL(html).href,
    ],
    // A generous bound only so a wedged browser cannot hang the suite; nothing asserts on time.
    { encoding: 'utf8', timeout: 120_000 },
  );
}
