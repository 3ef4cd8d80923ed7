/**
 * One ticket, one release (JIRA_TICKET_REUSED), over literal contexts. A PR author writes the manifest's "jira" key
 * on the branch; the base says which releases a ticket already signed off: its production manifest, the manifests
 * archived under the archive directory, and the release events of its audit log. Each of those sources counts on
 * its own, and only for this model (or the model the base releases under its old name); an `approve` event, another
 * model's record, a record without a version or ticket, or a file that is not a manifest does not. The release's
 * own kind decides the rest: an unchanged release is the same release, a rollback keeps the ticket of the release it
 * restores, and when the base cannot say what the release is the rule does not guess. The full mutation run showed
 * none of this tested below the end-to-end gate suites, which it leaves out.
 */
import { describe, expect, it } from '@jest/globals';
import { jiraCheck } from '../../src/checks/jira.js';
import { deriveReleaseKind } from '../../src/checks/release-kind.js';
import { isSchemaValid } from '../../src/formats/schema-validator.js';
import type { UnchainedEvent } from '../../src/evidence/hash-chain.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { EvidenceFacts } from '../../src/release/evidence-facts.js';
import type { TicketFacts } from '../../src/release/ticket-facts.js';
import { baseArchiveFacts, logText } from '../support/base-archive.js';
import { buildRelease, exampleBaseManifest, lineOf, type Release, type ReleaseOptions } from './fixtures/release.js';

/** The PR names MLGOV-123 and Jira answers it Done: every other jira rule passes, so only reuse can fail. */
const SIGNED_OFF: TicketFacts = {
  mentions: [{ key: 'MLGOV-123', source: 'title' }],
  prKnown: true,
  deployment: 'cloud',
  lookup: {
    kind: 'found',
    issue: { key: 'MLGOV-123', project: 'MLGOV', status: 'Done', attachments: [], comments: [] },
  },
};

/** The production release on the base (2.3.0), signed off by `jira`. */
function baseSignedOffBy(jira: string, edit?: (m: Manifest) => void): Manifest {
  const m = exampleBaseManifest();
  m.jira = jira;
  edit?.(m);
  return m;
}

/** What the base's archive directory holds: small records by path, and its audit log. */
function baseRecords(o: { texts?: Record<string, string>; events?: UnchainedEvent[] }): EvidenceFacts {
  return {
    archiveDir: 'artifacts',
    baseFiles: {},
    headFiles: {},
    archivedVersions: [],
    ...(o.texts ? { baseTexts: o.texts } : {}),
    ...(o.events ? { baseAuditLog: logText(o.events) } : {}),
  };
}

/** An archived manifest's text as `mlgov archive` writes it (only the fields the rule reads matter). */
function archivedManifest(fields: Record<string, unknown>): string {
  return JSON.stringify({ name: 'fraud-detection', version: '2.2.0', jira: 'MLGOV-123', ...fields }, null, 2) + '\n';
}

function event(action: UnchainedEvent['action'], fields: Partial<UnchainedEvent> = {}): UnchainedEvent {
  return {
    at: '2026-10-01T09:00:00.000Z',
    actor: 'rm-bot',
    action,
    model: 'fraud-detection',
    version: '2.2.0',
    reason: null,
    ticket: 'MLGOV-123',
    ...fields,
  };
}

/** The candidate 2.4.0 (signed off by MLGOV-123) over a base whose production release used MLGOV-100. */
function release(options: ReleaseOptions & { evidence?: EvidenceFacts } = {}): Release {
  const { evidence, ...rest } = options;
  const r = buildRelease({ base: baseSignedOffBy('MLGOV-100'), ...rest });
  r.ctx.ticket = SIGNED_OFF;
  if (evidence) r.ctx.evidence = evidence;
  return r;
}

function judge(r: Release) {
  return jiraCheck.run(r.ctx, r.policy);
}

const kindOf = (r: Release) => deriveReleaseKind(r.ctx, r.policy).kind;

/** The reuse findings' messages (the only thing these tests vary). */
function reuseMessages(r: Release): string[] {
  return judge(r)
    .findings.filter((f) => f.code === 'JIRA_TICKET_REUSED')
    .map((f) => f.message);
}

const reused = (version: string, where: string, kind = 'promotion') =>
  `MLGOV-123 already signed off fraud-detection ${version} (${where}); a ticket signs off one release, and this ${kind} is another.`;

describe("the base's production manifest", () => {
  it('a new release signed off by the ticket of the release it replaces fails, at the manifest\'s "jira"', () => {
    const r = release({ base: baseSignedOffBy('MLGOV-123') });
    const result = judge(r);
    const message = reused('2.3.0', 'the production manifest on main');
    expect(result).toMatchObject({ id: 'jira', status: 'fail', summary: message });
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_TICKET_REUSED',
        message,
        file: 'model/manifest.json',
        pointer: '/jira',
        line: lineOf(r.ctx.manifest, '/jira'),
        column: r.ctx.manifest.positions['/jira']!.column,
        fix: 'Open a new MLGOV ticket for this release and have the board sign it off there.',
      },
    ]);
  });

  it("the fix names the policy's project", () => {
    const r = release({
      base: baseSignedOffBy('BOARD-7'),
      manifest: (m) => void (m.jira = 'BOARD-7'),
      policy: (p) => void (p.jira = { ...p.jira, project: 'BOARD' }),
    });
    r.ctx.ticket = { mentions: [{ key: 'BOARD-7', source: 'branch' }], prKnown: true };
    r.ctx.ticket.offline = true;
    const f = judge(r).findings;
    expect(f.map((x) => x.code)).toEqual(['JIRA_TICKET_REUSED']);
    expect(f[0]!.fix).toBe('Open a new BOARD ticket for this release and have the board sign it off there.');
  });

  it('a base release signed off by another ticket is no finding', () => {
    expect(judge(release())).toMatchObject({ status: 'pass', findings: [], summary: 'MLGOV-123 is Done' });
  });

  it("the base's key counts with the blanks around it trimmed (the base is not schema-checked)", () => {
    expect(reuseMessages(release({ base: baseSignedOffBy(' MLGOV-123 ') }))).toEqual([
      reused('2.3.0', 'the production manifest on main'),
    ]);
  });

  it('the base manifest of the model under its old name counts too (a renamed model keeps its history)', () => {
    const r = release({
      base: baseSignedOffBy('MLGOV-100', (m) => void (m.name = 'fraud-detection-legacy')),
      evidence: baseRecords({ events: [event('promote', { model: 'fraud-detection-legacy' })] }),
    });
    expect(reuseMessages(r)).toEqual([reused('2.2.0', "the base's audit log (line 1, promote)")]);
  });

  it('the first record of a version wins: the production manifest before an archived copy of it', () => {
    const r = release({
      base: baseSignedOffBy('MLGOV-123'),
      evidence: baseRecords({
        texts: { 'artifacts/fraud-detection/2.3.0/manifest.json': archivedManifest({ version: '2.3.0' }) },
        events: [event('promote', { version: '2.3.0' })],
      }),
    });
    expect(reuseMessages(r)).toEqual([reused('2.3.0', 'the production manifest on main')]);
  });
});

describe("the base's archived manifests", () => {
  const ARCHIVED = 'artifacts/fraud-detection/2.2.0/manifest.json';

  it('an archived release signed off by the ticket fails, naming the file', () => {
    const r = release({ evidence: baseRecords({ texts: { [ARCHIVED]: archivedManifest({}) } }) });
    expect(reuseMessages(r)).toEqual([reused('2.2.0', `${ARCHIVED} on the base`)]);
  });

  it('the ticket of an archived manifest counts with the blanks around it trimmed', () => {
    const r = release({ evidence: baseRecords({ texts: { [ARCHIVED]: archivedManifest({ jira: 'MLGOV-123\n' }) } }) });
    expect(reuseMessages(r)).toEqual([reused('2.2.0', `${ARCHIVED} on the base`)]);
  });

  it('only files named manifest.json are manifests (an evidence index with the same fields is not)', () => {
    const r = release({
      evidence: baseRecords({ texts: { 'artifacts/fraud-detection/2.2.0/evidence.json': archivedManifest({}) } }),
    });
    expect(reuseMessages(r)).toEqual([]);
  });

  it.each([
    ['another model', { name: 'churn-model' }],
    ['another ticket', { jira: 'MLGOV-122' }],
    ['a version that is not text', { version: 22 }],
    ['a ticket that is not text', { jira: 123 }],
    ['no ticket', { jira: null }],
  ])('an archived manifest of %s is no finding', (_what, fields) => {
    const r = release({ evidence: baseRecords({ texts: { [ARCHIVED]: archivedManifest(fields) } }) });
    expect(reuseMessages(r)).toEqual([]);
  });

  it.each([
    ['not JSON', '{"name": "fraud-detection", '],
    ['JSON null', 'null\n'],
    ['a JSON array', '["fraud-detection", "2.2.0", "MLGOV-123"]\n'],
  ])('an archived manifest that is %s is skipped, and the others still count', (_what, text) => {
    const r = release({
      evidence: baseRecords({
        texts: {
          [ARCHIVED]: text,
          'artifacts/fraud-detection/2.1.0/manifest.json': archivedManifest({ version: '2.1.0' }),
        },
      }),
    });
    expect(reuseMessages(r)).toEqual([reused('2.1.0', 'artifacts/fraud-detection/2.1.0/manifest.json on the base')]);
  });
});

describe("the base's audit log", () => {
  it.each(['promote', 'archive', 'force'] as const)('a %s event of the ticket fails, naming the line', (action) => {
    const r = release({
      evidence: baseRecords({ events: [event('promote', { version: '2.0.0', ticket: 'MLGOV-90' }), event(action)] }),
    });
    expect(reuseMessages(r)).toEqual([reused('2.2.0', `the base's audit log (line 2, ${action})`)]);
  });

  it('an approve event records a judgement, not a release: no finding', () => {
    const r = release({ evidence: baseRecords({ events: [event('approve')] }) });
    expect(reuseMessages(r)).toEqual([]);
  });

  it('a rollback event without a ticket, or an event of another model, is no finding', () => {
    const r = release({
      evidence: baseRecords({
        events: [event('rollback', { ticket: null }), event('promote', { model: 'churn-model', version: '1.0.0' })],
      }),
    });
    expect(reuseMessages(r)).toEqual([]);
  });
});

describe('the kind of release decides', () => {
  it('a first release (the base has no manifest) reusing a ticket its audit log records fails', () => {
    const r = release({ manifest: (m) => void (m.release = { type: 'initial', reason: 'First release' }) });
    r.ctx.base = { kind: 'found', ref: 'main', commit: 'f'.repeat(40) };
    r.ctx.evidence = baseRecords({ events: [event('promote', { version: '0.9.0' })] });
    expect(kindOf(r)).toBe('initial');
    expect(reuseMessages(r)).toEqual([reused('0.9.0', "the base's audit log (line 1, promote)", 'initial')]);
  });

  it('an unchanged release is the release the ticket signed off: no finding', () => {
    const r = release({
      base: baseSignedOffBy('MLGOV-123'),
      manifest: (m) => Object.assign(m, exampleBaseManifest()),
    });
    expect(kindOf(r)).toBe('unchanged');
    expect(reuseMessages(r)).toEqual([]);
  });

  it('when there is no base to derive the release from, the rule does not guess (the release kind says why)', () => {
    const r = release({ base: null, evidence: baseRecords({ events: [event('promote')] }) });
    expect(kindOf(r)).toBe('indeterminate');
    expect(reuseMessages(r)).toEqual([]);
  });

  it('a manifest the schema rejects is left to the schema check', () => {
    const r = release({
      base: baseSignedOffBy('MLGOV-123'),
      manifest: (m) => void ((m as unknown as Record<string, unknown>)['owner'] = 42),
    });
    expect(isSchemaValid('manifest', r.ctx.manifest.value)).toBe(false);
    expect(kindOf(r)).toBe('promotion');
    expect(reuseMessages(r)).toEqual([]);
  });

  /** The candidate restores 2.2.0, which the base archived signed off by MLGOV-123; production runs `production`. */
  function rollbackTo220(production: string): Release {
    const r = release({
      base: baseSignedOffBy(production),
      manifest: (m) => {
        m.version = '2.2.0';
        m.release = { type: 'rollback', reason: 'Incident INC-42: false positives doubled' };
      },
    });
    const archived = structuredClone(r.manifest);
    archived.release = { type: 'promotion', reason: 'Promoted 2.2.0 in October' };
    r.ctx.evidence = baseArchiveFacts({ archived, reportText: JSON.stringify(r.report, null, 2) + '\n' });
    return r;
  }

  it('a rollback keeps the ticket of the release it restores', () => {
    const r = rollbackTo220('MLGOV-100');
    expect(kindOf(r)).toBe('rollback');
    expect(reuseMessages(r)).toEqual([]);
  });

  it('a rollback signed off by the ticket of the release it replaces fails', () => {
    expect(reuseMessages(rollbackTo220('MLGOV-123'))).toEqual([
      reused('2.3.0', 'the production manifest on main', 'rollback'),
    ]);
  });
});

describe('without ticket facts', () => {
  it('skipped (offline) but reusing a ticket: fails on the reuse, saying Jira itself was skipped', () => {
    const r = release({ base: baseSignedOffBy('MLGOV-123') });
    delete r.ctx.ticket;
    r.ctx.skipped = { jira: '--offline' };
    const message = reused('2.3.0', 'the production manifest on main');
    expect(judge(r)).toEqual({
      id: 'jira',
      status: 'fail',
      summary: `${message} (Jira itself skipped: --offline)`,
      findings: [expect.objectContaining({ code: 'JIRA_TICKET_REUSED', message })],
    });
  });

  it('skipped and no reuse: skipped with the reason', () => {
    const r = release();
    delete r.ctx.ticket;
    r.ctx.skipped = { jira: '--offline' };
    expect(judge(r)).toEqual({ id: 'jira', status: 'skip', summary: 'skipped: --offline', findings: [] });
  });

  it('not gathered and nothing says why: could not judge, with what to run', () => {
    const r = release({ base: baseSignedOffBy('MLGOV-123') });
    delete r.ctx.ticket;
    const message = 'The gate did not look up Jira, so the sign-off was not checked.';
    expect(judge(r)).toEqual({
      id: 'jira',
      status: 'fail',
      summary: message,
      findings: [
        {
          severity: 'error',
          code: 'JIRA_NOT_GATHERED',
          message,
          indeterminate: true,
          fix: 'Run the gate with Jira configured (JIRA_BASE_URL + credentials), or with --offline to skip the Jira check explicitly.',
        },
      ],
    });
  });
});
