// `mlgov log verify` (and `log show --action force`) on audit logs of 100,000 and 1,000,000 events. The log is generated here with node:crypto and the
// `canonicalize` package, computing exactly the chain src/evidence/hash-chain.ts documents:
//   hash = hex(SHA-256(prevHash + "\n" + JCS(event without "hash"))), prevHash of the first event = 64 zeros,
//   seq = 1-based line number, members in the order buildChainedEvent writes them.
// The CLI's own verdict (ok, every event, the generator's head hash) proves the generator computes the same chain.
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { compareContenders, loadAverage } from '../lib/measure.mjs';
import { git, initRepository, POLICY_YAML, sha256Hex } from '../lib/git-fixture.mjs';

const GENESIS_HASH = '0'.repeat(64);
const ACTIONS = ['approve', 'approve', 'archive', 'promote', 'rollback', 'force'];

/** The lines of `count` chained events, one at a time (deterministic: same count, same bytes). */
export function* auditLogLines(count) {
  let prevHash = GENESIS_HASH;
  const start = Date.parse('2021-01-01T00:00:00Z');
  for (let seq = 1; seq <= count; seq++) {
    const action = ACTIONS[seq % ACTIONS.length];
    const major = 1 + Math.floor(seq / 1000);
    const version = `${major}.${Math.floor(seq / 10) % 100}.${seq % 10}`;
    const details =
      action === 'approve'
        ? {
            role: seq % 2 ? 'governance-board' : 'regulatory-affairs',
            decision: 'approved',
            manifestDigest: 'sha256:' + sha256Hex(String(seq)),
          }
        : action === 'archive'
          ? {
              path: `artifacts/fraud-detection/${version}`,
              files: { 'manifest.json': sha256Hex(`m${seq}`), 'bias-report.json': sha256Hex(`r${seq}`) },
            }
          : action === 'rollback'
            ? { from: version, to: `${major}.0.0` }
            : undefined;
    const body = {
      seq,
      at: new Date(start + seq * 60_000).toISOString(),
      actor: seq % 3 ? 'alice@example.test' : 'release-bot@example.test',
      action,
      model: 'fraud-detection',
      version,
      reason:
        action === 'rollback' || action === 'force'
          ? 'Seasonal drift on the winter window, restoring the last good release'
          : null,
      ticket: `MLGOV-${100 + (seq % 900)}`,
      ...(details !== undefined ? { details } : {}),
      prevHash,
    };
    const hash = sha256Hex(prevHash + '\n' + canonicalize(body));
    yield { line: JSON.stringify({ ...body, hash }), hash };
    prevHash = hash;
  }
}

/** The audit-log text of `count` chained events (deterministic: same count, same bytes). */
export function generateAuditLog(count) {
  const lines = [];
  let headHash = GENESIS_HASH;
  for (const { line, hash } of auditLogLines(count)) {
    lines.push(line);
    headHash = hash;
  }
  return { text: lines.join('\n') + '\n', headHash };
}

/** Writes the log of `count` events to `path` in 4 MB batches (a million events are 450 MB): bytes and head hash. */
export function writeAuditLog(path, count) {
  const fd = openSync(path, 'w');
  let headHash = GENESIS_HASH;
  let bytes = 0;
  let batch = '';
  try {
    for (const { line, hash } of auditLogLines(count)) {
      batch += line + '\n';
      headHash = hash;
      if (batch.length > 4 * 1024 * 1024) {
        bytes += writeSync(fd, batch);
        batch = '';
      }
    }
    bytes += writeSync(fd, batch);
  } finally {
    closeSync(fd);
  }
  return { bytes, headHash };
}

/** Every `force` event of the generated log: the answer `log show --action force` must give. */
export function forceEventCount(count) {
  return Math.floor((count + ACTIONS.length - 5) / ACTIONS.length);
}

/**
 * `log verify` and `log show --action force` on a generated log of each size in `sizes`. The first size keeps the
 * shape earlier results have (`events`, `bytes`, `contenders`); every size is in `scales`.
 */
export async function runLogVerifyCase({ tmpRoot, cliPath, node, log, quick, sizes = [100_000, 1_000_000] }) {
  const scales = [];
  for (const events of sizes) scales.push(await measureLogSize({ tmpRoot, cliPath, node, log, quick, events }));
  return { ...scales[0], scales, loadAverage: loadAverage() };
}

async function measureLogSize({ tmpRoot, cliPath, node, log, quick, events }) {
  const dir = join(tmpRoot, 'log-verify');
  rmSync(dir, { recursive: true, force: true });
  initRepository(dir);
  mkdirSync(join(dir, '.github'), { recursive: true });
  writeFileSync(join(dir, '.github', 'governance-policy.yml'), POLICY_YAML);
  mkdirSync(join(dir, 'artifacts'), { recursive: true });
  const started = Date.now();
  const { bytes, headHash } = writeAuditLog(join(dir, 'artifacts', 'audit-log.jsonl'), events);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'audit log');
  log(`  generated ${events} events (${(bytes / 1e6).toFixed(1)} MB) in ${Date.now() - started} ms`);
  const forced = forceEventCount(events);
  const measured = await compareContenders(
    [
      {
        name: 'mlgov log verify',
        cmd: node,
        args: [cliPath, 'log', 'verify', '--repo', dir, '--format', 'json'],
        check: (r) => {
          const out = r.stdout ? JSON.parse(r.stdout) : {};
          if (r.code !== 0 || out.ok !== true || out.events !== events || out.headHash !== headHash) {
            throw new Error(
              `mlgov log verify did not accept the generated log (exit ${r.code}): ${r.stdout} ${r.stderr}`,
            );
          }
        },
      },
      {
        name: 'mlgov log show --action force',
        cmd: node,
        args: [cliPath, 'log', 'show', '--action', 'force', '--repo', dir, '--format', 'json'],
        check: (r) => {
          const out = r.stdout ? JSON.parse(r.stdout) : [];
          if (r.code !== 0 || out.length !== forced || out.some((e) => e.action !== 'force')) {
            throw new Error(`mlgov log show --action force gave ${out.length} events, not ${forced} (exit ${r.code})`);
          }
        },
      },
    ],
    { runs: quick ? 1 : events >= 1_000_000 ? 3 : 5 },
  );
  for (const [name, m] of Object.entries(measured))
    log(`    ${name.padEnd(30)} ${(m.wallMs.median / 1000).toFixed(2)} s  rss ${m.maxRssKiB ?? '?'} KiB`);
  rmSync(dir, { recursive: true, force: true });
  return { events, bytes, forceEvents: forced, contenders: measured };
}
