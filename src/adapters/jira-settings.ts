/**
 * Jira connection settings, read once from action inputs or the environment (never from the repository: a PR must
 * not be able to point the gate at a Jira of its choosing). Validation happens here, before any request, and every
 * message names the variable to fix, never its value.
 */

/** One typed settings object for both faces. Empty strings count as unset (GitHub passes unset inputs as ''). */
export interface JiraSettings {
  /** Site URL, e.g. `https://acme.atlassian.net` (Cloud) or `https://jira.example.com` (Data Center). */
  baseUrl?: string;
  /** Cloud: the Atlassian account e-mail the API token belongs to. */
  email?: string;
  /** Cloud: API token from id.atlassian.com (HTTP Basic with the e-mail). */
  apiToken?: string;
  /** Data Center / Server: personal access token (HTTP Bearer). */
  pat?: string;
  /** Which deployment, when both kinds of credential are present (`JIRA_DEPLOYMENT=cloud|data-center`). */
  deployment?: string;
}

/** A validated connection: which API and which credential. */
export type JiraConnection =
  | { deployment: 'cloud'; baseUrl: string; email: string; apiToken: string }
  | { deployment: 'data-center'; baseUrl: string; pat: string };

export type JiraSettingsProblem = { kind: 'not-configured' | 'invalid-config'; message: string; fix: string };

const CREDENTIAL_HELP =
  'Cloud: JIRA_BASE_URL + JIRA_EMAIL + JIRA_API_TOKEN (token from https://id.atlassian.com/manage-profile/security/api-tokens); ' +
  'Data Center: JIRA_BASE_URL + JIRA_PAT (Profile → Personal Access Tokens). In the action: the jira-* inputs.';

/** Reads `JIRA_BASE_URL`, `JIRA_EMAIL`, `JIRA_API_TOKEN`, `JIRA_PAT`, `JIRA_DEPLOYMENT` from an environment. */
export function readJiraSettings(env: Record<string, string | undefined>): JiraSettings {
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const settings: JiraSettings = {};
  const baseUrl = get('JIRA_BASE_URL');
  const email = get('JIRA_EMAIL');
  const apiToken = get('JIRA_API_TOKEN');
  const pat = get('JIRA_PAT');
  const deployment = get('JIRA_DEPLOYMENT');
  if (baseUrl) settings.baseUrl = baseUrl;
  if (email) settings.email = email;
  if (apiToken) settings.apiToken = apiToken;
  if (pat) settings.pat = pat;
  if (deployment) settings.deployment = deployment;
  return settings;
}

/** The secrets in a settings object, for redaction (including the Basic header form of the Cloud credential). */
export function secretsOf(settings: JiraSettings): string[] {
  const out: string[] = [];
  if (settings.apiToken) {
    out.push(settings.apiToken);
    if (settings.email) out.push(Buffer.from(`${settings.email}:${settings.apiToken}`, 'utf8').toString('base64'));
  }
  if (settings.pat) out.push(settings.pat);
  return out.filter((s) => s.length > 0);
}

/** Replaces every secret in `text` with `***`; applied to anything that leaves the adapter. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Real tokens are long (Cloud API tokens, PATs); a very short "secret" would only mangle ordinary words.
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('***');
  return out;
}

/** A setting with its white space trimmed; blank counts as unset. */
const val = (v: string | undefined): string | undefined => (v && v.trim() ? v.trim() : undefined);

/**
 * Validates settings into a connection, or says precisely what is missing or wrong (by variable name).
 * Plain http is accepted only for loopback hosts: a token must not cross a network in clear text.
 */
export function resolveJiraConnection(s: JiraSettings): JiraConnection | JiraSettingsProblem {
  const baseUrl = val(s.baseUrl);
  const email = val(s.email);
  const apiToken = val(s.apiToken);
  const pat = val(s.pat);
  if (!baseUrl && !email && !apiToken && !pat) {
    return {
      kind: 'not-configured',
      message: 'Jira is not configured: none of JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN, JIRA_PAT is set.',
      fix: `Set ${CREDENTIAL_HELP} Or run \`mlgov check --offline\` to skip the Jira check (the report says so).`,
    };
  }
  if (!baseUrl) {
    return {
      kind: 'invalid-config',
      message: 'JIRA_BASE_URL is not set, but Jira credentials are.',
      fix: 'Set JIRA_BASE_URL to the site URL, e.g. https://acme.atlassian.net (Cloud) or https://jira.example.com (Data Center).',
    };
  }
  const site = siteAddress(baseUrl);
  if (typeof site !== 'string') return site;
  return connectionWithCredential(site, { email, apiToken, pat }, val(s.deployment)?.toLowerCase());
}

/**
 * The Jira site's address from JIRA_BASE_URL: scheme, host and context path, without a trailing slash or a pasted
 * /rest/... suffix; or the problem with it (no scheme, a credential in it, plain http off loopback, a page address).
 */
function siteAddress(baseUrl: string): string | JiraSettingsProblem {
  // `acme.atlassian.net` (no scheme) is the commonest slip; `new URL` would read `host:port` as a scheme.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl)) {
    const host = /^[\w.-]+(:\d+)?(\/[^\s]*)?$/.test(baseUrl) && !baseUrl.includes('@') ? baseUrl : undefined;
    return {
      kind: 'invalid-config',
      message: 'JIRA_BASE_URL has no scheme (https://).',
      fix: host
        ? `Set JIRA_BASE_URL to https://${host.replace(/\/+$/, '')} (tokens are only sent over https).`
        : 'Set JIRA_BASE_URL to the site URL with its scheme, e.g. https://acme.atlassian.net.',
    };
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return {
      kind: 'invalid-config',
      message: 'JIRA_BASE_URL is not a URL.',
      fix: 'Set JIRA_BASE_URL to the site URL, e.g. https://acme.atlassian.net.',
    };
  }
  if (url.username || url.password) {
    // Never echo the URL: it carries a credential.
    return {
      kind: 'invalid-config',
      message: 'JIRA_BASE_URL contains a user name or password.',
      fix: 'Remove the credentials from JIRA_BASE_URL and set JIRA_EMAIL + JIRA_API_TOKEN (Cloud) or JIRA_PAT (Data Center) instead; rotate the token that was in the URL.',
    };
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return {
      kind: 'invalid-config',
      message: `JIRA_BASE_URL must use https (got ${url.protocol.replace(':', '')}).`,
      fix: 'Use the https:// address of the Jira site; tokens are never sent over plain http.',
    };
  }
  // A pasted issue or board address is not the site: requests would go to /browse/KEY/rest/api/... and fail with a
  // confusing 404. Refuse it and name the site address it contains.
  const page = /\/(browse|projects|jira\/software|secure|issues)(\/|$)/.exec(url.pathname);
  if (page) {
    const sitePath = url.pathname.slice(0, page.index).replace(/\/+$/, '');
    return {
      kind: 'invalid-config',
      message: `JIRA_BASE_URL is the address of a Jira page (${page[1]}/...), not of the site.`,
      fix: `Set JIRA_BASE_URL to the site's address: ${url.protocol}//${url.host}${sitePath}.`,
    };
  }
  if (url.search || url.hash) {
    return {
      kind: 'invalid-config',
      message: 'JIRA_BASE_URL must not have a query string or fragment.',
      fix: 'Set JIRA_BASE_URL to the bare site URL, e.g. https://acme.atlassian.net (a context path like /jira is fine).',
    };
  }
  // Keep a context path (Data Center often runs under /jira) but drop a trailing slash and a pasted /rest/... suffix.
  const path = url.pathname.replace(/\/rest(\/.*)?$/, '').replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** The connection for the credential given: the deployment asked for (JIRA_DEPLOYMENT), else the one its kind implies. */
function connectionWithCredential(
  site: string,
  credential: { email: string | undefined; apiToken: string | undefined; pat: string | undefined },
  wanted: string | undefined,
): JiraConnection | JiraSettingsProblem {
  const { email, apiToken, pat } = credential;
  if (wanted && wanted !== 'cloud' && wanted !== 'data-center') {
    return {
      kind: 'invalid-config',
      message: `JIRA_DEPLOYMENT must be "cloud" or "data-center" (got "${wanted.slice(0, 20)}").`,
      fix: 'Set JIRA_DEPLOYMENT=cloud or JIRA_DEPLOYMENT=data-center, or leave it unset when only one kind of credential is given.',
    };
  }
  const hasCloud = email !== undefined || apiToken !== undefined;
  if (pat && hasCloud && !wanted) {
    return {
      kind: 'invalid-config',
      message: 'Both Cloud credentials (JIRA_EMAIL/JIRA_API_TOKEN) and a Data Center JIRA_PAT are set.',
      fix: 'Set only the credential for your Jira (Cloud: JIRA_EMAIL + JIRA_API_TOKEN; Data Center: JIRA_PAT), or say which with JIRA_DEPLOYMENT.',
    };
  }
  const deployment = wanted ?? (pat ? 'data-center' : 'cloud');
  if (deployment === 'data-center') {
    if (!pat) {
      return {
        kind: 'invalid-config',
        message: 'JIRA_DEPLOYMENT=data-center but JIRA_PAT is not set.',
        fix: 'Create a personal access token in Jira (Profile → Personal Access Tokens) and set JIRA_PAT.',
      };
    }
    return { deployment: 'data-center', baseUrl: site, pat };
  }
  if (!email || !apiToken) {
    const missing = [!email ? 'JIRA_EMAIL' : undefined, !apiToken ? 'JIRA_API_TOKEN' : undefined]
      .filter(Boolean)
      .join(' and ');
    return {
      kind: 'invalid-config',
      message: `Jira Cloud needs JIRA_EMAIL and JIRA_API_TOKEN; ${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set.`,
      fix: `Set ${missing}. ${CREDENTIAL_HELP}`,
    };
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    return {
      kind: 'invalid-config',
      message: 'JIRA_EMAIL is not an e-mail address.',
      fix: 'Set JIRA_EMAIL to the e-mail address of the Atlassian account that owns the API token.',
    };
  }
  return { deployment: 'cloud', baseUrl: site, email, apiToken };
}
