// `mlgov log verify` on an audit log of 100,000 events. The log is generated here with node:crypto and the
// `canonicalize` package, computing exactly the chain src/evidence/hash-chain.ts documents:
//   hash = hex(SHA-256(prevHash + "\n" + JCS(event without "hash"))), prevHash of the first event = 64 zeros,
//   seq = 1-based line number, members in the order buildChainedEvent writes them.
// The CLI's own verdict (ok, 100,000 events) proves the generator computes the same chain.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { compareContenders, loadAverage } from '../lib/measure.mjs';
import { git, initRepository, POLICY_YAML, sha256Hex } from '../lib/git-fixture.mjs';

const GENESIS_HASH = '0'.repeat(64);
const ACTIONS = ['approve', 'approve', 'archive', 'promote', 'rollback', 'force'];

/** The audit-log text of `count` chained events (deterministic: same count, same bytes). */
export function generateAuditLog(count) {
  const lines = [];
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
    lines.push(JSON.stringify({ ...body, hash }));
    prevHash = hash;
  }
  return { text: lines.join('\n') + '\n', headHash: prevHash };
}

export async function runLogVerifyCase({ tmpRoot, cliPath, node, log, quick, events = 100_000 }) {
  const dir = join(tmpRoot, 'log-verify');
  initRepository(dir);
  mkdirSync(join(dir, '.github'), { recursive: true });
  writeFileSync(join(dir, '.github', 'governance-policy.yml'), POLICY_YAML);
  mkdirSync(join(dir, 'artifacts'), { recursive: true });
  const started = Date.now();
  const { text, headHash } = generateAuditLog(events);
  writeFileSync(join(dir, 'artifacts', 'audit-log.jsonl'), text);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'audit log');
  log(`  generated ${events} events (${(text.length / 1e6).toFixed(1)} MB) in ${Date.now() - started} ms`);
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
    ],
    { runs: quick ? 1 : 5 },
  );
  const m = measured['mlgov log verify'];
  log(`    mlgov log verify      ${(m.wallMs.median / 1000).toFixed(2)} s  rss ${m.maxRssKiB ?? '?'} KiB`);
  return { events, bytes: text.length, contenders: measured, loadAverage: loadAverage() };
}
