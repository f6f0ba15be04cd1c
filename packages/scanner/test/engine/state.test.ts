import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEngine, type EngineFileReport } from '../../src/engine/engine.js';
import { ScanState } from '../../src/engine/state.js';

// A folder's files are stored as rows (the truth, written file by file) and, after a complete scan,
// also packed into one listing row per folder (what a rescan reads). These tests check that the two
// never disagree and that state files of the previous schema keep working.

const processor = new URL('./fixtures/test-processor.mjs', import.meta.url);
let work: string;
let root: string;
let statePath: string;

function write(rel: string, content: string): void {
  const abs = join(root, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
}

async function scan(options: { resume?: boolean; signal?: AbortSignal } = {}) {
  const files: EngineFileReport[] = [];
  const summary = await runEngine(
    [root],
    { processor, processorOptions: { logFile: join(work, 'processed.log') }, jobs: 1, batchFiles: 1, progress: { mode: 'none' }, statePath, ...options },
    (report) => {
      files.push(report);
    },
  );
  return { summary, byPath: new Map(files.map((f) => [f.path, f])) };
}

/** A listing row decoded (see state.ts): names joined by `/`, a mark and five doubles per file, strings as JSON. */
function decode(names: string, numbers: Buffer, strings: string): unknown[][] {
  const values = new Float64Array(new Uint8Array(numbers).buffer);
  expect(values[0]).toBe(2.5);
  const texts = JSON.parse(strings) as string[];
  return (names === '' ? [] : names.split('/')).map((name, k) => {
    const [size, mtime, scanId, config, result] = values.subarray(1 + 5 * k, 6 + 5 * k);
    return [name, size, mtime, scanId, texts[config!], texts[result!]];
  });
}

/** Every listing decoded next to the rows of its folder, in the same shape. */
function listingsAndRows(): { dir: string; listing: unknown[]; rows: unknown[] }[] {
  const db = new Database(statePath, { readonly: true });
  try {
    const listings = db
      .prepare('SELECT d.path AS dir, l.dir_id AS id, l.names, l.numbers, l.strings FROM listings l JOIN dirs d ON d.id = l.dir_id ORDER BY d.path')
      .all() as { dir: string; id: number; names: string; numbers: Buffer; strings: string }[];
    const rows = db.prepare('SELECT name, size, mtime, scan_id, config, result FROM files WHERE dir_id = ? ORDER BY name');
    return listings.map(({ dir, id, names, numbers, strings }) => {
      return {
        dir,
        listing: decode(names, numbers, strings).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        rows: (rows.raw(true).all(id) as unknown[][]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      };
    });
  } finally {
    db.close();
  }
}

function tableCount(sql: string): number {
  const db = new Database(statePath, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'gallra-state-'));
  root = join(work, 'tree');
  statePath = join(work, 'state.db');
  mkdirSync(root);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('folder listings in the state database', () => {
  it('match the rows of their folder after every kind of change', async () => {
    write('a.txt', 'PNR:1\n');
    write('b.txt', 'nothing\n');
    write('sub/c.txt', 'PNR:2\n');
    write('sub/deeper/d.txt', 'PNR:3\n');
    await scan();
    const first = listingsAndRows();
    expect(first.map((l) => l.dir)).toEqual(['', 'sub', 'sub/deeper']);
    for (const { listing, rows } of first) expect(listing).toEqual(rows);

    // Changed, added, deleted and a whole folder gone.
    write('a.txt', 'PNR:1\nPNR:4\n');
    utimesSync(join(root, 'a.txt'), new Date(), new Date(Date.now() + 5000));
    write('sub/e.txt', 'PNR:5\n');
    unlinkSync(join(root, 'b.txt'));
    rmSync(join(root, 'sub/deeper'), { recursive: true });
    const second = await scan();
    expect(second.summary.changes).toMatchObject({ new: 1, changed: 1, unchanged: 1, deleted: 2 });
    const after = listingsAndRows();
    expect(after.map((l) => l.dir)).toEqual(['', 'sub']);
    for (const { listing, rows } of after) expect(listing).toEqual(rows);

    // Read from the listings: everything unchanged, with the stored findings.
    const third = await scan();
    expect(third.summary.reused).toBe(3);
    expect(third.summary.changes).toMatchObject({ new: 0, changed: 0, unchanged: 3, deleted: 0, findingsUnchanged: 4 });
    expect(third.byPath.get('a.txt')!.findings.map((f) => f.masked)).toEqual(['1****', '4****']);
  });

  it('are dropped with the first write to their folder, in the same transaction, and rebuilt when a scan completes', async () => {
    write('a.txt', 'PNR:1\n');
    write('b.txt', 'PNR:2\n');
    await scan();
    expect(tableCount('SELECT count(*) FROM listings')).toBe(1);

    const state = ScanState.open(statePath);
    state.begin([root], false);
    const folder = state.directory(root, '');
    const a = folder.take('a.txt')!;
    expect(a).toMatchObject({ name: 'a.txt', size: 6, change: 'new' });
    expect(folder.take('a.txt')).toBeUndefined(); // each file once
    state.save(root, '', { name: 'a.txt', size: 7, mtimeMs: a.mtimeMs + 1, hash: null, config: a.config, change: 'changed', result: a.result });
    state.commit();
    // A crash now leaves no listing that disagrees with the rows.
    expect(tableCount('SELECT count(*) FROM listings')).toBe(0);
    expect([...folder.rest()].map((f) => f.name)).toEqual(['b.txt']);
    state.finish(2, 13);
    state.close();
    const [rebuilt] = listingsAndRows();
    expect(rebuilt!.listing).toEqual(rebuilt!.rows);
    expect(rebuilt!.listing.map((row) => (row as unknown[]).slice(0, 2))).toEqual([
      ['a.txt', 7],
      ['b.txt', 6],
    ]);
  });

  it('are not needed: an interrupted scan leaves changed folders without one, and resume reads their rows', async () => {
    for (let i = 0; i < 6; i++) write(`d${i}/f.txt`, `PNR:${i}\n`);
    await scan();
    for (let i = 0; i < 6; i++) {
      write(`d${i}/f.txt`, `PNR:${i}\nPNR:${i + 10}\n`);
      utimesSync(join(root, `d${i}/f.txt`), new Date(), new Date(Date.now() + 5000));
    }
    const controller = new AbortController();
    let seen = 0;
    const stopped = await runEngine(
      [root],
      { processor, processorOptions: { logFile: join(work, 'processed.log') }, jobs: 1, batchFiles: 1, statePath, signal: controller.signal, progress: { mode: 'none' } },
      () => {
        if (++seen === 2) controller.abort();
      },
    );
    expect(stopped.complete).toBe(false);
    for (const { listing, rows } of listingsAndRows()) expect(listing).toEqual(rows);
    const resumed = await scan({ resume: true });
    expect(resumed.summary).toMatchObject({ complete: true, files: 6 });
    expect(resumed.summary.changes).toMatchObject({ changed: 6, new: 0, deleted: 0, findingsNew: 6 });
    expect(tableCount('SELECT count(*) FROM listings')).toBe(7); // the six folders and the root (empty)
    for (const { listing, rows } of listingsAndRows()) expect(listing).toEqual(rows);
  });

  it('that this code did not write (another byte order, damage) are ignored, the rows read instead, and remade', async () => {
    write('a.txt', 'PNR:1\n');
    write('b.txt', 'PNR:2\n');
    await scan();
    const db = new Database(statePath);
    const good = db.prepare('SELECT numbers, strings FROM listings').raw(true).get() as [Buffer, string];
    const damaged = new Float64Array(new Uint8Array(good[0]).buffer);
    damaged[5] = 7; // a result index past the folder's strings
    for (const [numbers, strings] of [
      [Buffer.from(new Float64Array([1.5, ...damaged.subarray(1)]).buffer), good[1]], // another mark (byte order)
      [Buffer.from(damaged.buffer), good[1]],
      [good[0], '["not closed'],
    ] as const) {
      db.prepare('UPDATE listings SET numbers = ?, strings = ?').run(numbers, strings);
      const again = await scan();
      expect(again.summary.reused).toBe(2);
      expect(again.summary.changes).toMatchObject({ unchanged: 2, new: 0, deleted: 0, findingsUnchanged: 2 });
      const [remade] = listingsAndRows(); // decoding checks the mark
      expect(remade!.listing).toEqual(remade!.rows);
    }
    db.close();
  });
});

describe('schema versions', () => {
  it('upgrades a version 1 state file (no listings) in place and reuses its results', async () => {
    write('a.txt', 'PNR:1\n');
    write('sub/b.txt', 'PNR:2\n');
    await scan();
    // What gallra before listings left behind.
    const db = new Database(statePath);
    db.exec('DROP TABLE listings');
    db.pragma('user_version = 1');
    db.close();

    const again = await scan();
    expect(again.summary.reused).toBe(2);
    expect(again.summary.changes).toMatchObject({ unchanged: 2, new: 0, deleted: 0, findingsUnchanged: 2 });
    expect(tableCount('PRAGMA user_version')).toBe(2);
    expect(listingsAndRows().map((l) => l.dir)).toEqual(['', 'sub']);
  });

  it('refuses a state file of a newer gallra with a message naming both versions', async () => {
    const db = new Database(statePath);
    db.pragma('user_version = 3');
    db.close();
    await expect(scan()).rejects.toThrow(/schema version 3; this gallra understands 2/);
  });
});
