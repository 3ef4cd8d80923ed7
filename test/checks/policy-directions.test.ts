/**
 * Which way every policy field loosens the gate, tested one field at a time: a PR that loosens any field must be a
 * `loosened` change (the board has to review it), and a field's tightening is `tightened`. The fields are read from
 * `schemas/policy.schema.json`, so a field added to the schema without a row here fails this file.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { diffPolicies } from '../../src/checks/policy-diff.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { PROJECT_ROOT } from '../support/git-repo.js';

type Edit = (p: Policy) => void;
interface Direction {
  /** An edit that lets more releases through. */
  loosen: Edit | Edit[];
  /** An edit that lets fewer through; absent where every change of the field counts as a loosening. */
  tighten?: Edit;
}

/** Every leaf of the policy schema, as a JSON pointer (maps and arrays are leaves). */
function schemaLeaves(): string[] {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas/policy.schema.json'), 'utf8')) as {
    $defs: Record<string, Record<string, unknown>>;
  } & Record<string, unknown>;
  const out: string[] = [];
  const walk = (node: Record<string, unknown>, path: string): void => {
    const ref = node['$ref'];
    if (typeof ref === 'string') node = { ...schema.$defs[ref.replace('#/$defs/', '')], ...node, $ref: undefined };
    const props = node['properties'] as Record<string, Record<string, unknown>> | undefined;
    const isMap = typeof node['additionalProperties'] === 'object';
    if (node['type'] === 'object' && props && !isMap) {
      for (const [k, v] of Object.entries(props)) walk(v, `${path}/${k}`);
      return;
    }
    out.push(path);
  };
  walk(schema, '');
  return out.sort();
}

/** Fields that carry no gating meaning: the editor hint and the format version (a constant). */
const NOT_GATING = ['/$schema', '/version'];

const examplePolicy = (): Policy =>
  withDefaults(parse(readFileSync(join(PROJECT_ROOT, '.github/governance-policy.yml'), 'utf8')) as Partial<Policy>);

const SIGN_OFF: NonNullable<Policy['jira']['signOff']> = {
  attachment: 'sign-off*.pdf',
  comment: { role: 'governance-board', phrase: 'approved' },
  serviceDeskApproval: true,
  field: { id: 'customfield_10050', equals: 'Approved' },
};

const DIRECTIONS: Record<string, Direction> = {
  '/model/manifest': { loosen: (p) => void (p.model.manifest = 'other/manifest.json') },
  '/model/biasReport': { loosen: (p) => void (p.model.biasReport = 'other/report.json') },
  '/model/archiveDir': { loosen: (p) => void (p.model.archiveDir = 'evidence') },
  // Any change of the models list is a loosening: added (gates of the PR's choosing), removed (ungoverned), changed.
  '/models': {
    loosen: [
      (p) => void (p.models = [...(p.models ?? []), { name: 'churn', manifest: 'c/m.json', biasReport: 'c/b.json' }]),
      (p) => void (p.models = [{ name: 'fraud-detection', manifest: 'model/manifest.json', biasReport: 'r.json' }]),
      (p) =>
        void (p.models = [
          {
            name: 'fraud-detection',
            manifest: 'model/manifest.json',
            biasReport: 'reports/latest-bias-report.json',
            performance: { thresholds: { auc: { min: 0.5 } } },
          },
        ]),
    ],
  },
  '/approvals/roster': {
    loosen: [
      (p) => void p.approvals.roster.push({ login: 'mallory', roles: ['governance-board'] }),
      (p) => void p.approvals.roster[0]!.roles.push('force-approver'),
      // Whose Jira comments count as alice's sign-off.
      (p) => void (p.approvals.roster[0]!.jira = '557058:mallory-account-id'),
    ],
    tighten: (p) => void (p.approvals.roster = p.approvals.roster.filter((m) => m.login !== 'erin')),
  },
  '/approvals/required': {
    loosen: (p) => void (p.approvals.required = p.approvals.required.filter((r) => r.role !== 'regulatory-affairs')),
    tighten: (p) => void (p.approvals.required[0]!.count = 2),
  },
  '/approvals/separationOfDuties': {
    loosen: (p) => void (p.approvals.separationOfDuties = false),
  },
  '/approvals/maxAgeDays': {
    loosen: (p) => void (p.approvals.maxAgeDays = 90),
    tighten: (p) => void (p.approvals.maxAgeDays = 7),
  },
  '/approvals/source': { loosen: (p) => void (p.approvals.source = 'both') },
  '/approvals/corroborate': { loosen: (p) => void (p.approvals.corroborate = 'none') },
  '/bias/minGroupSize': {
    loosen: (p) => void (p.bias.minGroupSize = 1000),
    tighten: (p) => void (p.bias.minGroupSize = 10),
  },
  '/bias/minEvents': { loosen: (p) => void (p.bias.minEvents = 50), tighten: (p) => void (p.bias.minEvents = 5) },
  '/bias/maxExcludedShare': {
    loosen: (p) => void (p.bias.maxExcludedShare = 0.5),
    tighten: (p) => void (p.bias.maxExcludedShare = 0.01),
  },
  '/bias/favorableLabel': { loosen: (p) => void (p.bias.favorableLabel = 'legitimate') },
  '/bias/requiredAttributes': {
    loosen: (p) => void (p.bias.requiredAttributes = ['sex']),
    tighten: (p) => void p.bias.requiredAttributes.push('region'),
  },
  '/bias/thresholds': {
    loosen: [
      (p) => void (p.bias.thresholds['disparate_impact_ratio'] = { min: 0.7 }),
      (p) => void (p.bias.thresholds['demographic_parity_difference'] = { max: 0.2 }),
      (p) => void delete p.bias.thresholds['equalized_odds_difference'],
    ],
    tighten: (p) => void (p.bias.thresholds['disparate_impact_ratio'] = { min: 0.85 }),
  },
  '/bias/reviewerRole': { loosen: (p) => void (p.bias.reviewerRole = 'governance-board') },
  '/performance/thresholds': {
    loosen: [(p) => void (p.performance.thresholds['auc'] = { min: 0.5 }), (p) => void (p.performance.thresholds = {})],
    tighten: (p) => void (p.performance.thresholds['auc'] = { min: 0.8 }),
  },
  '/promotion/minImprovementPct': {
    loosen: (p) => void (p.promotion.minImprovementPct = 1),
    tighten: (p) => void (p.promotion.minImprovementPct = 10),
  },
  '/promotion/minWindows': {
    loosen: (p) => void (p.promotion.minWindows = 4),
    tighten: (p) => void (p.promotion.minWindows = 24),
  },
  '/promotion/maxMetricsAgeDays': {
    loosen: (p) => void (p.promotion.maxMetricsAgeDays = 30),
    tighten: (p) => void (p.promotion.maxMetricsAgeDays = 1),
  },
  '/promotion/allowSeasonalRegression': { loosen: (p) => void (p.promotion.allowSeasonalRegression = true) },
  '/promotion/minReasonLength': {
    loosen: (p) => void (p.promotion.minReasonLength = 1),
    tighten: (p) => void (p.promotion.minReasonLength = 40),
  },
  '/promotion/forceRole': { loosen: (p) => void (p.promotion.forceRole = 'governance-board') },
  '/jira/project': { loosen: (p) => void (p.jira.project = 'OTHER') },
  '/jira/allowedStatuses': {
    loosen: (p) => void p.jira.allowedStatuses.push('In Progress'),
    tighten: (p) => void (p.jira.allowedStatuses = ['Done']),
  },
  // Where the PR must name the key: a source added or removed changes which mentions are judged, either way.
  '/jira/keySources': {
    loosen: (p) => void (p.jira.keySources = ['title']),
  },
  '/jira/signOff/attachment': signOffPart('attachment', 'other*.pdf'),
  '/jira/signOff/comment/role': signOffPart('comment', { role: 'regulatory-affairs', phrase: 'approved' }),
  '/jira/signOff/comment/phrase': signOffPart('comment', { role: 'governance-board', phrase: 'ok' }),
  '/jira/signOff/serviceDeskApproval': signOffPart('serviceDeskApproval', false),
  '/jira/signOff/field/id': signOffPart('field', { id: 'customfield_1', equals: 'Approved' }),
  '/jira/signOff/field/equals': signOffPart('field', { id: 'customfield_10050', equals: 'Yes' }),
  '/evidence/retentionYears': {
    loosen: (p) => void (p.evidence.retentionYears = 1),
    tighten: (p) => void (p.evidence.retentionYears = 10),
  },
  // Where the gate reads objects from: any other store could answer any checksum, so every change is the board's.
  '/s3/endpoint': { loosen: (p) => void (p.s3 = { ...p.s3, endpoint: 'https://minio.example.com' }) },
  '/s3/region': { loosen: (p) => void (p.s3 = { ...p.s3, region: 'eu-west-1' }) },
  '/s3/forcePathStyle': { loosen: (p) => void (p.s3 = { ...p.s3, forcePathStyle: true }) },
  '/s3/allowHttp': { loosen: (p) => void (p.s3 = { ...p.s3, allowHttp: true }) },
  '/s3/trustStoredChecksums': {
    loosen: (p) => void (p.s3 = { ...p.s3, trustStoredChecksums: true }),
    tighten: (p) => void (p.s3 = { ...p.s3, trustStoredChecksums: false }),
  },
  // Which buckets an artifact may live in (the base lists two): one more, or no list at all, is looser.
  '/s3/buckets': {
    loosen: [
      (p) => void (p.s3 = { ...p.s3, buckets: ['ml-models', 'scratch', 'other'] }),
      (p) => void (p.s3 = { forcePathStyle: false }),
    ],
    tighten: (p) => void (p.s3 = { ...p.s3, buckets: ['ml-models'] }),
  },
};

/** A sign-off requirement: removed or changed is looser, added is stricter (judged from a base that asks them all). */
function signOffPart<K extends keyof typeof SIGN_OFF>(key: K, changed: (typeof SIGN_OFF)[K]): Direction {
  return {
    loosen: [
      (p) => void (p.jira.signOff = { ...SIGN_OFF, [key]: changed }),
      (p) => {
        const rest = { ...SIGN_OFF };
        delete rest[key];
        p.jira.signOff = rest;
      },
    ],
  };
}

/** The base: the example policy asking every sign-off, so each can be removed or changed. */
const basePolicy = (): Policy => {
  const p = examplePolicy();
  p.jira.signOff = structuredClone(SIGN_OFF);
  p.bias.minEvents = 10;
  p.s3 = { buckets: ['ml-models', 'scratch'] };
  return p;
};

function changesAfter(edit: Edit) {
  const head = basePolicy();
  edit(head);
  return diffPolicies(basePolicy(), head);
}

describe('policy change directions', () => {
  it('has a direction for every field of the policy schema (a new field needs a row here)', () => {
    expect(Object.keys(DIRECTIONS).sort()).toEqual(schemaLeaves().filter((p) => !NOT_GATING.includes(p)));
  });

  for (const [field, direction] of Object.entries(DIRECTIONS)) {
    const loosenings = Array.isArray(direction.loosen) ? direction.loosen : [direction.loosen];
    it(`${field}: loosening it is a loosened change at that field`, () => {
      for (const edit of loosenings) {
        const changes = changesAfter(edit);
        expect(changes.length).toBeGreaterThan(0);
        const hit = changes.filter((c) => c.direction === 'loosened');
        // At the field, inside it (a map's key), or at the requirement that holds it (`/jira/signOff/comment`).
        const atField = (ptr: string) =>
          ptr === field || ptr.startsWith(`${field}/`) || (ptr.split('/').length > 2 && field.startsWith(`${ptr}/`));
        expect(hit.some((c) => atField(c.pointer))).toBe(true);
      }
    });
    if (direction.tighten) {
      const tighten = direction.tighten;
      it(`${field}: tightening it is tightened only`, () => {
        const changes = changesAfter(tighten);
        expect(changes.length).toBeGreaterThan(0);
        expect(changes.map((c) => c.direction)).toEqual(changes.map(() => 'tightened'));
      });
    }
  }

  it('/jira/keySources: a source added is a loosening too; the same sources in another order are no change', () => {
    const base = examplePolicy();
    base.jira.keySources = ['title'];
    const head = examplePolicy();
    head.jira.keySources = ['title', 'commits'];
    expect(diffPolicies(base, head).map((c) => [c.pointer, c.direction])).toEqual([['/jira/keySources', 'loosened']]);
    const reordered = examplePolicy();
    reordered.jira.keySources = [...reordered.jira.keySources].reverse();
    expect(diffPolicies(examplePolicy(), reordered)).toEqual([]);
  });

  it('sees no change when nothing changed (the control)', () => {
    expect(changesAfter(() => undefined)).toEqual([]);
  });
});
