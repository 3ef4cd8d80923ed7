/**
 * `mlgov audit verify-bundle DIR`: record mode's evidence directory (written by `writeEvidenceDirectory`, index
 * `evidence.json`) verifies as a whole, and fails naming the file when one was edited, added or removed, a link
 * stands in for one, or the index is missing. (GitHub's artifact download is a zip: unzip it first.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyEvidenceDirectory, writeEvidenceDirectory } from '../../src/evidence/evidence-bundle.js';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import { runMlgov } from '../support/cli-io.js';

let dir: string;
let original: string;
let indexSha: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-evidence-dir-'));
  original = join(dir, 'original');
  await writeEvidenceDirectory(
    original,
    [
      { path: 'report.json', bytes: Buffer.from('{"verdict":"pass"}\n') },
      { path: 'manifest.json', bytes: Buffer.from('{"name":"fraud-detection"}\n') },
      { path: 'audit-log.jsonl', bytes: Buffer.from('{"seq":1}\n') },
      { path: 'audit-logs/artifacts/churn/audit-log.jsonl', bytes: Buffer.from('{"seq":1}\n') },
    ],
    '2026-11-21T09:00:00.000Z',
    { commit: 'abc123' },
  );
  const { readFileSync } = await import('node:fs');
  indexSha = sha256Hex(readFileSync(join(original, 'evidence.json')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
/** A copy of the evidence directory, changed by `change`. */
function copy(change: (d: string) => void = () => undefined): string {
  const d = join(dir, `copy-${copies++}`);
  cpSync(original, d, { recursive: true });
  change(d);
  return d;
}

describe('verify-bundle of an evidence directory', () => {
  it('the control: the directory as record mode writes it verifies (exit 0, text and json)', async () => {
    const d = copy();
    expect(await verifyEvidenceDirectory(d)).toMatchObject({ ok: true, files: 4, indexSha256: indexSha });
    const r = await runMlgov(['audit', 'verify-bundle', d], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${d}: 4 file(s) match the index (evidence.json sha256 ${indexSha})\n`);
    const json = await runMlgov(['audit', 'verify-bundle', d, '--format', 'json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, files: 4, indexSha256: indexSha });
  });

  it('names an edited file (exit 1)', async () => {
    const d = copy((x) => appendFileSync(join(x, 'audit-logs/artifacts/churn/audit-log.jsonl'), '{"seq":2}\n'));
    const v = await verifyEvidenceDirectory(d);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.problems).toHaveLength(1);
      expect(v.problems[0]!.file).toBe('audit-logs/artifacts/churn/audit-log.jsonl');
      expect(v.problems[0]!.message).toMatch(/^differs from the index \(sha256 [0-9a-f]{64}, index [0-9a-f]{64}\)$/);
    }
    const r = await runMlgov(['audit', 'verify-bundle', d], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${d}: audit-logs/artifacts/churn/audit-log.jsonl differs from the index`);
  });

  it('names an added file', async () => {
    const d = copy((x) => writeFileSync(join(x, 'extra.txt'), 'planted\n'));
    expect(await verifyEvidenceDirectory(d)).toEqual({
      ok: false,
      problems: [{ file: 'extra.txt', message: 'is in the directory but not in the index' }],
      indexSha256: indexSha,
    });
    const r = await runMlgov(['audit', 'verify-bundle', d], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${d}: extra.txt is in the directory but not in the index\n`);
  });

  it('names a removed file', async () => {
    const d = copy((x) => unlinkSync(join(x, 'manifest.json')));
    expect(await verifyEvidenceDirectory(d)).toEqual({
      ok: false,
      problems: [{ file: 'manifest.json', message: 'is listed in the index but missing from the directory' }],
      indexSha256: indexSha,
    });
    const r = await runMlgov(['audit', 'verify-bundle', d], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${d}: manifest.json is listed in the index but missing from the directory\n`);
  });

  it('names a link standing in for a file (never followed)', async () => {
    const d = copy((x) => {
      unlinkSync(join(x, 'report.json'));
      symlinkSync(join(original, 'report.json'), join(x, 'report.json'));
    });
    const v = await verifyEvidenceDirectory(d);
    expect(v).toEqual({
      ok: false,
      problems: [
        { file: 'report.json', message: 'is a symbolic link, not a regular file' },
        { file: 'report.json', message: 'is listed in the index but missing from the directory' },
      ],
      indexSha256: indexSha,
    });
  });

  it('names a missing or broken evidence.json', async () => {
    const gone = copy((x) => unlinkSync(join(x, 'evidence.json')));
    expect(await verifyEvidenceDirectory(gone)).toEqual({
      ok: false,
      problems: [{ file: 'evidence.json', message: 'is missing: the directory has no evidence index' }],
    });
    const broken = copy((x) => writeFileSync(join(x, 'evidence.json'), '{"format":"mlgov-evidence-bundle/1",'));
    const v = await verifyEvidenceDirectory(broken);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems[0]).toMatchObject({ file: 'evidence.json', line: 1 });
    const r = await runMlgov(['audit', 'verify-bundle', gone], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${gone}: evidence.json is missing: the directory has no evidence index\n`);
  });
});
