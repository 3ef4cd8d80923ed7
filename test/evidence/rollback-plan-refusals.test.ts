/**
 * The rollback plan (src/evidence/rollback-plan.ts), pure, case by case: every refusal with its message, fix and exit
 * code (1: the archive or request is wrong; 2: could not check), in the order the plan asks its questions, and the
 * write plan of an accepted rollback (the restored manifest with `release` replaced and `approvals` dropped, key
 * order kept; the bias report byte for byte; the event). What a release manager reads when a rollback is refused.
 */
import { describe, expect, it } from '@jest/globals';
import { buildRollbackPlan, type RollbackPlanInput } from '../../src/evidence/rollback-plan.js';
import { planRestore, type RestoreInput } from '../../src/evidence/rollback-restore.js';
import { manifestDigest, reportContentSha256, sha256Hex } from '../../src/formats/canonical-digest.js';

const DIR = 'artifacts/fraud-detection/1.0.0';
const RECORD = `${DIR}/checksums.sha256`;
const REPORT_TEXT = '{"schemaVersion":"1.0","model":"fraud-detection"}\n';
const W0 = sha256Hex('w0');
const W1 = sha256Hex('w1');
const RESTORE_FIX = `restore ${DIR}/ from the base branch (git checkout main -- ${DIR})`;

interface Shape {
  manifest?: Record<string, unknown> | string;
  report?: string | undefined;
  /** Lines of the record; default: every required file with its digest. */
  record?: (required: Array<[string, string]>) => Array<[string, string]> | string;
}

/** An archived fraud-detection 1.0.0 with two artifacts, rolled back to from 2.0.0. */
function input(shape: Shape = {}, over: Partial<RollbackPlanInput> = {}): RollbackPlanInput {
  const manifestValue = shape.manifest ?? {
    name: 'fraud-detection',
    version: '1.0.0',
    release: { type: 'minor', reason: 'better recall' },
    artifacts: [
      { path: 'model/w0.bin', sha256: W0, size: 2 },
      { path: 'model/w1.bin', sha256: W1, size: 2 },
    ],
    biasReport: { path: 'reports/latest-bias-report.json', sha256: sha256Hex(REPORT_TEXT) },
    jira: 'MLGOV-7',
    approvals: [{ approver: 'alice' }, { approver: 'bob' }],
  };
  const manifest = Buffer.from(typeof manifestValue === 'string' ? manifestValue : JSON.stringify(manifestValue));
  const report = 'report' in shape ? shape.report : REPORT_TEXT;
  const required: Array<[string, string]> = [
    [`${DIR}/manifest.json`, sha256Hex(manifest)],
    ...(report !== undefined ? [[`${DIR}/bias-report.json`, sha256Hex(report)] as [string, string]] : []),
    ['model/w0.bin', W0],
    ['model/w1.bin', W1],
  ];
  const lines = shape.record ? shape.record(required) : required;
  const checksums = typeof lines === 'string' ? lines : lines.map(([p, s]) => `${s}  ${p}\n`).join('');
  return {
    toVersion: '1.0.0',
    reason: '  AUC dropped 8% on live traffic (INC-42)  ',
    minReasonLength: 10,
    current: { model: 'fraud-detection', version: '2.0.0' },
    target: {
      dir: DIR,
      manifest,
      ...(report !== undefined ? { biasReport: Buffer.from(report) } : {}),
      checksums: Buffer.from(checksums),
      evidence: Buffer.from('{}'),
    },
    workingTreeDiffers: [],
    releasedOnBase: true,
    baseRef: 'main',
    archivedVersions: ['0.9.0', '1.0.0'],
    observed: Object.fromEntries(required),
    replacedArchive: {
      kind: 'unchanged',
      model: 'fraud-detection',
      version: '2.0.0',
      dir: 'artifacts/fraud-detection/2.0.0',
    },
    manifestPath: 'model/manifest.json',
    biasReportPath: 'reports/latest-bias-report.json',
    actor: 'erin',
    now: new Date('2026-05-01T00:00:00Z'),
    ...over,
  };
}

const refused = (message: string, fix: string, exitCode: 1 | 2) => ({ kind: 'refused', message, fix, exitCode });
/** The archived manifest's name, version and two artifacts, without sizes, for tests that change the rest. */
const archived = () => ({
  name: 'fraud-detection',
  version: '1.0.0',
  artifacts: [
    { path: 'model/w0.bin', sha256: W0 },
    { path: 'model/w1.bin', sha256: W1 },
  ],
});

describe('the request', () => {
  it('a reason shorter than the policy asks, counted after trimming; exactly the minimum is enough', () => {
    expect(buildRollbackPlan(input({}, { reason: '   123456789   ' }))).toEqual(
      refused(
        'the rollback reason is 9 character(s); the policy asks at least 10 (promotion.minReasonLength)',
        'say why production goes back, e.g. --reason "AUC dropped 8% on live traffic since 2.4.0 (INC-1234)"',
        2,
      ),
    );
    expect(buildRollbackPlan(input({}, { reason: ' 1234567890 ' })).kind).toBe('write');
  });

  it('the version already in force', () => {
    expect(buildRollbackPlan(input({}, { toVersion: '2.0.0' }))).toEqual(
      refused('fraud-detection 2.0.0 is already the release in force', 'name an archived earlier version with --to', 2),
    );
  });
});

describe('the target archive, as the base holds it', () => {
  it('not archived: names the archived versions, or none', () => {
    const absent = input({}, { target: { dir: DIR } });
    const fix = 'roll back only to an archived release (mlgov log show --action archive lists them)';
    expect(buildRollbackPlan(absent)).toEqual(
      refused(
        `fraud-detection 1.0.0 is not archived (${DIR}/manifest.json does not exist); archived versions: 0.9.0, 1.0.0`,
        fix,
        2,
      ),
    );
    expect(buildRollbackPlan({ ...absent, archivedVersions: [] })).toEqual(
      refused(
        `fraud-detection 1.0.0 is not archived (${DIR}/manifest.json does not exist); archived versions: none`,
        fix,
        2,
      ),
    );
  });

  it('only in the working tree', () => {
    expect(buildRollbackPlan(input({}, { target: { dir: DIR }, workingTreeDiffers: ['manifest.json'] }))).toEqual(
      refused(
        `${DIR}/ is not on the base revision main: only an archive the base branch holds can be restored, never one that exists only in the working tree`,
        'roll back only to a release archived on the base branch (mlgov log show --action archive lists them)',
        1,
      ),
    );
  });

  it('changed in the working tree', () => {
    expect(buildRollbackPlan(input({}, { workingTreeDiffers: ['evidence.json', 'checksums.sha256'] }))).toEqual(
      refused(
        `${DIR}/ in the working tree differs from the base revision main (evidence.json, checksums.sha256)`,
        RESTORE_FIX,
        1,
      ),
    );
  });

  it('without its checksum record or its evidence index, naming which', () => {
    const base = input();
    const { checksums: _c, ...noChecksums } = base.target;
    const { evidence: _e, ...noEvidence } = base.target;
    const { checksums: _c2, evidence: _e2, ...neither } = base.target;
    expect(buildRollbackPlan({ ...base, target: noChecksums })).toEqual(
      refused(`${DIR}/ lacks checksums.sha256, so the restored release cannot be verified`, RESTORE_FIX, 1),
    );
    expect(buildRollbackPlan({ ...base, target: noEvidence })).toEqual(
      refused(`${DIR}/ lacks evidence.json, so the restored release cannot be verified`, RESTORE_FIX, 1),
    );
    expect(buildRollbackPlan({ ...base, target: neither })).toEqual(
      refused(
        `${DIR}/ lacks checksums.sha256 and evidence.json, so the restored release cannot be verified`,
        RESTORE_FIX,
        1,
      ),
    );
  });

  it('a manifest that is not JSON, or not the version and model asked for', () => {
    const notJson = buildRollbackPlan(input({ manifest: '{oops' }));
    expect(notJson).toEqual(
      expect.objectContaining({
        kind: 'refused',
        fix: RESTORE_FIX,
        exitCode: 1,
        message: expect.stringMatching(new RegExp(`^${DIR}/manifest\\.json is not valid JSON: `)),
      }),
    );
    const wrong = refused(`${DIR}/manifest.json does not describe fraud-detection 1.0.0`, RESTORE_FIX, 1);
    expect(buildRollbackPlan(input({ manifest: { name: 'fraud-detection', version: '0.9.0' } }))).toEqual(wrong);
    expect(buildRollbackPlan(input({ manifest: { name: 'churn', version: '1.0.0' } }))).toEqual(wrong);
    expect(buildRollbackPlan(input({ manifest: '[1]' }))).toEqual(wrong);
    expect(buildRollbackPlan(input({ manifest: 'null' }))).toEqual(wrong);
  });

  it('a manifest that was never in force on the base', () => {
    expect(buildRollbackPlan(input({}, { releasedOnBase: false }))).toEqual(
      refused(
        `${DIR}/manifest.json was never the release in force on main: no first-parent commit of the base branch had this manifest at model/manifest.json, so fraud-detection 1.0.0 is not a release that can be rolled back to`,
        `remove ${DIR}/ (it is not evidence of a release) and roll back to a version the base branch released`,
        1,
      ),
    );
  });

  it("a bias report path other than the policy's, quoted when it is not a safe path", () => {
    const at = (path: unknown) =>
      buildRollbackPlan(input({ manifest: { name: 'fraud-detection', version: '1.0.0', biasReport: { path } } }));
    const fix =
      'roll back to a release whose bias report is reports/latest-bias-report.json, or change model.biasReport in the policy through a reviewed pull request';
    expect(at('reports/old.json')).toEqual(
      refused(
        `${DIR}/manifest.json names the bias report reports/old.json, not the policy's reports/latest-bias-report.json; a rollback writes only to the policy's paths`,
        fix,
        1,
      ),
    );
    expect(at('../../etc/passwd')).toEqual(
      refused(
        `${DIR}/manifest.json names the bias report "../../etc/passwd", not the policy's reports/latest-bias-report.json; a rollback writes only to the policy's paths`,
        fix,
        1,
      ),
    );
  });
});

describe('the checksum record', () => {
  const uncoveredFix = `restore ${DIR}/ from the base branch; an archive written by mlgov archive records every artifact and both copies`;

  it('an empty record covers nothing', () => {
    expect(buildRollbackPlan(input({ record: () => '' }))).toEqual(
      refused(
        `${RECORD} does not cover every file of fraud-detection 1.0.0 (it is empty); not covered: ${DIR}/manifest.json, ${DIR}/bias-report.json, model/w0.bin, model/w1.bin`,
        uncoveredFix,
        1,
      ),
    );
  });

  it('a partial record names what it leaves out and how many lines it has', () => {
    expect(buildRollbackPlan(input({ record: (r) => r.filter(([p]) => p !== 'model/w1.bin') }))).toEqual(
      refused(
        `${RECORD} does not cover every file of fraud-detection 1.0.0 (3 line(s)); not covered: model/w1.bin`,
        uncoveredFix,
        1,
      ),
    );
  });

  const mismatch = (problems: string) =>
    refused(
      `the files of fraud-detection 1.0.0 do not match ${RECORD}: ${problems}`,
      `restore ${RECORD}'s files from the base branch or artifact storage (then sha256sum -c ${RECORD} passes), and run the rollback again`,
      1,
    );

  it('a record that disagrees with the archived manifest, a line that does not parse, a file recorded twice', () => {
    const other = sha256Hex('other');
    const plan = buildRollbackPlan(
      input({
        record: (r) => [
          ...r.map(([p, s]) => [p, p === 'model/w0.bin' ? other : s] as [string, string]),
          ['model/w1.bin', other],
        ],
      }),
    );
    expect(plan).toEqual(
      mismatch(
        `${RECORD} records model/w1.bin twice; ${RECORD} records model/w0.bin as ${other}, the archived release declares ${W0}; ${RECORD} records model/w1.bin as ${other}, the archived release declares ${W1}; model/w0.bin has sha256 ${W0}, the archive records ${other}; model/w1.bin has sha256 ${W1}, the archive records ${other}`,
      ),
    );
    const unparsable = buildRollbackPlan(
      input({ record: (r) => r.map(([p, s]) => `${s}  ${p}\n`).join('') + 'not a line\n' }),
    );
    expect(unparsable).toEqual(mismatch(`${RECORD} line 5 does not parse`));
  });

  it('a line recorded twice with the same digest is no problem', () => {
    expect(buildRollbackPlan(input({ record: (r) => [...r, r[2]!] })).kind).toBe('write');
  });

  it('files missing, differing or not read in the working tree', () => {
    const base = input();
    const plan = buildRollbackPlan({
      ...base,
      observed: { ...base.observed, 'model/w0.bin': undefined, 'model/w1.bin': sha256Hex('changed') },
      refused: { [`${DIR}/bias-report.json`]: 'a symbolic link' },
    });
    expect(plan).toEqual(
      mismatch(
        `${DIR}/bias-report.json was not read: a symbolic link; model/w0.bin is missing; model/w1.bin has sha256 ${sha256Hex('changed')}, the archive records ${W1}`,
      ),
    );
  });

  it('an archived report that is not the one the manifest declares, or is missing', () => {
    const otherReport = buildRollbackPlan(input({ report: '{"schemaVersion":"1.0","model":"other"}\n' }));
    expect(otherReport).toEqual(
      mismatch(`${DIR}/bias-report.json is not the bias report the archived manifest declares`),
    );
    const missing = buildRollbackPlan(input({ report: undefined }));
    expect(missing).toEqual(mismatch(`${DIR}/bias-report.json is missing`));
  });

  it("the report bound by its content form (approvals added later) is the manifest's", () => {
    const report = JSON.parse(REPORT_TEXT) as Record<string, unknown>;
    const manifest = {
      ...archived(),
      biasReport: { path: 'reports/latest-bias-report.json', sha256: reportContentSha256(report) },
    };
    const withReview = JSON.stringify({ ...report, approvals: [{ approver: 'dave' }] });
    expect(buildRollbackPlan(input({ manifest, report: withReview })).kind).toBe('write');
  });

  it('artifacts that are not a list are no artifacts; a null entry is one it cannot restore', () => {
    const notList = buildRollbackPlan(
      input({ manifest: { name: 'fraud-detection', version: '1.0.0', artifacts: 'model/w0.bin' }, report: undefined }),
    );
    expect(notList).toEqual(mismatch(`${DIR}/manifest.json lists no artifacts`));
    const withNull = buildRollbackPlan(
      input({
        manifest: {
          name: 'fraud-detection',
          version: '1.0.0',
          artifacts: [null, { path: 'model/w0.bin', sha256: W0 }, { path: 'model/w1.bin', sha256: W1 }],
        },
        report: undefined,
      }),
    );
    expect(withNull).toEqual(mismatch(`${DIR}/manifest.json /artifacts/0 has no usable path and sha256`));
    const numericPath = buildRollbackPlan(
      input({
        manifest: {
          name: 'fraud-detection',
          version: '1.0.0',
          artifacts: [
            { path: 7, sha256: W0 },
            { path: 'model/w0.bin', sha256: W0 },
            { path: 'model/w1.bin', sha256: W1 },
          ],
        },
        report: undefined,
      }),
    );
    expect(numericPath).toEqual(mismatch(`${DIR}/manifest.json /artifacts/0 has no usable path and sha256`));
  });

  it('a bias report the manifest names without a digest is taken as archived; one that is not an object is none', () => {
    const noDigest = buildRollbackPlan(
      input({
        manifest: {
          ...archived(),
          biasReport: { path: 'reports/latest-bias-report.json' },
        },
      }),
    );
    expect(noDigest.kind).toBe('write');
    for (const biasReport of ['reports/latest-bias-report.json', ['x']]) {
      const odd = buildRollbackPlan(
        input({
          manifest: {
            ...archived(),
            biasReport,
          },
          report: undefined,
        }),
      );
      expect([biasReport, odd.kind]).toEqual([biasReport, 'write']);
    }
  });

  it('a manifest without artifacts, or with an artifact it cannot restore', () => {
    const none = buildRollbackPlan(
      input({ manifest: { name: 'fraud-detection', version: '1.0.0', artifacts: [] }, report: undefined }),
    );
    expect(none).toEqual(mismatch(`${DIR}/manifest.json lists no artifacts`));
    const unusable = buildRollbackPlan(
      input({
        manifest: {
          name: 'fraud-detection',
          version: '1.0.0',
          artifacts: [
            { path: '../x', sha256: W0 },
            { path: 'model/w1.bin' },
            'w',
            { path: 'model/w0.bin', sha256: W0 },
          ],
        },
        report: undefined,
      }),
    );
    expect(unusable).toEqual(
      mismatch([0, 1, 2].map((i) => `${DIR}/manifest.json /artifacts/${i} has no usable path and sha256`).join('; ')),
    );
  });
});

describe('s3:// artifacts: the archived versions must still be in the store', () => {
  const pinned = 's3://models/fraud/w.onnx?versionId=v1';
  const withObject = (path: string, size?: number) =>
    input({
      manifest: {
        name: 'fraud-detection',
        version: '1.0.0',
        artifacts: [
          { path: 'model/w0.bin', sha256: W0 },
          { path, sha256: W1, ...(size !== undefined ? { size } : {}) },
        ],
      },
      report: undefined,
      record: (r) => r.filter(([p]) => p !== 'model/w1.bin').concat([[path, W1]]),
    });
  const gone = (what: string) =>
    refused(
      `the object versions fraud-detection 1.0.0 was approved with are no longer in the store (a bucket lifecycle rule or a delete removed evidence): ${what}`,
      'restore each object version from a backup or replica (a new upload has a new versionId and is another release), or roll back to another version; keep noncurrent versions at least evidence.retentionYears (docs/s3.md)',
      1,
    );

  it('found as the version archived: the rollback goes ahead and counts it verified', () => {
    const plan = buildRollbackPlan({
      ...withObject(pinned, 5),
      objects: { [pinned]: { kind: 'found', versionId: 'v1', size: 5 } },
    });
    expect(plan.kind).toBe('write');
    if (plan.kind === 'write') expect(plan.verified).toContain(pinned);
  });

  it('an unpinned object in a versioned bucket, or one archived without a size, is not gone', () => {
    const plain = 's3://models/fraud/w.onnx';
    const unpinned = buildRollbackPlan({
      ...withObject(plain, 5),
      objects: { [plain]: { kind: 'found', versionId: 'v3', size: 5 } },
    });
    expect(unpinned.kind).toBe('write');
    const sizeless = buildRollbackPlan({
      ...withObject(pinned),
      objects: { [pinned]: { kind: 'found', versionId: 'v1', size: 5 } },
    });
    expect(sizeless.kind).toBe('write');
  });

  it('every object that is gone is named, in order', () => {
    const other = 's3://models/fraud/x.onnx?versionId=v9';
    const both = input({
      manifest: {
        name: 'fraud-detection',
        version: '1.0.0',
        artifacts: [
          { path: pinned, sha256: W0 },
          { path: other, sha256: W1 },
        ],
      },
      report: undefined,
      record: (r) =>
        r
          .filter(([p]) => !p.startsWith('model/'))
          .concat([
            [pinned, W0],
            [other, W1],
          ]),
    });
    const missing = { kind: 'failure' as const, verdict: 'fail' as const, message: 'NoSuchVersion', fix: 'f' };
    expect(buildRollbackPlan({ ...both, objects: { [pinned]: missing, [other]: missing } })).toEqual(
      gone(`${pinned}: NoSuchVersion; ${other}: NoSuchVersion`),
    );
  });

  it('another version, another size, or gone', () => {
    expect(
      buildRollbackPlan({ ...withObject(pinned), objects: { [pinned]: { kind: 'found', versionId: 'v2', size: 5 } } }),
    ).toEqual(gone(`${pinned}: the store answered for version v2`));
    expect(buildRollbackPlan({ ...withObject(pinned), objects: { [pinned]: { kind: 'found', size: 5 } } })).toEqual(
      gone(`${pinned}: the store answered for version (none)`),
    );
    expect(
      buildRollbackPlan({
        ...withObject(pinned, 4),
        objects: { [pinned]: { kind: 'found', versionId: 'v1', size: 5 } },
      }),
    ).toEqual(gone(`${pinned}: 5 bytes in the store, 4 archived`));
    expect(
      buildRollbackPlan({
        ...withObject(pinned),
        objects: { [pinned]: { kind: 'failure', verdict: 'fail', message: 'NoSuchVersion', fix: 'f' } },
      }),
    ).toEqual(gone(`${pinned}: NoSuchVersion`));
  });

  it('a store that could not be asked is could-not-check (exit 2), with its own fix', () => {
    expect(
      buildRollbackPlan({
        ...withObject(pinned),
        objects: {
          [pinned]: {
            kind: 'failure',
            verdict: 'indeterminate',
            message: 'AccessDenied',
            fix: 'grant s3:GetObjectVersion',
          },
        },
      }),
    ).toEqual(
      refused(
        `could not check that ${pinned} (archived in ${DIR}/) still exists: AccessDenied`,
        'grant s3:GetObjectVersion',
        2,
      ),
    );
  });

  it('an object nobody looked up is a bug, never a pass; an unparsable location names its problem', () => {
    expect(buildRollbackPlan(withObject(pinned))).toEqual(
      refused(`${pinned} was not looked up in the store`, 'report it as an mlgov bug', 2),
    );
    const bad = 's3://B/x';
    expect(buildRollbackPlan(withObject(bad))).toEqual(
      expect.objectContaining({
        kind: 'refused',
        exitCode: 1,
        fix: 'an archived s3:// artifact must be s3://bucket/key?versionId=… (docs/s3.md)',
        message: expect.stringMatching(/^artifacts\/fraud-detection\/1\.0\.0\/manifest\.json names "s3:\/\/B\/x": /),
      }),
    );
  });
});

describe('the release being replaced', () => {
  it('an archive conflict or an invalid release refuses the rollback (exit 1)', () => {
    expect(
      buildRollbackPlan(
        input(
          {},
          {
            replacedArchive: {
              kind: 'conflict',
              model: 'fraud-detection',
              version: '2.0.0',
              dir: 'd',
              file: 'manifest.json',
              message: 'd/manifest.json differs',
            },
          },
        ),
      ),
    ).toEqual(
      refused(
        'the release being replaced cannot be archived: d/manifest.json differs',
        'archived evidence is write-once; fix the archive first',
        1,
      ),
    );
    expect(
      buildRollbackPlan(
        input({}, { replacedArchive: { kind: 'invalid', message: 'no digests', fix: 'run checksums' } }),
      ),
    ).toEqual(refused('the release being replaced cannot be archived: no digests', 'run checksums', 1));
  });
});

describe('an accepted rollback', () => {
  it('restores the manifest with release replaced, approvals dropped and key order kept, the report byte for byte, and logs why', () => {
    const replacedWrite = { path: 'artifacts/fraud-detection/2.0.0/manifest.json', bytes: Buffer.from('{}') };
    const archiveEvent = {
      actor: 'erin',
      action: 'archive' as const,
      model: 'fraud-detection',
      version: '2.0.0',
      at: 'x',
    };
    const plan = buildRollbackPlan(
      input(
        {},
        {
          replacedArchive: {
            kind: 'write',
            model: 'fraud-detection',
            version: '2.0.0',
            dir: 'artifacts/fraud-detection/2.0.0',
            writes: [replacedWrite],
            events: [archiveEvent],
          },
        },
      ),
    );
    if (plan.kind !== 'write') throw new Error(JSON.stringify(plan));
    const restored = {
      name: 'fraud-detection',
      version: '1.0.0',
      release: { type: 'rollback', reason: 'AUC dropped 8% on live traffic (INC-42)', rollbackOf: '2.0.0' },
      artifacts: [
        { path: 'model/w0.bin', sha256: W0, size: 2 },
        { path: 'model/w1.bin', sha256: W1, size: 2 },
      ],
      biasReport: { path: 'reports/latest-bias-report.json', sha256: sha256Hex(REPORT_TEXT) },
      jira: 'MLGOV-7',
    };
    expect(plan.writes.map((w) => [w.path, Buffer.from(w.bytes).toString('utf8')])).toEqual([
      [replacedWrite.path, '{}'],
      ['model/manifest.json', JSON.stringify(restored, null, 2) + '\n'],
      ['reports/latest-bias-report.json', REPORT_TEXT],
    ]);
    expect(plan).toEqual(
      expect.objectContaining({
        model: 'fraud-detection',
        from: '2.0.0',
        to: '1.0.0',
        manifestDigest: manifestDigest(restored),
        approvalsCleared: 2,
        verified: [`${DIR}/manifest.json`, `${DIR}/bias-report.json`, 'model/w0.bin', 'model/w1.bin'],
        restored: [],
        inPlace: [],
      }),
    );
    expect(Object.keys(plan)).not.toContain('restoredFromCommit');
    expect(plan.events).toStrictEqual([
      archiveEvent,
      {
        actor: 'erin',
        action: 'rollback',
        model: 'fraud-detection',
        version: '1.0.0',
        reason: 'AUC dropped 8% on live traffic (INC-42)',
        at: '2026-05-01T00:00:00.000Z',
        ticket: 'MLGOV-7',
        details: {
          from: '2.0.0',
          to: '1.0.0',
          restoredFrom: DIR,
          manifestDigest: manifestDigest(restored),
          approvalsCleared: 2,
        },
      },
    ]);
  });

  it('a manifest without release gets one at the end, without approvals clears none, without Jira logs no ticket', () => {
    const plan = buildRollbackPlan(
      input({
        manifest: {
          ...archived(),
        },
        report: undefined,
      }),
    );
    if (plan.kind !== 'write') throw new Error(JSON.stringify(plan));
    // toStrictEqual: toEqual would let an extra undefined item through.
    expect(plan.writes.map((w) => w.path)).toStrictEqual(['model/manifest.json']);
    const written = JSON.parse(Buffer.from(plan.writes[0]!.bytes).toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(written)).toEqual(['name', 'version', 'artifacts', 'release']);
    expect(written['release']).toEqual({
      type: 'rollback',
      reason: 'AUC dropped 8% on live traffic (INC-42)',
      rollbackOf: '2.0.0',
    });
    expect(plan.approvalsCleared).toBe(0);
    expect(Object.keys(plan.events[0]!)).not.toContain('ticket');
  });
});

describe('model files written back from git', () => {
  const COMMIT = 'c'.repeat(40);
  const restoreInput = (over: Partial<RestoreInput> = {}): RestoreInput => ({
    dir: DIR,
    recordedCommit: COMMIT,
    commitPresent: true,
    shallow: false,
    artifacts: [
      {
        record: { path: 'model/w0.bin', sha256: W0, size: 2 },
        worktree: { kind: 'missing' },
        atRecorded: { kind: 'entry', mode: '100644', id: 'b0', bytes: Buffer.from('w0') },
      },
      {
        record: { path: 'model/w1.bin', sha256: W1, size: 2 },
        worktree: { kind: 'file', sha256: W1, size: 2, blobId: 'b1' },
      },
    ],
    protectedPaths: {
      manifest: 'model/manifest.json',
      biasReport: 'reports/latest-bias-report.json',
      policy: '.github/governance-policy.yml',
      archiveDir: 'artifacts',
    },
    ...over,
  });

  it('a restore the facts refuse is the rollback refused, in the words of the restore plan', () => {
    const restore = restoreInput({ recordedCommit: undefined });
    const base = input();
    const observed = { ...base.observed, 'model/w0.bin': undefined };
    const refusedPlan = planRestore(restore);
    expect(refusedPlan.kind).toBe('refused');
    expect(buildRollbackPlan({ ...base, observed, restore })).toEqual(refusedPlan);
  });

  it('a file written back comes first among the writes, is counted verified, and the event names the commit', () => {
    const restore = restoreInput();
    const base = input();
    const plan = buildRollbackPlan({ ...base, observed: { ...base.observed, 'model/w0.bin': undefined }, restore });
    if (plan.kind !== 'write') throw new Error(JSON.stringify(plan));
    expect(plan.writes.map((w) => w.path)).toStrictEqual([
      'model/w0.bin',
      'model/manifest.json',
      'reports/latest-bias-report.json',
    ]);
    expect(plan.restored.map((r) => r.path)).toEqual(['model/w0.bin']);
    expect(plan.inPlace).toEqual(['model/w1.bin']);
    expect(plan.restoredFromCommit).toBe(COMMIT);
    expect(plan.events[0]!.details).toEqual(
      expect.objectContaining({ modelFilesFrom: COMMIT, modelFilesRestored: ['model/w0.bin'] }),
    );
  });
});
