import { describe, expect, it } from '@jest/globals';
import { ActionInputError, readActionSettings } from '../../src/action/settings.js';

const RUNNER = { GITHUB_REPOSITORY: 'acme/fraud-models', GITHUB_WORKSPACE: '/work', RUNNER_TEMP: '/tmp' };

describe('action settings (INPUT_* as the runner passes them)', () => {
  it('reads the inputs with their defaults, dashes kept in the variable names', () => {
    const s = readActionSettings(
      {
        ...RUNNER,
        'INPUT_GITHUB-TOKEN': 'ghs_x',
        'INPUT_JIRA-BASE-URL': 'https://acme.atlassian.net',
        'INPUT_JIRA-PAT': 'pat',
      },
      '/work',
    );
    expect(s).toMatchObject({
      command: 'check',
      githubToken: 'ghs_x',
      statusContext: 'governance:check',
      uploadEvidence: true,
      retentionDays: 0,
      jira: { baseUrl: 'https://acme.atlassian.net', pat: 'pat' },
    });
  });

  it('passes the MLGOV_JIRA_* transport settings to the Jira client, as the CLI does', () => {
    const s = readActionSettings(
      { ...RUNNER, 'INPUT_GITHUB-TOKEN': 'ghs_x', MLGOV_JIRA_TIMEOUT_MS: '2000', MLGOV_JIRA_MAX_ATTEMPTS: '2' },
      '/work',
    );
    expect(s.jiraTransport).toMatchObject({ timeoutMs: 2000, maxAttempts: 2 });
  });

  it('refuses a command other than check or record, naming the input', () => {
    expect(() => readActionSettings({ ...RUNNER, INPUT_COMMAND: 'deploy' }, '/work')).toThrow(ActionInputError);
  });
});
