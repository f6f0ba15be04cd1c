/** Process exit codes (docs/user-guide.md). */
export const EXIT = {
  /** Nothing at or above the threshold. */
  ok: 0,
  /** Findings at or above `--fail-on`. */
  findings: 1,
  /** Usage or configuration error, or the scan could not run. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
