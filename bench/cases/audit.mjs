// `mlgov audit` over a history of N releases (250 and 1,000: the growth must be linear). The history is written
// with `git fast-import`: each release is one commit on main carrying the new manifest and bias report, the
// archive of the release it supersedes (byte copies, checksums.sha256, evidence.json, as `mlgov archive` writes them)
// and the audit-log events (archive, promote) chained as src/evidence/hash-chain.ts documents.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { compareContenders, loadAverage, runTimed } from '../lib/measure.mjs';
import {
  buildRelease,
  DAY,
  digestWithoutApprovals,
  fastImport,
  git,
  initRepository,
  iso,
  POLICY_YAML,
  sha256Hex,
} from '../lib/git-fixture.mjs';

const GENESIS_HASH = '0'.repeat(64);
const START = Date.parse('2021-01-04T09:00:00Z');
/** Releases are spread one a day: 1,000 releases cover 2021-01..2023-09. */
const RELEASE_SPACING_MS = DAY;

function versionOf(i) {
  return `${1 + Math.floor(i / 100)}.${Math.floor(i / 10) % 10}.${i % 10}`;
}

function chain(state, body) {
  const event = { seq: state.seq + 1, ...body, prevHash: state.prevHash };
  const hash = sha256Hex(state.prevHash + '\n' + canonicalize(event));
  state.seq += 1;
  state.prevHash = hash;
  state.text += JSON.stringify({ ...event, hash }) + '\n';
}

function archiveOf(prev, archivedAt, sourceCommitPlaceholder) {
  const dir = `artifacts/fraud-detection/${prev.manifest.version}`;
  const checksums =
    prev.manifest.artifacts.map((a) => `${a.sha256}  ${a.path}`).join('\n') +
    `\n${sha256Hex(prev.manifestText)}  ${dir}/manifest.json\n${sha256Hex(prev.reportText)}  ${dir}/bias-report.json\n`;
  const files = [
    { name: 'manifest.json', text: prev.manifestText },
    { name: 'bias-report.json', text: prev.reportText },
    { name: 'checksums.sha256', text: checksums },
  ];
  const evidence = {
    schemaVersion: '1.0',
    model: { name: prev.manifest.name, version: prev.manifest.version },
    release: prev.manifest.release,
    source: {
      gitCommit: sourceCommitPlaceholder,
      manifest: 'model/manifest.json',
      biasReport: 'reports/latest-bias-report.json',
    },
    jira: prev.manifest.jira,
    manifestDigest: digestWithoutApprovals(prev.manifest),
    reportDigest: digestWithoutApprovals(prev.report),
    approvals: prev.manifest.approvals,
    biasReportApprovals: prev.report.approvals,
    files: files.map((f) => ({
      name: f.name,
      path: `${dir}/${f.name}`,
      sha256: sha256Hex(f.text),
      size: Buffer.byteLength(f.text),
    })),
    artifacts: prev.manifest.artifacts,
    archivedAt: iso(archivedAt),
    archivedBy: 'release-bot',
    tool: { name: 'mlgov', version: '1.0.0' },
    retention: { years: 5, until: iso(archivedAt + 5 * 365 * DAY).slice(0, 10) },
  };
  const out = Object.fromEntries(files.map((f) => [`${dir}/${f.name}`, f.text]));
  out[`${dir}/evidence.json`] = JSON.stringify(evidence, null, 2) + '\n';
  return { dir, files: out, manifestDigest: evidence.manifestDigest };
}

/** A repository whose main branch holds `releases` releases (plus the commit with the training code). */
export function buildAuditRepository(dir, releases) {
  initRepository(dir);
  const [codeCommit] = fastImport(dir, 'main', [
    {
      message: 'Training code',
      time: Math.floor(START / 1000) - 86400,
      files: { 'train.py': 'print("training code")\n', '.github/governance-policy.yml': POLICY_YAML },
    },
  ]);
  const log = { seq: 0, prevHash: GENESIS_HASH, text: '' };
  const commits = [];
  let prev;
  for (let i = 0; i < releases; i++) {
    const at = START + i * RELEASE_SPACING_MS;
    const version = versionOf(i);
    const weights = { path: 'model/weights/model.onnx', bytes: Buffer.from(`weights of ${version}\n`.repeat(64)) };
    const release = buildRelease({
      version,
      artifacts: [weights],
      now: at,
      codeCommit,
      mae: 60 - i * 0.01,
      type: i === 0 ? 'initial' : 'promotion',
    });
    const files = {
      'model/manifest.json': release.manifestText,
      'reports/latest-bias-report.json': release.reportText,
      [weights.path]: weights.bytes,
    };
    if (prev) {
      // The source commit of an archive is the previous release's commit; fast-import assigns ids, so the
      // evidence names the commit by its mark-derived position (a fixed placeholder per release).
      const archive = archiveOf(prev, at, sha256Hex(`commit-${i - 1}`).slice(0, 40));
      Object.assign(files, archive.files);
      chain(log, {
        at: iso(at),
        actor: 'release-bot',
        action: 'archive',
        model: 'fraud-detection',
        version: prev.manifest.version,
        reason: null,
        ticket: prev.manifest.jira,
        details: { dir: archive.dir, manifestDigest: archive.manifestDigest },
      });
    }
    chain(log, {
      at: iso(at + 60_000),
      actor: 'release-bot',
      action: 'promote',
      model: 'fraud-detection',
      version,
      reason: release.manifest.release.reason,
      ticket: release.manifest.jira,
    });
    files['artifacts/audit-log.jsonl'] = log.text;
    commits.push({
      message: `${release.manifest.jira} Release fraud-detection ${version}`,
      time: Math.floor(at / 1000),
      files,
    });
    prev = release;
  }
  fastImport(dir, 'main', commits, { parentRef: codeCommit });
  git(dir, 'checkout', '-q', '-f', 'main');
  return { since: iso(START - DAY).slice(0, 10), until: iso(START + releases * RELEASE_SPACING_MS + DAY).slice(0, 10) };
}

export async function runAuditCase({ tmpRoot, cliPath, node, log, quick, sizes = [250, 1000] }) {
  const results = {};
  for (const releases of sizes) {
    const dir = join(tmpRoot, `audit-${releases}`);
    const started = Date.now();
    const period = buildAuditRepository(dir, releases);
    log(`  built ${releases} releases in ${Date.now() - started} ms`);
    const outDir = join(tmpRoot, `audit-${releases}-out`);
    const args = [
      cliPath,
      'audit',
      '--repo',
      dir,
      '--since',
      period.since,
      '--until',
      period.until,
      '--out',
      outDir,
      '--format',
      'json',
    ];
    // One probe run first: the command may not have landed in this build yet, and a slow audit gets fewer runs.
    rmSync(outDir, { recursive: true, force: true });
    const probe = await runTimed(node, args, { capture: true });
    if (/not (yet )?available/i.test(probe.stderr ?? '')) {
      log(`  mlgov audit is not available in this build: ${probe.stderr.trim()}`);
      return { available: false, message: probe.stderr.trim(), sizes };
    }
    if (probe.code === null || probe.code > 1) {
      throw new Error(`mlgov audit failed on ${releases} releases (exit ${probe.code}): ${probe.stderr}`);
    }
    const runs = quick || probe.wallMs > 15_000 ? 1 : 3;
    // The bundle is write-once (audit refuses a --out that holds one): every run writes into an empty folder.
    const measured = await compareContenders([{ name: `mlgov audit (${releases} releases)`, cmd: node, args }], {
      before: () => rmSync(outDir, { recursive: true, force: true }),
      runs,
    });
    const m = Object.values(measured)[0];
    // A refused run (exit 2) would time the refusal, not the audit.
    if (m.exitCodes.some((code) => code === null || code > 1)) {
      throw new Error(
        `mlgov audit did not complete every run on ${releases} releases (exits ${m.exitCodes.join(', ')})`,
      );
    }
    log(
      `    ${releases} releases: ${(m.wallMs.median / 1000).toFixed(2)} s  rss ${m.maxRssKiB ?? '?'} KiB  exit ${m.exitCodes.join(',')}`,
    );
    results[releases] = {
      probe: { wallMs: probe.wallMs, exitCode: probe.code, stdoutHead: (probe.stdout ?? '').slice(0, 400) },
      ...m,
    };
  }
  const [a, b] = sizes;
  const growth = results[b].wallMs.median / results[a].wallMs.median;
  return { available: true, sizes, results, growth, sizeRatio: b / a, loadAverage: loadAverage() };
}
