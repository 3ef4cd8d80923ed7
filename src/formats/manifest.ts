/** The release manifest (`model/manifest.json`, docs/formats.md; schema `schemas/manifest.schema.json`). */

export type ReleaseType = 'initial' | 'promotion' | 'rollback';

export interface ForceRequest {
  /** Why the promotion gates are overridden; at least `promotion.minReasonLength` characters. */
  justification: string;
  /** Login of the person forcing; must hold `promotion.forceRole` and have approved. */
  by: string;
}

export interface ManifestArtifact {
  /** Repository-relative path. */
  path: string;
  /** Hex SHA-256 of the file's bytes (for a Git LFS pointer: of the object it points to). */
  sha256: string;
  size: number;
}

export interface SeasonMetrics {
  mae?: number;
  rmse?: number;
}

export interface Backtest {
  mae?: number;
  rmse?: number;
  bias?: number;
  windows?: number;
  seasons?: Record<string, SeasonMetrics>;
}

export type Decision = 'approved' | 'rejected';

export interface ManifestApproval {
  approver: string;
  role: string;
  decision: Decision;
  at: string;
  /** `sha256:<hex>` of the canonical manifest without `approvals`. */
  manifestDigest: string;
  note?: string;
}

export interface Manifest {
  $schema?: string;
  schemaVersion: string;
  name: string;
  version: string;
  owner?: string;
  description?: string;
  intendedUse?: string;
  limitations?: string[];
  release: { type: ReleaseType; reason: string; force?: ForceRequest; rollbackOf?: string };
  provenance: {
    code: { repository: string; commit: string };
    training: {
      pipeline: string;
      runId: string;
      runUrl?: string;
      triggeredBy: string;
      startedAt: string;
      finishedAt: string;
      /** The run record `mlgov metrics import` filled these members from, bound by its SHA-256. */
      source?: { path: string; sha256: string };
    };
    data: {
      featureStoreSnapshot: string;
      uri?: string;
      sha256?: string;
      window?: { from: string; to: string };
    };
    featureSchemaVersion: string;
    framework?: { name: string; version: string };
  };
  artifacts: ManifestArtifact[];
  evaluation: {
    evaluatedAt: string;
    metrics?: Record<string, number>;
    backtest?: Backtest;
    /** The files the figures were computed from (`mlgov metrics import`), so a reviewer recomputes from those bytes. */
    source?: Partial<Record<'backtest' | 'auc', EvaluationSource>>;
  };
  biasReport: { path: string; sha256: string };
  jira: string;
  approvals?: ManifestApproval[];
}

/** A file an evaluation figure was computed from: where it was, its bytes' SHA-256 and how it was read. */
export interface EvaluationSource {
  path: string;
  sha256: string;
  format?: string;
}
