import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { canonicalDigest, manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { GOVERNANCE_PREDICATE_TYPE } from '../../src/export/in-toto.js';
import { withDefaults } from '../../src/policy/defaults.js';
import { parse as parseYaml } from 'yaml';
import { runMlgov } from '../support/cli-io.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { SAMPLE_FILES, SAMPLE_POLICY_YAML, sampleBaseManifest, writeSampleRelease } from '../export/fixtures.js';

let repo: TempRepo;
let manifest: Manifest;
const EPOCH = '1793577600'; // 2026-11-02T00:00:00Z

/** main holds the 2.3.0 release; the `release` branch brings 2.4.0 (the working tree). */
beforeEach(() => {
  repo = createTempRepo('mlgov-cli-export-');
  mkdirSync(join(repo.dir, 'model'), { recursive: true });
  writeFileSync(join(repo.dir, 'model/manifest.json'), JSON.stringify(sampleBaseManifest(), null, 2) + '\n');
  repo.commitAll('Release 2.3.0');
  repo.git('checkout', '-q', '-b', 'release');
  manifest = writeSampleRelease(repo.dir);
  repo.commitAll('Release 2.4.0');
});
afterEach(() => repo.remove());

const mlgov = (...argv: string[]) => runMlgov(argv, { cwd: repo.dir, env: { SOURCE_DATE_EPOCH: EPOCH } });

describe('mlgov export --format in-toto', () => {
  it('states the artifacts with the digests sha256sum computes, and the governance predicate', async () => {
    const run = await mlgov('export', '--format', 'in-toto');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const statement = JSON.parse(run.stdout);
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.predicateType).toBe(GOVERNANCE_PREDICATE_TYPE);

    // The subjects, checked against GNU sha256sum run on the files themselves.
    const paths = Object.keys(SAMPLE_FILES);
    const sums = execFileSync('sha256sum', paths, { cwd: repo.dir, encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => {
        const [digest, name] = line.split(/\s+\*?/);
        return { name, digest: { sha256: digest } };
      });
    expect(statement.subject).toEqual(sums);

    const p = statement.predicate;
    expect(p.model).toEqual({ name: 'fraud-detection', version: '2.4.0', baseVersion: '2.3.0' });
    expect(p.manifestDigest).toBe(manifestDigest(manifest));
    const policy = withDefaults(parseYaml(SAMPLE_POLICY_YAML));
    // main has no policy file, so the working tree's judges (and the statement says which one did)
    expect(p.policy).toEqual({ digest: canonicalDigest(policy), source: 'working-tree' });
    expect(p.verdict.offline).toBe(true);
    expect(['pass', 'fail']).toContain(p.verdict.result);
    expect(p.verdict.checks.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['checksums', 'bias', 'approvals', 'jira']),
    );
    expect(p.verdict.checks.find((c: { id: string }) => c.id === 'checksums').status).toBe('pass');
    expect(
      p.approvals.map((a: { approver: string; boundToThisRelease: boolean }) => [a.approver, a.boundToThisRelease]),
    ).toEqual([
      ['alice', true],
      ['bob', true],
      ['dave', true],
    ]);
    expect(p.jira.key).toBe('MLGOV-123');
    expect(p.provenance.buildDefinition.resolvedDependencies[0]).toEqual({
      uri: `git+https://github.com/acme/fraud-models@${'2'.repeat(40)}`,
      digest: { gitCommit: '2'.repeat(40) },
    });
  });

  it('prints only the predicate with --predicate-only, for cosign attest-blob and actions/attest', async () => {
    const run = await mlgov('export', '--format', 'in-toto', '--predicate-only');
    expect(run.code).toBe(0);
    const predicate = JSON.parse(run.stdout);
    expect(predicate._type).toBeUndefined();
    expect(predicate.manifestDigest).toBe(manifestDigest(manifest));
  });

  it('refuses to state a digest the file does not have', async () => {
    writeFileSync(join(repo.dir, 'model/preprocessing.json'), '{"tampered": true}\n');
    const run = await mlgov('export', '--format', 'in-toto');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('the artifacts do not match the manifest:');
    expect(run.stderr).toContain('model/preprocessing.json: sha256 is ');
    expect(run.stderr).toContain('fix: restore the files, or run `mlgov checksums --write`');
  });

  it('refuses a missing artifact', async () => {
    execFileSync('rm', [join(repo.dir, 'model/weights/model.onnx')]);
    const run = await mlgov('export', '--format', 'in-toto');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('model/weights/model.onnx: missing');
  });
});

describe('mlgov export --format cyclonedx', () => {
  it('writes an ML-BOM that validates against CycloneDX 1.6, with the files as they are', async () => {
    const run = await mlgov('export', '--format', 'cyclonedx', '--output', 'bom.json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('mlgov: cyclonedx export written to bom.json\n');
    const text = readFileSync(join(repo.dir, 'bom.json'), 'utf8');
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text)).toBeNull();
    const bom = JSON.parse(text);
    expect(bom.metadata.timestamp).toBe('2026-11-02T00:00:00.000Z');
    expect(bom.metadata.component.type).toBe('machine-learning-model');
    expect(bom.metadata.component.pedigree.ancestors[0].version).toBe('2.3.0');
    const sha = execFileSync('sha256sum', ['model/weights/model.onnx'], { cwd: repo.dir, encoding: 'utf8' }).split(
      ' ',
    )[0];
    const weights = bom.components.find((c: { name: string }) => c.name === 'model/weights/model.onnx');
    expect(weights.hashes).toEqual([{ alg: 'SHA-256', content: sha }]);
  });

  it('gives the same bytes for the same release and SOURCE_DATE_EPOCH', async () => {
    const a = await mlgov('export', '--format', 'cyclonedx');
    const b = await mlgov('export', '--format', 'cyclonedx');
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('mlgov export usage', () => {
  it('needs --format', async () => {
    const run = await mlgov('export');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format is required');
  });
  it('rejects an unknown format and --predicate-only outside in-toto', async () => {
    expect((await mlgov('export', '--format', 'spdx')).stderr).toContain('use one of: cyclonedx, in-toto');
    const run = await mlgov('export', '--format', 'cyclonedx', '--predicate-only');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--predicate-only applies to --format in-toto only');
  });
  it('says why when there is no manifest', async () => {
    execFileSync('rm', [join(repo.dir, 'model/manifest.json')]);
    const run = await mlgov('export', '--format', 'cyclonedx');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('model/manifest.json is missing or not a valid manifest');
    expect(run.stderr).toContain('fix: run `mlgov check --offline`');
  });
});
