import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/adapters/jira-settings.ts
var CREDENTIAL_HELP = "Cloud: JIRA_BASE_URL + JIRA_EMAIL + JIRA_API_TOKEN (token from https://id.atlassian.com/manage-profile/security/api-tokens); Data Center: JIRA_BASE_URL + JIRA_PAT (Profile \u2192 Personal Access Tokens). In the action: the jira-* inputs.";
function readJiraSettings(env) {
  const get = (name) => {
    const v = env[name]?.trim();
    return v ? v : void 0;
  };
  const settings = {};
  const baseUrl = get("JIRA_BASE_URL");
  const email = get("JIRA_EMAIL");
  const apiToken = get("JIRA_API_TOKEN");
  const pat = get("JIRA_PAT");
  const deployment = get("JIRA_DEPLOYMENT");
  if (baseUrl) settings.baseUrl = baseUrl;
  if (email) settings.email = email;
  if (apiToken) settings.apiToken = apiToken;
  if (pat) settings.pat = pat;
  if (deployment) settings.deployment = deployment;
  return settings;
}
function secretsOf(settings) {
  const out = [];
  if (settings.apiToken) {
    out.push(settings.apiToken);
    if (settings.email) out.push(Buffer.from(`${settings.email}:${settings.apiToken}`, "utf8").toString("base64"));
  }
  if (settings.pat) out.push(settings.pat);
  return out.filter((s) => s.length > 0);
}
function redact(text, secrets) {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join("***");
  return out;
}
var val = (v) => v && v.trim() ? v.trim() : void 0;
function resolveJiraConnection(s) {
  const baseUrl = val(s.baseUrl);
  const email = val(s.email);
  const apiToken = val(s.apiToken);
  const pat = val(s.pat);
  if (!baseUrl && !email && !apiToken && !pat) {
    return {
      kind: "not-configured",
      message: "Jira is not configured: none of JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN, JIRA_PAT is set.",
      fix: `Set ${CREDENTIAL_HELP} Or run \`mlgov check --offline\` to skip the Jira check (the report says so).`
    };
  }
  if (!baseUrl) {
    return {
      kind: "invalid-config",
      message: "JIRA_BASE_URL is not set, but Jira credentials are.",
      fix: "Set JIRA_BASE_URL to the site URL, e.g. https://acme.atlassian.net (Cloud) or https://jira.example.com (Data Center)."
    };
  }
  const site = siteAddress(baseUrl);
  if (typeof site !== "string") return site;
  return connectionWithCredential(site, { email, apiToken, pat }, val(s.deployment)?.toLowerCase());
}
function siteAddress(baseUrl) {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl)) {
    const host = /^[\w.-]+(:\d+)?(\/[^\s]*)?$/.test(baseUrl) && !baseUrl.includes("@") ? baseUrl : void 0;
    return {
      kind: "invalid-config",
      message: "JIRA_BASE_URL has no scheme (https://).",
      fix: host ? `Set JIRA_BASE_URL to https://${host.replace(/\/+$/, "")} (tokens are only sent over https).` : "Set JIRA_BASE_URL to the site URL with its scheme, e.g. https://acme.atlassian.net."
    };
  }
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    return {
      kind: "invalid-config",
      message: "JIRA_BASE_URL is not a URL.",
      fix: "Set JIRA_BASE_URL to the site URL, e.g. https://acme.atlassian.net."
    };
  }
  if (url.username || url.password) {
    return {
      kind: "invalid-config",
      message: "JIRA_BASE_URL contains a user name or password.",
      fix: "Remove the credentials from JIRA_BASE_URL and set JIRA_EMAIL + JIRA_API_TOKEN (Cloud) or JIRA_PAT (Data Center) instead; rotate the token that was in the URL."
    };
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    return {
      kind: "invalid-config",
      message: `JIRA_BASE_URL must use https (got ${url.protocol.replace(":", "")}).`,
      fix: "Use the https:// address of the Jira site; tokens are never sent over plain http."
    };
  }
  const page = /\/(browse|projects|jira\/software|secure|issues)(\/|$)/.exec(url.pathname);
  if (page) {
    const sitePath = url.pathname.slice(0, page.index).replace(/\/+$/, "");
    return {
      kind: "invalid-config",
      message: `JIRA_BASE_URL is the address of a Jira page (${page[1]}/...), not of the site.`,
      fix: `Set JIRA_BASE_URL to the site's address: ${url.protocol}//${url.host}${sitePath}.`
    };
  }
  if (url.search || url.hash) {
    return {
      kind: "invalid-config",
      message: "JIRA_BASE_URL must not have a query string or fragment.",
      fix: "Set JIRA_BASE_URL to the bare site URL, e.g. https://acme.atlassian.net (a context path like /jira is fine)."
    };
  }
  const path = url.pathname.replace(/\/rest(\/.*)?$/, "").replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}
function connectionWithCredential(site, credential, wanted) {
  const { email, apiToken, pat } = credential;
  if (wanted && wanted !== "cloud" && wanted !== "data-center") {
    return {
      kind: "invalid-config",
      message: `JIRA_DEPLOYMENT must be "cloud" or "data-center" (got "${wanted.slice(0, 20)}").`,
      fix: "Set JIRA_DEPLOYMENT=cloud or JIRA_DEPLOYMENT=data-center, or leave it unset when only one kind of credential is given."
    };
  }
  const hasCloud = email !== void 0 || apiToken !== void 0;
  if (pat && hasCloud && !wanted) {
    return {
      kind: "invalid-config",
      message: "Both Cloud credentials (JIRA_EMAIL/JIRA_API_TOKEN) and a Data Center JIRA_PAT are set.",
      fix: "Set only the credential for your Jira (Cloud: JIRA_EMAIL + JIRA_API_TOKEN; Data Center: JIRA_PAT), or say which with JIRA_DEPLOYMENT."
    };
  }
  const deployment = wanted ?? (pat ? "data-center" : "cloud");
  if (deployment === "data-center") {
    if (!pat) {
      return {
        kind: "invalid-config",
        message: "JIRA_DEPLOYMENT=data-center but JIRA_PAT is not set.",
        fix: "Create a personal access token in Jira (Profile \u2192 Personal Access Tokens) and set JIRA_PAT."
      };
    }
    return { deployment: "data-center", baseUrl: site, pat };
  }
  if (!email || !apiToken) {
    const missing = [!email ? "JIRA_EMAIL" : void 0, !apiToken ? "JIRA_API_TOKEN" : void 0].filter(Boolean).join(" and ");
    return {
      kind: "invalid-config",
      message: `Jira Cloud needs JIRA_EMAIL and JIRA_API_TOKEN; ${missing} ${missing.includes(" and ") ? "are" : "is"} not set.`,
      fix: `Set ${missing}. ${CREDENTIAL_HELP}`
    };
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    return {
      kind: "invalid-config",
      message: "JIRA_EMAIL is not an e-mail address.",
      fix: "Set JIRA_EMAIL to the e-mail address of the Atlassian account that owns the API token."
    };
  }
  return { deployment: "cloud", baseUrl: site, email, apiToken };
}

export {
  readJiraSettings,
  secretsOf,
  redact,
  resolveJiraConnection
};
