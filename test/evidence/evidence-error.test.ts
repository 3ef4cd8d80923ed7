/**
 * The evidence commands' error carries its class name, its fix and its exit code: where it is printed as an error
 * (a log line, an unexpected handler) it names itself, and the CLI maps `exitCode` to the process's exit status.
 */
import { describe, expect, it } from '@jest/globals';
import { EvidenceError } from '../../src/evidence/evidence-error.js';

describe('EvidenceError', () => {
  it('names itself, keeps its fix, and is "could not do it" (2) unless refused on the merits (1)', () => {
    const cannot = new EvidenceError('artifacts/ is not writable', 'check the folder');
    expect(String(cannot)).toBe('EvidenceError: artifacts/ is not writable');
    expect([cannot.name, cannot.message, cannot.fix, cannot.exitCode]).toStrictEqual([
      'EvidenceError',
      'artifacts/ is not writable',
      'check the folder',
      2,
    ]);
    const refused = new EvidenceError('the archive differs', undefined, 1);
    expect([refused.fix, refused.exitCode, refused instanceof Error]).toStrictEqual([undefined, 1, true]);
  });
});
