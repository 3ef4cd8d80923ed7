import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import {
  planReleaseNew,
  type Bump,
  type ReleaseNewInput,
  type ReleaseNewPlan,
} from '../../src/metrics/release-plan.js';
import { PROJECT_ROOT } from '../support/git-repo.js';

const HEAD = 'a'.repeat(40);

function working(path: string) {
  const text = readFileSync(join(PROJECT_ROOT, path), 'utf8');
  return { path, text, value: JSON.parse(text) as Record<string, unknown> };
}

/** The built-in example (2.4.0, MLGOV-123) as the base and the working tree, and a valid request for the next one. */
function input(over: Partial<ReleaseNewInput> = {}): ReleaseNewInput {
  return {
    manifest: working('model/manifest.json'),
    biasReport: working('reports/latest-bias-report.json'),
    base: { ref: 'origin/main', version: '2.4.0', jira: 'MLGOV-123' },
    archivedVersions: [],
    head: HEAD,
    uncommitted: [],
    bump: 'minor',
    reason: 'Retrained on the November snapshot; MAE improves by 7 %.',
    jira: 'MLGOV-131',
    policy: {
      minReasonLength: 10,
      jiraProject: 'MLGOV',
      reviewerRole: 'fairness-reviewer',
      requiredRoles: ['governance-board', 'regulatory-affairs'],
    },
    ...over,
  };
}

function planned(plan: ReleaseNewPlan) {
  if (plan.kind !== 'planned') throw new Error(`refused: ${plan.message}`);
  return plan;
}

function refused(plan: ReleaseNewPlan) {
  if (plan.kind !== 'refused') throw new Error(`planned ${plan.to}`);
  return plan;
}

const written = <T>(plan: ReturnType<typeof planned>, path: string): T =>
  JSON.parse(plan.writes.find((w) => w.path === path)!.text) as T;

describe('release new plan: the version', () => {
  it.each([
    ['major', '3.0.0'],
    ['minor', '2.5.0'],
    ['patch', '2.4.1'],
  ] as Array<[Bump, string]>)('--bump %s bumps the base 2.4.0 to %s', (bump, to) => {
    const plan = planned(planReleaseNew(input({ bump })));
    expect([plan.from, plan.to]).toEqual(['2.4.0', to]);
    expect(written<Manifest>(plan, 'model/manifest.json')['version']).toBe(to);
  });

  it('with no release on the base, bumps the working manifest and makes an initial release', () => {
    const plan = planned(planReleaseNew(input({ base: undefined, bump: 'major' })));
    expect([plan.from, plan.to, plan.releaseType]).toEqual(['2.4.0', '3.0.0', 'initial']);
    expect(written<Manifest>(plan, 'model/manifest.json')['release']).toEqual({
      type: 'initial',
      reason: 'Retrained on the November snapshot; MAE improves by 7 %.',
    });
  });

  it('takes an explicit --version greater than the base', () => {
    const plan = planned(planReleaseNew(input({ bump: undefined, version: '2.10.0' })));
    expect(plan.to).toBe('2.10.0');
  });

  it('refuses an explicit --version equal to the base', () => {
    expect(refused(planReleaseNew(input({ bump: undefined, version: '2.4.0' })))).toEqual({
      kind: 'refused',
      message: "--version 2.4.0 is the version of the base origin/main's release; a new release needs a greater one",
      fix: 'pass a version above 2.4.0, or --bump major|minor|patch',
    });
  });

  it('refuses a lower --version as a rollback, naming mlgov rollback (with --model when the policy lists models)', () => {
    expect(refused(planReleaseNew(input({ bump: undefined, version: '2.3.0', modelFlag: 'fraud-detection' })))).toEqual(
      {
        kind: 'refused',
        message:
          "--version 2.3.0 is lower than 2.4.0, the version of the base origin/main's release: going back to an earlier release is a rollback, not a new release",
        fix: 'restore the archived release with mlgov rollback --to 2.3.0 --reason TEXT --model fraud-detection, or pass a version above 2.4.0',
      },
    );
  });

  it('refuses a --version that is not strict SemVer', () => {
    expect(refused(planReleaseNew(input({ bump: undefined, version: 'v2.5.0' }))).message).toBe(
      '--version v2.5.0 is not a SemVer version',
    );
  });

  it('refuses a version the base has already archived', () => {
    expect(refused(planReleaseNew(input({ archivedVersions: ['2.5.0'] })))).toEqual({
      kind: 'refused',
      message: '2.5.0 was released before: the base archives it; a version names one release only',
      fix: 'pass a version that was never released (--version), or a larger --bump',
    });
  });
});

describe('release new plan: refusals before anything is computed', () => {
  it('refuses uncommitted changes to the manifest or the bias report', () => {
    expect(refused(planReleaseNew(input({ uncommitted: ['model/manifest.json'] })))).toEqual({
      kind: 'refused',
      message: 'model/manifest.json has uncommitted changes; a new release starts from the committed release',
      fix: 'commit or discard them first (git commit, or git restore model/manifest.json), then run mlgov release new again',
    });
  });

  it('refuses a release already in progress, naming both versions', () => {
    const manifest = working('model/manifest.json');
    manifest.value['version'] = '2.5.0';
    expect(refused(planReleaseNew(input({ manifest }))).message).toBe(
      'a release is already in progress: model/manifest.json is at version 2.5.0, but the base origin/main releases 2.4.0',
    );
  });
});

describe('release new plan: the reason and the ticket', () => {
  it('refuses a reason shorter than the policy asks (counted without surrounding spaces)', () => {
    expect(refused(planReleaseNew(input({ reason: '  retrain  ' })))).toEqual({
      kind: 'refused',
      message: '--reason has 7 character(s); the policy asks for at least 10',
      fix: 'say why this release is made (what changed and why it is better), in a sentence',
    });
  });

  it('accepts a reason of exactly the minimum length', () => {
    expect(planReleaseNew(input({ reason: '0123456789' })).kind).toBe('planned');
  });

  it('refuses a key that is not a Jira key', () => {
    expect(refused(planReleaseNew(input({ jira: 'mlgov-131' })))).toEqual({
      kind: 'refused',
      message: '--jira "mlgov-131" is not a Jira issue key',
      fix: 'write it as PROJECT-NUMBER in capitals, e.g. MLGOV-123',
    });
  });

  it("refuses a key of another project than the policy's", () => {
    expect(refused(planReleaseNew(input({ jira: 'OPS-131' })))).toEqual({
      kind: 'refused',
      message: '--jira OPS-131 is a ticket of project OPS; release sign-offs live in project MLGOV',
      fix: "pass the MLGOV ticket that will hold the board's sign-off",
    });
  });

  it('refuses the ticket that signed off the release in force', () => {
    expect(refused(planReleaseNew(input({ jira: 'MLGOV-123' }))).message).toBe(
      'MLGOV-123 signed off the release in force (2.4.0 on origin/main); a ticket signs off one release only',
    );
  });
});

describe('release new plan: what is written', () => {
  it('writes the manifest: version, promotion with the reason, the ticket, HEAD, no approvals', () => {
    const plan = planned(planReleaseNew(input()));
    const m = written<Manifest>(plan, 'model/manifest.json');
    expect(m['release']).toEqual({
      type: 'promotion',
      reason: 'Retrained on the November snapshot; MAE improves by 7 %.',
    });
    expect(m['jira']).toBe('MLGOV-131');
    expect(m['provenance'].code).toEqual({ repository: 'https://github.com/acme/fraud-models', commit: HEAD });
    expect('approvals' in m).toBe(false);
    expect(plan.approvalsCleared).toEqual({ manifest: 2, biasReport: 1 });
  });

  it('leaves training and evaluation as they are, and says so', () => {
    const before = working('model/manifest.json').value as unknown as Manifest;
    const plan = planned(planReleaseNew(input()));
    const m = written<Manifest>(plan, 'model/manifest.json');
    expect(m['provenance'].training).toEqual(before['provenance'].training);
    expect(m['evaluation']).toEqual(before['evaluation']);
    expect(plan.notes).toContain(
      'provenance.training and evaluation are left as they are: they describe the old model until mlgov metrics import fills the evaluation and your training pipeline the training run',
    );
  });

  it('writes a bias report for the new version: generatedAt kept, approvals removed, its digest in the manifest', () => {
    const before = working('reports/latest-bias-report.json').value as unknown as BiasReport;
    const plan = planned(planReleaseNew(input()));
    const r = written<BiasReport>(plan, 'reports/latest-bias-report.json');
    expect(r['model']).toEqual({ name: 'fraud-detection', version: '2.5.0' });
    expect(r['generatedAt']).toBe(before['generatedAt']);
    expect(r['attributes']).toEqual(before['attributes']);
    expect('approvals' in r).toBe(false);
    const reportText = plan.writes.find((w) => w.path === 'reports/latest-bias-report.json')!.text;
    const digest = createHash('sha256').update(reportText).digest('hex');
    expect(written<Manifest>(plan, 'model/manifest.json')['biasReport']).toEqual({
      path: 'reports/latest-bias-report.json',
      sha256: digest,
    });
  });

  it('lists every change with its pointer', () => {
    const plan = planned(planReleaseNew(input()));
    expect(plan.changes.map((c) => `${c.file}#${c.pointer}`)).toEqual([
      'model/manifest.json#/version',
      'model/manifest.json#/release',
      'model/manifest.json#/jira',
      'model/manifest.json#/provenance/code/commit',
      'reports/latest-bias-report.json#/model/version',
      'reports/latest-bias-report.json#/approvals',
      'model/manifest.json#/biasReport/sha256',
      'model/manifest.json#/approvals',
    ]);
  });

  it('without a bias report writes only the manifest and says bias compute writes it', () => {
    const plan = planned(planReleaseNew(input({ biasReport: undefined })));
    expect(plan.writes.map((w) => w.path)).toEqual(['model/manifest.json']);
    expect(plan.notes).toContain(
      'there is no bias report yet: mlgov bias compute writes it, and mlgov checksums --write binds it',
    );
  });
});

describe('release new plan: next steps', () => {
  it('lists them in the order that does not undo work, approvals last, with --model when the policy lists models', () => {
    const plan = planned(planReleaseNew(input({ modelFlag: 'fraud-detection' })));
    expect(plan.next.map((s) => s.command)).toEqual([
      'mlgov metrics import model_metrics/backtest_results.json --model fraud-detection',
      'mlgov bias compute --predictions FILE --label COL --prediction COL --attribute COL --model fraud-detection',
      'mlgov checksums --write --model fraud-detection',
      'mlgov archive --model fraud-detection',
      'mlgov approve --target bias-report --approver LOGIN --role fairness-reviewer --model fraud-detection',
      'mlgov approve --approver LOGIN --role governance-board --model fraud-detection',
      'mlgov approve --approver LOGIN --role regulatory-affairs --model fraud-detection',
    ]);
  });

  it('leaves --model out for a single-model policy', () => {
    const plan = planned(planReleaseNew(input()));
    expect(plan.next[2]!.command).toBe('mlgov checksums --write');
  });

  it('asks for no archive when the base has no release to archive', () => {
    const plan = planned(planReleaseNew(input({ base: undefined })));
    expect(plan.next.map((s) => s.command)).toEqual([
      'mlgov metrics import model_metrics/backtest_results.json',
      'mlgov bias compute --predictions FILE --label COL --prediction COL --attribute COL',
      'mlgov checksums --write',
      'mlgov approve --target bias-report --approver LOGIN --role fairness-reviewer',
      'mlgov approve --approver LOGIN --role governance-board',
      'mlgov approve --approver LOGIN --role regulatory-affairs',
    ]);
  });
});
