/**
 * Issue #13: every write command acts on the one model it is asked about. For each write command, run through the
 * CLI for one model of a two-model repository, every file of the other model (manifest, bias report, weights, its
 * archive folder) and its audit events stay byte-identical, in both directions; and the command did write its own.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoModelRepo, type TwoModelRepo } from '../support/two-models.js';
import { createArchivedTwoModelRepo, fingerprint, mlgov, MODELS, otherThan, PATHS } from './write-fixtures.js';

let repo: TwoModelRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

const REASON = 'AUC dropped 8% on live traffic (INC-42)';
const FIRST: Record<string, string> = { 'fraud-detection': '2.4.0', 'credit-scoring': '1.3.0' };
const HEX = /^[0-9a-f]{64}$/;

describe.each(MODELS)('write commands for %s leave the other model byte-identical', (model) => {
  const other = otherThan(model);

  it('approve --target manifest and --target bias-report', async () => {
    repo = createTwoModelRepo();
    const before = fingerprint(repo.dir, other);
    const ownBefore = readFileSync(join(repo.dir, PATHS[model].manifest));
    const board = await mlgov(repo, 'approve', '--model', model, '--approver', 'erin', '--role', 'governance-board');
    expect(board.stderr).toBe('');
    expect(board.code).toBe(0);
    expect(board.stdout).toContain(`recorded: erin (governance-board) approved ${model} `);
    const fairness = await mlgov(
      repo,
      ...['approve', '--model', model, '--approver', 'dave', '--role', 'fairness-reviewer', '--target', 'bias-report'],
      // A note makes it a new review (the same approval given again writes nothing).
      ...['--note', 're-checked'],
    );
    expect(fairness.code).toBe(0);
    // The manifest binds the report's bytes (written before the content form), so the review re-binds it once.
    expect(fairness.stdout).toContain(`wrote ${PATHS[model].biasReport}\nwrote ${PATHS[model].manifest}\n`);
    expect(readFileSync(join(repo.dir, PATHS[model].manifest)).equals(ownBefore)).toBe(false);
    expect(fingerprint(repo.dir, other)).toEqual(before);
  });

  it('checksums --write', async () => {
    repo = createTwoModelRepo();
    const manifest = JSON.parse(readFileSync(join(repo.dir, PATHS[model].manifest), 'utf8'));
    appendFileSync(join(repo.dir, manifest.artifacts[0].path), 'retrained\n');
    const before = fingerprint(repo.dir, other);
    const r = await mlgov(repo, 'checksums', '--write', '--model', model);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`updated ${PATHS[model].manifest}:\n  /artifacts/0/size:`);
    expect((await mlgov(repo, 'checksums', '--model', model)).code).toBe(0);
    expect(fingerprint(repo.dir, other)).toEqual(before);
  });

  it('archive', async () => {
    repo = createTwoModelRepo();
    // The other model's archive folder exists first, so "untouched" covers it too.
    expect((await mlgov(repo, 'archive', '--model', other, '--base', 'main')).code).toBe(0);
    const before = fingerprint(repo.dir, other);
    expect(before[`artifacts/${other}/${FIRST[other]}/checksums.sha256`]).toMatch(HEX);
    const r = await mlgov(repo, 'archive', '--model', model, '--base', 'main', '--actor', 'rm-bot');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote artifacts/${model}/${FIRST[model]}/manifest.json`);
    expect(fingerprint(repo.dir, other)).toEqual(before);
  });

  it('rollback', async () => {
    repo = await createArchivedTwoModelRepo();
    const before = fingerprint(repo.dir, other);
    expect(before[`artifacts/${other}/${FIRST[other]}/manifest.json`]).toMatch(HEX);
    expect(JSON.parse(before['audit events']!)).toHaveLength(1);
    const [from, to] = model === 'fraud-detection' ? ['2.5.0', '2.4.0'] : ['1.4.0', '1.3.0'];
    const r = await mlgov(
      repo,
      ...['rollback', '--model', model, '--to', to, '--reason', REASON, '--base', 'main', '--actor', 'erin'],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`rolled back ${model} from ${from} to ${to}`);
    expect(JSON.parse(readFileSync(join(repo.dir, PATHS[model].manifest), 'utf8')).version).toBe(to);
    expect(fingerprint(repo.dir, other)).toEqual(before);
  });
});
