/**
 * The bucket steps of preflight: for the `s3://` artifacts of every governed model's manifest, the S3 connection as
 * configured (the policy's `s3` section and the environment), `HeadBucket` once per bucket, then `HeadObject` once
 * per object (`runS3Preflight`). Only HEAD requests: preflight never writes to a bucket or reads an object's bytes.
 * The faces add `s3Probe` to their list of probes with one line.
 */
import { readRepositoryBytes } from '../adapters/repository-path.js';
import { runS3Preflight, type S3PreflightStep } from '../adapters/s3-preflight.js';
import { createS3ObjectStore, isS3Url, type S3ClientOptions } from '../adapters/s3-object-store.js';
import { parseJsonDocument } from '../formats/json-document.js';
import { governedModels } from '../release/release-locator.js';
import { notChecked, type PreflightContext, type PreflightProbe, type PreflightStep } from './preflight.js';

const TITLE = 'S3 connection';

/** The `s3://` artifact paths of every governed model's manifest in the working tree, each once, in order. */
export async function manifestObjectPaths(ctx: PreflightContext): Promise<string[]> {
  const paths: string[] = [];
  for (const model of governedModels(ctx.policy)) {
    const bytes = await readRepositoryBytes(ctx.repoRoot, model.manifest);
    if (!bytes) continue; // the manifest step already said why
    const value = parseJsonDocument(model.manifest, bytes).value as { artifacts?: unknown } | undefined;
    const artifacts = Array.isArray(value?.artifacts) ? (value.artifacts as unknown[]) : [];
    for (const a of artifacts) {
      const path = (a as { path?: unknown } | null)?.path;
      if (typeof path === 'string' && isS3Url(path)) paths.push(path);
    }
  }
  return [...new Set(paths)];
}

function none(): PreflightStep {
  return { id: 's3', title: TITLE, status: 'skip', message: 'not checked: the manifest lists no s3:// artifact.' };
}

const asStep = (s: S3PreflightStep): PreflightStep => ({
  id: s.id,
  title: s.title,
  status: s.status,
  message: s.message,
  ...(s.fix ? { fix: s.fix } : {}),
});

/**
 * The S3 steps: connection, each bucket, each object; stops at the first failure (as `runS3Preflight` does). An
 * invalid policy leaves its `s3` settings unknown: the steps then say they were not checked rather than guess.
 */
export async function s3Steps(ctx: PreflightContext, client: S3ClientOptions = {}): Promise<PreflightStep[]> {
  const paths = await manifestObjectPaths(ctx);
  if (paths.length === 0) return [none()];
  if (!ctx.policyValid) return [notChecked('s3', TITLE, 'the policy is invalid, so its s3 settings are unknown')];
  const store = createS3ObjectStore(ctx.env, ctx.policy.s3 ?? {}, client);
  try {
    return (await runS3Preflight(store, paths)).map(asStep);
  } finally {
    if (store.kind === 'configured') store.store.close();
  }
}

/**
 * The bucket probe for the faces' list. Under `--offline` it is one `skip` line (every step but the settings needs the
 * network, and the settings are only worth checking for a manifest read asynchronously).
 */
export const s3Probe: PreflightProbe = { id: 's3', title: TITLE, run: (ctx) => s3Steps(ctx) };
