import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEngine, type EngineFileReport, type EngineOptions } from '../../src/engine/engine.js';

const processor = new URL('./fixtures/test-processor.mjs', import.meta.url);
let work: string;
let root: string;
let log: string;

function write(rel: string, content: string): void {
  const abs = join(root, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
}

/** Files the test processor actually processed (one line per processed file). */
function processed(): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).sort() : [];
}

async function scan(options: Partial<EngineOptions> = {}) {
  const files: EngineFileReport[] = [];
  const summary = await runEngine([root], { processor, processorOptions: { logFile: log }, jobs: 2, progress: { mode: 'none' }, ...options }, (report) => {
    files.push(report);
  });
  const byPath = new Map(files.map((f) => [f.path, f]));
  return { summary, files, byPath };
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'gallra-engine-'));
  root = join(work, 'tree');
  log = join(work, 'processed.log');
  mkdirSync(root);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('runEngine', () => {
  it('scans every file in workers and streams one report per file', async () => {
    for (let i = 0; i < 30; i++) write(`d${i % 3}/f${i}.txt`, `row ${i}\nPNR:${1000 + i}\n`);
    const { summary, files, byPath } = await scan();
    expect(files).toHaveLength(30);
    expect(summary).toMatchObject({ files: 30, errors: 0, complete: true, changes: null });
    expect(byPath.get('d1/f4.txt')).toMatchObject({ status: 'ok', format: 'test', findings: [{ masked: '1004****', location: { line: 2 } }] });
    expect(processed()).toHaveLength(30);
  });

  it('abandons a file that hangs with `timeout`, replaces the worker and finishes the rest', async () => {
    for (let i = 0; i < 6; i++) write(`ok${i}.txt`, `PNR:${i}\n`);
    write('hang.txt', 'HANG\n');
    const started = Date.now();
    const { summary, byPath } = await scan({ timeoutMs: 1500 });
    expect(byPath.get('hang.txt')).toMatchObject({ status: 'error', error: { reason: 'timeout' }, findings: [] });
    for (let i = 0; i < 6; i++) expect(byPath.get(`ok${i}.txt`)).toMatchObject({ status: 'ok' });
    expect(summary.files).toBe(7);
    expect(summary.errors).toBe(1);
    // Batch timeout + the hanging file's own retry: two time limits, not more.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('starts a task\'s time limit when its worker starts it, not while it waits behind other tasks', async () => {
    for (let i = 0; i < 4; i++) write(`f${i}.txt`, `PNR:${i}\n`);
    // One worker, one file per task, 0.7 s per file: the last task waits ~2 s for its turn; limit 1 s.
    const { summary, byPath } = await scan({ jobs: 1, batchFiles: 1, timeoutMs: 1000, timeoutMsPerMb: 0, processorOptions: { logFile: log, delayMs: 700 } });
    for (let i = 0; i < 4; i++) expect(byPath.get(`f${i}.txt`)).toMatchObject({ status: 'ok', findings: [{}] });
    expect(summary.errors).toBe(0);
  });

  it('re-runs a task that waited in a worker stopped for the hanging task before it', async () => {
    write('a-hang.txt', 'HANG\n');
    for (let i = 0; i < 3; i++) write(`b${i}.txt`, `PNR:${i}\n`);
    const { summary, byPath } = await scan({ jobs: 1, batchFiles: 1, timeoutMs: 1000 });
    expect(byPath.get('a-hang.txt')).toMatchObject({ status: 'error', error: { reason: 'timeout' } });
    for (let i = 0; i < 3; i++) expect(byPath.get(`b${i}.txt`)).toMatchObject({ status: 'ok', findings: [{}] });
    expect(summary).toMatchObject({ files: 4, errors: 1 });
  });

  it('gives a large file more time in proportion to its size, so slow steady work is not abandoned', async () => {
    write('big.txt', `PNR:1\n${'x'.repeat(2 * 1024 * 1024)}\n`);
    // The processor takes 1.2 s for the file; the base limit is 0.6 s.
    const slow = { processorOptions: { logFile: log, delayMs: 1200 }, timeoutMs: 600 };
    const scaled = await scan({ ...slow, timeoutMsPerMb: 1000 });
    expect(scaled.byPath.get('big.txt')).toMatchObject({ status: 'ok', findings: [{ masked: '1****' }] });
    const fixed = await scan({ ...slow, timeoutMsPerMb: 0 });
    expect(fixed.byPath.get('big.txt')).toMatchObject({ status: 'error', error: { reason: 'timeout' } });
  });

  it('costs one file when a worker exits or runs out of memory, never the scan', async () => {
    write('a.txt', 'PNR:1\n');
    write('exit.txt', 'EXIT\n');
    write('m.txt', 'PNR:2\n');
    write('oom.txt', 'OOM\n');
    write('z.txt', 'PNR:3\n');
    const { summary, byPath } = await scan({ workerHeapMb: 48, timeoutMs: 20_000 });
    expect(byPath.get('exit.txt')).toMatchObject({ status: 'error', error: { reason: 'worker-crashed' } });
    expect(byPath.get('oom.txt')).toMatchObject({
      status: 'error',
      error: { reason: 'worker-crashed', message: 'out of memory: reading the file needed more than the worker heap limit of 48 MB; the worker was replaced' },
    });
    for (const ok of ['a.txt', 'm.txt', 'z.txt']) expect(byPath.get(ok)).toMatchObject({ status: 'ok', findings: [{}] });
    expect(summary).toMatchObject({ files: 5, errors: 2 });
  });

  it('in crawl order, reports arrive in walk order even when a file in the middle times out', async () => {
    for (let i = 0; i < 40; i++) write(`d${i % 4}/f${String(i).padStart(2, '0')}.txt`, `PNR:${i}\n`);
    write('d1/f05.txt', 'HANG\n');
    write('d2/big.txt', `${'x'.repeat(300_000)}\nPNR:9\n`); // travels alone, not in a batch
    const { files } = await scan({ order: 'crawl', timeoutMs: 1500, batchFiles: 4 });
    const paths = files.map((f) => f.path);
    const walk = [...paths].sort((a, b) => (a < b ? -1 : 1));
    expect(paths).toEqual(walk);
    expect(files.find((f) => f.path === 'd1/f05.txt')).toMatchObject({ error: { reason: 'timeout' } });
    expect(files).toHaveLength(41);
  });

  it('turns a throwing processor into an internal-error for that file only', async () => {
    write('bug.txt', 'THROW\n');
    write('fine.txt', 'PNR:5\n');
    const { byPath } = await scan();
    expect(byPath.get('bug.txt')).toMatchObject({ status: 'error', error: { reason: 'internal-error' } });
    expect(byPath.get('fine.txt')).toMatchObject({ status: 'ok' });
  });

  it('redacts identity-number-shaped runs in an internal-error message', async () => {
    // Built at run time: a 12-digit date-shaped run; the redaction is by shape, not by validity.
    const quoted = `19${'85'}0101${'1234'}`;
    write('quoting.txt', `THROW-QUOTING\n${quoted}\n`);
    const { byPath } = await scan();
    const error = byPath.get('quoting.txt')?.error;
    expect(error).toMatchObject({ reason: 'internal-error' });
    expect(error?.message).toContain('19850101****');
    expect(error?.message).not.toContain(quoted);
  });

  it('extracts identical content once and copies the findings to every path', async () => {
    const same = 'copy\nPNR:4242\n';
    write('one/a.txt', same);
    write('two/b.txt', same);
    write('three/c.txt', same);
    write('other.txt', 'PNR:7\n');
    const { summary, byPath } = await scan({ jobs: 1 });
    expect(processed()).toHaveLength(2);
    expect(summary.duplicates).toBe(2);
    for (const path of ['one/a.txt', 'two/b.txt', 'three/c.txt']) {
      expect(byPath.get(path)).toMatchObject({ path, status: 'ok', findings: [{ masked: '4242****' }] });
    }
  });

  it('extracts duplicates again when deduplication is off', async () => {
    write('a.txt', 'same');
    write('b.txt', 'same');
    await scan({ dedup: false });
    expect(processed()).toEqual(['a.txt', 'b.txt']);
  });

  it('streams files above the in-memory size to the processor, deduplicated by hash all the same', async () => {
    const big = `${'filler line\n'.repeat(2000)}PNR:31337\n`;
    write('big1.txt', big);
    write('big2.txt', big);
    write('small.txt', 'PNR:1\n');
    const { summary, byPath } = await scan({ inMemoryBytes: 1000, jobs: 1 });
    expect(byPath.get('big1.txt')).toMatchObject({ status: 'ok', findings: [{ masked: '3133****', location: { line: 2001 } }] });
    expect(byPath.get('big2.txt')).toMatchObject({ status: 'ok', findings: [{ masked: '3133****' }] });
    expect(summary.duplicates).toBe(1);
    expect(processed()).toEqual(['big1.txt', 'small.txt']);
  });

  it('gives the processor the path of a streamed file, so zips and office files are read in place', async () => {
    write('big.txt', `${'filler line\n'.repeat(2000)}PNR:31337\n`);
    write('small.txt', 'PNR:1\n');
    await scan({ inMemoryBytes: 1000, jobs: 1, processorOptions: { logFile: log, logPaths: true } });
    expect(processed()).toEqual([`big.txt ${join(root, 'big.txt')}`, 'small.txt -']);
  });

  it('rejects files over the size limit without reading them', async () => {
    write('big.txt', 'x'.repeat(5000));
    write('small.txt', 'PNR:1');
    const { byPath } = await scan({ maxFileBytes: 1000 });
    expect(byPath.get('big.txt')).toMatchObject({ status: 'error', error: { reason: 'too-large' } });
    expect(processed()).toEqual(['small.txt']);
  });
});

describe('incremental scans with a state database', () => {
  it('re-reads only changed files, reuses stored results and reports new / fixed / deleted', async () => {
    const state = join(work, 'state.db');
    write('keep.txt', 'PNR:111\n');
    write('edit.txt', 'PNR:222\nPNR:333\n');
    write('gone.txt', 'PNR:444\n');
    write('olddir/x.txt', 'PNR:555\n');
    const first = await scan({ statePath: state });
    expect(first.summary.changes).toMatchObject({ new: 4, changed: 0, unchanged: 0, deleted: 0, findingsNew: 5 });
    expect(first.byPath.get('keep.txt')).toMatchObject({ change: 'new', findings: [{ since: 'new' }] });
    expect(processed()).toHaveLength(4);

    const second = await scan({ statePath: state });
    expect(processed()).toHaveLength(4); // nothing read again
    expect(second.summary).toMatchObject({ reused: 4, files: 4 });
    expect(second.summary.changes).toMatchObject({ new: 0, changed: 0, unchanged: 4, deleted: 0, findingsUnchanged: 5, findingsNew: 0 });
    expect(second.byPath.get('edit.txt')).toMatchObject({ change: 'unchanged', findings: [{ since: 'unchanged' }, { since: 'unchanged' }] });

    write('edit.txt', 'moved down\nPNR:333\nPNR:666\n');
    utimesSync(join(root, 'edit.txt'), new Date(), new Date(Date.now() + 5000));
    unlinkSync(join(root, 'gone.txt'));
    rmSync(join(root, 'olddir'), { recursive: true });
    write('added.txt', 'PNR:777\n');
    const third = await scan({ statePath: state });
    expect(processed().filter((n) => n === 'edit.txt' || n === 'added.txt')).toEqual(['added.txt', 'edit.txt', 'edit.txt']);
    expect(processed()).toHaveLength(6);
    const edit = third.byPath.get('edit.txt')!;
    expect(edit.change).toBe('changed');
    expect(edit.findings.map((f) => [f.masked, f.since])).toEqual([
      ['333****', 'unchanged'],
      ['666****', 'new'],
    ]);
    expect(edit.fixed?.map((f) => f.masked)).toEqual(['222****']);
    expect(third.byPath.get('added.txt')).toMatchObject({ change: 'new' });
    expect(third.byPath.get('keep.txt')).toMatchObject({ change: 'unchanged' });
    expect([...third.summary.removed].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { root, path: 'gone.txt', findings: 1 },
      { root, path: 'olddir/x.txt', findings: 1 },
    ]);
    expect(third.summary.changes).toEqual({
      new: 1,
      changed: 1,
      unchanged: 1,
      deleted: 2,
      findingsNew: 2,
      findingsUnchanged: 2,
      findingsFixed: 3,
    });
    // A touched file with identical content is read again but counts as unchanged.
    utimesSync(join(root, 'keep.txt'), new Date(), new Date(Date.now() + 9000));
    const fourth = await scan({ statePath: state });
    expect(fourth.byPath.get('keep.txt')).toMatchObject({ change: 'unchanged', findings: [{ since: 'unchanged' }] });
    expect(fourth.summary.removed).toEqual([]);
  });

  it('does not reuse results made with other settings', async () => {
    const state = join(work, 'state.db');
    write('a.txt', 'PNR:1');
    await scan({ statePath: state, config: 'one' });
    await scan({ statePath: state, config: 'two' });
    expect(processed()).toEqual(['a.txt', 'a.txt']);
  });

  it('never stores a revealed value in the state database', async () => {
    const state = join(work, 'state.db');
    write('a.txt', 'PNR:98765432');
    const { byPath } = await scan({ statePath: state, processorOptions: { logFile: log, reveal: true } });
    expect(byPath.get('a.txt')!.findings[0]!.value).toBe('98765432');
    for (const f of ['state.db', 'state.db-wal']) {
      if (existsSync(join(work, f))) expect(readFileSync(join(work, f)).includes('98765432')).toBe(false);
    }
  });

  it('continues a stopped scan with resume without reading finished files again', async () => {
    const state = join(work, 'state.db');
    for (let i = 0; i < 40; i++) write(`d${String(i).padStart(2, '0')}/f.txt`, `PNR:${i}\n`);
    const controller = new AbortController();
    let seen = 0;
    const first = await runEngine(
      [root],
      { processor, processorOptions: { logFile: log }, jobs: 1, batchFiles: 1, statePath: state, signal: controller.signal, progress: { mode: 'none' } },
      () => {
        if (++seen === 10) controller.abort();
      },
    );
    expect(first.complete).toBe(false);
    const before = processed().length;
    expect(before).toBeGreaterThanOrEqual(10);
    expect(before).toBeLessThan(40);
    const resumed = await scan({ statePath: state, resume: true });
    expect(resumed.summary).toMatchObject({ resumed: true, files: 40, complete: true });
    expect(processed()).toHaveLength(40); // each file read exactly once over both runs
    expect(resumed.summary.changes).toMatchObject({ new: 40, deleted: 0 });
  });
});
