import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { zip } from '../../../fixtures/generate/zip-writer.mjs';
import { scanContent } from '../src/scan-content.js';
import { generatePersonnummer } from './numbers.js';

const real = generatePersonnummer('19850315', '457');
const options = { now: '2026-06-01T00:00:00.000Z', fingerprintKey: 'test-key' };

describe('scanContent', () => {
  it('finds a number in bytes and locates it by line and column', async () => {
    const bytes = Buffer.from(`rad ett\nPersonnummer: ${real.long}\n`);
    const report = await scanContent({ name: 'a.txt', size: bytes.length, bytes }, options);
    expect(report).toMatchObject({ format: 'text', encoding: 'utf-8', status: 'ok', error: null, warnings: [] });
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding).toMatchObject({ type: 'PERSONNUMMER', masked: '19850315-****', location: { line: 2, column: 15, member: null } });
    expect(finding!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(finding).not.toHaveProperty('value');
    expect(JSON.stringify(report)).not.toContain(real.normalized.slice(-4) + '"');
  });

  it('adds the normalised value only with reveal', async () => {
    const bytes = Buffer.from(`pnr ${real.short}`);
    const report = await scanContent({ name: 'a.txt', size: bytes.length, bytes }, { ...options, reveal: true });
    expect(report.findings[0]).toMatchObject({ value: real.normalized, masked: '19850315-****' });
  });

  it('reads through `open` as well', async () => {
    const bytes = Buffer.from(`pnr ${real.short}`);
    const report = await scanContent({ name: 'a.txt', size: bytes.length, open: () => Readable.from([bytes]) }, options);
    expect(report.findings).toHaveLength(1);
  });

  it('reports the same findings and columns for UTF-8 in memory (read as bytes) as for the same text streamed (decoded)', async () => {
    const other = generatePersonnummer('19700101', '123');
    const text = [
      `Åsa Öberg, personnummer ${real.long} – bor i Göteborg`,
      `😀 ${other.short} 😀 ${real.short}\r\n€ födelsedatum: ${other.long}`,
      `${'ä'.repeat(300_000)}\nsista raden: ${real.short}`,
    ].join('\n');
    const bytes = Buffer.from(text, 'utf8');
    const inMemory = await scanContent({ name: 'a.txt', size: bytes.length, bytes }, options);
    const streamed = await scanContent({ name: 'a.txt', size: bytes.length, open: () => Readable.from([bytes]) }, options);
    expect(inMemory.findings.length).toBeGreaterThanOrEqual(5);
    expect(inMemory).toEqual(streamed);
    expect(inMemory.findings[0]!.location).toMatchObject({ line: 1, column: 25 });
    expect(inMemory.findings[1]!.location).toMatchObject({ line: 2, column: 4 });
  });

  it('fingerprints depend on the key', async () => {
    const bytes = Buffer.from(`pnr ${real.short}`);
    const a = await scanContent({ name: 'a.txt', size: bytes.length, bytes }, { ...options, fingerprintKey: 'k1' });
    const b = await scanContent({ name: 'a.txt', size: bytes.length, bytes }, { ...options, fingerprintKey: 'k2' });
    const again = await scanContent({ name: 'a.txt', size: bytes.length, bytes }, { ...options, fingerprintKey: 'k1' });
    expect(a.findings[0]!.fingerprint).not.toBe(b.findings[0]!.fingerprint);
    expect(a.findings[0]!.fingerprint).toBe(again.findings[0]!.fingerprint);
  });

  it('decodes UTF-16 and windows-1252 Swedish text', async () => {
    const text = `Åsa Öberg, personnummer ${real.long}\r\n`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r16 = await scanContent({ name: 'a.txt', size: utf16.length, bytes: utf16 }, options);
    expect(r16).toMatchObject({ encoding: 'utf-16le', status: 'ok' });
    expect(r16.findings[0]).toMatchObject({ location: { line: 1, column: 25 } });
    const latin = Buffer.from(text, 'latin1');
    const r1252 = await scanContent({ name: 'a.txt', size: latin.length, bytes: latin }, options);
    expect(r1252).toMatchObject({ encoding: 'windows-1252', status: 'ok' });
    expect(r1252.findings[0]).toMatchObject({ location: { line: 1, column: 25 } });
  });

  it('skips binary content with reason "binary"', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48]);
    const report = await scanContent({ name: 'x.png', size: bytes.length, bytes }, options);
    expect(report).toMatchObject({ status: 'skipped', error: { reason: 'binary' }, findings: [] });
  });

  it('turns a read error into status "error" with an I/O reason, without throwing', async () => {
    const failing = () =>
      new Readable({
        read() {
          this.destroy(Object.assign(new Error('EACCES: permission denied, open /secret/198503154574.txt'), { code: 'EACCES', syscall: 'open' }));
        },
      });
    const report = await scanContent({ name: 'a.txt', size: 10, open: failing }, options);
    expect(report).toMatchObject({ status: 'error', error: { reason: 'permission-denied' }, findings: [] });
    expect(report.error!.message).not.toContain('198503154574');
  });

  it('reports too-large files as errors with the extractor reason', async () => {
    const bytes = Buffer.from('x'.repeat(100));
    const report = await scanContent({ name: 'a.txt', size: 100, bytes }, { ...options, limits: { maxFileBytes: 10 } });
    expect(report).toMatchObject({ status: 'error', error: { reason: 'too-large' } });
  });

  it('keeps the findings of a zip with more members than allowed, with a warning for the rest', async () => {
    const members = Array.from({ length: 50 }, (_, i) => ({ name: `f${i}.txt`, data: `Kund ${i}: ${real.long}\n` }));
    const bytes = zip(members);
    // 10 members are read; the directory is listed only up to 4x the limit (40 of 50 entries).
    const report = await scanContent({ name: 'arkiv.zip', size: bytes.length, bytes }, { ...options, limits: { maxMembers: 10 } });
    expect(report).toMatchObject({ format: 'zip', status: 'ok', error: null });
    expect(report.findings).toHaveLength(10);
    expect(report.warnings.map((w) => w.reason)).toEqual(['limits-exceeded', 'limits-exceeded']);
  });

  it('reads a zip on disk in place through its path, not through the stream', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'gallra-zip-path-'));
    try {
      // Stored filler puts the central directory past the head, out of the stream's reach.
      const bytes = zip([{ name: 'lista.txt', data: `Kund: ${real.long}\n` }, { name: 'fyll.txt', data: 'fyll\n'.repeat(4000), store: true }]);
      expect(bytes.length).toBeGreaterThan(8192);
      const file = join(dir, 'arkiv.zip');
      writeFileSync(file, bytes);
      // Only the head comes through the stream (for identifying the format); the archive is read by path.
      const headOnly = () => Readable.from([bytes.subarray(0, 4096)]);
      const report = await scanContent({ name: 'arkiv.zip', size: bytes.length, open: headOnly, path: file }, options);
      expect(report).toMatchObject({ format: 'zip', status: 'ok' });
      expect(report.findings.map((f) => f.masked)).toEqual(['19850315-****']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('redacts numbers from unexpected error messages', async () => {
    const failing = () =>
      new Readable({
        read() {
          this.destroy(new Error(`parser choked on "${real.long}"`));
        },
      });
    const report = await scanContent({ name: 'a.txt', size: 10, open: failing }, options);
    expect(report.error).toMatchObject({ reason: 'internal-error' });
    expect(report.error!.message).toContain('19850315-****');
    expect(report.error!.message).not.toContain(real.long);
  });
});
