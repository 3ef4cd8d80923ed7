/**
 * The PR-metadata family of the bad-input corpus (cases: test/corpus/cases/pr-metadata.json): hostile pull request
 * titles and bodies (wrong, doubled, look-alike and invisible Jira keys; inputs built to make a key regex backtrack;
 * workflow-command and HTML injection) through `mlgov check` with Jira reached over real HTTP (loopback server),
 * so the `jira` key rule judges them. The Cloud token must never appear in any output.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { API_TOKEN, approvedIssue, cloudEnv, EMAIL } from '../jira/fixtures.js';
import { describeFamily, plainReleaseRepo, CHECK_ARGV } from './corpus-repos.js';

let jira: JiraServer;
beforeAll(async () => {
  jira = await startJiraServer({ cloud: { email: EMAIL, apiToken: API_TOKEN } });
  jira.addIssue(approvedIssue());
});
afterAll(async () => jira?.close());

const online = CHECK_ARGV.filter((a) => a !== '--offline');

describeFamily('pr-metadata', {
  repo: plainReleaseRepo,
  argv: (c) =>
    c.pr
      ? [...online, '--pr-title', c.pr.title ?? '', '--pr-body', c.pr.body ?? '']
      : [...online, '--pr-title', 'MLGOV-123 Release fraud-detection 2.4.0', '--pr-body', ''],
  env: () => ({
    ...cloudEnv(jira),
    MLGOV_JIRA_TIMEOUT_MS: '2000',
    MLGOV_JIRA_MAX_ATTEMPTS: '2',
    MLGOV_JIRA_RETRY_DELAY_MS: '5',
  }),
  secrets: [API_TOKEN, Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64')],
});
