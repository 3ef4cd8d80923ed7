/**
 * `mlgov … | head -1`: the reader closes the pipe after one line while the CLI is still writing. The bundled CLI
 * (built from src/ exactly as scripts/bundle.mjs builds dist/cli.js) must stop writing quietly — no EPIPE stack
 * trace, no "Unhandled 'error' event" — and exit with the command's own code. The output is an audit log of 3000
 * events (about 1.3 MB through `log show`), far more than a pipe buffers, so the CLI is certainly mid-write when the
 * reader goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildChainedEvent, formatAuditLine, type AuditEvent } from '../../src/evidence/hash-chain.js';
import { createExampleRepo, type TempRepo } from '../support/git-repo.js';
import { bundleCli } from '../support/bundle-cli.js';

/** A stack trace line (`    at fn (file:1:2)`), Node's uncaught-error banner, or an EPIPE report. */
const NOISE = /^\s+at .+:\d+:\d+\)?$|Unhandled 'error' event|node:internal|EPIPE/m;

let cliDir: string;
let cli: string;
let repo: TempRepo;

beforeAll(async () => {
  cliDir = mkdtempSync(join(tmpdir(), 'mlgov-epipe-cli-'));
  cli = join(cliDir, 'cli.js');
  await bundleCli(cli);
  repo = createExampleRepo();
  let last: AuditEvent | undefined;
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    last = buildChainedEvent(last, {
      at: '2026-11-20T09:00:00Z',
      actor: 'alice',
      action: 'approve',
      model: 'fraud-detection',
      version: '2.4.0',
      reason: `approval ${i}: ${'the board reviewed the release '.repeat(10)}`,
      ticket: 'MLGOV-123',
    });
    lines.push(formatAuditLine(last));
  }
  mkdirSync(join(repo.dir, 'artifacts'), { recursive: true });
  writeFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), lines.join('\n') + '\n');
  repo.commitAll('audit log of 3000 events');
}, 120_000);

afterAll(() => {
  repo?.remove();
  if (cliDir) rmSync(cliDir, { recursive: true, force: true });
});

interface PipedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  firstLine: string;
  stderr: string;
}

/** Spawns the bundled CLI and reads its stdout only up to the first line, then closes the pipe (like `head -1`). */
function runUntilFirstLine(args: string[]): Promise<PipedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repo.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let firstLine = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl >= 0 && firstLine === '') {
        firstLine = out.slice(0, nl);
        child.stdout.destroy();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, firstLine, stderr }));
  });
}

describe('mlgov … | head -1 (bundled CLI)', () => {
  it('the control: the full output is large, so the reader certainly closes mid-write', () => {
    const full = spawnSync(process.execPath, [cli, 'log', 'show', '--format', 'json'], {
      cwd: repo.dir,
      maxBuffer: 1 << 28,
    });
    expect(full.status).toBe(0);
    expect(full.stdout.length).toBeGreaterThan(1_000_000);
  });

  it.each([
    ['log show', ['log', 'show'], 0],
    ['log show --format json', ['log', 'show', '--format', 'json'], 0],
  ])(
    '%s: stops quietly when the reader closes after one line, with the command exit code',
    async (_name, args, code) => {
      const run = await runUntilFirstLine(args);
      expect(run.firstLine.length).toBeGreaterThan(0);
      expect(run.stderr).not.toMatch(NOISE);
      expect(run.stderr).toBe('');
      expect(run.signal).toBeNull();
      expect(run.code).toBe(code);
    },
  );

  it('through a shell pipeline into head -1 (pipefail): exit 0 and nothing on stderr', () => {
    const r = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${cli}" log show --format json | head -1`],
      { cwd: repo.dir, encoding: 'utf8' },
    );
    expect(r.stdout).toBe('[\n');
    expect(r.stderr).not.toMatch(NOISE);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
