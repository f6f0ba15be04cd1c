import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDetector, isTestNumber } from '@gallra/core';
import { afterAll, describe, expect, it } from 'vitest';
import { applyFixPlans, planFixes } from '../src/fix/rewrite.js';
import { applySurface, pickTestNumber, surfaceFormOf, testNumbersOn } from '../src/fix/test-number-picker.js';

const NOW = new Date('2026-06-01T12:00:00Z');

/** A valid real (non-test) number, 12-digit form, built from a date and serial at test time. */
function real(yyyymmdd: string, serial: string): string {
  const nine = yyyymmdd.slice(2) + serial;
  for (let c = 0; c < 10; c++) {
    const d = nine + c;
    let sum = 0;
    for (let i = 0; i < 10; i++) {
      let v = Number(d[i]) * (i % 2 === 0 ? 2 : 1);
      if (v > 9) v -= 9;
      sum += v;
    }
    if (sum % 10 === 0) return yyyymmdd + serial + c;
  }
  throw new Error('unreachable');
}

describe('surface forms', () => {
  it('keeps every non-digit character and the digit count', () => {
    expect(surfaceFormOf('850315-1234')).toEqual({ digits: 10, centenarian: false });
    expect(surfaceFormOf('150315+1234')).toEqual({ digits: 10, centenarian: true });
    expect(surfaceFormOf('19850315 1234')).toEqual({ digits: 12, centenarian: false });
    expect(surfaceFormOf('850315-T234')).toBeNull();
    expect(applySurface('850315–1234', '196408233234')).toBe('640823–3234');
    expect(applySurface('1985-03-15-1234', '196408233234')).toBe('1964-08-23-3234');
    expect(applySurface('198503151234', '196408233234')).toBe('196408233234');
  });
});

describe('pickTestNumber', () => {
  it('keeps the birth date when Skatteverket has a test number for it', () => {
    expect(testNumbersOn(new Date(Date.UTC(1964, 7, 23)), false)).toContain('196408233234');
    const original = real('19640823', '123');
    expect(isTestNumber(original)).toBe(false);
    const picked = pickTestNumber(original, { digits: 10, centenarian: false }, 'ab12cd34', NOW)!;
    expect(picked.slice(0, 8)).toBe('19640823');
    expect(isTestNumber(picked)).toBe(true);
  });

  it('is deterministic for a seed and respects the century the form implies', () => {
    const original = real('19850315', '123');
    const a = pickTestNumber(original, { digits: 10, centenarian: false }, 'ffff0000', NOW)!;
    expect(pickTestNumber(original, { digits: 10, centenarian: false }, 'ffff0000', NOW)).toBe(a);
    expect(isTestNumber(a)).toBe(true);
    const y = Number(a.slice(0, 4));
    expect(y > 1926 && y <= 2026).toBe(true);
    // `+`: 100 or older on the reference date.
    const old = pickTestNumber(real('19150315', '123'), { digits: 10, centenarian: true }, '1', NOW)!;
    expect(Number(old.slice(0, 4))).toBeLessThanOrEqual(1926);
    expect(isTestNumber(old)).toBe(true);
  });

  it('replaces a samordningsnummer with a test samordningsnummer', () => {
    const original = real('19850375', '123');
    const picked = pickTestNumber(original, { digits: 12, centenarian: false }, '42', NOW)!;
    expect(Number(picked.slice(6, 8))).toBeGreaterThan(60);
    expect(isTestNumber(picked)).toBe(true);
  });
});

describe('planFixes / applyFixPlans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gallra-fix-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const detector = createDetector({ now: NOW });
  const fingerprintsOf = (text: string) => detector.detect(text).map((f) => f.fingerprint);

  it('rewrites only the digits, keeping encoding, BOM and every other byte', async () => {
    const r = real('19850315', '123');
    const ten = `${r.slice(2, 8)}-${r.slice(8)}`;
    const text = `id;pnr\r\n1;${ten}\r\nÅsa;${r}\r\n`;
    const files: Record<string, Buffer> = {
      'utf8-bom.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      'utf16.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'latin.csv': Buffer.from(text.replace('Å', '\u00c5'), 'latin1'),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const fps = fingerprintsOf(text);
    const plans = await planFixes(
      Object.keys(files).map((path) => ({ path, fingerprints: fps })),
      { root: dir, now: NOW, formats: new Map() },
    );
    expect(plans.map((p) => p.refused ?? null)).toEqual([null, null, null]);
    expect(await applyFixPlans(plans, dir)).toBe(6);
    for (const [name, before] of Object.entries(files)) {
      const after = readFileSync(join(dir, name));
      expect(after.length).toBe(before.length);
      const changed = [...after].filter((b, i) => b !== before[i]).length;
      expect(changed).toBeGreaterThan(0);
      expect(changed).toBeLessThanOrEqual(18); // at most the 8 + 10 digits after the date parts
    }
    const fixed = readFileSync(join(dir, 'utf8-bom.csv'), 'utf8');
    expect(fixed).toMatch(/^\ufeffid;pnr\r\n1;850315-\d{4}\r\nÅsa;19850315\d{4}\r\n$/);
    const found = detector.detect(fixed.slice(1));
    expect(found).toHaveLength(2);
    expect(found.every((f) => f.testNumber)).toBe(true);
  });

  it('refuses documents and binary files, leaving them untouched', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]);
    writeFileSync(join(dir, 'logo.png'), bytes);
    writeFileSync(join(dir, 'brev.docx'), 'PK');
    const plans = await planFixes(
      [
        { path: 'logo.png', fingerprints: ['abc'] },
        { path: 'brev.docx', fingerprints: ['abc'] },
      ],
      { root: dir, now: NOW, formats: new Map([['brev.docx', 'docx']]) },
    );
    expect(plans.map((p) => p.refused?.reason)).toEqual(['binary', 'not-text']);
    expect(await applyFixPlans(plans, dir)).toBe(0);
    expect(readFileSync(join(dir, 'logo.png'))).toEqual(bytes);
  });
});
