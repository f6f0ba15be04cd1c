import { describe, expect, it } from 'vitest';
import { createDetector, parsePersonnummer } from '../src/index.js';
import { NOW, readJson } from './helpers.js';

interface MetaRow {
  integer: number;
  long_format: string;
  short_format: string;
  separated_format: string;
  separated_long: string;
  valid: boolean;
  type: 'ssn' | 'con' | 'interim';
  isMale: boolean;
  isFemale: boolean;
}
interface OrgMetaRow {
  input: string;
  long_format: string;
  short_format: string;
  valid: boolean;
  type: string;
  vat_number: string;
}

// personnummer/meta computed `separated_format` on 2023-11-14 (see data/personnummer-meta/README.md).
const META_NOW = new Date('2023-11-14T12:00:00Z');
const list = readJson<MetaRow[]>('personnummer-meta', 'list.json');
const interim = readJson<MetaRow[]>('personnummer-meta', 'interim.json');
const orgRows = readJson<{ short_format: string; separated_format: string; valid: boolean }[]>(
  'personnummer-meta',
  'orgnumber.json',
);
const structured = readJson<Record<'ssn' | 'con', Record<'integer' | 'string', { valid: (string | number)[]; invalid: (string | number)[] }>>>(
  'personnummer-meta',
  'structured.json',
);
const orgList = readJson<OrgMetaRow[]>('organisationsnummer-meta', 'list.json');

const kindOf = { ssn: 'personnummer', con: 'samordningsnummer', interim: 'interim' } as const;

describe('personnummer/meta list.json and interim.json', () => {
  expect(list).toHaveLength(14);
  expect(interim).toHaveLength(12);
  for (const row of [...list, ...interim]) {
    const forms = [row.long_format, row.short_format, row.separated_format, row.separated_long];
    it(`${row.separated_format} is ${row.valid ? 'valid' : 'invalid'} in every format`, () => {
      for (const form of forms) {
        const r = parsePersonnummer(form, { now: META_NOW });
        expect(r.ok, form).toBe(row.valid);
        if (r.ok) {
          expect(r.value.kind).toBe(kindOf[row.type]);
          // A 10-digit number without separator is read as '-', so a 100-year-old gets the later century.
          const plusRow = row.separated_format.includes('+');
          const expected = form === row.short_format && plusRow ? '20' + row.short_format : row.long_format;
          expect(r.value.normalized).toBe(expected);
          expect(r.value.gender).toBe(row.isMale ? 'male' : 'female');
        }
      }
    });
    if (row.valid) {
      it(`${row.separated_format} keeps its separator meaning: '+' dates it 100 years back`, () => {
        const r = parsePersonnummer(row.separated_format, { now: META_NOW });
        expect(r.ok && r.value.normalized).toBe(row.long_format);
        const short = parsePersonnummer(row.short_format, { now: META_NOW });
        // A 10-digit number without separator is read as '-': a 100-year-old is dated a century late.
        const plus = row.separated_format.includes('+');
        expect(short.ok && short.value.normalized === row.long_format).toBe(!plus);
      });
    }
  }

  it('the detector finds exactly the valid rows, in every format, with the right type', () => {
    const detector = createDetector({ now: META_NOW });
    for (const row of [...list, ...interim]) {
      for (const form of [row.long_format, row.short_format, row.separated_format, row.separated_long]) {
        const findings = detector.detect(`Personnummer: ${form}.`, {});
        if (!row.valid) {
          // The space-separated row is invalid for validators; the detector still finds it (spec §1.2).
          if (form.includes(' ')) continue;
          expect(findings, form).toEqual([]);
          continue;
        }
        expect(findings, form).toHaveLength(1);
        const f = findings[0]!;
        expect(f.type).toBe({ ssn: 'PERSONNUMMER', con: 'SAMORDNINGSNUMMER', interim: 'INTERIM_NUMBER' }[row.type]);
        expect(`Personnummer: ${form}.`.slice(f.start, f.end)).toBe(form);
        if (form !== row.short_format || !row.separated_format.includes('+')) expect(f.normalized).toBe(row.long_format);
      }
    }
  });

  it('the space-separated row is rejected by the parser but found by the detector at lower score', () => {
    const row = list.find((r) => r.long_format.includes(' '))!;
    expect(parsePersonnummer(row.long_format, { now: META_NOW })).toEqual({ ok: false, reason: 'format' });
    const [f] = createDetector({ now: META_NOW }).detect(`pnr ${row.separated_format}`);
    // A space reads as '-': the latest 09 not after 2023 is 2009.
    expect(f?.normalized).toBe('200905271474');
    expect(f?.evidence.map((e) => e.code)).toContain('form-spaced');
  });
});

describe('personnummer/meta structured.json', () => {
  for (const kind of ['ssn', 'con'] as const) {
    for (const valid of ['valid', 'invalid'] as const) {
      const values = [...structured[kind].integer[valid], ...structured[kind].string[valid]].map(String);
      it(`${kind} ${valid}: ${values.length} values`, () => {
        expect(values.length).toBeGreaterThan(0);
        for (const v of values) {
          const r = parsePersonnummer(v, { now: META_NOW });
          expect(r.ok, v).toBe(valid === 'valid');
          if (r.ok) expect(r.value.kind).toBe(kindOf[kind]);
        }
      });
    }
  }
});

describe('organisationsnummer', () => {
  const detector = createDetector({ now: NOW, includeNonPersonal: true });
  const personalOnly = createDetector({ now: NOW });

  it('AP-fond numbers (personnummer/meta orgnumber.json) are organisationsnummer, never personnummer', () => {
    expect(orgRows).toHaveLength(6);
    for (const row of orgRows) {
      for (const form of [row.short_format, row.separated_format]) {
        const r = parsePersonnummer(form, { now: NOW });
        expect(r.ok && r.value.kind).toBe('organisationsnummer');
        expect(personalOnly.detect(`Org: ${form}`), form).toEqual([]);
        const [f] = detector.detect(`Org: ${form}`);
        expect(f?.type).toBe('ORGANISATIONSNUMMER');
        expect(f?.personal).toBe(false);
      }
    }
  });

  it('organisationsnummer/meta list.json: companies classified, sole traders found as personal data', () => {
    expect(orgList).toHaveLength(24);
    for (const row of orgList) {
      const sole = row.type === 'Enskild firma';
      for (const form of [row.input, row.long_format, row.short_format, row.vat_number]) {
        const text = `Leverantör ${form} fakturerar.`;
        const all = detector.detect(text);
        if (!row.valid) {
          expect(all, form).toEqual([]);
          continue;
        }
        expect(all, form).toHaveLength(1);
        const f = all[0]!;
        expect(text.slice(f.start, f.end)).toBe(form);
        if (sole) {
          expect(f.personal, form).toBe(true);
          expect(['PERSONNUMMER', 'SAMORDNINGSNUMMER']).toContain(f.type);
        } else {
          expect(f.type).toBe('ORGANISATIONSNUMMER');
          expect(f.normalized).toBe('16' + row.short_format);
          expect(personalOnly.detect(text), form).toEqual([]);
        }
      }
    }
  });
});
