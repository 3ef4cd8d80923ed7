// What the evidence gatherer learns from a real repository, fact by fact: the base's side from git objects only, the
// working tree's side from the disk without following a link, and the tool's own transient files skipped only while
// git does not track them. Each case compares the whole EvidenceFacts object, so a fact added, dropped or misfiled
// is a failure, not only a missing one.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { openGitRepository } from '../../src/adapters/git-repository.js';
import { gatherEvidenceFacts } from '../../src/evidence/gather-evidence.js';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';

const LOG = 'L1 the audit log\n';
const MANIFEST = '{"name":"fraud-detection","version":"1.0.0"}\n';
const SUMS = `${'a'.repeat(64)}  model/model.onnx\n`;
const INDEX = '{"archive":"1.0.0"}\n';
const WEIGHTS = Buffer.from([0, 1, 2, 255]);

let repo: TempRepo | undefined;
let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise<void>((done) => server!.close(() => done()));
  server = undefined;
  repo?.remove();
  repo = undefined;
});

function put(r: TempRepo, rel: string, content: string | Buffer): void {
  mkdirSync(dirname(join(r.dir, rel)), { recursive: true });
  writeFileSync(join(r.dir, rel), content);
}

const digest = (content: string | Buffer) => sha256Hex(Buffer.from(content));

function gather(r: TempRepo, args: { baseCommit?: string; archiveDir?: string; modelName?: string } = {}) {
  return gatherEvidenceFacts({
    repoRoot: r.dir,
    git: openGitRepository(r.dir),
    archiveDir: 'artifacts',
    ...args,
  });
}

describe('the base side, read from git objects', () => {
  /** A base commit with two archived versions of the model, another model's archive, a link and a submodule. */
  function baseWithArchives(): { r: TempRepo; base: string } {
    const r = createTempRepo('mlgov-gather-');
    put(r, 'artifacts/audit-log.jsonl', LOG);
    put(r, 'artifacts/fraud-detection/1.0.0/manifest.json', MANIFEST);
    put(r, 'artifacts/fraud-detection/1.0.0/checksums.sha256', SUMS);
    put(r, 'artifacts/fraud-detection/1.0.0/evidence.json', INDEX);
    put(r, 'artifacts/fraud-detection/1.0.0/model.onnx', WEIGHTS);
    execFileSync('chmod', ['755', join(r.dir, 'artifacts/fraud-detection/1.0.0/model.onnx')]);
    // A folder holding no manifest is not a version a rollback may restore.
    put(r, 'artifacts/fraud-detection/0.9.0/checksums.sha256', SUMS);
    put(r, 'artifacts/credit-scoring/2.0.0/manifest.json', '{"name":"credit-scoring"}\n');
    // An audit log below the archive directory's top is not the audit log.
    put(r, 'artifacts/fraud-detection/audit-log.jsonl', 'not the log\n');
    put(r, 'model/manifest.json', MANIFEST);
    symlinkSync('../model/manifest.json', join(r.dir, 'artifacts/pointer.json'));
    r.commitAll('base');
    // A submodule entry, committed from the index alone (`git add -A` would drop a gitlink with no folder).
    r.git('update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},artifacts/vendored`);
    r.git('commit', '-q', '-m', 'a submodule under the archive directory');
    return { r, base: r.git('rev-parse', 'HEAD').trim() };
  }

  it('digests every regular file, keeps the records, the log, the entries that are not files and the versions', async () => {
    const { r, base } = baseWithArchives();
    repo = r;
    rmSync(join(r.dir, 'artifacts'), { recursive: true, force: true });
    const facts = await gather(r, { baseCommit: base, modelName: 'fraud-detection' });
    expect(facts).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: {
        'artifacts/audit-log.jsonl': digest(LOG),
        'artifacts/credit-scoring/2.0.0/manifest.json': digest('{"name":"credit-scoring"}\n'),
        'artifacts/fraud-detection/0.9.0/checksums.sha256': digest(SUMS),
        'artifacts/fraud-detection/1.0.0/checksums.sha256': digest(SUMS),
        'artifacts/fraud-detection/1.0.0/evidence.json': digest(INDEX),
        'artifacts/fraud-detection/1.0.0/manifest.json': digest(MANIFEST),
        'artifacts/fraud-detection/1.0.0/model.onnx': digest(WEIGHTS),
        'artifacts/fraud-detection/audit-log.jsonl': digest('not the log\n'),
      },
      baseAuditLog: LOG,
      baseTexts: {
        'artifacts/credit-scoring/2.0.0/manifest.json': '{"name":"credit-scoring"}\n',
        'artifacts/fraud-detection/0.9.0/checksums.sha256': SUMS,
        'artifacts/fraud-detection/1.0.0/checksums.sha256': SUMS,
        'artifacts/fraud-detection/1.0.0/evidence.json': INDEX,
        'artifacts/fraud-detection/1.0.0/manifest.json': MANIFEST,
      },
      baseNotRegular: {
        'artifacts/pointer.json': 'a symlink committed on the base',
        'artifacts/vendored': 'a submodule committed on the base',
      },
      baseArchivedVersions: ['1.0.0'],
      headFiles: {},
      archivedVersions: [],
      checksumRecords: {},
      evidenceRecords: {},
    });
  });

  it('names no versions and no entries that are not files when no model is named and the base holds only files', async () => {
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    put(r, 'artifacts/fraud-detection/1.0.0/manifest.json', MANIFEST);
    const base = r.commitAll('base');
    const facts = await gather(r, { baseCommit: base });
    expect(facts).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: { 'artifacts/fraud-detection/1.0.0/manifest.json': digest(MANIFEST) },
      baseTexts: { 'artifacts/fraud-detection/1.0.0/manifest.json': MANIFEST },
      headFiles: { 'artifacts/fraud-detection/1.0.0/manifest.json': digest(MANIFEST) },
      archivedVersions: [],
      checksumRecords: {},
      evidenceRecords: {},
    });
  });

  it('leaves out a base file whose object is gone, and reads nothing of the base without a base commit', async () => {
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    put(r, 'artifacts/fraud-detection/1.0.0/manifest.json', MANIFEST);
    put(r, 'artifacts/fraud-detection/1.0.0/model.onnx', WEIGHTS);
    const base = r.commitAll('base');
    const blob = r.git('rev-parse', `${base}:artifacts/fraud-detection/1.0.0/model.onnx`).trim();
    rmSync(join(r.dir, '.git/objects', blob.slice(0, 2), blob.slice(2)));
    rmSync(join(r.dir, 'artifacts'), { recursive: true });
    expect(await gather(r, { baseCommit: base, modelName: 'fraud-detection' })).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: { 'artifacts/fraud-detection/1.0.0/manifest.json': digest(MANIFEST) },
      baseTexts: { 'artifacts/fraud-detection/1.0.0/manifest.json': MANIFEST },
      baseArchivedVersions: ['1.0.0'],
      headFiles: {},
      archivedVersions: [],
      checksumRecords: {},
      evidenceRecords: {},
    });
    expect(await gather(r, { modelName: 'fraud-detection' })).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: {},
      archivedVersions: [],
      checksumRecords: {},
      evidenceRecords: {},
    });
  });
});

describe('the working tree side, read from the disk', () => {
  it('files the records by name, lists the versions of the named model only, and drops trailing slashes', async () => {
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    put(r, 'artifacts/audit-log.jsonl', LOG);
    put(r, 'artifacts/fraud-detection/1.1.0/checksums.sha256', SUMS);
    put(r, 'artifacts/fraud-detection/1.1.0/evidence.json', INDEX);
    put(r, 'artifacts/fraud-detection/1.1.0/model.onnx', WEIGHTS);
    put(r, 'artifacts/fraud-detection/1.0.0/manifest.json', MANIFEST);
    put(r, 'artifacts/fraud-detection/README', 'not a version\n');
    put(r, 'artifacts/fraud-detection/audit-log.jsonl', 'not the log\n');
    put(r, 'artifacts/fraud-detection-v2/3.0.0/manifest.json', MANIFEST);
    put(r, 'artifacts/fraud-detection/1.1.0/old-checksums.sha256.bak', SUMS);
    const facts = await gather(r, { archiveDir: 'artifacts//', modelName: 'fraud-detection' });
    expect(facts).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: {
        'artifacts/audit-log.jsonl': digest(LOG),
        'artifacts/fraud-detection-v2/3.0.0/manifest.json': digest(MANIFEST),
        'artifacts/fraud-detection/1.0.0/manifest.json': digest(MANIFEST),
        'artifacts/fraud-detection/1.1.0/checksums.sha256': digest(SUMS),
        'artifacts/fraud-detection/1.1.0/evidence.json': digest(INDEX),
        'artifacts/fraud-detection/1.1.0/model.onnx': digest(WEIGHTS),
        'artifacts/fraud-detection/1.1.0/old-checksums.sha256.bak': digest(SUMS),
        'artifacts/fraud-detection/README': digest('not a version\n'),
        'artifacts/fraud-detection/audit-log.jsonl': digest('not the log\n'),
      },
      headAuditLog: LOG,
      archivedVersions: ['1.0.0', '1.1.0'],
      checksumRecords: { 'artifacts/fraud-detection/1.1.0/checksums.sha256': SUMS },
      evidenceRecords: { 'artifacts/fraud-detection/1.1.0/evidence.json': INDEX },
    });
  });

  it('lists the archived versions sorted and once each, whatever order the folders are read in', async () => {
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    const versions = ['2.0.0', '10.0.0', '1.0.0', '0.1.0', '1.10.0', '1.2.0', '3.0.0-rc.1', '0.0.9'];
    for (const v of versions) {
      put(r, `artifacts/fraud-detection/${v}/manifest.json`, MANIFEST);
      put(r, `artifacts/fraud-detection/${v}/checksums.sha256`, SUMS);
    }
    const facts = await gather(r, { modelName: 'fraud-detection' });
    expect(facts.archivedVersions).toStrictEqual([...versions].sort());
  });

  it('names a symlink, a FIFO and a socket inside the archive directory without reading or following them', async () => {
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    put(r, 'artifacts/fraud-detection/1.1.0/manifest.json', MANIFEST);
    symlinkSync('/etc/passwd', join(r.dir, 'artifacts/fraud-detection/1.1.0/model.onnx'));
    execFileSync('mkfifo', [join(r.dir, 'artifacts/fraud-detection/1.1.0/pipe')]);
    const socketPath = join(r.dir, 'artifacts/s');
    server = createServer();
    await new Promise<void>((done) => server!.listen(socketPath, done));
    const facts = await gather(r, { modelName: 'fraud-detection' });
    expect(facts).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: { 'artifacts/fraud-detection/1.1.0/manifest.json': digest(MANIFEST) },
      archivedVersions: ['1.1.0'],
      checksumRecords: {},
      evidenceRecords: {},
      notRegular: {
        'artifacts/fraud-detection/1.1.0/model.onnx': 'a symlink to /etc/passwd',
        'artifacts/fraud-detection/1.1.0/pipe': 'a FIFO',
        'artifacts/s': 'a socket',
      },
    });
  });

  const LINKS: Array<{ name: string; archiveDir: string; at: string; kind: 'link' | 'file' }> = [
    { name: 'the archive directory is a symlink', archiveDir: 'artifacts', at: 'artifacts', kind: 'link' },
    { name: 'a folder on the way is a symlink', archiveDir: 'evidence/artifacts', at: 'evidence', kind: 'link' },
    { name: 'a folder on the way is a file', archiveDir: 'evidence/artifacts', at: 'evidence', kind: 'file' },
    {
      name: 'the archive directory is a file',
      archiveDir: 'evidence/artifacts',
      at: 'evidence/artifacts',
      kind: 'file',
    },
  ];
  it.each(LINKS)('reads nothing when $name, and names it', async ({ archiveDir, at, kind }) => {
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    // What the link points to holds an archive of its own: read through the link, it would be judged as evidence.
    put(r, 'elsewhere/artifacts/fraud-detection/1.0.0/manifest.json', MANIFEST);
    const target = join(r.dir, at === 'evidence' ? 'elsewhere' : 'elsewhere/artifacts');
    mkdirSync(dirname(join(r.dir, at)), { recursive: true });
    if (kind === 'link') symlinkSync(target, join(r.dir, at));
    else writeFileSync(join(r.dir, at), 'a file\n');
    const facts = await gather(r, { archiveDir, modelName: 'fraud-detection' });
    expect(facts).toStrictEqual({
      archiveDir,
      baseFiles: {},
      headFiles: {},
      archivedVersions: [],
      checksumRecords: {},
      evidenceRecords: {},
      notRegular: { [at]: kind === 'link' ? `a symlink to ${target}` : 'not a directory' },
    });
  });

  it('finds nothing, and names nothing, when the archive directory does not exist yet', async () => {
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    put(r, 'evidence/README', 'the folder above the archive\n');
    expect(await gather(r, { archiveDir: 'evidence/artifacts', modelName: 'fraud-detection' })).toStrictEqual({
      archiveDir: 'evidence/artifacts',
      baseFiles: {},
      headFiles: {},
      archivedVersions: [],
      checksumRecords: {},
      evidenceRecords: {},
    });
  });
});

describe("the tool's own transient files", () => {
  const TRANSIENT = [
    'artifacts/audit-log.jsonl.lock',
    'artifacts/audit-log.jsonl.lock.stale-1733130000000',
    'artifacts/fraud-detection/1.1.0/.manifest.json.4242.tmp',
  ];
  const LOOKALIKE = [
    'artifacts/fraud-detection/1.1.0/manifest.json.tmp',
    'artifacts/fraud-detection/1.1.0/.hidden',
    'artifacts/fraud-detection/1.1.0/my-audit-log.jsonl.lock',
    'artifacts/fraud-detection/1.1.0/.tmp-notes',
  ];

  it('skips them while git does not track them, and counts look-alikes as content', async () => {
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    for (const p of [...TRANSIENT, ...LOOKALIKE]) put(r, p, `${p}\n`);
    const facts = await gather(r, { modelName: 'fraud-detection' });
    expect(facts).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: Object.fromEntries(LOOKALIKE.map((p) => [p, digest(`${p}\n`)])),
      archivedVersions: ['1.1.0'],
      checksumRecords: {},
      evidenceRecords: {},
    });
  });

  it('lists a version whose only file is a tracked temp-named one in order with the others', async () => {
    // Such a file is judged after the walk, so its version is found last: the list is sorted all the same.
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    put(r, 'artifacts/fraud-detection/1.0.0/manifest.json', MANIFEST);
    put(r, 'artifacts/fraud-detection/0.9.0/.manifest.json.4242.tmp', MANIFEST);
    r.git('add', '--', 'artifacts/fraud-detection/0.9.0/.manifest.json.4242.tmp');
    const facts = await gather(r, { modelName: 'fraud-detection' });
    expect(Object.keys(facts.headFiles)).toStrictEqual([
      'artifacts/fraud-detection/1.0.0/manifest.json',
      'artifacts/fraud-detection/0.9.0/.manifest.json.4242.tmp',
    ]);
    expect(facts.archivedVersions).toStrictEqual(['0.9.0', '1.0.0']);
  });

  it('counts them as content once a commit tracks them, and when git cannot say whether it does', async () => {
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    for (const p of TRANSIENT) put(r, p, `${p}\n`);
    r.git('add', '--', TRANSIENT[0]!, TRANSIENT[2]!);
    const tracked = await gather(r);
    expect(tracked).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: {
        [TRANSIENT[0]!]: digest(`${TRANSIENT[0]}\n`),
        [TRANSIENT[2]!]: digest(`${TRANSIENT[2]}\n`),
      },
      archivedVersions: [],
      checksumRecords: {},
      evidenceRecords: {},
    });
    rmSync(join(r.dir, '.git'), { recursive: true });
    const unknown = await gather(r);
    expect(unknown).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: Object.fromEntries(TRANSIENT.map((p) => [p, digest(`${p}\n`)])),
      archivedVersions: [],
      checksumRecords: {},
      evidenceRecords: {},
    });
  });
});

describe('an attacker naming committed content like the tool’s temp files', () => {
  it('gets every such file counted as content even when there are too many for one git command line', async () => {
    const r = createTempRepo('mlgov-gather-');
    repo = r;
    // ~9,000 paths of ~260 bytes: more than the 2 MiB a command line may hold, so `git ls-files -- <paths>` cannot
    // even start (E2BIG). Read as "none is tracked", every one would be skipped as local debris and slip past
    // "nothing else is added".
    const names = Array.from({ length: 9000 }, (_, i) => `.${'x'.repeat(240)}-${i}.tmp`);
    mkdirSync(join(r.dir, 'artifacts/m'), { recursive: true });
    for (const name of names) writeFileSync(join(r.dir, 'artifacts/m', name), 'smuggled\n');
    r.git('add', '-A');
    const facts = await gather(r);
    expect(Object.keys(facts.headFiles)).toHaveLength(names.length);
    expect(facts.headFiles[`artifacts/m/${names[0]}`]).toBe(digest('smuggled\n'));
  });
});
