import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDetector, isTestNumber, luhnValid, parsePersonnummer } from '../src/index.js';
import {
  TEST_PERSONNUMMER_COUNT,
  TEST_PERSONNUMMER_SHA256,
  TEST_SAMORDNINGSNUMMER_COUNT,
  TEST_SAMORDNINGSNUMMER_SHA256,
} from '../src/generated/test-numbers.js';
import { isTestNumberParts, testNumberKey, testNumberKeys } from '../src/test-numbers.js';
import { NOW, readTestNumbers } from './helpers.js';

const personnummer = readTestNumbers('testpersonnummer.csv');
const samordningsnummer = readTestNumbers('testsamordningsnummer.csv');

/** Every surface form the detector must find (detection spec §1.2), with the text it embeds. */
const FORMS: Record<string, (n12: string, plus: boolean) => string> = {
  'YYMMDD-NNNN': (n, plus) => `${n.slice(2, 8)}${plus ? '+' : '-'}${n.slice(8)}`,
  'YYMMDDNNNN': (n) => n.slice(2),
  'YYMMDD NNNN': (n) => `${n.slice(2, 8)} ${n.slice(8)}`,
  'YYYYMMDD-NNNN': (n) => `${n.slice(0, 8)}-${n.slice(8)}`,
  'YYYYMMDDNNNN': (n) => n,
  'YYYYMMDD+NNNN': (n) => `${n.slice(0, 8)}+${n.slice(8)}`,
  'YYMMDD–NNNN (en dash)': (n, plus) => (plus ? `${n.slice(2, 8)}+${n.slice(8)}` : `${n.slice(2, 8)}\u2013${n.slice(8)}`),
};

/** Ways a number sits in text: prose, quotes, `=`, `:`, parentheses, tables, code, CSV. */
const CONTEXTS: ((v: string) => string)[] = [
  (v) => `Sökanden ${v} har lämnat in ansökan.`,
  (v) => `"${v}"`,
  (v) => `pnr=${v}`,
  (v) => `Personnr:${v}`,
  (v) => `(${v})`,
  (v) => `| Anna Andersson | ${v} | Storgatan 1 |`,
  (v) => `const id = '${v}';`,
  (v) => `Anna;Andersson;${v};Kiruna`,
  (v) => `{"personnummer":"${v}"}`,
  (v) => `<pnr>${v}</pnr>`,
];

function isHundredPlus(n12: string): boolean {
  return NOW.getUTCFullYear() - Number(n12.slice(0, 4)) >= 100;
}

/** Whether a 10-digit form of `n12` resolves back to the same century against NOW. */
function shortFormRoundTrips(n12: string, form: string): boolean {
  const year = Number(n12.slice(0, 4));
  const hundred = isHundredPlus(n12);
  // '+' forms (written for 100+) and '-' forms (under 100) resolve right; no-separator and space
  // forms are read as '-', so a 100-year-old written that way is dated a century late (spec §1.5).
  if (form === 'YYMMDD-NNNN' || form.startsWith('YYMMDD–')) return true;
  return !hundred && year <= NOW.getUTCFullYear();
}

function isFutureIfDatedLate(n12: string): boolean {
  const day = Number(n12.slice(6, 8)) % 60;
  const late = (Number(n12.slice(0, 4)) + 100) * 10000 + Number(n12.slice(4, 6)) * 100 + day;
  const now = NOW.getUTCFullYear() * 10000 + (NOW.getUTCMonth() + 1) * 100 + NOW.getUTCDate();
  return late > now;
}

describe('official Skatteverket test numbers', () => {
  it('the generated module holds exactly the CSV data', () => {
    const sha = (values: string[]): string => createHash('sha256').update([...values].sort().join('\n')).digest('hex');
    expect(personnummer).toHaveLength(41_493);
    expect(samordningsnummer).toHaveLength(2_264);
    expect(TEST_PERSONNUMMER_COUNT).toBe(41_493);
    expect(TEST_SAMORDNINGSNUMMER_COUNT).toBe(2_264);
    expect(sha(personnummer)).toBe(TEST_PERSONNUMMER_SHA256);
    expect(sha(samordningsnummer)).toBe(TEST_SAMORDNINGSNUMMER_SHA256);
    const keys = testNumberKeys();
    expect(keys.size).toBe(41_493 + 2_264);
    const key = (n: string): number => testNumberKey(Number(n.slice(0, 4)), Number(n.slice(4, 6)), Number(n.slice(6, 8)), Number(n.slice(8, 11)));
    const expected = new Set([...personnummer, ...samordningsnummer].map(key));
    expect(expected.size).toBe(keys.size);
    expect([...keys].filter((k) => !expected.has(k))).toEqual([]);
    expect([...keys].filter((k) => k >= 2 ** 30 || !Number.isInteger(k))).toEqual([]);
  });

  it('the detector lookup (isTestNumberParts) holds every official number and no neighbour of one', () => {
    const parts = (n: string): [number, number, number, number] => [Number(n.slice(0, 4)), Number(n.slice(4, 6)), Number(n.slice(6, 8)), Number(n.slice(8, 11))];
    const all = [...personnummer, ...samordningsnummer];
    expect(all.filter((n) => !isTestNumberParts(...parts(n)))).toEqual([]);
    const listed = new Set(all.map((n) => n.slice(0, 11)));
    const misses: string[] = [];
    for (const n of all.slice(0, 5000)) {
      const [y, m, d, b] = parts(n);
      for (const [yy, mm, dd, bb] of [[y, m, d, b + 1], [y, m, d + 1, b], [y + 1, m, d, b], [y, m, d, b + 500]] as const) {
        const eleven = `${yy}${String(mm).padStart(2, '0')}${String(dd).padStart(2, '0')}${String(bb).padStart(3, '0')}`;
        if (bb < 1000 && isTestNumberParts(yy, mm, dd, bb) !== listed.has(eleven)) misses.push(eleven);
      }
    }
    expect(misses).toEqual([]);
  });

  it('the committed generated module is what the generator makes from the CSVs', () => {
    const script = join(import.meta.dirname, '..', 'scripts', 'generate-test-numbers.mjs');
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('isTestNumber recognises every official number and rejects near misses', () => {
    for (const n of [...personnummer, ...samordningsnummer]) expect(isTestNumber(n)).toBe(true);
    expect(isTestNumber('196408233234')).toBe(true);
    expect(isTestNumber('196408233235')).toBe(false); // wrong check digit
    expect(isTestNumber('6408233234')).toBe(false); // not the 12-digit form
    // A valid number that is not in the list, found at run time so no such number is committed.
    const listed = new Set(personnummer);
    const serials = Array.from({ length: 1000 }, (_, i) => `19640823${String(i).padStart(3, '0')}`);
    const unlisted = serials
      .flatMap((s) => Array.from({ length: 10 }, (_, c) => `${s}${c}`))
      .find((n) => luhnValid(n.slice(2)) && !listed.has(n));
    expect(unlisted).toBeDefined();
    expect(isTestNumber(unlisted!)).toBe(false);
    expect(isTestNumber('19640823-3234')).toBe(false);
  });

  it('parsePersonnummer accepts every official personnummer and samordningsnummer (lenient dates)', () => {
    for (const n of personnummer) {
      const r = parsePersonnummer(n, { now: NOW });
      expect(r.ok && r.value.kind, n).toBe('personnummer');
      expect(r.ok && r.value.testNumber).toBe(true);
    }
    for (const n of samordningsnummer) {
      const r = parsePersonnummer(n, { now: NOW });
      expect(r.ok && r.value.kind, n).toBe('samordningsnummer');
    }
  });

  it('strict samordningsnummer mode rejects exactly the incomplete or impossible dates', () => {
    const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
    const incomplete = (n: string): boolean => {
      const [y, m, d] = [Number(n.slice(0, 4)), Number(n.slice(4, 6)), Number(n.slice(6, 8)) - 60];
      return m === 0 || d === 0 || d > daysIn(y, m);
    };
    const rejected = samordningsnummer.filter((n) => !parsePersonnummer(n, { now: NOW, strictSamordningsnummer: true }).ok);
    expect(rejected).toEqual(samordningsnummer.filter(incomplete));
    expect(rejected).toHaveLength(194); // spec §1.1: month 00, day 60 and impossible dates
    expect(rejected).toContain('195102892386'); // 29 Feb 1951
    expect(rejected).toContain('193002902397'); // 30 Feb 1930
  });

  const detector = createDetector({ now: NOW });
  const all = [
    ...personnummer.map((n) => ({ n, type: 'PERSONNUMMER' })),
    ...samordningsnummer.map((n) => ({ n, type: 'SAMORDNINGSNUMMER' })),
  ];

  // Contexts 2, 3, 8 and 9 carry a keyword (pnr=, Personnr:, "personnummer", <pnr>).
  const contextHasKeyword = (i: number): boolean => [2, 3, 8, 9].includes(i % CONTEXTS.length);

  for (const [form, write] of Object.entries(FORMS)) {
    it(`finds all ${all.length} in form ${form}, in every kind of context, as test numbers`, () => {
      const items = all.filter(({ n }) => form !== 'YYYYMMDD+NNNN' || isHundredPlus(n));
      const written = items.map(({ n }) => write(n, isHundredPlus(n)));
      const text = written.map((v, i) => CONTEXTS[i % CONTEXTS.length]!(v)).join('\n');
      const findings = detector.detect(text);
      const byStart = new Map(findings.map((f) => [f.start, f]));
      const problems: string[] = [];
      let offset = 0;
      for (let i = 0; i < items.length; i++) {
        const line = CONTEXTS[i % CONTEXTS.length]!(written[i]!);
        const start = offset + line.indexOf(written[i]!);
        offset += line.length + 1;
        const { n, type } = items[i]!;
        const f = byStart.get(start);
        // A 10-digit run starting 07 is a mobile-number shape: without a label it scores below
        // `low` unless a keyword stands within 300 characters (spec §8); tested separately below.
        if (form === 'YYMMDDNNNN' && n.slice(2, 4) === '07' && !contextHasKeyword(i)) continue;
        // A 100-year-old written without '+' is dated a century late; if that date is still to come
        // the finding is capped below `low` in weak forms (spec §1.4 step 6), so skip those few.
        if (!form.startsWith('YYYY') && !shortFormRoundTrips(n, form) && isFutureIfDatedLate(n)) continue;
        if (f === undefined) {
          problems.push(`${written[i]}: not found`);
          continue;
        }
        if (text.slice(f.start, f.end) !== written[i]) problems.push(`${written[i]}: span ${text.slice(f.start, f.end)}`);
        if (f.type !== type) problems.push(`${written[i]}: type ${f.type}`);
        if (form.startsWith('YYYY') || shortFormRoundTrips(n, form)) {
          if (f.normalized !== n) problems.push(`${written[i]}: normalized ${f.normalized}`);
          if (!f.testNumber) problems.push(`${written[i]}: not marked as test number`);
          if (f.masked !== `${n.slice(0, 8)}-****`) problems.push(`${written[i]}: masked ${f.masked}`);
        }
      }
      expect(problems.slice(0, 20)).toEqual([]);
      expect(findings.length).toBeGreaterThan(items.length * 0.99);
    });
  }

  it('phone-shaped 10-digit test numbers are found when a keyword labels them', () => {
    const phoneShaped = personnummer.filter((n) => n.slice(2, 4) === '07');
    expect(phoneShaped.length).toBeGreaterThan(100);
    for (const n of phoneShaped) {
      const [f] = detector.detect(`Personnummer: ${n.slice(2)}`);
      expect(f?.normalized.slice(2), n).toBe(n.slice(2));
      expect(f?.evidence.map((e) => e.code)).toContain('phone-like');
      expect(detector.detect(`Ring ${n.slice(2)} i morgon`), n).toEqual([]);
    }
  });
});
