/**
 * What the period audit reads from git beyond the releases (src/evidence/audit-evidence-reader.ts), in real temp
 * repositories: the evidence files git once held and the tip no longer does, in the folders the audit expects (a
 * release's archive folder, a rollback release's `rollback-…` folder, a folder an `archive` event of the log names),
 * each with the commit that added it and the one that removed it; and the policy file at each release's commit, none
 * for a commit that had no policy file. Deleting a manifest or a bias report from the archive is exactly what a
 * retention check exists to catch; the mutation run found that no test asked for either name, nor for a folder named
 * only by the log.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { openGitRepository } from '../../src/adapters/git-repository.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import { readDeletedEvidence, readObjectChecks, readPolicyFiles } from '../../src/evidence/audit-evidence-reader.js';
import { buildChainedEvent, formatAuditLine, type AuditEvent } from '../../src/evidence/hash-chain.js';
import { auditInputOf } from './audit-input-of.js';
import { createFileHistory, type FileHistory, type TempRepo } from '../support/git-repo.js';

const POLICY_FILE = '.github/governance-policy.yml';
const POLICY = `version: 1
model: { manifest: model/manifest.json, biasReport: reports/bias.json, archiveDir: artifacts }
`;
const V100 = 'artifacts/fraud-detection/1.0.0';
const VAULT = 'vault/fraud-detection/0.9.0';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
});

function history(): FileHistory {
  const repo = createFileHistory('mlgov-audit-reader-');
  repos.push(repo);
  return repo;
}

const manifest = (version: string, release?: Record<string, unknown>) =>
  JSON.stringify({ name: 'fraud-detection', version, ...(release ? { release } : {}) }) + '\n';

/** The four files of an archive folder. */
const archived = (dir: string): Record<string, string> => ({
  [`${dir}/manifest.json`]: 'archived manifest\n',
  [`${dir}/bias-report.json`]: 'archived bias report\n',
  [`${dir}/checksums.sha256`]: 'archived checksums\n',
  [`${dir}/evidence.json`]: 'archived evidence\n',
});

/**
 * An audit log whose `archive` events name `dirs`, after an `archive` event that names no folder (no details), and
 * a `promote` event naming a folder of its own.
 */
function auditLog(dirs: unknown[]): string {
  const events: AuditEvent[] = [];
  const add = (action: AuditEvent['action'], dir?: unknown) =>
    events.push(
      buildChainedEvent(events[events.length - 1], {
        at: '2025-03-01T09:00:00Z',
        actor: 'release-bot',
        action,
        model: 'fraud-detection',
        version: '1.0.0',
        reason: null,
        ticket: null,
        ...(dir !== undefined ? { details: { dir } } : {}),
      }),
    );
  add('archive');
  for (const d of dirs) add('archive', d);
  add('promote', 'elsewhere/fraud-detection/1.0.0');
  return events.map((e) => formatAuditLine(e) + '\n').join('');
}

const audit = auditInputOf;

/** A deleted evidence file as the reader names it: the commit (and its time) that last added it, and the deleting one. */
const deletion = (path: string, added: string, addedAt: string, deleted: string, deletedAt: string) => ({
  path,
  addedCommit: added,
  addedAt,
  deletedCommit: deleted,
  deletedAt,
});

/** The folder a rollback release is archived in: `rollback-` and the first 12 hex digits of its manifest's digest. */
const rollbackFolder = (manifestText: string) =>
  `${V100}/rollback-${manifestDigest(JSON.parse(manifestText) as object)
    .replace(/^sha256:/, '')
    .slice(0, 12)}`;

describe('evidence deleted from the archive', () => {
  it('is every evidence file of an expected folder the tip lacks: when it was added and when it was removed', async () => {
    const r = history();
    r.commit('Release 1.0.0', '2025-02-01T09:00:00Z', {
      [POLICY_FILE]: POLICY,
      'model/manifest.json': manifest('1.0.0'),
    });
    const added = r.commit('Release 1.1.0', '2025-03-01T09:00:00Z', {
      'model/manifest.json': manifest('1.1.0'),
      ...archived(V100),
      // Archived outside the archive folder; the log's archive event names it.
      [`${VAULT}/manifest.json`]: 'archived manifest\n',
      [`${VAULT}/evidence.json`]: 'archived evidence\n',
      // The promote event names this folder, but only an archive event makes a folder expected.
      'elsewhere/fraud-detection/1.0.0/evidence.json': 'archived evidence\n',
      // 1.0.0's folder is expected from its manifest: the log names only the vault.
      'artifacts/audit-log.jsonl': auditLog([VAULT]),
    });
    const removed = r.commit('Prune evidence', '2025-04-01T09:00:00Z', {
      [`${V100}/manifest.json`]: null,
      [`${V100}/bias-report.json`]: null,
      [`${VAULT}/evidence.json`]: null,
      'elsewhere/fraud-detection/1.0.0/evidence.json': null,
    });
    const input = await audit(r);
    const gone = (path: string) =>
      deletion(path, added, '2025-03-01T09:00:00.000Z', removed, '2025-04-01T09:00:00.000Z');
    // 1.1.0's own folder was never written: nothing of it was deleted. The vault's other files are still there.
    expect(await readDeletedEvidence(openGitRepository(r.dir), input)).toStrictEqual([
      gone(`${V100}/manifest.json`),
      gone(`${V100}/bias-report.json`),
      gone(`${VAULT}/evidence.json`),
    ]);
  });

  it("of a rollback release is looked for in its rollback folder, named by the release's manifest digest", async () => {
    const r = history();
    const rollback = { type: 'rollback', reason: 'AUC dropped on live traffic', rollbackOf: '2.0.0' };
    const folder = rollbackFolder(manifest('1.0.0', rollback));
    r.commit('Release 2.0.0', '2025-02-01T09:00:00Z', {
      [POLICY_FILE]: POLICY,
      'model/manifest.json': manifest('2.0.0'),
    });
    const added = r.commit('Roll back to 1.0.0', '2025-03-01T09:00:00Z', {
      'model/manifest.json': manifest('1.0.0', rollback),
      [`${folder}/evidence.json`]: 'archived evidence\n',
    });
    const removed = r.commit('Prune evidence', '2025-04-01T09:00:00Z', { [`${folder}/evidence.json`]: null });
    const input = await audit(r);
    expect(await readDeletedEvidence(openGitRepository(r.dir), input)).toStrictEqual([
      deletion(`${folder}/evidence.json`, added, '2025-03-01T09:00:00.000Z', removed, '2025-04-01T09:00:00.000Z'),
    ]);
  });

  it('is not looked for in a folder an archive event names other than as text (a list holding the name)', async () => {
    // `${['vault/…']}` reads as the folder's name: only a text `dir` is a folder the log names.
    const r = history();
    r.commit('Release 1.0.0', '2025-02-01T09:00:00Z', {
      [POLICY_FILE]: POLICY,
      'model/manifest.json': manifest('1.0.0'),
      [`${VAULT}/evidence.json`]: 'archived evidence\n',
      'artifacts/audit-log.jsonl': auditLog([[VAULT]]),
    });
    r.commit('Prune evidence', '2025-04-01T09:00:00Z', { [`${VAULT}/evidence.json`]: null });
    expect(await readDeletedEvidence(openGitRepository(r.dir), await audit(r))).toStrictEqual([]);
  });

  it('deleted, added again and deleted again: named with the commit that last added it', async () => {
    const r = history();
    r.commit('Release 1.0.0', '2025-02-01T09:00:00Z', {
      [POLICY_FILE]: POLICY,
      'model/manifest.json': manifest('1.0.0'),
      [`${V100}/evidence.json`]: 'archived evidence\n',
    });
    r.commit('Prune evidence', '2025-03-01T09:00:00Z', { [`${V100}/evidence.json`]: null });
    const restored = r.commit('Restore the evidence', '2025-04-01T09:00:00Z', {
      [`${V100}/evidence.json`]: 'archived evidence\n',
    });
    const removed = r.commit('Prune it again', '2025-05-01T09:00:00Z', { [`${V100}/evidence.json`]: null });
    expect(await readDeletedEvidence(openGitRepository(r.dir), await audit(r))).toStrictEqual([
      deletion(`${V100}/evidence.json`, restored, '2025-04-01T09:00:00.000Z', removed, '2025-05-01T09:00:00.000Z'),
    ]);
  });

  it('is not looked for in a rollback folder of a release that is no rollback', async () => {
    // Only a rollback release is archived in `rollback-<digest12>/`; a promotion's folder of that name is not its own.
    const r = history();
    const promotion = manifest('1.0.0', { type: 'promotion', reason: 'beats production on MAE' });
    const folder = rollbackFolder(promotion);
    r.commit('Release 1.0.0', '2025-02-01T09:00:00Z', {
      [POLICY_FILE]: POLICY,
      'model/manifest.json': promotion,
      [`${folder}/evidence.json`]: 'archived evidence\n',
    });
    r.commit('Prune evidence', '2025-04-01T09:00:00Z', { [`${folder}/evidence.json`]: null });
    expect(await readDeletedEvidence(openGitRepository(r.dir), await audit(r))).toStrictEqual([]);
  });

  it('of a manifest whose name cannot be a folder segment is not looked for: no folder is derived from it', async () => {
    const r = history();
    r.commit('Release 1.0.0', '2025-02-01T09:00:00Z', {
      [POLICY_FILE]: POLICY,
      'model/manifest.json': JSON.stringify({ name: 'Fraud Detection', version: '1.0.0' }),
      'artifacts/Fraud Detection/1.0.0/manifest.json': 'archived manifest\n',
    });
    r.commit('Prune evidence', '2025-04-01T09:00:00Z', { 'artifacts/Fraud Detection/1.0.0/manifest.json': null });
    expect(await readDeletedEvidence(openGitRepository(r.dir), await audit(r))).toStrictEqual([]);
  });
});

describe('the policy file at each release', () => {
  it('is read at every commit that changed a release; a commit without a policy file has no entry', async () => {
    const r = history();
    const before = r.commit('Release 0.9.0 before the policy', '2025-01-10T09:00:00Z', {
      'model/manifest.json': manifest('0.9.0'),
    });
    const first = r.commit('Release 1.0.0', '2025-02-01T09:00:00Z', {
      [POLICY_FILE]: POLICY,
      'model/manifest.json': manifest('1.0.0'),
    });
    const input = await audit(r);
    expect(input.models[0]!.changes.map((c) => c.commit)).toStrictEqual([before, first]);
    const files = await readPolicyFiles(openGitRepository(r.dir), input);
    expect(Object.keys(files)).toStrictEqual([first]);
    expect(Buffer.from(files[first]!).toString('utf8')).toBe(POLICY);
  });
});

describe('the S3 objects the releases name', () => {
  it('are each answered, "could not check" without credentials; none is asked for without a release naming one', async () => {
    const r = history();
    const object = 's3://fraud-models/fraud-detection/1.0.0/model.onnx';
    r.commit('Release 1.0.0', '2025-02-01T09:00:00Z', {
      [POLICY_FILE]: POLICY,
      'model/manifest.json':
        JSON.stringify({ name: 'fraud-detection', version: '1.0.0', artifacts: [{ path: object }] }) + '\n',
    });
    r.commit('Drop the model', '2025-03-01T09:00:00Z', { 'model/manifest.json': null });
    const checks = await readObjectChecks(await audit(r), { env: {} });
    expect(Object.keys(checks)).toStrictEqual([object]);
    expect(checks[object]).toMatchObject({ kind: 'failure', verdict: 'indeterminate' });

    const without = history();
    without.commit('Release 1.0.0', '2025-02-01T09:00:00Z', {
      [POLICY_FILE]: POLICY,
      'model/manifest.json': manifest('1.0.0'),
    });
    expect(await readObjectChecks(await audit(without), { env: {} })).toStrictEqual({});
  });
});
