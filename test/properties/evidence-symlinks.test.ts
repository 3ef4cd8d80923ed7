/**
 * Principle 4 (write side), as a property: a symlink placed at any component of any path a write command writes —
 * the archive folder, the model's archive folder, a version folder, an archived file, the audit log, the manifest's
 * folder, the manifest, the bias report's folder, the bias report — leading outside the repository or to a shadow
 * copy inside it, makes that command refuse (exit 1 or 2, naming the link), and nothing changes: not the folder
 * outside, not the repository.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  buildTemplate,
  componentsOf,
  fingerprint,
  plantLink,
  removeTemplate,
  sandbox,
  WRITES,
  type LinkTarget,
  type WriteCommand,
} from '../evidence/evidence-paths.js';

beforeAll(async () => {
  await buildTemplate();
}, 60_000);
afterAll(removeTemplate);

const COMMANDS: WriteCommand[] = ['archive', 'approve', 'rollback', 'checksums'];

/** A command, a component of one of the paths it writes, and where the planted link leads. */
const attack = fc.constantFrom(...COMMANDS).chain((command) =>
  fc.record({
    command: fc.constant(command),
    component: fc.constantFrom(...componentsOf(command)),
    target: fc.constantFrom<LinkTarget>('outside', 'inside'),
  }),
);

describe('a symlink anywhere on an evidence path (property)', () => {
  it('is refused by every write command, and nothing is written outside the repository or changed inside it', async () => {
    await fc.assert(
      fc.asyncProperty(attack, async ({ command, component, target }) => {
        const box = sandbox();
        try {
          const isFolder = WRITES[command].some((p) => p.startsWith(component + '/'));
          box.prepare(command);
          plantLink(box, component, target, isFolder);
          const outsideBefore = fingerprint(box.outside);
          const repoBefore = fingerprint(box.repo);
          const r = await box.run(command);
          expect({ command, component, target, code: r.code }).toEqual({
            command,
            component,
            target,
            code: expect.any(Number),
          });
          expect(r.code === 1 || r.code === 2).toBe(true);
          expect(r.stderr).toMatch(/symbolic link|symlink/);
          expect(r.stderr).not.toMatch(/\n\s+at /); // a clear message, never a stack trace
          expect(fingerprint(box.outside)).toBe(outsideBefore);
          expect(fingerprint(box.repo)).toBe(repoBefore);
        } finally {
          box.remove();
        }
      }),
      { seed: 42, numRuns: 40 },
    );
  }, 240_000);

  it('whatever component of whichever evidence path is linked, no command writes outside the repository', async () => {
    const every = [...new Set(COMMANDS.flatMap(componentsOf))];
    const anyAttack = fc.record({
      command: fc.constantFrom(...COMMANDS),
      component: fc.constantFrom(...every),
    });
    await fc.assert(
      fc.asyncProperty(anyAttack, async ({ command, component }) => {
        const box = sandbox();
        try {
          box.prepare(command);
          plantLink(
            box,
            component,
            'outside',
            COMMANDS.some((c) => WRITES[c].some((p) => p.startsWith(component + '/'))),
          );
          const before = fingerprint(box.outside);
          const r = await box.run(command);
          expect(r.stderr).not.toMatch(/\n\s+at /);
          expect(fingerprint(box.outside)).toBe(before);
        } finally {
          box.remove();
        }
      }),
      { seed: 42, numRuns: 30 },
    );
  }, 240_000);
});
