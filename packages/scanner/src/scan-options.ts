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
  /**
   * Findings listed per file at most (default 100,000); the rest are counted in a `findings-limit`
   * warning, so a register export with millions of numbers cannot exhaust memory.
   */
  readonly maxFindingsPerFile?: number;
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
  /** Old name of {@link ScanOptions.jobs}. */
  readonly concurrency?: number;
  /** Worker threads extracting and detecting in parallel. Default: the number of cores. */
  readonly jobs?: number;
  /** Globs a file must match to be scanned (picomatch; a glob without `/` matches the base name). */
  readonly include?: readonly string[];
  /** Also honour `.gitignore` files (`.gallraignore` files are always honoured). */
  readonly gitignore?: boolean;
  /** Follow symbolic links to folders (with loop protection). Links to files are always scanned. */
  readonly followSymlinks?: boolean;
  /** Do not cross into other file systems (mount points) below a root. */
  readonly oneFileSystem?: boolean;
  /** Per-file time limit in ms: a file that takes longer is reported as `timeout`. Default 60 000. */
  readonly fileTimeoutMs?: number;
  /** SQLite state database for incremental scans: unchanged files are not read again. */
  readonly statePath?: string;
  /** Continue the interrupted scan recorded in the state database. */
  readonly resume?: boolean;
  /** Report order: `walk` (default, deterministic) or `completion` (as files finish; fastest). */
  readonly order?: 'walk' | 'completion';
  /** Progress on stderr: `auto` (a status line on a terminal), `tty`, `json` (NDJSON) or `none` (default). */
  readonly progress?: 'auto' | 'tty' | 'json' | 'none';
  /** Where progress goes (default: process.stderr). */
  readonly progressStream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Stops the scan early; with a state database it stays resumable. */
  readonly signal?: AbortSignal;
  /** Test hook: a module exporting `processContent` to run in the workers instead of the scanner's own. */
  readonly processor?: string | URL;
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
