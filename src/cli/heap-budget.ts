/**
 * How much heap a long streaming command lets V8 keep. `mlgov log verify` reads a million events one line at a
 * time and keeps none, yet it allocated about 4 GB of short-lived strings and objects, and at that rate V8 grows the
 * young generation from its 1 MB semi-spaces to their 16 MB maximum: measured, 132 MB peak for a million events, of
 * which the CLI itself (Node and the policy reader) is about 65 MB. A process's `--max-semi-space-size` is fixed
 * once it runs, but how much the young generation grows each time is read at every growth: with the factor at 1
 * it keeps the size it has, and the same run peaks at about 90 MB (bench/ANALYSIS.md, "log verify"). A worker
 * thread with a small young generation (`resourceLimits`) was measured too: its own isolate cost more (111 MB)
 * than it saved.
 *
 * Node documents `v8.setFlagsFromString` as to be used with care after start-up: this flag only sizes the young
 * generation (more frequent, cheaper scavenges; no change to what the program computes), and
 * test/cli/heap-budget.test.ts proves it still takes effect on the Node this project runs on.
 */
import { setFlagsFromString } from 'node:v8';

/** Stops the young generation growing for the rest of this process (a CLI run): see the module comment. */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
