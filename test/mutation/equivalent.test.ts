/**
 * mutation/equivalent.json explains surviving mutants by the text of the line they mutate: an entry whose line was
 * edited or removed explains nothing any more, and a list that keeps such entries hides how much of it is still true.
 * Every entry must name a module that exists, a line of it as it reads now, and a reason.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';

interface Entry {
  file: string;
  line: number;
  code: string;
  mutator: string;
  reason: string;
}

const entries = JSON.parse(readFileSync('mutation/equivalent.json', 'utf8')) as Entry[];
const linesOf = new Map<string, Set<string>>();
const lines = (file: string): Set<string> => {
  if (!linesOf.has(file))
    linesOf.set(
      file,
      new Set(
        existsSync(file)
          ? readFileSync(file, 'utf8')
              .split('\n')
              .map((l) => l.trim())
          : [],
      ),
    );
  return linesOf.get(file)!;
};

describe('the equivalent mutants listed', () => {
  it('each name a line of the module as it reads now, a mutator and a reason', () => {
    const stale = entries
      .filter((e) => !lines(e.file).has(e.code) || !e.mutator || e.reason.trim().length < 20)
      .map((e) => `${e.file}:${e.line} ${e.mutator} ${e.code}`);
    expect(stale).toStrictEqual([]);
  });
});
