/** Process exit codes (docs/user-guide.md). */
export const EXIT = {
  /** Nothing at or above the threshold. */
  ok: 0,
  /** Findings at or above `--fail-on`. */
  findings: 1,
  /** Usage or configuration error, or the scan could not run. */
  usage: 2,
  /** The scan was incomplete (a file could not be read) and `--fail-on-error` was given (gallra ci). */
  incomplete: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
