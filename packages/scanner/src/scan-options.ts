import type { ExtractLimits } from '@gallra/extractors';
import type { Confidence } from '@gallra/core';

/**
 * Options for scanning one piece of content. Plain data only (no functions, no class instances), so
 * they can be sent to a worker thread unchanged.
 */
export interface ContentScanOptions {
  /** Put the full normalised value (`value`) in findings. Default false: masked form only. */
  readonly reveal?: boolean;
  /** Secret key for finding fingerprints. Never written to a report. */
  readonly fingerprintKey?: string;
  /** Reference date (ISO-8601) for century inference and future-date checks. Default: now. */
  readonly now?: string;
  /** Extraction limits (file size, container depth, …); defaults from `@gallra/extractors`. */
  readonly limits?: Partial<ExtractLimits>;
}

/** Options for a whole scan: content options plus what to visit and when the scan fails. */
export interface ScanOptions extends ContentScanOptions {
  /** Glob patterns to skip (picomatch). A pattern without `/` matches a file or folder name anywhere. */
  readonly exclude?: readonly string[];
  /** Files never scanned, by absolute path (e.g. the report being written). Not recorded in the report. */
  readonly skipFiles?: readonly string[];
  /** Skip {@link DEFAULT_EXCLUDES}. Default true. */
  readonly defaultExcludes?: boolean;
  /** Lowest confidence that fails the scan; `none` never fails. Default `medium`. */
  readonly failOn?: Confidence | 'none';
  /** Let findings of official test numbers fail the scan too. Default false. */
  readonly failOnTestNumbers?: boolean;
  /** Files scanned at the same time. Default 4. */
  readonly concurrency?: number;
}

/** Folder names never descended into unless `defaultExcludes` is false: tool and VCS internals. */
export const DEFAULT_EXCLUDES: readonly string[] = Object.freeze([
  'node_modules',
  '.git',
  '.svn',
  '.hg',
  '.bzr',
  'CVS',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.tox',
  '.venv',
  '.gradle',
  '.gallra',
]);
