/**
 * The closing lines of a failed report list the next steps in an order that undoes no work: start the release before
 * filling checksums, approvals last, and every step that voids approvals says so.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { error } from '../../src/formats/finding.js';
import type { CheckResult } from '../../src/release/report.js';
import { nextSteps } from '../../src/render/next-steps.js';
import { runMlgov } from '../support/cli-io.js';
import { createReleaseRepo } from '../support/example-release.js';

const VOIDS = ' (this voids existing approvals: do it before asking for them)';

function report(...codes: Array<[string, string?]>): { checks: CheckResult[] } {
  return {
    checks: [
      {
        id: 'schema',
        status: 'fail',
        summary: '',
        findings: codes.map(([code, fix]) => error(code, `${code} happened`, fix ? { fix } : {})),
      },
    ],
  };
}

describe('nextSteps', () => {
  it('orders the steps of a release whatever order the checks reported them in, approvals last', () => {
    const r = report(
      ['APPROVALS_MISSING_ROLE', 'run mlgov approve'],
      ['CHECKSUM_MISMATCH', 'run mlgov checksums --write'],
      ['JIRA_STATUS_NOT_ALLOWED', 'Move MLGOV-131 to Approved in Jira.'],
      ['VERSION_NOT_BUMPED', 'bump the version'],
      ['ARCHIVE_MISSING', 'run mlgov archive'],
    );
    expect(nextSteps(r)).toEqual([
      `1. start the release from production: mlgov release new --bump major|minor|patch --reason TEXT --jira KEY${VOIDS}`,
      `2. fill sizes and digests into the manifest: mlgov checksums --write${VOIDS}`,
      '3. archive the release this one supersedes: mlgov archive',
      '4. Move MLGOV-131 to Approved in Jira.',
      '5. then, last, the approvals: mlgov approve (the fairness review with --target bias-report, then the board)',
    ]);
  });

  it('names the model in every command when the policy lists several', () => {
    expect(nextSteps(report(['BIAS_METRIC_MISMATCH'], ['BIAS_APPROVAL_MISSING']), 'credit-scoring')).toEqual([
      `1. regenerate the bias report from the predictions: mlgov bias compute --model credit-scoring --predictions FILE …${VOIDS}`,
      '2. then, last, the approvals: mlgov approve --model credit-scoring (the fairness review with --target bias-report, then the board)',
    ]);
  });

  it("says so when another finding's fix runs a command that voids approvals, and lists each fix once", () => {
    const fix = 'Set biasReport.path, then run mlgov checksums --write';
    expect(nextSteps(report(['BIAS_REPORT_PATH_MISMATCH', fix], ['BIAS_REPORT_PATH_MISMATCH', fix]))).toEqual([
      `1. ${fix}${VOIDS}`,
    ]);
  });

  it("starts a new release first when the content must change at production's version", () => {
    const r = {
      ...report(['CHECKSUM_MISMATCH', 'run mlgov checksums --write']),
      model: { version: '2.4.0', baseVersion: '2.4.0' },
    };
    expect(nextSteps(r)[0]).toBe(
      `1. start the release from production: mlgov release new --bump major|minor|patch --reason TEXT --jira KEY${VOIDS}`,
    );
    expect(nextSteps({ ...r, model: { version: '2.5.0', baseVersion: '2.4.0' } })).toEqual([
      `1. fill sizes and digests into the manifest: mlgov checksums --write${VOIDS}`,
    ]);
  });

  it('is empty for a report without errors (warnings need no step)', () => {
    const warned: { checks: CheckResult[] } = {
      checks: [
        { id: 'jira', status: 'warn', summary: '', findings: [{ ...error('JIRA_X', 'x'), severity: 'warning' }] },
      ],
    };
    expect(nextSteps(warned)).toEqual([]);
  });
});

describe('mlgov check: the next steps of a changed release that kept its version', () => {
  let repo: ReturnType<typeof createReleaseRepo> | undefined;
  afterEach(() => repo?.remove());

  it('starts with release new, then checksums --write: the version before the digests', async () => {
    repo = createReleaseRepo();
    appendFileSync(join(repo.dir, 'model/weights/model.onnx'), 'retrained\n');
    const r = await runMlgov(['check', '--offline', '--base', 'main'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    const block = r.stdout.slice(r.stdout.indexOf('next steps, in this order:'), r.stdout.indexOf('\nverdict:'));
    expect(block.split('\n').filter((l) => /^ {2}\d\./.test(l))).toEqual([
      `  1. start the release from production: mlgov release new --bump major|minor|patch --reason TEXT --jira KEY${VOIDS}`,
      `  2. fill sizes and digests into the manifest: mlgov checksums --write${VOIDS}`,
    ]);
  });
});
