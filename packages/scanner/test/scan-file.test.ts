import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanFile } from '../src/scan-file.js';
import { makeTree, removeTree, RUNNING_AS_ROOT } from './fs-tree.js';
import { generatePersonnummer } from './numbers.js';

let tree = '';
afterEach(() => {
  if (tree) removeTree(tree);
  tree = '';
});

const real = generatePersonnummer('19850315', '457');
const options = { now: '2026-06-01T00:00:00.000Z', fingerprintKey: 'k' };

describe('scanFile', () => {
  it('reports identity, size, mtime, format and findings of a text file', async () => {
    tree = makeTree({ 'sub/a.txt': `x\npnr ${real.short}\n` });
    const file = join(tree, 'sub', 'a.txt');
    utimesSync(file, new Date('2025-01-02T03:04:05Z'), new Date('2025-01-02T03:04:05Z'));
    const report = await scanFile({ root: tree, path: 'sub/a.txt', file }, options);
    expect(report).toMatchObject({
      root: tree,
      path: 'sub/a.txt',
      size: 18,
      modified: '2025-01-02T03:04:05.000Z',
      format: 'text',
      status: 'ok',
      error: null,
    });
    expect(report.findings).toHaveLength(1);
    expect(report).not.toHaveProperty('warnings');
  });

  it('never throws: missing file, broken symlink, FIFO', async () => {
    tree = makeTree({});
    const missing = await scanFile({ root: tree, path: 'gone.txt', file: join(tree, 'gone.txt') }, options);
    expect(missing).toMatchObject({ status: 'error', error: { reason: 'not-found' }, format: 'unknown', size: 0 });
    symlinkSync(join(tree, 'nowhere'), join(tree, 'link'));
    const broken = await scanFile({ root: tree, path: 'link', file: join(tree, 'link') }, options);
    expect(broken).toMatchObject({ status: 'error', error: { reason: 'broken-symlink' } });
    const fifo = spawnSync('mkfifo', [join(tree, 'pipe')]);
    if (fifo.status === 0) {
      const report = await scanFile({ root: tree, path: 'pipe', file: join(tree, 'pipe') }, options);
      expect(report).toMatchObject({ status: 'skipped', error: { reason: 'not-a-file' } });
    }
  });

  it.skipIf(RUNNING_AS_ROOT)('reports permission-denied for an unreadable file (skipped as root; see the CLI test run as nobody)', async () => {
    tree = makeTree({ 'locked.txt': real.long });
    chmodSync(join(tree, 'locked.txt'), 0o000);
    const report = await scanFile({ root: tree, path: 'locked.txt', file: join(tree, 'locked.txt') }, options);
    expect(report).toMatchObject({ status: 'error', error: { reason: 'permission-denied' }, findings: [] });
  });

  it('does not modify the file it scans', async () => {
    tree = makeTree({ 'a.txt': `pnr ${real.short}` });
    const file = join(tree, 'a.txt');
    const before = execFileSync('stat', ['-c', '%s %Y %a', file], { encoding: 'utf8' });
    await scanFile({ root: tree, path: 'a.txt', file }, options);
    expect(execFileSync('stat', ['-c', '%s %Y %a', file], { encoding: 'utf8' })).toBe(before);
  });
});
