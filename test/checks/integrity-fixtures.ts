/**
 * Literal releases for the provenance, checksums and version checks: a manifest written as pretty-printed JSON text
 * (so findings carry real lines) and the facts those checks read. Each test changes one thing.
 */
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import type { ObservedFile, ReleaseContext } from '../../src/release/release-context.js';
import { contextWith, jsonDocument } from '../support/release-context.js';

export const NOW = '2026-11-23T12:00:00.000Z';
export const COMMIT = 'c'.repeat(40);
export const WEIGHTS_SHA = 'd'.repeat(64);
export const TOKENIZER_SHA = '1'.repeat(64);
export const REPORT_SHA = 'e'.repeat(64);

export function integrityManifest(): Manifest {
  return {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: '2.4.0',
    release: { type: 'promotion', reason: 'Quarterly retrain on Oct feature snapshot' },
    provenance: {
      code: { repository: 'https://github.com/acme/fraud-models', commit: COMMIT },
      training: {
        pipeline: 'fraud-train',
        runId: 'run-1',
        triggeredBy: 'carol',
        startedAt: '2026-11-20T01:00:00Z',
        finishedAt: '2026-11-20T03:00:00Z',
      },
      data: { featureStoreSnapshot: 'fs-2026-11-01', window: { from: '2025-11-01', to: '2026-10-31' } },
      featureSchemaVersion: 'v2',
    },
    artifacts: [
      { path: 'model/weights/model.onnx', sha256: WEIGHTS_SHA, size: 1234 },
      { path: 'model/weights/tokenizer.json', sha256: TOKENIZER_SHA, size: 10 },
    ],
    evaluation: { evaluatedAt: '2026-11-21T00:00:00Z', metrics: { auc: 0.91 } },
    biasReport: { path: 'reports/latest-bias-report.json', sha256: REPORT_SHA },
    jira: 'MLGOV-123',
  };
}

export function integrityReport(): BiasReport {
  return {
    schemaVersion: '1.0',
    model: { name: 'fraud-detection', version: '2.4.0' },
    generatedAt: '2026-11-21T06:00:00Z',
    attributes: [],
  };
}

/** The observation of a manifest entry as it was declared (everything matches). */
export function matchingFiles(m: Manifest): Record<string, ObservedFile> {
  const observed: Record<string, ObservedFile> = {};
  for (const a of m.artifacts) observed[a.path] = { kind: 'file', path: a.path, size: a.size, sha256: a.sha256 };
  observed[m.biasReport.path] = { kind: 'file', path: m.biasReport.path, size: 300, sha256: m.biasReport.sha256 };
  return observed;
}

export function manifestDoc(m: Manifest): ParsedDocument<Manifest> {
  return jsonDocument<Manifest>('model/manifest.json', m);
}

export function reportDoc(r: BiasReport): ParsedDocument<BiasReport> {
  return jsonDocument<BiasReport>('reports/latest-bias-report.json', r);
}

/** 1-based line of the first line of `value`'s pretty-printed JSON text containing `needle`. */
export function lineOf(value: unknown, needle: string): number {
  const lines = (JSON.stringify(value, null, 2) + '\n').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" is not in the document`);
  return i + 1;
}

export interface IntegrityOptions {
  manifest?: (m: Manifest) => void;
  report?: ((r: BiasReport) => void) | null;
  files?: (observed: Record<string, ObservedFile>, m: Manifest) => void;
  context?: Partial<ReleaseContext>;
}

/** A context where everything matches, after the given edits. */
export function integrityContext(options: IntegrityOptions = {}): { ctx: ReleaseContext; manifest: Manifest } {
  const m = integrityManifest();
  options.manifest?.(m);
  const observed = matchingFiles(integrityManifest());
  options.files?.(observed, m);
  const r = integrityReport();
  if (options.report) options.report(r);
  const ctx = contextWith({
    now: NOW,
    manifest: manifestDoc(m),
    ...(options.report === null ? {} : { biasReport: reportDoc(r) }),
    files: { observed, unlisted: [] },
    git: { isRepository: true, commitExists: { [COMMIT]: true } },
    ...options.context,
  });
  return { ctx, manifest: m };
}
