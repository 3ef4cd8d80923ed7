/**
 * The GitHub token step of `mlgov preflight` (in CI: `GITHUB_TOKEN`, `GITHUB_REPOSITORY`, `GITHUB_API_URL`): can
 * the token read the repository and its pull requests, as the action will? Each failure says which permission to
 * add to the workflow.
 */
import { probeGitHubAccess, type GitHubAccess } from '../adapters/github-access.js';
import { openGitHubClient } from '../adapters/github-api.js';
import { OFFLINE_REASON, type PreflightContext, type PreflightProbe, type PreflightStep } from './preflight.js';

const TITLE = 'GitHub token';

function failure(what: string, access: Extract<GitHubAccess, { ok: false }>, fix: string): PreflightStep {
  const answer =
    access.status === undefined
      ? `GitHub could not be reached (${access.message})`
      : `${access.status}: ${access.message}`;
  const wants = access.acceptedPermissions ? ` GitHub says the call needs: ${access.acceptedPermissions}.` : '';
  return { id: 'github', title: TITLE, status: 'fail', message: `${what}: ${answer}.${wants}`, fix };
}

/** What the token step needs from the environment, or the line that ends it before any request. */
type LocalFacts = { token: string; owner: string; repo: string } | { line: PreflightStep };

/** The local half: is there a token, and does GITHUB_REPOSITORY name owner/repo? No request. */
function localFactsOf(env: PreflightContext['env']): LocalFacts {
  const token = env['GITHUB_TOKEN'] ?? env['GH_TOKEN'];
  const repository = env['GITHUB_REPOSITORY'];
  if (!token) {
    const message = 'no GITHUB_TOKEN in the environment (the action needs it for statuses and reviews).';
    return { line: { id: 'github', title: TITLE, status: 'skip', message: `not checked: ${message}` } };
  }
  const [owner, repo, extra] = (repository ?? '').split('/');
  if (!owner || !repo || extra !== undefined) {
    return {
      line: {
        id: 'github',
        title: TITLE,
        status: 'warn',
        message: `GITHUB_REPOSITORY is ${repository ? `"${repository}", not owner/repo` : 'not set'}: the token's access was not checked.`,
        fix: 'Run preflight in the workflow (GitHub sets GITHUB_REPOSITORY), or set GITHUB_REPOSITORY=owner/repo.',
      },
    };
  }
  return { token, owner, repo };
}

export const gitHubTokenProbe: PreflightProbe = {
  id: 'github',
  title: TITLE,
  offline(ctx) {
    const local = localFactsOf(ctx.env);
    if ('line' in local) return [local.line];
    const message = `not checked whether the token reads ${local.owner}/${local.repo}: ${OFFLINE_REASON}.`;
    return [{ id: 'github', title: TITLE, status: 'skip', message }];
  },
  async run(ctx) {
    const local = localFactsOf(ctx.env);
    if ('line' in local) return [local.line];
    const { token, owner, repo } = local;
    const client = openGitHubClient({ token, baseUrl: ctx.env['GITHUB_API_URL'] || 'https://api.github.com' });
    const access = await probeGitHubAccess(client, { owner, repo });
    if (!access.repository.ok) {
      const fix =
        access.repository.status === 401
          ? 'The token is invalid or expired: use `github-token: ${{ github.token }}` (the default).'
          : access.repository.status === 404 || access.repository.status === 403
            ? `The token cannot read ${owner}/${repo}: grant \`contents: read\` in the workflow's permissions.`
            : 'Check GITHUB_API_URL (GitHub Enterprise Server) and the network.';
      return [failure(`reading ${owner}/${repo}`, access.repository, fix)];
    }
    if (access.pullRequests && !access.pullRequests.ok) {
      return [
        failure(
          `listing the pull requests of ${owner}/${repo}`,
          access.pullRequests,
          'Grant `pull-requests: read` in the workflow: the gate reads the PR, its commits and its reviews.',
        ),
      ];
    }
    return [
      {
        id: 'github',
        title: TITLE,
        status: 'ok',
        message: `the token reads ${owner}/${repo} and its pull requests. \`statuses: write\` is only known when the status is posted; a refusal there names the fix.`,
      },
    ];
  },
};
