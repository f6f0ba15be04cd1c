/** Why a git operation could not run. Stable codes; the CLI words the message and exits with 2. */
export type GitErrorReason =
  /** The `git` executable was not found on PATH. */
  | 'git-not-found'
  /** The directory is not inside a git work tree. */
  | 'not-a-repository'
  /** A revision or range does not resolve (typo, or missing from a shallow clone). */
  | 'bad-revision'
  /** git exited with an error we do not classify further. */
  | 'git-failed';

/** A git command failed. `message` quotes git's own (short) stderr, never file content. */
export class GitError extends Error {
  override readonly name = 'GitError';
  readonly reason: GitErrorReason;
  constructor(reason: GitErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
