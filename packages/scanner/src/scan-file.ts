import { createReadStream } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { FileReport, ReportError } from './report.js';
import type { ContentScanOptions } from './scan-options.js';
import { scanContent } from './scan-content.js';
import { describeIoError } from './io-error.js';

/** A file to scan: where it was found and where it is on disk. Plain data (worker-safe). */
export interface ScanTarget {
  /** The scan root, as given by the user. */
  readonly root: string;
  /** Path relative to the root, POSIX separators. For a root that is itself a file: its base name. */
  readonly path: string;
  /** Path to open (absolute or relative to the working directory). */
  readonly file: string;
}

/**
 * Scans one file: stat, extract, detect. Never throws for bad input: a missing file, a broken
 * symlink, missing permissions or undecodable content become a `FileReport` with status `error`
 * (or `skipped` for binary content and for things that are not regular files, such as FIFOs).
 * The file is only ever opened for reading.
 */
export async function scanFile(target: ScanTarget, options: ContentScanOptions = {}): Promise<FileReport> {
  let info: Stats;
  try {
    info = await stat(target.file);
  } catch (error) {
    return failed(target, await statProblem(target.file, error), null);
  }
  if (!info.isFile()) {
    // Reading a FIFO or device could block forever or never end.
    return {
      ...identity(target, info),
      format: 'unknown',
      status: 'skipped',
      error: { reason: 'not-a-file', message: 'not a regular file (FIFO, socket, device or folder)' },
      findings: [],
    };
  }
  const content = await scanContent(
    { name: target.path, size: info.size, open: () => createReadStream(target.file, { flags: 'r' }) },
    options,
  );
  return {
    ...identity(target, info),
    format: content.format,
    ...(content.encoding ? { encoding: content.encoding } : {}),
    status: content.status,
    error: content.error,
    ...(content.warnings.length > 0 ? { warnings: content.warnings } : {}),
    findings: content.findings,
  };
}

function identity(target: ScanTarget, info: Stats | null) {
  return {
    root: target.root,
    path: target.path,
    size: info?.size ?? 0,
    modified: info ? info.mtime.toISOString() : new Date(0).toISOString(),
  };
}

function failed(target: ScanTarget, error: ReportError, info: Stats | null): FileReport {
  return { ...identity(target, info), format: 'unknown', status: 'error', error, findings: [] };
}

/** `stat` follows links: if it fails but `lstat` works, the path is a link to nowhere. */
async function statProblem(file: string, error: unknown): Promise<ReportError> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ELOOP') {
    const link = await lstat(file).catch(() => null);
    if (link?.isSymbolicLink()) {
      return { reason: 'broken-symlink', message: 'the symbolic link points to nothing (or to itself)' };
    }
  }
  return describeIoError(error) ?? { reason: 'unreadable', message: 'the file could not be examined' };
}
