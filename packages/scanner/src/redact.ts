/**
 * Error messages come from parsers and the OS and may quote file content. Before a message reaches a
 * report or a log, every run that could be an identity number (10–12 digits, optionally split by a
 * separator after the date part) is masked, keeping at most the date part — the same rule as a
 * finding's `masked` form — so no full number can leak through an error path.
 */
const NUMBER_LIKE = /(?<!\d)(\d{6}|\d{8})([-+ ]?)(\d{4})(?!\d)/g;
const LONG_DIGITS = /\d{13,}/g;

/** Both patterns need six digits in a row: text without them (most paths and messages) is returned as is. */
const SIX_DIGITS = /\d{6}/;

/** Returns `message` with anything shaped like an identity number masked. */
export function redactMessage(message: string): string {
  if (!SIX_DIGITS.test(message)) return message;
  return message
    .replace(NUMBER_LIKE, (_m, date: string, sep: string) => `${date}${sep}****`)
    .replace(LONG_DIGITS, (run) => `${run.slice(0, 4)}…(${run.length} digits)`);
}
