/**
 * The evidence commands' error, in a module of its own so that a command that only needs to fail (checksums, the
 * audit log) does not load the git adapter with it.
 */
/** A failure the user can fix; `exitCode` 2 = could not do it, 1 = refused on the merits (e.g. evidence differs). */
export class EvidenceError extends Error {
  override name = 'EvidenceError';
  constructor(
    message: string,
    readonly fix?: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}
