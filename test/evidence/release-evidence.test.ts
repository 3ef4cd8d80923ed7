// What record mode keeps of a merged release: the gate's reports, each model's manifest and bias report at the paths
// the release locator gives, the policy and the audit log(s). Each case compares the whole list of files, in order,
// with their bytes: a file added, dropped, renamed or read from elsewhere is a failure.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { verifyEvidenceDirectory } from '../../src/evidence/evidence-bundle.js';
import { collectReleaseEvidence, writeReleaseEvidence } from '../../src/evidence/release-evidence.js';

const POLICY = '.github/governance-policy.yml';
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlgov-release-evidence-'));
  dirs.push(dir);
  return dir;
}

/** A repository folder holding each path with its own path as content (so a file read from elsewhere shows). */
function repository(paths: string[]): string {
  const root = tempDir();
  for (const p of paths) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), `${p}\n`);
  }
  return root;
}

const FRAUD = {
  name: 'fraud-detection',
  manifest: 'model/manifest.json',
  biasReport: 'reports/latest-bias-report.json',
  archiveDir: 'artifacts',
};
const CREDIT = {
  name: 'credit-scoring',
  manifest: 'models/credit/manifest.json',
  biasReport: 'models/credit/bias.json',
  archiveDir: 'artifacts',
};

const listed = (files: Array<{ path: string; bytes: Uint8Array }>) =>
  files.map((f) => [f.path, Buffer.from(f.bytes).toString('utf8')]);

describe('collectReleaseEvidence', () => {
  it('keeps one unnamed model flat, the reports first, a missing report left out, the log by its own name', async () => {
    const root = repository([FRAUD.manifest, FRAUD.biasReport, POLICY, 'artifacts/audit-log.jsonl']);
    const out = tempDir();
    writeFileSync(join(out, 'report.json'), '{"verdict":"pass"}\n');
    const files = await collectReleaseEvidence({
      root,
      policyPath: POLICY,
      reports: [
        { path: 'report.json', file: join(out, 'report.json') },
        { path: 'report.sarif', file: join(out, 'not-written.sarif') },
      ],
      models: [{ ...FRAUD, name: undefined }],
    });
    expect(listed(files)).toStrictEqual([
      ['report.json', '{"verdict":"pass"}\n'],
      ['manifest.json', `${FRAUD.manifest}\n`],
      ['bias-report.json', `${FRAUD.biasReport}\n`],
      ['governance-policy.yml', `${POLICY}\n`],
      ['audit-log.jsonl', 'artifacts/audit-log.jsonl\n'],
    ]);
  });

  it('gives each named model a folder (even a single one) and one shared log one file', async () => {
    const root = repository([FRAUD.manifest, FRAUD.biasReport, CREDIT.manifest, CREDIT.biasReport, POLICY]);
    mkdirSync(join(root, 'artifacts'));
    writeFileSync(join(root, 'artifacts/audit-log.jsonl'), 'the shared log\n');
    const one = await collectReleaseEvidence({ root, policyPath: POLICY, reports: [], models: [FRAUD] });
    expect(listed(one)).toStrictEqual([
      ['fraud-detection/manifest.json', `${FRAUD.manifest}\n`],
      ['fraud-detection/bias-report.json', `${FRAUD.biasReport}\n`],
      ['governance-policy.yml', `${POLICY}\n`],
      ['audit-log.jsonl', 'the shared log\n'],
    ]);
    const two = await collectReleaseEvidence({
      root,
      policyPath: POLICY,
      reports: [],
      models: [FRAUD, { ...CREDIT, archiveDir: 'artifacts//' }],
    });
    expect(listed(two)).toStrictEqual([
      ['fraud-detection/manifest.json', `${FRAUD.manifest}\n`],
      ['fraud-detection/bias-report.json', `${FRAUD.biasReport}\n`],
      ['credit-scoring/manifest.json', `${CREDIT.manifest}\n`],
      ['credit-scoring/bias-report.json', `${CREDIT.biasReport}\n`],
      ['governance-policy.yml', `${POLICY}\n`],
      ['audit-log.jsonl', 'the shared log\n'],
    ]);
  });

  it('names each log by its folder when the models keep separate archives, and leaves out one not written yet', async () => {
    const root = repository([
      FRAUD.manifest,
      FRAUD.biasReport,
      CREDIT.manifest,
      POLICY,
      'artifacts/audit-log.jsonl',
      'models/credit/artifacts/audit-log.jsonl',
    ]);
    const third = {
      name: 'churn',
      manifest: 'churn/manifest.json',
      biasReport: 'churn/bias.json',
      archiveDir: 'churn/a',
    };
    const files = await collectReleaseEvidence({
      root,
      policyPath: POLICY,
      reports: [],
      models: [FRAUD, { ...CREDIT, archiveDir: 'models/credit/artifacts' }, third],
    });
    expect(listed(files)).toStrictEqual([
      ['fraud-detection/manifest.json', `${FRAUD.manifest}\n`],
      ['fraud-detection/bias-report.json', `${FRAUD.biasReport}\n`],
      ['credit-scoring/manifest.json', `${CREDIT.manifest}\n`],
      ['governance-policy.yml', `${POLICY}\n`],
      ['audit-logs/artifacts/audit-log.jsonl', 'artifacts/audit-log.jsonl\n'],
      ['audit-logs/models/credit/artifacts/audit-log.jsonl', 'models/credit/artifacts/audit-log.jsonl\n'],
    ]);
  });

  it('keeps the first of two files for one path, and never reads through a link out of the repository', async () => {
    const root = repository([FRAUD.biasReport, POLICY]);
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.json'), 'not the repository’s\n');
    mkdirSync(join(root, 'model'));
    symlinkSync(join(outside, 'secret.json'), join(root, FRAUD.manifest));
    const out = tempDir();
    writeFileSync(join(out, 'a.json'), 'first\n');
    writeFileSync(join(out, 'b.json'), 'second\n');
    const files = await collectReleaseEvidence({
      root,
      policyPath: POLICY,
      reports: [
        { path: 'report.json', file: join(out, 'a.json') },
        { path: 'report.json', file: join(out, 'b.json') },
      ],
      models: [{ ...FRAUD, name: undefined }],
    });
    expect(listed(files)).toStrictEqual([
      ['report.json', 'first\n'],
      ['bias-report.json', `${FRAUD.biasReport}\n`],
      ['governance-policy.yml', `${POLICY}\n`],
    ]);
  });
});

describe('writeReleaseEvidence', () => {
  it('writes the files and an index naming the subject, which the offline verifier accepts', async () => {
    const root = repository([FRAUD.manifest, FRAUD.biasReport, POLICY, 'artifacts/audit-log.jsonl']);
    const dir = join(tempDir(), 'evidence');
    const written = await writeReleaseEvidence(dir, {
      root,
      policyPath: POLICY,
      reports: [],
      models: [{ ...FRAUD, name: undefined }],
      subject: { commit: 'c'.repeat(40), verdict: 'pass' },
      generatedAt: '2026-12-02T10:00:00.000Z',
    });
    expect(written).toStrictEqual(
      ['manifest.json', 'bias-report.json', 'governance-policy.yml', 'audit-log.jsonl', 'evidence.json'].map((p) =>
        join(dir, p),
      ),
    );
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(`${FRAUD.manifest}\n`);
    const index = JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8')) as Record<string, unknown>;
    expect(index).toMatchObject({ commit: 'c'.repeat(40), verdict: 'pass', generatedAt: '2026-12-02T10:00:00.000Z' });
    const verified = await verifyEvidenceDirectory(dir);
    expect(verified).toMatchObject({ ok: true, files: 4 });
  });
});
