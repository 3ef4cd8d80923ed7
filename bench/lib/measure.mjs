// How every contender is run and timed, the same way for all of them: one child process per run, wall time from
// the parent's monotonic clock around spawn..exit, CPU time and peak resident memory from GNU time
// (`/usr/bin/time -f`, which reads the child's rusage: ru_maxrss covers the whole process, worker threads included).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

/** True when GNU time is installed (Debian package `time`); without it peak memory is not measured. */
export function hasGnuTime() {
  if (!existsSync(GNU_TIME)) return false;
  const r = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/m.test(r.stderr);
}

let timeFileCounter = 0;

/** Clock ticks per second of /proc/stat (USER_HZ: 100 on every Linux this runs on). */
const USER_HZ = 100;

/**
 * Aggregate CPU time of the machine from /proc/stat, in seconds: `busy` (user, nice, system, irq, softirq, steal)
 * and `idle` (idle, iowait). Undefined where /proc/stat does not exist.
 */
export function readCpuTimes() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return { busy: (user + nice + system + irq + softirq + (steal || 0)) / USER_HZ, idle: (idle + iowait) / USER_HZ };
  } catch {
    return undefined;
  }
}

/**
 * How much of the machine was free for the contender during one run: 1 − (CPU time others used) / (cores × wall).
 * Others' time is the machine's busy time over the run minus the contender's own CPU time (from rusage), so a
 * contender that keeps every core busy itself still scores 100 % free. Tells a loaded machine from a slow engine.
 */
export function freeShareOf(before, after, wallMs, ownCpuS, cores = availableParallelism()) {
  if (!before || !after || ownCpuS === undefined || wallMs <= 0) return undefined;
  const others = Math.max(0, after.busy - before.busy - ownCpuS);
  return Math.min(1, Math.max(0, 1 - others / ((cores * wallMs) / 1000)));
}

/**
 * Runs `cmd args` once. Returns wall milliseconds, user/system CPU seconds and peak RSS (KiB) when GNU time is
 * there, the exit code, and stdout/stderr when asked (`capture: true`; otherwise output goes to /dev/null so a
 * contender is never slowed by a pipe the others do not have).
 */
export function runTimed(cmd, args, { cwd, env, capture = false } = {}) {
  const useTime = hasGnuTimeCached();
  const timeFile = join(tmpdir(), `mlgov-bench-time-${process.pid}-${timeFileCounter++}`);
  const argv = useTime ? ['-f', '%e %U %S %M', '-o', timeFile, cmd, ...args] : args;
  const exe = useTime ? GNU_TIME : cmd;
  return new Promise((resolve, reject) => {
    const cpuBefore = readCpuTimes();
    const started = process.hrtime.bigint();
    const child = spawn(exe, argv, {
      cwd,
      env: env ?? process.env,
      stdio: ['ignore', capture ? 'pipe' : 'ignore', capture ? 'pipe' : 'ignore'],
    });
    const out = [];
    const err = [];
    child.stdout?.on('data', (d) => out.push(d));
    child.stderr?.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuAfter = readCpuTimes();
      let userS, sysS, maxRssKiB;
      if (useTime) {
        try {
          // GNU time prints "Command exited with non-zero status N" before the format line on failure.
          const line = readFileSync(timeFile, 'utf8').trim().split('\n').pop();
          const [, u, s, m] = line.split(/\s+/).map(Number);
          userS = u;
          sysS = s;
          maxRssKiB = m;
        } catch {
          // leave undefined: reported as not measured
        }
        rmSync(timeFile, { force: true });
      }
      resolve({
        wallMs,
        userS,
        sysS,
        maxRssKiB,
        freeShare: freeShareOf(cpuBefore, cpuAfter, wallMs, userS === undefined ? undefined : userS + sysS),
        code,
        stdout: capture ? Buffer.concat(out).toString('utf8') : undefined,
        stderr: capture ? Buffer.concat(err).toString('utf8') : undefined,
      });
    });
  });
}

let gnuTime;
function hasGnuTimeCached() {
  gnuTime ??= hasGnuTime();
  return gnuTime;
}

/** Reads files end to end and drops the bytes: the page-cache warm-up every contender gets before each run. */
export function warmPageCache(paths) {
  const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
  for (const p of paths) {
    const fd = openSync(p, 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

/** Median, min, max and spread ((max - min) / median) of a list of numbers. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const min = sorted[0];
  const max = sorted[n - 1];
  return { median, min, max, spreadPct: median > 0 ? ((max - min) / median) * 100 : 0, n, samples };
}

/**
 * Runs every contender `runs` times, interleaved (run r starts at contender r mod k), so slow drift on a shared
 * machine spreads over all contenders instead of landing on one; `before` (the page-cache warm-up) runs before
 * every single run. Each contender is `{ name, cmd, args, cwd, env, check? }`; `check(result)` may throw when the
 * output is wrong (a fast wrong answer is not a result).
 */
export async function compareContenders(contenders, { runs, before }) {
  const results = Object.fromEntries(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(r + i) % contenders.length];
      before?.();
      const res = await runTimed(c.cmd, c.args, { cwd: c.cwd, env: c.env, capture: Boolean(c.check) });
      if (c.check) c.check(res);
      results[c.name].push(res);
    }
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, rs]) => [
      name,
      {
        wallMs: summarize(rs.map((x) => x.wallMs)),
        cpuS: rs[0].userS === undefined ? undefined : summarize(rs.map((x) => x.userS + x.sysS)),
        maxRssKiB: rs[0].maxRssKiB === undefined ? undefined : Math.max(...rs.map((x) => x.maxRssKiB)),
        freeShare: rs.every((x) => x.freeShare !== undefined) ? summarize(rs.map((x) => x.freeShare)) : undefined,
        exitCodes: [...new Set(rs.map((x) => x.code))],
      },
    ]),
  );
}

/** Load average and a one-line machine description, recorded with every result: this machine is shared. */
export function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return undefined;
  }
}
