/**
 * Bundled by audit-log.test.ts into a temp .mjs and run as a separate node process: appends `count` events to the
 * audit log of the repository in argv[2], so two real processes contend for the lock.
 */
import { appendAuditEvent } from '../../src/evidence/audit-log.js';

const [repoRoot, who, countText] = process.argv.slice(2);
const count = Number(countText);
for (let i = 0; i < count; i++) {
  await appendAuditEvent(repoRoot as string, 'artifacts', {
    actor: who as string,
    action: 'approve',
    model: 'fraud-detection',
    version: '1.0.0',
    reason: `${who} ${i}`,
  });
}
