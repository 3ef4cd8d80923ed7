/**
 * How much heap a long streaming command lets V8 keep. `mlgov log verify` reads a million events one line at a
 * time and keeps none, yet it allocates about 4 GB of short-lived strings and objects, and at that rate V8 grows
 * the young generation from its 1 MB semi-spaces to their 16 MB maximum, and lets the old generation fill with what
 * scavenges promoted before it collects it: measured, 132 MB peak for a million events on Node 20 and 143 MB on
 * Node 24, of which the CLI itself (Node and the policy reader) is 63–74 MB.
 *
 * A process's heap limits are fixed once it runs, but two sizing factors are read each time V8 resizes: how much the
 * young generation grows (`--semi-space-growth-factor`, 1: alone, it keeps its starting size; with the second
 * factor's more frequent full collections V8 still resizes it, to 2–18 MB on Node 24 against 128 MB without either
 * flag, test/cli/heap-budget.test.ts) and how far the old
 * generation may grow past what the last full collection kept (`--heap-growing-percent`, 10 %). With both, the same
 * run peaks at 73 MB (Node 20) and 89 MB (Node 24), and takes no longer: the smaller heap is collected more often
 * but each collection is short (bench/ANALYSIS.md, "log verify"). A worker thread with small `resourceLimits` was
 * measured too: its own isolate cost more (111 MB on Node 20) than it saved.
 *
 * Node documents `v8.setFlagsFromString` as to be used with care after start-up: these flags only size the heap
 * (no change to what the program computes), and test/cli/heap-budget.test.ts proves they still take effect on the
 * Node that runs the tests.
 */
import { setFlagsFromString } from 'node:v8';

/** The old generation may grow this many percent past what the last full collection kept. */
export const HEAP_GROWING_PERCENT = 10;

/** Keeps the heap small for the rest of this process (a CLI run): see the module comment. */
export function keepHeapSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
