import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '@gallra/scanner';
import { removeDir, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('unreadable');
afterAll(() => {
  chmodSync(join(dir, 'tree', 'locked'), 0o755);
  removeDir(dir);
});

// Official Skatteverket test numbers (the content does not matter here, only that files have findings).
const NUMBERS = ['19640823-3234', '19900101-2388'];

describe('gallra scan --state with a folder that cannot be read', () => {
  it('keeps its stored files instead of reporting them deleted, and reuses them once it is readable again', () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'open'), { recursive: true });
    mkdirSync(join(tree, 'locked', 'deeper'), { recursive: true });
    writeFileSync(join(tree, 'open', 'a.txt'), `Personnummer ${NUMBERS[0]}\n`);
    writeFileSync(join(tree, 'locked', 'b.txt'), `Personnummer ${NUMBERS[1]}\n`);
    writeFileSync(join(tree, 'locked', 'deeper', 'c.txt'), `Personnummer ${NUMBERS[0]}\n`);
    writeFileSync(join(tree, 'gone.txt'), `Personnummer ${NUMBERS[1]}\n`);
    // chmod 000 does not stop root: run the CLI as an unprivileged user then, with a state folder it may write.
    const asRoot = process.getuid?.() === 0;
    const stateDir = join(dir, 'state');
    mkdirSync(stateDir);
    if (asRoot) for (const d of [dir, stateDir]) chmodSync(d, 0o777);
    const db = join(stateDir, 'state.db');
    const run = () => {
      const result = runCli(['scan', tree, '--state', db, '--format', 'json', '-q', '--fail-on', 'none'], {
        configHome: stateDir,
        env: { GALLRA_FINGERPRINT_KEY: 'k' },
        ...(asRoot ? { uid: 65534 } : {}),
      });
      expect(result.stderr).toBe('');
      return JSON.parse(result.stdout) as ScanReport;
    };

    const first = run();
    expect(first.summary.changes).toMatchObject({ new: 4, deleted: 0 });

    chmodSync(join(tree, 'locked'), 0o000);
    rmSync(join(tree, 'gone.txt'));
    const second = run();
    expect(second.files.map((f) => [f.path, f.status, f.error?.reason ?? null])).toEqual([
      ['locked', 'error', 'permission-denied'],
      ['open/a.txt', 'ok', null],
    ]);
    // Only the file that really went is deleted; the two behind the locked folder are not.
    expect(second.summary.changes).toMatchObject({ unchanged: 1, deleted: 1 });
    expect(second.summary.changes?.deletedFiles.map((f) => f.path)).toEqual(['gone.txt']);

    chmodSync(join(tree, 'locked'), 0o755);
    const third = run();
    expect(third.summary.changes).toMatchObject({ new: 0, unchanged: 3, deleted: 0 });
  });
});
