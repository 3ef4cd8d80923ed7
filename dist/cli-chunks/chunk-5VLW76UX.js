import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  findJiraKeys,
  isJiraKey,
  projectOfKey
} from "./chunk-F6FC4NS5.js";

// src/gate/gather-ticket.ts
async function gatherTicketFacts(options) {
  const { source, policy, pr } = options;
  const facts = {
    mentions: pr ? extractKeyMentions(pr, policy.jira.keySources) : [],
    prKnown: pr !== void 0
  };
  if (source) facts.deployment = source.deployment;
  const key = typeof options.manifestKey === "string" ? options.manifestKey.trim() : void 0;
  if (options.offline) facts.offline = true;
  if (key === void 0 || key === "") return facts;
  if (!isJiraKey(key)) {
    facts.lookup = {
      kind: "invalid-key",
      message: `"${key.slice(0, 40)}" is not a Jira issue key like ${policy.jira.project}-123.`
    };
    return facts;
  }
  if (projectOfKey(key) !== policy.jira.project || options.offline) return facts;
  if (!source) {
    facts.lookup = options.sourceProblem ?? {
      kind: "not-configured",
      message: "Jira is not configured: none of JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN, JIRA_PAT is set."
    };
    return facts;
  }
  facts.lookup = await source.readIssue(key, issueRequestFor(policy));
  return facts;
}
function issueRequestFor(policy) {
  const signOff = policy.jira.signOff ?? {};
  return {
    comments: signOff.comment !== void 0,
    serviceDeskApprovals: signOff.serviceDeskApproval === true,
    fields: signOff.field ? [signOff.field.id] : []
  };
}
function extractKeyMentions(pr, sources) {
  const texts = {
    title: pr.title ? [pr.title] : [],
    branch: pr.branch ? [pr.branch] : [],
    body: pr.body ? [pr.body] : [],
    commits: pr.commitMessages
  };
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const source of ["title", "branch", "body", "commits"]) {
    if (!sources.includes(source)) continue;
    for (const text of texts[source]) {
      for (const key of findJiraKeys(text)) {
        const id = `${source}\0${key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ key, source });
      }
    }
  }
  return out;
}

export {
  gatherTicketFacts,
  issueRequestFor
};
