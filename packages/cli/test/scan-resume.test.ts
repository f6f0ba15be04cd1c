import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '@gallra/scanner';
import { BIN, removeDir, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('resume');
afterAll(() => removeDir(dir));

function luhn(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const v = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += v > 9 ? v - 9 : v;
  }
  return (10 - (sum % 10)) % 10;
}

/** Files with one generated (never committed) valid personnummer each, plus filler text. */
function makeTree(root: string, files: number): void {
  const filler = 'Protokoll från sammanträdet med nämnden, ärendet bereds vidare av handläggaren. '.repeat(60);
  for (let i = 0; i < files; i++) {
    const nine = `8${String(i % 10)}0${1 + (i % 9)}1${i % 10}${String(100 + (i % 800)).padStart(3, '0')}`;
    const sub = join(root, `d${String(i % 20).padStart(2, '0')}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.txt`), `${filler}\nPersonnummer: 19${nine.slice(0, 6)}-${nine.slice(6)}${luhn(nine)}\n${filler}\n`);
  }
}

function rowsIn(db: string): number {
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (conn.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
    } finally {
      conn.close();
    }
  } catch {
    return 0; // not created yet, or the schema is being written
  }
}

describe('gallra scan --state … --resume after kill -9', () => {
  it('continues without reading finished files again and without corrupting the database', async () => {
    const tree = join(dir, 'tree');
    const db = join(dir, 'state.db');
    const configHome = join(dir, 'config');
    const total = 2000;
    makeTree(tree, total);

    // 1. Start a real scan and SIGKILL it as soon as the first batch of results is committed.
    const child = spawn(process.execPath, [BIN, 'scan', tree, '--state', db, '--jobs', '1', '-q', '--format', 'json', '-o', join(dir, 'killed.json')], {
      env: { ...process.env, XDG_CONFIG_HOME: configHome, GALLRA_FINGERPRINT_KEY: 'resume-test-key' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let committed = 0;
    for (let waited = 0; waited < 30_000 && child.exitCode === null; waited += 20) {
      committed = rowsIn(db);
      if (committed > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(child.exitCode, 'the scan finished before it could be interrupted; make the tree bigger').toBeNull();
    child.kill('SIGKILL');
    await exited;
    const afterKill = rowsIn(db);
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(total);

    // 2. Resume: every file reported exactly once; the committed ones are not read again.
    const env = { GALLRA_FINGERPRINT_KEY: 'resume-test-key' };
    const resumed = runCli(['scan', tree, '--state', db, '--resume', '-q', '--format', 'json'], { configHome, env });
    expect(resumed.status).toBe(1); // findings
    const report = JSON.parse(resumed.stdout) as ScanReport;
    const paths = report.files.map((f) => f.path);
    expect(new Set(paths).size).toBe(total);
    expect(paths).toHaveLength(total);
    expect(report.files.every((f) => f.status === 'ok' && f.findings.length === 1 && f.change === 'new')).toBe(true);
    expect(report.summary.changes).toMatchObject({ new: total, changed: 0, unchanged: 0, deleted: 0, findingsNew: total });
    expect(report.summary.changes!.reused).toBeGreaterThanOrEqual(afterKill);
    expect(report.summary.changes!.reused).toBeLessThan(total);

    const conn = new Database(db, { readonly: true });
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    const scans = conn.prepare('SELECT id, status FROM scans ORDER BY id').all();
    conn.close();
    expect(scans).toEqual([{ id: 1, status: 'complete' }]); // the interrupted scan itself was completed

    // 3. A normal rescan reads nothing and reports everything unchanged.
    const again = runCli(['scan', tree, '--state', db, '-q', '--format', 'json'], { configHome, env });
    const third = JSON.parse(again.stdout) as ScanReport;
    expect(third.summary.changes).toMatchObject({ new: 0, unchanged: total, reused: total, findingsUnchanged: total, findingsNew: 0 });
  });

  it('Ctrl-C (SIGINT) finishes the files in flight, writes a valid report, exits 130 and stays resumable', async () => {
    const tree = join(dir, 'tree-int');
    const db = join(dir, 'state-int.db');
    const out = join(dir, 'interrupted.json');
    const configHome = join(dir, 'config');
    const total = 2000;
    makeTree(tree, total);
    const child = spawn(process.execPath, [BIN, 'scan', tree, '--state', db, '--jobs', '1', '-q', '--format', 'json', '-o', out], {
      env: { ...process.env, XDG_CONFIG_HOME: configHome, GALLRA_FINGERPRINT_KEY: 'resume-test-key' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let waited = 0; waited < 30_000 && child.exitCode === null && rowsIn(db) === 0; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(child.exitCode, 'the scan finished before it could be interrupted').toBeNull();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const partial = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    expect(partial.files.length).toBeGreaterThan(0);
    expect(partial.files.length).toBeLessThan(total);
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare('SELECT status FROM scans').all()).toEqual([{ status: 'running' }]);
    conn.close();
    const resumed = runCli(['scan', tree, '--state', db, '--resume', '-q', '--format', 'json'], { configHome, env: { GALLRA_FINGERPRINT_KEY: 'resume-test-key' } });
    const report = JSON.parse(resumed.stdout) as ScanReport;
    expect(report.files).toHaveLength(total);
    expect(report.summary.changes!.reused).toBeGreaterThanOrEqual(partial.files.length);
  });
});
