import { describe, expect, it } from 'vitest';
import { createDetector, parsePersonnummer } from '../src/index.js';
import { luhnCheckDigit } from './helpers.js';

/** A valid (non-test) number generated at test time: date + birth number + Luhn. */
function make(yymmdd: string, nnn = '238'): string {
  return `${yymmdd}${nnn}${luhnCheckDigit(yymmdd + nnn)}`;
}

const NOW = new Date('2026-11-22T12:00:00Z');

describe('century and + inference against a fixed reference date (spec §1.4 step 6, §1.5)', () => {
  const cases: [string, string][] = [
    [`${make('640823').slice(0, 6)}-${make('640823').slice(6)}`, '1964'],
    [`${make('261122').slice(0, 6)}-${make('261122').slice(6)}`, '2026'], // today: not in the future
    [`${make('261121').slice(0, 6)}-${make('261121').slice(6)}`, '2026'],
    [`${make('261123').slice(0, 6)}-${make('261123').slice(6)}`, '2026'], // tomorrow: future (flagged)
    [`${make('261231').slice(0, 6)}+${make('261231').slice(6)}`, '1926'],
    [`${make('270101').slice(0, 6)}-${make('270101').slice(6)}`, '1927'],
    [`${make('270101').slice(0, 6)}+${make('270101').slice(6)}`, '1827'],
    [`${make('000229').slice(0, 6)}-${make('000229').slice(6)}`, '2000'], // leap day 2000
    [make('991231'), '1999'],
    [make('000101'), '2000'],
  ];
  for (const [input, year] of cases) {
    it(`${input.slice(0, 7)}… is dated ${year}`, () => {
      const r = parsePersonnummer(input, { now: NOW });
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.value.year).toBe(Number(year));
        expect(r.value.centuryInferred).toBe(true);
      }
    });
  }

  it('a reference date changes the inference (no hidden use of the clock)', () => {
    const n = make('250101');
    const in2026 = parsePersonnummer(n, { now: NOW });
    const in2024 = parsePersonnummer(n, { now: new Date('2024-06-01T00:00:00Z') });
    expect(in2026.ok && in2026.value.year).toBe(2025);
    expect(in2024.ok && in2024.value.year).toBe(1925);
  });

  it('future birth dates: 12-digit forms are rejected, 10-digit forms are flagged and capped at low', () => {
    const tomorrow = make('261123');
    expect(parsePersonnummer('20' + tomorrow, { now: NOW })).toEqual({ ok: false, reason: 'future-date' });
    const r = parsePersonnummer(tomorrow, { now: NOW });
    expect(r.ok && r.value.futureDate).toBe(true);

    const detector = createDetector({ now: NOW });
    expect(detector.detect(`Personnummer: 20${tomorrow}`)).toEqual([]);
    expect(detector.detect(`Personnummer: 20${tomorrow.slice(0, 6)}-${tomorrow.slice(6)}`)).toEqual([]);
    const [f] = detector.detect(`Personnummer: ${tomorrow.slice(0, 6)}-${tomorrow.slice(6)}`);
    expect(f?.confidence).toBe('low');
    expect(f?.evidence.map((e) => e.code)).toContain('future-date');
    // The same number written with '+' is a 100-year-old and fine.
    const [old] = detector.detect(`Personnummer: ${tomorrow.slice(0, 6)}+${tomorrow.slice(6)}`);
    expect(old?.normalized.slice(0, 4)).toBe('1926');
    expect(old?.confidence).toBe('high');
  });

  it('leap years follow the resolved century', () => {
    expect(parsePersonnummer(make('000229'), { now: NOW }).ok).toBe(true); // 2000-02-29
    expect(parsePersonnummer('19' + make('000229'), { now: NOW })).toEqual({ ok: false, reason: 'day' }); // 1900 is not leap
    expect(parsePersonnummer(make('960229'), { now: NOW }).ok).toBe(true);
    expect(parsePersonnummer(make('970229'), { now: NOW })).toEqual({ ok: false, reason: 'day' });
    expect(parsePersonnummer(make('640431'), { now: NOW })).toEqual({ ok: false, reason: 'day' });
  });

  it('typed failure reasons', () => {
    expect(parsePersonnummer('640823-3235', { now: NOW })).toEqual({ ok: false, reason: 'checksum' });
    expect(parsePersonnummer('hello', { now: NOW })).toEqual({ ok: false, reason: 'format' });
    expect(parsePersonnummer(make('640823', '000'), { now: NOW })).toEqual({ ok: false, reason: 'birth-number' });
    expect(parsePersonnummer(make('641323'), { now: NOW })).toEqual({ ok: false, reason: 'month' });
    expect(parsePersonnummer(make('640832'), { now: NOW })).toEqual({ ok: false, reason: 'day' });
    expect(parsePersonnummer('17' + make('640823'), { now: NOW })).toEqual({ ok: false, reason: 'century' });
    expect(parsePersonnummer('16' + make('640823'), { now: NOW })).toEqual({ ok: false, reason: 'century' });
  });
});

describe('samordningsnummer dates (spec §1.1, §1.4 step 7)', () => {
  const lenient = createDetector({ now: NOW });
  const strict = createDetector({ now: NOW, strictSamordningsnummer: true });
  const write = (ten: string): string => `Samordningsnummer ${ten.slice(0, 6)}-${ten.slice(6)}`;

  it("Skatteverket's own example 701063-2391 is a man born 1970-10-03", () => {
    const r = parsePersonnummer('701063-2391', { now: NOW });
    expect(r.ok && [r.value.kind, r.value.birthDate, r.value.gender]).toEqual(['samordningsnummer', '1970-10-03', 'male']);
  });

  it('month 00, day 60 and impossible dates are accepted by default and rejected in strict mode', () => {
    for (const date of ['700060', '700061', '700091', '700263', '700290', '730289']) {
      const ten = make(date);
      expect(lenient.detect(write(ten))[0]?.type, date).toBe('SAMORDNINGSNUMMER');
    }
    for (const date of ['700060', '700090', '700290', '730289', '000061']) {
      expect(strict.detect(write(make(date))), date).toEqual([]);
    }
    expect(strict.detect(write(make('700263')))[0]?.type).toBe('SAMORDNINGSNUMMER');
  });

  it('day 92–99 and 32–59 are never valid', () => {
    for (const date of ['700192', '700199', '700132', '700159']) {
      expect(lenient.detect(write(make(date))), date).toEqual([]);
      expect(parsePersonnummer(make(date), { now: NOW })).toEqual({ ok: false, reason: 'day' });
    }
  });

  it('parts of a samordningsnummer with unknown day', () => {
    const r = parsePersonnummer(make('700260'), { now: NOW });
    expect(r.ok && { day: r.value.day, birthDate: r.value.birthDate, month: r.value.month }).toEqual({ day: null, birthDate: null, month: 2 });
    const m = parsePersonnummer(make('700061'), { now: NOW });
    expect(m.ok && { month: m.value.month, day: m.value.day }).toEqual({ month: null, day: 1 });
  });
});
