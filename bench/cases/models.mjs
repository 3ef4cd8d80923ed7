// Many models in one repository: `mlgov check --offline` on a repository governing 50 models, where the pull request
// promotes one of them, side by side with the same promotion in a one-model repository (target: at most 1.5x), and
// `mlgov check --all` judging all 50 (target: under 5 s).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareContenders } from '../lib/measure.mjs';
import { buildRelease, DAY, fastImport, git, initRepository, POLICY_YAML } from '../lib/git-fixture.mjs';

const MODELS = 50;
const TOUCHED = 7;

const nameOf = (i) => `model-${String(i).padStart(2, '0')}`;
const folderOf = (i, many) => (many ? `models/${nameOf(i)}` : 'model');
const reportOf = (i, many) => (many ? `models/${nameOf(i)}/bias-report.json` : 'reports/latest-bias-report.json');

function policyYaml(count) {
  if (count === 1) return POLICY_YAML;
  const entries = Array.from(
    { length: count },
    (_, i) =>
      `  - { name: ${nameOf(i)}, manifest: ${folderOf(i, true)}/manifest.json, biasReport: ${reportOf(i, true)} }`,
  );
  return POLICY_YAML.replace(/^model: .*$/m, ['model: { archiveDir: artifacts }', 'models:', ...entries].join('\n'));
}

function releaseOf(i, many, version, now, codeCommit, mae) {
  const artifacts = [
    { path: `${folderOf(i, many)}/weights/model.bin`, bytes: Buffer.from(`${nameOf(i)} ${version}\n`) },
  ];
  const release = buildRelease({
    version,
    artifacts,
    now,
    codeCommit,
    mae,
    name: many ? nameOf(i) : 'fraud-detection',
    reportPath: reportOf(i, many),
    jira: `MLGOV-${(i + 1) * 100 + Number(version.split('.')[1])}`,
  });
  const files = {
    [`${folderOf(i, many)}/manifest.json`]: release.manifestText,
    [reportOf(i, many)]: release.reportText,
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

/** main: every model at 1.0.0; branch `release`: model TOUCHED promoted to 1.1.0, its base release archived. */
export async function buildRepository({ dir, count, cliPath, node }) {
  initRepository(dir);
  const now = Date.now();
  const t0 = Math.floor(now / 1000) - 20 * 86400;
  const [codeCommit] = fastImport(dir, 'main', [
    { message: 'Training code', time: t0, files: { 'train.py': 'print("training code")\n' } },
  ]);
  const many = count > 1;
  const files = { '.github/governance-policy.yml': policyYaml(count) };
  for (let i = 0; i < count; i++) Object.assign(files, releaseOf(i, many, '1.0.0', now - 5 * DAY, codeCommit, 44.0));
  fastImport(dir, 'main', [{ message: 'Release every model 1.0.0', time: Math.floor((now - 4 * DAY) / 1000), files }], {
    parentRef: 'refs/heads/main^0',
  });
  git(dir, 'checkout', '-q', '-f', 'main');
  git(dir, 'checkout', '-q', '-b', 'release');
  const touched = many ? TOUCHED : 0;
  writeFiles(dir, releaseOf(touched, many, '1.1.0', now, codeCommit, 40.0));
  const archiveArgs = [cliPath, 'archive', '--repo', dir, '--base', 'main', '--actor', 'release-bot'];
  const archived = await compareContenders(
    [{ name: 'archive', cmd: node, args: many ? [...archiveArgs, '--model', nameOf(touched)] : archiveArgs }],
    { runs: 1 },
  );
  git(dir, 'add', '-A');
  git(
    dir,
    'commit',
    '-q',
    '-m',
    `MLGOV-${(touched + 1) * 100 + 1} Promote ${many ? nameOf(touched) : 'fraud-detection'} 1.1.0`,
  );
  return { archiveExitCodes: archived.archive.exitCodes };
}

function checkContender(name, dir, cliPath, node, extra, results) {
  return {
    name,
    cmd: node,
    args: [cliPath, 'check', '--repo', dir, '--base', 'main', '--offline', '--format', 'json', ...extra],
    check: (r) => {
      if (r.code === null || r.code > 2 || !r.stdout)
        throw new Error(`mlgov check crashed (exit ${r.code}): ${r.stderr}`);
      const out = JSON.parse(r.stdout);
      const reports = Array.isArray(out.models) ? out.models.map((m) => m.report) : [out];
      results[name] = {
        exitCode: r.code,
        judged: reports.length,
        verdicts: [...new Set(reports.map((x) => x.verdict))],
      };
    },
  };
}

export async function runModelsCase({ tmpRoot, cliPath, node, log, quick }) {
  const oneDir = join(tmpRoot, 'models-1');
  const manyDir = join(tmpRoot, `models-${MODELS}`);
  const started = Date.now();
  const one = await buildRepository({ dir: oneDir, count: 1, cliPath, node });
  const many = await buildRepository({ dir: manyDir, count: MODELS, cliPath, node });
  log(`  built a one-model and a ${MODELS}-model repository in ${Date.now() - started} ms`);
  const verdicts = {};
  const names = {
    one: 'mlgov check: one-model repository, the PR promotes it',
    touched: `mlgov check: ${MODELS} models, the PR promotes one`,
    all: `mlgov check --all: ${MODELS} models`,
  };
  const measured = await compareContenders(
    [
      checkContender(names.one, oneDir, cliPath, node, [], verdicts),
      checkContender(names.touched, manyDir, cliPath, node, [], verdicts),
      checkContender(names.all, manyDir, cliPath, node, ['--all'], verdicts),
    ],
    { runs: quick ? 1 : 5 },
  );
  for (const [name, m] of Object.entries(measured)) {
    log(`    ${name.padEnd(56)} ${m.wallMs.median.toFixed(0)} ms  exit ${m.exitCodes.join(',')}`);
  }
  return {
    models: MODELS,
    archiveExitCodes: { one: one.archiveExitCodes, many: many.archiveExitCodes },
    measured,
    verdicts,
    touchedRatio: measured[names.touched].wallMs.median / measured[names.one].wallMs.median,
    allMs: measured[names.all].wallMs.median,
  };
}
