import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON, through the `canonicalize` library rather than hand-written: number and string
 * serialisation rules are subtle, and approvals are only worth something if every tool computes the same bytes.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no canonical JSON form');
  return text;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function withoutApprovals(doc: object): Record<string, unknown> {
  const { approvals: _approvals, ...rest } = doc as Record<string, unknown>;
  return rest;
}

/** `sha256:` + SHA-256 of the canonical manifest without its `approvals` member (docs/formats.md). */
export function manifestDigest(manifest: object): string {
  return 'sha256:' + sha256Hex(canonicalJson(withoutApprovals(manifest)));
}

/** `sha256:` + SHA-256 of the canonical bias report without its `approvals` member. */
export function reportDigest(report: object): string {
  return 'sha256:' + sha256Hex(canonicalJson(withoutApprovals(report)));
}

/** `sha256:` + SHA-256 of any canonical value (policy digest in exports). */
export function canonicalDigest(value: unknown): string {
  return 'sha256:' + sha256Hex(canonicalJson(value));
}

/**
 * What a manifest's `biasReport.sha256` binds: the hex SHA-256 of the canonical bias report without its `approvals`
 * (the hex of {@link reportDigest}). The board's approvals bind the manifest digest, which includes this value, so
 * they bind the report's content (groups, metrics, thresholds) but not the fairness reviewer's approvals, which the
 * ledger judges on their own: a review added to an unchanged report leaves the board's approvals standing.
 */
export function reportContentSha256(report: object): string {
  return sha256Hex(canonicalJson(withoutApprovals(report)));
}
