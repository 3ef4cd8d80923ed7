/**
 * `mlgov audit --since/--until`: a day the month does not have is a usage error naming it, never a period silently
 * rolled over into the next month (Date.parse reads 2026-02-30 as 2 March).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMlgov } from '../support/cli-io.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('mlgov audit: the period', () => {
  it.each([
    ['--since', '2026-02-30', ['--since', '2026-02-30', '--until', '2026-03-31']],
    ['--until', '2026-04-31', ['--since', '2026-04-01', '--until', '2026-04-31']],
    // Date.parse reads these as the start of a local day: an --until would lose the day it names.
    ['--until', '2026-03-31 ', ['--since', '2026-03-01', '--until', '2026-03-31 ']],
    ['--since', '2026-03-01T00:00', ['--since', '2026-03-01T00:00', '--until', '2026-03-31']],
  ])('%s %s is not a date: usage error (exit 2), nothing audited', async (option, value, args) => {
    dir = mkdtempSync(join(tmpdir(), 'mlgov-audit-period-'));
    const r = await runMlgov(['audit', ...args, '--repo', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${option} ${value} is not a date (YYYY-MM-DD, or an ISO 8601 time with its zone`);
    expect(r.stdout).toBe('');
  });
});
