import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector, parsePersonnummer } from '../src/index.js';
import { daysInMonth } from '../src/identity/validate.js';
import { luhnCheckDigit, NOW } from './helpers.js';

const detector = createDetector({ now: NOW, includeNonPersonal: true });

/** A valid personnummer or samordningsnummer, generated (never a real person's list). */
const validNumber = fc
  .record({
    year: fc.integer({ min: 1890, max: 2025 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    serial: fc.integer({ min: 1, max: 999 }),
    samordning: fc.boolean(),
  })
  .map(({ year, month, day, serial, samordning }) => {
    const d = Math.min(day, daysInMonth(year, month));
    const yy = String(year % 100).padStart(2, '0');
    const nine = `${yy}${String(month).padStart(2, '0')}${String(d + (samordning ? 60 : 0)).padStart(2, '0')}${String(serial).padStart(3, '0')}`;
    return { n12: `${Math.floor(year / 100)}${nine}${luhnCheckDigit(nine)}`, samordning, year };
  });

const prose = fc.constantFrom('Hej ', 'Personnummer: ', 'pnr=', '(', '"', '; ', '| ', 'Sökande ', '\n', '');
const after = fc.constantFrom(' ', '.', ',', ')', '"', ';', ' |', '\n', '');

describe('property tests', () => {
  it('random strings never crash and findings are well-formed', () => {
    const alphabet = fc.constantFrom(...'0123456789-+ \u2013\u00a0XxTabcåäö:;.,/\n'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }).map((a) => a.join('')), fc.string({ maxLength: 50 }), (s, ctx) => {
        for (const f of detector.detect(s, { context: ctx })) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeLessThanOrEqual(s.length);
          expect(f.score).toBeGreaterThanOrEqual(0.4);
          expect(f.score).toBeLessThanOrEqual(0.98);
          expect(f.masked).toMatch(/^\d{6,8}-\*\*\*\*$/);
          expect(f.fingerprint).toMatch(/^[0-9a-f]{64}$/);
        }
      }),
      { numRuns: 2000, seed: 20261122 },
    );
  });

  it('arbitrary unicode never crashes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        expect(Array.isArray(detector.detect(s))).toBe(true);
        expect(parsePersonnummer(s).ok === true || parsePersonnummer(s).ok === false).toBe(true);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('every generated valid number is found in its separated forms, with the right parts', () => {
    fc.assert(
      fc.property(validNumber, prose, after, ({ n12, samordning, year }, before, tail) => {
        const hundred = NOW.getUTCFullYear() - year >= 100;
        const forms = [`${n12.slice(0, 8)}-${n12.slice(8)}`, n12, `${n12.slice(2, 8)}${hundred ? '+' : '-'}${n12.slice(8)}`];
        for (const form of forms) {
          const text = `${before}${form}${tail}`;
          const found = detector.detect(text).filter((f) => f.personal);
          expect(found, text).toHaveLength(1);
          const f = found[0]!;
          expect(text.slice(f.start, f.end)).toBe(form);
          expect(f.normalized).toBe(n12);
          expect(f.type).toBe(samordning ? 'SAMORDNINGSNUMMER' : 'PERSONNUMMER');
        }
        const parsed = parsePersonnummer(n12, { now: NOW });
        expect(parsed.ok && parsed.value.normalized).toBe(n12);
      }),
      { numRuns: 1500, seed: 42 },
    );
  });

  it('changing the check digit always invalidates', () => {
    fc.assert(
      fc.property(validNumber, fc.integer({ min: 1, max: 9 }), ({ n12 }, bump) => {
        const wrong = n12.slice(0, 11) + String((Number(n12[11]) + bump) % 10);
        expect(parsePersonnummer(wrong, { now: NOW })).toEqual({ ok: false, reason: 'checksum' });
        expect(detector.detect(`Personnummer: ${wrong}`)).toEqual([]);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
