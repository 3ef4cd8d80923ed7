/**
 * The version check before any comparison: the version's own form, the model name the policy governs, and a base
 * release that cannot be compared (unavailable, unparseable, another model, an invalid version). Each finding is
 * asserted whole (code, severity, pointer, message and fix word for word, the summary): they are what a PR author
 * reads to repair the release. The full mutation run showed the MODEL_NAME_MISMATCH rule untested and these fixes
 * and summaries never read. A PR author cannot rename the model against the policy's `models:` list nor against the
 * base release: both are errors.
 */
import { describe, expect, it } from '@jest/globals';
import { isStrictSemver, versionCheck } from '../../src/checks/version.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { BaseFacts } from '../../src/release/release-context.js';
import { jsonDocument } from '../support/release-context.js';
import {
  integrityContext,
  integrityManifest,
  lineOf,
  manifestDoc,
  type IntegrityOptions,
} from './integrity-fixtures.js';

const policy = withDefaults(undefined);
const run = (options: IntegrityOptions = {}) => versionCheck.run(integrityContext(options).ctx, policy);
const VERSION_AT = { file: 'model/manifest.json', pointer: '/version', line: lineOf(integrityManifest(), '"version"') };
const NAME_AT = { file: 'model/manifest.json', pointer: '/name', line: lineOf(integrityManifest(), '"name"') };

/** A base release at `ref` main: the head manifest at 2.3.0 after `edit`. */
function foundBase(edit: (b: Manifest) => void = () => undefined): BaseFacts {
  const b = integrityManifest();
  b.version = '2.3.0';
  edit(b);
  return { kind: 'found', ref: 'main', commit: 'b'.repeat(40), manifest: manifestDoc(b) };
}

describe('version: its own form', () => {
  it('an invalid version: the finding, its fix and the summary', () => {
    const result = run({ manifest: (m) => void (m.version = 'v2.4.0') });
    expect(result).toMatchObject({ id: 'version', status: 'fail', summary: 'invalid version' });
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'VERSION_INVALID',
        ...VERSION_AT,
        message: 'version "v2.4.0" is not a valid semantic version (MAJOR.MINOR.PATCH, e.g. 2.4.0).',
        fix: 'Write the version as SemVer 2.0.0 without a "v" prefix, e.g. "2.4.0".',
      }),
    ]);
  });

  it('a version that is not text is not SemVer, even one that reads as a number', () => {
    expect(isStrictSemver(2)).toBe(false);
    expect(isStrictSemver(undefined)).toBe(false);
    const result = run({ manifest: (m) => void ((m as unknown as { version: number }).version = 2) });
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      ['VERSION_INVALID', 'version "2" is not a valid semantic version (MAJOR.MINOR.PATCH, e.g. 2.4.0).'],
    ]);
  });
});

describe('version: the model the policy governs at this path', () => {
  it('a manifest naming another model than the policy lists is MODEL_NAME_MISMATCH at /name', () => {
    const result = run({ context: { governedName: 'credit-scoring', base: foundBase() } });
    expect(result).toMatchObject({
      id: 'version',
      status: 'fail',
      summary: 'manifest names fraud-detection, policy credit-scoring',
    });
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'MODEL_NAME_MISMATCH',
        ...NAME_AT,
        message:
          'model/manifest.json names the model "fraud-detection", but the policy lists this manifest as the model "credit-scoring".',
        fix: 'Set name to "credit-scoring", or correct the policy\'s models: entry through a reviewed pull request.',
      }),
    ]);
  });

  it('the name the policy lists passes on to the comparison with the base', () => {
    expect(run({ context: { governedName: 'fraud-detection', base: foundBase() } })).toMatchObject({
      status: 'pass',
      findings: [],
      summary: '2.3.0 → 2.4.0 (promotion)',
    });
  });
});

describe('version: a base release that cannot be compared', () => {
  it('an unavailable base: BASE_UNAVAILABLE and its summary', () => {
    const result = run({ context: { base: { kind: 'unavailable', ref: 'main', reason: 'gone', fix: 'fetch it' } } });
    expect(result).toMatchObject({ status: 'fail', summary: 'base release unavailable' });
  });

  it('a base without a manifest is an initial release, without findings', () => {
    const result = run({ context: { base: { kind: 'found', ref: 'main', commit: 'b'.repeat(40) } } });
    expect(result).toEqual({
      id: 'version',
      status: 'pass',
      summary: '2.4.0: the base main has no manifest (initial release)',
      findings: [],
    });
  });

  it.each([
    ['not parsed', undefined],
    ['null', null],
  ])('a base manifest that is %s: BASE_MANIFEST_INVALID at /version, with the fix', (_what, value) => {
    const manifest = { ...jsonDocument<Manifest>('model/manifest.json', {}), value: value as unknown as Manifest };
    const result = run({ context: { base: { kind: 'found', ref: 'main', commit: 'b'.repeat(40), manifest } } });
    expect(result).toMatchObject({ status: 'fail', summary: 'base manifest unreadable' });
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        indeterminate: true,
        code: 'BASE_MANIFEST_INVALID',
        ...VERSION_AT,
        message:
          "The base release's manifest (model/manifest.json at main) could not be parsed, so the version cannot be compared.",
        fix: 'Repair the manifest on main, or compare with another base (--base).',
      }),
    ]);
  });

  it('a base of another model: MODEL_RENAMED, its fix and summary', () => {
    const result = run({ context: { base: foundBase((b) => void (b.name = 'fraud-legacy')) } });
    expect(result).toMatchObject({ status: 'fail', summary: 'model renamed from fraud-legacy' });
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'MODEL_RENAMED',
        ...NAME_AT,
        message:
          'The model is named "fraud-detection" but the release it replaces (main) is "fraud-legacy": a pull request may not rename production\'s model.',
        fix: 'Keep "name": "fraud-legacy"; a new model needs its own manifest path in the policy, through a board-reviewed policy change.',
      }),
    ]);
  });

  it('a base version that is not SemVer: BASE_VERSION_INVALID at /version, its fix and summary', () => {
    const result = run({ context: { base: foundBase((b) => void (b.version = 'two')) } });
    expect(result).toMatchObject({ status: 'fail', summary: 'base version invalid' });
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        indeterminate: true,
        code: 'BASE_VERSION_INVALID',
        ...VERSION_AT,
        message:
          'The base release\'s version "two" (main) is not a valid semantic version, so 2.4.0 cannot be compared with it.',
        fix: 'Correct the version on main, or compare with another base (--base).',
      }),
    ]);
  });
});
