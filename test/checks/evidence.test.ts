import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openGitRepository } from '../../src/adapters/git-repository.js';
import { evidenceCheck } from '../../src/checks/evidence.js';
import { gatherEvidenceFacts } from '../../src/evidence/gather-evidence.js';
import { buildChainedEvent, formatAuditLine, type AuditEvent } from '../../src/evidence/hash-chain.js';
import { manifestDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import type { EvidenceFacts } from '../../src/release/evidence-facts.js';
import type { ReleaseContext } from '../../src/release/release-context.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import { contextWith, jsonDocument } from '../support/release-context.js';
import { createHistoryRepo, rolledBack, writeRelease, type HistoryRepo } from '../evidence/fixtures.js';

const W1 = 'a'.repeat(64);
const baseManifestValue = {
  name: 'fraud-detection',
  version: '1.0.0',
  artifacts: [{ path: 'model/weights/1.0.0/model.onnx', sha256: W1, size: 3 }],
};
const baseManifest = jsonDocument<Manifest>('model/manifest.json', baseManifestValue);
const headManifest = jsonDocument<Manifest>('model/manifest.json', { name: 'fraud-detection', version: '1.1.0' });
const REPORT_SHA = 'b'.repeat(64);
const DIR = 'artifacts/fraud-detection/1.0.0';
const SUMS = `${W1}  model/weights/1.0.0/model.onnx\n${baseManifest.sha256}  ${DIR}/manifest.json\n${REPORT_SHA}  ${DIR}/bias-report.json\n`;

function log(n: number): string {
  const events: AuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    events.push(
      buildChainedEvent(events[i - 1], {
        at: '2026-01-01T00:00:00.000Z',
        actor: 'a',
        action: 'archive',
        model: 'fraud-detection',
        version: `1.${i}.0`,
        reason: null,
        ticket: null,
      }),
    );
  }
  return events.map((e) => formatAuditLine(e) + '\n').join('');
}

function archivedHead(): Record<string, string> {
  return {
    [`${DIR}/manifest.json`]: baseManifest.sha256,
    [`${DIR}/bias-report.json`]: REPORT_SHA,
    [`${DIR}/checksums.sha256`]: sha256Hex(SUMS),
    [`${DIR}/evidence.json`]: 'e'.repeat(64),
  };
}

function ctxWith(
  evidence: Partial<EvidenceFacts>,
  base: ReleaseContext['base'] | 'default' = 'default',
): ReleaseContext {
  const headLog = log(1);
  return contextWith({
    manifest: headManifest,
    base:
      base === 'default'
        ? {
            kind: 'found',
            ref: 'main',
            commit: 'c'.repeat(40),
            manifest: baseManifest,
            biasReportFileSha256: REPORT_SHA,
          }
        : base,
    evidence: {
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: { ...archivedHead(), 'artifacts/audit-log.jsonl': sha256Hex(headLog) },
      archivedVersions: ['1.0.0'],
      checksumRecords: { [`${DIR}/checksums.sha256`]: SUMS },
      headAuditLog: headLog,
      ...evidence,
    },
  });
}

const run = (ctx: ReleaseContext) => evidenceCheck.run(ctx, DEFAULT_POLICY);
const codes = (ctx: ReleaseContext) => run(ctx).findings.map((f) => f.code);

describe('evidence check (literal contexts)', () => {
  it('passes when the superseded base release is archived byte for byte and the log grew', () => {
    const r = run(ctxWith({ baseAuditLog: '' }));
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('pass');
    expect(r.details?.['expectedArchive']).toBe(DIR);
  });

  it('needs no archive when the version did not change, nor for an initial release', () => {
    const same = ctxWith({ headFiles: {}, checksumRecords: {}, headAuditLog: undefined });
    same.manifest = baseManifest;
    expect(run(same).findings).toEqual([]);
    expect(
      run(ctxWith({ headFiles: {}, headAuditLog: undefined }, { kind: 'none', reason: 'first release' })).status,
    ).toBe('pass');
  });

  it('fails ARCHIVE_MISSING at the manifest version when the archive is not in the change', () => {
    const r = run(ctxWith({ headFiles: {}, checksumRecords: {} }));
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      code: 'ARCHIVE_MISSING',
      file: 'model/manifest.json',
      pointer: '/version',
      line: 3,
    });
    expect(r.findings[0]!.message).toContain(`${DIR}/ is not in this change`);
    expect(r.findings[0]!.fix).toContain('mlgov archive --base main');
  });

  it('fails ARCHIVE_FILE_MISSING and ARCHIVE_MISMATCH naming the file', () => {
    const head = archivedHead();
    delete head[`${DIR}/evidence.json`];
    head[`${DIR}/bias-report.json`] = 'f'.repeat(64);
    const r = run(ctxWith({ headFiles: head }));
    expect(r.findings.map((f) => [f.code, f.file])).toEqual([
      ['ARCHIVE_FILE_MISSING', `${DIR}/evidence.json`],
      ['ARCHIVE_MISMATCH', `${DIR}/bias-report.json`],
    ]);
  });

  it('fails EVIDENCE_NOT_A_FILE for a symlinked checksum record, which also counts as missing', () => {
    const head = archivedHead();
    delete head[`${DIR}/checksums.sha256`];
    const r = run(
      ctxWith({
        headFiles: { ...head, 'artifacts/audit-log.jsonl': sha256Hex(log(1)) },
        checksumRecords: {},
        notRegular: { [`${DIR}/checksums.sha256`]: 'a symlink to /etc/passwd' },
      }),
    );
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => [f.code, f.file])).toEqual(
      expect.arrayContaining([
        ['EVIDENCE_NOT_A_FILE', `${DIR}/checksums.sha256`],
        ['ARCHIVE_FILE_MISSING', `${DIR}/checksums.sha256`],
      ]),
    );
    expect(r.findings.find((f) => f.code === 'EVIDENCE_NOT_A_FILE')?.message).toContain('a symlink to /etc/passwd');
  });

  it('fails when the checksum record lacks or contradicts an artifact', () => {
    const wrong = SUMS.replace(W1, 'd'.repeat(64));
    expect(run(ctxWith({ checksumRecords: { [`${DIR}/checksums.sha256`]: wrong } })).findings[0]).toMatchObject({
      code: 'ARCHIVE_CHECKSUMS_MISMATCH',
      file: `${DIR}/checksums.sha256`,
      line: 1,
    });
    const lacking = SUMS.split('\n').slice(1).join('\n');
    expect(codes(ctxWith({ checksumRecords: { [`${DIR}/checksums.sha256`]: lacking } }))).toEqual([
      'ARCHIVE_CHECKSUMS_INCOMPLETE',
    ]);
    expect(codes(ctxWith({ checksumRecords: { [`${DIR}/checksums.sha256`]: 'garbage\n' + SUMS } }))).toEqual([
      'ARCHIVE_CHECKSUMS_MALFORMED',
    ]);
  });

  it('warns when a new archive has no archive event in the log', () => {
    const r = run(ctxWith({ headAuditLog: '', baseAuditLog: '' }));
    expect(r.status).toBe('warn');
    expect(codes(ctxWith({ headAuditLog: '', baseAuditLog: '' }))).toEqual(['ARCHIVE_NOT_LOGGED']);
  });

  it('fails EVIDENCE_MODIFIED and EVIDENCE_DELETED for base files under artifacts/', () => {
    const old = {
      'artifacts/fraud-detection/0.9.0/manifest.json': '1'.repeat(64),
      'artifacts/fraud-detection/0.9.0/evidence.json': '2'.repeat(64),
    };
    const head = { ...archivedHead(), 'artifacts/fraud-detection/0.9.0/manifest.json': '3'.repeat(64) };
    const r = run(ctxWith({ baseFiles: old, headFiles: head }));
    expect(r.findings.map((f) => [f.code, f.file])).toEqual([
      ['EVIDENCE_MODIFIED', 'artifacts/fraud-detection/0.9.0/manifest.json'],
      ['EVIDENCE_DELETED', 'artifacts/fraud-detection/0.9.0/evidence.json'],
    ]);
  });

  it('fails AUDIT_LOG_BROKEN at the line, AUDIT_LOG_REWRITTEN and AUDIT_LOG_DELETED', () => {
    const three = log(3);
    const lines = three.split('\n');
    const edited = [lines[0], lines[1]!.replace('"actor":"a"', '"actor":"z"'), lines[2], ''].join('\n');
    const broken = run(ctxWith({ headAuditLog: edited }));
    expect(broken.findings).toEqual([
      expect.objectContaining({ code: 'AUDIT_LOG_BROKEN', file: 'artifacts/audit-log.jsonl', line: 2 }),
    ]);
    expect(broken.findings[0]!.message).toContain('line 2 (seq 2)');

    const rewritten = run(ctxWith({ baseAuditLog: three, headAuditLog: log(1) + '' }));
    expect(rewritten.findings).toEqual([expect.objectContaining({ code: 'AUDIT_LOG_REWRITTEN', line: 2 })]);
    expect(codes(ctxWith({ baseAuditLog: three, headAuditLog: undefined }))).toEqual(['AUDIT_LOG_DELETED']);
    expect(codes(ctxWith({ baseAuditLog: log(1), headAuditLog: log(3) }))).toEqual([]);
  });

  it('cannot judge without the base or without evidence facts', () => {
    const unavailable = run(
      ctxWith({}, { kind: 'unavailable', ref: 'origin/main', reason: 'not fetched', fix: 'git fetch origin main' }),
    );
    expect(unavailable.findings[0]).toMatchObject({
      code: 'EVIDENCE_BASE_UNAVAILABLE',
      indeterminate: true,
      fix: 'git fetch origin main',
    });
    const ctx = ctxWith({});
    delete ctx.evidence;
    expect(run(ctx).findings[0]).toMatchObject({ code: 'EVIDENCE_NOT_GATHERED', indeterminate: true });
  });
});

describe('evidence check when the base release is a rollback (literal contexts)', () => {
  // The primary folder holds the original 1.0.0; the base is a rollback to it, re-approved (other manifest bytes).
  const rbValue = {
    ...baseManifestValue,
    release: { type: 'rollback', reason: 'AUC dropped on live traffic (INC-7)', rollbackOf: '2.0.0' },
  };
  const rbManifest = jsonDocument<Manifest>('model/manifest.json', rbValue);
  const RB = `${DIR}/rollback-${manifestDigest(rbValue).slice(7, 19)}`;
  const RB_SUMS = `${W1}  model/weights/1.0.0/model.onnx\n${rbManifest.sha256}  ${RB}/manifest.json\n${REPORT_SHA}  ${RB}/bias-report.json\n`;
  const primary = { ...archivedHead(), [`${DIR}/manifest.json`]: '9'.repeat(64) };
  const rollbackArchive = {
    [`${RB}/manifest.json`]: rbManifest.sha256,
    [`${RB}/bias-report.json`]: REPORT_SHA,
    [`${RB}/checksums.sha256`]: sha256Hex(RB_SUMS),
    [`${RB}/evidence.json`]: 'e'.repeat(64),
  };
  /** A log whose archive events name their folders, as mlgov archive writes them. */
  const logOf = (dirs: string[]) => {
    const events: AuditEvent[] = [];
    for (const dir of dirs)
      events.push(
        buildChainedEvent(events.at(-1), {
          at: '2026-01-01T00:00:00.000Z',
          actor: 'a',
          action: 'archive',
          model: 'fraud-detection',
          version: '1.0.0',
          reason: null,
          ticket: null,
          details: { dir },
        }),
      );
    return events.map((e) => formatAuditLine(e) + '\n').join('');
  };
  const rbCtx = (evidence: Partial<EvidenceFacts>) => {
    const headLog = logOf([DIR, RB]);
    return contextWith({
      manifest: headManifest,
      base: {
        kind: 'found',
        ref: 'main',
        commit: 'c'.repeat(40),
        manifest: rbManifest,
        biasReportFileSha256: REPORT_SHA,
      },
      evidence: {
        archiveDir: 'artifacts',
        baseFiles: primary,
        headFiles: { ...primary, ...rollbackArchive, 'artifacts/audit-log.jsonl': sha256Hex(headLog) },
        archivedVersions: ['1.0.0'],
        checksumRecords: { [`${DIR}/checksums.sha256`]: SUMS, [`${RB}/checksums.sha256`]: RB_SUMS },
        baseAuditLog: logOf([DIR]),
        headAuditLog: headLog,
        ...evidence,
      },
    });
  };

  it('expects the archive in rollback-<digest12>/, byte for byte, and leaves the primary folder as it is', () => {
    const r = run(rbCtx({}));
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('pass');
    expect(r.details).toMatchObject({ expectedArchive: RB, restores: DIR });
  });

  it('fails ARCHIVE_MISSING naming the rollback folder when only the primary archive is there', () => {
    const r = run(rbCtx({ headFiles: { ...primary }, checksumRecords: { [`${DIR}/checksums.sha256`]: SUMS } }));
    expect(r.findings.map((f) => [f.code, f.pointer, f.line])).toEqual([['ARCHIVE_MISSING', '/version', 3]]);
    expect(r.findings[0]!.message).toContain(`(a rollback restoring ${DIR}/)`);
    expect(r.findings[0]!.message).toContain(`${RB}/ is not in this change`);
  });

  it('fails ARCHIVE_MISMATCH naming the file when the rollback folder is not a byte copy', () => {
    const r = run(rbCtx({ headFiles: { ...primary, ...rollbackArchive, [`${RB}/manifest.json`]: 'f'.repeat(64) } }));
    expect(r.findings.map((f) => [f.code, f.file])).toEqual([['ARCHIVE_MISMATCH', `${RB}/manifest.json`]]);
  });

  it('fails ARCHIVE_ROLLBACK_DIFFERS when the rollback does not restore the primary archive', () => {
    const forgedValue = { ...rbValue, artifacts: [{ path: 'model/weights/1.0.0/model.onnx', sha256: 'd'.repeat(64) }] };
    const forged = jsonDocument<Manifest>('model/manifest.json', forgedValue);
    const ctx = rbCtx({});
    ctx.base = {
      kind: 'found',
      ref: 'main',
      commit: 'c'.repeat(40),
      manifest: forged,
      biasReportFileSha256: 'f'.repeat(64),
    };
    const r = run(ctx);
    const differs = r.findings.filter((f) => f.code === 'ARCHIVE_ROLLBACK_DIFFERS');
    expect(differs.map((f) => f.file)).toEqual([`${DIR}/checksums.sha256`, `${DIR}/bias-report.json`]);
    expect(differs[0]!.message).toContain(`model/weights/1.0.0/model.onnx: ${'d'.repeat(64)} vs archived ${W1}`);
    expect(r.status).toBe('fail');
  });

  it('warns ARCHIVE_NOT_LOGGED when the log has the primary archive event but none for the rollback folder', () => {
    const headLog = logOf([DIR]);
    const r = run(rbCtx({ headAuditLog: headLog }));
    expect(r.findings.map((f) => f.code)).toEqual(['ARCHIVE_NOT_LOGGED']);
    expect(r.findings[0]!.message).toContain(`in ${RB}/`);
  });

  it('expects the primary folder for a rollback of a version whose primary archive is absent or identical', () => {
    const none = run(rbCtx({ baseFiles: {}, headFiles: {}, checksumRecords: {}, baseAuditLog: '', headAuditLog: '' }));
    expect(none.details?.['expectedArchive']).toBe(DIR);
    expect(none.findings.map((f) => f.code)).toEqual(['ARCHIVE_MISSING']);
    const same = { ...archivedHead(), [`${DIR}/manifest.json`]: rbManifest.sha256 };
    const identical = run(
      rbCtx({ baseFiles: {}, headFiles: same, checksumRecords: {}, baseAuditLog: '', headAuditLog: '' }),
    );
    expect(identical.details?.['expectedArchive']).toBe(DIR);
  });
});

describe('evidence check over a real repository (gatherEvidenceFacts)', () => {
  let repo: HistoryRepo | undefined;
  afterEach(() => {
    repo?.remove();
    repo = undefined;
  });

  async function judge(r: HistoryRepo): Promise<ReturnType<typeof run>> {
    const git = openGitRepository(r.dir);
    const baseCommit = r.git('rev-parse', 'main').trim();
    const read = (rev: string, path: string) => Buffer.from(r.git('show', `${rev}:${path}`));
    const bm = parseJsonDocument(
      'model/manifest.json',
      read(baseCommit, 'model/manifest.json'),
    ) as ParsedDocument<Manifest>;
    const head = parseJsonDocument(
      'model/manifest.json',
      readFileSync(join(r.dir, 'model/manifest.json')),
    ) as ParsedDocument<Manifest>;
    const evidence = await gatherEvidenceFacts({
      repoRoot: r.dir,
      git,
      baseCommit,
      archiveDir: 'artifacts',
      modelName: 'fraud-detection',
    });
    const ctx = contextWith({
      manifest: head,
      base: {
        kind: 'found',
        ref: 'main',
        commit: baseCommit,
        manifest: bm,
        biasReportFileSha256: sha256Hex(read(baseCommit, 'reports/latest-bias-report.json')),
      },
      evidence,
    });
    return run(ctx);
  }

  async function threeReleasesAndNext(): Promise<HistoryRepo> {
    const r = createHistoryRepo();
    await r.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    await r.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
    await r.release({ version: '1.2.0', at: '2025-04-01T10:00:00Z' });
    r.git('checkout', '-q', '-b', 'next');
    writeRelease(r.dir, { version: '1.3.0', at: '2025-05-01T10:00:00Z' });
    expect((await r.mlgov(['archive', '--base', 'main'])).code).toBe(0);
    return r;
  }

  it('passes a release made through the CLI, and fails naming the place for each kind of tampering', async () => {
    repo = await threeReleasesAndNext();
    const ok = await judge(repo);
    expect(ok.findings).toEqual([]);
    const gathered = await gatherEvidenceFacts({
      repoRoot: repo.dir,
      git: openGitRepository(repo.dir),
      baseCommit: repo.git('rev-parse', 'main').trim(),
      archiveDir: 'artifacts',
      modelName: 'fraud-detection',
    });
    expect(gathered.archivedVersions).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    expect(Object.keys(gathered.baseFiles)).toContain('artifacts/fraud-detection/1.0.0/evidence.json');

    const logFile = join(repo.dir, 'artifacts/audit-log.jsonl');
    const logText = readFileSync(logFile, 'utf8');
    const lines = logText.split('\n');

    // Editing an archived file.
    const archived = join(repo.dir, 'artifacts/fraud-detection/1.0.0/manifest.json');
    const original = readFileSync(archived);
    writeFileSync(archived, original.toString().replace('"1.0.0"', '"1.0.1"'));
    expect((await judge(repo)).findings.map((f) => [f.code, f.file])).toEqual([
      ['EVIDENCE_MODIFIED', 'artifacts/fraud-detection/1.0.0/manifest.json'],
    ]);
    writeFileSync(archived, original);

    // Deleting one.
    rmSync(join(repo.dir, 'artifacts/fraud-detection/1.1.0/bias-report.json'));
    expect((await judge(repo)).findings.map((f) => [f.code, f.file])).toEqual([
      ['EVIDENCE_DELETED', 'artifacts/fraud-detection/1.1.0/bias-report.json'],
    ]);
    repo.git('checkout', '--', 'artifacts/fraud-detection/1.1.0/bias-report.json');

    // Editing a log line.
    writeFileSync(logFile, logText.replace('"version":"1.1.0"', '"version":"1.1.9"'));
    let r = await judge(repo);
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([
      ['AUDIT_LOG_BROKEN', 2],
      ['AUDIT_LOG_REWRITTEN', 2],
    ]);
    const log = await repo.mlgov(['log', 'verify']);
    expect(log.code).toBe(1);
    expect(log.stderr).toContain('line 2 (seq 2)');
    expect(log.stderr).toContain('edited');

    // Deleting a log line.
    writeFileSync(logFile, [lines[0], lines[2], lines[3], ''].join('\n'));
    r = await judge(repo);
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([
      ['AUDIT_LOG_BROKEN', 2],
      ['AUDIT_LOG_REWRITTEN', 2],
    ]);
    expect((await repo.mlgov(['log', 'verify'])).stderr).toContain('line 2 (seq 3): expected seq 2');

    // Reordering log lines.
    writeFileSync(logFile, [lines[1], lines[0], lines[2], lines[3], ''].join('\n'));
    r = await judge(repo);
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([
      ['AUDIT_LOG_BROKEN', 1],
      ['AUDIT_LOG_REWRITTEN', 1],
    ]);
    expect((await repo.mlgov(['log', 'verify'])).stderr).toContain('line 1 (seq 2)');

    writeFileSync(logFile, logText);
    expect((await repo.mlgov(['log', 'verify'])).code).toBe(0);
    expect((await judge(repo)).findings).toEqual([]);
  });

  it('lists a rolled-back version once in archivedVersions and passes the archive of the rollback release', async () => {
    repo = await rolledBack();
    repo.git('checkout', '-q', '-b', 'next');
    writeRelease(repo.dir, { version: '3.0.0', at: '2025-06-01T10:00:00Z' });
    expect((await repo.mlgov(['archive', '--base', 'main'])).code).toBe(0);
    const gathered = await gatherEvidenceFacts({
      repoRoot: repo.dir,
      git: openGitRepository(repo.dir),
      baseCommit: repo.git('rev-parse', 'main').trim(),
      archiveDir: 'artifacts',
      modelName: 'fraud-detection',
    });
    expect(gathered.archivedVersions).toEqual(['1.0.0', '2.0.0']);
    expect(Object.keys(gathered.headFiles).filter((p) => p.includes('/rollback-'))).toHaveLength(4);
    const r = await judge(repo);
    expect(r.findings).toEqual([]);
    expect(String(r.details?.['expectedArchive'])).toMatch(
      /^artifacts\/fraud-detection\/1\.0\.0\/rollback-[0-9a-f]{12}$/,
    );
  });

  it('makes the real gate (mlgov check) fail the evidence check, naming the file and line', async () => {
    repo = await threeReleasesAndNext();
    const evidenceOf = async () => {
      const out = await repo!.mlgov(['check', '--base', 'main', '--offline', '--format', 'json']);
      return JSON.parse(out.stdout).checks.find((c: { id: string }) => c.id === 'evidence');
    };
    expect((await evidenceOf()).status).toBe('pass');
    const logFile = join(repo.dir, 'artifacts/audit-log.jsonl');
    const lines = readFileSync(logFile, 'utf8').split('\n');
    writeFileSync(logFile, [lines[0], lines[2], lines[3], ''].join('\n'));
    const broken = await evidenceOf();
    expect(broken.status).toBe('fail');
    expect(broken.findings.map((f: { code: string; file: string; line: number }) => [f.code, f.file, f.line])).toEqual([
      ['AUDIT_LOG_BROKEN', 'artifacts/audit-log.jsonl', 2],
      ['AUDIT_LOG_REWRITTEN', 'artifacts/audit-log.jsonl', 2],
    ]);
  });
});

describe('evidence check: the new archive is exactly the superseded base release (issue 12, P4)', () => {
  const index = (edit: (i: Record<string, unknown>) => void = () => undefined) => {
    const i: Record<string, unknown> = {
      model: { name: 'fraud-detection', version: '1.0.0' },
      manifestDigest: manifestDigest(baseManifestValue),
      files: [
        { name: 'manifest.json', path: `${DIR}/manifest.json`, sha256: baseManifest.sha256 },
        { name: 'bias-report.json', path: `${DIR}/bias-report.json`, sha256: REPORT_SHA },
        { name: 'checksums.sha256', path: `${DIR}/checksums.sha256`, sha256: sha256Hex(SUMS) },
      ],
      artifacts: [{ path: 'model/weights/1.0.0/model.onnx', sha256: W1, size: 3 }],
    };
    edit(i);
    return JSON.stringify(i, null, 2) + '\n';
  };
  const withIndex = (text: string) =>
    ctxWith({ baseAuditLog: '', evidenceRecords: { [`${DIR}/evidence.json`]: text } });

  it('passes an evidence.json that indexes the archive as mlgov archive writes it', () => {
    expect(run(withIndex(index())).findings).toEqual([]);
  });

  it('fails ARCHIVE_EVIDENCE_MISMATCH at /artifacts when evidence.json lists other artifact digests', () => {
    const text = index(
      (i) => void (i['artifacts'] = [{ path: 'model/weights/1.0.0/model.onnx', sha256: 'c'.repeat(64) }]),
    );
    const f = run(withIndex(text)).findings;
    expect(f).toMatchObject([
      { code: 'ARCHIVE_EVIDENCE_MISMATCH', file: `${DIR}/evidence.json`, pointer: '/artifacts' },
    ]);
    expect(f[0]!.line).toBe(text.split('\n').findIndex((l) => l.includes('"artifacts"')) + 1);
  });

  it('fails ARCHIVE_EVIDENCE_INVALID when evidence.json does not parse', () => {
    expect(codes(withIndex('{"model": '))).toEqual(['ARCHIVE_EVIDENCE_INVALID']);
  });

  it('fails ARCHIVE_UNEXPECTED for a file added beside the archive, and for an archive of another version', () => {
    const ctx = ctxWith({ baseAuditLog: '' });
    ctx.evidence!.headFiles[`${DIR}/notes.txt`] = 'f'.repeat(64);
    ctx.evidence!.headFiles['artifacts/fraud-detection/0.9.0/manifest.json'] = 'f'.repeat(64);
    const f = run(ctx).findings.filter((x) => x.code === 'ARCHIVE_UNEXPECTED');
    expect(f.map((x) => x.file).sort()).toEqual(['artifacts/fraud-detection/0.9.0/manifest.json', `${DIR}/notes.txt`]);
    expect(f.find((x) => x.file === `${DIR}/notes.txt`)!.message).toContain(
      'are not the archive of the superseded release',
    );
  });

  it('fails EVIDENCE_NOT_A_FILE for an entry the base committed as a symlink', () => {
    const f = run(
      ctxWith({ baseAuditLog: '', baseNotRegular: { artifacts: 'a symlink committed on the base' } }),
    ).findings;
    expect(f).toMatchObject([{ code: 'EVIDENCE_NOT_A_FILE', severity: 'error', file: 'artifacts' }]);
  });
});
