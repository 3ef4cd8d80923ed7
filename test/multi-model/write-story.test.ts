/**
 * Issue #13's story: with fraud-detection and credit-scoring side by side, credit-scoring is retrained, the gate
 * says its checksums differ, and the user follows the fix. With --model credit-scoring only credit-scoring's manifest
 * is rewritten: fraud-detection's files, and the approvals bound to its manifest, are untouched and still bound.
 * Without --model the command is refused instead of rewriting whichever model it guessed.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { createTwoModelRepo, CREDIT, FRAUD, type TwoModelRepo } from '../support/two-models.js';
import { fingerprint, mlgov } from './write-fixtures.js';

let repo: TwoModelRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

const readManifest = (dir: string, path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8')) as Manifest;

/** The approvals still bound to the manifest as it is (what the approvals check counts). */
function boundApprovers(m: Manifest): string[] {
  const { approvals, ...rest } = m;
  const digest = manifestDigest(rest as Manifest);
  return (approvals ?? []).filter((a) => a.manifestDigest === digest).map((a) => a.approver);
}

describe('following the checksums fix for credit-scoring', () => {
  it("rewrites credit-scoring's manifest only; fraud-detection and its approvals are untouched", async () => {
    repo = createTwoModelRepo();
    appendFileSync(join(repo.dir, 'models/credit-scoring/weights/model.onnx'), 'retrained on November data\n');
    const fraudBefore = fingerprint(repo.dir, 'fraud-detection');
    expect(boundApprovers(readManifest(repo.dir, FRAUD.manifest))).toEqual(['alice', 'bob']);

    const found = await mlgov(repo, 'checksums', '--model', 'credit-scoring');
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(
      '1 file(s) differ from models/credit-scoring/manifest.json:\n' +
        '  models/credit-scoring/weights/model.onnx: size 30 declared, 57 found; sha256 ',
    );
    expect(found.stdout).toContain(
      'If the changes are intended, run `mlgov checksums --write --model credit-scoring`.',
    );

    // The fix without naming the model is refused, not applied to a guessed one.
    const unnamed = await mlgov(repo, 'checksums', '--write');
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('fix: pass --model NAME, one of: fraud-detection, credit-scoring');
    expect(fingerprint(repo.dir, 'fraud-detection')).toEqual(fraudBefore);

    const fixed = await mlgov(repo, 'checksums', '--write', '--model', 'credit-scoring');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain(
      `updated ${CREDIT.manifest}:\n  /artifacts/0/size: 30 -> 57\n  /artifacts/0/sha256:`,
    );
    expect(fixed.stdout).toContain('these existing approvals no longer count and must be renewed (mlgov approve):');
    expect((await mlgov(repo, 'checksums', '--model', 'credit-scoring')).code).toBe(0);

    expect(fingerprint(repo.dir, 'fraud-detection')).toEqual(fraudBefore);
    expect(boundApprovers(readManifest(repo.dir, FRAUD.manifest))).toEqual(['alice', 'bob']);
    expect((await mlgov(repo, 'checksums', '--model', 'fraud-detection')).code).toBe(0);
    // credit-scoring's approvals were bound to the old digest: void until the board approves again.
    expect(boundApprovers(readManifest(repo.dir, CREDIT.manifest))).toEqual([]);
  });
});
