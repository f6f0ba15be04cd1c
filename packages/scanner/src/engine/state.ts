import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database as DatabaseType, Statement } from 'better-sqlite3';

// Required as CommonJS: an ES import of a CommonJS package makes Node parse its sources for named
// exports first, which an unchanged rescan (mostly start-up and stat) pays for on every run.
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

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

/**
 * 2: adds `listings` (one row per folder: its files' rows packed, so that a rescan reads a folder
 * with one row instead of one row per file). Version 1 files are upgraded in place.
 */
const SCHEMA_VERSION = 2;

/**
 * What a rescan needs of a folder's files, as one `listings` row: names joined by `/` (the one
 * character a file name cannot hold), five doubles per file (size, mtime, scan id, and indexes into
 * `strings` of its settings key and stored result) and the folder's distinct strings (most files
 * share the same few). Binary numbers and a split string cost a fraction of parsing them as JSON.
 */
interface Listing {
  readonly names: readonly string[];
  readonly numbers: Float64Array;
  readonly strings: readonly string[];
}

/** Doubles per file in {@link Listing.numbers}. */
const PER_FILE = 5;
/** Leads the packed numbers: a file written with another byte order reads as no listing. */
const LISTING_MARK = 2.5;

function packListing(listing: Listing): [string, Buffer, string] {
  const numbers = new Float64Array(listing.numbers.length + 1);
  numbers[0] = LISTING_MARK;
  numbers.set(listing.numbers, 1);
  return [listing.names.join('/'), Buffer.from(numbers.buffer), JSON.stringify(listing.strings)];
}

/** The listing of a `listings` row, or null when it is not one this code wrote. */
function unpackListing(names: string, packed: Buffer, strings: string): Listing | null {
  if (packed.length % 8 !== 0 || packed.length === 0) return null;
  // A copy: the database's buffer need not be aligned for a Float64Array.
  const all = new Float64Array(packed.length / 8);
  new Uint8Array(all.buffer).set(packed);
  if (all[0] !== LISTING_MARK) return null;
  const numbers = all.subarray(1);
  const count = numbers.length / PER_FILE;
  const split = count === 0 ? [] : names.split('/');
  if (!Number.isInteger(count) || split.length !== count) return null;
  let texts: unknown;
  try {
    texts = JSON.parse(strings);
  } catch {
    return null;
  }
  if (!Array.isArray(texts) || !texts.every((text) => typeof text === 'string')) return null;
  // Every file's settings key and result must be one of the strings (a damaged row reads as none).
  for (let at = 3; at < numbers.length; at += PER_FILE) {
    if (!(texts[numbers[at]!] !== undefined && texts[numbers[at + 1]!] !== undefined)) return null;
  }
  return { names: split, numbers, strings: texts as string[] };
}

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

/**
 * What the state remembers of one folder's files. {@link take} hands out each file at most once;
 * {@link rest} is then the stored files the scan did not find. Files are kept as columns, not as one
 * object per file: an unchanged rescan looks every file up and needs only a few of its fields.
 */
export class StoredFolder {
  /** Files stored (taken or not). */
  readonly size: number;
  private readonly taken: Uint8Array;
  private byName: Map<string, number> | undefined;
  /** Where the next name is expected: the walk asks in name order, as the listing is stored. */
  private cursor = 0;

  /** @internal */
  constructor(
    private readonly listing: Listing,
    private readonly details: Statement,
    private readonly dirId: number,
  ) {
    this.size = listing.names.length;
    this.taken = new Uint8Array(this.size);
  }

  /**
   * Index of the stored file called `name`, -1 when there is none; each index is handed out once
   * (a second call for the same name returns -1). Read it with the `…At` methods or {@link entry}.
   */
  find(name: string): number {
    const names = this.listing.names;
    let index = this.cursor;
    if (names[index] !== name) {
      this.byName ??= new Map(names.map((n, i) => [n, i]));
      index = this.byName.get(name) ?? -1;
      if (index < 0) return -1;
    }
    if (this.taken[index] === 1) return -1;
    this.taken[index] = 1;
    this.cursor = index + 1;
    return index;
  }

  sizeAt(index: number): number {
    return this.listing.numbers[index * PER_FILE]!;
  }

  mtimeMsAt(index: number): number {
    return this.listing.numbers[index * PER_FILE + 1]!;
  }

  scanIdAt(index: number): number {
    return this.listing.numbers[index * PER_FILE + 2]!;
  }

  configAt(index: number): string {
    return this.listing.strings[this.listing.numbers[index * PER_FILE + 3]!]!;
  }

  resultAt(index: number): string {
    return this.listing.strings[this.listing.numbers[index * PER_FILE + 4]!]!;
  }

  /** Everything stored about file `index` (its hash and change are read from the database on first use). */
  entry(index: number): StoredFile {
    return new StoredEntry(this.details, this.dirId, this.listing.names[index]!, this.sizeAt(index), this.mtimeMsAt(index), this.scanIdAt(index), this.configAt(index), this.resultAt(index));
  }

  /** The stored file called `name` (once: a second call returns undefined). */
  take(name: string): StoredFile | undefined {
    const index = this.find(name);
    return index < 0 ? undefined : this.entry(index);
  }

  /** The stored files not taken: gone from the folder (or no longer in scope). */
  *rest(): Generator<{ readonly name: string; readonly result: string }> {
    const { names, numbers, strings } = this.listing;
    for (let index = 0; index < this.size; index++) {
      if (this.taken[index] === 0) yield { name: names[index]!, result: strings[numbers[index * PER_FILE + 4]!]! };
    }
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
  /** Folders whose listing this scan read, and folders known to have none (dropped or never made). */
  private readonly listed = new Set<number>();
  private readonly unlisted = new Set<number>();
  /** Directories this scan entered (see {@link takeUnvisited}). */
  private readonly visited = new Set<number>();

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
    let version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0 || version === 1) version = db.transaction(migrateSchema).immediate(db);
    if (version !== SCHEMA_VERSION) {
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
   * Everything stored for directory `dir` of `rootAbs`, and marks the directory as seen by this
   * scan: its listing (one row) where there is one, else one indexed query over its files.
   */
  directory(rootAbs: string, dir: string): StoredFolder {
    const key = `${rootAbs}\u0000${dir}`;
    let dirId = this.dirIds.get(key);
    let packed: [string, Buffer, string] | [null, null, null] | undefined;
    if (dirId === undefined) {
      const row = this.statements.findDirListing.get(rootAbs, dir) as [number, string, Buffer, string] | [number, null, null, null] | undefined;
      if (row) {
        dirId = row[0];
        packed = [row[1], row[2], row[3]] as [string, Buffer, string] | [null, null, null];
      }
    } else packed = this.statements.listing.get(dirId) as [string, Buffer, string] | undefined;
    dirId = this.dirId(rootAbs, dir, true, dirId)!;
    const listing = packed && packed[0] !== null ? unpackListing(...packed) : null;
    if (listing) {
      this.listed.add(dirId);
      return new StoredFolder(listing, this.statements.fileDetails, dirId);
    }
    // A listing this code cannot read (damaged, another byte order) is dropped, so the next complete scan remakes it.
    if (packed && packed[0] !== null) this.unlist(dirId);
    else this.unlisted.add(dirId);
    return new StoredFolder(this.readListing(dirId), this.statements.fileDetails, dirId);
  }

  /** Records a file's new result (queued into the current transaction). */
  save(rootAbs: string, dir: string, file: Omit<StoredFile, 'scanId'>): void {
    const dirId = this.dirId(rootAbs, dir, false)!;
    this.unlist(dirId);
    this.write(() =>
      this.statements.upsertFile.run(dirId, file.name, file.size, file.mtimeMs, file.hash, this.scanId, file.config, file.change, file.result),
    );
  }

  /** Forgets a file that no longer exists. */
  remove(rootAbs: string, dir: string, name: string): void {
    const dirId = this.dirId(rootAbs, dir, false);
    if (dirId === undefined) return;
    this.unlist(dirId);
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
    // Directories this scan entered are marked in memory only (a write per directory cost an
    // unchanged rescan more than reading the directory's listing); kept subtrees are marked in the file.
    const gone = (this.statements.staleDirs.all(rootAbs, this.scanId) as number[]).filter((id) => !this.visited.has(id));
    const removed: RemovedFile[] = [];
    if (gone.length > 0) {
      this.db.transaction(() => {
        for (const dirId of gone) {
          for (const row of this.statements.filesOfDir.all(dirId) as { dir: string; name: string; result: string }[]) {
            removed.push({ rootAbs, dir: row.dir, name: row.name, result: row.result });
          }
          this.statements.deleteListing.run(dirId);
          this.statements.deleteFilesOfDir.run(dirId);
          this.statements.deleteDir.run(dirId);
        }
      })();
    }
    for (const key of [...this.dirIds.keys()]) if (key.startsWith(`${rootAbs}\u0000`)) this.dirIds.delete(key);
    return removed;
  }

  /** Marks the scan complete with its totals. */
  finish(files: number, bytes: number): void {
    this.commit();
    this.writeListings();
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

  /** A folder's files as stored, read row by row (for a folder without a listing). */
  private readListing(dirId: number): Listing {
    const rows = this.statements.filesInRaw.all(dirId) as [string, number, number, number, string, string][];
    const names: string[] = [];
    const numbers = new Float64Array(rows.length * PER_FILE);
    const strings: string[] = [];
    const indexes = new Map<string, number>();
    const intern = (text: string): number => {
      let index = indexes.get(text);
      if (index === undefined) {
        index = strings.length;
        strings.push(text);
        indexes.set(text, index);
      }
      return index;
    };
    for (let k = 0; k < rows.length; k++) {
      const [name, size, mtimeMs, scanId, config, result] = rows[k]!;
      names.push(name);
      const at = k * PER_FILE;
      numbers[at] = size;
      numbers[at + 1] = mtimeMs;
      numbers[at + 2] = scanId;
      numbers[at + 3] = intern(config);
      numbers[at + 4] = intern(result);
    }
    return { names, numbers, strings };
  }

  /** Drops the listing of a folder whose files are being written (it is rebuilt when the scan finishes). */
  private unlist(dirId: number): void {
    if (!this.listed.has(dirId) && this.unlisted.has(dirId)) return;
    this.listed.delete(dirId);
    this.unlisted.add(dirId);
    this.write(() => this.statements.deleteListing.run(dirId));
  }

  /** Packs every folder that has files but no listing (after a complete scan: the next one reads them fast). */
  private writeListings(): void {
    const missing = this.statements.unlistedDirs.all() as number[];
    if (missing.length === 0) return;
    this.db.transaction(() => {
      for (const dirId of missing) this.statements.insertListing.run(dirId, ...packListing(this.readListing(dirId)));
    })();
    this.unlisted.clear();
  }

  private write(run: () => void): void {
    if (!this.db.inTransaction) {
      this.db.exec('BEGIN');
      this.transactionStarted = Date.now();
    }
    run();
    if (++this.pendingWrites >= COMMIT_EVERY_WRITES || Date.now() - this.transactionStarted >= COMMIT_EVERY_MS) this.commit();
  }

  private dirId(rootAbs: string, dir: string, markSeen: boolean, known?: number): number | undefined {
    const key = `${rootAbs}\u0000${dir}`;
    let id = known ?? this.dirIds.get(key);
    if (id === undefined) {
      const row = this.statements.findDir.get(rootAbs, dir) as { id: number } | undefined;
      if (row) id = row.id;
      else {
        const insert = this.statements.insertDir;
        this.write(() => {
          id = Number(insert.run(rootAbs, dir, this.scanId).lastInsertRowid);
        });
      }
    }
    if (!this.dirIds.has(key)) {
      if (this.dirIds.size > 10_000) this.dirIds.clear();
      this.dirIds.set(key, id!);
    }
    if (markSeen) this.visited.add(id!);
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

/** Schema version 2. A folder's listing is dropped in the same transaction as any write to its files. */
const LISTINGS = `
CREATE TABLE listings (
  dir_id INTEGER PRIMARY KEY REFERENCES dirs (id),
  names TEXT NOT NULL,
  numbers BLOB NOT NULL,
  strings TEXT NOT NULL
);
`;

/**
 * Creates the schema (version 0: a new file) or upgrades version 1 in place, in one transaction that
 * takes the write lock first, so a crash or a second gallra opening the same file at once never sees
 * half of it. Version 1 gains `listings` only: its folders get theirs when the next complete scan
 * finishes. (An older gallra then refuses the file rather than writing files without dropping the
 * listings they change.) Returns the version the file has now.
 */
function migrateSchema(db: DatabaseType): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) db.exec(SCHEMA + LISTINGS);
  else if (version === 1) db.exec(LISTINGS);
  else return version;
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return SCHEMA_VERSION;
}

interface ScanRow {
  id: number;
  started_at: string;
  status: ScanRecord['status'];
  files: number;
  bytes: number;
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
    findDirListing: db
      .prepare('SELECT d.id, l.names, l.numbers, l.strings FROM dirs d LEFT JOIN listings l ON l.dir_id = d.id WHERE d.root = ? AND d.path = ?')
      .raw(true),
    listing: db.prepare('SELECT names, numbers, strings FROM listings WHERE dir_id = ?').raw(true),
    insertListing: db.prepare('INSERT OR REPLACE INTO listings (dir_id, names, numbers, strings) VALUES (?, ?, ?, ?)'),
    deleteListing: db.prepare('DELETE FROM listings WHERE dir_id = ?'),
    unlistedDirs: db.prepare('SELECT id FROM dirs WHERE id NOT IN (SELECT dir_id FROM listings)').pluck(),
    insertDir: db.prepare('INSERT INTO dirs (root, path, seen_scan) VALUES (?, ?, ?)'),
    keepRoot: db.prepare('UPDATE dirs SET seen_scan = ? WHERE root = ?'),
    keepSubtree: db.prepare('UPDATE dirs SET seen_scan = ? WHERE root = ? AND (path = ? OR (path >= ? AND path < ?))'),
    upsertFile: db.prepare(
      `INSERT INTO files (dir_id, name, size, mtime, hash, scan_id, config, change, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dir_id, name) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, hash = excluded.hash,
         scan_id = excluded.scan_id, config = excluded.config, change = excluded.change, result = excluded.result`,
    ),
    deleteFile: db.prepare('DELETE FROM files WHERE dir_id = ? AND name = ?'),
    staleDirs: db.prepare('SELECT id FROM dirs WHERE root = ? AND seen_scan < ?').pluck(),
    filesOfDir: db.prepare('SELECT d.path AS dir, f.name, f.result FROM dirs d JOIN files f ON f.dir_id = d.id WHERE d.id = ?'),
    deleteFilesOfDir: db.prepare('DELETE FROM files WHERE dir_id = ?'),
    deleteDir: db.prepare('DELETE FROM dirs WHERE id = ?'),
  };
}
