/**
 * The `evidence` check: evidence is write-once and the audit log only grows.
 *
 * 1. When the base has a release with another version than the PR's, that release's archive
 *    (`<archiveDir>/<model>/<version>/`) must be in the PR: `manifest.json` and `bias-report.json` byte-identical to
 *    the base's files, a `checksums.sha256` that records every artifact with the digest the base release declared,
 *    and `evidence.json`. When the base release is a rollback of that version and the primary folder already holds
 *    another manifest (the original release), its archive is expected beside it instead, in
 *    `<archiveDir>/<model>/<version>/rollback-<first 12 hex of its manifestDigest>/` (as `mlgov archive` writes
 *    it), and its artifacts and bias report must be those the primary archive records (a rollback restores).
 * 2. Nothing that exists under the archive directory on the base may change or vanish (the audit log is judged by
 *    rule 3 instead, since it grows).
 * 3. The working tree's audit log must verify (hash chain) and the base's log must be a byte prefix of it.
 */
import { error, indeterminate, warning, type Finding } from '../formats/finding.js';
import type { Manifest } from '../formats/manifest.js';
import { statusOf, type EvidenceDetails } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import type { Policy } from '../policy/policy.js';
import {
  ARCHIVE_FILES,
  archiveFolder,
  isArchiveLogged,
  isSafeSegment,
  parseChecksums,
  rollbackArchiveFolder,
} from '../evidence/archive-plan.js';
import { manifestDigest } from '../formats/canonical-digest.js';
import { AUDIT_LOG_FILE, findLogRewrite, verifyAuditLog } from '../evidence/hash-chain.js';
import { parseJsonDocument } from '../formats/json-document.js';
import { at } from '../formats/parsed-document.js';
import type { Check } from './check.js';
import { mlgovCommand } from './command-hint.js';
import { isObject } from '../formats/json-object.js';
import { archiveRoot } from '../release/release-locator.js';

/** Where the archive lives and where its audit log is, as the facts (or else the policy) say. */
interface Places {
  archiveDir: string;
  logPath: string;
}

/** How to restore a file from the base, for a fix. */
function baseRefOf(ctx: ReleaseContext): string {
  return ctx.base.kind === 'found' ? ctx.base.ref : '<base>';
}

function runEvidence(
  ctx: ReleaseContext,
  policy: Policy,
): { findings: Finding[]; summary: string; details: EvidenceDetails } {
  const details: EvidenceDetails = {};
  const facts = ctx.evidence;
  const archiveDir = archiveRoot(facts?.archiveDir ?? policy.model.archiveDir);
  const places: Places = { archiveDir, logPath: `${archiveDir}/${AUDIT_LOG_FILE}` };

  if (ctx.base.kind === 'unavailable') {
    const f = indeterminate(
      'EVIDENCE_BASE_UNAVAILABLE',
      `the base revision ${ctx.base.ref} could not be read (${ctx.base.reason}), so the archive and the audit log cannot be compared with it`,
      { fix: ctx.base.fix },
    );
    return { findings: [f], summary: 'could not judge: base revision unavailable', details };
  }
  if (!facts) {
    const f = indeterminate(
      'EVIDENCE_NOT_GATHERED',
      `the files under ${archiveDir}/ were not read (${ctx.git.isRepository ? 'no evidence facts' : 'not a git repository'}), so write-once evidence cannot be judged`,
      {
        fix: 'run the gate inside the model repository checked out with its history (actions/checkout with fetch-depth: 0)',
      },
    );
    return { findings: [f], summary: 'could not judge: evidence not gathered', details };
  }
  const findings = [...unreadableFindings(facts), ...supersededArchiveFindings(ctx, facts, places, details)];
  findings.push(...unexpectedArchives(facts, ctx, details.expectedArchive));
  const writeOnce = writeOnceFindings(ctx, policy, facts, places);
  findings.push(...writeOnce.findings, ...auditLogFindings(ctx, facts, places, details));

  const errors = findings.filter((f) => f.severity === 'error').length;
  const summary =
    errors === 0
      ? `archive and audit log intact (${Object.keys(facts.baseFiles).length} base file(s) unchanged${details.expectedArchive ? `, ${details.expectedArchive}/ archived` : ''})`
      : `${errors} evidence problem(s)${writeOnce.changed ? `: ${writeOnce.changed} archived file(s) changed or deleted` : ''}`;
  return { findings, summary, details };
}

/** Evidence files that could not be read (could not judge) or are not regular files, in the PR or on the base. */
function unreadableFindings(facts: Facts): Finding[] {
  const findings: Finding[] = [];
  for (const [path, reason] of Object.entries(facts.unreadable ?? {})) {
    findings.push(
      indeterminate('EVIDENCE_UNREADABLE', `${path} could not be read: ${reason}`, {
        file: path,
        fix: 'make the file readable and run the gate again',
      }),
    );
  }
  for (const [path, what] of Object.entries(facts.notRegular ?? {})) {
    findings.push(
      error('EVIDENCE_NOT_A_FILE', `${path} is ${what}: evidence must be regular files (a link is never followed)`, {
        file: path,
        fix: `replace ${path} with the file itself (git checkout the archived file, or run mlgov archive)`,
      }),
    );
  }
  for (const [path, what] of Object.entries(facts.baseNotRegular ?? {})) {
    findings.push(
      error('EVIDENCE_NOT_A_FILE', `${path} is ${what}: evidence must be regular files (a link is never followed)`, {
        file: path,
        fix: `replace ${path} with the file itself on the production branch (git show its archived bytes, or run mlgov archive)`,
      }),
    );
  }
  return findings;
}

/** The base release this PR supersedes and where its archive is expected. */
interface Superseded {
  bm: Partial<Manifest> & { name: string; version: string };
  baseManifestFile: string;
  headVersion: unknown;
  /** The expected archive folder, and the primary folder a rollback restores (when it is archived beside it). */
  dir: string;
  primaryDir: string;
  isRollbackArchive: boolean;
  manifestSha: string | undefined;
  reportSha: string | undefined;
  fix: string;
}

/** Rule 1: the superseded base release is archived in the PR, byte for byte. */
function supersededArchiveFindings(
  ctx: ReleaseContext,
  facts: Facts,
  places: Places,
  details: EvidenceDetails,
): Finding[] {
  if (ctx.base.kind !== 'found') return [];
  const baseManifest = ctx.base.manifest;
  const bm = isObject(baseManifest?.value) ? (baseManifest.value as Partial<Manifest>) : undefined;
  const headVersion = isObject(ctx.manifest.value) ? (ctx.manifest.value as Partial<Manifest>).version : undefined;
  if (!baseManifest || !bm || bm.version === undefined || bm.version === headVersion) return [];
  if (!isSafeSegment(bm.name) || !isSafeSegment(bm.version)) {
    return [
      error(
        'ARCHIVE_UNNAMEABLE',
        `the base release's name "${String(bm.name)}" and version "${String(bm.version)}" cannot name an archive folder`,
        {
          file: baseManifest.file,
          fix: 'the archive folder is <archiveDir>/<name>/<version>/: fix the base manifest first',
        },
      ),
    ];
  }
  const primaryDir = archiveFolder(places.archiveDir, bm.name, bm.version);
  const manifestSha = ctx.base.manifestFileSha256 ?? baseManifest.sha256;
  const reportSha = ctx.base.biasReportFileSha256 ?? ctx.base.biasReport?.sha256;
  // A rollback of a version whose primary folder holds another manifest is archived beside it (archive-plan.ts).
  const primaryManifestSha =
    facts.headFiles[`${primaryDir}/manifest.json`] ?? facts.baseFiles[`${primaryDir}/manifest.json`];
  const isRollbackArchive =
    isObject(bm.release) &&
    bm.release.type === 'rollback' &&
    primaryManifestSha !== undefined &&
    primaryManifestSha !== manifestSha;
  const dir = isRollbackArchive
    ? rollbackArchiveFolder(places.archiveDir, bm.name, bm.version, manifestDigest(bm))
    : primaryDir;
  const s: Superseded = {
    bm: bm as Superseded['bm'],
    baseManifestFile: baseManifest.file,
    headVersion,
    dir,
    primaryDir,
    isRollbackArchive,
    manifestSha,
    reportSha,
    fix: `run ${mlgovCommand(ctx, `archive --base ${ctx.base.ref}`)} and commit ${dir}/`,
  };
  details.expectedArchive = dir;
  const findings: Finding[] = [];
  if (isRollbackArchive) {
    details.restores = primaryDir;
    findings.push(...judgeRestoration(ctx, facts, bm, primaryDir, reportSha, ctx.base.ref));
  }
  const present = ARCHIVE_FILES.filter((f) => facts.headFiles[`${dir}/${f}`] !== undefined);
  if (present.length === 0) {
    findings.push(
      error(
        'ARCHIVE_MISSING',
        `the base release ${bm.name} ${bm.version}${isRollbackArchive ? ` (a rollback restoring ${primaryDir}/)` : ''} is replaced by ${String(headVersion)} but is not archived: ${dir}/ is not in this change`,
        { ...at(ctx.manifest, '/version'), fix: s.fix },
      ),
    );
    return findings;
  }
  return [...findings, ...archiveContentFindings(ctx, facts, places, s)];
}

/** Rule 1, for an archive that is there: every file present, byte copies of the base, checksums, index, logged. */
function archiveContentFindings(ctx: ReleaseContext, facts: Facts, places: Places, s: Superseded): Finding[] {
  const { bm, dir, fix } = s;
  const findings: Finding[] = [];
  for (const name of ARCHIVE_FILES) {
    if (name === 'bias-report.json' && s.reportSha === undefined) continue;
    const path = `${dir}/${name}`;
    if (facts.headFiles[path] === undefined) {
      findings.push(
        error('ARCHIVE_FILE_MISSING', `${path} is missing from the archive of ${bm.name} ${bm.version}`, {
          file: path,
          fix,
        }),
      );
    }
  }
  const baseReportFile = ctx.base.kind === 'found' ? ctx.base.biasReport?.file : undefined;
  findings.push(...byteCopyFinding(ctx, facts, dir, 'manifest.json', s.manifestSha, s.baseManifestFile));
  findings.push(...byteCopyFinding(ctx, facts, dir, 'bias-report.json', s.reportSha, baseReportFile ?? 'bias report'));
  const expected = expectedChecksums(bm, dir, s.manifestSha, s.reportSha);
  findings.push(...judgeChecksums(facts, `${dir}/checksums.sha256`, expected, fix));
  findings.push(...judgeEvidenceIndex(facts, dir, bm, expected, fix));
  if (facts.baseFiles[`${dir}/manifest.json`] === undefined && facts.headAuditLog !== undefined) {
    // A broken log is reported by rule 3; only an intact one can tell that an event is missing.
    const v = verifyAuditLog(facts.headAuditLog);
    if (v.ok && !isArchiveLogged(v.events, bm.name, bm.version, dir)) {
      findings.push(
        warning(
          'ARCHIVE_NOT_LOGGED',
          `the audit log has no "archive" event for ${bm.name} ${bm.version} in ${dir}/: the archive was not made with mlgov archive`,
          {
            file: places.logPath,
            fix: `run ${mlgovCommand(ctx, `archive --base ${baseRefOf(ctx)}`)} (it appends the missing event and changes nothing else)`,
          },
        ),
      );
    }
  }
  return findings;
}

/** An archived copy that is not the base's bytes. */
function byteCopyFinding(
  ctx: ReleaseContext,
  facts: Facts,
  dir: string,
  name: string,
  want: string | undefined,
  from: string,
): Finding[] {
  const have = facts.headFiles[`${dir}/${name}`];
  if (have === undefined || have === want) return [];
  if (want === undefined) {
    // The base release had no such file (a release without a bias report): a copy of nothing is a made-up record.
    return [
      error(
        'ARCHIVE_MISMATCH',
        `${dir}/${name} is in the archive, but the base release has no ${from} to copy: an archive holds only copies of the base's files`,
        {
          file: `${dir}/${name}`,
          fix: `remove ${dir}/${name} from this change: mlgov archive copies only what the base release has`,
        },
      ),
    ];
  }
  return [
    error(
      'ARCHIVE_MISMATCH',
      `${dir}/${name} is not a byte copy of the base's ${from} (sha256 ${have}, base ${want})`,
      {
        file: `${dir}/${name}`,
        fix: `archived files are copies, never edited: restore with git checkout ${ctx.base.kind === 'found' ? ctx.base.ref : 'main'} -- ${dir} or re-run mlgov archive`,
      },
    ),
  ];
}

/** Rule 2: nothing under the archive directory on the base changes or vanishes (the log is rule 3's). */
function writeOnceFindings(
  ctx: ReleaseContext,
  policy: Policy,
  facts: Facts,
  places: Places,
): { findings: Finding[]; changed: number } {
  const findings: Finding[] = [];
  for (const [path, sha] of Object.entries(facts.baseFiles)) {
    if (path === places.logPath) continue;
    const now = facts.headFiles[path];
    const fix = `restore it: git checkout ${baseRefOf(ctx)} -- ${path}`;
    if (now === undefined) {
      if (facts.unreadable?.[path] !== undefined) continue;
      findings.push(
        error(
          'EVIDENCE_DELETED',
          `${path} exists on the base but was deleted; archived evidence is kept for ${policy.evidence.retentionYears} years and never removed`,
          { file: path, fix },
        ),
      );
    } else if (now !== sha) {
      findings.push(
        error(
          'EVIDENCE_MODIFIED',
          `${path} differs from the base (sha256 ${now}, base ${sha}); archived evidence is write-once`,
          { file: path, fix },
        ),
      );
    }
  }
  return { findings, changed: findings.length };
}

/** Rule 3: the working tree's audit log verifies, and the base's log is a prefix of it. */
function auditLogFindings(ctx: ReleaseContext, facts: Facts, places: Places, details: EvidenceDetails): Finding[] {
  const { logPath } = places;
  const findings: Finding[] = [];
  if (facts.headAuditLog !== undefined) {
    const v = verifyAuditLog(facts.headAuditLog);
    details.auditLogEvents = v.events.length;
    if (!v.ok) {
      findings.push(
        error('AUDIT_LOG_BROKEN', `${logPath} does not verify: ${v.break.message}`, {
          file: logPath,
          line: v.break.line,
          column: 1,
          fix: 'the log is append-only: restore the original lines from the base branch and append new events only with mlgov',
        }),
      );
    }
  }
  if (facts.baseAuditLog === undefined) return findings;
  if (facts.headAuditLog === undefined) {
    findings.push(
      error('AUDIT_LOG_DELETED', `${logPath} exists on the base but was deleted`, {
        file: logPath,
        fix: `restore it: git checkout ${baseRefOf(ctx)} -- ${logPath}`,
      }),
    );
    return findings;
  }
  const grew = findLogRewrite(facts.baseAuditLog, facts.headAuditLog);
  if (!grew.grewOnly) {
    findings.push(
      error(
        'AUDIT_LOG_REWRITTEN',
        `${logPath} line ${grew.line} differs from the base's log; the log may only grow (the base's log must be a prefix of this one)`,
        {
          file: logPath,
          line: grew.line,
          column: 1,
          fix: `restore the base's lines (git checkout ${baseRefOf(ctx)} -- ${logPath}) and append new events only with mlgov`,
        },
      ),
    );
  }
  return findings;
}

type Facts = NonNullable<ReleaseContext['evidence']>;

/** What the archive's `checksums.sha256` must record, line for line: the release's artifacts, then the two copies. */
function expectedChecksums(
  bm: Partial<Manifest>,
  dir: string,
  manifestSha: string | undefined,
  reportSha: string | undefined,
): Map<string, string> {
  const want = new Map<string, string>();
  for (const a of Array.isArray(bm.artifacts) ? bm.artifacts : []) {
    if (isObject(a) && typeof a.path === 'string') want.set(a.path, String(a.sha256));
  }
  if (manifestSha !== undefined) want.set(`${dir}/manifest.json`, manifestSha);
  if (reportSha !== undefined) want.set(`${dir}/bias-report.json`, reportSha);
  return want;
}

/**
 * The PR's checksum record of the new archive matches the base release line for line: every expected path once,
 * with the digest the base declared (or the copy's bytes), and nothing else. An empty or partial record would let a
 * later `mlgov rollback` restore files no digest covers.
 */
function judgeChecksums(facts: Facts, sumsPath: string, want: Map<string, string>, fix: string): Finding[] {
  const sums = facts.checksumRecords?.[sumsPath];
  if (sums === undefined) return [];
  const out: Finding[] = [];
  const parsed = parseChecksums(sums);
  for (const line of parsed.invalid) {
    out.push(
      error('ARCHIVE_CHECKSUMS_MALFORMED', `${sumsPath} line ${line} is not "<sha256 hex>  <path>"`, {
        file: sumsPath,
        line,
        fix,
      }),
    );
  }
  const seen = new Set<string>();
  for (const e of parsed.entries) {
    const expected = want.get(e.path);
    if (expected !== undefined && e.sha256 !== expected) {
      out.push(
        error(
          'ARCHIVE_CHECKSUMS_MISMATCH',
          `${sumsPath} records ${e.sha256} for ${e.path}, but the base release has ${expected}`,
          { file: sumsPath, line: e.line, fix },
        ),
      );
    } else if (expected === undefined || seen.has(e.path)) {
      out.push(
        error(
          'ARCHIVE_CHECKSUMS_EXTRA',
          `${sumsPath} line ${e.line} names ${e.path}${seen.has(e.path) ? ' a second time' : ', which is not a file of the archived release'}`,
          { file: sumsPath, line: e.line, fix },
        ),
      );
    }
    seen.add(e.path);
  }
  for (const path of want.keys()) {
    if (!seen.has(path)) {
      out.push(
        error('ARCHIVE_CHECKSUMS_INCOMPLETE', `${sumsPath} has no line for the base release's file ${path}`, {
          file: sumsPath,
          fix,
        }),
      );
    }
  }
  return out;
}

/** The archive's `evidence.json` indexes exactly that archive: its model, manifest digest, files and artifacts. */
function judgeEvidenceIndex(
  facts: Facts,
  dir: string,
  bm: Partial<Manifest>,
  checksums: Map<string, string>,
  fix: string,
): Finding[] {
  const path = `${dir}/evidence.json`;
  const text = facts.evidenceRecords?.[path];
  if (text === undefined) return [];
  const doc = parseJsonDocument(path, Buffer.from(text));
  const index = doc.value;
  if (!isObject(index) || doc.problems.length > 0) {
    return [
      error('ARCHIVE_EVIDENCE_INVALID', `${path} is not a JSON object as mlgov archive writes it`, {
        file: path,
        ...(doc.problems[0]?.line !== undefined ? { line: doc.problems[0].line } : {}),
        fix,
      }),
    ];
  }
  const out: Finding[] = [];
  const mismatch = (ptr: string, what: string) =>
    out.push(error('ARCHIVE_EVIDENCE_MISMATCH', `${path} ${what}`, { ...at(doc, ptr), fix }));
  const model = isObject(index['model']) ? index['model'] : {};
  if (model['name'] !== bm.name || model['version'] !== bm.version) {
    mismatch(
      '/model',
      `indexes ${String(model['name'])} ${String(model['version'])}, not ${String(bm.name)} ${String(bm.version)}`,
    );
  }
  if (index['manifestDigest'] !== manifestDigest(bm)) {
    mismatch(
      '/manifestDigest',
      `records manifestDigest ${String(index['manifestDigest'])}; the base release has ${manifestDigest(bm)}`,
    );
  }
  const fileKey = (f: unknown) => (isObject(f) ? `${String(f['path'])}\u0000${String(f['sha256'])}` : '?');
  const wantFiles = ['manifest.json', 'bias-report.json', 'checksums.sha256']
    .filter((n) => facts.headFiles[`${dir}/${n}`] !== undefined)
    .map((n) => `${dir}/${n}\u0000${facts.headFiles[`${dir}/${n}`]}`);
  if (!sameSet((Array.isArray(index['files']) ? index['files'] : []).map(fileKey), wantFiles)) {
    mismatch('/files', `does not list the archive's files with their digests (${wantFiles.length} expected)`);
  }
  const artifacts = [...checksums].filter(([p]) => !p.startsWith(`${dir}/`)).map(([p, sha]) => `${p}\u0000${sha}`);
  if (!sameSet((Array.isArray(index['artifacts']) ? index['artifacts'] : []).map(fileKey), artifacts)) {
    mismatch('/artifacts', `does not list the base release's artifacts with the digests it declared`);
  }
  return out;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && new Set(a).size === a.length && b.every((x) => a.includes(x));
}

/**
 * A PR may add to the archive directory only the archive of the release it supersedes (and the audit log's new
 * lines): an archive of a version the base never released, or files beside a real archive, are claims of evidence
 * nobody archived. One finding per folder (at most 20), so a PR with many files cannot flood the report.
 */
function unexpectedArchives(facts: Facts, ctx: ReleaseContext, expectedDir: string | undefined): Finding[] {
  const logPath = `${facts.archiveDir}/${AUDIT_LOG_FILE}`;
  const neighbours = new Set(ctx.archiveNeighbours ?? []);
  const byFolder = new Map<string, string[]>();
  for (const path of Object.keys(facts.headFiles)) {
    if (path === logPath || facts.baseFiles[path] !== undefined) continue;
    // Another governed model's archive folder is that model's evidence, judged by its own gate.
    if (neighbours.has(path.slice(facts.archiveDir.length + 1).split('/')[0]!)) continue;
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (expectedDir && path === `${expectedDir}/${name}` && (ARCHIVE_FILES as readonly string[]).includes(name))
      continue;
    const parts = path.slice(facts.archiveDir.length + 1).split('/');
    const folder = `${facts.archiveDir}/${parts.slice(0, Math.min(2, parts.length - 1)).join('/')}`.replace(/\/$/, '');
    const list = byFolder.get(folder);
    if (list) list.push(path);
    else byFolder.set(folder, [path]);
  }
  const released = new Set(ctx.evidence?.baseArchivedVersions ?? []);
  const out: Finding[] = [];
  for (const [folder, paths] of [...byFolder].sort().slice(0, 20)) {
    const [, model, version] = folder.slice(facts.archiveDir.length).split('/');
    const never =
      version !== undefined && !released.has(version) && `${facts.archiveDir}/${model}/${version}` !== expectedDir;
    out.push(
      error(
        'ARCHIVE_UNEXPECTED',
        never
          ? `${folder}/ is added as the archive of ${String(model)} ${version}, a release the base never had (${paths.length} file(s), e.g. ${paths[0]}); only the superseded base release ${expectedDir ? `(${expectedDir}/) ` : ''}is archived by a change`
          : `${paths[0]}${paths.length > 1 ? ` and ${paths.length - 1} more file(s)` : ''} added under ${folder}/ ${expectedDir ? `are not the archive of the superseded release (${expectedDir}/: ${ARCHIVE_FILES.join(', ')})` : 'although this change supersedes no release'}`,
        {
          file: paths[0]!,
          fix: `remove ${folder}/ from this change: archives are written by mlgov archive from the production branch, never by hand`,
        },
      ),
    );
  }
  if (byFolder.size > 20) {
    out.push(
      error(
        'ARCHIVE_UNEXPECTED',
        `${byFolder.size - 20} more folder(s) under ${facts.archiveDir}/ add files no release archived`,
        {
          file: facts.archiveDir,
          fix: 'remove them from this change',
        },
      ),
    );
  }
  return out;
}

/**
 * A rollback release archived beside the primary archive of its version must restore it: the same artifacts (path
 * and sha256, as the primary `checksums.sha256` records them) and the same bias report bytes.
 */
function judgeRestoration(
  ctx: Pick<ReleaseContext, 'governedName'>,
  facts: NonNullable<ReleaseContext['evidence']>,
  bm: Partial<Manifest>,
  primaryDir: string,
  reportSha: string | undefined,
  baseRef: string,
): Finding[] {
  const out: Finding[] = [];
  const sumsPath = `${primaryDir}/checksums.sha256`;
  const fix = `a rollback restores an archived release unchanged: make it with ${mlgovCommand(ctx, `rollback --to ${String(bm.version)}`)} (on ${baseRef}); a changed model needs a new version`;
  const sums = facts.checksumRecords?.[sumsPath];
  if (sums !== undefined) {
    const archived = new Map(
      parseChecksums(sums)
        .entries.filter((e) => !e.path.startsWith(`${primaryDir}/`))
        .map((e) => [e.path, e.sha256]),
    );
    const declared = new Map<string, unknown>();
    for (const a of Array.isArray(bm.artifacts) ? bm.artifacts : [])
      if (isObject(a)) declared.set(String(a.path), a.sha256);
    const differing = [...new Set([...archived.keys(), ...declared.keys()])]
      .filter((p) => archived.get(p) !== declared.get(p))
      .sort();
    if (differing.length > 0) {
      out.push(
        error(
          'ARCHIVE_ROLLBACK_DIFFERS',
          `the base release ${String(bm.name)} ${String(bm.version)} is a rollback, but its artifacts are not those ${sumsPath} records (${differing
            .map(
              (p) =>
                `${p}: ${String(declared.get(p) ?? 'not in the release')} vs archived ${archived.get(p) ?? 'none'}`,
            )
            .join('; ')})`,
          { file: sumsPath, fix },
        ),
      );
    }
  }
  const archivedReport = facts.headFiles[`${primaryDir}/bias-report.json`];
  if (archivedReport !== undefined && reportSha !== undefined && archivedReport !== reportSha) {
    out.push(
      error(
        'ARCHIVE_ROLLBACK_DIFFERS',
        `the base release ${String(bm.name)} ${String(bm.version)} is a rollback, but its bias report (sha256 ${reportSha}) is not ${primaryDir}/bias-report.json (sha256 ${archivedReport})`,
        { file: `${primaryDir}/bias-report.json`, fix },
      ),
    );
  }
  return out;
}

/** The `evidence` check: write-once archive and append-only, hash-chained audit log. */
export const evidenceCheck: Check<'evidence'> = {
  id: 'evidence',
  title:
    'superseded release archived byte-identically; archived evidence unchanged; audit log intact and only appended',
  needs: ['manifest'],
  run(ctx, policy) {
    const { findings, summary, details } = runEvidence(ctx, policy);
    return { id: 'evidence', status: statusOf(findings), summary, findings, details };
  },
};
