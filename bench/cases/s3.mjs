// S3: what verifying an object in a bucket costs (docs/s3.md), against the loopback S3 of the tests
// (test/servers/s3-server.ts, bundled into bench/tmp/), which serves a 2 GiB object from memory in 1 MiB slices:
//  - by its stored checksum: `mlgov checksums` with a store trusted with its full-object SHA-256 sends HeadObject
//    only, so the time does not depend on the size (target < 1 s, the CLI's start included);
//  - streamed: the same object hashed as it arrives, against the AWS SDK's own GetObject of the same version fetched
//    and discarded (target ≥ 85 % of its throughput), with mlgov's peak resident memory < 150 MB.
// Both contenders read from the same server in this process, so the server's cost is on both sides.
//
//   node bench/cases/s3.mjs [--quick]    this case alone (bundles the CLI into bench/tmp/, never touches dist/)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compareContenders } from '../lib/measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const BUCKET = 'bench-models';
const KEY = 'fraud-detection/9.9.9/model.bin';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAMLGOVBENCH000001', AWS_SECRET_ACCESS_KEY: 'bench-secret-not-a-real-key' };

async function esbuild() {
  return import(pathToFileURL(join(ROOT, 'node_modules', 'esbuild', 'lib', 'main.js')).href);
}

/** The tests' loopback S3, bundled once into bench/tmp/ and imported into this process. */
async function loopbackS3(tmpRoot) {
  const out = join(tmpRoot, 's3-server.mjs');
  const { build } = await esbuild();
  await build({
    entryPoints: [join(ROOT, 'test/servers/s3-server.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'error',
  });
  const { startS3Server } = await import(pathToFileURL(out).href);
  return startS3Server();
}

/** The SDK's GetObject of one version, every byte read and dropped: the throughput mlgov's stream is held to. */
function writeRawGet(tmpRoot) {
  const file = join(tmpRoot, 's3-raw-get.mjs');
  writeFileSync(
    file,
    `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
const [endpoint, bucket, key, versionId, expected] = process.argv.slice(2);
const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, maxAttempts: 1,
  requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
let n = 0;
for await (const chunk of out.Body) n += chunk.length;
client.destroy();
if (n !== Number(expected)) { console.error('read ' + n + ' of ' + expected + ' bytes'); process.exit(1); }
`,
  );
  return file;
}

/** A repository whose manifest lists the object, pinned, and whose policy says how far the store is trusted. */
function prepareRepo(tmpRoot, name, url, size, sha256, trust) {
  const dir = join(tmpRoot, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'model'), { recursive: true });
  mkdirSync(join(dir, '.github'), { recursive: true });
  const policy = readFileSync(join(ROOT, '.github/governance-policy.yml'), 'utf8');
  writeFileSync(
    join(dir, '.github/governance-policy.yml'),
    `${policy}\ns3: { forcePathStyle: true, trustStoredChecksums: ${trust} }\n`,
  );
  const manifest = {
    schemaVersion: '1.0',
    name: 'bench-s3-model',
    version: '1.0.0',
    artifacts: [{ path: url, sha256, size }],
  };
  writeFileSync(join(dir, 'model/manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

/** Throws unless the object was verified the way the contender is about (a fast answer by another route is not one). */
function expectVerified(r, by) {
  if (r.code !== 0) throw new Error(`mlgov checksums exited ${r.code}: ${r.stderr}`);
  const files = JSON.parse(r.stdout).files ?? [];
  const got = files.map((f) => f.observed?.verifiedBy);
  if (got.length !== 1 || got[0] !== by)
    throw new Error(`expected the object verified by ${by}, got ${got.join(', ')}`);
}

export async function runS3Case({ tmpRoot, cliPath, node, log, quick }) {
  // 2 GiB less one byte: the loopback server hashes (MD5 ETag, SHA-256) its body in one call, which Node allows up to
  // 2^31 - 1 bytes.
  const size = quick ? 256 * MiB : 2 * GiB - 1;
  const server = await loopbackS3(tmpRoot);
  try {
    server.createBucket(BUCKET, { versioned: true });
    // Random 1 MiB repeated: the bytes are not all alike, and building 2 GiB stays quick.
    const block = randomBytes(MiB);
    const body = Buffer.allocUnsafe(size);
    for (let o = 0; o < size; o += MiB) block.copy(body, o);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256');
    for (let o = 0; o < size; o += 256 * MiB) hash.update(body.subarray(o, o + 256 * MiB));
    const sha256 = hash.digest('hex');
    const versionId = server.putObject(BUCKET, KEY, body, { checksum: 'full' });
    const url = `s3://${BUCKET}/${KEY}?versionId=${versionId}`;
    const label = size >= GiB ? `2 GiB object (${size} bytes)` : `${size / MiB} MiB object`;
    log(`  ${label} in the loopback S3 at ${server.url}`);
    const env = {
      ...process.env,
      ...CREDENTIALS,
      AWS_ENDPOINT_URL_S3: server.url,
      AWS_REGION: 'us-east-1',
      CI: 'true',
    };
    const trusted = prepareRepo(tmpRoot, 's3-trusted', url, size, sha256, true);
    const streamed = prepareRepo(tmpRoot, 's3-streamed', url, size, sha256, false);
    const stored = await compareContenders(
      [
        {
          name: 'mlgov checksums (stored full-object SHA-256)',
          cmd: node,
          args: [cliPath, 'checksums', '--repo', trusted, '--format', 'json'],
          env,
          check: (r) => expectVerified(r, 'stored-checksum'),
        },
      ],
      { runs: quick ? 1 : 5 },
    );
    const stream = await compareContenders(
      [
        {
          name: 'mlgov checksums (streamed)',
          cmd: node,
          args: [cliPath, 'checksums', '--repo', streamed, '--format', 'json'],
          env,
          check: (r) => expectVerified(r, 'streamed'),
        },
        {
          name: 'AWS SDK GetObject, discarded',
          cmd: node,
          args: [writeRawGet(tmpRoot), server.url, BUCKET, KEY, versionId, String(size)],
          env,
          check: (r) => {
            if (r.code !== 0) throw new Error(`the raw GetObject failed: ${r.stderr}`);
          },
        },
      ],
      { runs: quick ? 1 : 3 },
    );
    const measured = { ...stored, ...stream };
    for (const [name, m] of Object.entries(measured)) log(`    ${name} ${(m.wallMs.median / 1000).toFixed(2)} s`);
    return { label, bytes: size, cores: availableParallelism(), contenders: measured };
  } finally {
    await server.close();
    for (const d of ['s3-trusted', 's3-streamed']) rmSync(join(tmpRoot, d), { recursive: true, force: true });
  }
}

/**
 * What bounds the streamed figure, from the run's own measures: the work a streamed run needs (mlgov's CPU, whose
 * hashing thread runs SHA-256 over every byte, plus the server's, taken as what other work used of the cores while
 * the raw read ran: the server is that other work) cannot finish on this machine's cores faster than that work
 * divided by the cores.
 */
function streamingBound(result, streamed, raw) {
  const cores = result.cores;
  const rawWallS = raw.wallMs.median / 1000;
  if (!cores || raw.freeShare === undefined || streamed.cpuS === undefined) return '';
  const serverCpuS = (1 - raw.freeShare.median) * cores * rawWallS;
  const work = streamed.cpuS.median + serverCpuS;
  const floorS = work / cores;
  return (
    `the body is read off the socket into one reused buffer (main thread) while SHA-256 runs on a thread of its own; the work of a streamed run is mlgov's ` +
    `${streamed.cpuS.median.toFixed(2)} CPU s (the raw read: ${raw.cpuS.median.toFixed(2)} s) plus the server's ` +
    `${serverCpuS.toFixed(2)} s (/proc/stat during the raw read) = ${work.toFixed(2)} CPU s: on ${cores} cores no ` +
    `schedule ends in under ${floorS.toFixed(2)} s, at most ${((rawWallS / floorS) * 100).toFixed(0)} % of the raw read`
  );
}

/** The case's target rows: { what, target, measured, met, bound }. */
export function s3Targets(result) {
  if (!result || result.error) return [];
  const c = result.contenders;
  const stored = c['mlgov checksums (stored full-object SHA-256)'];
  const streamed = c['mlgov checksums (streamed)'];
  const raw = c['AWS SDK GetObject, discarded'];
  const rows = [];
  if (stored) {
    const s = stored.wallMs.median / 1000;
    rows.push({
      what: `S3: ${result.label} verified by its stored checksum`,
      target: '< 1 s',
      measured: `${s.toFixed(2)} s`,
      met: s < 1,
    });
  }
  if (streamed && raw) {
    const share = raw.wallMs.median / streamed.wallMs.median;
    const mibs = (m) => (result.bytes / MiB / (m.wallMs.median / 1000)).toFixed(0);
    rows.push({
      what: `S3: ${result.label} streamed vs the SDK's GetObject, discarded`,
      target: '≥ 85 %',
      measured: `${(share * 100).toFixed(0)} % (${mibs(streamed)} vs ${mibs(raw)} MiB/s)`,
      met: share >= 0.85,
      bound: streamingBound(result, streamed, raw),
    });
  }
  if (streamed?.maxRssKiB !== undefined) {
    const mb = (streamed.maxRssKiB * 1024) / 1e6;
    const rawMb = raw?.maxRssKiB !== undefined ? (raw.maxRssKiB * 1024) / 1e6 : undefined;
    rows.push({
      what: `S3: peak memory streaming ${result.label}`,
      target: '< 150 MB',
      measured: `${mb.toFixed(0)} MB`,
      met: mb < 150,
      bound:
        'the CLI with the AWS SDK loaded, one 1 MiB read buffer reused for every read off the socket, the hashing thread and its three 1 MiB batches' +
        (rawMb !== undefined ? `; the SDK's own GetObject, discarded, peaks at ${rawMb.toFixed(0)} MB` : ''),
    });
  }
  return rows;
}

const SECTION = '## S3 (bench/cases/s3.mjs)';

/** The case's section of RESULTS.md: its targets table, rewritten in place (the rest of the file is left alone). */
export function writeS3Section(file, result, quick = result?.quick) {
  const rows = s3Targets(result);
  const body = [
    SECTION,
    '',
    result?.error
      ? `The case failed: ${result.error}`
      : `${result.label} in the tests' loopback S3 (test/servers/s3-server.ts, in the bench process, 1 MiB slices)` +
        `${quick ? '; --quick: one run, a smaller object' : ''}. Run on a 2-core machine shared with other jobs:` +
        ' the throughput share compares contenders measured interleaved, the absolute figures move with the load.',
    '',
    '| what | target | measured | met | what bounds it |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.target} | ${r.measured} | ${r.met ? 'yes' : '**no**'} | ${r.bound ?? 'HeadObject only: no byte is read'} |`,
    ),
    '',
  ].join('\n');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = text.indexOf(SECTION);
  const end = at === -1 ? -1 : text.indexOf('\n## ', at + SECTION.length);
  const next =
    at === -1
      ? `${text.replace(/\n*$/, '\n\n')}${body}`
      : `${text.slice(0, at)}${body}${end === -1 ? '' : text.slice(end + 1)}`;
  writeFileSync(file, next);
}

/** Keeps the section of the previous RESULTS.md when a render has no s3 results. */
export function keepS3Section(file, previous) {
  const at = previous.indexOf(SECTION);
  if (at === -1) return;
  const end = previous.indexOf('\n## ', at + SECTION.length);
  const section = previous.slice(at, end === -1 ? undefined : end + 1);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(SECTION)) writeFileSync(file, `${text.replace(/\n*$/, '\n\n')}${section}`);
}

// Standalone: this case alone, with a CLI bundled into bench/tmp/ (dist/ is the lead's to rebuild).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const tmpRoot = join(ROOT, 'bench', 'tmp');
  mkdirSync(tmpRoot, { recursive: true });
  const cliPath = join(tmpRoot, 's3-cli.mjs');
  const { build } = await esbuild();
  await build({
    entryPoints: [join(ROOT, 'src/cli/index.ts')],
    outfile: cliPath,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'error',
    external: ['xmlbuilder2', 'libxmljs2'],
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  const started = Date.now();
  const log = (line) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const result = { ...(await runS3Case({ tmpRoot, cliPath, node: process.execPath, log, quick })), quick };
  writeFileSync(join(tmpRoot, `s3${quick ? '.quick' : ''}.json`), JSON.stringify(result, null, 2) + '\n');
  for (const r of s3Targets(result))
    log(`  ${r.met ? 'met    ' : 'NOT MET'} ${r.what}: ${r.measured} (target ${r.target})`);
}
