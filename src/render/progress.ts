import cliProgress from 'cli-progress';
import type { HashProgress } from '../adapters/file-hasher.js';

/** Where a progress bar draws: the CLI face's stderr. */
export interface ProgressTarget {
  stderr(text: string): void;
  /** Only an interactive terminal gets a bar; logs and pipes get nothing (no control characters in CI logs). */
  isTTY: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

/** Receives hashing progress; `stop()` clears the bar so the table that follows starts on a clean line. */
export interface HashProgressDisplay {
  update(p: HashProgress): void;
  stop(): void;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Updates closer together than this are not passed to the bar (it draws at 10 fps). */
const UPDATE_INTERVAL_MS = 50;

/** Bytes in binary units with one decimal: `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/**
 * A progress bar for hashing on a TTY (cli-progress), or a display that shows nothing elsewhere. cli-progress
 * writes to a stream; it is given a minimal one that forwards to `target.stderr`, so the CLI's output seam (and the
 * tests that capture it) stays the only way out.
 */
export function startHashProgress(target: ProgressTarget): HashProgressDisplay {
  if (!target.isTTY) return { update: () => undefined, stop: () => undefined };
  const stream = {
    isTTY: true,
    columns: target.columns ?? 80,
    write(chunk: string, callback?: () => void): boolean {
      target.stderr(chunk);
      callback?.();
      return true;
    },
  };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as unknown as NodeJS.WritableStream,
      format: 'hashing {bar} {percentage}% | {done} / {size} | {files} files | eta {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let lastDrawn = 0;
  return {
    update(p) {
      // Hashing reports every 1 MiB chunk; the bar redraws 10 times a second, so the updates in between (thousands
      // per GiB) are dropped here instead of being formatted for nothing. The first and the last always go through.
      const now = Date.now();
      const last = p.bytesDone >= p.bytesTotal && p.filesDone >= p.filesTotal;
      if (started && !last && now - lastDrawn < UPDATE_INTERVAL_MS) return;
      lastDrawn = now;
      const payload = {
        done: formatBytes(p.bytesDone),
        size: formatBytes(p.bytesTotal),
        files: `${p.filesDone}/${p.filesTotal}`,
      };
      // cli-progress divides by the total: an empty run (0 bytes) is shown as complete rather than as NaN.
      const total = Math.max(p.bytesTotal, 1);
      const value = p.bytesTotal === 0 ? 1 : p.bytesDone;
      if (!started) {
        bar.start(total, value, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(value, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
