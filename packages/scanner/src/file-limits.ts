/**
 * The per-file limits of a scan and their defaults, in a module light enough for a command line to
 * load while it defines its options (it loads no extractor, detector or worker pool).
 */
export { DEFAULT_LIMITS } from '@gallra/extractors/limits';

/**
 * Defaults of the scan's per-file time limit (`ScanOptions.fileTimeoutMs`): a file gets `timeoutMs`,
 * plus `timeoutMsPerMb` for every MiB of its size, before it is reported as `timeout`.
 */
export const FILE_TIME_LIMIT_DEFAULTS = Object.freeze({ timeoutMs: 60_000, timeoutMsPerMb: 1_000 });
