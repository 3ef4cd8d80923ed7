/**
 * `s3://bucket/key[?versionId=…]` locations: parsed and validated with no AWS SDK in sight, so the pure rules (the
 * checksums check, the archive and audit plans, export) and every command that never reaches a bucket load none of
 * it. The SDK lives in `s3-object-store.ts`, which re-exports these.
 */
import { isIP } from 'node:net';

// ---------------------------------------------------------------------------------------------------------------
// s3:// locations
// ---------------------------------------------------------------------------------------------------------------

/** An object in a bucket, optionally pinned to one version. */
export interface S3Location {
  bucket: string;
  key: string;
  versionId?: string;
}

export type S3UrlParse = { ok: true; location: S3Location } | { ok: false; problem: string };

/** True when a manifest value is meant as an object-store location (the schema decides whether it is a valid one). */
export function isS3Url(text: string): boolean {
  return text.startsWith('s3://');
}

/** `s3://bucket/key[?versionId=…]`, the inverse of {@link parseS3Url} (the version id percent-encoded). */
export function formatS3Url(loc: S3Location): string {
  const version = loc.versionId !== undefined ? `?versionId=${encodeURIComponent(loc.versionId)}` : '';
  return `s3://${loc.bucket}/${loc.key}${version}`;
}

/** Names S3 reserves for its own features: a bucket so named is never a plain general-purpose bucket. */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why `name` is not a valid S3 general-purpose bucket name (AWS naming rules), or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'a bucket name is 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return 'a bucket name has only lowercase letters, digits, dots and hyphens, and starts and ends with a letter or digit';
  }
  if (name.includes('..')) return 'a bucket name has no two adjacent dots';
  if (isIP(name) === 4) return 'a bucket name is not an IP address';
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p)) || RESERVED_SUFFIXES.some((s) => name.endsWith(s))) {
    return 'the bucket name uses a prefix or suffix S3 reserves';
  }
  return undefined;
}

/** Control characters and invisible format characters (bidi overrides, zero-width): a key must read as it is. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Why `key` is not an object key the gate accepts, or undefined when it is. */
export function objectKeyProblem(key: string): string | undefined {
  if (key === '') return 'the object key is empty (write s3://bucket/path/to/object)';
  if (Buffer.byteLength(key, 'utf8') > 1024) return 'an object key is at most 1024 bytes';
  if (INVISIBLE.test(key)) return 'the object key has a control or invisible character';
  if (key.includes('\\')) return 'the object key has a backslash (write / between folders)';
  if (key.includes('%')) return 'the object key has a "%": write the key literally, not percent-encoded';
  if (key.includes('#')) return 'the object key has a "#"';
  if (/^\s|\s$/.test(key)) return 'the object key starts or ends with white space';
  const segments = key.split('/');
  if (segments.some((s) => s === '')) return 'the object key has an empty segment (a leading, trailing or double /)';
  if (segments.some((s) => s === '..' || s === '.')) return 'the object key has a "." or ".." segment';
  return undefined;
}

/** Why a decoded version id is not acceptable, or undefined. */
export function versionIdProblem(versionId: string): string | undefined {
  if (versionId === '') return 'the versionId is empty';
  if (versionId === 'null') {
    return 'versionId=null names the unversioned copy, which any upload replaces: pin a real version id';
  }
  if (versionId.length > 1024 || !/^[\x21-\x7e]+$/.test(versionId)) {
    return 'the versionId has characters a version id never has (spaces, controls, non-ASCII) or is too long';
  }
  return undefined;
}

/**
 * Parses `s3://bucket/key` or `s3://bucket/key?versionId=ID`. The key is taken literally (no percent-decoding: what a
 * reviewer reads is what is fetched); only the version id is percent-decoded, and `+` stays `+` (a form decoder would
 * turn it into a space and address another version). Any other query parameter, a fragment, credentials, a port or
 * an upper-case scheme is refused.
 */
export function parseS3Url(text: string): S3UrlParse {
  const bad = (problem: string): S3UrlParse => ({ ok: false, problem });
  if (!text.startsWith('s3://')) return bad('an object-store location starts with s3:// (lower case)');
  const rest = text.slice('s3://'.length);
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  const slash = path.indexOf('/');
  if (slash === -1) return bad('the location has no object key (write s3://bucket/path/to/object)');
  const bucket = path.slice(0, slash);
  const key = path.slice(slash + 1);
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) return bad(`"${clip(bucket)}": ${bucketProblem}`);
  const keyProblem = objectKeyProblem(key);
  if (keyProblem) return bad(keyProblem);
  const location: S3Location = { bucket, key };
  if (q !== -1) {
    const version = parseVersionQuery(rest.slice(q + 1));
    if (typeof version !== 'string') return bad(version.problem);
    location.versionId = version;
  }
  return { ok: true, location };
}

function parseVersionQuery(query: string): string | { problem: string } {
  const m = /^versionId=([^&=]*)$/.exec(query);
  if (!m) return { problem: 'the only query a location may have is a single ?versionId=…' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(m[1] ?? '');
  } catch {
    return { problem: 'the versionId is not valid percent-encoding' };
  }
  const problem = versionIdProblem(decoded);
  return problem ? { problem } : decoded;
}

/** Shortens `s` for a message. */
export function clip(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
