/**
 * The period audit of a single-model policy (readAuditInput in src/evidence/audit-history.ts, real temp
 * repositories): `--model NAME` labels the one model rather than looking for a listed name (a single-model policy
 * names no model; the manifest does); an archive folder written with trailing slashes is the same folder, its log and
 * evidence files found under it and the log reported under the folder's plain name; an archive file whose object git
 * lost is left out, not read as empty; and each release carries the sign-off rule of the policy at its own commit
 * (the tip's where that version does not parse) with its bias report. The mutation run left each of these alive in
 * the module's own test set.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { auditInputOf } from './audit-input-of.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
});

const POLICY_FILE = '.github/governance-policy.yml';
const policy = (archiveDir: string, jira = '') =>
  `version: 1\nmodel: { manifest: model/manifest.json, biasReport: reports/bias.json, archiveDir: ${archiveDir} }\n${jira}`;
const SIGN_OFF = "jira:\n  signOff: { attachment: 'sign-off*.pdf' }\n";
const manifest = (version: string) => `{"name":"fraud-detection","version":"${version}"}\n`;

function newRepo(): TempRepo {
  const repo = createTempRepo('mlgov-audit-single-');
  repos.push(repo);
  return repo;
}

function commit(repo: TempRepo, subject: string, at: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
    writeFileSync(join(repo.dir, path), text);
  }
  return repo.commitAll(subject, at);
}

/**
 * A repository whose policy writes the archive folder as `archiveDir` (its files are in `folder`), with one release,
 * 0.9.0 archived beside a file that is not evidence, and the audit log.
 */
function singleModelRepo(archiveDir: string, folder: string): { repo: TempRepo; release: string } {
  const repo = newRepo();
  const release = commit(repo, 'Release 1.0.0', '2025-02-01T09:00:00Z', {
    [POLICY_FILE]: policy(archiveDir),
    'model/manifest.json': manifest('1.0.0'),
    'reports/bias.json': '{"schemaVersion":"1.0"}\n',
    [`${folder}/audit-log.jsonl`]: '{"seq":1}\n',
    [`${folder}/fraud-detection/0.9.0/manifest.json`]: manifest('0.9.0'),
    [`${folder}/fraud-detection/0.9.0/evidence.json`]: '{}\n',
    [`${folder}/fraud-detection/0.9.0/notes.txt`]: 'not evidence\n',
  });
  return { repo, release };
}

const audit = auditInputOf;

describe('--model with a single-model policy', () => {
  it('labels the one model with the name given; without it the model has no name', async () => {
    const { repo, release } = singleModelRepo('artifacts', 'artifacts');
    const named = await audit(repo, 'fraud-detection');
    expect(named.listsModels).toBe(false);
    expect(named.models.map((m) => [m.name, m.changes.map((c) => c.commit)])).toStrictEqual([
      ['fraud-detection', [release]],
    ]);
    expect(named.models[0]!.policy.model.manifest).toBe('model/manifest.json');
    expect((await audit(repo)).models.map((m) => m.name)).toStrictEqual([undefined]);
  });
});

describe('an archive folder written with trailing slashes', () => {
  it("is the same folder: its log and its evidence files are read, under the folder's plain name", async () => {
    const { repo, release } = singleModelRepo('evidence/archive//', 'evidence/archive');
    const input = await audit(repo);
    expect(input.logs).toStrictEqual([
      {
        archiveDir: 'evidence/archive',
        text: '{"seq":1}\n',
        history: [
          {
            commit: release,
            committedAt: '2025-02-01T09:00:00.000Z',
            subject: 'Release 1.0.0',
            text: '{"seq":1}\n',
            mode: '100644',
          },
        ],
      },
    ]);
    expect(Object.keys(input.archiveFiles)).toStrictEqual([
      'evidence/archive/fraud-detection/0.9.0/evidence.json',
      'evidence/archive/fraud-detection/0.9.0/manifest.json',
    ]);
  });
});

describe('an archive file at the tip whose object git has lost', () => {
  it('is left out of the archive files (absent, never empty bytes); the rest of the folder is read', async () => {
    const { repo } = singleModelRepo('artifacts', 'artifacts');
    const blob = repo.git('rev-parse', 'HEAD:artifacts/fraud-detection/0.9.0/evidence.json').trim();
    rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const input = await audit(repo);
    expect(Object.keys(input.archiveFiles)).toStrictEqual(['artifacts/fraud-detection/0.9.0/manifest.json']);
  });
});

describe('the rules each release was merged under', () => {
  it("are the policy's at the release's own commit; where that version does not parse, the tip's", async () => {
    const repo = newRepo();
    commit(repo, 'Release 1.0.0 under a sign-off rule', '2025-02-01T09:00:00Z', {
      [POLICY_FILE]: policy('artifacts', SIGN_OFF),
      'model/manifest.json': manifest('1.0.0'),
      'reports/bias.json': '{"schemaVersion":"1.0"}\n',
    });
    commit(repo, 'Release 1.1.0 under a broken policy', '2025-03-01T09:00:00Z', {
      [POLICY_FILE]: 'version: 1\nmodel: [\n',
      'model/manifest.json': manifest('1.1.0'),
    });
    commit(repo, 'Release 1.2.0 without a sign-off rule', '2025-04-01T09:00:00Z', {
      [POLICY_FILE]: policy('artifacts'),
      'model/manifest.json': manifest('1.2.0'),
    });
    const input = await audit(repo);
    expect(input.listsModels).toBe(false);
    expect(
      input.models[0]!.changes.map((c) => [
        c.subject,
        c.signOffRequired,
        c.manifest && Buffer.from(c.manifest).toString('utf8'),
        c.biasReport && Buffer.from(c.biasReport).toString('utf8'),
      ]),
    ).toStrictEqual([
      ['Release 1.0.0 under a sign-off rule', true, manifest('1.0.0'), '{"schemaVersion":"1.0"}\n'],
      ['Release 1.1.0 under a broken policy', false, manifest('1.1.0'), '{"schemaVersion":"1.0"}\n'],
      ['Release 1.2.0 without a sign-off rule', false, manifest('1.2.0'), '{"schemaVersion":"1.0"}\n'],
    ]);
  });
});
