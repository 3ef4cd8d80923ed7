/**
 * Collects every output a fault run produced (stdout, stderr, reports, SARIF, summaries, evidence files) so one
 * assertion per test file can prove no token appears anywhere, in any form (raw, Basic-header base64, URL-encoded).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class LeakWatch {
  private readonly outputs: Array<{ label: string; text: string }> = [];

  constructor(private readonly secrets: string[]) {}

  /** Every form of every secret that must never appear. */
  forms(): string[] {
    return this.secrets.flatMap((s) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64')]);
  }

  add(label: string, text: string): void {
    this.outputs.push({ label, text });
  }

  /** Adds every regular file under `dir` (reports, summaries, evidence) as an output. */
  addTree(label: string, dir: string): void {
    let names: string[] = [];
    try {
      names = readdirSync(dir, { recursive: true }) as string[];
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      try {
        if (statSync(path).isFile() && statSync(path).size < 64 * 1024 * 1024)
          this.add(`${label}/${name}`, readFileSync(path, 'latin1'));
      } catch {
        // vanished or unreadable: nothing to search
      }
    }
  }

  /** How many outputs were searched. */
  get count(): number {
    return this.outputs.length;
  }

  /** Labels of outputs that contain a secret (in any form); empty when nothing leaked. */
  leaks(): string[] {
    const forms = this.forms();
    return this.outputs.filter((o) => forms.some((f) => o.text.includes(f))).map((o) => o.label);
  }
}

/** A stack trace line or Node's uncaught-error banner. */
export const STACK_TRACE = /\n\s+at .+:\d+:\d+|node:internal|UnhandledPromiseRejection/;
