/**
 * The parts a mutation run tests (mutation/parts.mjs): every module of a folder is in exactly one part, so a new
 * module cannot be left out of the run unseen, and every part of src/evidence has its own test set in
 * stryker.config.json (without one it would fall back to the common set, which leaves out the CLI suites that
 * drive its modules).
 */
import { describe, expect, it } from '@jest/globals';
import { globSync, readFileSync } from 'node:fs';
import { matchesGlob } from 'node:path';
// @ts-expect-error: plain ESM without types (a project tool, not part of the build)
import { PARTS as parts } from '../../mutation/parts.mjs';

const PARTS = parts as Record<
  string,
  Array<[string, string, { concurrency?: number; timeoutFactor?: number; timeoutMS?: number }?]>
>;

const config = JSON.parse(readFileSync('stryker.config.json', 'utf8')) as {
  mutate: string[];
  hotRunner: { testFilesFor: Record<string, string[]> };
};

describe('the parts of a mutation run', () => {
  it('cover the folders the configuration mutates, and nothing else', () => {
    expect(Object.keys(PARTS).map((folder) => `src/${folder}/**/*.ts`)).toEqual(config.mutate);
  });

  it.each(Object.entries(PARTS))('every module of src/%s is in exactly one part', (folder, parts) => {
    const modules = globSync(`src/${folder}/**/*.ts`);
    expect(modules.length).toBeGreaterThan(0);
    for (const module of modules) {
      const holders = parts.filter(([, pattern]) => matchesGlob(module, pattern));
      expect([module, holders.length]).toEqual([module, 1]);
    }
  });

  it('every part of src/evidence has its own test set, and each set names files that exist', () => {
    for (const [, pattern] of PARTS.evidence!) {
      const set = config.hotRunner.testFilesFor[pattern];
      expect([pattern, Array.isArray(set)]).toEqual([pattern, true]);
      for (const entry of set!.filter((e) => !e.startsWith('!'))) {
        expect([entry, globSync(entry).length > 0]).toEqual([entry, true]);
      }
    }
  });

  it('every part has its record of results, and every record is a part (RESULTS.md is written from them)', () => {
    const names = Object.values(PARTS).flatMap((parts) => parts.map(([name]) => name));
    const records = globSync('mutation/parts/*.json').map((path) => {
      const record = JSON.parse(readFileSync(path, 'utf8')) as { part: string; files: Record<string, unknown> };
      expect([path, record.part]).toEqual([path, path.slice('mutation/parts/'.length, -'.json'.length)]);
      return record;
    });
    expect(records.map((r) => r.part).sort()).toEqual([...names].sort());
    // Each record holds the modules of its own part only.
    for (const record of records) {
      const pattern = Object.values(PARTS)
        .flat()
        .find(([name]) => name === record.part)![1];
      for (const file of Object.keys(record.files))
        expect([record.part, file, matchesGlob(file, pattern)]).toEqual([record.part, file, true]);
    }
  });

  it('part names are unique (each names its report and incremental file)', () => {
    const names = Object.values(PARTS).flatMap((parts) => parts.map(([name]) => name));
    expect(new Set(names).size).toBe(names.length);
  });
});
