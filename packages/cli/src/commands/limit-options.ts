import { InvalidArgumentError, Option, type Command } from '../commander.js';
// The defaults come from the light writers entry: defining options loads no extractor or engine.
import { DEFAULT_LIMITS } from '@gallra/scanner/writers';
import type { ScanOptions } from '@gallra/scanner/scan';
import { ByteSizeError, formatByteSize, parseByteSize } from '../byte-size.js';

/** The per-file limit flags shared by `gallra scan` and `gallra ci`, as commander gives them. */
export interface LimitFlags {
  /** Bytes. */
  readonly maxFileSize?: number;
  readonly maxArchiveDepth?: number;
  /** Bytes. */
  readonly maxArchiveSize?: number;
  readonly maxArchiveRatio?: number;
  readonly maxArchiveMembers?: number;
}

/** The extraction limits the scanner takes (`ExtractLimits` of `@gallra/extractors`). */
export type Limits = NonNullable<ScanOptions['limits']>;

/**
 * Adds the per-file limits (docs/user-guide.md, "Limits"). Their defaults are the scanner's own
 * (`DEFAULT_LIMITS`), shown in `--help`; a file or member over a limit is reported with the limit's
 * reason (`too-large`, `limits-exceeded`) and the scan goes on.
 */
export function addLimitOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--max-file-size <size>', 'skip files (and archive members) larger than this, reason too-large; e.g. 2G, 800M')
        .argParser(byteSize)
        .default(DEFAULT_LIMITS.maxFileBytes, formatByteSize(DEFAULT_LIMITS.maxFileBytes)),
    )
    .addOption(
      new Option('--max-archive-depth <n>', 'read members of archives (zip, mail attachments, embedded files) nested at most this deep')
        .argParser(wholeNumber(0, 50))
        .default(DEFAULT_LIMITS.maxDepth),
    )
    .addOption(
      new Option('--max-archive-size <size>', "stop reading a file's archive members once they expand to more than this in total")
        .argParser(byteSize)
        .default(DEFAULT_LIMITS.maxTotalBytes, formatByteSize(DEFAULT_LIMITS.maxTotalBytes)),
    )
    .addOption(
      new Option('--max-archive-ratio <n>', 'skip archive members over 1 MiB that expand more than this many times (zip bombs)')
        .argParser(ratio)
        .default(DEFAULT_LIMITS.maxRatio),
    )
    .addOption(
      new Option('--max-archive-members <n>', 'read at most this many archive members per file')
        .argParser(wholeNumber(1, 10_000_000))
        .default(DEFAULT_LIMITS.maxMembers),
    );
}

/** The flags as scanner limits; only those given (commander fills in the defaults). */
export function limitsOf(flags: LimitFlags): Partial<Limits> {
  return {
    ...(flags.maxFileSize !== undefined ? { maxFileBytes: flags.maxFileSize } : {}),
    ...(flags.maxArchiveDepth !== undefined ? { maxDepth: flags.maxArchiveDepth } : {}),
    ...(flags.maxArchiveSize !== undefined ? { maxTotalBytes: flags.maxArchiveSize } : {}),
    ...(flags.maxArchiveRatio !== undefined ? { maxRatio: flags.maxArchiveRatio } : {}),
    ...(flags.maxArchiveMembers !== undefined ? { maxMembers: flags.maxArchiveMembers } : {}),
  };
}

function byteSize(value: string): number {
  try {
    return parseByteSize(value);
  } catch (error) {
    if (error instanceof ByteSizeError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

function ratio(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 1) throw new InvalidArgumentError('must be a number of at least 1');
  return n;
}
