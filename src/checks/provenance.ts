import semver from 'semver';
import type { BiasReport } from '../formats/bias-report.js';
import type { Finding } from '../formats/finding.js';
import { error, indeterminate } from '../formats/finding.js';
import type { Manifest } from '../formats/manifest.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import type { CheckResultOf } from '../release/report.js';
import { statusOf } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import type { Check } from './check.js';

/**
 * A generator's clock may run slightly ahead of the CI runner's; a bias report "generated" a few minutes in the
 * future is clock skew, not a forged timeline. Only the comparison with "now" gets this allowance.
 */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** One point on the release timeline: where it is written and what it says. */
interface Moment {
  name: string;
  value: string;
  doc?: ParsedDocument;
  ptr?: string;
}

function commitFindings(ctx: ReleaseContext, m: Manifest): Finding[] {
  const commit = m.provenance.code.commit;
  const where = at(ctx.manifest, '/provenance/code/commit');
  if (!ctx.git.isRepository) {
    return [
      indeterminate(
        'NOT_A_GIT_REPOSITORY',
        `The code commit ${commit} cannot be verified: the working directory is not a git repository.`,
        {
          ...where,
          fix: 'Run mlgov inside a clone of the repository (actions/checkout in CI).',
        },
      ),
    ];
  }
  const exists = ctx.git.commitExists[commit];
  if (exists === true) return [];
  if (exists === false) {
    return [
      error('COMMIT_NOT_FOUND', `provenance.code.commit ${commit} does not exist in this repository.`, {
        ...where,
        fix: 'Record the commit the model was trained from. In CI, fetch the full history (actions/checkout with fetch-depth: 0): a shallow clone does not contain older commits.',
      }),
    ];
  }
  // Fail closed: the gatherer did not ask git about this commit.
  return [
    indeterminate('COMMIT_NOT_CHECKED', `Whether provenance.code.commit ${commit} exists was not determined.`, {
      ...where,
      fix: 'Run the gate again; if this persists, report it as an mlgov bug.',
    }),
  ];
}

function timelineFindings(ctx: ReleaseContext, m: Manifest): Finding[] {
  const report = ctx.biasReport?.value as BiasReport | undefined;
  const moments: Moment[] = [
    {
      name: 'provenance.training.startedAt',
      value: m.provenance.training.startedAt,
      doc: ctx.manifest,
      ptr: '/provenance/training/startedAt',
    },
    {
      name: 'provenance.training.finishedAt',
      value: m.provenance.training.finishedAt,
      doc: ctx.manifest,
      ptr: '/provenance/training/finishedAt',
    },
    {
      name: 'evaluation.evaluatedAt',
      value: m.evaluation.evaluatedAt,
      doc: ctx.manifest,
      ptr: '/evaluation/evaluatedAt',
    },
  ];
  if (ctx.biasReport && typeof report?.generatedAt === 'string') {
    moments.push({
      name: 'the bias report generatedAt',
      value: report.generatedAt,
      doc: ctx.biasReport,
      ptr: '/generatedAt',
    });
  }
  const findings: Finding[] = [];
  let previous: { moment: Moment; time: number } | undefined;
  for (const moment of moments) {
    const time = Date.parse(moment.value);
    if (Number.isNaN(time)) {
      findings.push(
        error('TIMESTAMP_INVALID', `${moment.name} "${moment.value}" is not a valid date-time.`, {
          ...at(moment.doc!, moment.ptr!),
          fix: 'Write an RFC 3339 date-time with a time zone, e.g. 2026-10-31T03:10:00Z.',
        }),
      );
      continue;
    }
    if (previous && time < previous.time) {
      findings.push(
        error(
          'TIMESTAMP_ORDER',
          `${moment.name} ${moment.value} is before ${previous.moment.name} ${previous.moment.value}; the release timeline must run training start ≤ training end ≤ evaluation ≤ bias report ≤ now.`,
          {
            ...at(moment.doc!, moment.ptr!),
            fix: 'Correct the timestamps to when each step really happened (re-run the step if it was done out of order).',
          },
        ),
      );
    }
    previous = { moment, time };
  }
  const now = Date.parse(ctx.now);
  if (previous && previous.time > now + CLOCK_SKEW_MS) {
    findings.push(
      error(
        'TIMESTAMP_ORDER',
        `${previous.moment.name} ${previous.moment.value} is after now (${ctx.now}): it lies in the future.`,
        {
          ...at(previous.moment.doc!, previous.moment.ptr!),
          fix: 'Correct the timestamp (a clock that runs ahead on the training or reporting machine is a common cause).',
        },
      ),
    );
  }
  return findings;
}

function dataFindings(ctx: ReleaseContext, m: Manifest): Finding[] {
  const findings: Finding[] = [];
  const data = m.provenance.data;
  const snapshot = data?.featureStoreSnapshot;
  if (typeof snapshot !== 'string' || snapshot.trim() === '') {
    findings.push(
      error(
        'DATA_SNAPSHOT_MISSING',
        'provenance.data.featureStoreSnapshot is not declared: the training data cannot be traced.',
        {
          ...at(ctx.manifest, '/provenance/data/featureStoreSnapshot'),
          fix: 'Name the feature-store snapshot the model was trained on (e.g. "fs-2026-10-01").',
        },
      ),
    );
  }
  const window = data?.window;
  if (window && typeof window.from === 'string' && typeof window.to === 'string') {
    const from = Date.parse(window.from);
    const to = Date.parse(window.to);
    if (!Number.isNaN(from) && !Number.isNaN(to) && from > to) {
      findings.push(
        error('DATA_WINDOW_ORDER', `provenance.data.window.from ${window.from} is after window.to ${window.to}.`, {
          ...at(ctx.manifest, '/provenance/data/window/to'),
          fix: 'Write the training data window as from ≤ to.',
        }),
      );
    }
  }
  return findings;
}

/** A feature schema change breaks consumers that build features: it must come with a new major version. */
function featureSchemaFindings(ctx: ReleaseContext, m: Manifest): Finding[] {
  if (ctx.base.kind !== 'found') return [];
  const base = ctx.base.manifest?.value;
  if (!base || base.name !== m.name) return []; // no base model, or another model (the version check warns)
  const before = base.provenance?.featureSchemaVersion;
  const after = m.provenance.featureSchemaVersion;
  if (before === undefined || before === after) return [];
  const head = semver.valid(m.version);
  const prior = semver.valid(base.version);
  if (!head || !prior) return []; // the version check reports an invalid version
  if (semver.major(head) > semver.major(prior)) return [];
  return [
    error(
      'FEATURE_SCHEMA_CHANGE_WITHOUT_MAJOR',
      `provenance.featureSchemaVersion changed from "${before}" (base ${base.version}) to "${after}", but version ${m.version} is not a new major version.`,
      {
        ...at(ctx.manifest, '/provenance/featureSchemaVersion'),
        fix: `Bump the major version (e.g. ${semver.major(prior) + 1}.0.0): consumers must rebuild their features for the new schema.`,
      },
    ),
  ];
}

/**
 * `provenance`: the code commit exists, the timeline is ordered (training ≤ evaluation ≤ bias report ≤ now), the
 * data snapshot is declared with an ordered window, and a feature schema change comes with a major version bump.
 */
export function runProvenance(ctx: ReleaseContext): CheckResultOf<'provenance'> {
  const m = ctx.manifest.value as Manifest;
  const findings = [
    ...commitFindings(ctx, m),
    ...timelineFindings(ctx, m),
    ...dataFindings(ctx, m),
    ...featureSchemaFindings(ctx, m),
  ];
  const summary = findings.length
    ? `${findings.length} provenance problem(s)`
    : `trained from ${m.provenance.code.commit.slice(0, 12)} on ${m.provenance.data.featureStoreSnapshot}; timeline ordered`;
  return { id: 'provenance', status: statusOf(findings), summary, findings };
}

export const provenanceCheck: Check<'provenance'> = {
  id: 'provenance',
  title: 'Code commit, data snapshot and timeline are traceable and consistent',
  needs: ['manifest'],
  run: (ctx) => runProvenance(ctx),
};
