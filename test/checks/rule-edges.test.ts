/**
 * Rule edges that a one-character change to the gate's rules used to slip past (issue #16): each test here fails
 * when its rule is weakened in the way named in its title, and asserts the exact finding (code, pointer, line).
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalsCheck } from '../../src/checks/approvals.js';
import { jiraCheck } from '../../src/checks/jira.js';
import { promotionCheck } from '../../src/checks/promotion.js';
import { diffPolicies } from '../../src/checks/policy-diff.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { DEFAULT_POLICY, withDefaults } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import type { TicketIssue } from '../../src/release/ticket-facts.js';
import { PROJECT_ROOT } from '../support/git-repo.js';
import { contextWith, jsonDocument } from '../support/release-context.js';
import { buildRelease, lineOf, type ReleaseOptions } from './fixtures/release.js';

describe('required roles are filled by a maximum matching, not first come', () => {
  // `adam` holds both roles and sorts first, so he is placed on governance-board before erin is considered: only
  // moving him to regulatory-affairs (the augmenting path) lets both roles be filled by distinct people.
  const withAdam = (approvals: Array<{ approver: string; role: string }>) =>
    buildRelease({
      approvals,
      policy: (p) => void p.approvals.roster.push({ login: 'adam', roles: ['governance-board', 'regulatory-affairs'] }),
    });

  it('a two-role person placed first is moved to the role nobody else can fill', () => {
    const release = withAdam([
      { approver: 'adam', role: 'governance-board' },
      { approver: 'adam', role: 'regulatory-affairs' },
      { approver: 'erin', role: 'governance-board' },
    ]);
    const result = approvalsCheck.run(release.ctx, release.policy);
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
  });

  it('without erin the same person cannot fill both: one role is missing, at /approvals (the control)', () => {
    const release = withAdam([
      { approver: 'adam', role: 'governance-board' },
      { approver: 'adam', role: 'regulatory-affairs' },
    ]);
    const result = approvalsCheck.run(release.ctx, release.policy);
    expect(result.findings.map((f) => [f.code, f.pointer, f.line])).toEqual([
      ['APPROVALS_MISSING_ROLE', '/approvals', lineOf(release.ctx.manifest, '/approvals')],
    ]);
  });
});

describe('the Jira issue must be the one the manifest names', () => {
  const manifest = jsonDocument<Manifest>('model/manifest.json', {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: '2.4.0',
    jira: 'MLGOV-123',
  });
  const issue: TicketIssue = { key: 'MLGOV-123', project: 'MLGOV', status: 'Done', attachments: [], comments: [] };
  const judge = (answered: TicketIssue) =>
    jiraCheck.run(
      contextWith({
        manifest,
        ticket: {
          mentions: [{ key: 'MLGOV-123', source: 'title' }],
          prKnown: true,
          deployment: 'cloud',
          lookup: { kind: 'found', issue: answered },
        },
      }),
      DEFAULT_POLICY,
    );

  it('Jira answering with another issue of the same project (moved or renamed) is JIRA_KEY_MISMATCH at /jira', () => {
    const r = judge({ ...issue, key: 'MLGOV-124' });
    expect(r.status).toBe('fail');
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_KEY_MISMATCH',
        message: 'Jira answers MLGOV-123 with MLGOV-124 (the issue was moved or renamed).',
        file: 'model/manifest.json',
        pointer: '/jira',
        line: lineOf(manifest, '/jira'),
        fix: 'Write the current key MLGOV-124 in the manifest and the PR.',
      }),
    ]);
  });

  it('the issue answered under its own key passes (the control)', () => {
    expect(judge(issue)).toMatchObject({ status: 'pass', findings: [] });
  });
});

/** Every boolean field of the policy schema, as a JSON pointer. */
function booleanFields(): string[] {
  type Node = Record<string, unknown>;
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas/policy.schema.json'), 'utf8')) as Node & {
    $defs: Record<string, Node>;
  };
  const out: string[] = [];
  const walk = (node: Node, path: string): void => {
    const ref = node['$ref'];
    if (typeof ref === 'string') node = { ...schema.$defs[ref.replace('#/$defs/', '')], ...node, $ref: undefined };
    if (node['type'] === 'boolean') out.push(path);
    for (const [k, v] of Object.entries((node['properties'] as Record<string, Node> | undefined) ?? {}))
      walk(v, `${path}/${k}`);
    for (const key of ['oneOf', 'anyOf']) for (const v of (node[key] as Node[] | undefined) ?? []) walk(v, path);
  };
  walk(schema, '');
  return out.sort();
}

/** Sets a boolean field of a policy by its pointer (creating the section it lives in). */
function setFlag(p: Policy, pointer: string, value: boolean): void {
  const keys = pointer.split('/').slice(1);
  let node = p as unknown as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  node[keys.at(-1)!] = value;
}

/**
 * Which value of each boolean is the stricter one, or `any` where every change is the board's (another store, a
 * sign-off changed): turning a flag each way must be judged in its own direction, so a diff that called every flip
 * a loosening (or a tightening) fails here. A boolean added to the schema without a row here fails too.
 */
const STRICTER: Record<string, boolean | 'any'> = {
  '/approvals/separationOfDuties': true,
  '/promotion/allowSeasonalRegression': false,
  '/jira/signOff/serviceDeskApproval': 'any',
  '/s3/forcePathStyle': 'any',
  '/s3/allowHttp': false,
  '/s3/trustStoredChecksums': false,
};

describe('policy booleans are judged in both directions', () => {
  it('every boolean of the policy schema has a row', () => {
    expect(Object.keys(STRICTER).sort()).toEqual(booleanFields());
  });

  const base = (): Policy => {
    const p = withDefaults({} as Partial<Policy>);
    p.jira.signOff = { attachment: 'sign-off*.pdf' };
    return p;
  };
  const flip = (pointer: string, from: boolean) => {
    const b = base();
    setFlag(b, pointer, from);
    const h = base();
    setFlag(h, pointer, !from);
    return diffPolicies(b, h).map((c) => [c.pointer, c.direction]);
  };

  for (const [pointer, stricter] of Object.entries(STRICTER)) {
    it(`${pointer}: ${stricter === 'any' ? 'either change is a loosening' : `turning it ${stricter ? 'on' : 'off'} tightens, the other way loosens`}`, () => {
      const toStricter = stricter === 'any' ? 'loosened' : 'tightened';
      expect(flip(pointer, stricter === 'any' ? true : !stricter)).toEqual([[pointer, toStricter]]);
      expect(flip(pointer, stricter === 'any' ? false : stricter)).toEqual([[pointer, 'loosened']]);
    });
  }
});

describe('promotion findings, word for word (what the board reads, and where)', () => {
  const judged = (options: ReleaseOptions) => {
    const r = buildRelease(options);
    const at = (pointer: string) => ({
      file: 'model/manifest.json',
      pointer,
      line: lineOf(r.ctx.manifest, pointer),
      column: r.ctx.manifest.positions[pointer]?.column,
    });
    return { findings: promotionCheck.run(r.ctx, r.policy).findings, at };
  };
  const backtest = (edit: (b: Record<string, unknown>) => void): ReleaseOptions => ({
    manifest: (m) => edit(m.evaluation.backtest as unknown as Record<string, unknown>),
  });

  it('a first release is one notice and nothing else (no improvement gate against nothing)', () => {
    const { findings, at } = judged({ base: null, manifest: (m) => void (m.release.type = 'initial') });
    expect(findings).toEqual([
      {
        severity: 'notice',
        code: 'PROMOTION_FIRST_RELEASE',
        message:
          'Initial release 2.4.0: there is no base revision (first release), so there is no production release to compare with; the improvement and seasonal gates are skipped.',
        ...at('/release/type'),
      },
    ]);
  });

  it('RMSE alone carries the gate when MAE is not recorded (one comparable figure is enough)', () => {
    const { findings } = judged(
      backtest((b) => {
        delete b['mae'];
        b['rmse'] = 50;
      }),
    );
    expect(findings).toEqual([]);
  });

  it('neither figure comparable: PROMOTION_METRICS_MISSING at the backtest, naming both', () => {
    const { findings, at } = judged(
      backtest((b) => {
        delete b['mae'];
        delete b['rmse'];
      }),
    );
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'PROMOTION_METRICS_MISSING',
        message: 'MAE and RMSE cannot be compared with 2.3.0: MAE 41.2 → ?, RMSE 58.9 → ?.',
        ...at('/evaluation/backtest'),
        fix: 'Record evaluation.backtest.mae and .rmse from the backtest in the manifest.',
      },
    ]);
  });

  it('too little improvement points at the better of the two figures (here RMSE)', () => {
    const { findings, at } = judged(
      backtest((b) => {
        b['mae'] = 41.0;
        b['rmse'] = 57.0;
      }),
    );
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'PROMOTION_INSUFFICIENT_IMPROVEMENT',
        message:
          'Against production 2.3.0: MAE improved 0.49 % (41.2 → 41), RMSE improved 3.23 % (58.9 → 57); MAE or RMSE must improve by at least 5 %.',
        ...at('/evaluation/backtest/rmse'),
        fix: 'Keep production 2.3.0, or improve the model until MAE or RMSE is 5 % better (or force with a justified force-approver approval).',
      },
    ]);
  });

  it('a backtest that does not say how many windows it covers is too few windows, never a pass', () => {
    const { findings, at } = judged(backtest((b) => delete b['windows']));
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'PROMOTION_TOO_FEW_WINDOWS',
        message: 'The backtest covers no window(s); the policy asks at least 12.',
        // The field is absent: the line and column are those of the backtest that should hold it.
        ...at('/evaluation/backtest'),
        pointer: '/evaluation/backtest/windows',
        fix: 'Backtest over at least 12 windows.',
      },
    ]);
  });

  it('a season worse on both figures names both changes', () => {
    const { findings, at } = judged(
      backtest((b) => {
        b['seasons'] = { summer: { mae: 40.5, rmse: 57.5 }, winter: { mae: 39.0, rmse: 56.0 } };
      }),
    );
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'PROMOTION_SEASONAL_REGRESSION',
        message: 'Season "summer" regressed: MAE worsened 1.00 % (40.1 → 40.5), RMSE worsened 0.88 % (57 → 57.5).',
        ...at('/evaluation/backtest/seasons/summer/mae'),
        fix: 'Fix the seasonal regression, or have the board allow it (promotion.allowSeasonalRegression) through a reviewed policy change.',
      },
    ]);
  });

  it('a season worse on one figure names that figure only', () => {
    const { findings } = judged(
      backtest((b) => {
        b['seasons'] = { summer: { mae: 40.5, rmse: 56.0 }, winter: { mae: 41.0, rmse: 60.9 } };
      }),
    );
    expect(findings.map((f) => [f.pointer, f.message])).toEqual([
      ['/evaluation/backtest/seasons/summer/mae', 'Season "summer" regressed: MAE worsened 1.00 % (40.1 → 40.5).'],
      ['/evaluation/backtest/seasons/winter/rmse', 'Season "winter" regressed: RMSE worsened 1.16 % (60.2 → 60.9).'],
    ]);
  });

  it('stale metrics and an unreadable evaluation date each say what to do', () => {
    const stale = judged({ manifest: (m) => void (m.evaluation.evaluatedAt = '2026-11-01T00:00:00.000Z') });
    expect(stale.findings).toEqual([
      {
        severity: 'error',
        code: 'PROMOTION_METRICS_STALE',
        message:
          'The evaluation metrics are 22 days old (evaluatedAt 2026-11-01T00:00:00.000Z); the policy accepts at most 7 days.',
        ...stale.at('/evaluation/evaluatedAt'),
        fix: 'Re-run the evaluation and backtest on the current model and data.',
      },
    ]);
    const invalid = judged({ manifest: (m) => void (m.evaluation.evaluatedAt = 'yesterday') });
    expect(invalid.findings).toEqual([
      {
        severity: 'error',
        code: 'PROMOTION_METRICS_DATE_INVALID',
        message: 'evaluation.evaluatedAt "yesterday" is not a date-time.',
        ...invalid.at('/evaluation/evaluatedAt'),
        fix: 'Record when the evaluation ran, as ISO 8601.',
      },
    ]);
    const missing = judged({ manifest: (m) => void delete (m.evaluation as { evaluatedAt?: string }).evaluatedAt });
    expect(missing.findings.map((f) => [f.code, f.pointer, f.message])).toEqual([
      ['PROMOTION_METRICS_DATE_INVALID', '/evaluation/evaluatedAt', 'evaluation.evaluatedAt "" is not a date-time.'],
    ]);
  });
});
