import Database from 'better-sqlite3';
import type { Database as DatabaseType, Statement } from 'better-sqlite3';

/** How a file relates to the previous scan. */
export type FileChange = 'new' | 'changed' | 'unchanged';

/** What the state database remembers about one file. */
export interface StoredFile {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Hex SHA-256 of the content, null when it could not be read. */
  readonly hash: string | null;
  /** The scan that last read (or confirmed) this file. */
  readonly scanId: number;
  /** Key of the result-affecting options the stored result was produced with. */
  readonly config: string;
  /** The change recorded when `scanId` read the file. */
  readonly change: FileChange;
  /** JSON of the stored result (never contains a full identity number). */
  readonly result: string;
}

/** A file that was in the previous scan but is gone (or no longer in scope) now. */
export interface RemovedFile {
  readonly rootAbs: string;
  readonly dir: string;
  readonly name: string;
  readonly result: string;
}

export interface ScanRecord {
  readonly id: number;
  readonly startedAt: string;
  readonly status: 'running' | 'complete' | 'interrupted';
  readonly files: number;
  readonly bytes: number;
}

const SCHEMA_VERSION = 1;

/** A stored file whose `hash` and `change` are read on first use (read them before saving over it). */
class StoredEntry implements StoredFile {
  private details: [string | null, FileChange] | undefined;

  constructor(
    private readonly query: Statement,
    private readonly dirId: number,
    readonly name: string,
    readonly size: number,
    readonly mtimeMs: number,
    readonly scanId: number,
    readonly config: string,
    readonly result: string,
  ) {}

  get hash(): string | null {
    return this.load()[0];
  }

  get change(): FileChange {
    return this.load()[1];
  }

  private load(): [string | null, FileChange] {
    return (this.details ??= (this.query.get(this.dirId, this.name) as [string | null, FileChange] | undefined) ?? [null, 'new']);
  }
}

/** Most writes in one transaction, and longest a transaction stays open (ms). */
const COMMIT_EVERY_WRITES = 500;
const COMMIT_EVERY_MS = 1_000;

/**
 * Incremental-scan state in SQLite (better-sqlite3, WAL). Per file: size, mtime, content hash and
 * the last result, keyed by (root, directory, name) so that one indexed query fetches a whole
 * directory. Writes are grouped into transactions committed every 500 writes or every
 * second: a crash (kill -9, power loss) loses at most that last second of work, never consistency.
 */
export class ScanState {
  private readonly db: DatabaseType;
  private readonly statements: ReturnType<typeof prepare>;
  private pendingWrites = 0;
  private transactionStarted = 0;
  private dirIds = new Map<string, number>();
  private scanId = 0;

  private constructor(db: DatabaseType) {
    this.db = db;
    this.statements = prepare(db);
  }

  /** Opens (creating if needed) the state database at `file`. */
  static open(file: string): ScanState {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } else if (version !== SCHEMA_VERSION) {
      db.close();
      throw new Error(`state database ${file} has schema version ${version}; this gallra understands ${SCHEMA_VERSION}`);
    }
    return new ScanState(db);
  }

  /** The most recent scan, if any. */
  lastScan(): ScanRecord | null {
    const row = this.statements.lastScan.get() as ScanRow | undefined;
    return row ? toScanRecord(row) : null;
  }

  /**
   * Starts a scan, or continues the interrupted one with `resume`. Returns its id and whether it
   * resumed. A scan left `running` by a crash that is not resumed is marked `interrupted`.
   */
  begin(roots: readonly string[], resume: boolean): { scanId: number; resumed: boolean; previous: ScanRecord | null } {
    const last = this.lastScan();
    if (resume && last?.status === 'running') {
      this.scanId = last.id;
      const previous = this.statements.scanBefore.get(last.id) as ScanRow | undefined;
      return { scanId: last.id, resumed: true, previous: previous ? toScanRecord(previous) : null };
    }
    if (last?.status === 'running') this.statements.markInterrupted.run(last.id);
    const info = this.statements.insertScan.run(new Date().toISOString(), JSON.stringify(roots));
    this.scanId = Number(info.lastInsertRowid);
    return { scanId: this.scanId, resumed: false, previous: last };
  }

  /**
   * Everything stored for directory `dir` of `rootAbs`, by name, and marks the directory as seen
   * by this scan. One indexed query per directory.
   */
  directory(rootAbs: string, dir: string): Map<string, StoredFile> {
    const dirId = this.dirId(rootAbs, dir, true)!;
    // Raw arrays without `hash` and `change` (a third of the bytes): an unchanged file never needs
    // them, so they are fetched only for the few files that do.
    const rows = this.statements.filesInRaw.all(dirId) as [string, number, number, number, string, string][];
    const byName = new Map<string, StoredFile>();
    const details = this.statements.fileDetails;
    for (const [name, size, mtimeMs, scanId, config, result] of rows) {
      byName.set(name, new StoredEntry(details, dirId, name, size, mtimeMs, scanId, config, result));
    }
    return byName;
  }

  /** Records a file's new result (queued into the current transaction). */
  save(rootAbs: string, dir: string, file: Omit<StoredFile, 'scanId'>): void {
    const dirId = this.dirId(rootAbs, dir, false)!;
    this.write(() =>
      this.statements.upsertFile.run(dirId, file.name, file.size, file.mtimeMs, file.hash, this.scanId, file.config, file.change, file.result),
    );
  }

  /** Forgets a file that no longer exists. */
  remove(rootAbs: string, dir: string, name: string): void {
    const dirId = this.dirId(rootAbs, dir, false);
    if (dirId === undefined) return;
    this.write(() => this.statements.deleteFile.run(dirId, name));
  }

  /**
   * Keeps directory `dir` of `rootAbs` and everything below it as they were stored: the scan could not
   * read it (permission denied, an I/O error, an unmounted share as a root), which says nothing about
   * whether its files still exist, so they must not be counted as deleted. `dir` '' keeps the whole root.
   */
  keepSubtree(rootAbs: string, dir: string): void {
    if (dir === '') this.write(() => this.statements.keepRoot.run(this.scanId, rootAbs));
    // Descendants are the paths between `dir/` and `dir0` ('0' follows '/'): no LIKE, so no escaping of % and _.
    else this.write(() => this.statements.keepSubtree.run(this.scanId, rootAbs, dir, `${dir}/`, `${dir}0`));
  }

  /**
   * Files under `rootAbs` in directories this scan never entered (deleted, excluded or unreadable
   * now); removes them from the state and returns them. Call only when the crawl of that root ended.
   */
  takeUnvisited(rootAbs: string): RemovedFile[] {
    this.commit();
    const rows = this.statements.unvisited.all(rootAbs, this.scanId) as (FileRow & { dir: string })[];
    this.db.transaction(() => {
      this.statements.deleteUnvisitedFiles.run(rootAbs, this.scanId);
      this.statements.deleteUnvisitedDirs.run(rootAbs, this.scanId);
    })();
    for (const key of [...this.dirIds.keys()]) if (key.startsWith(`${rootAbs}\u0000`)) this.dirIds.delete(key);
    return rows.map((row) => ({ rootAbs, dir: row.dir, name: row.name, result: row.result }));
  }

  /** Marks the scan complete with its totals. */
  finish(files: number, bytes: number): void {
    this.commit();
    this.statements.finishScan.run(new Date().toISOString(), files, bytes, this.scanId);
  }

  /** Commits pending writes. */
  commit(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.pendingWrites = 0;
  }

  close(): void {
    this.commit();
    this.db.close();
  }

  private write(run: () => void): void {
    if (!this.db.inTransaction) {
      this.db.exec('BEGIN');
      this.transactionStarted = Date.now();
    }
    run();
    if (++this.pendingWrites >= COMMIT_EVERY_WRITES || Date.now() - this.transactionStarted >= COMMIT_EVERY_MS) this.commit();
  }

  private dirId(rootAbs: string, dir: string, markSeen: boolean): number | undefined {
    const key = `${rootAbs}\u0000${dir}`;
    let id = this.dirIds.get(key);
    if (id === undefined) {
      const row = this.statements.findDir.get(rootAbs, dir) as { id: number } | undefined;
      if (row) id = row.id;
      else {
        const insert = this.statements.insertDir;
        this.write(() => {
          id = Number(insert.run(rootAbs, dir, this.scanId).lastInsertRowid);
        });
      }
      if (this.dirIds.size > 10_000) this.dirIds.clear();
      this.dirIds.set(key, id!);
    }
    if (markSeen) this.write(() => this.statements.markDirSeen.run(this.scanId, id!));
    return id;
  }
}

const SCHEMA = `
CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL DEFAULT 'running',
  roots TEXT NOT NULL,
  files INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE dirs (
  id INTEGER PRIMARY KEY,
  root TEXT NOT NULL,
  path TEXT NOT NULL,
  seen_scan INTEGER NOT NULL,
  UNIQUE (root, path)
);
CREATE INDEX dirs_seen ON dirs (root, seen_scan);
CREATE TABLE files (
  dir_id INTEGER NOT NULL REFERENCES dirs (id),
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime REAL NOT NULL,
  hash TEXT,
  scan_id INTEGER NOT NULL,
  config TEXT NOT NULL,
  change TEXT NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (dir_id, name)
) WITHOUT ROWID;
CREATE INDEX files_hash ON files (hash);
`;

interface ScanRow {
  id: number;
  started_at: string;
  status: ScanRecord['status'];
  files: number;
  bytes: number;
}

interface FileRow {
  name: string;
  size: number;
  mtime: number;
  hash: string | null;
  scan_id: number;
  config: string;
  change: string;
  result: string;
}

function toScanRecord(row: ScanRow): ScanRecord {
  return { id: row.id, startedAt: row.started_at, status: row.status, files: row.files, bytes: row.bytes };
}

function prepare(db: DatabaseType) {
  return {
    filesInRaw: db.prepare('SELECT name, size, mtime, scan_id, config, result FROM files WHERE dir_id = ?').raw(true),
    fileDetails: db.prepare('SELECT hash, change FROM files WHERE dir_id = ? AND name = ?').raw(true),
    lastScan: db.prepare('SELECT id, started_at, status, files, bytes FROM scans ORDER BY id DESC LIMIT 1'),
    scanBefore: db.prepare('SELECT id, started_at, status, files, bytes FROM scans WHERE id < ? ORDER BY id DESC LIMIT 1'),
    insertScan: db.prepare("INSERT INTO scans (started_at, roots, status) VALUES (?, ?, 'running')"),
    markInterrupted: db.prepare("UPDATE scans SET status = 'interrupted' WHERE id = ?"),
    finishScan: db.prepare("UPDATE scans SET finished_at = ?, status = 'complete', files = ?, bytes = ? WHERE id = ?"),
    findDir: db.prepare('SELECT id FROM dirs WHERE root = ? AND path = ?'),
    insertDir: db.prepare('INSERT INTO dirs (root, path, seen_scan) VALUES (?, ?, ?)'),
    markDirSeen: db.prepare('UPDATE dirs SET seen_scan = ? WHERE id = ?'),
    keepRoot: db.prepare('UPDATE dirs SET seen_scan = ? WHERE root = ?'),
    keepSubtree: db.prepare('UPDATE dirs SET seen_scan = ? WHERE root = ? AND (path = ? OR (path >= ? AND path < ?))'),
    filesIn: db.prepare('SELECT name, size, mtime, hash, scan_id, config, change, result FROM files WHERE dir_id = ?'),
    upsertFile: db.prepare(
      `INSERT INTO files (dir_id, name, size, mtime, hash, scan_id, config, change, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dir_id, name) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, hash = excluded.hash,
         scan_id = excluded.scan_id, config = excluded.config, change = excluded.change, result = excluded.result`,
    ),
    deleteFile: db.prepare('DELETE FROM files WHERE dir_id = ? AND name = ?'),
    unvisited: db.prepare(
      'SELECT d.path AS dir, f.name, f.result FROM dirs d JOIN files f ON f.dir_id = d.id WHERE d.root = ? AND d.seen_scan < ?',
    ),
    deleteUnvisitedFiles: db.prepare('DELETE FROM files WHERE dir_id IN (SELECT id FROM dirs WHERE root = ? AND seen_scan < ?)'),
    deleteUnvisitedDirs: db.prepare('DELETE FROM dirs WHERE root = ? AND seen_scan < ?'),
  };
}
