/**
 * A repository where every evidence-writing command has work to do, and the tools to plant a symlink on any
 * component of the paths they write: for the containment tests (`contained-writes.test.ts`) and the property
 * (`test/properties/evidence-symlinks.test.ts`).
 *
 * The template (built once, copied per case): 1.0.0 and 1.1.0 released on main (1.0.0 archived), branch `work`
 * checked out. On it `mlgov archive --base main` archives 1.1.0; `mlgov approve` re-approves 1.1.0; `mlgov rollback
 * --to 1.0.0` restores 1.0.0 (archiving 1.1.0); `mlgov checksums --write` updates the manifest after its weights
 * changed.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { runMlgov, type CapturedRun } from '../support/cli-io.js';
import { createHistoryRepo } from './fixtures.js';

export const REASON = 'AUC dropped 8% on live traffic (INC-42)';

export type WriteCommand = 'archive' | 'approve' | 'rollback' | 'checksums';

/** What each command writes (repository-relative files), the audit log's lock file included. */
export const WRITES: Record<WriteCommand, string[]> = {
  archive: [
    'artifacts/fraud-detection/1.1.0/manifest.json',
    'artifacts/fraud-detection/1.1.0/bias-report.json',
    'artifacts/fraud-detection/1.1.0/checksums.sha256',
    'artifacts/fraud-detection/1.1.0/evidence.json',
    'artifacts/audit-log.jsonl',
    'artifacts/audit-log.jsonl.lock',
  ],
  approve: ['model/manifest.json', 'artifacts/audit-log.jsonl', 'artifacts/audit-log.jsonl.lock'],
  rollback: [
    'artifacts/fraud-detection/1.1.0/manifest.json',
    'artifacts/fraud-detection/1.1.0/evidence.json',
    'model/manifest.json',
    'reports/latest-bias-report.json',
    'artifacts/audit-log.jsonl',
    'artifacts/audit-log.jsonl.lock',
  ],
  checksums: ['model/manifest.json'],
};

export const ARGV: Record<WriteCommand, string[]> = {
  archive: ['archive', '--base', 'main', '--actor', 'release-bot'],
  // A note makes it a new approval: the same approval given again writes nothing, so there would be nothing to refuse.
  approve: ['approve', '--approver', 'alice', '--role', 'governance-board', '--note', 'symlink property'],
  rollback: ['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main', '--actor', 'erin'],
  checksums: ['checksums', '--write'],
};

/** Every component of the paths `command` writes: its folders, then the files. */
export function componentsOf(command: WriteCommand): string[] {
  const out = new Set<string>();
  for (const path of WRITES[command]) {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('/'));
  }
  return [...out];
}

let template: string | undefined;

/** Builds the template repository once per test file. */
export async function buildTemplate(): Promise<string> {
  if (template) return template;
  const r = createHistoryRepo();
  await r.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
  await r.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
  r.git('checkout', '-q', '-b', 'work');
  template = r.dir;
  return template;
}

export function removeTemplate(): void {
  if (template) rmSync(template, { recursive: true, force: true });
  template = undefined;
}

export interface Sandbox {
  /** The repository (a copy of the template). */
  repo: string;
  /** A folder outside the repository, where links lead. */
  outside: string;
  /** Gives `command` its work (checksums: new weights); call before planting a link. */
  prepare(command: WriteCommand): void;
  run(command: WriteCommand): Promise<CapturedRun>;
  remove(): void;
}

/** A fresh copy of the template, and an empty folder outside it. */
export function sandbox(): Sandbox {
  const base = mkdtempSync(join(tmpdir(), 'mlgov-contained-'));
  const repo = join(base, 'repo');
  const outside = join(base, 'outside');
  cpSync(template!, repo, { recursive: true, verbatimSymlinks: true });
  mkdirSync(outside);
  return {
    repo,
    outside,
    prepare(command) {
      if (command === 'checksums') writeFileSync(join(repo, 'model/weights/1.1.0/model.onnx'), 'retrained weights\n');
    },
    async run(command) {
      return runMlgov([...ARGV[command], '--repo', repo], { cwd: repo });
    },
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Where a planted link leads: a folder outside the repository, or a shadow copy inside it. */
export type LinkTarget = 'outside' | 'inside';

/**
 * Replaces `component` of the repository with a symlink. What was there is moved to the link's target (so the
 * command would work through the link if it followed it); a component that does not exist yet becomes a link to an
 * empty folder (a folder on the way) or a dangling link (the file itself). Returns the link's target.
 */
export function plantLink(
  box: Sandbox,
  component: string,
  kind: LinkTarget,
  isFolder: boolean,
): { target: string; shadow: string } {
  const shadowRoot = kind === 'outside' ? box.outside : join(box.repo, '.shadow');
  const target = join(shadowRoot, component.replace(/\//g, '__'));
  const here = join(box.repo, component);
  mkdirSync(dirname(here), { recursive: true });
  mkdirSync(shadowRoot, { recursive: true });
  if (existsSync(here)) {
    cpSync(here, target, { recursive: true, verbatimSymlinks: true });
    rmSync(here, { recursive: true, force: true });
  } else if (isFolder) {
    mkdirSync(target);
  }
  symlinkSync(kind === 'outside' ? target : relative(dirname(here), target), here);
  return { target, shadow: shadowRoot };
}

/** Every entry under `dir` (not following links) with its kind and content digest: equal means unchanged. */
export function fingerprint(dir: string): string {
  const lines: string[] = [];
  const walk = (rel: string) => {
    const abs = join(dir, rel);
    if (!existsSync(abs) && !lstatSafe(abs)) return;
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) lines.push(`${rel} -> ${readlinkSync(abs)}`);
    else if (st.isDirectory()) {
      lines.push(`${rel}/`);
      for (const name of readdirSync(abs).sort()) if (name !== '.git') walk(rel ? `${rel}/${name}` : name);
    } else lines.push(`${rel} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`);
  };
  walk('');
  return lines.join('\n');
}

function lstatSafe(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
