/**
 * Which releases the period audit reads for each model of a policy that lists its models (readAuditInput in
 * src/evidence/audit-history.ts, against real temp repositories): a model is in force from the commit whose policy
 * listed it, not from its manifest's first commit; a model dropped from the list ends there; another model's releases
 * and a policy edit that moves nothing are not this model's; a model keeps one history when its manifest moves, when
 * the policy goes back to a single model, and across a policy version that does not parse; a single-model version at
 * a path no version names is a model of its own; a commit that is both a release and a policy change counts once.
 * The mutation run left each of these decisions alive: the CLI suites that reach them are not in its test set.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { dirname } from 'node:path';
import type { PeriodAuditInput } from '../../src/evidence/period-audit.js';
import { auditInputOf } from './audit-input-of.js';
import { createFileHistory, type FileHistory, type TempRepo } from '../support/git-repo.js';

const FRAUD = 'models/fraud/manifest.json';
const CREDIT = 'models/credit/manifest.json';

/**
 * A policy listing `models` (name → manifest path), each with its bias report beside the manifest; `archiveDirs`
 * gives a model its own archive folder (the others share `artifacts`).
 */
function listed(models: Record<string, string>, archiveDirs: Record<string, string> = {}): string {
  const entries = Object.entries(models).map(([name, manifest]) => {
    const own = archiveDirs[name] !== undefined ? `, archiveDir: ${archiveDirs[name]}` : '';
    return `  - { name: ${name}, manifest: ${manifest}, biasReport: ${dirname(manifest)}/bias.json${own} }`;
  });
  return ['version: 1', 'model: { archiveDir: artifacts }', 'models:', ...entries, ''].join('\n');
}

/** A single-model policy (no `models:`) with its manifest at `manifest`. */
const single = (manifest: string) =>
  `version: 1\nmodel: { manifest: ${manifest}, biasReport: ${dirname(manifest)}/bias.json, archiveDir: artifacts }\n`;

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
});

function history(): FileHistory {
  const repo = createFileHistory('mlgov-audit-governed-');
  repos.push(repo);
  return repo;
}

const POLICY = '.github/governance-policy.yml';
const manifest = (name: string, version: string) => JSON.stringify({ name, version }) + '\n';

const audit = auditInputOf;

/** Each model's name and its changes as `subject: version` (or `ends` for a change without a manifest). */
function story(input: PeriodAuditInput) {
  return input.models.map((m) => ({
    name: m.name,
    changes: m.changes.map((c) => {
      const v = c.manifest ? (JSON.parse(Buffer.from(c.manifest).toString('utf8')) as { version: string }).version : '';
      return `${c.subject}: ${c.manifest ? v : 'ends'}`;
    }),
  }));
}

describe('a model listed, then dropped, beside one listed later', () => {
  async function listedThenDropped() {
    const r = history();
    r.commit('Release fraud 1.0.0', '2025-01-05T09:00:00Z', { [FRAUD]: manifest('fraud', '1.0.0') });
    r.commit('List fraud', '2025-01-10T09:00:00Z', { [POLICY]: listed({ fraud: FRAUD }) });
    r.commit('Release credit 1.0.0', '2025-02-01T09:00:00Z', { [CREDIT]: manifest('credit', '1.0.0') });
    r.commit('List credit too', '2025-03-01T09:00:00Z', { [POLICY]: listed({ fraud: FRAUD, credit: CREDIT }) });
    r.commit('Roster change', '2025-03-15T09:00:00Z', {
      [POLICY]: listed({ fraud: FRAUD, credit: CREDIT }) + '# roster reviewed\n',
    });
    const drop = r.commit('Drop fraud', '2025-04-01T09:00:00Z', { [POLICY]: listed({ credit: CREDIT }) });
    r.commit('Release fraud 1.1.0', '2025-05-01T09:00:00Z', { [FRAUD]: manifest('fraud', '1.1.0') });
    r.commit('Release credit 1.1.0', '2025-06-01T09:00:00Z', { [CREDIT]: manifest('credit', '1.1.0') });
    return { r, drop, input: await audit(r) };
  }

  it("each model's releases run from the commit that listed it; the dropped model's ends where it was dropped", async () => {
    const { input } = await listedThenDropped();
    expect(input.listsModels).toBe(true);
    expect(story(input)).toStrictEqual([
      // fraud's manifest predates its listing, and its 1.1.0 came after the drop: neither was governed.
      { name: 'fraud', changes: ['List fraud: 1.0.0', 'Drop fraud: ends'] },
      // credit's 1.0.0 is in force from the commit that listed it; the roster change moved nothing.
      { name: 'credit', changes: ['List credit too: 1.0.0', 'Release credit 1.1.0: 1.1.0'] },
    ]);
  });

  it('the end of a release is the commit alone: no manifest, no bias report, no sign-off rule', async () => {
    const { input, drop } = await listedThenDropped();
    expect(input.models[0]!.changes[1]).toStrictEqual({
      commit: drop,
      committedAt: '2025-04-01T09:00:00.000Z',
      subject: 'Drop fraud',
    });
    expect(input.models[0]!.changes[0]).toMatchObject({ signOffRequired: false });
    expect(input.models[0]!.changes[0]).not.toHaveProperty('biasReport');
  });
});

describe('one model across policy versions', () => {
  it('whose manifest moves under the same name is one model, read at the old path and the new', async () => {
    const r = history();
    const NEW = 'fraud/manifest.json';
    r.commit('Release fraud 1.0.0', '2025-01-10T09:00:00Z', {
      [POLICY]: listed({ fraud: FRAUD }),
      [FRAUD]: manifest('fraud', '1.0.0'),
    });
    r.commit('Release fraud 1.0.1', '2025-02-10T09:00:00Z', { [FRAUD]: manifest('fraud', '1.0.1') });
    r.commit('Move fraud', '2025-03-10T09:00:00Z', {
      [POLICY]: listed({ fraud: NEW }),
      [FRAUD]: null,
      [NEW]: manifest('fraud', '1.0.1'),
    });
    r.commit('Release fraud 1.1.0', '2025-04-10T09:00:00Z', { [NEW]: manifest('fraud', '1.1.0') });
    const input = await audit(r);
    expect(story(input)).toStrictEqual([
      {
        name: 'fraud',
        changes: [
          'Release fraud 1.0.0: 1.0.0',
          'Release fraud 1.0.1: 1.0.1',
          'Move fraud: 1.0.1',
          'Release fraud 1.1.0: 1.1.0',
        ],
      },
    ]);
    expect(input.models[0]!.policy.model.manifest).toBe(NEW);
  });

  it('listed, then governed again by a single-model policy at the same path: one model, judged by the tip', async () => {
    const r = history();
    r.commit('Release fraud 1.0.0', '2025-01-10T09:00:00Z', {
      [POLICY]: listed({ fraud: FRAUD }),
      [FRAUD]: manifest('fraud', '1.0.0'),
    });
    r.commit('Back to one model', '2025-02-10T09:00:00Z', { [POLICY]: single(FRAUD) });
    const input = await audit(r);
    expect(input.listsModels).toBe(true);
    expect(story(input)).toStrictEqual([{ name: undefined, changes: ['Release fraud 1.0.0: 1.0.0'] }]);
    // The tip's single-model policy names no model: the model it judges carries no name at all.
    expect(Object.keys(input.models[0]!)).toStrictEqual(['policy', 'changes']);
  });

  it('across a policy version that does not parse: the versions around it stand', async () => {
    const r = history();
    r.commit('Release fraud 1.0.0', '2025-01-10T09:00:00Z', {
      [POLICY]: listed({ fraud: FRAUD }),
      [FRAUD]: manifest('fraud', '1.0.0'),
    });
    r.commit('Broken policy', '2025-02-10T09:00:00Z', { [POLICY]: 'version: 1\nmodels: [\n' });
    r.commit('Fixed policy', '2025-03-10T09:00:00Z', { [POLICY]: listed({ fraud: FRAUD }) });
    r.commit('Release fraud 1.1.0', '2025-04-10T09:00:00Z', { [FRAUD]: manifest('fraud', '1.1.0') });
    expect(story(await audit(r))).toStrictEqual([
      { name: 'fraud', changes: ['Release fraud 1.0.0: 1.0.0', 'Release fraud 1.1.0: 1.1.0'] },
    ]);
  });
});

describe('single-model versions in a history that lists models', () => {
  /** a/ and b/ governed by single-model policies in turn, then fraud listed by name. */
  function unnamedThenListed(): FileHistory {
    const r = history();
    r.commit('Release a 1.0.0', '2025-01-10T09:00:00Z', {
      [POLICY]: single('a/manifest.json'),
      'a/manifest.json': manifest('a', '1.0.0'),
    });
    r.commit('Release b 1.0.0', '2025-02-10T09:00:00Z', {
      [POLICY]: single('b/manifest.json'),
      'b/manifest.json': manifest('b', '1.0.0'),
    });
    r.commit('Release fraud 1.0.0', '2025-03-10T09:00:00Z', {
      [POLICY]: listed({ fraud: FRAUD }),
      [FRAUD]: manifest('fraud', '1.0.0'),
    });
    return r;
  }

  it('at paths no version names are models of their own, one per path, without a name', async () => {
    const input = await audit(unnamedThenListed());
    expect(story(input)).toStrictEqual([
      { name: undefined, changes: ['Release a 1.0.0: 1.0.0', 'Release b 1.0.0: ends'] },
      { name: undefined, changes: ['Release b 1.0.0: 1.0.0', 'Release fraud 1.0.0: ends'] },
      { name: 'fraud', changes: ['Release fraud 1.0.0: 1.0.0'] },
    ]);
    expect(input.models.map((m) => m.policy.model.manifest)).toStrictEqual([
      'a/manifest.json',
      'b/manifest.json',
      FRAUD,
    ]);
  });

  it('--model narrows to the listed name; a name never governed is refused naming each model, unnamed by its path', async () => {
    const r = unnamedThenListed();
    expect(story(await audit(r, 'fraud'))).toStrictEqual([{ name: 'fraud', changes: ['Release fraud 1.0.0: 1.0.0'] }]);
    const names = `a/manifest.json, b/manifest.json, fraud`;
    await expect(audit(r, 'churn')).rejects.toMatchObject({
      name: 'EvidenceError',
      message: `the policy did not govern a model named "churn" during the branch's history (it governed ${names})`,
      fix: `pass --model with one of: ${names}`,
    });
  });
});

describe('models that keep their archives apart', () => {
  it('have one audit log each, read from each folder (empty where there is none), with the archive files of both', async () => {
    const r = history();
    r.commit('Release both 1.0.0', '2025-01-10T09:00:00Z', {
      [POLICY]: listed({ fraud: FRAUD, credit: CREDIT }, { credit: 'vault' }),
      [FRAUD]: manifest('fraud', '1.0.0'),
      [CREDIT]: manifest('credit', '1.0.0'),
      'artifacts/audit-log.jsonl': '{"seq":1}\n',
      'artifacts/fraud/0.9.0/evidence.json': '{}\n',
      'vault/credit/0.9.0/evidence.json': '{}\n',
    });
    const input = await audit(r);
    expect(input.logs.map((l) => [l.archiveDir, l.text, l.history?.length])).toStrictEqual([
      ['artifacts', '{"seq":1}\n', 1],
      ['vault', '', 0],
    ]);
    expect(Object.keys(input.archiveFiles)).toStrictEqual([
      'artifacts/fraud/0.9.0/evidence.json',
      'vault/credit/0.9.0/evidence.json',
    ]);
  });
});

describe('a commit that is both a release and a policy change', () => {
  it('counts once, even when another policy change has the same commit time', async () => {
    const r = history();
    r.commit('Release fraud 1.0.0', '2025-01-10T09:00:00Z', {
      [POLICY]: listed({ fraud: FRAUD, credit: CREDIT }),
      [FRAUD]: manifest('fraud', '1.0.0'),
      [CREDIT]: manifest('credit', '1.0.0'),
    });
    // Two commits in the same second (a scripted merge train): fraud dropped, then listed again with a release.
    r.commit('Drop fraud', '2025-02-10T09:00:00Z', { [POLICY]: listed({ credit: CREDIT }) });
    const again = r.commit('List fraud again with 1.1.0', '2025-02-10T09:00:00Z', {
      [POLICY]: listed({ fraud: FRAUD, credit: CREDIT }),
      [FRAUD]: manifest('fraud', '1.1.0'),
    });
    const input = await audit(r);
    const fraud = input.models.find((m) => m.name === 'fraud')!;
    expect(fraud.changes.filter((c) => c.commit === again)).toHaveLength(1);
    // In the branch's order, not by commit time (which the two share): dropped, then listed again with 1.1.0.
    expect(fraud.changes.map((c) => c.subject)).toStrictEqual([
      'Release fraud 1.0.0',
      'Drop fraud',
      'List fraud again with 1.1.0',
    ]);
  });
});
