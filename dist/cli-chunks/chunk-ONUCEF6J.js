import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  deriveReleaseKind
} from "./chunk-7CPNODGQ.js";
import {
  statusOf
} from "./chunk-7YMLEWR4.js";
import {
  verifyAuditLog
} from "./chunk-D7Q3LZ5Y.js";
import {
  at,
  error,
  indeterminate,
  isSchemaValid,
  notice
} from "./chunk-KIYJOZ3G.js";
import {
  findJiraKeys,
  isJiraKey,
  projectOfKey
} from "./chunk-F6FC4NS5.js";

// src/checks/jira.ts
var NOT_TICKET_PREFIXES = /* @__PURE__ */ new Set([
  "UTF",
  "ISO",
  "SHA",
  "SHA2",
  "SHA3",
  "AES",
  "RSA",
  "TLS",
  "SSL",
  "HTTP",
  "RFC",
  "CVE",
  "CWE",
  "COVID",
  "ECMA",
  "IEEE",
  "PEP",
  "GPT"
]);
var CLOUD_TOKEN_URL = "https://id.atlassian.com/manage-profile/security/api-tokens";
function jiraFailureAdvice(failure, deployment) {
  const credentials = deployment === "cloud" ? `Cloud needs JIRA_EMAIL (the Atlassian account's e-mail) + JIRA_API_TOKEN (create one at ${CLOUD_TOKEN_URL})` : deployment === "data-center" ? "Data Center needs JIRA_PAT, a personal access token (Jira \u2192 Profile \u2192 Personal Access Tokens) that has not expired" : `Cloud needs JIRA_EMAIL + JIRA_API_TOKEN (${CLOUD_TOKEN_URL}), Data Center JIRA_PAT`;
  switch (failure.kind) {
    case "unauthorized":
      return {
        code: "JIRA_AUTH_FAILED",
        meaning: "401: Jira did not accept the credentials (the API token or e-mail is wrong, or the token expired or was revoked).",
        fix: `Check the credentials: ${credentials}. A Cloud token sent to Data Center (or a PAT to Cloud) is also refused.`,
        indeterminate: true
      };
    case "forbidden":
      return {
        code: "JIRA_FORBIDDEN",
        meaning: "403: the credentials were accepted but this account may not do this (or Jira asks for a CAPTCHA after failed logins).",
        fix: 'Give the account "Browse projects" on the project (and access to the service desk for approvals); if it was locked by failed logins, sign in once in a browser.',
        indeterminate: true
      };
    case "unreachable":
      return {
        code: "JIRA_UNREACHABLE",
        meaning: "Jira could not be reached (connection refused, DNS, TLS or timeout).",
        fix: "Check JIRA_BASE_URL (the site URL, e.g. https://acme.atlassian.net), the network/proxy from this runner, and Jira's status page; then re-run.",
        indeterminate: true
      };
    case "rate-limited":
      return {
        code: "JIRA_RATE_LIMITED",
        meaning: "429: Jira kept rate-limiting the requests after the retries.",
        fix: "Re-run the job later; if it keeps happening, use a dedicated account/token for mlgov so other automation does not share its rate limit.",
        indeterminate: true
      };
    case "server-error":
      return {
        code: "JIRA_SERVER_ERROR",
        meaning: `Jira failed to answer${failure.status ? ` (${failure.status})` : ""} after the retries.`,
        fix: "Check Jira's status page and re-run the job; the gate does not pass while Jira cannot answer.",
        indeterminate: true
      };
    case "not-configured":
      return {
        code: "JIRA_NOT_CONFIGURED",
        meaning: "Jira is not configured, so the sign-off cannot be checked.",
        fix: `Set JIRA_BASE_URL and the credentials: ${credentials} (action: the jira-* inputs). To judge without Jira, run \`mlgov check --offline\` (the report says the check was skipped).`,
        indeterminate: true
      };
    case "invalid-config":
      return {
        code: "JIRA_CONFIG_INVALID",
        meaning: "The Jira settings are incomplete or invalid.",
        fix: `Correct the variable named in the message. ${credentials}.`,
        indeterminate: true
      };
    case "not-found":
      return {
        code: "JIRA_ISSUE_NOT_FOUND",
        meaning: "404: the issue does not exist, or this account may not see it (Jira answers both the same way).",
        fix: `Check the key in the manifest's "jira" field, and that the account mlgov uses can browse the issue.`,
        indeterminate: false
      };
    case "invalid-key":
      return {
        code: "JIRA_KEY_INVALID",
        meaning: "The key is not a Jira issue key.",
        fix: "Write the ticket key as PROJECT-NUMBER, e.g. MLGOV-123.",
        indeterminate: false
      };
  }
}
var isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function releasesSignedOffBy(ctx, key, models) {
  const uses = /* @__PURE__ */ new Map();
  const note = (model, version, ticket, where) => {
    if (models.has(model) && typeof version === "string" && typeof ticket === "string" && ticket.trim() === key) {
      if (!uses.has(version)) uses.set(version, where);
    }
  };
  const base = ctx.base.kind === "found" ? ctx.base : void 0;
  const bm = base?.manifest?.value;
  if (base && isRecord(bm)) note(bm["name"], bm["version"], bm["jira"], `the production manifest on ${base.ref}`);
  for (const [path, text] of Object.entries(ctx.evidence?.baseTexts ?? {})) {
    if (!path.endsWith("/manifest.json")) continue;
    let archived;
    try {
      archived = JSON.parse(text);
    } catch {
      continue;
    }
    if (isRecord(archived)) note(archived["name"], archived["version"], archived["jira"], `${path} on the base`);
  }
  for (const e of verifyAuditLog(ctx.evidence?.baseAuditLog ?? "").events) {
    if (e.action === "approve") continue;
    note(e.model, e.version, e.ticket, `the base's audit log (line ${e.seq}, ${e.action})`);
  }
  return uses;
}
function ticketReuseFindings(ctx, policy) {
  const m = ctx.manifest.value;
  if (!isRecord(m) || !isSchemaValid("manifest", m) || typeof m["jira"] !== "string") return [];
  const key = m["jira"].trim();
  const derived = deriveReleaseKind(ctx, policy);
  if (derived.kind === "unchanged" || derived.kind === "indeterminate") return [];
  const baseName = ctx.base.kind === "found" && isRecord(ctx.base.manifest?.value) ? ctx.base.manifest.value.name : void 0;
  const uses = releasesSignedOffBy(ctx, key, /* @__PURE__ */ new Set([m["name"], baseName]));
  const other = [...uses].filter(([version2]) => !(derived.kind === "rollback" && version2 === derived.archive.version));
  if (other.length === 0) return [];
  const [version, where] = other[0];
  return [
    error(
      "JIRA_TICKET_REUSED",
      `${key} already signed off ${String(m["name"])} ${version} (${where}); a ticket signs off one release, and this ${derived.kind} is another.`,
      {
        ...at(ctx.manifest, "/jira"),
        fix: `Open a new ${policy.jira.project} ticket for this release and have the board sign it off there.`
      }
    )
  ];
}
function judge(ctx, policy) {
  const ticket = ctx.ticket;
  const reuse = ticketReuseFindings(ctx, policy);
  if (!ticket) return withoutTicketFacts(ctx, reuse);
  const manifest = ctx.manifest;
  const keyWhere = at(manifest, "/jira");
  const rawKey = manifest.value?.jira;
  const key = typeof rawKey === "string" ? rawKey.trim() : void 0;
  const details = {
    project: policy.jira.project,
    allowedStatuses: policy.jira.allowedStatuses,
    manifestKey: key ?? null,
    mentions: ticket.mentions,
    ...ticket.deployment ? { deployment: ticket.deployment } : {},
    ...ticket.readAt ? { readAt: ticket.readAt } : {}
  };
  const findings = manifestKeyFindings(key, policy, keyWhere);
  const keyOk = findings.length === 0;
  findings.push(...reuse);
  findings.push(...mentionFindings(ticket.prKnown !== false, ticket.mentions, key, keyOk, policy));
  if (ticket.offline) {
    const errors = findings.filter((f) => f.severity === "error");
    return errors.length > 0 ? { id: "jira", status: "fail", summary: errors[0].message, findings: errors, details } : (
      // The details still name the manifest's key: the report and the action's outputs say which ticket it is.
      { id: "jira", status: "skip", summary: `skipped: ${ctx.skipped["jira"] ?? "offline"}`, findings: [], details }
    );
  }
  if (keyOk && key) findings.push(...lookupFindings(ticket, key, policy, keyWhere, details));
  const status = statusOf(findings);
  const firstError = findings.find((f) => f.severity === "error");
  const summary = firstError ? findings.filter((f) => f.severity === "error").length > 1 ? `${firstError.message} (and ${findings.filter((f) => f.severity === "error").length - 1} more)` : firstError.message : passSummary(details);
  return { id: "jira", status, summary, findings, details };
}
function withoutTicketFacts(ctx, reuse) {
  const reason = ctx.skipped["jira"];
  if (reason && reuse.length > 0) {
    return {
      id: "jira",
      status: "fail",
      summary: `${reuse[0].message} (Jira itself skipped: ${reason})`,
      findings: reuse
    };
  }
  if (reason) return { id: "jira", status: "skip", summary: `skipped: ${reason}`, findings: [] };
  const f = indeterminate("JIRA_NOT_GATHERED", "The gate did not look up Jira, so the sign-off was not checked.", {
    fix: "Run the gate with Jira configured (JIRA_BASE_URL + credentials), or with --offline to skip the Jira check explicitly."
  });
  return { id: "jira", status: "fail", summary: f.message, findings: [f] };
}
function manifestKeyFindings(key, policy, keyWhere) {
  const project = policy.jira.project;
  if (key === void 0 || key === "") {
    return [
      error(
        "JIRA_MANIFEST_KEY_MISSING",
        `The manifest names no Jira ticket ("jira" is ${key === "" ? "empty" : "missing"}).`,
        {
          ...keyWhere,
          fix: `Add "jira": "${project}-<number>" with the ticket that holds the board's sign-off.`
        }
      )
    ];
  }
  if (!isJiraKey(key)) {
    return [
      error("JIRA_KEY_INVALID", `The manifest's "jira" value "${key.slice(0, 40)}" is not a Jira issue key.`, {
        ...keyWhere,
        fix: `Write the key as PROJECT-NUMBER in capitals, e.g. ${project}-123.`
      })
    ];
  }
  if (projectOfKey(key) !== project) {
    return [
      error(
        "JIRA_WRONG_PROJECT",
        `The manifest names ${key}, a ticket of project ${projectOfKey(key)}; release sign-offs live in project ${project}.`,
        {
          ...keyWhere,
          fix: `Use the ${project} ticket that holds the board's sign-off.`
        }
      )
    ];
  }
  return [];
}
function lookupFindings(ticket, key, policy, keyWhere, details) {
  const lookup = ticket.lookup;
  if (!lookup) {
    return [
      indeterminate("JIRA_NOT_LOOKED_UP", `The gate did not look up ${key} in Jira.`, {
        ...keyWhere,
        fix: "Run the gate with Jira configured, or with --offline to skip the Jira check explicitly."
      })
    ];
  }
  if (lookup.kind !== "found") {
    const advice = jiraFailureAdvice(lookup, ticket.deployment);
    const message = lookup.kind === "not-found" ? `${key} was not found in Jira, or the account mlgov uses may not see it. ${lookup.message}` : lookup.kind === "not-configured" || lookup.kind === "invalid-config" ? lookup.message : `${advice.meaning} ${lookup.message}`;
    const where = { ...keyWhere, fix: advice.fix };
    return [advice.indeterminate ? indeterminate(advice.code, message, where) : error(advice.code, message, where)];
  }
  const issue = lookup.issue;
  details.issue = {
    key: issue.key,
    status: issue.status,
    project: issue.project,
    ...issue.url ? { url: issue.url } : {},
    ...issue.summary ? { summary: issue.summary } : {}
  };
  return issueFindings(issue, key, policy, keyWhere, details);
}
function passSummary(details) {
  const issue = details.issue;
  if (!issue) return "Jira ticket referenced";
  const signOff = details.signOff;
  const what = signOff ? Object.values(signOff).map((s) => s.label).filter(Boolean).join("; ") : "";
  return `${issue.key} is ${issue.status}${what ? ` (sign-off: ${what})` : ""}`;
}
function sourcesOf(mentions, key) {
  const sources = [...new Set(mentions.filter((m) => m.key === key).map((m) => m.source))];
  return sources.map((s) => s === "commits" ? "commit messages" : s).join(", ");
}
function mentionFindings(prKnown, mentions, key, keyOk, policy) {
  const project = policy.jira.project;
  const where = policy.jira.keySources.map((s) => s === "commits" ? "commit messages" : s).join(", ");
  if (!prKnown) {
    return [
      notice(
        "JIRA_PR_UNKNOWN",
        "No pull request facts (title, branch, body, commits) were available; only the manifest's ticket was checked.",
        {
          fix: "In CI the action supplies them; locally, pass --pr-title/--pr-body to `mlgov check`."
        }
      )
    ];
  }
  const out = [];
  const relevant = mentions.filter(
    (m) => projectOfKey(m.key) === project || !NOT_TICKET_PREFIXES.has(projectOfKey(m.key))
  );
  const own = [...new Set(relevant.filter((m) => projectOfKey(m.key) === project).map((m) => m.key))];
  const foreign = [...new Set(relevant.filter((m) => projectOfKey(m.key) !== project).map((m) => m.key))];
  for (const k of foreign) {
    out.push(
      error(
        "JIRA_WRONG_PROJECT",
        `The pull request names ${k} (in its ${sourcesOf(relevant, k)}), a ticket of project ${projectOfKey(k)}; a release names only its ${project} sign-off ticket.`,
        {
          fix: `Remove ${k} from the PR's ${sourcesOf(relevant, k)} and name ${keyOk && key ? key : `the ${project} ticket`} instead.`
        }
      )
    );
  }
  const target = keyOk && key ? key : `${project}-<number>`;
  if (own.length === 0) {
    out.push(
      error("JIRA_KEY_MISSING", `The pull request names no ${project} ticket (looked in: ${where}).`, {
        fix: `Put ${target} in the PR title (e.g. "${target}: release 2.4.0") or the branch name (e.g. release/${target}).`
      })
    );
  } else if (own.length > 1) {
    out.push(
      error(
        "JIRA_MULTIPLE_KEYS",
        `The pull request names ${own.length} ${project} tickets: ${own.map((k) => `${k} (${sourcesOf(relevant, k)})`).join(", ")}; a release is signed off in exactly one.`,
        {
          fix: `Name only ${target} (the manifest's ticket) in the PR title, branch, body and commit messages.`
        }
      )
    );
  } else if (keyOk && key && own[0] !== key) {
    out.push(
      error(
        "JIRA_KEY_MISMATCH",
        `The pull request names ${own[0]} (in its ${sourcesOf(relevant, own[0] ?? "")}) but the manifest names ${key}.`,
        {
          fix: `Make them agree: the ticket holding the board's sign-off for this release, in both the manifest's "jira" field and the PR.`
        }
      )
    );
  }
  return out;
}
function issueFindings(issue, key, policy, keyWhere, details) {
  const out = issueStateFindings(issue, key, policy, keyWhere);
  if (issue.project !== policy.jira.project) return out;
  const signOff = policy.jira.signOff;
  if (!signOff) return out;
  const found = {};
  if (signOff.attachment !== void 0) {
    const r = attachmentSignOff(issue, signOff.attachment, keyWhere);
    out.push(...r.findings);
    if (r.found) found.attachment = r.found;
  }
  if (signOff.comment !== void 0) {
    const r = commentSignOff(issue, signOff.comment, policy, keyWhere);
    out.push(...r.findings);
    if (r.found) found.comment = r.found;
  }
  if (signOff.serviceDeskApproval === true) {
    const r = serviceDeskSignOff(issue, keyWhere);
    out.push(...r.findings);
    if (r.found) found.serviceDeskApproval = r.found;
  }
  if (signOff.field !== void 0) {
    const r = fieldSignOff(issue, signOff.field, keyWhere);
    out.push(...r.findings);
    if (r.found) found.field = r.found;
  }
  if (Object.keys(found).length > 0) details.signOff = found;
  return out;
}
function issueStateFindings(issue, key, policy, keyWhere) {
  const project = policy.jira.project;
  if (issue.project !== project) {
    return [
      error(
        "JIRA_WRONG_PROJECT",
        `Jira answers ${key} with ${issue.key} in project ${issue.project || "(none)"} (the issue was moved); release sign-offs live in project ${project}.`,
        {
          ...keyWhere,
          fix: `Use a ${project} ticket for the sign-off.`
        }
      )
    ];
  }
  const out = [];
  if (issue.key !== key) {
    out.push(
      error("JIRA_KEY_MISMATCH", `Jira answers ${key} with ${issue.key} (the issue was moved or renamed).`, {
        ...keyWhere,
        fix: `Write the current key ${issue.key} in the manifest and the PR.`
      })
    );
  }
  const allowed = policy.jira.allowedStatuses;
  const norm = (s) => s.trim().toLowerCase();
  if (!allowed.some((s) => norm(s) === norm(issue.status))) {
    out.push(
      error(
        "JIRA_STATUS_NOT_ALLOWED",
        `${issue.key} is in status "${issue.status}"; the policy allows only: ${allowed.join(", ")}.`,
        {
          ...keyWhere,
          fix: `The board moves ${issue.key} to ${allowed.join(" or ")} once it has signed off; then re-run the gate.`
        }
      )
    );
  }
  return out;
}
function signOffAttachmentsOf(attachments, glob) {
  const matches = attachments.filter((a) => isGlobMatch(glob, a.filename));
  const newest = [...matches].sort((a, b) => (b.created ?? "").localeCompare(a.created ?? ""))[0];
  return newest ? { matches, newest } : { matches };
}
function attachmentSignOff(issue, glob, keyWhere) {
  const { matches, newest } = signOffAttachmentsOf(issue.attachments, glob);
  if (!newest) {
    const names = issue.attachments.map((a) => a.filename);
    return {
      findings: [
        error(
          "JIRA_SIGNOFF_MISSING",
          `${issue.key} has no attachment named like "${glob}" (attachments: ${names.length ? names.join(", ") : "none"}).`,
          {
            ...keyWhere,
            fix: `Attach the signed sign-off document, named like "${glob}", to ${issue.key}.`
          }
        )
      ]
    };
  }
  const unread = newest.sha256 === void 0 ? digestUnavailableText(newest) : void 0;
  const found = {
    label: `attachment ${newest.filename}`,
    id: newest.id,
    filename: newest.filename,
    ...newest.size !== void 0 ? { size: newest.size } : {},
    ...newest.author !== void 0 ? { author: newest.author } : {},
    ...newest.created !== void 0 ? { created: newest.created } : {},
    ...newest.mimeType !== void 0 ? { mimeType: newest.mimeType } : {},
    ...newest.sha256 !== void 0 ? { sha256: newest.sha256 } : {},
    ...unread !== void 0 ? { digestUnavailable: unread } : {},
    matching: matches.length
  };
  if (unread === void 0) return { findings: [], found };
  const finding = indeterminate(
    "JIRA_SIGNOFF_DIGEST_UNAVAILABLE",
    `${issue.key}'s sign-off ${newest.filename} is there, but its content could not be read, so the record cannot keep its SHA-256: ${unread}`,
    { ...keyWhere, fix: digestFix(newest, issue.key) }
  );
  return { findings: [finding], found };
}
function digestUnavailableText(a) {
  if (a.digestUnavailable) return a.digestUnavailable.message;
  return "the gate did not download it (its Jira source reads no attachment content).";
}
function digestFix(a, key) {
  const problem = a.digestUnavailable;
  if (!problem) {
    return "Run the gate with its Jira adapter (mlgov check, the action), which downloads the sign-off to hash it.";
  }
  const kind = problem.kind;
  if (kind === "too-large") {
    return `Attach the signed document as a smaller file (a PDF, not a scan of every page at full resolution) to ${key}, or raise MLGOV_JIRA_MAX_ATTACHMENT_MB; then re-run.`;
  }
  if (kind === "size-mismatch") {
    return "Re-run the gate; if it persists, a proxy between the runner and Jira is changing downloads: fix it, the gate needs Jira's bytes.";
  }
  if (kind === "not-found") {
    return `The attachment was deleted or hidden since the ticket was read: check that ${a.filename} is still on ${key}, then re-run.`;
  }
  return jiraFailureAdvice({ kind }, void 0).fix;
}
function commentSignOff(issue, rule, policy, keyWhere) {
  const { role, phrase } = rule;
  const members = policy.approvals.roster.filter((m) => m.roles.includes(role));
  const withPhrase = issue.comments.filter((c) => containsApproval(c.body, phrase));
  const counted = [...withPhrase].reverse().map((c) => ({ c, member: members.find((m) => isAuthor(m, c)) })).find((x) => x.member !== void 0);
  if (counted && counted.member) {
    return {
      findings: [],
      found: {
        label: `comment by ${counted.c.author} (${counted.member.login}, ${role})`,
        id: counted.c.id,
        author: counted.c.author,
        member: counted.member.login,
        role,
        ...counted.c.created ? { created: counted.c.created } : {},
        excerpt: counted.c.body.length > 200 ? counted.c.body.slice(0, 200) + "\u2026" : counted.c.body
      }
    };
  }
  const strangers = [...new Set(withPhrase.map((c) => c.author))];
  const why = members.length === 0 ? ` The roster has no member with role ${role}.` : strangers.length > 0 ? ` Comments containing it by ${strangers.join(", ")} do not count: not roster members with role ${role}.` : "";
  return {
    findings: [
      error(
        "JIRA_SIGNOFF_MISSING",
        `${issue.key} has no comment containing "${phrase}" by a roster member with role ${role}.${why}`,
        {
          ...keyWhere,
          fix: members.length === 0 ? `Add the board members with role ${role} to approvals.roster in the policy (with "jira:" set to their Jira account id, user name or e-mail).` : `A ${role} member (${members.map((m) => m.login).join(", ")}) comments "${phrase}" on ${issue.key}; map roster logins to Jira identities with "jira:" in the roster where they differ.`
        }
      )
    ]
  };
}
function serviceDeskSignOff(issue, keyWhere) {
  const approvals = issue.serviceDeskApprovals ?? [];
  const declined = approvals.filter((a2) => a2.finalDecision === "declined");
  const approved = approvals.filter((a2) => a2.finalDecision === "approved");
  if (declined.length > 0) {
    return {
      findings: [
        error(
          "JIRA_SIGNOFF_DECLINED",
          `${issue.key} has a declined Service Management approval: ${declined.map((a2) => a2.name ?? a2.id).join(", ")}.`,
          {
            ...keyWhere,
            fix: "A declined approval is a rejection: address the approvers' concerns and request a new approval."
          }
        )
      ]
    };
  }
  if (approved.length === 0) {
    return {
      findings: [
        error(
          "JIRA_SIGNOFF_MISSING",
          `${issue.key} has no Service Management approval in state approved (${approvals.length ? approvals.map((a2) => `${a2.name ?? a2.id}: ${a2.finalDecision ?? "pending"}`).join(", ") : "no approvals: it may not be a Service Management request"}).`,
          { ...keyWhere, fix: `The approvers approve ${issue.key} in Jira Service Management; then re-run the gate.` }
        )
      ]
    };
  }
  const a = approved[approved.length - 1];
  return {
    findings: [],
    found: {
      label: `Service Management approval ${a.name ?? a.id}`,
      id: a.id,
      ...a.name ? { name: a.name } : {},
      finalDecision: a.finalDecision,
      approvers: a.approvers,
      ...a.completedDate ? { completedDate: a.completedDate } : {}
    }
  };
}
function fieldSignOff(issue, rule, keyWhere) {
  const { id, equals } = rule;
  const values = fieldValues(issue.fields?.[id]);
  if (values.length === 0) {
    return {
      findings: [
        error("JIRA_SIGNOFF_MISSING", `${issue.key} has no value in field ${id}; the policy requires "${equals}".`, {
          ...keyWhere,
          fix: `Set field ${id} of ${issue.key} to "${equals}" (and check that the field is on the issue's screens).`
        })
      ]
    };
  }
  if (!values.includes(equals)) {
    return {
      findings: [
        error(
          "JIRA_SIGNOFF_FIELD_MISMATCH",
          `${issue.key} field ${id} is "${values.join(", ")}"; the policy requires "${equals}".`,
          {
            ...keyWhere,
            fix: `Set field ${id} of ${issue.key} to "${equals}" once the sign-off is given.`
          }
        )
      ]
    };
  }
  return { findings: [], found: { label: `field ${id} = ${equals}`, id, value: equals } };
}
function isAuthor(member, comment) {
  const wanted = (member.jira ?? member.login).trim().toLowerCase();
  if (!wanted) return false;
  return (comment.authorIds ?? []).some((id) => id.trim().toLowerCase() === wanted);
}
var CLAUSE_BREAK = /[.!?;:,]/g;
var NEGATION = /(?<![\p{L}\p{N}_])(?:not|no|never|cannot|without)(?![\p{L}\p{N}_])|n['’]t(?![\p{L}\p{N}_])/gu;
function containsApproval(text, phrase) {
  const hay = text.toLowerCase();
  const needle = phrase.trim().toLowerCase();
  if (!needle) return false;
  const isWord = (ch) => ch !== void 0 && /[\p{L}\p{N}_]/u.test(ch);
  const breaks = [...hay.matchAll(CLAUSE_BREAK)].map((m) => m.index);
  const negationEnds = [...hay.matchAll(NEGATION)].map((m) => m.index + m[0].length);
  let before = 0;
  let after = 0;
  let denied = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    const end = i + needle.length;
    if (isWord(hay[i - 1]) || isWord(hay[end])) continue;
    while (before < breaks.length && breaks[before] < i) before += 1;
    while (after < breaks.length && breaks[after] < end) after += 1;
    while (denied < negationEnds.length && negationEnds[denied] <= i) denied += 1;
    const clauseStart = before > 0 ? breaks[before - 1] + 1 : 0;
    if (denied > 0 && negationEnds[denied - 1] > clauseStart) continue;
    if (hay[breaks[after] ?? hay.length] !== "?") return true;
  }
  return false;
}
function isGlobMatch(glob, name) {
  const p = glob.toLowerCase();
  const s = name.toLowerCase();
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === "?" || p[pi] === s[si])) {
      pi += 1;
      si += 1;
    } else if (pi < p.length && p[pi] === "*") {
      star = pi;
      mark = si;
      pi += 1;
    } else if (star >= 0) {
      pi = star + 1;
      mark += 1;
      si = mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === "*") pi += 1;
  return pi === p.length;
}
function fieldValues(v) {
  if (v === null || v === void 0) return [];
  if (typeof v === "string") return v === "" ? [] : [v];
  if (typeof v === "number" || typeof v === "boolean") return [String(v)];
  if (Array.isArray(v)) return v.flatMap((x) => fieldValues(x));
  if (typeof v === "object") {
    const o = v;
    for (const k of ["value", "name", "displayName", "key"]) if (typeof o[k] === "string") return [o[k]];
  }
  return [];
}
var jiraCheck = {
  id: "jira",
  title: "Jira sign-off ticket",
  needs: [],
  run: judge
};

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
  facts.readAt = (options.now ?? /* @__PURE__ */ new Date()).toISOString();
  const lookup = await source.readIssue(key, issueRequestFor(policy));
  facts.lookup = lookup.kind === "found" ? { kind: "found", issue: await withSignOffDigest(source, lookup.issue, policy) } : lookup;
  return facts;
}
async function withSignOffDigest(source, issue, policy) {
  const glob = policy.jira.signOff?.attachment;
  if (glob === void 0 || issue.project !== policy.jira.project) return issue;
  const { newest } = signOffAttachmentsOf(issue.attachments, glob);
  if (!newest) return issue;
  const digest = await source.readAttachmentDigest(issue.key, newest);
  const hashed = digest.kind === "hashed" ? { ...newest, sha256: digest.sha256 } : { ...newest, digestUnavailable: digest };
  return { ...issue, attachments: issue.attachments.map((a) => a === newest ? hashed : a) };
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
  jiraFailureAdvice,
  jiraCheck,
  gatherTicketFacts,
  issueRequestFor
};
