import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { describeIoError } from '../io-error.js';
import { PathFilter, type IgnoreLevel, type PathFilterOptions } from './path-filter.js';
import { idleCpuNow, spareCoreSince, StatAhead, type StatJob, type StatValues } from './stat-ahead.js';

/** Options of {@link crawl}. */
export interface CrawlOptions extends PathFilterOptions {
  /**
   * Follow symbolic links to directories too (with loop protection). Links to files are always
   * scanned (someone put them there to be seen); links to directories only with this option.
   */
  readonly followSymlinks?: boolean;
  /** Stay on the file system of each root (like `find -xdev`). */
  readonly oneFileSystem?: boolean;
  /** Absolute paths never to report or enter (e.g. the state database and its -wal/-shm files). */
  readonly excludePaths?: readonly string[];
  /** Most files per yielded chunk (default 256). Bounds how long one step blocks the event loop. */
  readonly chunkSize?: number;
  /**
   * Once this many files have been found, stat files in a helper thread a few directories ahead of
   * the walk (`Infinity`: never). Default: after 1000 files, and only when a core has been idle
   * meanwhile (on a busy machine the thread competes with the walk and costs time). What the walk
   * yields, and in which order, is the same either way; on a large tree the system calls then
   * overlap with the consumer's work.
   */
  readonly statAheadAfter?: number;
}

/** A regular file found by the crawler. */
export interface CrawlFile {
  /** Base name. */
  readonly name: string;
  /** Absolute path. */
  readonly file: string;
  /** Path relative to the root, POSIX separators (a root that is a file: its base name). */
  readonly path: string;
  readonly size: number;
  /** Modification time in milliseconds (fractional where the file system has sub-ms precision). */
  readonly mtimeMs: number;
  /** Set when the entry could not be examined (a broken symlink): report it, do not read it. */
  readonly problem?: { readonly reason: string; readonly message: string };
}

/**
 * Files of one directory. A directory arrives as one or more consecutive chunks; the last one has
 * `complete: true`, after which `files` of all chunks together are every accepted file in it.
 */
export interface DirectoryChunk {
  readonly kind: 'files';
  /** The root as given. */
  readonly root: string;
  /** Absolute root (for a root that is a file: that file's absolute path). */
  readonly rootAbs: string;
  /** Directory relative to the root (`''` for the root itself). */
  readonly dir: string;
  readonly files: readonly CrawlFile[];
  readonly complete: boolean;
}

/** Something the crawler could not read or deliberately did not enter. */
export interface CrawlProblem {
  readonly kind: 'problem';
  readonly root: string;
  /** Relative path of the directory or file concerned. */
  readonly path: string;
  /** `permission-denied`, `unreadable`, `not-found`, `broken-symlink` or `symlink-loop`. */
  readonly reason: string;
  /** Names the error code only (OS messages embed the path, which is already in `path`). */
  readonly message: string;
}

export type CrawlEvent = DirectoryChunk | CrawlProblem;

/** Counters the crawler keeps while it runs (e.g. for progress). */
export interface CrawlStats {
  directories: number;
  files: number;
  bytes: number;
  /** Symbolic links not followed, special files (FIFOs, sockets, devices) and ignored entries. */
  skipped: number;
}

/** A directory being walked: its sorted entries and how far we got. */
interface Frame extends PendingDir {
  readonly entries: readonly Dirent[];
  index: number;
  chunk: CrawlFile[];
  /** Per entry: for a regular file to scan, its position in `files`; -1 for every other entry. */
  readonly fileSlots: Int32Array;
  /** The regular files to scan, in entry order: absolute and relative paths. */
  readonly files: { readonly abs: string[]; readonly rel: string[] };
  /** Their sizes and mtimes from the helper thread, once known (null: stat them here). */
  statJob: StatJob | null;
  statValues: StatValues | null;
  /** Subdirectories entered ahead of the walk (for the helper thread), by entry index. */
  readonly ahead: Map<number, Frame | CrawlProblem | null>;
  /** Entries before this index have been considered for entering ahead. */
  aheadIndex: number;
}

/** Options of the per-file `statSync`: one object for all calls (it runs 100,000 times on a large rescan). */
const NO_THROW_IF_GONE = Object.freeze({ throwIfNoEntry: false });

/** Most directories entered ahead of the walk, and most files they may hold for the helper. */
const AHEAD_DIRECTORIES = 16;
const AHEAD_FILES = 4096;

interface PendingDir {
  readonly abs: string;
  readonly rel: string;
  readonly levels: readonly IgnoreLevel[];
  /** `dev:ino` of this directory and its ancestors, to stop symlink loops. */
  readonly ancestors: ReadonlySet<string>;
}

/**
 * Walks the roots depth first and yields files directory by directory, statting lazily one chunk at
 * a time. Nothing is collected up front: memory holds one directory's names plus the stack of
 * directories still to visit, so a consumer that stops pulling stops the walk (back-pressure).
 * Uses synchronous fs calls on purpose: for local disks they are several times faster than the
 * promise API, and each step is bounded by `chunkSize`.
 */
export async function* crawl(
  roots: readonly string[],
  options: CrawlOptions = {},
  stats: CrawlStats = { directories: 0, files: 0, bytes: 0, skipped: 0 },
): AsyncGenerator<CrawlEvent> {
  const filter = new PathFilter(options);
  const follow = options.followSymlinks === true;
  const chunkSize = Math.max(1, options.chunkSize ?? 256);
  const excluded = new Set((options.excludePaths ?? []).map((p) => resolve(p)));
  // The same by folder, so that a folder's files are checked by name rather than by hashing every
  // file's absolute path (there is always one: the state database).
  const excludedIn = new Map<string, Set<string>>();
  for (const path of excluded) {
    const names = excludedIn.get(dirname(path));
    if (names) names.add(basename(path));
    else excludedIn.set(dirname(path), new Set([basename(path)]));
  }
  const ignoreNames = new Set(filter.ignoreFileNames);
  // Entering directories early would change which of two links to one folder counts as the loop.
  let statAheadAfter = follow ? Infinity : (options.statAheadAfter ?? 1000);
  const idleSince = options.statAheadAfter === undefined ? idleCpuNow() : null;
  let statAhead: StatAhead | null = null;
  let aheadDirectories = 0;
  let aheadFiles = 0;
  try {
    for (const root of roots) {
      const rootAbs = resolve(root);
      let rootStat: Stats | undefined;
      try {
        rootStat = statSync(rootAbs);
      } catch (error) {
        yield problem(root, '', error);
        continue;
      }
      if (!rootStat.isDirectory()) {
        if (rootStat.isFile() && !excluded.has(rootAbs)) {
          const name = basename(rootAbs);
          stats.files++;
          stats.bytes += rootStat.size;
          const file = { name, file: rootAbs, path: name, size: rootStat.size, mtimeMs: rootStat.mtimeMs };
          yield { kind: 'files', root, rootAbs, dir: '', files: [file], complete: true };
        } else stats.skipped++;
        continue;
      }
      const rootDev = rootStat.dev;
      const visited = new Set<string>(); // every directory entered under this root, when following links
      /** Opens a directory: its identity checks, ignore rules and sorted entries. */
      const enter = (pending: PendingDir): Frame | CrawlProblem | null => {
        let dirStat: Stats;
        try {
          dirStat = statSync(pending.abs);
        } catch (error) {
          return problem(root, pending.rel, error);
        }
        if (options.oneFileSystem && dirStat.dev !== rootDev) {
          stats.skipped++;
          return null;
        }
        const id = `${dirStat.dev}:${dirStat.ino}`;
        if (pending.ancestors.has(id) || (follow && visited.has(id))) {
          return { kind: 'problem', root, path: pending.rel, reason: 'symlink-loop', message: 'directory already visited (link loop or second link to it)' };
        }
        if (follow) visited.add(id);
        let entries: Dirent[];
        try {
          entries = readDirectory(pending.abs);
        } catch (error) {
          return problem(root, pending.rel, error);
        }
        stats.directories++;
        const level = filter.loadLevel(pending.abs, pending.rel, entries);
        const levels = level ? [...pending.levels, level] : pending.levels;
        // Which regular files to scan is decided here, once, so that their stats can be asked for ahead.
        const fileSlots = new Int32Array(entries.length).fill(-1);
        const files: Frame['files'] = { abs: [], rel: [] };
        const excludedHere = excludedIn.get(pending.abs);
        for (let i = 0; i < entries.length; i++) {
          const entry = entries[i]!;
          if (!entry.isFile()) continue; // directories, links and special files: decided as the walk reaches them
          const name = entry.name;
          if (excludedHere?.has(name) || ignoreNames.has(name)) continue;
          const abs = childPath(pending.abs, name);
          const rel = pending.rel === '' ? name : `${pending.rel}/${name}`;
          if (!filter.acceptsFile(rel, levels, name)) continue;
          fileSlots[i] = files.abs.length;
          files.abs.push(abs);
          files.rel.push(rel);
        }
        return {
          abs: pending.abs,
          rel: pending.rel,
          levels,
          ancestors: new Set(pending.ancestors).add(id),
          entries,
          index: 0,
          chunk: [],
          fileSlots,
          files,
          statJob: null,
          statValues: null,
          ahead: new Map(),
          aheadIndex: 0,
        };
      };
      /** Enters the next subdirectories of `frame` early and has the helper stat their files. */
      const enterAhead = (frame: Frame): void => {
        if (statAhead === null) {
          if (stats.files < statAheadAfter) return;
          if (idleSince !== null) {
            const spare = spareCoreSince(idleSince);
            if (spare === null) return; // too soon to tell
            if (!spare) {
              statAheadAfter = Infinity;
              return;
            }
          }
          statAhead = StatAhead.start();
          if (statAhead === null) {
            statAheadAfter = Infinity;
            return;
          }
        }
        // Topped up in batches (one message, one wake-up of the helper, for several folders).
        if (aheadDirectories > AHEAD_DIRECTORIES / 2 && aheadFiles > AHEAD_FILES / 2) return;
        if (frame.aheadIndex < frame.index) frame.aheadIndex = frame.index;
        while (frame.aheadIndex < frame.entries.length && aheadDirectories < AHEAD_DIRECTORIES && aheadFiles < AHEAD_FILES) {
          const index = frame.aheadIndex++;
          const entry = frame.entries[index]!;
          if (!entry.isDirectory()) continue; // links to folders are entered only when following them (never ahead)
          const abs = childPath(frame.abs, entry.name);
          const rel = frame.rel === '' ? entry.name : `${frame.rel}/${entry.name}`;
          if (excluded.has(abs) || filter.skipsDirectory(rel, frame.levels, entry.name)) continue;
          const child = enter({ abs, rel, levels: frame.levels, ancestors: frame.ancestors });
          frame.ahead.set(index, child);
          aheadDirectories++;
          if (child !== null && !('kind' in child) && child.files.abs.length > 0) {
            child.statJob = statAhead.submit(child.files.abs);
            aheadFiles += child.files.abs.length;
          }
        }
        statAhead.flush();
      };
      /** Waits for the helper's stats of `frame`'s files, or leaves them to be statted here. */
      const receiveStats = async (frame: Frame): Promise<void> => {
        const job = frame.statJob!;
        frame.statJob = null;
        aheadFiles -= frame.files.abs.length;
        const values = statAhead?.take(job) ?? null;
        frame.statValues = values === null ? null : await values;
      };
      const top = enter({ abs: rootAbs, rel: '', levels: [], ancestors: new Set() });
      if (top === null) continue;
      if ('kind' in top) {
        yield top;
        continue;
      }
      // True depth-first walk in name order: a subdirectory is walked where its name sorts, between
      // the files of its parent, so the parent's files arrive in several chunks around it.
      const frames: Frame[] = [top];
      while (frames.length > 0) {
        const current = frames.at(-1)!;
        let descended = false;
        enterAhead(current);
        while (current.index < current.entries.length) {
          const index = current.index++;
          const entry = current.entries[index]!;
          const slot = current.fileSlots[index]!;
          if (slot >= 0) {
            if (current.statJob !== null) await receiveStats(current);
            const values = current.statValues;
            const file = current.files.abs[slot]!;
            let size = values === null ? Number.NaN : values[2 * slot]!;
            let mtimeMs = values === null ? 0 : values[2 * slot + 1]!;
            if (Number.isNaN(size)) {
              // Not statted by the helper (or it could not: then this reports it as before).
              if (values !== null && mtimeMs === 0) continue; // vanished between readdir and stat
              const info = statSync(file, NO_THROW_IF_GONE);
              if (!info) continue; // vanished between readdir and stat
              size = info.size;
              mtimeMs = info.mtimeMs;
            }
            stats.files++;
            stats.bytes += size;
            current.chunk.push({ name: entry.name, file, path: current.files.rel[slot]!, size, mtimeMs });
            if (current.chunk.length >= chunkSize) {
              yield { kind: 'files', root, rootAbs, dir: current.rel, files: current.chunk, complete: false };
              current.chunk = [];
            }
            continue;
          }
          const name = entry.name;
          const abs = childPath(current.abs, name);
          const rel = current.rel === '' ? name : `${current.rel}/${name}`;
          if (excluded.has(abs)) {
            stats.skipped++;
            continue;
          }
          let isDir = entry.isDirectory();
          let isFile = entry.isFile();
          let info: Stats | undefined;
          if (entry.isSymbolicLink()) {
            if (filter.skipsDirectory(rel, current.levels, name) && !filter.acceptsFile(rel, current.levels, name)) {
              stats.skipped++;
              continue;
            }
            try {
              info = statSync(abs);
            } catch (error) {
              const code = (error as NodeJS.ErrnoException).code;
              const broken = code === 'ENOENT' || code === 'ELOOP';
              const { reason, message } = broken
                ? { reason: 'broken-symlink', message: 'the symbolic link points to nothing (or to itself)' }
                : problem(root, rel, error);
              // In the chunk, not as a separate event, so that it keeps its place in walk order.
              current.chunk.push({ name, file: abs, path: rel, size: 0, mtimeMs: 0, problem: { reason, message } });
              continue;
            }
            isDir = info.isDirectory();
            isFile = info.isFile();
            if (isDir && !follow) {
              stats.skipped++;
              continue;
            }
          }
          if (isDir) {
            if (filter.skipsDirectory(rel, current.levels, name)) {
              stats.skipped++;
              continue;
            }
            let child: Frame | CrawlProblem | null;
            if (current.ahead.has(index)) {
              child = current.ahead.get(index)!;
              current.ahead.delete(index);
              aheadDirectories--;
            } else child = enter({ abs, rel, levels: current.levels, ancestors: current.ancestors });
            if (child === null) continue;
            if (current.chunk.length > 0) {
              yield { kind: 'files', root, rootAbs, dir: current.rel, files: current.chunk, complete: false };
              current.chunk = [];
            }
            if ('kind' in child) {
              yield child;
              continue;
            }
            frames.push(child);
            descended = true;
            break;
          }
          // Regular files to scan were taken above; what is left here is a link to a file, or skipped.
          if (!isFile || entry.isFile() || ignoreNames.has(name) || !filter.acceptsFile(rel, current.levels, name)) {
            stats.skipped++;
            continue;
          }
          if (!info) continue;
          stats.files++;
          stats.bytes += info.size;
          current.chunk.push({ name, file: abs, path: rel, size: info.size, mtimeMs: info.mtimeMs });
          if (current.chunk.length >= chunkSize) {
            yield { kind: 'files', root, rootAbs, dir: current.rel, files: current.chunk, complete: false };
            current.chunk = [];
          }
        }
        if (descended) continue;
        frames.pop();
        yield { kind: 'files', root, rootAbs, dir: current.rel, files: current.chunk, complete: true };
      }
    }
  } finally {
    (statAhead as StatAhead | null)?.stop();
  }
}

/** `dir` joined with `name`; the root folder `/` already ends with the separator (no `//tmp`). */
export function childPath(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

function readDirectory(abs: string): Dirent[] {
  // One call for the whole directory: cheaper than opendir + readSync (its entries are all kept anyway).
  const entries = readdirSync(abs, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries;
}

function problem(root: string, path: string, error: unknown): CrawlProblem {
  const described = describeIoError(error) ?? { reason: 'unreadable', message: 'the folder could not be read' };
  return { kind: 'problem', root, path, ...described };
}
