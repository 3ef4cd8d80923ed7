import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestDigest, reportContentSha256 } from '../../src/formats/canonical-digest.js';
import { lfsPointerText, makeTempRepo, sha256Of, type TempRepo } from '../adapters/hash-fixtures.js';
import { runMlgov } from '../support/cli-io.js';

const WEIGHTS = 'weights v2 bytes';
const TOKENIZER = '{"vocab": []}';
const REPORT = '{"schemaVersion": "1.0"}\n';

let repo: TempRepo;

/** A manifest whose artifacts (and bias report) match the files, with two approvals; written as 2-space JSON. */
function manifestValue(): Record<string, unknown> {
  return {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: '2.4.0',
    artifacts: [
      { path: 'model/weights/model.onnx', sha256: sha256Of(WEIGHTS), size: Buffer.byteLength(WEIGHTS) },
      { path: 'model/weights/tokenizer.json', sha256: sha256Of(TOKENIZER), size: Buffer.byteLength(TOKENIZER) },
    ],
    biasReport: { path: 'reports/latest-bias-report.json', sha256: sha256Of(REPORT) },
    approvals: [
      {
        approver: 'alice',
        role: 'governance-board',
        decision: 'approved',
        at: '2026-11-01T10:00:00Z',
        manifestDigest: 'sha256:x',
      },
      {
        approver: 'bob',
        role: 'regulatory-affairs',
        decision: 'approved',
        at: '2026-11-02T10:00:00Z',
        manifestDigest: 'sha256:x',
      },
    ],
  };
}

function writeManifest(value: unknown, rel = 'model/manifest.json'): void {
  repo.write(rel, JSON.stringify(value, null, 2) + '\n');
}

const readManifestText = (rel = 'model/manifest.json') => readFileSync(join(repo.root, rel), 'utf8');
const checksums = (...argv: string[]) => runMlgov(['checksums', '--repo', repo.root, ...argv], { cwd: '/' });

beforeEach(() => {
  repo = makeTempRepo('mlgov-cli-checksums-');
  repo.write('model/weights/model.onnx', WEIGHTS);
  repo.write('model/weights/tokenizer.json', TOKENIZER);
  repo.write('reports/latest-bias-report.json', REPORT);
  writeManifest(manifestValue());
});
afterEach(() => repo.cleanup());

describe('mlgov checksums', () => {
  it('prints the table and exits 0 when every file matches', async () => {
    const run = await checksums();
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^path\s+size\s+sha256\s+status$/);
    expect(lines[1]).toMatch(new RegExp(`^model/weights/model.onnx\\s+16\\s+${sha256Of(WEIGHTS)}\\s+ok$`));
    expect(lines[3]).toMatch(/^reports\/latest-bias-report.json \(bias report\)\s+25\s+[0-9a-f]{64}\s+ok$/);
    expect(run.stdout).toContain('all 3 file(s) match model/manifest.json');
  });

  it('exits 1 and names the difference when a byte changed', async () => {
    repo.write('model/weights/model.onnx', 'weights v2 bytez');
    const run = await checksums();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/model\/weights\/model.onnx\s+16\s+[0-9a-f]{64}\s+mismatch/);
    expect(run.stdout).toContain(
      `model/weights/model.onnx: sha256 ${sha256Of(WEIGHTS)} declared, ${sha256Of('weights v2 bytez')} found`,
    );
    expect(run.stdout).toContain('mlgov checksums --write');
  });

  it('--format json reports every file with declared and observed values', async () => {
    repo.write('model/weights/tokenizer.json', '{}');
    const run = await checksums('--format', 'json');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { match: boolean; files: Array<Record<string, unknown>> };
    expect(out.match).toBe(false);
    expect(out.files[1]).toEqual({
      role: 'artifact',
      path: 'model/weights/tokenizer.json',
      status: 'mismatch',
      declared: { sha256: sha256Of(TOKENIZER), size: Buffer.byteLength(TOKENIZER) },
      observed: { size: 2, sha256: sha256Of('{}') },
    });
  });

  it('a missing artifact exits 1 with status missing', async () => {
    const value = manifestValue();
    (value['artifacts'] as unknown[]).push({ path: 'model/weights/gone.bin', sha256: 'a'.repeat(64), size: 1 });
    writeManifest(value);
    const run = await checksums();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/model\/weights\/gone.bin\s+-\s+-\s+missing/);
  });

  it('--fail-fast stops at the first difference', async () => {
    repo.write('model/weights/model.onnx', 'changed');
    const run = await checksums('--fail-fast', '--format', 'json');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { files: Array<{ status: string }> };
    expect(out.files.map((f) => f.status)).toEqual(['mismatch', 'not-hashed', 'not-hashed']);
  });

  it('an LFS pointer is compared by its oid and size', async () => {
    const oid = sha256Of('real weights');
    repo.write('model/weights/model.onnx', lfsPointerText(oid, 5_000_000));
    const value = manifestValue();
    (value['artifacts'] as Array<Record<string, unknown>>)[0] = {
      path: 'model/weights/model.onnx',
      sha256: oid,
      size: 5_000_000,
    };
    writeManifest(value);
    const run = await checksums();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`model/weights/model.onnx\\s+5000000 \\(lfs\\)\\s+${oid}\\s+ok`));
  });

  it('reads the manifest path from the policy', async () => {
    writeManifest(manifestValue(), 'release/manifest.json');
    repo.write('model/manifest.json', 'not json');
    repo.write('.github/governance-policy.yml', 'version: 1\nmodel:\n  manifest: release/manifest.json\n');
    const run = await checksums();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('match release/manifest.json');
  });

  it('shows a progress bar on stderr only on a TTY', async () => {
    const run = await runMlgov(['checksums', '--repo', repo.root], { cwd: '/', isTTY: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('hashing');
  });

  it('an unreadable manifest exits 2 with the reason', async () => {
    repo.write('model/manifest.json', '{"name": "a", "name": "b"}');
    const run = await checksums();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('model/manifest.json is not valid JSON');
  });
});

describe('mlgov checksums --write', () => {
  it('updates only the changed members, keeps the formatting, and lists the approvals it voids', async () => {
    // A hand-formatted manifest: a compact array and key order that re-serialising would change.
    const text = readManifestText().replace('"version": "2.4.0",', '"version": "2.4.0", "tags": [1, 2],');
    repo.write('model/manifest.json', text);
    const digestBefore = manifestDigest(JSON.parse(text) as object);
    repo.write('model/weights/model.onnx', 'new weights, longer');
    repo.write('reports/latest-bias-report.json', '{"schemaVersion": "1.1"}\n');

    const run = await checksums('--write');
    expect(run.code).toBe(0);
    const after = readManifestText();
    const expectedText = text
      .replace(sha256Of(WEIGHTS), sha256Of('new weights, longer'))
      .replace('"size": 16', '"size": 19')
      // The bias report is bound by its content form (the canonical report without approvals).
      .replace(sha256Of(REPORT), reportContentSha256({ schemaVersion: '1.1' }));
    expect(after).toBe(expectedText);
    expect(run.stdout).toContain('updated model/manifest.json:');
    expect(run.stdout).toContain('/artifacts/0/size: 16 -> 19');
    expect(run.stdout).toContain(`manifest digest: ${digestBefore} -> ${manifestDigest(JSON.parse(after) as object)}`);
    expect(run.stdout).toContain('these existing approvals no longer count and must be renewed');
    expect(run.stdout).toContain('  - alice (governance-board, approved 2026-11-01T10:00:00Z)');
    expect(run.stdout).toContain('  - bob (regulatory-affairs, approved 2026-11-02T10:00:00Z)');
    expect((await checksums()).code).toBe(0);
  });

  it("fills members that do not exist yet (re-serialised with the file's indentation)", async () => {
    const value = manifestValue();
    (value['artifacts'] as Array<Record<string, unknown>>)[1] = { path: 'model/weights/tokenizer.json' };
    delete value['approvals'];
    writeManifest(value);
    const run = await checksums('--write');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('approvals');
    const after = readManifestText();
    expect(after.endsWith('}\n')).toBe(true);
    const written = JSON.parse(after) as { artifacts: Array<Record<string, unknown>> };
    expect(written.artifacts[1]).toEqual({
      path: 'model/weights/tokenizer.json',
      size: Buffer.byteLength(TOKENIZER),
      sha256: sha256Of(TOKENIZER),
    });
    expect(after).toBe(JSON.stringify(written, null, 2) + '\n');
  });

  it('says so and writes nothing when already up to date', async () => {
    const before = readManifestText();
    const run = await checksums('--write');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('already up to date; nothing written');
    expect(readManifestText()).toBe(before);
  });

  it('--dry-run shows the plan and writes nothing', async () => {
    repo.write('model/weights/model.onnx', 'other');
    const before = readManifestText();
    const run = await checksums('--write', '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('would update model/manifest.json');
    expect(run.stdout).toContain('these approvals would no longer count');
    expect(readManifestText()).toBe(before);
  });

  it.each([
    ['a missing file', 'model/weights/gone.bin', 'model/weights/gone.bin is missing'],
    ['a path outside the repository', '../outside.bin', '../outside.bin is outside the repository'],
  ])('refuses %s: exit 2, nothing written', async (_label, path, message) => {
    const value = manifestValue();
    (value['artifacts'] as unknown[]).push({ path, sha256: 'a'.repeat(64), size: 1 });
    writeManifest(value);
    repo.write('model/weights/model.onnx', 'changed too');
    const before = readManifestText();
    const run = await checksums('--write');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('nothing was written');
    expect(readManifestText()).toBe(before);
  });

  it('refuses --write with --fail-fast (bad usage)', async () => {
    const run = await checksums('--write', '--fail-fast');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fail-fast cannot be combined with --write');
  });
});
