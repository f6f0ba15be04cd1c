import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createExcludeMatcher, walk, type WalkEntry } from '../src/walk.js';
import { makeTree, removeTree, RUNNING_AS_ROOT } from './fs-tree.js';

async function collect(roots: string[], options = {}): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for await (const entry of walk(roots, options)) out.push(entry);
  return out;
}

const paths = (entries: WalkEntry[]) => entries.map((e) => (e.kind === 'file' ? e.target.path : `!${e.target.path}:${e.error.reason}`));

let tree = '';
afterEach(() => {
  if (tree) {
    chmodSync(tree, 0o755);
    removeTree(tree);
  }
  tree = '';
});

describe('walk', () => {
  it('yields files depth-first in name order with POSIX paths relative to the root as given', async () => {
    tree = makeTree({ 'b.txt': '', 'a/z.txt': '', 'a/c/d.txt': '', 'A.txt': '' });
    const entries = await collect([tree]);
    expect(paths(entries)).toEqual(['A.txt', 'a/c/d.txt', 'a/z.txt', 'b.txt']);
    expect(entries.every((e) => e.target.root === tree)).toBe(true);
    expect(entries[1]!.target.file).toBe(join(tree, 'a', 'c', 'd.txt'));
  });

  it('skips default excludes unless turned off', async () => {
    tree = makeTree({ 'node_modules/x/index.js': '', '.git/config': '', 'src/.git/x': '', '__pycache__/m.pyc': '', 'keep.txt': '' });
    expect(paths(await collect([tree]))).toEqual(['keep.txt']);
    expect(paths(await collect([tree], { defaultExcludes: false }))).toHaveLength(5);
  });

  it('applies --exclude globs by name anywhere or by path from the root', async () => {
    tree = makeTree({ 'a/secret.log': '', 'a/b/keep.txt': '', 'build/out.txt': '', 'src/build/x.txt': '', 'x.tmp': '' });
    expect(paths(await collect([tree], { exclude: ['*.log', '*.tmp'] }))).toEqual(['a/b/keep.txt', 'build/out.txt', 'src/build/x.txt']);
    expect(paths(await collect([tree], { exclude: ['build/'] }))).toEqual(['a/b/keep.txt', 'a/secret.log', 'x.tmp']);
    expect(paths(await collect([tree], { exclude: ['./build/**', 'a/b'] }))).toEqual(['a/secret.log', 'src/build/x.txt', 'x.tmp']);
  });

  it('yields a root that is a file under its base name', async () => {
    tree = makeTree({ 'dir/one.txt': '' });
    const file = join(tree, 'dir', 'one.txt');
    const [entry] = await collect([file]);
    expect(entry).toEqual({ kind: 'file', target: { root: file, path: 'one.txt', file } });
  });

  it('reports broken symlinks and follows links to files but not to folders', async () => {
    tree = makeTree({ 'real.txt': 'x', 'dir/inner.txt': 'y' });
    symlinkSync(join(tree, 'missing.txt'), join(tree, 'broken.txt'));
    symlinkSync(join(tree, 'real.txt'), join(tree, 'link.txt'));
    symlinkSync(join(tree, 'dir'), join(tree, 'dirlink'));
    symlinkSync(join(tree, 'loop'), join(tree, 'loop'));
    expect(paths(await collect([tree]))).toEqual([
      '!broken.txt:broken-symlink',
      'dir/inner.txt',
      'link.txt',
      '!loop:broken-symlink',
      'real.txt',
    ]);
  });

  it('reports a missing root and goes on', async () => {
    tree = makeTree({ 'a.txt': '' });
    expect(paths(await collect([join(tree, 'nope'), tree]))).toEqual(['!nope:not-found', 'a.txt']);
  });

  it.skipIf(RUNNING_AS_ROOT)('reports an unreadable folder and goes on (skipped as root: chmod does not stop root)', async () => {
    tree = makeTree({ 'locked/a.txt': '', 'open/b.txt': '' });
    chmodSync(join(tree, 'locked'), 0o000);
    try {
      expect(paths(await collect([tree]))).toEqual(['!locked:permission-denied', 'open/b.txt']);
    } finally {
      chmodSync(join(tree, 'locked'), 0o755);
    }
  });
});

describe('createExcludeMatcher', () => {
  it('matches names at any depth and dotfiles', () => {
    const matches = createExcludeMatcher({ exclude: ['*.bak', '.cache'] });
    expect(matches('a/b/c.bak')).toBe(true);
    expect(matches('x/.cache')).toBe(true);
    expect(matches('x/cache')).toBe(false);
    expect(matches('node_modules')).toBe(true);
  });
  it('an empty folder tree is fine', async () => {
    tree = makeTree({});
    mkdirSync(join(tree, 'empty'));
    expect(await collect([tree])).toEqual([]);
  });
});
