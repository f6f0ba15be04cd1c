import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ScanReport } from '@gallra/scanner';
import { zip } from '../../../fixtures/generate/zip-writer.mjs';
import { reportSchemaErrors } from '../../scanner/test/validate-report.js';
import { formatByteSize } from '../src/byte-size.js';
import { removeDir, runCli, tempDir, type CliRun } from './cli-harness.js';
import { TestRepo, validPersonnummer } from './git-harness.js';

// Official Skatteverket test numbers only (packages/core/data/testpersonnummer.csv).
const TEST_NUMBER = '19850101-2382';
const TEST_NUMBER_2 = '19900101-2385';
const DATE = ['--reference-date', '2026-06-01'];

type FileEntry = ScanReport['files'][number];

describe('per-file limits as options (built CLI)', () => {
  let dir: string;
  let configHome: string;
  let n = 0;
  beforeAll(() => {
    dir = tempDir('limits');
    configHome = join(dir, 'config');
  });
  afterAll(() => removeDir(dir));

  /** A fresh folder holding `files`. */
  function tree(files: Record<string, string | Buffer>): string {
    const root = join(dir, `tree-${n++}`);
    mkdirSync(root, { recursive: true });
    for (const [name, data] of Object.entries(files)) writeFileSync(join(root, name), data);
    return root;
  }
  const scan = (root: string, args: string[]): CliRun => runCli(['scan', root, '-f', 'json', '-q', ...DATE, ...args], { configHome });
  const report = (run: CliRun): ScanReport => {
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as ScanReport;
  };
  const file = (r: ScanReport, path: string): FileEntry => r.files.find((f) => f.path === path)!;
  const warningsOf = (entry: FileEntry) => entry.warnings ?? [];

  it('--help shows the real defaults of every limit', () => {
    const help = runCli(['scan', '--help'], { configHome }).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(new RegExp(`--max-file-size <size> [^]*?\\(default: ${formatByteSize(DEFAULT_LIMITS.maxFileBytes)}\\)`));
    expect(help).toMatch(new RegExp(`--max-archive-depth <n> [^]*?\\(default: ${DEFAULT_LIMITS.maxDepth}\\)`));
    expect(help).toMatch(new RegExp(`--max-archive-size <size> [^]*?\\(default: ${formatByteSize(DEFAULT_LIMITS.maxTotalBytes)}\\)`));
    expect(help).toMatch(new RegExp(`--max-archive-ratio <n> [^]*?\\(default: ${DEFAULT_LIMITS.maxRatio}\\)`));
    expect(help).toMatch(new RegExp(`--max-archive-members <n> [^]*?\\(default: ${DEFAULT_LIMITS.maxMembers}\\)`));
    const ciHelp = runCli(['ci', '--help'], { configHome }).stdout.replace(/\s+/g, ' ');
    expect(ciHelp).toMatch(new RegExp(`--max-file-size <size> [^]*?\\(default: ${formatByteSize(DEFAULT_LIMITS.maxFileBytes)}\\)`));
  });

  it('a file above --max-file-size is reported too-large with the limit; the other files are still scanned', () => {
    const root = tree({ 'a-small.txt': `kund ${TEST_NUMBER}\n`, 'b-big.txt': `kund ${TEST_NUMBER_2}\n${'x'.repeat(3000)}\n`, 'c-small.txt': 'inget här\n' });
    const limited = report(scan(root, ['--max-file-size', '2K']));
    expect(reportSchemaErrors(limited)).toEqual([]);
    expect(limited.files.map((f) => [f.path, f.status])).toEqual([
      ['a-small.txt', 'ok'],
      ['b-big.txt', 'error'],
      ['c-small.txt', 'ok'],
    ]);
    expect(file(limited, 'a-small.txt').findings.map((f) => f.masked)).toEqual(['19850101-****']);
    const big = file(limited, 'b-big.txt');
    expect(big.error?.reason).toBe('too-large');
    expect(big.error?.message).toMatch(/file size limit is 2048 bytes/);
    expect(big.findings).toEqual([]);
    expect(limited.scan.options['limits']).toMatchObject({ maxFileBytes: 2048 });

    // The same file under the default limit is read: the limit, not the file, made the difference.
    const unlimited = report(scan(root, []));
    expect(file(unlimited, 'b-big.txt').status).toBe('ok');
    expect(file(unlimited, 'b-big.txt').findings.map((f) => f.masked)).toEqual(['19900101-****']);
  });

  it('the JSON report records the limits in effect, the defaults included', () => {
    const r = report(scan(tree({ 'a.txt': 'hej\n' }), ['--max-archive-depth', '2', '--file-timeout', '30']));
    const { timeoutMs: _timeoutMs, ...sizeLimits } = DEFAULT_LIMITS;
    expect(r.scan.options['limits']).toEqual({ ...sizeLimits, maxDepth: 2 });
    expect(r.scan.options['fileTimeoutMs']).toBe(30_000);
    expect(reportSchemaErrors(r)).toEqual([]);
  });

  it('a zip nested deeper than --max-archive-depth gives the depth limit as the reason', () => {
    const inner = zip([{ name: 'kunder.txt', data: `kund ${TEST_NUMBER}\n` }]);
    const root = tree({ 'outer.zip': zip([{ name: 'inner.zip', data: inner }]) });

    const deep = file(report(scan(root, [])), 'outer.zip');
    expect(deep.findings.map((f) => [f.masked, f.location.member])).toEqual([['19850101-****', 'inner.zip/kunder.txt']]);

    const shallow = file(report(scan(root, ['--max-archive-depth', '1'])), 'outer.zip');
    expect(shallow.findings).toEqual([]);
    expect(shallow.warnings).toEqual([
      { reason: 'limits-exceeded', message: 'nested deeper than the container depth limit of 1', member: 'inner.zip/kunder.txt' },
    ]);
  });

  it('--max-archive-members, --max-archive-size and --max-archive-ratio stop reading members, naming the limit', () => {
    const members = ['a', 'b', 'c'].map((name) => ({ name: `${name}.txt`, data: `${name} ${TEST_NUMBER}\n${'-'.repeat(1000)}\n` }));
    // 2 MiB of one repeated line compresses about 1000:1: a zip bomb by --max-archive-ratio's default.
    const bomb = { name: 'bomb.txt', data: `kund ${TEST_NUMBER}\n${'aaaaaaaa\n'.repeat(250_000)}` };
    const root = tree({ 'three.zip': zip(members), 'bomb.zip': zip([bomb]) });

    const full = report(scan(root, []));
    expect(file(full, 'three.zip').findings).toHaveLength(3);
    expect(warningsOf(file(full, 'bomb.zip')).map((w) => [w.reason, w.member])).toEqual([['limits-exceeded', 'bomb.txt']]);
    expect(warningsOf(file(full, 'bomb.zip'))[0]?.message).toMatch(/^compression ratio \d+:1 exceeds the ratio limit of 100:1$/);
    expect(file(full, 'bomb.zip').findings).toEqual([]);

    const members2 = report(scan(root, ['--max-archive-members', '2']));
    // The members read before the limit keep their findings.
    expect(file(members2, 'three.zip').status).toBe('ok');
    expect(file(members2, 'three.zip').findings.map((f) => f.location.member)).toEqual(['a.txt', 'b.txt']);
    expect(warningsOf(file(members2, 'three.zip'))).toEqual([{ reason: 'limits-exceeded', message: 'more than 2 members; the rest were not read', member: null }]);

    const total = report(scan(root, ['--max-archive-size', '1500', '--max-archive-ratio', '5000']));
    expect(file(total, 'three.zip').findings).toHaveLength(1);
    expect(warningsOf(file(total, 'three.zip')).map((w) => [w.reason, w.message, w.member])).toEqual([
      ['limits-exceeded', 'members expand to more than the total size limit of 1500 bytes', 'b.txt'],
      ['limits-exceeded', 'members expand to more than the total size limit of 1500 bytes', 'c.txt'],
    ]);
    // The bomb's member is over the total size too; with a larger total it is read.
    const bombRead = report(scan(root, ['--max-archive-ratio', '5000']));
    expect(warningsOf(file(bombRead, 'bomb.zip'))).toEqual([]);
    expect(file(bombRead, 'bomb.zip').findings.map((f) => f.masked)).toEqual(['19850101-****']);
  });

  it('bad limit values are usage errors (exit 2) naming the option', () => {
    const root = tree({ 'a.txt': 'hej\n' });
    const cases: [string, string][] = [
      ['--max-file-size', '12Q'],
      ['--max-file-size', '0'],
      ['--max-file-size', '-1M'],
      ['--max-archive-size', 'lots'],
      ['--max-archive-depth', 'x'],
      ['--max-archive-depth', '2.5'],
      ['--max-archive-ratio', '0'],
      ['--max-archive-members', '0'],
    ];
    for (const [option, value] of cases) {
      const run = runCli(['scan', root, '-q', `${option}=${value}`], { configHome });
      expect(run.status, `${option} ${value}`).toBe(2);
      expect(run.stderr, `${option} ${value}`).toContain(`option '${option} <`);
      expect(run.stdout).toBe('');
    }
  });

  it('gallra baseline takes the same limits, so a baseline covers what ci reads', () => {
    const home = join(dir, 'home-baseline');
    mkdirSync(home, { recursive: true });
    const repo = new TestRepo(join(dir, 'repo-baseline'), home);
    // A real (non-test) number, generated here, in a file of 2 KiB.
    repo.commit('seed', { 'kunder.csv': `namn;pnr\nAnna;${validPersonnummer('850315', '123')}\n${'#'.repeat(2048)}\n` });
    const baseline = (args: string[]) => runCli(['baseline', ...DATE, '-o', 'b.json', ...args], { cwd: repo.dir, env: repo.env, configHome });
    const limited = baseline(['--max-file-size', '1K']);
    expect(limited.status).toBe(0);
    expect(limited.stderr).toContain('wrote 0 baseline entries');
    expect(limited.stderr).toContain('1 file(s) could not be read');
    const full = baseline([]);
    expect(full.status).toBe(0);
    expect(full.stderr).toContain('wrote 1 baseline entry');
  });

  it('gallra ci takes the same limits: a tracked file above --max-file-size is too-large with the limit', () => {
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const repo = new TestRepo(join(dir, 'repo'), home);
    repo.commit('seed', { 'small.txt': `kund ${TEST_NUMBER}\n`, 'big.sql': `-- ${'x'.repeat(5000)}\n` });
    const run = runCli(['ci', ...DATE, '-f', 'json', '--max-file-size', '4K'], { cwd: repo.dir, env: repo.env, configHome });
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout) as ScanReport;
    expect(file(r, 'big.sql').error).toEqual({ reason: 'too-large', message: 'file is 5004 bytes; the file size limit is 4096 bytes' });
    expect(file(r, 'small.txt').findings.map((f) => f.masked)).toEqual(['19850101-****']);
    expect(r.scan.options['limits']).toMatchObject({ maxFileBytes: 4096 });
  });
});
