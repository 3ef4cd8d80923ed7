/**
 * What the multi-model write tests share: a fingerprint of every file of one model (manifest, bias report, every
 * artifact its manifest lists, everything under its archive folder) and of its events in the shared audit log, and a
 * two-model repository whose base (`main`) holds an archive of each model's first release and a second release of
 * each, for `rollback` and `archive`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { verifyAuditLog } from '../../src/evidence/hash-chain.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { runMlgov } from '../support/cli-io.js';
import { createTwoModelRepo, CREDIT, FRAUD, type TwoModelRepo } from '../support/two-models.js';

export type ModelName = 'fraud-detection' | 'credit-scoring';
export const MODELS: ModelName[] = ['fraud-detection', 'credit-scoring'];
export const PATHS: Record<ModelName, { manifest: string; biasReport: string }> = {
  'fraud-detection': FRAUD,
  'credit-scoring': CREDIT,
};
export const otherThan = (m: ModelName): ModelName => (m === 'fraud-detection' ? 'credit-scoring' : 'fraud-detection');

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function filesUnder(root: string, rel: string): string[] {
  if (!existsSync(join(root, rel))) return [];
  return (readdirSync(join(root, rel), { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(root.length + 1))
    .sort();
}

/**
 * Path → SHA-256 of every file of `model` (a missing file is "absent"), plus its audit events (the approvals and
 * archives the log records for it), as one comparable object.
 */
export function fingerprint(dir: string, model: ModelName): Record<string, string> {
  const paths = PATHS[model];
  const manifest = JSON.parse(readFileSync(join(dir, paths.manifest), 'utf8')) as Manifest;
  const files = [
    paths.manifest,
    paths.biasReport,
    ...manifest.artifacts.map((a) => a.path),
    ...filesUnder(dir, `artifacts/${model}`),
  ];
  const out: Record<string, string> = {};
  for (const f of files) out[f] = existsSync(join(dir, f)) ? sha256(readFileSync(join(dir, f))) : 'absent';
  const log = join(dir, 'artifacts/audit-log.jsonl');
  const events = existsSync(log) ? verifyAuditLog(readFileSync(log, 'utf8')).events : [];
  out['audit events'] = JSON.stringify(events.filter((e) => e.model === model));
  return out;
}

export const mlgov = (repo: { dir: string }, ...argv: string[]) => runMlgov(argv, { cwd: repo.dir });

/** Writes new weights for the model's next version and lists them in its manifest (re-bound: digests, approvals). */
export function nextRelease(repo: TwoModelRepo, model: ModelName, version: string): void {
  const weights =
    model === 'fraud-detection'
      ? `model/weights/${version}/model.onnx`
      : `models/credit-scoring/weights/${version}/model.onnx`;
  mkdirSync(dirname(join(repo.dir, weights)), { recursive: true });
  writeFileSync(join(repo.dir, weights), `${model} weights v${version}\n`);
  repo.bind(model, {
    manifest: (m) => {
      m.version = version;
      m.artifacts = [{ path: weights, sha256: '', size: 0 }];
    },
  });
}

/**
 * The two-model repository with history: on `main`, both first releases (fraud-detection 2.4.0, credit-scoring
 * 1.3.0) archived with `mlgov archive`, then both second releases (2.5.0, 1.4.0); a `work` branch checked out.
 */
export async function createArchivedTwoModelRepo(): Promise<TwoModelRepo> {
  const repo = createTwoModelRepo();
  repo.git('checkout', '-q', 'main');
  for (const model of MODELS) {
    const r = await mlgov(repo, 'archive', '--model', model, '--base', 'main', '--actor', 'rm-bot');
    if (r.code !== 0) throw new Error(`archive ${model} failed: ${r.stderr}`);
  }
  repo.commitAll('Archive fraud-detection 2.4.0 and credit-scoring 1.3.0');
  nextRelease(repo, 'fraud-detection', '2.5.0');
  nextRelease(repo, 'credit-scoring', '1.4.0');
  repo.commitAll('Release fraud-detection 2.5.0 and credit-scoring 1.4.0');
  repo.git('checkout', '-q', '-b', 'work');
  return repo;
}
