import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  ticketSourceFromEnvironment
} from "./chunk-Q6LL4MDP.js";

// src/cli/jira-environment.ts
function jiraFromEnvironment(online, env) {
  if (!online) return {};
  const jira = ticketSourceFromEnvironment(env);
  return { jira: jira.kind === "configured" ? { source: jira.source } : { problem: jira } };
}

export {
  jiraFromEnvironment
};
