/**
 * `verifyLogHistory` (src/evidence/log-history.ts) on the histories its first tests left out: a log that is a link
 * or is absent from the very first version (no version before it to name), a deletion's break exactly as it is
 * returned (no `line` member at all), the link's message word for word, and commit ids shortened only when they are
 * a whole 40-64 hex digit id (a ref name that merely ends or starts with hex is shown as given). The mutation run
 * showed each of these unpinned: the message is what `mlgov log verify --history` prints to the auditor.
 */
import { describe, expect, it } from '@jest/globals';
import { verifyLogHistory, type LogVersion } from '../../src/evidence/log-history.js';

const LOG = 'artifacts/audit-log.jsonl';
const line = (n: number) => `{"seq":${n}}\n`;
const HEX40 = '0123456789abcdef0123456789abcdef01234567';

/** One version of the log, committed on 2025-01-02 with subject `s-<commit>`. */
function version(commit: string, text: string | undefined, extra: Partial<LogVersion> = {}): LogVersion {
  return {
    commit,
    committedAt: '2025-01-02T00:00:00.000Z',
    subject: `s-${commit}`,
    ...(text !== undefined ? { text } : {}),
    ...extra,
  };
}

/** The message of a history whose second version, `commit`, rewrote the first (`a`). */
function rewriteMessage(commit: string): string {
  const verdict = verifyLogHistory(LOG, [version('a', line(1)), version(commit, line(2))]);
  return verdict.ok ? '' : verdict.break.message;
}

describe('verifyLogHistory: the first version', () => {
  it('a log that is a link from its first version is named, with no previous version (empty)', () => {
    expect(verifyLogHistory(LOG, [version('a', '/etc/passwd', { mode: '120000' })])).toStrictEqual({
      ok: false,
      versions: 1,
      break: {
        kind: 'not-a-file',
        commit: 'a',
        committedAt: '2025-01-02T00:00:00.000Z',
        subject: 's-a',
        previous: '',
        message:
          'artifacts/audit-log.jsonl at a (2025-01-02, "s-a") is a symbolic link, not a log; the log is never replaced by a link',
      },
    });
  });

  it('a log absent from the first version (nothing lost yet) is no break; its later growth is judged as usual', () => {
    expect(verifyLogHistory(LOG, [version('a', undefined), version('bb', line(1))])).toStrictEqual({
      ok: true,
      versions: 2,
    });
  });
});

describe('verifyLogHistory: the break as returned', () => {
  it('a deletion has no line member; its previous version is named', () => {
    expect(verifyLogHistory(LOG, [version('a', line(1)), version('bb', undefined)])).toStrictEqual({
      ok: false,
      versions: 2,
      break: {
        kind: 'deleted',
        commit: 'bb',
        committedAt: '2025-01-02T00:00:00.000Z',
        subject: 's-bb',
        previous: 'a',
        message:
          'artifacts/audit-log.jsonl was deleted at bb (2025-01-02, "s-bb"); the audit log is append-only and is never removed',
      },
    });
  });

  it('a link replacing the log in a later version names the version before it', () => {
    const verdict = verifyLogHistory(LOG, [version('a', line(1)), version('bb', 'x', { mode: '120000' })]);
    expect(verdict).toStrictEqual({
      ok: false,
      versions: 2,
      break: {
        kind: 'not-a-file',
        commit: 'bb',
        committedAt: '2025-01-02T00:00:00.000Z',
        subject: 's-bb',
        previous: 'a',
        message:
          'artifacts/audit-log.jsonl at bb (2025-01-02, "s-bb") is a symbolic link, not a log; the log is never replaced by a link',
      },
    });
  });
});

describe('verifyLogHistory: commit ids in messages', () => {
  it('a whole 40-hex commit id is shortened to 12 digits, in "at" and in "the version of"', () => {
    const verdict = verifyLogHistory(LOG, [version(HEX40, line(1)), version(HEX40.replace('0', 'f'), line(2))]);
    expect(verdict.ok ? '' : verdict.break.message).toBe(
      `${LOG} at f123456789ab (2025-01-02, "s-${HEX40.replace('0', 'f')}") does not extend the version of 0123456789ab: line 1 differs (an event was removed, edited, reordered or inserted, and the log re-written)`,
    );
  });

  it('a name that only ends in 40 hex digits is shown whole', () => {
    const name = `release/${HEX40}`;
    expect(rewriteMessage(name)).toContain(`${LOG} at ${name} (2025-01-02,`);
  });

  it('a name that only starts with 40 hex digits is shown whole', () => {
    const name = `${HEX40}-dirty`;
    expect(rewriteMessage(name)).toContain(`${LOG} at ${name} (2025-01-02,`);
  });

  it('65 hex digits are not a commit id: shown whole', () => {
    const name = `${HEX40}${'a'.repeat(25)}`;
    expect(rewriteMessage(name)).toContain(`${LOG} at ${name} (2025-01-02,`);
  });
});
