/**
 * Git LFS pointer files (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md). A checkout without `git lfs
 * pull` leaves these small text files where the weights should be; the gate verifies the pointer's `oid` and `size`
 * against the manifest instead of downloading the object.
 */

/** The spec caps pointer files well below this; anything larger is content, never a pointer. */
export const LFS_POINTER_MAX_BYTES = 1024;

const VERSION_LINE = 'version https://git-lfs.github.com/spec/v1';

export interface LfsPointer {
  /** Hex SHA-256 of the object the pointer stands for. */
  oid: string;
  /** Size in bytes of that object. */
  size: number;
}

/** True when `bytes` may be a pointer by size and first line (cheap test before parsing). */
export function isLfsPointerCandidate(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || bytes.length >= LFS_POINTER_MAX_BYTES) return false;
  return Buffer.from(bytes.subarray(0, VERSION_LINE.length)).toString('latin1') === VERSION_LINE;
}

/**
 * Parses an LFS pointer file, or returns undefined when `bytes` is not a well-formed sha256 pointer (then the file
 * is treated as ordinary content and hashed as such, so a malformed pointer shows up as a checksum mismatch rather
 * than being trusted).
 */
export function parseLfsPointer(bytes: Uint8Array): LfsPointer | undefined {
  if (!isLfsPointerCandidate(bytes)) return undefined;
  const text = Buffer.from(bytes).toString('utf8');
  const lines = text.split('\n');
  if (lines[0] !== VERSION_LINE) return undefined;
  let oid: string | undefined;
  let size: number | undefined;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const space = line.indexOf(' ');
    if (space <= 0) return undefined;
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === 'oid') {
      const m = /^sha256:([0-9a-f]{64})$/.exec(value);
      if (!m) return undefined;
      oid = m[1];
    } else if (key === 'size') {
      if (!/^(0|[1-9][0-9]{0,15})$/.test(value)) return undefined;
      size = Number(value);
      if (!Number.isSafeInteger(size)) return undefined;
    }
    // Other keys (ext-0-*, future extensions) are allowed by the spec and ignored here.
  }
  if (oid === undefined || size === undefined) return undefined;
  return { oid, size };
}
