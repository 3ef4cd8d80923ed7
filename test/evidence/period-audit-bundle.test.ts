/**
 * The evidence files an audit bundle carries (src/evidence/period-audit.ts, `buildAuditEvidenceFiles`), pure: each
 * release's manifest and bias report as they were when it was last changed, under `releases/<date>_<version>_<commit>/`
 * (`releases/<model>/…` when the policy lists its models, each model with its own releases only); its archive
 * folder's own files (not a primary folder's `rollback-…` subfolders) and, for a rollback archived beside it, the
 * primary folder it restores, under `archive/`; each policy file once per content; the audit log (one: at the root;
 * several: one per archive folder; an empty one: none). Names that are no file names are made safe. The full
 * mutation run left this whole function alive: only the audit CLI suites reached it.
 */
import { describe, expect, it } from '@jest/globals';
import { rollbackFolderName } from '../../src/evidence/archive-plan.js';
import {
  buildAuditEvidenceFiles,
  buildAuditReport,
  type PeriodAuditInput,
  type ReleaseChangeInput,
} from '../../src/evidence/period-audit.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import {
  archiveAt,
  bytesOf,
  coherent,
  commitOf,
  dirOf,
  history,
  logOf,
  policy,
  release,
  rollbackTo,
  type Release,
} from './period-audit-fixtures.js';

/** The audit of `input` and the bundle's files, as path → text. */
function bundle(
  input: Omit<PeriodAuditInput, 'ref' | 'tipCommit' | 'since' | 'until' | 'generatedAt' | 'toolVersion'>,
) {
  const full: PeriodAuditInput = {
    ref: 'main',
    tipCommit: 'f'.repeat(40),
    since: '2026-01-01T00:00:00.000Z',
    until: '2026-12-31T23:59:59.999Z',
    generatedAt: '2026-12-02T00:00:00.000Z',
    toolVersion: '9.9.9',
    ...input,
  };
  const files = buildAuditEvidenceFiles(buildAuditReport(full), full);
  return files.map((f) => [f.path, Buffer.from(f.bytes).toString('utf8')] as const);
}
const pathsOf = (files: ReturnType<typeof bundle>) => files.map(([path]) => path);
const textOf = (files: ReturnType<typeof bundle>, path: string) => files.find(([p]) => p === path)?.[1];
const text = (b: Uint8Array | undefined) => Buffer.from(b!).toString('utf8');
const archived = (dir: string) =>
  ['manifest.json', 'bias-report.json', 'checksums.sha256', 'evidence.json'].map((f) => `archive/${dir}/${f}`);

describe('one model', () => {
  const v1 = coherent(release('1.0.0'));
  const v1Again = release('1.0.0');
  v1Again.manifest.release = { type: 'promotion', reason: 'Retrain for release 1.0.0, notes fixed' };
  const v1b = coherent(v1Again);
  const v2: Release = { ...coherent(release('2.0.0')), report: undefined };
  const v3 = coherent(release('3.0.0'));
  const POLICY_A = Buffer.from('version: 1 # A\n');
  const changes = history([bytesOf(v1), bytesOf(v1b), bytesOf(v2), bytesOf(v3)]);
  const files = () =>
    bundle({
      policy,
      models: [{ policy, changes }],
      archiveFiles: {
        ...archiveAt(dirOf('1.0.0'), v1b),
        [`${dirOf('1.0.0')}/rollback-0123456789ab/manifest.json`]: Buffer.from('{}'),
        ...archiveAt(dirOf('2.0.0'), v2),
      },
      // 2.0.0's commit had no policy file; 3.0.0's has the same bytes as 1.0.0's.
      policyFiles: { [commitOf(1)]: POLICY_A, [commitOf(2)]: POLICY_A, [commitOf(4)]: POLICY_A },
      logs: [
        { archiveDir: 'artifacts', text: logOf([{ action: 'promote', at: '2026-02-01T11:00:00.000Z' }]).text },
        { archiveDir: 'elsewhere', text: '' },
      ],
    });

  it('each release’s files, its archive folder’s own files, the policy once, the log at the root', () => {
    const r1 = `releases/2026-02-01_1.0.0_${'1'.repeat(12)}`;
    expect(pathsOf(files())).toStrictEqual([
      `${r1}/manifest.json`,
      `${r1}/bias-report.json`,
      'archive/fraud-detection/1.0.0/manifest.json',
      'archive/fraud-detection/1.0.0/bias-report.json',
      'archive/fraud-detection/1.0.0/checksums.sha256',
      'archive/fraud-detection/1.0.0/evidence.json',
      `releases/2026-04-01_2.0.0_${'3'.repeat(12)}/manifest.json`,
      'archive/fraud-detection/2.0.0/manifest.json',
      'archive/fraud-detection/2.0.0/checksums.sha256',
      'archive/fraud-detection/2.0.0/evidence.json',
      `releases/2026-05-01_3.0.0_${'4'.repeat(12)}/manifest.json`,
      `releases/2026-05-01_3.0.0_${'4'.repeat(12)}/bias-report.json`,
      `policies/${'1'.repeat(12)}.yml`,
      'audit-log.jsonl',
    ]);
  });

  it('a release’s manifest is the one of its last change; the policy and log bytes as read', () => {
    const got = files();
    expect(textOf(got, `releases/2026-02-01_1.0.0_${'1'.repeat(12)}/manifest.json`)).toBe(text(bytesOf(v1b).manifest));
    expect(textOf(got, `policies/${'1'.repeat(12)}.yml`)).toBe('version: 1 # A\n');
    expect(textOf(got, 'audit-log.jsonl')).toBe(logOf([{ action: 'promote', at: '2026-02-01T11:00:00.000Z' }]).text);
  });
});

describe('a superseded rollback', () => {
  it('carries its own folder and the primary folder it restores; the original only its primary folder', () => {
    const v1 = coherent(release('1.0.0'));
    const rollback = rollbackTo('1.0.0', '2.0.0');
    const rollbackDir = `${dirOf('1.0.0')}/${rollbackFolderName(manifestDigest(rollback.manifest))}`;
    const v2 = coherent(release('2.0.0'));
    const v3 = coherent(release('3.0.0'));
    const files = bundle({
      policy,
      models: [{ policy, changes: history([bytesOf(v1), bytesOf(v2), bytesOf(rollback), bytesOf(v3)]) }],
      archiveFiles: { ...archiveAt(dirOf('1.0.0'), v1), ...archiveAt(rollbackDir, rollback) },
      logs: [{ archiveDir: 'artifacts', text: '' }],
    });
    const released = (folder: string) => [`releases/${folder}/manifest.json`, `releases/${folder}/bias-report.json`];
    expect(pathsOf(files)).toStrictEqual([
      ...released(`2026-02-01_1.0.0_${'1'.repeat(12)}`),
      ...archived('fraud-detection/1.0.0'),
      ...released(`2026-03-01_2.0.0_${'2'.repeat(12)}`),
      ...released(`2026-04-01_1.0.0_${'3'.repeat(12)}`),
      ...archived(rollbackDir.slice('artifacts/'.length)),
      ...archived('fraud-detection/1.0.0'),
      ...released(`2026-05-01_3.0.0_${'4'.repeat(12)}`),
    ]);
  });
});

describe('a policy that lists its models', () => {
  const change = (r: Release, commit: string, committedAt = '2026-02-01T10:00:00.000Z'): ReleaseChangeInput => ({
    commit,
    committedAt,
    subject: 's',
    ...bytesOf(r),
  });
  const churn = {
    ...policy,
    model: { ...policy.model, manifest: 'churn/manifest.json', archiveDir: 'artifacts/churn/' },
  };
  /** A release of the churn model (its manifest names it `churn`). */
  const churnRelease = (version: string): Release => {
    const r = release(version);
    r.manifest.name = 'churn';
    return coherent(r);
  };

  it('each model’s own releases and archives under its safe name; one log per archive folder', () => {
    const fraud = coherent(release('1.0.0'));
    const churn1 = churnRelease('1.0.0');
    const churnRc = churnRelease('1.0.1 rc');
    const files = bundle({
      policy,
      listsModels: true,
      models: [
        { name: 'fraud', policy, changes: [change(fraud, 'a'.repeat(40))] },
        {
          name: 'churn/eu',
          policy: churn,
          changes: [change(churn1, 'b'.repeat(40)), change(churnRc, 'c'.repeat(40), '2026-03-01T10:00:00.000Z')],
        },
      ],
      archiveFiles: archiveAt('artifacts/churn/churn/1.0.0', churn1),
      logs: [
        { archiveDir: 'artifacts', text: 'A\n' },
        { archiveDir: 'artifacts/churn/', text: 'B\n' },
      ],
    });
    expect(files).toStrictEqual([
      [`releases/fraud/2026-02-01_1.0.0_${'a'.repeat(12)}/manifest.json`, text(bytesOf(fraud).manifest)],
      [`releases/fraud/2026-02-01_1.0.0_${'a'.repeat(12)}/bias-report.json`, text(bytesOf(fraud).biasReport)],
      [`releases/churn_eu/2026-02-01_1.0.0_${'b'.repeat(12)}/manifest.json`, text(bytesOf(churn1).manifest)],
      [`releases/churn_eu/2026-02-01_1.0.0_${'b'.repeat(12)}/bias-report.json`, text(bytesOf(churn1).biasReport)],
      // Each model keeps its own archive folder: the archive sits under its full path.
      ...archived('artifacts/churn/churn/1.0.0').map((path) => [path, expect.any(String)]),
      [`releases/churn_eu/2026-03-01_1.0.1_rc_${'c'.repeat(12)}/manifest.json`, text(bytesOf(churnRc).manifest)],
      [`releases/churn_eu/2026-03-01_1.0.1_rc_${'c'.repeat(12)}/bias-report.json`, text(bytesOf(churnRc).biasReport)],
      ['audit-logs/artifacts/audit-log.jsonl', 'A\n'],
      ['audit-logs/artifacts/churn/audit-log.jsonl', 'B\n'],
    ]);
  });

  it('two models of one name and version in their own archive folders: both archives are kept, by folder', () => {
    const eu = coherent(release('1.0.0'));
    const us = coherent(release('1.0.0'));
    us.manifest.release = { type: 'promotion', reason: 'The US training snapshot of November' };
    const inFolder = (archiveDir: string) => ({ ...policy, model: { ...policy.model, archiveDir } });
    const files = bundle({
      policy,
      listsModels: true,
      models: [
        { name: 'eu', policy: inFolder('artifacts/eu'), changes: [change(eu, 'a'.repeat(40))] },
        { name: 'us', policy: inFolder('artifacts/us/'), changes: [change(coherent(us), 'b'.repeat(40))] },
      ],
      archiveFiles: {
        ...archiveAt('artifacts/eu/fraud-detection/1.0.0', eu),
        ...archiveAt('artifacts/us/fraud-detection/1.0.0', coherent(us)),
      },
      logs: [],
    });
    const archives = pathsOf(files).filter((p) => p.startsWith('archive/'));
    expect(archives).toStrictEqual([
      ...archived('artifacts/eu/fraud-detection/1.0.0'),
      ...archived('artifacts/us/fraud-detection/1.0.0'),
    ]);
    expect(textOf(files, 'archive/artifacts/us/fraud-detection/1.0.0/manifest.json')).toContain('US training snapshot');
    expect(textOf(files, 'archive/artifacts/eu/fraud-detection/1.0.0/manifest.json')).not.toContain('US training');
  });

  it('a model without a policy name: its releases directly under releases/', () => {
    const files = bundle({
      policy,
      listsModels: true,
      models: [{ policy, changes: [change(coherent(release('1.0.0')), 'a'.repeat(40))] }],
      archiveFiles: {},
      logs: [{ archiveDir: 'artifacts', text: '' }],
    });
    expect(pathsOf(files)).toStrictEqual([
      `releases/2026-02-01_1.0.0_${'a'.repeat(12)}/manifest.json`,
      `releases/2026-02-01_1.0.0_${'a'.repeat(12)}/bias-report.json`,
    ]);
  });

  it('a model named while the policy lists none: releases/ all the same', () => {
    const files = bundle({
      policy,
      models: [{ name: 'fraud', policy, changes: [change(coherent(release('1.0.0')), 'a'.repeat(40))] }],
      archiveFiles: {},
      logs: [{ archiveDir: 'artifacts', text: '' }],
    });
    expect(pathsOf(files)).toStrictEqual([
      `releases/2026-02-01_1.0.0_${'a'.repeat(12)}/manifest.json`,
      `releases/2026-02-01_1.0.0_${'a'.repeat(12)}/bias-report.json`,
    ]);
  });
});
