import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crawl, type CrawlEvent, type CrawlOptions } from '../../src/engine/crawl.js';

let root: string;

function write(rel: string, content = 'x'): void {
  const abs = join(root, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
}

async function collect(options: CrawlOptions = {}, roots = [root]): Promise<CrawlEvent[]> {
  const events: CrawlEvent[] = [];
  for await (const event of crawl(roots, options)) events.push(event);
  return events;
}

async function paths(options: CrawlOptions = {}): Promise<string[]> {
  const events = await collect(options);
  return events.flatMap((e) => (e.kind === 'files' ? e.files.map((f) => f.path) : [])).sort();
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gallra-crawl-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('crawl', () => {
  it('finds every regular file with its size and mtime, depth first in name order', async () => {
    write('a.txt', 'hello');
    write('sub/b.txt', 'hi');
    write('sub/deeper/c.txt');
    write('z.txt');
    const events = await collect();
    const files = events.flatMap((e) => (e.kind === 'files' ? e.files : []));
    expect(files.map((f) => f.path)).toEqual(['a.txt', 'sub/b.txt', 'sub/deeper/c.txt', 'z.txt']);
    expect(files[0]!.size).toBe(5);
    expect(files[0]!.file).toBe(join(root, 'a.txt'));
    expect(files[0]!.mtimeMs).toBeGreaterThan(0);
    // Each directory ends with exactly one complete chunk.
    const complete = events.filter((e) => e.kind === 'files' && e.complete).map((e) => (e.kind === 'files' ? e.dir : ''));
    expect(complete).toEqual(['sub/deeper', 'sub', '']);
  });

  it('splits large directories into chunks and marks only the last complete', async () => {
    for (let i = 0; i < 10; i++) write(`f${i}.txt`);
    const events = await collect({ chunkSize: 4 });
    const chunks = events.filter((e) => e.kind === 'files');
    expect(chunks.map((c) => (c.kind === 'files' ? [c.files.length, c.complete] : null))).toEqual([
      [4, false],
      [4, false],
      [2, true],
    ]);
  });

  it('applies include and exclude globs; exclude prunes directories and a bare name matches anywhere', async () => {
    write('keep.txt');
    write('skip.log');
    write('node_modules/dep/index.txt');
    write('deep/node_modules/x.txt');
    write('deep/keep2.txt');
    expect(await paths({ include: ['**/*.txt'], exclude: ['node_modules'] })).toEqual(['deep/keep2.txt', 'keep.txt']);
  });

  it('leaves out excluded names at any depth, files and folders, but not names that only contain them', async () => {
    write('keep.txt');
    write('node_modules/dep/index.txt');
    write('deep/node_modules/x.txt');
    write('deep/.git'); // a file of that name (a git worktree link) is left out too
    write('deep/my.git/y.txt');
    write('node_modules2/z.txt');
    expect(await paths({ excludeNames: ['node_modules', '.git'] })).toEqual(['deep/my.git/y.txt', 'keep.txt', 'node_modules2/z.txt']);
    // Together with a path test (the user's globs), either one excludes.
    expect(await paths({ excludeNames: ['node_modules'], isExcluded: (p) => p.endsWith('.txt') && p.startsWith('deep/') })).toEqual([
      'deep/.git',
      'keep.txt',
      'node_modules2/z.txt',
    ]);
  });

  it('honours .gallraignore files per directory, with negation in a deeper one', async () => {
    write('.gallraignore', '*.tmp\nbuild/\n');
    write('a.tmp');
    write('b.txt');
    write('build/out.txt');
    write('sub/.gallraignore', '!keep.tmp\n');
    write('sub/keep.tmp');
    write('sub/drop.tmp');
    expect(await paths()).toEqual(['b.txt', 'sub/keep.tmp']);
  });

  it('reads .gitignore only when asked', async () => {
    write('.gitignore', 'secret.txt\n');
    write('secret.txt');
    expect(await paths()).toEqual(['.gitignore', 'secret.txt']);
    expect(await paths({ ignoreFiles: ['.gallraignore', '.gitignore'] })).toEqual([]);
  });

  it('scans links to files, follows links to folders only when asked, and stops symlink loops', async () => {
    write('real/file.txt');
    symlinkSync(join(root, 'real'), join(root, 'real', 'loop'));
    symlinkSync(join(root, 'real', 'file.txt'), join(root, 'link.txt'));
    symlinkSync(join(root, 'nowhere'), join(root, 'broken'));
    const plain = await collect();
    const listed = plain.flatMap((e) => (e.kind === 'files' ? e.files.filter((f) => !f.problem).map((f) => f.path) : []));
    expect(listed.sort()).toEqual(['link.txt', 'real/file.txt']);
    const rootChunk = plain.find((e) => e.kind === 'files' && e.dir === '');
    expect(rootChunk?.kind === 'files' && rootChunk.files.find((f) => f.path === 'broken')).toMatchObject({ problem: { reason: 'broken-symlink' } });
    const events = await collect({ followSymlinks: true });
    const files = events.flatMap((e) => (e.kind === 'files' ? e.files.filter((f) => !f.problem).map((f) => f.path) : [])).sort();
    expect(files).toEqual(['link.txt', 'real/file.txt']);
    expect(events.filter((e) => e.kind === 'problem').map((e) => (e.kind === 'problem' ? [e.path, e.reason] : null))).toEqual([
      ['real/loop', 'symlink-loop'],
    ]);
  });

  it('never reports excluded paths (the state database) and accepts a file as a root', async () => {
    write('state.db');
    write('state.db-wal');
    write('doc.txt');
    const excludePaths = [join(root, 'state.db'), join(root, 'state.db-wal')];
    expect(await paths({ excludePaths })).toEqual(['doc.txt']);
    const single = await collect({}, [join(root, 'doc.txt')]);
    expect(single).toMatchObject([{ kind: 'files', dir: '', complete: true, files: [{ path: 'doc.txt', name: 'doc.txt' }] }]);
  });

  it('reports a missing root as a problem and goes on', async () => {
    write('a.txt');
    const events = await collect({}, [join(root, 'nope'), root]);
    expect(events[0]).toMatchObject({ kind: 'problem', reason: 'not-found' });
    expect(events.some((e) => e.kind === 'files' && e.files.some((f) => f.path === 'a.txt'))).toBe(true);
  });

  it('yields the same events and counts when a helper thread stats files ahead of the walk', async () => {
    // Enough folders that the helper is up before the walk ends; the walk may still stat some
    // batches itself (whichever claims a batch first does it) — the results must not depend on it.
    for (let d = 0; d < 40; d++) for (let f = 0; f < 12; f++) write(`d${String(d).padStart(2, '0')}/f${f}.txt`, 'x'.repeat(d + f));
    write('d03/deeper/inner.txt', 'inner');
    write('d05/.gallraignore', 'f1.txt\n');
    write('d07/skip.log');
    write('state.db');
    symlinkSync(join(root, 'd01', 'f0.txt'), join(root, 'd02', 'link.txt'));
    symlinkSync(join(root, 'nowhere'), join(root, 'd04', 'broken'));
    const options: CrawlOptions = { chunkSize: 5, exclude: ['*.log'], excludePaths: [join(root, 'state.db')] };
    const walk = async (statAheadAfter: number) => {
      const stats = { directories: 0, files: 0, bytes: 0, skipped: 0 };
      const events: CrawlEvent[] = [];
      for await (const event of crawl([root], { ...options, statAheadAfter }, stats)) events.push(event);
      return { events, stats };
    };
    const alone = await walk(Infinity);
    const helped = await walk(0);
    expect(helped.events).toEqual(alone.events);
    expect(helped.stats).toEqual(alone.stats);
    expect(alone.stats.files).toBe(40 * 12 - 1 + 1 + 1); // minus the ignored d05/f1.txt, plus inner.txt and link.txt
  });
});

describe('childPath', () => {
  it('joins with one separator, also below the file-system root', async () => {
    const { childPath } = await import('../../src/engine/crawl.js');
    expect(childPath('/', 'tmp')).toBe('/tmp');
    expect(childPath('/srv/share', 'a.txt')).toBe('/srv/share/a.txt');
  });
});
