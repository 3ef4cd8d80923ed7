/**
 * The samples in docs/samples are generated from the built-in example release (docs/samples/generate.sh). These
 * tests keep them honest: the BOM validates against CycloneDX 1.6, and the statement's subjects are the example's
 * artifacts as `sha256sum` sees them, so a changed example with stale samples fails here.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import type { Manifest } from '../../src/formats/manifest.js';
import { PROJECT_ROOT } from '../support/git-repo.js';

const samples = join(PROJECT_ROOT, 'docs/samples');
const read = (name: string): string => readFileSync(join(samples, name), 'utf8');
const STALE = 'docs/samples are stale: run `npm run bundle && bash docs/samples/generate.sh`';

describe('docs/samples', () => {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'model/manifest.json'), 'utf8')) as Manifest;

  it('ml-bom.cdx.json validates against the CycloneDX 1.6 schema and describes the example release', async () => {
    const text = read('ml-bom.cdx.json');
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text)).toBeNull();
    const bom = JSON.parse(text);
    expect({ name: bom.metadata.component.name, version: bom.metadata.component.version, stale: STALE }).toEqual({
      name: manifest.name,
      version: manifest.version,
      stale: STALE,
    });
  });

  it("statement.intoto.json names the example's artifacts with the digests sha256sum computes", () => {
    const statement = JSON.parse(read('statement.intoto.json'));
    const paths = manifest.artifacts.map((a) => a.path);
    const sums = execFileSync('sha256sum', paths, { cwd: PROJECT_ROOT, encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => {
        const [digest, name] = line.split(/\s+\*?/);
        return { name, digest: { sha256: digest } };
      });
    expect({ subject: statement.subject, stale: STALE }).toEqual({ subject: sums, stale: STALE });
    expect(JSON.parse(read('predicate.json'))).toEqual(statement.predicate);
  });

  it('the sample cards are of the example release', () => {
    expect(read('model-card.md')).toContain(`# Model card: ${manifest.name} ${manifest.version}\n`);
    expect(read('model-card.html')).toContain(`<title>Model card: ${manifest.name} ${manifest.version}</title>`);
  });
});
