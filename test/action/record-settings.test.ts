import { describe, expect, it } from '@jest/globals';
import { ActionInputError, isBranchName, readActionSettings } from '../../src/action/settings.js';

const RUNNER = {
  GITHUB_REPOSITORY: 'acme/fraud-models',
  GITHUB_WORKSPACE: '/work',
  RUNNER_TEMP: '/tmp',
  'INPUT_GITHUB-TOKEN': 'ghs_x',
};

describe('record mode settings (record-commit, record-branch)', () => {
  it('commits through the API to the pushed branch by default, and keeps GITHUB_REF', () => {
    const s = readActionSettings({ ...RUNNER, GITHUB_REF: 'refs/heads/main' }, '/work');
    expect(s.recordCommit).toBe('api');
    expect(s.recordBranch).toBeUndefined();
    expect(s.runner.ref).toBe('refs/heads/main');
  });

  it('reads push, off and an evidence branch (a refs/heads/ prefix is dropped)', () => {
    expect(readActionSettings({ ...RUNNER, 'INPUT_RECORD-COMMIT': 'push' }, '/work').recordCommit).toBe('push');
    expect(readActionSettings({ ...RUNNER, 'INPUT_RECORD-COMMIT': 'off' }, '/work').recordCommit).toBe('off');
    const s = readActionSettings({ ...RUNNER, 'INPUT_RECORD-BRANCH': 'refs/heads/mlgov/evidence' }, '/work');
    expect(s.recordBranch).toBe('mlgov/evidence');
  });

  it('refuses another record-commit, naming the input and the values it takes', () => {
    const read = () => readActionSettings({ ...RUNNER, 'INPUT_RECORD-COMMIT': 'force' }, '/work');
    expect(read).toThrow(ActionInputError);
    expect(read).toThrow('input record-commit must be "api", "push" or "off", not "force"');
  });

  it('refuses a record-branch that is no branch name (an option, a range, a path escape)', () => {
    for (const bad of ['--force', 'main..dev', '../main', 'a//b', 'main.lock', 'x/.hidden', 'main/', 'a b', 'a:b']) {
      expect(isBranchName(bad)).toBe(false);
      expect(() => readActionSettings({ ...RUNNER, 'INPUT_RECORD-BRANCH': bad }, '/work')).toThrow(
        `input record-branch must be a branch name (like mlgov-evidence), not "${bad}"`,
      );
    }
    for (const good of ['main', 'mlgov-evidence', 'release/2026.11', 'audit_log'])
      expect(isBranchName(good)).toBe(true);
  });
});
