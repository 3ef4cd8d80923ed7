/**
 * The archive plan (src/evidence/archive-plan.ts), pure, rule by rule: what makes a release unarchivable (its
 * manifest, its checksum records, its s3:// objects), write-once against what the folder holds (the file named),
 * the evidence index and the event it writes, and the small helpers the audit and the rollback read the archive
 * with (checksum text both ways, folder names, retention, whether an archive is logged). Each message word for word:
 * it is what a release manager reads when evidence cannot be written.
 */
import { describe, expect, it } from '@jest/globals';
import {
  buildArchivePlan,
  formatChecksums,
  isArchiveLogged,
  isRollbackFolder,
  isSafeSegment,
  parseChecksums,
  retentionUntil,
  rollbackFolderName,
  type ArchivePlan,
  type ArchivePlanInput,
  type EvidenceIndex,
} from '../../src/evidence/archive-plan.js';
import { manifestDigest, reportDigest, sha256Hex } from '../../src/formats/canonical-digest.js';

const COMMIT = '0123456789abcdef'.repeat(2) + '01234567';
const SHORT = COMMIT.slice(0, 12);
const DIR = 'artifacts/fraud-detection/1.0.0';
const W = sha256Hex('weights');
const NOW = new Date('2024-02-29T12:00:00Z');
const REPORT = { schemaVersion: '1.0', model: 'fraud-detection', approvals: [{ approver: 'dave' }] };

const manifestOf = (over: Record<string, unknown> = {}) => ({
  name: 'fraud-detection',
  version: '1.0.0',
  release: { type: 'minor', reason: 'recall up' },
  artifacts: [{ path: 'model/model.onnx', sha256: W, size: 7 }],
  jira: 'MLGOV-9',
  approvals: [{ approver: 'alice' }],
  ...over,
});
/** No bias report file (a default parameter cannot be passed `undefined`). */
const NONE = Symbol('no bias report');
const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v, null, 2) + '\n');

function input(
  manifest: unknown = manifestOf(),
  over: Partial<ArchivePlanInput> = {},
  report: unknown = REPORT,
): ArchivePlanInput {
  return {
    source: {
      commit: COMMIT,
      manifestPath: 'model/manifest.json',
      manifestBytes: bytes(manifest),
      biasReportPath: 'reports/latest-bias-report.json',
      ...(report !== NONE ? { biasReportBytes: bytes(report) } : {}),
    },
    archiveDir: 'artifacts/',
    existing: {},
    alreadyLogged: false,
    now: NOW,
    actor: 'rm-bot',
    retentionYears: 5,
    toolVersion: '9.9.9',
    ...over,
  };
}

function written(plan: ArchivePlan) {
  if (plan.kind !== 'write') throw new Error(`expected a write plan, got ${JSON.stringify(plan)}`);
  return { ...plan, text: Object.fromEntries(plan.writes.map((w) => [w.path, Buffer.from(w.bytes).toString('utf8')])) };
}

describe('a release that cannot be archived', () => {
  it('a manifest that is not JSON names the file and the commit', () => {
    const plan = buildArchivePlan(input('{nope'));
    expect(plan).toEqual({
      kind: 'invalid',
      message: expect.stringMatching(new RegExp(`^model/manifest\\.json at ${SHORT} is not valid JSON: `)),
      fix: 'a release that does not parse cannot be archived; fix the base release first',
    });
  });

  it.each([
    ['no name', manifestOf({ name: undefined })],
    ['a name with a slash', manifestOf({ name: 'fraud/detection' })],
    ['a version ".."', manifestOf({ version: '..' })],
    ['a version "."', manifestOf({ version: '.' })],
    ['a numeric version', manifestOf({ version: 1 })],
    ['an array', [1]],
    ['null', null],
  ])('a manifest with %s has no usable folder name', (_what, manifest) => {
    expect(buildArchivePlan(input(manifest))).toEqual({
      kind: 'invalid',
      message: `model/manifest.json at ${SHORT} has no usable name and version (letters, digits, . _ + - only)`,
      fix: 'the archive folder is artifacts/<name>/<version>/: give the manifest a plain name and version',
    });
  });

  it.each([
    ['an upper-case digest', { path: 'model/a.onnx', sha256: W.toUpperCase() }],
    ['a short digest', { path: 'model/a.onnx', sha256: W.slice(1) }],
    ['a digest with a character after it', { path: 'model/a.onnx', sha256: W + 'a' }],
    ['a digest with a character before it', { path: 'model/a.onnx', sha256: 'a' + W }],
    ['no digest', { path: 'model/a.onnx' }],
    ['a path with ..', { path: 'model/../../etc/passwd', sha256: W }],
    ['an absolute path', { path: '/etc/passwd', sha256: W }],
    ['a backslash', { path: 'model\\a.onnx', sha256: W }],
    ['a newline', { path: 'model/a\n.onnx', sha256: W }],
    ['a carriage return', { path: 'model/a\r.onnx', sha256: W }],
    ['a NUL', { path: 'model/a\0.onnx', sha256: W }],
    ['an empty path', { path: '', sha256: W }],
    ['no object', 'model/a.onnx'],
    ['null', null],
  ])('an artifact with %s gives no checksum record, naming its index', (_what, artifact) => {
    const manifest = manifestOf({ artifacts: [{ path: 'model/ok.onnx', sha256: W, size: 1 }, artifact] });
    expect(buildArchivePlan(input(manifest))).toEqual({
      kind: 'invalid',
      message:
        'model/manifest.json /artifacts/1 has no usable path and lowercase hex sha256, so no checksum record can be written',
      fix: 'run mlgov checksums --write on the release before archiving it',
    });
  });
});

describe('s3:// artifacts: the archive names the exact object version', () => {
  const pinned = 's3://models/fraud/w.onnx?versionId=v1';
  const plain = 's3://models/fraud/w.onnx';
  const withObject = (path: string, heads: ArchivePlanInput['objects'], size = 7) =>
    buildArchivePlan(input(manifestOf({ artifacts: [{ path, sha256: W, size }] }), { objects: heads }));
  const invalid = (message: string, fix: string) => ({ kind: 'invalid', message, fix });
  const S3_FIX = 'write s3://bucket/key?versionId=… and use a store that honours versionId (docs/s3.md)';

  it('a pinned version the store has, of the declared size, is recorded in the evidence index', () => {
    const plan = written(withObject(pinned, { [pinned]: { kind: 'found', versionId: 'v1', size: 7 } }));
    const index = JSON.parse(plan.text[`${DIR}/evidence.json`]!) as EvidenceIndex;
    expect(index.objects).toEqual([
      { path: pinned, bucket: 'models', key: 'fraud/w.onnx', versionId: 'v1', size: 7, sha256: W },
    ]);
    expect(Object.keys(plan)).not.toContain('warnings');
  });

  it('an unversioned bucket is archived with versionId null and a warning naming the risk', () => {
    const plan = written(withObject(plain, { [plain]: { kind: 'found', size: 7 } }));
    expect(plan.warnings).toEqual([
      `${plain} is in bucket models, which keeps no object versions: the archive cannot name the approved bytes, which can be replaced or deleted under the key; turn on versioning (or S3 Object Lock) and pin the version`,
    ]);
    expect((JSON.parse(plan.text[`${DIR}/evidence.json`]!) as EvidenceIndex).objects![0]!.versionId).toBeNull();
  });

  it('refuses an unpinned object in a versioned bucket, another version, another size, a failure, no answer, a bad URL', () => {
    expect(withObject(plain, { [plain]: { kind: 'found', versionId: 'v3', size: 7 } })).toEqual(
      invalid(
        `model/manifest.json: ${plain} is in a versioned bucket but names no version (the current one is v3), so the archive could not name the approved bytes`,
        'run mlgov checksums --write to pin the versionId, have the release approved and merged, then archive it',
      ),
    );
    expect(withObject(pinned, { [pinned]: { kind: 'found', versionId: 'v2', size: 7 } })).toEqual(
      invalid(`${pinned}: the store answered for version v2`, S3_FIX),
    );
    expect(withObject(pinned, { [pinned]: { kind: 'found', size: 7 } })).toEqual(
      invalid(`${pinned}: the store answered for version (none)`, S3_FIX),
    );
    expect(withObject(pinned, { [pinned]: { kind: 'found', versionId: 'v1', size: 8 } })).toEqual(
      invalid(
        `${pinned} is 8 bytes in the store, but the release declares 7`,
        'restore the approved object version, or release the object that is there',
      ),
    );
    expect(
      withObject(pinned, {
        [pinned]: { kind: 'failure', verdict: 'fail', message: 'NoSuchVersion', fix: 'restore it' },
      }),
    ).toEqual(invalid(`${pinned} cannot be archived: NoSuchVersion`, 'restore it'));
    expect(withObject(pinned, {})).toEqual(
      invalid(`${pinned} was not looked up in the store`, 'report it as an mlgov bug'),
    );
    expect(withObject(pinned, undefined)).toEqual(
      invalid(`${pinned} was not looked up in the store`, 'report it as an mlgov bug'),
    );
    const bad = 's3://B/k';
    expect(withObject(bad, { [bad]: { kind: 'found', size: 7 } })).toEqual({
      kind: 'invalid',
      message: expect.stringMatching(/^model\/manifest\.json: "s3:\/\/B\/k" is not a valid S3 location: /),
      fix: S3_FIX,
    });
  });
});

describe('a first archive', () => {
  it('writes both copies, the GNU checksum record, the evidence index and one event', () => {
    const manifest = manifestOf();
    const plan = written(buildArchivePlan(input(manifest)));
    expect(plan).toEqual(
      expect.objectContaining({ kind: 'write', model: 'fraud-detection', version: '1.0.0', dir: DIR }),
    );
    expect(Object.keys(plan.text)).toEqual([
      `${DIR}/manifest.json`,
      `${DIR}/bias-report.json`,
      `${DIR}/checksums.sha256`,
      `${DIR}/evidence.json`,
    ]);
    const reportBytes = bytes(REPORT);
    const manifestBytes = bytes(manifest);
    const checksums = `${W}  model/model.onnx\n${sha256Hex(manifestBytes)}  ${DIR}/manifest.json\n${sha256Hex(reportBytes)}  ${DIR}/bias-report.json\n`;
    expect(plan.text[`${DIR}/checksums.sha256`]).toBe(checksums);
    const index = JSON.parse(plan.text[`${DIR}/evidence.json`]!) as EvidenceIndex;
    expect(index).toEqual({
      schemaVersion: '1.0',
      model: { name: 'fraud-detection', version: '1.0.0' },
      release: { type: 'minor', reason: 'recall up' },
      source: { gitCommit: COMMIT, manifest: 'model/manifest.json', biasReport: 'reports/latest-bias-report.json' },
      jira: 'MLGOV-9',
      manifestDigest: manifestDigest(manifest),
      reportDigest: reportDigest(REPORT),
      approvals: [{ approver: 'alice' }],
      biasReportApprovals: [{ approver: 'dave' }],
      files: [
        {
          name: 'manifest.json',
          path: `${DIR}/manifest.json`,
          sha256: sha256Hex(manifestBytes),
          size: manifestBytes.length,
        },
        {
          name: 'bias-report.json',
          path: `${DIR}/bias-report.json`,
          sha256: sha256Hex(reportBytes),
          size: reportBytes.length,
        },
        {
          name: 'checksums.sha256',
          path: `${DIR}/checksums.sha256`,
          sha256: sha256Hex(checksums),
          size: checksums.length,
        },
      ],
      artifacts: [{ path: 'model/model.onnx', sha256: W, size: 7 }],
      archivedAt: NOW.toISOString(),
      archivedBy: 'rm-bot',
      tool: { name: 'mlgov', version: '9.9.9' },
      retention: { years: 5, until: '2029-03-01' },
    });
    expect(plan.events).toEqual([
      {
        actor: 'rm-bot',
        action: 'archive',
        model: 'fraud-detection',
        version: '1.0.0',
        at: NOW.toISOString(),
        ticket: 'MLGOV-9',
        details: {
          sourceCommit: COMMIT,
          dir: DIR,
          files: {
            'manifest.json': sha256Hex(manifestBytes),
            'bias-report.json': sha256Hex(reportBytes),
            'checksums.sha256': sha256Hex(checksums),
          },
        },
      },
    ]);
  });

  it('a release without a bias report, release, Jira key or approvals: recorded as absent, no ticket', () => {
    const manifest = {
      name: 'fraud-detection',
      version: '1.0.0',
      artifacts: [{ path: 'model/model.onnx', sha256: W }],
    };
    const plan = written(buildArchivePlan(input(manifest, {}, NONE)));
    expect(Object.keys(plan.text)).toEqual([`${DIR}/manifest.json`, `${DIR}/checksums.sha256`, `${DIR}/evidence.json`]);
    const index = JSON.parse(plan.text[`${DIR}/evidence.json`]!) as EvidenceIndex;
    expect([index.release, index.jira, index.reportDigest, index.approvals, index.biasReportApprovals]).toEqual([
      null,
      null,
      null,
      [],
      [],
    ]);
    expect(index.artifacts).toEqual([{ path: 'model/model.onnx', sha256: W, size: -1 }]);
    expect(index.files.map((f) => f.name)).toEqual(['manifest.json', 'checksums.sha256']);
    expect(plan.text[`${DIR}/checksums.sha256`]).toBe(
      `${W}  model/model.onnx\n${sha256Hex(bytes(manifest))}  ${DIR}/manifest.json\n`,
    );
    expect(plan.text[`${DIR}/evidence.json`]).toBe(JSON.stringify(index, null, 2) + '\n');
    expect(Object.keys(plan.events[0]!)).not.toContain('ticket');
    expect(Object.keys(plan.events[0]!.details as object)).toEqual(['sourceCommit', 'dir', 'files']);
  });

  it('a bias report that is not JSON is archived as bytes, without a report digest or its approvals', () => {
    const plan = written(buildArchivePlan(input(manifestOf(), {}, '{broken')));
    expect(plan.text[`${DIR}/bias-report.json`]).toBe('{broken');
    const index = JSON.parse(plan.text[`${DIR}/evidence.json`]!) as EvidenceIndex;
    expect([index.reportDigest, index.biasReportApprovals]).toEqual([null, []]);
    const noApprovals = written(buildArchivePlan(input(manifestOf(), {}, { schemaVersion: '1.0', approvals: 'x' })));
    expect((JSON.parse(noApprovals.text[`${DIR}/evidence.json`]!) as EvidenceIndex).biasReportApprovals).toEqual([]);
  });

  it('a manifest whose artifacts are not a list archives its copies with no artifact record', () => {
    const plan = written(buildArchivePlan(input(manifestOf({ artifacts: 'model.onnx' }))));
    expect(
      plan.text[`${DIR}/checksums.sha256`]!.split('\n')
        .filter(Boolean)
        .map((l) => l.slice(66)),
    ).toEqual([`${DIR}/manifest.json`, `${DIR}/bias-report.json`]);
    expect((JSON.parse(plan.text[`${DIR}/evidence.json`]!) as EvidenceIndex).artifacts).toEqual([]);
  });

  it('an event already logged is not logged again', () => {
    const plan = written(buildArchivePlan(input(manifestOf(), { alreadyLogged: true })));
    expect(plan.events).toEqual([]);
    expect(plan.writes).toHaveLength(4);
  });
});

describe('write-once against what the folder holds', () => {
  const first = () => written(buildArchivePlan(input()));
  const existingFrom = (plan: ReturnType<typeof first>) =>
    Object.fromEntries(plan.writes.map((w) => [w.path.slice(DIR.length + 1), w.bytes])) as ArchivePlanInput['existing'];

  it('a complete folder, logged: unchanged; a folder missing only its index: the index is written', () => {
    const plan = first();
    expect(buildArchivePlan(input(manifestOf(), { existing: existingFrom(plan), alreadyLogged: true }))).toEqual({
      kind: 'unchanged',
      model: 'fraud-detection',
      version: '1.0.0',
      dir: DIR,
    });
    const { 'evidence.json': _e, ...partial } = existingFrom(plan);
    const completed = written(buildArchivePlan(input(manifestOf(), { existing: partial, alreadyLogged: true })));
    expect(completed.writes.map((w) => w.path)).toStrictEqual([`${DIR}/evidence.json`]);
  });

  it('a complete folder whose event is not logged yet: only the event', () => {
    const plan = written(
      buildArchivePlan(input(manifestOf(), { existing: existingFrom(first()), alreadyLogged: false })),
    );
    expect(plan.writes).toEqual([]);
    expect(plan.events.map((e) => e.action)).toEqual(['archive']);
  });

  it('an index written at another time, by another actor or tool, records the same evidence', () => {
    const existing = existingFrom(first());
    const later = buildArchivePlan(
      input(manifestOf(), {
        existing,
        alreadyLogged: true,
        now: new Date('2025-01-01T00:00:00Z'),
        actor: 'other',
        toolVersion: '2.0.0',
      }),
    );
    expect(later.kind).toBe('unchanged');
  });

  it('a file with other bytes is a conflict naming it and both digests', () => {
    const existing = existingFrom(first());
    const other = bytes({ tampered: true });
    expect(buildArchivePlan(input(manifestOf(), { existing: { ...existing, 'bias-report.json': other } }))).toEqual({
      kind: 'conflict',
      model: 'fraud-detection',
      version: '1.0.0',
      dir: DIR,
      file: `${DIR}/bias-report.json`,
      message: `${DIR}/bias-report.json already holds different evidence (sha256 ${sha256Hex(other)}; the release at ${SHORT} gives ${sha256Hex(bytes(REPORT))}); archived evidence is write-once and is not overwritten`,
    });
  });

  it('a bias report copy of a release that has none is a conflict', () => {
    const plan = buildArchivePlan(input(manifestOf(), { existing: { 'bias-report.json': bytes(REPORT) } }, NONE));
    expect(plan).toEqual(
      expect.objectContaining({
        kind: 'conflict',
        file: `${DIR}/bias-report.json`,
        message: `${DIR}/bias-report.json exists but the release at ${SHORT} has no bias report`,
      }),
    );
  });

  it('an index recording other evidence, or one that does not parse, is a conflict', () => {
    const existing = existingFrom(first());
    const index = JSON.parse(Buffer.from(existing['evidence.json']!).toString('utf8')) as EvidenceIndex;
    const conflict = {
      kind: 'conflict',
      model: 'fraud-detection',
      version: '1.0.0',
      dir: DIR,
      file: `${DIR}/evidence.json`,
      message: `${DIR}/evidence.json already records different evidence for fraud-detection 1.0.0; archived evidence is write-once and is not overwritten`,
    };
    for (const changed of [
      { ...index, manifestDigest: 'sha256:' + '0'.repeat(64) },
      { ...index, artifacts: [] },
      { ...index, files: [] },
      { ...index, model: { name: 'x', version: '1.0.0' } },
    ]) {
      expect(
        buildArchivePlan(input(manifestOf(), { existing: { ...existing, 'evidence.json': bytes(changed) } })),
      ).toEqual(conflict);
    }
    expect(
      buildArchivePlan(input(manifestOf(), { existing: { ...existing, 'evidence.json': bytes('{bad') } })),
    ).toEqual(conflict);
    expect(buildArchivePlan(input(manifestOf(), { existing: { ...existing, 'evidence.json': bytes('[]') } }))).toEqual(
      conflict,
    );
  });
});

describe('a rollback release beside the primary archive', () => {
  const primaryManifest = manifestOf();
  const rollback = manifestOf({
    release: { type: 'rollback', reason: 'AUC dropped (INC-7)', rollbackOf: '2.0.0' },
    approvals: undefined,
  });
  const primary = () => ({ 'manifest.json': bytes(primaryManifest), 'bias-report.json': bytes(REPORT) });
  const refusedWith = (message: string, file = `${DIR}/manifest.json`) => ({
    kind: 'conflict',
    model: 'fraud-detection',
    version: '1.0.0',
    dir: file.slice(0, file.lastIndexOf('/')),
    file,
    message: `${DIR}/ already holds fraud-detection 1.0.0 and the release at ${SHORT} is a rollback that does not restore it: ${message}; only a rollback with the archived artifacts and bias report is archived beside it (in ${DIR}/rollback-…/), and archived evidence is write-once`,
  });

  it('goes to rollback-<digest12>/, recording what it replaced and restored, and logs both', () => {
    const plan = written(buildArchivePlan(input(rollback, { existing: primary() })));
    const dir = `${DIR}/${rollbackFolderName(manifestDigest(rollback))}`;
    expect(plan.dir).toBe(dir);
    expect(plan.restores).toBe(DIR);
    const index = JSON.parse(plan.text[`${dir}/evidence.json`]!) as EvidenceIndex;
    expect([index.rollbackOf, index.restoredFrom]).toEqual(['2.0.0', DIR]);
    expect(plan.events[0]!.details).toEqual(expect.objectContaining({ dir, rollbackOf: '2.0.0', restoredFrom: DIR }));
  });

  it('without rollbackOf the index records null', () => {
    const noOf = manifestOf({ release: { type: 'rollback', reason: 'AUC dropped (INC-7)' } });
    const plan = written(buildArchivePlan(input(noOf, { existing: primary() })));
    expect(Object.values(plan.text).some((t) => t.includes('"rollbackOf": null'))).toBe(true);
  });

  it('a release that is not a rollback, against another manifest in the primary folder: the file is named', () => {
    const plan = buildArchivePlan(input(manifestOf({ release: { type: 'patch' } }), { existing: primary() }));
    expect(plan).toEqual(expect.objectContaining({ kind: 'conflict', file: `${DIR}/manifest.json` }));
  });

  it('refuses a rollback whose artifacts differ, listing three and how many more', () => {
    const many = manifestOf({
      release: rollback.release,
      artifacts: ['a', 'b', 'c', 'd', 'e'].map((n) => ({ path: `model/${n}.bin`, sha256: sha256Hex(n) })),
    });
    const plan = buildArchivePlan(input(many, { existing: primary() }));
    expect(plan).toEqual(
      refusedWith(
        `the artifacts differ from ${DIR}/manifest.json (model/a.bin is not in the archive; model/b.bin is not in the archive; model/c.bin is not in the archive; 3 more)`,
      ),
    );
    const changed = manifestOf({
      release: rollback.release,
      artifacts: [{ path: 'model/model.onnx', sha256: sha256Hex('x') }],
    });
    expect(buildArchivePlan(input(changed, { existing: primary() }))).toEqual(
      refusedWith(
        `the artifacts differ from ${DIR}/manifest.json (model/model.onnx is ${sha256Hex('x')}, archived ${W})`,
      ),
    );
    const three = manifestOf({
      release: rollback.release,
      artifacts: ['a', 'b'].map((n) => ({ path: `model/${n}.bin`, sha256: sha256Hex(n) })),
    });
    expect(buildArchivePlan(input(three, { existing: primary() }))).toEqual(
      refusedWith(
        `the artifacts differ from ${DIR}/manifest.json (model/a.bin is not in the archive; model/b.bin is not in the archive; model/model.onnx is not in the release)`,
      ),
    );
    const fewer = manifestOf({ release: rollback.release, artifacts: [] });
    expect(buildArchivePlan(input(fewer, { existing: primary() }))).toEqual(
      refusedWith(`the artifacts differ from ${DIR}/manifest.json (model/model.onnx is not in the release)`),
    );
  });

  it('entries of the primary manifest that are not objects are passed over in the comparison', () => {
    const odd = { ...primaryManifest, artifacts: [null, 'x', ...primaryManifest.artifacts] };
    const plan = buildArchivePlan(input(rollback, { existing: { ...primary(), 'manifest.json': bytes(odd) } }));
    expect(plan.kind).toBe('write');
  });

  it('refuses a rollback against a primary manifest that does not parse', () => {
    expect(buildArchivePlan(input(rollback, { existing: { 'manifest.json': bytes('{x') } }))).toEqual(
      refusedWith(`${DIR}/manifest.json does not parse, so the rollback cannot be compared with it`),
    );
    expect(buildArchivePlan(input(rollback, { existing: { 'manifest.json': bytes({ name: 'x' }) } }))).toEqual(
      refusedWith(`${DIR}/manifest.json does not parse, so the rollback cannot be compared with it`),
    );
  });

  it('refuses a rollback whose bias report is not the archived one, is missing, or is extra', () => {
    const other = bytes({ other: true });
    expect(buildArchivePlan(input(rollback, { existing: primary() }, { other: true }))).toEqual(
      refusedWith(
        `the bias report (sha256 ${sha256Hex(other)}) is not ${DIR}/bias-report.json (sha256 ${sha256Hex(bytes(REPORT))})`,
        `${DIR}/bias-report.json`,
      ),
    );
    expect(buildArchivePlan(input(rollback, { existing: { 'manifest.json': bytes(primaryManifest) } }))).toEqual(
      refusedWith(`${DIR}/bias-report.json is missing`, `${DIR}/bias-report.json`),
    );
    expect(buildArchivePlan(input(rollback, { existing: primary() }, NONE))).toEqual(
      refusedWith(`the release has no bias report but ${DIR}/bias-report.json exists`, `${DIR}/bias-report.json`),
    );
    const neither = buildArchivePlan(input(rollback, { existing: { 'manifest.json': bytes(primaryManifest) } }, NONE));
    expect(neither.kind).toBe('write');
  });
});

describe('the helpers the audit and the rollback read archives with', () => {
  it('checksum text: GNU format both ways, text and binary markers, lines that do not parse by number', () => {
    const text = formatChecksums([
      { path: 'model/a b.onnx', sha256: W },
      { path: 'x', sha256: sha256Hex('x') },
    ]);
    expect(text).toBe(`${W}  model/a b.onnx\n${sha256Hex('x')}  x\n`);
    expect(parseChecksums(`${text}${W} *bin.dat\n\n${W.toUpperCase()}  up\n${W}   \nnot a line\n${W}x  y\n`)).toEqual({
      entries: [
        { sha256: W, path: 'model/a b.onnx', line: 1 },
        { sha256: sha256Hex('x'), path: 'x', line: 2 },
        { sha256: W, path: 'bin.dat', line: 3 },
        { sha256: W, path: ' ', line: 6 },
      ],
      invalid: [5, 7, 8],
    });
    expect(parseChecksums(` ${W}  a\nx${W}  b\n`)).toEqual({ entries: [], invalid: [1, 2] });
    expect(formatChecksums([])).toBe('');
    expect(parseChecksums('')).toEqual({ entries: [], invalid: [] });
  });

  it('folder names: safe segments, the rollback folder of a digest, and telling one', () => {
    expect(['fraud-detection', '1.0.0+build.7', 'A_b'].every(isSafeSegment)).toBe(true);
    expect(['', '.', '..', 'a/b', 'a b', 'ä', 3, undefined].some(isSafeSegment)).toBe(false);
    expect(rollbackFolderName('sha256:' + 'ab'.repeat(32))).toBe('rollback-abababababab');
    expect(rollbackFolderName('cd'.repeat(32))).toBe('rollback-cdcdcdcdcdcd');
    expect(isRollbackFolder('artifacts/m/1.0.0/rollback-0123456789ab')).toBe(true);
    expect(isRollbackFolder('rollback-0123456789ab')).toBe(true);
    expect(isRollbackFolder('artifacts/m/1.0.0/rollback-0123456789abc')).toBe(false);
    expect(isRollbackFolder('artifacts/m/1.0.0/rollback-0123456789AB')).toBe(false);
    expect(isRollbackFolder('artifacts/m/1.0.0/xrollback-0123456789ab')).toBe(false);
    expect(isRollbackFolder('artifacts/m/1.0.0')).toBe(false);
  });

  it('retention: the same date so many years on, 29 February rolling to 1 March', () => {
    expect(retentionUntil(new Date('2024-02-29T23:59:59Z'), 5)).toBe('2029-03-01');
    expect(retentionUntil(new Date('2024-02-29T00:00:00Z'), 4)).toBe('2028-02-29');
    expect(retentionUntil(new Date('2025-12-31T10:00:00Z'), 0)).toBe('2025-12-31');
  });

  it('an archive is logged by the event of its own folder; the primary by any event not naming a rollback folder', () => {
    const rb = 'artifacts/m/1.0.0/rollback-0123456789ab';
    const primary = 'artifacts/m/1.0.0';
    const event = (details?: unknown, over: Record<string, unknown> = {}) => ({
      action: 'archive',
      model: 'm',
      version: '1.0.0',
      details,
      ...over,
    });
    expect(isArchiveLogged([event({ dir: rb })], 'm', '1.0.0', rb)).toBe(true);
    expect(isArchiveLogged([event({ dir: primary })], 'm', '1.0.0', rb)).toBe(false);
    expect(isArchiveLogged([event(undefined)], 'm', '1.0.0', rb)).toBe(false);
    expect(isArchiveLogged([event({ dir: primary })], 'm', '1.0.0', primary)).toBe(true);
    expect(isArchiveLogged([event(undefined)], 'm', '1.0.0', primary)).toBe(true);
    expect(isArchiveLogged([event({ dir: 7 })], 'm', '1.0.0', primary)).toBe(true);
    expect(isArchiveLogged([event({ dir: rb })], 'm', '1.0.0', primary)).toBe(false);
    expect(isArchiveLogged([event({}, { action: 'promote' })], 'm', '1.0.0', primary)).toBe(false);
    expect(isArchiveLogged([event({}, { model: 'n' })], 'm', '1.0.0', primary)).toBe(false);
    expect(isArchiveLogged([event({}, { version: '2.0.0' })], 'm', '1.0.0', primary)).toBe(false);
    expect(isArchiveLogged([], 'm', '1.0.0', primary)).toBe(false);
  });
});
