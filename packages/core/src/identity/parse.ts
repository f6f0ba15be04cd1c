import { isTestNumber } from '../test-numbers.js';
import {
  referenceDate,
  SEP_DASH,
  SEP_NONE,
  SEP_PLUS,
  validateDigits,
  type IdentityKind,
  type ParseFailureReason,
  type SeparatorCode,
} from './validate.js';

/** The parts of a valid identity number, as returned by {@link parsePersonnummer}. */
export interface IdentityNumberParts {
  readonly kind: IdentityKind;
  /**
   * Canonical 12-character form: `YYYYMMDDNNNC` for personnummer and samordningsnummer (day + 60
   * kept), `YYYYMMDDXNNC` with the letter for interim numbers, `16NNNNNNNNNN` for organisationsnummer.
   */
  readonly normalized: string;
  /** Separator written in the input: `-` (dash variants included), `+`, or none. */
  readonly separator: '-' | '+' | '';
  /** Century digits: 18, 19 or 20 (16 for organisationsnummer). */
  readonly century: number;
  /** True when the century was inferred from the separator and the reference date. */
  readonly centuryInferred: boolean;
  /** Birth year, month and day (day without the +60 of a samordningsnummer); null when unknown or an organisationsnummer. */
  readonly year: number | null;
  readonly month: number | null;
  readonly day: number | null;
  /** `YYYY-MM-DD` when year, month and day are all known, else null. */
  readonly birthDate: string | null;
  /** The three birth-number characters (`NNN`, or letter + two digits for interim numbers). */
  readonly birthNumber: string;
  /** The 9th digit of the ten (odd = man, even = woman); null for organisationsnummer. */
  readonly genderDigit: number | null;
  readonly gender: 'male' | 'female' | null;
  readonly checkDigit: number;
  /** The birth date lies after the reference date (possible only when the century was inferred). */
  readonly futureDate: boolean;
  /** One of Skatteverket's official test numbers. */
  readonly testNumber: boolean;
}

/** Result of {@link parsePersonnummer}: the parts, or a typed reason. */
export type ParseResult =
  | { readonly ok: true; readonly value: IdentityNumberParts }
  | { readonly ok: false; readonly reason: ParseFailureReason };

/** Options of {@link parsePersonnummer}. */
export interface ParseOptions {
  /** Reference date for century inference and the future-date check. Default: now. */
  readonly now?: Date;
  /** Strict calendar check for samordningsnummer (rejects month 00, day 60, 30 Feb). Default false. */
  readonly strictSamordningsnummer?: boolean;
}

const INTERIM_LETTERS = 'TRSUWXJKLMN';
// Reference-validator forms (personnummer spec v3.1) plus Unicode dash variants: optional century,
// YYMMDD, optional separator, three digits or interim letter + two digits, check digit.
const SHAPE = /^(\d{2})?(\d{6})([-+\u2010-\u2015\u2212\uFE63\uFF0D]?)([TRSUWXJKLMN]\d{2}|\d{3})(\d)$/;

/**
 * Parses one Swedish identity number — personnummer, samordningsnummer, interim (T-)number or
 * organisationsnummer — in any of the forms `YYMMDD-NNNC`, `YYMMDD+NNNC`, `YYMMDDNNNC`,
 * `YYYYMMDD-NNNC`, `YYYYMMDD+NNNC`, `YYYYMMDDNNNC` (surrounding whitespace ignored; a space
 * separator is rejected, as by the reference validators).
 *
 * Validation follows detection spec §1.4: Luhn over the ten digits, birth number ≠ 000, real
 * calendar date for personnummer, lenient date for samordningsnummer (month 00, day 60 allowed)
 * unless `strictSamordningsnummer`, century 18/19/20, and no future birth date with an explicit
 * century. A 10-digit number is dated to the latest matching year not after `now` (100 years
 * earlier with `+`); if that date is still in the future the result has `futureDate: true`.
 *
 * @example
 * ```ts
 * const r = parsePersonnummer('640823-3234', { now: new Date('2026-11-22') });
 * if (r.ok) r.value.birthDate; // '1964-08-23'
 * parsePersonnummer('640823-3235'); // { ok: false, reason: 'checksum' }
 * ```
 */
export function parsePersonnummer(input: string, options: ParseOptions = {}): ParseResult {
  const m = SHAPE.exec(input.trim());
  if (m === null) return { ok: false, reason: 'format' };
  const [, centuryText, date = '', sepText = '', serial = '', check = ''] = m;
  const interim = INTERIM_LETTERS.includes(serial[0]!);
  const ten = date + (interim ? '1' + serial.slice(1) : serial) + check;
  const digits: number[] = [];
  for (let i = 0; i < 10; i++) digits.push(ten.charCodeAt(i) - 48);
  const separator: SeparatorCode = sepText === '' ? SEP_NONE : sepText === '+' ? SEP_PLUS : SEP_DASH;
  const v = validateDigits(digits, centuryText === undefined ? -1 : Number(centuryText), separator, interim, {
    reference: referenceDate(options.now ?? new Date()),
    strictSamordningsnummer: options.strictSamordningsnummer ?? false,
  });
  if (typeof v === 'string') return { ok: false, reason: v };

  const separatorOut = separator === SEP_NONE ? '' : separator === SEP_PLUS ? '+' : '-';
  if (v.kind === 'organisationsnummer') {
    return {
      ok: true,
      value: {
        kind: v.kind,
        normalized: '16' + date + serial + check,
        separator: separatorOut,
        century: 16,
        centuryInferred: centuryText === undefined,
        year: null,
        month: null,
        day: null,
        birthDate: null,
        birthNumber: serial,
        genderDigit: null,
        gender: null,
        checkDigit: Number(check),
        futureDate: false,
        testNumber: false,
      },
    };
  }
  const century = Math.floor(v.year / 100);
  const normalized = String(century) + date + serial + check;
  const genderDigit = digits[8]!;
  const birthDate =
    v.month > 0 && v.day > 0
      ? `${String(v.year).padStart(4, '0')}-${String(v.month).padStart(2, '0')}-${String(v.day).padStart(2, '0')}`
      : null;
  return {
    ok: true,
    value: {
      kind: v.kind,
      normalized,
      separator: separatorOut,
      century,
      centuryInferred: v.centuryInferred,
      year: v.year,
      month: v.month > 0 ? v.month : null,
      day: v.day > 0 ? v.day : null,
      birthDate,
      birthNumber: serial,
      genderDigit,
      gender: genderDigit % 2 === 1 ? 'male' : 'female',
      checkDigit: Number(check),
      futureDate: v.futureDate,
      testNumber: !interim && isTestNumber(normalized),
    },
  };
}
