/**
 * The `jira` check (docs/jira.md): exactly the manifest's key is referenced by the PR; the issue exists in the policy's
 * project in an allowed status; and, when the policy asks (`jira.signOff`), the sign-off is on the ticket. A pure
 * function of the gathered TicketFacts: no network here (see src/gate/gather-ticket.ts and the jira.js adapter).
 */
import type { Finding } from '../formats/finding.js';
import { error, indeterminate, notice } from '../formats/finding.js';
import { at } from '../formats/parsed-document.js';
import type { CheckResultOf, JiraDetails, JiraSignOff } from '../release/report.js';
import { statusOf } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import type {
  KeyMention,
  TicketAttachment,
  TicketComment,
  TicketFailure,
  TicketIssue,
} from '../release/ticket-facts.js';
import { isJiraKey, projectOfKey } from '../release/ticket-facts.js';
import { verifyAuditLog } from '../evidence/hash-chain.js';
import { isSchemaValid } from '../formats/schema-validator.js';
import { deriveReleaseKind } from './release-kind.js';
import type { JiraSignOffPolicy, Policy, RosterMember } from '../policy/policy.js';
import type { Check } from './check.js';

/**
 * Prefixes of well-known identifiers that look like issue keys but are not tickets (`UTF-8`, `SHA-256`, `ISO-8601`,
 * `CVE-2024`): ignored as mentions of another project, so a PR body that says "UTF-8" is not a finding.
 */
const NOT_TICKET_PREFIXES = new Set([
  'UTF',
  'ISO',
  'SHA',
  'SHA2',
  'SHA3',
  'AES',
  'RSA',
  'TLS',
  'SSL',
  'HTTP',
  'RFC',
  'CVE',
  'CWE',
  'COVID',
  'ECMA',
  'IEEE',
  'PEP',
  'GPT',
]);

const CLOUD_TOKEN_URL = 'https://id.atlassian.com/manage-profile/security/api-tokens';

type Deployment = 'cloud' | 'data-center' | undefined;

/** Code, meaning and fix for an operational Jira failure; shared with `mlgov preflight`. */
export function jiraFailureAdvice(
  failure: Pick<TicketFailure, 'kind' | 'status'>,
  deployment: Deployment,
): { code: string; meaning: string; fix: string; indeterminate: boolean } {
  const credentials =
    deployment === 'cloud'
      ? `Cloud needs JIRA_EMAIL (the Atlassian account's e-mail) + JIRA_API_TOKEN (create one at ${CLOUD_TOKEN_URL})`
      : deployment === 'data-center'
        ? 'Data Center needs JIRA_PAT, a personal access token (Jira → Profile → Personal Access Tokens) that has not expired'
        : `Cloud needs JIRA_EMAIL + JIRA_API_TOKEN (${CLOUD_TOKEN_URL}), Data Center JIRA_PAT`;
  switch (failure.kind) {
    case 'unauthorized':
      return {
        code: 'JIRA_AUTH_FAILED',
        meaning:
          '401: Jira did not accept the credentials (the API token or e-mail is wrong, or the token expired or was revoked).',
        fix: `Check the credentials: ${credentials}. A Cloud token sent to Data Center (or a PAT to Cloud) is also refused.`,
        indeterminate: true,
      };
    case 'forbidden':
      return {
        code: 'JIRA_FORBIDDEN',
        meaning:
          '403: the credentials were accepted but this account may not do this (or Jira asks for a CAPTCHA after failed logins).',
        fix: 'Give the account "Browse projects" on the project (and access to the service desk for approvals); if it was locked by failed logins, sign in once in a browser.',
        indeterminate: true,
      };
    case 'unreachable':
      return {
        code: 'JIRA_UNREACHABLE',
        meaning: 'Jira could not be reached (connection refused, DNS, TLS or timeout).',
        fix: "Check JIRA_BASE_URL (the site URL, e.g. https://acme.atlassian.net), the network/proxy from this runner, and Jira's status page; then re-run.",
        indeterminate: true,
      };
    case 'rate-limited':
      return {
        code: 'JIRA_RATE_LIMITED',
        meaning: '429: Jira kept rate-limiting the requests after the retries.',
        fix: 'Re-run the job later; if it keeps happening, use a dedicated account/token for mlgov so other automation does not share its rate limit.',
        indeterminate: true,
      };
    case 'server-error':
      return {
        code: 'JIRA_SERVER_ERROR',
        meaning: `Jira failed to answer${failure.status ? ` (${failure.status})` : ''} after the retries.`,
        fix: "Check Jira's status page and re-run the job; the gate does not pass while Jira cannot answer.",
        indeterminate: true,
      };
    case 'not-configured':
      return {
        code: 'JIRA_NOT_CONFIGURED',
        meaning: 'Jira is not configured, so the sign-off cannot be checked.',
        fix: `Set JIRA_BASE_URL and the credentials: ${credentials} (action: the jira-* inputs). To judge without Jira, run \`mlgov check --offline\` (the report says the check was skipped).`,
        indeterminate: true,
      };
    case 'invalid-config':
      return {
        code: 'JIRA_CONFIG_INVALID',
        meaning: 'The Jira settings are incomplete or invalid.',
        fix: `Correct the variable named in the message. ${credentials}.`,
        indeterminate: true,
      };
    case 'not-found':
      return {
        code: 'JIRA_ISSUE_NOT_FOUND',
        meaning: '404: the issue does not exist, or this account may not see it (Jira answers both the same way).',
        fix: 'Check the key in the manifest\'s "jira" field, and that the account mlgov uses can browse the issue.',
        indeterminate: false,
      };
    case 'invalid-key':
      return {
        code: 'JIRA_KEY_INVALID',
        meaning: 'The key is not a Jira issue key.',
        fix: 'Write the ticket key as PROJECT-NUMBER, e.g. MLGOV-123.',
        indeterminate: false,
      };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every earlier release the base knows was signed off by `key`: version → where the base says so. */
function releasesSignedOffBy(ctx: ReleaseContext, key: string, models: Set<unknown>): Map<string, string> {
  const uses = new Map<string, string>();
  const note = (model: unknown, version: unknown, ticket: unknown, where: string) => {
    if (models.has(model) && typeof version === 'string' && typeof ticket === 'string' && ticket.trim() === key) {
      if (!uses.has(version)) uses.set(version, where);
    }
  };
  const base = ctx.base.kind === 'found' ? ctx.base : undefined;
  const bm = base?.manifest?.value as unknown;
  if (base && isRecord(bm)) note(bm['name'], bm['version'], bm['jira'], `the production manifest on ${base.ref}`);
  for (const [path, text] of Object.entries(ctx.evidence?.baseTexts ?? {})) {
    if (!path.endsWith('/manifest.json')) continue;
    let archived: unknown;
    try {
      archived = JSON.parse(text);
    } catch {
      continue;
    }
    if (isRecord(archived)) note(archived['name'], archived['version'], archived['jira'], `${path} on the base`);
  }
  // Release events only: an `approve` event records a judgement, not a release.
  for (const e of verifyAuditLog(ctx.evidence?.baseAuditLog ?? '').events) {
    if (e.action === 'approve') continue;
    note(e.model, e.version, e.ticket, `the base's audit log (line ${e.seq}, ${e.action})`);
  }
  return uses;
}

/**
 * One ticket, one release: a Jira ticket that already signed off a release of this model on the base (its
 * production manifest, an archived manifest, a release event in its audit log) cannot sign off a different one,
 * or one board decision would cover a model it never saw. A rollback restores its archived release and ticket, so
 * that one release is not "different". Needs no Jira call: judged offline too.
 */
function ticketReuseFindings(ctx: ReleaseContext, policy: Policy): Finding[] {
  const m = ctx.manifest.value as unknown;
  // An invalid manifest is the schema check's to report; the derivation reads only valid ones.
  if (!isRecord(m) || !isSchemaValid('manifest', m) || typeof m['jira'] !== 'string') return [];
  const key = m['jira'].trim();
  const derived = deriveReleaseKind(ctx, policy);
  if (derived.kind === 'unchanged' || derived.kind === 'indeterminate') return [];
  const baseName =
    ctx.base.kind === 'found' && isRecord(ctx.base.manifest?.value) ? ctx.base.manifest.value.name : undefined;
  const uses = releasesSignedOffBy(ctx, key, new Set([m['name'], baseName]));
  const other = [...uses].filter(([version]) => !(derived.kind === 'rollback' && version === derived.archive.version));
  if (other.length === 0) return [];
  const [version, where] = other[0]!;
  return [
    error(
      'JIRA_TICKET_REUSED',
      `${key} already signed off ${String(m['name'])} ${version} (${where}); a ticket signs off one release, and this ${derived.kind} is another.`,
      {
        ...at(ctx.manifest, '/jira'),
        fix: `Open a new ${policy.jira.project} ticket for this release and have the board sign it off there.`,
      },
    ),
  ];
}

function judge(ctx: ReleaseContext, policy: Policy): CheckResultOf<'jira'> {
  const ticket = ctx.ticket;
  const reuse = ticketReuseFindings(ctx, policy);
  if (!ticket) return withoutTicketFacts(ctx, reuse);

  const manifest = ctx.manifest;
  const keyWhere = at(manifest, '/jira');
  const rawKey: unknown = (manifest.value as { jira?: unknown } | undefined)?.jira;
  const key = typeof rawKey === 'string' ? rawKey.trim() : undefined;
  const details: JiraDetails = {
    project: policy.jira.project,
    allowedStatuses: policy.jira.allowedStatuses,
    manifestKey: key ?? null,
    mentions: ticket.mentions,
    ...(ticket.deployment ? { deployment: ticket.deployment } : {}),
    ...(ticket.readAt ? { readAt: ticket.readAt } : {}),
  };

  // 1. The manifest's key.
  const findings = manifestKeyFindings(key, policy, keyWhere);
  const keyOk = findings.length === 0;
  findings.push(...reuse);

  // 2. The keys the pull request names.
  findings.push(...mentionFindings(ticket.prKnown !== false, ticket.mentions, key, keyOk, policy));

  // Offline: the key rules are judged; the ticket itself was not looked up (the report says the check was skipped).
  if (ticket.offline) {
    const errors = findings.filter((f) => f.severity === 'error');
    return errors.length > 0
      ? { id: 'jira', status: 'fail', summary: errors[0]!.message, findings: errors, details }
      : // The details still name the manifest's key: the report and the action's outputs say which ticket it is.
        { id: 'jira', status: 'skip', summary: `skipped: ${ctx.skipped['jira'] ?? 'offline'}`, findings: [], details };
  }

  // 3. The ticket as Jira has it.
  if (keyOk && key) findings.push(...lookupFindings(ticket, key, policy, keyWhere, details));

  const status = statusOf(findings);
  const firstError = findings.find((f) => f.severity === 'error');
  const summary = firstError
    ? findings.filter((f) => f.severity === 'error').length > 1
      ? `${firstError.message} (and ${findings.filter((f) => f.severity === 'error').length - 1} more)`
      : firstError.message
    : passSummary(details);
  return { id: 'jira', status, summary, findings, details };
}

/** No ticket facts: skipped (with the reason, failing on a reused ticket), or could not judge when nothing says why. */
function withoutTicketFacts(ctx: ReleaseContext, reuse: Finding[]): CheckResultOf<'jira'> {
  const reason = ctx.skipped['jira'];
  if (reason && reuse.length > 0) {
    return {
      id: 'jira',
      status: 'fail',
      summary: `${reuse[0]!.message} (Jira itself skipped: ${reason})`,
      findings: reuse,
    };
  }
  if (reason) return { id: 'jira', status: 'skip', summary: `skipped: ${reason}`, findings: [] };
  const f = indeterminate('JIRA_NOT_GATHERED', 'The gate did not look up Jira, so the sign-off was not checked.', {
    fix: 'Run the gate with Jira configured (JIRA_BASE_URL + credentials), or with --offline to skip the Jira check explicitly.',
  });
  return { id: 'jira', status: 'fail', summary: f.message, findings: [f] };
}

/** Rule 1: the manifest names a key of the policy's project. No finding means the key is good. */
function manifestKeyFindings(key: string | undefined, policy: Policy, keyWhere: Where): Finding[] {
  const project = policy.jira.project;
  if (key === undefined || key === '') {
    return [
      error(
        'JIRA_MANIFEST_KEY_MISSING',
        `The manifest names no Jira ticket ("jira" is ${key === '' ? 'empty' : 'missing'}).`,
        {
          ...keyWhere,
          fix: `Add "jira": "${project}-<number>" with the ticket that holds the board's sign-off.`,
        },
      ),
    ];
  }
  if (!isJiraKey(key)) {
    return [
      error('JIRA_KEY_INVALID', `The manifest's "jira" value "${key.slice(0, 40)}" is not a Jira issue key.`, {
        ...keyWhere,
        fix: `Write the key as PROJECT-NUMBER in capitals, e.g. ${project}-123.`,
      }),
    ];
  }
  if (projectOfKey(key) !== project) {
    return [
      error(
        'JIRA_WRONG_PROJECT',
        `The manifest names ${key}, a ticket of project ${projectOfKey(key)}; release sign-offs live in project ${project}.`,
        {
          ...keyWhere,
          fix: `Use the ${project} ticket that holds the board's sign-off.`,
        },
      ),
    ];
  }
  return [];
}

/** Rule 3: look the key up; a failed lookup names its cause, a found issue is judged by `issueFindings`. */
function lookupFindings(
  ticket: NonNullable<ReleaseContext['ticket']>,
  key: string,
  policy: Policy,
  keyWhere: Where,
  details: JiraDetails,
): Finding[] {
  const lookup = ticket.lookup;
  if (!lookup) {
    return [
      indeterminate('JIRA_NOT_LOOKED_UP', `The gate did not look up ${key} in Jira.`, {
        ...keyWhere,
        fix: 'Run the gate with Jira configured, or with --offline to skip the Jira check explicitly.',
      }),
    ];
  }
  if (lookup.kind !== 'found') {
    const advice = jiraFailureAdvice(lookup, ticket.deployment);
    const message =
      lookup.kind === 'not-found'
        ? `${key} was not found in Jira, or the account mlgov uses may not see it. ${lookup.message}`
        : lookup.kind === 'not-configured' || lookup.kind === 'invalid-config'
          ? lookup.message // already says which variable
          : `${advice.meaning} ${lookup.message}`;
    const where = { ...keyWhere, fix: advice.fix };
    return [advice.indeterminate ? indeterminate(advice.code, message, where) : error(advice.code, message, where)];
  }
  const issue = lookup.issue;
  details.issue = {
    key: issue.key,
    status: issue.status,
    project: issue.project,
    ...(issue.url ? { url: issue.url } : {}),
    ...(issue.summary ? { summary: issue.summary } : {}),
  };
  return issueFindings(issue, key, policy, keyWhere, details);
}

function passSummary(details: JiraDetails): string {
  const issue = details.issue;
  if (!issue) return 'Jira ticket referenced';
  const signOff = details.signOff;
  const what = signOff
    ? Object.values(signOff)
        .map((s) => s.label)
        .filter(Boolean)
        .join('; ')
    : '';
  return `${issue.key} is ${issue.status}${what ? ` (sign-off: ${what})` : ''}`;
}

function sourcesOf(mentions: KeyMention[], key: string): string {
  const sources = [...new Set(mentions.filter((m) => m.key === key).map((m) => m.source))];
  return sources.map((s) => (s === 'commits' ? 'commit messages' : s)).join(', ');
}

function mentionFindings(
  prKnown: boolean,
  mentions: KeyMention[],
  key: string | undefined,
  keyOk: boolean,
  policy: Policy,
): Finding[] {
  const project = policy.jira.project;
  const where = policy.jira.keySources.map((s) => (s === 'commits' ? 'commit messages' : s)).join(', ');
  if (!prKnown) {
    return [
      notice(
        'JIRA_PR_UNKNOWN',
        "No pull request facts (title, branch, body, commits) were available; only the manifest's ticket was checked.",
        {
          fix: 'In CI the action supplies them; locally, pass --pr-title/--pr-body to `mlgov check`.',
        },
      ),
    ];
  }
  const out: Finding[] = [];
  const relevant = mentions.filter(
    (m) => projectOfKey(m.key) === project || !NOT_TICKET_PREFIXES.has(projectOfKey(m.key)),
  );
  const own = [...new Set(relevant.filter((m) => projectOfKey(m.key) === project).map((m) => m.key))];
  const foreign = [...new Set(relevant.filter((m) => projectOfKey(m.key) !== project).map((m) => m.key))];
  for (const k of foreign) {
    out.push(
      error(
        'JIRA_WRONG_PROJECT',
        `The pull request names ${k} (in its ${sourcesOf(relevant, k)}), a ticket of project ${projectOfKey(k)}; a release names only its ${project} sign-off ticket.`,
        {
          fix: `Remove ${k} from the PR's ${sourcesOf(relevant, k)} and name ${keyOk && key ? key : `the ${project} ticket`} instead.`,
        },
      ),
    );
  }
  const target = keyOk && key ? key : `${project}-<number>`;
  if (own.length === 0) {
    out.push(
      error('JIRA_KEY_MISSING', `The pull request names no ${project} ticket (looked in: ${where}).`, {
        fix: `Put ${target} in the PR title (e.g. "${target}: release 2.4.0") or the branch name (e.g. release/${target}).`,
      }),
    );
  } else if (own.length > 1) {
    out.push(
      error(
        'JIRA_MULTIPLE_KEYS',
        `The pull request names ${own.length} ${project} tickets: ${own.map((k) => `${k} (${sourcesOf(relevant, k)})`).join(', ')}; a release is signed off in exactly one.`,
        {
          fix: `Name only ${target} (the manifest's ticket) in the PR title, branch, body and commit messages.`,
        },
      ),
    );
  } else if (keyOk && key && own[0] !== key) {
    out.push(
      error(
        'JIRA_KEY_MISMATCH',
        `The pull request names ${own[0]} (in its ${sourcesOf(relevant, own[0] ?? '')}) but the manifest names ${key}.`,
        {
          fix: `Make them agree: the ticket holding the board's sign-off for this release, in both the manifest's "jira" field and the PR.`,
        },
      ),
    );
  }
  return out;
}

type Where = Pick<Finding, 'file' | 'pointer' | 'line' | 'column'>;

/** What one sign-off rule found on the ticket: its problems, or the sign-off it found. */
interface SignOffOutcome<K extends keyof JiraSignOff> {
  findings: Finding[];
  found?: JiraSignOff[K];
}

/** Rule 3, the ticket as Jira has it: in the project, under the same key, in an allowed status, signed off. */
function issueFindings(
  issue: TicketIssue,
  key: string,
  policy: Policy,
  keyWhere: Where,
  details: JiraDetails,
): Finding[] {
  const out = issueStateFindings(issue, key, policy, keyWhere);
  // A ticket moved to another project is judged no further: a sign-off there is not the board's.
  if (issue.project !== policy.jira.project) return out;
  const signOff = policy.jira.signOff;
  if (!signOff) return out;
  const found: JiraSignOff = {};
  if (signOff.attachment !== undefined) {
    const r = attachmentSignOff(issue, signOff.attachment, keyWhere);
    out.push(...r.findings);
    if (r.found) found.attachment = r.found;
  }
  if (signOff.comment !== undefined) {
    const r = commentSignOff(issue, signOff.comment, policy, keyWhere);
    out.push(...r.findings);
    if (r.found) found.comment = r.found;
  }
  if (signOff.serviceDeskApproval === true) {
    const r = serviceDeskSignOff(issue, keyWhere);
    out.push(...r.findings);
    if (r.found) found.serviceDeskApproval = r.found;
  }
  if (signOff.field !== undefined) {
    const r = fieldSignOff(issue, signOff.field, keyWhere);
    out.push(...r.findings);
    if (r.found) found.field = r.found;
  }
  if (Object.keys(found).length > 0) details.signOff = found;
  return out;
}

/** The issue's project, key and status. */
function issueStateFindings(issue: TicketIssue, key: string, policy: Policy, keyWhere: Where): Finding[] {
  const project = policy.jira.project;
  if (issue.project !== project) {
    return [
      error(
        'JIRA_WRONG_PROJECT',
        `Jira answers ${key} with ${issue.key} in project ${issue.project || '(none)'} (the issue was moved); release sign-offs live in project ${project}.`,
        {
          ...keyWhere,
          fix: `Use a ${project} ticket for the sign-off.`,
        },
      ),
    ];
  }
  const out: Finding[] = [];
  if (issue.key !== key) {
    out.push(
      error('JIRA_KEY_MISMATCH', `Jira answers ${key} with ${issue.key} (the issue was moved or renamed).`, {
        ...keyWhere,
        fix: `Write the current key ${issue.key} in the manifest and the PR.`,
      }),
    );
  }
  const allowed = policy.jira.allowedStatuses;
  const norm = (s: string) => s.trim().toLowerCase();
  if (!allowed.some((s) => norm(s) === norm(issue.status))) {
    out.push(
      error(
        'JIRA_STATUS_NOT_ALLOWED',
        `${issue.key} is in status "${issue.status}"; the policy allows only: ${allowed.join(', ')}.`,
        {
          ...keyWhere,
          fix: `The board moves ${issue.key} to ${allowed.join(' or ')} once it has signed off; then re-run the gate.`,
        },
      ),
    );
  }
  return out;
}

/**
 * The attachments named like the policy's glob, and the newest of them: the one that counts. One choice for the
 * gatherer (which downloads only that one to hash it) and this check (which names it), so the two never disagree.
 */
export function signOffAttachmentsOf(
  attachments: TicketAttachment[],
  glob: string,
): { matches: TicketAttachment[]; newest?: TicketAttachment } {
  const matches = attachments.filter((a) => isGlobMatch(glob, a.filename));
  const newest = [...matches].sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''))[0];
  return newest ? { matches, newest } : { matches };
}

/**
 * Sign-off by attachment: the newest attachment named like the policy's glob, with the SHA-256 of its content. A
 * sign-off whose bytes could not be read is "could not judge", not a pass: the record must name the file the board
 * signed, and a name alone can be re-uploaded with other content (docs/jira.md, "Sign-off").
 */
function attachmentSignOff(issue: TicketIssue, glob: string, keyWhere: Where): SignOffOutcome<'attachment'> {
  const { matches, newest } = signOffAttachmentsOf(issue.attachments, glob);
  if (!newest) {
    const names = issue.attachments.map((a) => a.filename);
    return {
      findings: [
        error(
          'JIRA_SIGNOFF_MISSING',
          `${issue.key} has no attachment named like "${glob}" (attachments: ${names.length ? names.join(', ') : 'none'}).`,
          {
            ...keyWhere,
            fix: `Attach the signed sign-off document, named like "${glob}", to ${issue.key}.`,
          },
        ),
      ],
    };
  }
  const unread = newest.sha256 === undefined ? digestUnavailableText(newest) : undefined;
  const found: NonNullable<JiraSignOff['attachment']> = {
    label: `attachment ${newest.filename}`,
    id: newest.id,
    filename: newest.filename,
    ...(newest.size !== undefined ? { size: newest.size } : {}),
    ...(newest.author !== undefined ? { author: newest.author } : {}),
    ...(newest.created !== undefined ? { created: newest.created } : {}),
    ...(newest.mimeType !== undefined ? { mimeType: newest.mimeType } : {}),
    ...(newest.sha256 !== undefined ? { sha256: newest.sha256 } : {}),
    ...(unread !== undefined ? { digestUnavailable: unread } : {}),
    matching: matches.length,
  };
  if (unread === undefined) return { findings: [], found };
  const finding = indeterminate(
    'JIRA_SIGNOFF_DIGEST_UNAVAILABLE',
    `${issue.key}'s sign-off ${newest.filename} is there, but its content could not be read, so the record cannot keep its SHA-256: ${unread}`,
    { ...keyWhere, fix: digestFix(newest, issue.key) },
  );
  return { findings: [finding], found };
}

/** Why the sign-off attachment has no digest, in one sentence. */
function digestUnavailableText(a: TicketAttachment): string {
  if (a.digestUnavailable) return a.digestUnavailable.message;
  return 'the gate did not download it (its Jira source reads no attachment content).';
}

/** What to do when the sign-off attachment's content could not be hashed, by cause. */
function digestFix(a: TicketAttachment, key: string): string {
  const problem = a.digestUnavailable;
  if (!problem) {
    return 'Run the gate with its Jira adapter (mlgov check, the action), which downloads the sign-off to hash it.';
  }
  const kind = problem.kind;
  if (kind === 'too-large') {
    return `Attach the signed document as a smaller file (a PDF, not a scan of every page at full resolution) to ${key}, or raise MLGOV_JIRA_MAX_ATTACHMENT_MB; then re-run.`;
  }
  if (kind === 'size-mismatch') {
    return "Re-run the gate; if it persists, a proxy between the runner and Jira is changing downloads: fix it, the gate needs Jira's bytes.";
  }
  if (kind === 'not-found') {
    return `The attachment was deleted or hidden since the ticket was read: check that ${a.filename} is still on ${key}, then re-run.`;
  }
  return jiraFailureAdvice({ kind }, undefined).fix;
}

/** Sign-off by comment: the latest comment with the phrase by a roster member holding the role. */
function commentSignOff(
  issue: TicketIssue,
  rule: NonNullable<JiraSignOffPolicy['comment']>,
  policy: Policy,
  keyWhere: Where,
): SignOffOutcome<'comment'> {
  const { role, phrase } = rule;
  const members = policy.approvals.roster.filter((m) => m.roles.includes(role));
  const withPhrase = issue.comments.filter((c) => containsApproval(c.body, phrase));
  const counted = [...withPhrase]
    .reverse()
    .map((c) => ({ c, member: members.find((m) => isAuthor(m, c)) }))
    .find((x) => x.member !== undefined);
  if (counted && counted.member) {
    return {
      findings: [],
      found: {
        label: `comment by ${counted.c.author} (${counted.member.login}, ${role})`,
        id: counted.c.id,
        author: counted.c.author,
        member: counted.member.login,
        role,
        ...(counted.c.created ? { created: counted.c.created } : {}),
        excerpt: counted.c.body.length > 200 ? counted.c.body.slice(0, 200) + '…' : counted.c.body,
      },
    };
  }
  const strangers = [...new Set(withPhrase.map((c) => c.author))];
  const why =
    members.length === 0
      ? ` The roster has no member with role ${role}.`
      : strangers.length > 0
        ? ` Comments containing it by ${strangers.join(', ')} do not count: not roster members with role ${role}.`
        : '';
  return {
    findings: [
      error(
        'JIRA_SIGNOFF_MISSING',
        `${issue.key} has no comment containing "${phrase}" by a roster member with role ${role}.${why}`,
        {
          ...keyWhere,
          fix:
            members.length === 0
              ? `Add the board members with role ${role} to approvals.roster in the policy (with "jira:" set to their Jira account id, user name or e-mail).`
              : `A ${role} member (${members.map((m) => m.login).join(', ')}) comments "${phrase}" on ${issue.key}; map roster logins to Jira identities with "jira:" in the roster where they differ.`,
        },
      ),
    ],
  };
}

/** Sign-off by Jira Service Management approval: one approved, none declined. */
function serviceDeskSignOff(issue: TicketIssue, keyWhere: Where): SignOffOutcome<'serviceDeskApproval'> {
  const approvals = issue.serviceDeskApprovals ?? [];
  const declined = approvals.filter((a) => a.finalDecision === 'declined');
  const approved = approvals.filter((a) => a.finalDecision === 'approved');
  if (declined.length > 0) {
    return {
      findings: [
        error(
          'JIRA_SIGNOFF_DECLINED',
          `${issue.key} has a declined Service Management approval: ${declined.map((a) => a.name ?? a.id).join(', ')}.`,
          {
            ...keyWhere,
            fix: "A declined approval is a rejection: address the approvers' concerns and request a new approval.",
          },
        ),
      ],
    };
  }
  if (approved.length === 0) {
    return {
      findings: [
        error(
          'JIRA_SIGNOFF_MISSING',
          `${issue.key} has no Service Management approval in state approved (${approvals.length ? approvals.map((a) => `${a.name ?? a.id}: ${a.finalDecision ?? 'pending'}`).join(', ') : 'no approvals: it may not be a Service Management request'}).`,
          { ...keyWhere, fix: `The approvers approve ${issue.key} in Jira Service Management; then re-run the gate.` },
        ),
      ],
    };
  }
  const a = approved[approved.length - 1]!;
  return {
    findings: [],
    found: {
      label: `Service Management approval ${a.name ?? a.id}`,
      id: a.id,
      ...(a.name ? { name: a.name } : {}),
      finalDecision: a.finalDecision,
      approvers: a.approvers,
      ...(a.completedDate ? { completedDate: a.completedDate } : {}),
    },
  };
}

/** Sign-off by a custom field holding the policy's value. */
function fieldSignOff(
  issue: TicketIssue,
  rule: NonNullable<JiraSignOffPolicy['field']>,
  keyWhere: Where,
): SignOffOutcome<'field'> {
  const { id, equals } = rule;
  const values = fieldValues(issue.fields?.[id]);
  if (values.length === 0) {
    return {
      findings: [
        error('JIRA_SIGNOFF_MISSING', `${issue.key} has no value in field ${id}; the policy requires "${equals}".`, {
          ...keyWhere,
          fix: `Set field ${id} of ${issue.key} to "${equals}" (and check that the field is on the issue's screens).`,
        }),
      ],
    };
  }
  if (!values.includes(equals)) {
    return {
      findings: [
        error(
          'JIRA_SIGNOFF_FIELD_MISMATCH',
          `${issue.key} field ${id} is "${values.join(', ')}"; the policy requires "${equals}".`,
          {
            ...keyWhere,
            fix: `Set field ${id} of ${issue.key} to "${equals}" once the sign-off is given.`,
          },
        ),
      ],
    };
  }
  return { findings: [], found: { label: `field ${id} = ${equals}`, id, value: equals } };
}

/** True when the comment was written by the roster member: their `jira` identity (or login) is one of the author's. */
function isAuthor(member: RosterMember, comment: TicketComment): boolean {
  const wanted = (member.jira ?? member.login).trim().toLowerCase();
  if (!wanted) return false;
  return (comment.authorIds ?? []).some((id) => id.trim().toLowerCase() === wanted);
}

/**
 * What ends a clause of a comment: punctuation between statements. Not a line break: comments are wrapped by hand
 * ("not\napproved" is one clause), and a break read wrongly must deny an approval, never grant one.
 */
const CLAUSE_BREAK = /[.!?;:,]/g;
/** A word that denies what follows it in its clause (letters and an apostrophe only: it never spans a break). */
const NEGATION = /(?<![\p{L}\p{N}_])(?:not|no|never|cannot|without)(?![\p{L}\p{N}_])|n['’]t(?![\p{L}\p{N}_])/gu;

/**
 * True when `text` says `phrase`: as whole words (case-insensitive), in a clause that does not deny it and does not
 * ask it. A clause runs between punctuation marks; a negation anywhere before the phrase in its clause
 * denies it ("not approved", "Not yet approved", "cannot be approved", "isn't formally approved"), and a clause ending
 * with "?" asks ("Is this approved?"). A plain substring test would count "unapproved" and all of these; a negation
 * only right before the phrase let "Not yet approved" count as the board's sign-off.
 * Linear in the comment: the breaks and negations are found once, and the occurrences walk them in order.
 */
export function containsApproval(text: string, phrase: string): boolean {
  const hay = text.toLowerCase();
  const needle = phrase.trim().toLowerCase();
  if (!needle) return false;
  const isWord = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
  const breaks = [...hay.matchAll(CLAUSE_BREAK)].map((m) => m.index);
  const negationEnds = [...hay.matchAll(NEGATION)].map((m) => m.index + m[0].length);
  let before = 0; // breaks[before - 1]: the last break before the occurrence
  let after = 0; // breaks[after]: the first break after it
  let denied = 0; // negationEnds[denied - 1]: the last negation that ends before it
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    const end = i + needle.length;
    if (isWord(hay[i - 1]) || isWord(hay[end])) continue;
    while (before < breaks.length && breaks[before]! < i) before += 1;
    while (after < breaks.length && breaks[after]! < end) after += 1;
    while (denied < negationEnds.length && negationEnds[denied]! <= i) denied += 1;
    const clauseStart = before > 0 ? breaks[before - 1]! + 1 : 0;
    if (denied > 0 && negationEnds[denied - 1]! > clauseStart) continue;
    if (hay[breaks[after] ?? hay.length] !== '?') return true;
  }
  return false;
}

/**
 * Glob match for attachment file names: `*` any run, `?` one character, case-insensitive. Iterative two-pointer
 * matching (O(n·m) worst case, no regular expression built from policy text, so no catastrophic backtracking).
 */
export function isGlobMatch(glob: string, name: string): boolean {
  const p = glob.toLowerCase();
  const s = name.toLowerCase();
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      pi += 1;
      si += 1;
    } else if (pi < p.length && p[pi] === '*') {
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
  while (pi < p.length && p[pi] === '*') pi += 1;
  return pi === p.length;
}

/** A custom field's value(s) as text: strings, numbers, options (`{value}`), users/objects (`{name}`), arrays. */
function fieldValues(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  if (Array.isArray(v)) return v.flatMap((x) => fieldValues(x));
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of ['value', 'name', 'displayName', 'key']) if (typeof o[k] === 'string') return [o[k] as string];
  }
  return [];
}

export const jiraCheck: Check<'jira'> = {
  id: 'jira',
  title: 'Jira sign-off ticket',
  needs: [],
  run: judge,
};
