/**
 * Which manifest changes are one release (`releaseSpans` in src/evidence/period-audit.ts): consecutive changes of
 * the same name, version and release type. A manifest without a `release` object and one whose release type is
 * empty say the same (no type), so they are one release; a type that differs starts another.
 */
import { describe, expect, it } from '@jest/globals';
import type { Manifest } from '../../src/formats/manifest.js';
import { audit, release } from './period-audit-fixtures.js';

const release100 = () => release('1.0.0');

/** The fixture's release 1.0.0 with `release` dropped (undefined) or set as given. */
const bytesWith = (release: unknown): Buffer => {
  const m: Record<string, unknown> = { ...(release100().manifest as unknown as Record<string, unknown>) };
  if (release === undefined) delete m['release'];
  else m['release'] = release;
  return Buffer.from(JSON.stringify(m as unknown as Manifest, null, 2) + '\n');
};

describe('the releases of a history', () => {
  it('no release object and an empty release type are one release; another type is another release', () => {
    const report = audit([{ manifest: bytesWith(undefined) }, { manifest: bytesWith({ type: '' }) }]);
    expect(report.releases.map((r) => [r.version, r.commits.length])).toStrictEqual([['1.0.0', 2]]);
    const split = audit([{ manifest: bytesWith(undefined) }, { manifest: bytesWith({ type: 'promotion' }) }]);
    expect(split.releases.map((r) => [r.version, r.commits.length])).toStrictEqual([
      ['1.0.0', 1],
      ['1.0.0', 1],
    ]);
  });
});
