/**
 * The sign-off the policy asks for on the ticket (`jira.signOff`), judged over literal ticket facts: an attachment
 * named like the glob (the newest counts, with its SHA-256), a comment with the phrase by a roster member holding
 * the role (the latest counts; a stranger's, or a member's without the role, does not), a Jira Service Management
 * approval (one approved, none declined) and a custom field's value (strings, numbers, options, users, lists).
 * Anyone can comment on a ticket or attach a file to it, so who counts is the attack surface: the tests pin who
 * does and who does not, and what the record (details.signOff) keeps of the sign-off that counted, key for key.
 * The full mutation run showed these rules' texts and edges unread by any test below the loopback-server suites.
 */
import { describe, expect, it } from '@jest/globals';
import { jiraCheck, signOffAttachmentsOf } from '../../src/checks/jira.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type {
  ServiceDeskApproval,
  TicketAttachment,
  TicketComment,
  TicketIssue,
} from '../../src/release/ticket-facts.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import type { JiraSignOffPolicy, Policy, RosterMember } from '../../src/policy/policy.js';
import { contextWith, jsonDocument } from '../support/release-context.js';

const manifest = jsonDocument<Manifest>('model/manifest.json', {
  schemaVersion: '1.0',
  name: 'fraud-detection',
  version: '2.4.0',
  jira: 'MLGOV-123',
});
const AT_KEY = { file: 'model/manifest.json', pointer: '/jira', line: 5, column: 11 };

const ROSTER: RosterMember[] = [
  { login: 'alice', roles: ['governance-board'], jira: '557058:alice' },
  { login: 'bob', roles: ['regulatory-affairs'] },
  { login: 'carol', roles: ['governance-board'] },
];

function policyWith(signOff: JiraSignOffPolicy, roster: RosterMember[] = ROSTER): Policy {
  return {
    ...DEFAULT_POLICY,
    approvals: { ...DEFAULT_POLICY.approvals, roster },
    jira: { ...DEFAULT_POLICY.jira, signOff },
  };
}

/** The check over MLGOV-123, named by the PR and Done in Jira, with `issue`'s sign-off material. */
function judge(issue: Partial<TicketIssue>, policy: Policy) {
  const ticket = {
    mentions: [{ key: 'MLGOV-123', source: 'title' as const }],
    prKnown: true,
    lookup: {
      kind: 'found' as const,
      issue: { key: 'MLGOV-123', project: 'MLGOV', status: 'Done', attachments: [], comments: [], ...issue },
    },
  };
  return jiraCheck.run(contextWith({ manifest, ticket }), policy);
}

const codes = (r: ReturnType<typeof judge>) => r.findings.map((f) => f.code);

function pdf(fields: Partial<TicketAttachment> = {}): TicketAttachment {
  return { id: '10042', filename: 'sign-off-2.4.0.pdf', sha256: 'a'.repeat(64), ...fields };
}

function comment(author: string, ids: string[], body: string, fields: Partial<TicketComment> = {}): TicketComment {
  return { id: `c-${author}-${body.length}`, author, authorIds: ids, body, ...fields };
}

describe('attachment sign-off', () => {
  const policy = policyWith({ attachment: 'sign-off*.pdf' });

  it('none named like the glob: lists the attachments there are, and what to attach', () => {
    const r = judge({ attachments: [pdf({ filename: 'notes.txt' }), pdf({ id: '2', filename: 'draft.pdf' })] }, policy);
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_SIGNOFF_MISSING',
        message: 'MLGOV-123 has no attachment named like "sign-off*.pdf" (attachments: notes.txt, draft.pdf).',
        ...AT_KEY,
        fix: 'Attach the signed sign-off document, named like "sign-off*.pdf", to MLGOV-123.',
      },
    ]);
    expect(r.details?.signOff).toBeUndefined();
  });

  it('no attachments at all: says none', () => {
    expect(judge({}, policy).findings[0]!.message).toBe(
      'MLGOV-123 has no attachment named like "sign-off*.pdf" (attachments: none).',
    );
  });

  it('the newest matching one counts, and the record keeps everything Jira said about it', () => {
    const old = pdf({ id: '1', filename: 'sign-off-draft.pdf', created: '2026-10-01T10:00:00.000+0000' });
    const newest = pdf({
      id: '2',
      filename: 'sign-off-final.pdf',
      created: '2026-11-01T10:00:00.000+0000',
      size: 48213,
      author: 'Alice Board',
      mimeType: 'application/pdf',
    });
    const r = judge({ attachments: [old, newest, pdf({ id: '3', filename: 'other.pdf' })] }, policy);
    expect(r).toMatchObject({
      status: 'pass',
      findings: [],
      summary: 'MLGOV-123 is Done (sign-off: attachment sign-off-final.pdf)',
    });
    expect(r.details?.signOff).toStrictEqual({
      attachment: {
        label: 'attachment sign-off-final.pdf',
        id: '2',
        filename: 'sign-off-final.pdf',
        size: 48213,
        author: 'Alice Board',
        created: '2026-11-01T10:00:00.000+0000',
        mimeType: 'application/pdf',
        sha256: 'a'.repeat(64),
        matching: 2,
      },
    });
  });

  it('the record has no key for what Jira did not say', () => {
    const r = judge({ attachments: [pdf()] }, policy);
    expect(r.details?.signOff).toStrictEqual({
      attachment: {
        label: 'attachment sign-off-2.4.0.pdf',
        id: '10042',
        filename: 'sign-off-2.4.0.pdf',
        sha256: 'a'.repeat(64),
        matching: 1,
      },
    });
  });

  it.each<[string, TicketAttachment['digestUnavailable'], string]>([
    [
      'Jira served another size',
      { kind: 'size-mismatch', message: 'Jira lists 48213 bytes but sent 1024.' },
      "Re-run the gate; if it persists, a proxy between the runner and Jira is changing downloads: fix it, the gate needs Jira's bytes.",
    ],
    [
      'too large',
      { kind: 'too-large', message: 'It is 80 MiB; the limit is 50 MiB.' },
      'Attach the signed document as a smaller file (a PDF, not a scan of every page at full resolution) to MLGOV-123, or raise MLGOV_JIRA_MAX_ATTACHMENT_MB; then re-run.',
    ],
    [
      'deleted since',
      { kind: 'not-found', message: 'Jira answered 404.' },
      'The attachment was deleted or hidden since the ticket was read: check that sign-off-2.4.0.pdf is still on MLGOV-123, then re-run.',
    ],
    [
      'refused',
      { kind: 'forbidden', message: 'Jira answered 403.' },
      'Give the account "Browse projects" on the project (and access to the service desk for approvals); if it was locked by failed logins, sign in once in a browser.',
    ],
  ])(
    'content that could not be read (%s) is could-not-judge, with why and the fix for that cause',
    (_what, why, fix) => {
      const r = judge({ attachments: [pdf({ sha256: undefined, digestUnavailable: why })] }, policy);
      expect(r.findings).toEqual([
        {
          severity: 'error',
          code: 'JIRA_SIGNOFF_DIGEST_UNAVAILABLE',
          message: `MLGOV-123's sign-off sign-off-2.4.0.pdf is there, but its content could not be read, so the record cannot keep its SHA-256: ${why!.message}`,
          indeterminate: true,
          ...AT_KEY,
          fix,
        },
      ]);
      expect(r.details?.signOff).toStrictEqual({
        attachment: {
          label: 'attachment sign-off-2.4.0.pdf',
          id: '10042',
          filename: 'sign-off-2.4.0.pdf',
          digestUnavailable: why!.message,
          matching: 1,
        },
      });
    },
  );
});

describe('signOffAttachmentsOf: the newest matching attachment', () => {
  const dated = (id: string, created?: string): TicketAttachment => ({
    id,
    filename: `sign-off-${id}.pdf`,
    ...(created ? { created } : {}),
  });
  const undated = dated('undated');
  const october = dated('october', '2026-10-01T10:00:00.000+0000');
  const november = dated('november', '2026-11-01T10:00:00.000+0000');

  it.each([[[undated, october, november]], [[november, undated, october]], [[october, november, undated]]])(
    'is the latest created, whatever the order; one without a date is the oldest (%#)',
    (attachments) => {
      const r = signOffAttachmentsOf(attachments, 'sign-off*.pdf');
      expect(r.newest).toBe(november);
      expect(r.matches).toEqual(attachments);
    },
  );

  it('a dated one beats one without a date', () => {
    expect(signOffAttachmentsOf([undated, october], 'sign-off*.pdf').newest).toBe(october);
    expect(signOffAttachmentsOf([october, undated], 'sign-off*.pdf').newest).toBe(october);
  });

  it('no match: the (empty) matches and no newest', () => {
    expect(signOffAttachmentsOf([dated('x')], 'approval*.pdf')).toStrictEqual({ matches: [] });
  });
});

describe('comment sign-off', () => {
  const policy = policyWith({ comment: { role: 'governance-board', phrase: 'approved' } });
  const ALICE = ['557058:alice', 'alice@example.com'];

  it('the latest comment with the phrase by a member with the role counts, as the record keeps it', () => {
    const r = judge(
      {
        comments: [
          comment('Alice Board', ALICE, 'Approved.', { id: '100', created: '2026-11-01T10:00:00.000+0000' }),
          comment('Carol', ['carol'], 'Approved by the board on 2 Nov.', {
            id: '101',
            created: '2026-11-02T10:00:00.000+0000',
          }),
          comment('Alice Board', ALICE, 'Thanks all.', { id: '102' }),
        ],
      },
      policy,
    );
    expect(r).toMatchObject({
      status: 'pass',
      findings: [],
      summary: 'MLGOV-123 is Done (sign-off: comment by Carol (carol, governance-board))',
    });
    expect(r.details?.signOff).toStrictEqual({
      comment: {
        label: 'comment by Carol (carol, governance-board)',
        id: '101',
        author: 'Carol',
        member: 'carol',
        role: 'governance-board',
        created: '2026-11-02T10:00:00.000+0000',
        excerpt: 'Approved by the board on 2 Nov.',
      },
    });
  });

  it("a stranger's later comment does not hide a member's", () => {
    const r = judge(
      {
        comments: [
          comment('Alice Board', ALICE, 'approved', { id: '100' }),
          comment('Mallory', ['557058:mallory'], 'approved', { id: '101' }),
        ],
      },
      policy,
    );
    expect(r.status).toBe('pass');
    expect(r.details?.signOff?.comment).toStrictEqual({
      label: 'comment by Alice Board (alice, governance-board)',
      id: '100',
      author: 'Alice Board',
      member: 'alice',
      role: 'governance-board',
      excerpt: 'approved',
    });
  });

  it('the excerpt keeps 200 characters, and cuts a longer body there', () => {
    const exactly = 'approved ' + 'x'.repeat(191);
    const longer = exactly + 'y';
    const excerptOf = (body: string) =>
      judge({ comments: [comment('Carol', ['carol'], body)] }, policy).details?.signOff?.comment?.excerpt;
    expect(excerptOf(exactly)).toBe(exactly);
    expect(excerptOf(longer)).toBe(exactly + '…');
  });

  it('identities match without case and without the blanks around them, on both sides', () => {
    const roster: RosterMember[] = [{ login: 'alice', roles: ['governance-board'], jira: ' 557058:Alice ' }];
    const r = judge(
      { comments: [comment('Alice Board', [' 557058:ALICE\t'], 'approved')] },
      policyWith({ comment: { role: 'governance-board', phrase: 'approved' } }, roster),
    );
    expect(r.status).toBe('pass');
  });

  it('a member whose Jira identity is blank matches nobody, not every unnamed author', () => {
    const roster: RosterMember[] = [{ login: 'erin', roles: ['governance-board'], jira: '   ' }];
    const r = judge(
      { comments: [comment('Anonymous', [''], 'approved'), comment('Mallory', ['557058:mallory'], 'approved')] },
      policyWith({ comment: { role: 'governance-board', phrase: 'approved' } }, roster),
    );
    expect(codes(r)).toEqual(['JIRA_SIGNOFF_MISSING']);
  });

  it("a display name is not an identity: a comment by someone who calls themselves 'carol' does not count", () => {
    const r = judge(
      { comments: [{ id: '9', author: 'carol', body: 'approved' }, comment('carol', ['557058:mallory'], 'approved')] },
      policy,
    );
    expect(codes(r)).toEqual(['JIRA_SIGNOFF_MISSING']);
  });

  it('the phrase is matched without the blanks around it', () => {
    const r = judge(
      { comments: [comment('Carol', ['carol'], 'Approved.')] },
      policyWith({ comment: { role: 'governance-board', phrase: ' Approved ' } }),
    );
    expect(r.status).toBe('pass');
  });

  it('a member without the role does not count: named as not a member with the role, with who should comment', () => {
    const r = judge(
      {
        comments: [
          comment('Bob Reg', ['bob'], 'approved'),
          comment('Mallory', ['557058:mallory'], 'approved'),
          comment('Bob Reg', ['bob'], 'approved, again'),
        ],
      },
      policy,
    );
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_SIGNOFF_MISSING',
        message:
          'MLGOV-123 has no comment containing "approved" by a roster member with role governance-board. Comments containing it by Bob Reg, Mallory do not count: not roster members with role governance-board.',
        ...AT_KEY,
        fix: 'A governance-board member (alice, carol) comments "approved" on MLGOV-123; map roster logins to Jira identities with "jira:" in the roster where they differ.',
      },
    ]);
    expect(r.details?.signOff).toBeUndefined();
  });

  it('no comment with the phrase at all: says only that', () => {
    const r = judge({ comments: [comment('Alice Board', ALICE, 'Looks good to me')] }, policy);
    expect(r.findings[0]!.message).toBe(
      'MLGOV-123 has no comment containing "approved" by a roster member with role governance-board.',
    );
  });

  it('no roster member has the role: says so first, and the fix is to add them', () => {
    const r = judge(
      { comments: [comment('Mallory', ['557058:mallory'], 'approved')] },
      policyWith({ comment: { role: 'release-board', phrase: 'approved' } }),
    );
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_SIGNOFF_MISSING',
        message:
          'MLGOV-123 has no comment containing "approved" by a roster member with role release-board. The roster has no member with role release-board.',
        ...AT_KEY,
        fix: 'Add the board members with role release-board to approvals.roster in the policy (with "jira:" set to their Jira account id, user name or e-mail).',
      },
    ]);
  });
});

describe('Service Management approval sign-off', () => {
  const policy = policyWith({ serviceDeskApproval: true });
  const approval = (id: string, fields: Partial<ServiceDeskApproval> = {}): ServiceDeskApproval => ({
    id,
    approvers: [{ login: 'alice', decision: fields.finalDecision ?? 'pending' }],
    ...fields,
  });

  it('a declined one is a rejection, naming each (by name, else id), even beside an approved one', () => {
    const r = judge(
      {
        serviceDeskApprovals: [
          approval('11', { name: 'Board', finalDecision: 'declined' }),
          approval('12', { finalDecision: 'declined' }),
          approval('13', { name: 'Legal', finalDecision: 'approved' }),
        ],
      },
      policy,
    );
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_SIGNOFF_DECLINED',
        message: 'MLGOV-123 has a declined Service Management approval: Board, 12.',
        ...AT_KEY,
        fix: "A declined approval is a rejection: address the approvers' concerns and request a new approval.",
      },
    ]);
  });

  it('none approved: lists each with its state (pending when Jira gives none)', () => {
    const r = judge(
      { serviceDeskApprovals: [approval('11', { name: 'Board' }), approval('12', { finalDecision: 'waiting' })] },
      policy,
    );
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_SIGNOFF_MISSING',
        message: 'MLGOV-123 has no Service Management approval in state approved (Board: pending, 12: waiting).',
        ...AT_KEY,
        fix: 'The approvers approve MLGOV-123 in Jira Service Management; then re-run the gate.',
      },
    ]);
    expect(r.details?.signOff).toBeUndefined();
  });

  it('no approvals at all: it may not be a Service Management request', () => {
    expect(judge({}, policy).findings[0]!.message).toBe(
      'MLGOV-123 has no Service Management approval in state approved (no approvals: it may not be a Service Management request).',
    );
  });

  it('the last approved one counts, as the record keeps it', () => {
    const r = judge(
      {
        serviceDeskApprovals: [
          approval('11', { name: 'Board', finalDecision: 'approved' }),
          approval('12', { name: 'Legal', finalDecision: 'approved', completedDate: '2026-11-02T10:00:00.000Z' }),
        ],
      },
      policy,
    );
    expect(r).toMatchObject({ status: 'pass', findings: [] });
    expect(r.details?.signOff).toStrictEqual({
      serviceDeskApproval: {
        label: 'Service Management approval Legal',
        id: '12',
        name: 'Legal',
        finalDecision: 'approved',
        approvers: [{ login: 'alice', decision: 'approved' }],
        completedDate: '2026-11-02T10:00:00.000Z',
      },
    });
  });

  it('an approval without a name is labelled by its id, with no empty keys', () => {
    const r = judge({ serviceDeskApprovals: [approval('12', { finalDecision: 'approved' })] }, policy);
    expect(r.findings).toStrictEqual([]);
    expect(r.details?.signOff).toStrictEqual({
      serviceDeskApproval: {
        label: 'Service Management approval 12',
        id: '12',
        finalDecision: 'approved',
        approvers: [{ login: 'alice', decision: 'approved' }],
      },
    });
  });
});

describe('custom field sign-off', () => {
  const FIELD = 'customfield_10050';
  const policy = policyWith({ field: { id: FIELD, equals: 'Approved' } });

  it('no value (or no fields read at all): names the field and the value to set', () => {
    const expected = [
      {
        severity: 'error',
        code: 'JIRA_SIGNOFF_MISSING',
        message: 'MLGOV-123 has no value in field customfield_10050; the policy requires "Approved".',
        ...AT_KEY,
        fix: 'Set field customfield_10050 of MLGOV-123 to "Approved" (and check that the field is on the issue\'s screens).',
      },
    ];
    expect(judge({}, policy).findings).toEqual(expected);
    expect(judge({ fields: { [FIELD]: null } }, policy).findings).toEqual(expected);
    expect(judge({ fields: { [FIELD]: '' } }, policy).findings).toEqual(expected);
    expect(judge({ fields: { [FIELD]: { id: '10001' } } }, policy).findings).toEqual(expected);
    expect(judge({ fields: { [FIELD]: [] } }, policy).findings).toEqual(expected);
  });

  it('another value: lists the values there are', () => {
    const r = judge({ fields: { [FIELD]: ['Pending', { value: 'In review' }, 3, false] } }, policy);
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_SIGNOFF_FIELD_MISMATCH',
        message: 'MLGOV-123 field customfield_10050 is "Pending, In review, 3, false"; the policy requires "Approved".',
        ...AT_KEY,
        fix: 'Set field customfield_10050 of MLGOV-123 to "Approved" once the sign-off is given.',
      },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['text', 'Approved', 'Approved'],
    ['an option', { value: 'Approved', id: '10001' }, 'Approved'],
    ['a user (by name)', { name: 'Approved' }, 'Approved'],
    ['an object by display name', { displayName: 'Approved' }, 'Approved'],
    ['an object by key', { key: 'Approved' }, 'Approved'],
    ['an option whose value is not text, by name', { value: 7, name: 'Approved' }, 'Approved'],
    ['a list holding it', ['Pending', ['Approved']], 'Approved'],
    ['a number', 3, '3'],
    ['a boolean', true, 'true'],
  ])('%s holding the value passes, as the record keeps it', (_what, value, equals) => {
    const r = judge({ fields: { [FIELD]: value } }, policyWith({ field: { id: FIELD, equals } }));
    expect(r.findings).toStrictEqual([]);
    expect(r.details?.signOff).toStrictEqual({
      field: { label: `field ${FIELD} = ${equals}`, id: FIELD, value: equals },
    });
  });
});

describe('several sign-offs: the record keeps exactly those found', () => {
  const policy = policyWith({
    attachment: 'sign-off*.pdf',
    comment: { role: 'governance-board', phrase: 'approved' },
    serviceDeskApproval: true,
    field: { id: 'customfield_10050', equals: 'Approved' },
  });

  it('all four found: the summary names each', () => {
    const r = judge(
      {
        attachments: [pdf()],
        comments: [comment('Carol', ['carol'], 'approved', { id: '7' })],
        serviceDeskApprovals: [{ id: '12', finalDecision: 'approved', approvers: [] }],
        fields: { customfield_10050: 'Approved' },
      },
      policy,
    );
    expect(r).toMatchObject({ status: 'pass', findings: [] });
    expect(r.summary).toBe(
      'MLGOV-123 is Done (sign-off: attachment sign-off-2.4.0.pdf; comment by Carol (carol, governance-board); Service Management approval 12; field customfield_10050 = Approved)',
    );
  });

  it('attachment and field found, comment and approval missing', () => {
    const r = judge({ attachments: [pdf()], fields: { customfield_10050: 'Approved' } }, policy);
    expect(codes(r)).toEqual(['JIRA_SIGNOFF_MISSING', 'JIRA_SIGNOFF_MISSING']);
    expect(Object.keys(r.details?.signOff ?? {})).toEqual(['attachment', 'field']);
  });

  it('comment and approval found, attachment and field missing', () => {
    const r = judge(
      {
        comments: [comment('Carol', ['carol'], 'approved')],
        serviceDeskApprovals: [{ id: '12', finalDecision: 'approved', approvers: [] }],
      },
      policy,
    );
    expect(codes(r)).toEqual(['JIRA_SIGNOFF_MISSING', 'JIRA_SIGNOFF_MISSING']);
    expect(Object.keys(r.details?.signOff ?? {})).toEqual(['comment', 'serviceDeskApproval']);
  });

  it('none found: no sign-off in the record', () => {
    const r = judge({}, policy);
    expect(codes(r)).toHaveLength(4);
    expect(r.details).not.toHaveProperty('signOff');
  });
});
