import { opendir, lstat, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import type picomatch from 'picomatch';
import type { ReportError } from './report.js';
import type { ScanTarget } from './scan-file.js';
import { DEFAULT_EXCLUDES } from './scan-options.js';
import { describeIoError } from './io-error.js';

/** What the walker yields: a file to scan, or a place it could not enter (reported as a per-file error). */
export type WalkEntry =
  | { readonly kind: 'file'; readonly target: ScanTarget }
  | { readonly kind: 'error'; readonly target: ScanTarget; readonly error: ReportError };

export interface WalkOptions {
  readonly exclude?: readonly string[];
  readonly defaultExcludes?: boolean;
  /** Absolute paths of files to leave out (e.g. the report being written into a scanned folder). */
  readonly skipFiles?: readonly string[];
}

/** Decides whether a path (relative to its root, POSIX) is excluded. */
export type ExcludeMatcher = (relativePath: string) => boolean;

/**
 * Compiles exclude globs. A pattern without `/` matches a file or folder name at any depth (like
 * `.gitignore`); a pattern with `/` matches the whole path relative to the root. Excluded folders are
 * not descended into.
 */
export function createExcludeMatcher(options: WalkOptions = {}): ExcludeMatcher {
  const names = new Set(options.defaultExcludes === false ? [] : DEFAULT_EXCLUDES);
  const patterns = options.exclude ?? [];
  const namePatterns = patterns.filter((p) => !p.replace(/\/$/, '').includes('/')).map((p) => p.replace(/\/$/, ''));
  const pathPatterns = patterns.filter((p) => p.replace(/\/$/, '').includes('/')).map((p) => p.replace(/^\.\//, '').replace(/\/$/, ''));
  // picomatch is loaded only when there are patterns (it is CommonJS, so synchronously): every scan
  // builds this matcher, most without patterns, and start-up counts on an unchanged rescan.
  const glob = namePatterns.length || pathPatterns.length ? (createRequire(import.meta.url)('picomatch') as typeof picomatch) : null;
  const byName = glob && namePatterns.length ? glob(namePatterns, { dot: true }) : () => false;
  const byPath = glob && pathPatterns.length ? glob(pathPatterns, { dot: true }) : () => false;
  return (relativePath) => {
    const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
    return names.has(name) || byName(name) || byPath(relativePath);
  };
}

/**
 * Walks the roots depth-first in name order and yields every regular file (and every symlink to one).
 * Symlinks to folders are not followed (no cycles, no escaping the root). A folder that cannot be read
 * or a broken symlink is yielded as an error entry and the walk goes on. A root that is a file is
 * yielded itself, with its base name as `path`.
 */
export async function* walk(roots: readonly string[], options: WalkOptions = {}): AsyncGenerator<WalkEntry> {
  const byPattern = createExcludeMatcher(options);
  const skipped = new Set((options.skipFiles ?? []).map((f) => resolve(f)));
  const excluded: Excluded = (path, file) => byPattern(path) || (skipped.size > 0 && skipped.has(resolve(file)));
  for (const root of roots) {
    const info = await stat(root).catch((error: unknown) => error as Error);
    if (info instanceof Error) {
      yield { kind: 'error', target: { root, path: basename(root), file: root }, error: await linkProblem(root, info) };
      continue;
    }
    if (info.isDirectory()) yield* walkDir(root, root, '', excluded);
    else if (!skipped.has(resolve(root))) yield { kind: 'file', target: { root, path: basename(root), file: root } };
  }
}

/** Whether to leave out an entry, by its path relative to the root and its path on disk. */
type Excluded = (relativePath: string, file: string) => boolean;

async function* walkDir(root: string, dir: string, prefix: string, excluded: Excluded): AsyncGenerator<WalkEntry> {
  let entries: Dirent[];
  try {
    const handle = await opendir(dir);
    entries = [];
    for await (const entry of handle) entries.push(entry);
  } catch (error) {
    const path = prefix.replace(/\/$/, '') || '.';
    yield { kind: 'error', target: { root, path, file: dir }, error: describeIoError(error) ?? unreadableFolder() };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = prefix + entry.name;
    const file = join(dir, entry.name);
    if (excluded(path, file)) continue;
    if (entry.isDirectory()) {
      yield* walkDir(root, file, `${path}/`, excluded);
    } else if (entry.isSymbolicLink()) {
      const target = await stat(file).catch((error: unknown) => error as Error);
      if (target instanceof Error) {
        yield { kind: 'error', target: { root, path, file }, error: await linkProblem(file, target) };
      } else if (target.isFile()) {
        yield { kind: 'file', target: { root, path, file } };
      }
      // A link to a folder is not followed.
    } else if (entry.isFile()) {
      yield { kind: 'file', target: { root, path, file } };
    }
    // FIFOs, sockets and devices are not files to read.
  }
}

async function linkProblem(file: string, error: Error): Promise<ReportError> {
  const link = await lstat(file).catch(() => null);
  if (link?.isSymbolicLink()) return { reason: 'broken-symlink', message: 'the symbolic link points to nothing (or to itself)' };
  return describeIoError(error) ?? unreadableFolder();
}

function unreadableFolder(): ReportError {
  return { reason: 'unreadable', message: 'the folder could not be read' };
}
