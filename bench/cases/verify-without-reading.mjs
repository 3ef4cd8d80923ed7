// What mlgov verifies without reading the bytes:
//  - Git LFS: 10 GiB of LFS-tracked weights judged from the pointer in the index (the working tree holds a sparse
//    10 GiB stand-in for the smudged object, recorded as stat-clean by git through a clean filter that answers with
//    the pointer, as git-lfs's does; git-lfs itself need not be installed). The content is never read, so it need not
//    match the oid: the case proves the judgement does not touch it.
//  - The hash cache: the 64 x 32 MiB set judged again by an unchanged working tree (a PR author's repeated
//    `mlgov checksums` / `mlgov check`), with the cache in the set's own .git.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, ftruncateSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareContenders } from '../lib/measure.mjs';

const GiB = 1024 * 1024 * 1024;
const LFS_SIZE = 10 * GiB;
/** A made-up oid: the stand-in's bytes (zeros) are never read, which is the point of the case. */
const LFS_OID = 'f'.repeat(8) + '0'.repeat(48) + '1badcafe';

function git(dir, ...args) {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.test',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.test',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
}

/** The repository: `model/weights/model.bin` (10 GiB, sparse) tracked by LFS, committed, stat-clean. */
function prepareLfsRepo(tmpRoot) {
  const dir = join(tmpRoot, 'lfs-10g');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'model', 'weights'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${LFS_OID}\nsize ${LFS_SIZE}\n`;
  writeFileSync(join(dir, '.git', 'bench-pointer'), pointer);
  // The clean filter answers with the pointer without reading its input (git tolerates the closed pipe).
  git(dir, 'config', 'filter.lfs.clean', `cat ${join(dir, '.git', 'bench-pointer')}`);
  writeFileSync(join(dir, '.gitattributes'), '*.bin filter=lfs diff=lfs merge=lfs -text\n');
  const weights = join(dir, 'model', 'weights', 'model.bin');
  const fd = openSync(weights, 'w');
  ftruncateSync(fd, LFS_SIZE);
  closeSync(fd);
  // As after a checkout: the file is older than the index git writes next (not "racily clean").
  const past = new Date(Date.now() - 60_000);
  utimesSync(weights, past, past);
  const manifest = {
    schemaVersion: '1.0',
    name: 'bench-lfs-model',
    version: '1.0.0',
    artifacts: [{ path: 'model/weights/model.bin', sha256: LFS_OID, size: LFS_SIZE }],
  };
  writeFileSync(join(dir, 'model', 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'weights via LFS');
  return dir;
}

/** Throws unless every file was verified the way the case is about (a fast answer by another route is not one). */
function expectVerified(r, by) {
  if (r.code !== 0) throw new Error(`mlgov checksums exited ${r.code}: ${r.stderr}`);
  const files = JSON.parse(r.stdout).verification?.files ?? [];
  const other = files.filter((f) => f.verifiedBy !== by);
  if (files.length === 0 || other.length > 0)
    throw new Error(`expected every file verified by ${by}, got ${JSON.stringify(other.slice(0, 3))}`);
}

export async function runLfsCase({ tmpRoot, cliPath, node, log, quick }) {
  const dir = prepareLfsRepo(tmpRoot);
  log(`  10 GiB tracked by Git LFS (sparse stand-in, pointer in the index) in ${dir}`);
  const measured = await compareContenders(
    [
      {
        name: 'mlgov checksums (LFS pointer in the index)',
        cmd: node,
        args: [cliPath, 'checksums', '--repo', dir, '--format', 'json'],
        check: (r) => expectVerified(r, 'lfs-index'),
      },
    ],
    { runs: quick ? 1 : 3 },
  );
  for (const [name, m] of Object.entries(measured)) log(`    ${name} ${(m.wallMs.median / 1000).toFixed(2)} s`);
  return { label: '10 GiB tracked by Git LFS', bytes: LFS_SIZE, contenders: measured };
}

export async function runCacheCase({ cliPath, node, log, quick, set }) {
  if (!existsSync(join(set.dir, '.git'))) git(set.dir, 'init', '-q', '-b', 'main');
  rmSync(join(set.dir, '.git', 'mlgov'), { recursive: true, force: true });
  // The cache is for local runs: CI is unset for these contenders only.
  const env = { ...process.env, CI: '' };
  const args = [cliPath, 'checksums', '--repo', set.dir, '--format', 'json'];
  log(`  ${set.label} again with the hash cache (one cold run first)`);
  const cold = await compareContenders(
    [
      {
        name: 'mlgov checksums (cold: hashes, records)',
        cmd: node,
        args,
        env,
        check: (r) => expectVerified(r, 'hashed'),
      },
    ],
    { runs: 1 },
  );
  const warm = await compareContenders(
    [
      {
        name: 'mlgov checksums (hash cache warm)',
        cmd: node,
        args,
        env,
        check: (r) => expectVerified(r, 'hash-cache'),
      },
    ],
    { runs: quick ? 1 : 3 },
  );
  const measured = { ...cold, ...warm };
  for (const [name, m] of Object.entries(measured)) log(`    ${name} ${(m.wallMs.median / 1000).toFixed(2)} s`);
  return { label: `${set.label}, unchanged since the last run`, bytes: set.count * set.size, contenders: measured };
}
