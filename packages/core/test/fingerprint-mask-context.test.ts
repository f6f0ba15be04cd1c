import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDetector, createFingerprinter, fingerprintValue, maskIdentityNumber, PUBLIC_FINGERPRINT_KEY } from '../src/index.js';
import { mulberry32, NOW } from './helpers.js';

describe('fingerprints', () => {
  it('equal node:crypto HMAC-SHA256 for many keys and values', () => {
    const rnd = mulberry32(1);
    for (let k = 0; k < 50; k++) {
      const key = k % 3 === 0 ? randomBytes(Math.floor(rnd() * 150)) : 'key-' + String(rnd()).repeat(k % 7);
      const fp = createFingerprinter(key);
      for (let v = 0; v < 40; v++) {
        const value = String(Math.floor(rnd() * 1e12)).padStart(12, '0').slice(0, 1 + Math.floor(rnd() * 12)) + (v % 9 === 0 ? 'å'.repeat(v) : '');
        expect(fp(value)).toBe(createHmac('sha256', key).update(value, 'utf8').digest('hex'));
      }
      for (const len of [0, 55, 56, 63, 64, 65, 200]) {
        const value = '7'.repeat(len);
        expect(fp(value)).toBe(createHmac('sha256', key).update(value).digest('hex'));
      }
    }
  });

  it('depend on the key: the detector uses the configured key', () => {
    const a = createDetector({ now: NOW, fingerprintKey: 'secret-a' }).detect('pnr 640823-3234')[0]!;
    const b = createDetector({ now: NOW, fingerprintKey: 'secret-b' }).detect('pnr 19640823-3234')[0]!;
    const c = createDetector({ now: NOW }).detect('pnr 6408233234')[0]!;
    expect(a.fingerprint).toBe(createHmac('sha256', 'secret-a').update('196408233234').digest('hex'));
    expect(b.fingerprint).toBe(createHmac('sha256', 'secret-b').update('196408233234').digest('hex'));
    expect(c.fingerprint).toBe(fingerprintValue('196408233234', PUBLIC_FINGERPRINT_KEY));
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});

describe('maskIdentityNumber', () => {
  it.each([
    ['198501012383', '19850101-****'],
    ['19850101-2383', '19850101-****'],
    ['8501012383', '850101-****'],
    ['850101-2383', '850101-****'],
    ['20000101T220', '20000101-****'],
    ['165560160680', '556016-****'],
    ['19850101', '19850101-****'],
    ['hello', '****'],
    ['', '****'],
    ['1234567890123456', '****'],
  ])('%s → %s', (input, masked) => {
    expect(maskIdentityNumber(input)).toBe(masked);
  });

  it('findings never carry the birth number outside `normalized`', () => {
    const text = 'Personnummer 640823-3234, samordningsnummer 701063-2391';
    for (const f of createDetector({ now: NOW }).detect(text)) {
      expect(f.masked.endsWith('-****')).toBe(true);
      expect(JSON.stringify(f.evidence)).not.toMatch(/3234|2391/);
    }
  });
});

describe('keyword context and the per-call context hint', () => {
  const detector = createDetector({ now: NOW });
  const score = (text: string, context?: string): number | undefined =>
    detector.detect(text, context === undefined ? undefined : { context })[0]?.score;

  it('a label right before the number raises it; a distant keyword raises it less', () => {
    const bare = score('Uppgiften 640823-3234 finns.')!;
    const label = score('Personnummer: 640823-3234')!;
    const near = score(`Personnumret finns nedan.\n${'Text. '.repeat(20)}640823-3234`)!;
    const far = score(`Personnummer.\n${'Text. '.repeat(80)}640823-3234`)!;
    expect(bare).toBe(0.8);
    expect(label).toBeGreaterThan(near);
    expect(near).toBeGreaterThan(bare);
    expect(far).toBe(bare);
  });

  it('recognises inflections and abbreviations, not substrings of other words', () => {
    for (const kw of ['personnumret', 'Personnumren', 'PNR', 'pers.nr', 'p-nr', 'Samordningsnumret', 'födelsenummer', 'Pers nr', 'ÅÅMMDD-XXXX']) {
      expect(score(`${kw} 6408233234`), kw).toBe(0.85);
    }
    for (const notKw of ['kapnr', 'snrx', 'opnr']) expect(score(`${notKw} 6408233234`), notKw).toBe(0.55);
  });

  it('a column header given as context labels a bare cell', () => {
    expect(score('6408233234')).toBe(0.55);
    expect(score('6408233234', 'Personnummer')).toBe(0.85);
    expect(score('6408233234', 'Pnr (ÅÅMMDDNNNN)')).toBe(0.85);
    const phone = detector.detect('6408233234', { context: 'Telefon' });
    expect(phone).toEqual([]);
    expect(detector.detect('640823-3234', { context: 'Kundnummer' })[0]?.evidence.map((e) => e.code)).toContain('negative-context-label');
    // A keyword inside the text that is nearer to the number wins over the header.
    expect(score('Telefon 6408233234', 'Personnummer')).toBeUndefined();
    expect(score('pnr 6408233234', 'Telefon')).toBe(0.85);
  });

  it('the label must be on the same line', () => {
    const sameLine = detector.detect('Kundnr: 640823-3234')[0];
    const nextLine = detector.detect('Kundnr:\n640823-3234')[0];
    expect(sameLine?.evidence.map((e) => e.code)).toContain('negative-context');
    expect(nextLine?.evidence.map((e) => e.code)).not.toContain('negative-context');
  });

  it('interim numbers, masked numbers and VAT numbers', () => {
    const interim = detector.detect('T-nummer: 000101-T220')[0]!;
    expect([interim.type, interim.score, interim.testNumber]).toEqual(['INTERIM_NUMBER', 0.9, false]);
    expect([interim.normalized, interim.masked]).toEqual(['20000101T220', '20000101-****']);
    const organisation = createDetector({ now: NOW, includeNonPersonal: true }).detect('Org.nr 556036-0793')[0]!;
    expect([organisation.type, organisation.normalized, organisation.masked]).toEqual(['ORGANISATIONSNUMMER', '165560360793', '556036-****']);
    expect(detector.detect('Ref 000101-T220')[0]?.confidence).toBeUndefined();
    expect(detector.detect('000101-T220')[0]?.confidence).toBe('low');
    expect(detector.detect('000101-E221')).toEqual([]);
    const masked = detector.detect('Personnummer: 640823-XXXX')[0]!;
    expect([masked.type, masked.score, masked.masked]).toEqual(['PARTIAL_PERSONNUMMER', 0.8, '19640823-****']);
    expect(detector.detect('640823-****')[0]?.score).toBe(0.6);
    expect(detector.detect('Elev, född 19640823-xxxx')[0]?.score).toBe(0.8);
    expect(detector.detect('641323-XXXX')).toEqual([]);
    const vat = detector.detect('Momsreg.nr SE640823323401')[0]!;
    expect([vat.type, vat.normalized, vat.personal]).toEqual(['PERSONNUMMER', '196408233234', true]);
  });
});
