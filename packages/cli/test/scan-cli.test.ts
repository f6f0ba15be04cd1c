import { createHmac } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePersonnummer } from '../../scanner/test/numbers.js';
import { reportSchemaErrors } from '../../scanner/test/validate-report.js';
import type { ScanReport } from '@gallra/scanner';
import { removeDir, runCli, tempDir } from './cli-harness.js';

const DEMO = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'demo');
const real = generatePersonnummer('19850315', '457');
const DATE = ['--reference-date', '2026-06-01'];

/** Every run of digits in `text` that is a valid 10- or 12-digit identity number (date + Luhn), separators allowed. */
function fullNumbersIn(text: string): string[] {
  const found: string[] = [];
  // Fingerprints are 64 hex digits and can contain digit runs by chance: leave them out.
  const withoutFingerprints = text.replace(/[0-9a-f]{64}/g, '<fingerprint>');
  for (const m of withoutFingerprints.matchAll(/(?<!\d)(\d{2})?(\d{6})[-+ ]?(\d{4})(?!\d)/g)) {
    const ten = m[2]! + m[3]!;
    const month = Number(ten.slice(2, 4));
    let sum = 0;
    for (let i = 0; i < 10; i++) {
      const v = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
      sum += v > 9 ? v - 9 : v;
    }
    if (sum % 10 === 0 && month >= 1 && month <= 12) found.push(m[0]);
  }
  return found;
}

describe('gallra scan (built CLI)', () => {
  let dir: string;
  let configHome: string;
  beforeAll(() => {
    dir = tempDir('scan');
    configHome = tempDir('config');
  });
  afterAll(() => {
    removeDir(dir);
    removeDir(configHome);
  });

  it('exits 1 on a finding of a non-test number at or above medium, and masks it', () => {
    const tree = join(dir, 'real');
    mkdirSync(tree);
    writeFileSync(join(tree, 'a.txt'), `Hej\nPersonnummer: ${real.long}\n`);
    const run = runCli(['scan', tree, ...DATE], { configHome });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${tree}/a.txt\n  2:15  PERSONNUMMER`);
    expect(run.stdout).toContain('19850315-****');
    expect(fullNumbersIn(run.stdout)).toEqual([]);
    expect(runCli(['scan', tree, ...DATE, '--fail-on', 'none'], { configHome }).status).toBe(0);
  });

  it('exits 2 for usage and configuration errors', () => {
    const cases: string[][] = [
      ['scan', dir, '--no-such-option'],
      ['scan'],
      ['scan', dir, '--fail-on', 'sometimes'],
      ['scan', dir, '--format', 'pdf'],
      ['scan', dir, '--reference-date', '2026-02-30'],
      ['scan', dir, '--concurrency', '0'],
      ['scan', dir, '--output', join(dir, 'no', 'such', 'dir', 'r.json')],
      ['scan', dir, '--fingerprint-key-file', join(dir, 'missing.key')],
      ['frobnicate'],
    ];
    for (const args of cases) {
      const run = runCli(args, { configHome });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).not.toBe('');
    }
    const missing = runCli(['scan', join(dir, 'does-not-exist')], { configHome });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such file or folder/);
    const emptyKey = join(dir, 'empty.key');
    writeFileSync(emptyKey, '\n');
    expect(runCli(['scan', dir, '--fingerprint-key-file', emptyKey], { configHome }).stderr).toMatch(/empty/);
  });

  it('--help and --version exit 0', () => {
    const help = runCli(['scan', '--help'], { configHome });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--fail-on');
    const version = runCli(['--version'], { configHome });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+ \(report schema 1\.\d+\.\d+\)/);
  });

  it('scans the demo: a schema-valid JSON report with encodings, a skipped binary and located findings', () => {
    const run = runCli(['scan', DEMO, '--format', 'json', ...DATE], { configHome });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(reportSchemaErrors(report)).toEqual([]);
    const byPath = new Map(report.files.map((f) => [f.path, f]));
    expect([...byPath.keys()].sort()).toEqual([
      'README.md',
      'app.log',
      'brev-till-kund.txt',
      'faktura.txt',
      'intyg-utf16.txt',
      'kunder.sql',
      'logotyp.png',
      'motesanteckningar.md',
      'personalregister.csv',
    ]);
    expect(byPath.get('logotyp.png')).toMatchObject({ status: 'skipped', error: { reason: 'no-text-layer' } });
    expect(byPath.get('intyg-utf16.txt')).toMatchObject({ encoding: 'utf-16le', status: 'ok' });
    expect(byPath.get('intyg-utf16.txt')!.findings[0]).toMatchObject({ masked: '19920909-****', location: { line: 2, column: 48 } });
    expect(byPath.get('personalregister.csv')).toMatchObject({ encoding: 'windows-1252' });
    expect(byPath.get('personalregister.csv')!.findings.map((f) => f.location.line)).toEqual([2, 3, 4, 5, 6]);
    expect(byPath.get('faktura.txt')!.findings).toEqual([]);
    expect(report.summary.files).toBe(9);
    expect(report.scan.options).toMatchObject({ format: 'json', fingerprintKeySource: 'installation' });
    // Exactly the planted numbers: decoys (phone numbers, OCR, bankgiro, org.nr, dates followed by digits,
    // timestamps) are not reported.
    const lines = Object.fromEntries(report.files.map((f) => [f.path, f.findings.map((x) => x.location.line)]));
    expect(lines).toEqual({
      'README.md': [],
      'app.log': [3, 5],
      'brev-till-kund.txt': [12, 15],
      'faktura.txt': [],
      'intyg-utf16.txt': [2],
      'kunder.sql': [10, 11],
      'logotyp.png': [],
      'motesanteckningar.md': [9, 11],
      'personalregister.csv': [2, 3, 4, 5, 6],
    });
    // Only official test numbers and decoys: they never fail a scan by default.
    const findings = report.files.flatMap((f) => f.findings);
    expect(findings.length).toBeGreaterThanOrEqual(14);
    expect(findings.every((f) => f.testNumber)).toBe(true);
    expect(findings.map((f) => f.type).filter((t) => t !== 'PERSONNUMMER' && t !== 'SAMORDNINGSNUMMER')).toEqual([]);
    expect(report.summary.failingFindings).toBe(0);
    expect(run.status).toBe(0);
    expect(runCli(['scan', DEMO, '--fail-on-test-numbers', ...DATE], { configHome }).status).toBe(1);
  });

  it('without --reveal no full number appears in text, JSON, an output file or stderr; with it, values appear', () => {
    const outFile = join(dir, 'report.json');
    const runs = [
      runCli(['scan', DEMO, ...DATE], { configHome }),
      runCli(['scan', DEMO, '--format', 'json', ...DATE], { configHome }),
      runCli(['scan', DEMO, '--format', 'json', '--output', outFile, ...DATE], { configHome }),
    ];
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n') + readFileSync(outFile, 'utf8');
    expect(runs[2]!.stdout).toBe('');
    expect(everything).toContain('-****');
    expect(fullNumbersIn(everything)).toEqual([]);

    const revealed = runCli(['scan', DEMO, '--format', 'json', '--reveal', ...DATE], { configHome });
    const report = JSON.parse(revealed.stdout) as ScanReport;
    expect(reportSchemaErrors(report)).toEqual([]);
    const values = report.files.flatMap((f) => f.findings.map((x) => x.value));
    expect(values.length).toBeGreaterThan(5);
    expect(values).toContain('199008142383');
    expect(report.scan.options['reveal']).toBe(true);
    const text = runCli(['scan', DEMO, '--reveal', ...DATE], { configHome }).stdout;
    expect(text).toContain('199008142383');
    // The checker itself finds full numbers when they are there.
    expect(fullNumbersIn(text).length).toBeGreaterThan(5);
  });

  it('per-file errors do not stop the scan: broken symlink, binary, unreadable file', () => {
    const tree = join(dir, 'errors');
    mkdirSync(tree);
    writeFileSync(join(tree, 'a-ok.txt'), `pnr ${real.short}\n`);
    writeFileSync(join(tree, 'b.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]));
    symlinkSync(join(tree, 'nowhere'), join(tree, 'c-broken'));
    writeFileSync(join(tree, 'd-locked.txt'), `pnr ${real.short}\n`);
    chmodSync(join(tree, 'd-locked.txt'), 0o000);
    // chmod 000 does not stop root; run the CLI as an unprivileged user then (it needs to enter the tree).
    const asRoot = process.getuid?.() === 0;
    let env: NodeJS.ProcessEnv = {};
    if (asRoot) {
      chmodSync(dir, 0o755);
      chmodSync(tree, 0o755);
      env = { GALLRA_FINGERPRINT_KEY: 'k' };
    }
    const run = runCli(['scan', tree, '--format', 'json', ...DATE], { configHome, env, ...(asRoot ? { uid: 65534 } : {}) });
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.files.map((f) => [f.path, f.status, f.error?.reason ?? null])).toEqual([
      ['a-ok.txt', 'ok', null],
      ['b.bin', 'skipped', 'binary'],
      ['c-broken', 'error', 'broken-symlink'],
      ['d-locked.txt', 'error', 'permission-denied'],
    ]);
    expect(report.summary).toMatchObject({ files: 4, errors: 2, skipped: 1, filesWithFindings: 1 });
    expect(run.status).toBe(1);
  });

  it('--output inside a scanned folder writes the report there without scanning it', () => {
    const tree = join(dir, 'self');
    mkdirSync(tree);
    writeFileSync(join(tree, 'a.txt'), `pnr ${real.short}\n`);
    const out = join(tree, 'report.json');
    writeFileSync(out, `old report mentioning ${real.long}`);
    const run = runCli(['scan', tree, '--format', 'json', '--output', out, '--reveal', ...DATE], { configHome });
    expect(run.stdout).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8')) as ScanReport;
    expect(report.files.map((f) => f.path)).toEqual(['a.txt']);
    expect(report.scan.options['exclude']).toEqual([]);
  });

  it('--exclude skips matching files; default excludes skip node_modules', () => {
    const tree = join(dir, 'excl');
    mkdirSync(join(tree, 'node_modules'), { recursive: true });
    writeFileSync(join(tree, 'keep.txt'), 'x');
    writeFileSync(join(tree, 'skip.log'), 'x');
    writeFileSync(join(tree, 'node_modules', 'dep.txt'), 'x');
    const paths = (args: string[]) =>
      (JSON.parse(runCli(['scan', tree, '--format', 'json', ...args], { configHome }).stdout) as ScanReport).files.map((f) => f.path);
    expect(paths([])).toEqual(['keep.txt', 'skip.log']);
    expect(paths(['--exclude', '*.log'])).toEqual(['keep.txt']);
    expect(paths(['--no-default-excludes', '-e', '*.log', '-e', 'keep.*'])).toEqual(['node_modules/dep.txt']);
  });

  it('fingerprints use the configured key, which never appears in output; the installation key is private', () => {
    const tree = join(dir, 'fp');
    mkdirSync(tree);
    writeFileSync(join(tree, 'a.txt'), `pnr ${real.short}\n`);
    const key = 'my-secret-fingerprint-key-0123456789';
    const expected = createHmac('sha256', key).update(real.normalized).digest('hex');

    const viaEnv = runCli(['scan', tree, '--format', 'json', ...DATE], { configHome, env: { GALLRA_FINGERPRINT_KEY: key } });
    const envReport = JSON.parse(viaEnv.stdout) as ScanReport;
    expect(envReport.files[0]!.findings[0]!.fingerprint).toBe(expected);
    expect(envReport.scan.options['fingerprintKeySource']).toBe('env');
    expect(viaEnv.stdout + viaEnv.stderr).not.toContain(key);

    const keyFile = join(dir, 'fp.key');
    writeFileSync(keyFile, `${key}\n`);
    const viaFile = runCli(['scan', tree, '--format', 'json', '--fingerprint-key-file', keyFile, ...DATE], { configHome });
    expect((JSON.parse(viaFile.stdout) as ScanReport).files[0]!.findings[0]!.fingerprint).toBe(expected);

    const home = tempDir('home');
    try {
      const first = JSON.parse(runCli(['scan', tree, '--format', 'json', ...DATE], { configHome: home }).stdout) as ScanReport;
      const second = JSON.parse(runCli(['scan', tree, '--format', 'json', ...DATE], { configHome: home }).stdout) as ScanReport;
      const keyPath = join(home, 'gallra', 'fingerprint.key');
      expect(statSync(keyPath).mode & 0o777).toBe(0o600);
      const installationKey = readFileSync(keyPath, 'utf8').trim();
      expect(installationKey).toMatch(/^[0-9a-f]{64}$/);
      expect(first.files[0]!.findings[0]!.fingerprint).toBe(createHmac('sha256', installationKey).update(real.normalized).digest('hex'));
      expect(second.files[0]!.findings[0]!.fingerprint).toBe(first.files[0]!.findings[0]!.fingerprint);
      expect(JSON.stringify(first)).not.toContain(installationKey);
    } finally {
      removeDir(home);
    }
  });
});
