// The whole gate, `mlgov check --offline`, on a repository with 100 artifacts and 1,000 commits of history.
// Hashing is taken out by making every artifact tiny (100 bytes: the gate minus hashing); the same gate with
// 100 x 256 KiB artifacts and `mlgov checksums` alone on those show what hashing adds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareContenders, loadAverage } from '../lib/measure.mjs';
import { buildRelease, DAY, fastImport, git, initRepository, POLICY_YAML } from '../lib/git-fixture.mjs';

const HISTORY_COMMITS = 1000;
const ARTIFACTS = 100;

function artifactSet(size, salt) {
  return Array.from({ length: ARTIFACTS }, (_, i) => {
    const bytes = Buffer.alloc(size);
    for (let o = 0; o < size; o += 4)
      bytes.writeUInt32LE((i * 2654435761 + o * 40503 + salt) >>> 0, Math.min(o, size - 4));
    return { path: `model/weights/part-${String(i).padStart(3, '0')}.bin`, bytes };
  });
}

function releaseFiles(release, artifacts) {
  const files = {
    '.github/governance-policy.yml': POLICY_YAML,
    'model/manifest.json': release.manifestText,
    'reports/latest-bias-report.json': release.reportText,
  };
  for (const a of artifacts) files[a.path] = a.bytes;
  return files;
}

function writeFiles(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
}

/**
 * main: 999 commits of training code, then the production release 2.3.0 (commit 1,000); branch `release`: the
 * challenger 2.4.0 with the base release archived by `mlgov archive` itself (real archive files and audit event).
 */
async function buildCheckRepository({ dir, artifactSize, cliPath, node }) {
  initRepository(dir);
  const now = Date.now();
  const t0 = Math.floor(now / 1000) - HISTORY_COMMITS * 3600 - 10 * 86400;
  const code = [];
  // 998 code commits + the base release + the challenger = HISTORY_COMMITS commits on the release branch.
  for (let i = 0; i < HISTORY_COMMITS - 2; i++) {
    code.push({
      message: `Training code change ${i}`,
      time: t0 + i * 3600,
      files: {
        'train.py': `# revision ${i}\nprint("training code")\n`,
        [`features/feature_${i % 50}.py`]: `FEATURE = ${i}\n`,
      },
    });
  }
  const codeShas = fastImport(dir, 'main', code);
  const codeCommit = codeShas[codeShas.length - 1];
  const baseArtifacts = artifactSet(artifactSize, 1);
  const base = buildRelease({ version: '2.3.0', artifacts: baseArtifacts, now: now - 5 * DAY, codeCommit, mae: 44.0 });
  fastImport(
    dir,
    'main',
    [
      {
        message: 'Release fraud-detection 2.3.0',
        time: t0 + HISTORY_COMMITS * 3600,
        files: releaseFiles(base, baseArtifacts),
      },
    ],
    {
      parentRef: 'refs/heads/main^0',
    },
  );
  git(dir, 'checkout', '-q', '-f', 'main');
  git(dir, 'checkout', '-q', '-b', 'release');
  // The challenger: new weights, better backtest, approvals bound to its digest.
  const headArtifacts = artifactSet(artifactSize, 2);
  const head = buildRelease({ version: '2.4.0', artifacts: headArtifacts, now, codeCommit, mae: 40.0 });
  writeFiles(dir, releaseFiles(head, headArtifacts));
  const archived = await compareContenders(
    [
      {
        name: 'archive',
        cmd: node,
        args: [cliPath, 'archive', '--repo', dir, '--base', 'main', '--actor', 'release-bot'],
        check: () => undefined,
      },
    ],
    { runs: 1 },
  );
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', `${head.manifest.jira} Promote fraud-detection 2.4.0`);
  const commits = Number(git(dir, 'rev-list', '--count', 'HEAD').trim());
  return { commits, archiveExitCodes: archived.archive.exitCodes };
}

function checkContender(name, dir, cliPath, node, results) {
  return {
    name,
    cmd: node,
    args: [cliPath, 'check', '--repo', dir, '--base', 'main', '--offline', '--format', 'json'],
    check: (r) => {
      if (r.code === null || r.code > 2 || !r.stdout)
        throw new Error(`mlgov check crashed (exit ${r.code}): ${r.stderr}`);
      const report = JSON.parse(r.stdout);
      results[name] = {
        exitCode: r.code,
        verdict: report.verdict,
        checks: Object.fromEntries((report.checks ?? []).map((c) => [c.id, c.status])),
      };
    },
  };
}

export async function runCheckCase({ tmpRoot, cliPath, node, log, quick }) {
  const tinyDir = join(tmpRoot, 'check-tiny');
  const smallDir = join(tmpRoot, 'check-small');
  const started = Date.now();
  const tiny = await buildCheckRepository({ dir: tinyDir, artifactSize: 100, cliPath, node });
  const small = await buildCheckRepository({ dir: smallDir, artifactSize: 256 * 1024, cliPath, node });
  log(`  built two repositories with ${tiny.commits} commits and ${ARTIFACTS} artifacts in ${Date.now() - started} ms`);
  const verdicts = {};
  const measured = await compareContenders(
    [
      checkContender('mlgov check (100 x 100 B: gate without hashing)', tinyDir, cliPath, node, verdicts),
      checkContender('mlgov check (100 x 256 KiB)', smallDir, cliPath, node, verdicts),
      {
        name: 'mlgov checksums (100 x 256 KiB: the hashing alone)',
        cmd: node,
        args: [cliPath, 'checksums', '--repo', smallDir, '--format', 'json'],
      },
    ],
    { runs: quick ? 1 : 5 },
  );
  for (const [name, m] of Object.entries(measured)) {
    log(
      `    ${name.padEnd(52)} ${m.wallMs.median.toFixed(0)} ms  rss ${m.maxRssKiB ?? '?'} KiB  exit ${m.exitCodes.join(',')}`,
    );
  }
  return {
    commits: tiny.commits,
    artifacts: ARTIFACTS,
    archiveExitCodes: { tiny: tiny.archiveExitCodes, small: small.archiveExitCodes },
    verdicts,
    contenders: measured,
    loadAverage: loadAverage(),
  };
}
