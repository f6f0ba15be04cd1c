/**
 * Byte sizes on the command line: `512M`, `2G`, `1500K`, `1.5G`, `1048576`. Units are powers of
 * 1024, as in ripgrep's `--max-filesize` and most tools' `K`/`M`/`G`; `512MiB` and `512MB` are read
 * as `512M`. A fraction is allowed with a unit and rounded down to whole bytes.
 */

const UNITS = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 } as const;
type Unit = keyof typeof UNITS;

const SIZE = /^(\d+(?:\.\d+)?)([kmgt]?)(?:i?b)?$/i;

/** A byte size that is malformed, zero, fractional without a unit, or too large to count exactly. */
export class ByteSizeError extends Error {
  override readonly name = 'ByteSizeError';
}

/** Parses a size like `512M` into bytes (at least 1); throws {@link ByteSizeError} for anything else. */
export function parseByteSize(text: string): number {
  const match = SIZE.exec(text.trim());
  if (!match) throw new ByteSizeError(`not a size: ${JSON.stringify(text)} (write e.g. 512M, 2G, 1500K or a number of bytes)`);
  const [, digits, unitText] = match as unknown as [string, string, string];
  const unit = unitText.toLowerCase() as Unit;
  if (unit === '' && digits.includes('.')) throw new ByteSizeError(`a number of bytes must be whole: ${JSON.stringify(text)}`);
  const bytes = Math.floor(Number(digits) * UNITS[unit]);
  if (bytes < 1) throw new ByteSizeError(`a size must be at least 1 byte: ${JSON.stringify(text)}`);
  if (!Number.isSafeInteger(bytes)) throw new ByteSizeError(`too large: ${JSON.stringify(text)}`);
  return bytes;
}

/** The shortest exact form of a byte count: `536870912` → `512M`, `1500` → `1500`. */
export function formatByteSize(bytes: number): string {
  for (const unit of ['t', 'g', 'm', 'k'] as const) {
    if (bytes >= UNITS[unit] && bytes % UNITS[unit] === 0) return `${bytes / UNITS[unit]}${unit.toUpperCase()}`;
  }
  return String(bytes);
}
