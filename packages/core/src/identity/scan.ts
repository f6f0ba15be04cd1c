/**
 * The candidate pass: one left-to-right walk over the text that finds identity-number shapes
 * without regular expressions (detection spec §1.2, §1.3, §1.4).
 *
 * Every shape starts with a run of at least four digits, so the walk probes every fourth
 * character; only when a probe hits a digit does it find the run's bounds (at most three steps
 * back) and look at the few characters after it. Each character is visited a bounded number of
 * times whatever the input, so the pass is linear even on 10 MB of digits or dashes.
 *
 * Dash variants (U+2010–U+2015, U+2212, U+FE63, U+FF0D) and space variants (U+00A0, U+2007,
 * U+2009, U+202F) are recognised where they stand, so offsets always index the original text.
 */
import type { EntityType } from '../types.js';
import { isTestNumberParts } from '../test-numbers.js';
import {
  utf8UnitAfterUnitAt,
  utf8UnitAt,
  utf8UnitBefore,
  utf8UnitBeforeUnitBefore,
  utf8WidthAt,
  utf8WidthBefore,
} from '../utf8-form.js';
import {
  SEP_DASH,
  SEP_NONE,
  SEP_PLUS,
  validateDigits,
  type ReferenceDate,
  type SeparatorCode,
  type ValidatedNumber,
} from './validate.js';

/** Settings the scan needs. */
export interface ScanSettings {
  readonly reference: ReferenceDate;
  readonly strictSamordningsnummer: boolean;
  readonly includeNonPersonal: boolean;
  /**
   * `text` is UTF-8 bytes, one char per byte (the `utf8-bytes` form): characters next to a number
   * are decoded where they are looked at, so every decision is the one made on decoded text.
   */
  readonly utf8Bytes?: boolean;
}

/** How the number was written; decides the base score (docs/confidence.md). */
export type Shape =
  /** `YYMMDD-NNNC` / `YYMMDD+NNNC` (dash variants included). */
  | 'separated'
  /** `YYYYMMDD-NNNC` / `YYYYMMDD+NNNC`. */
  | 'separated-long'
  /** `YYYYMMDDNNNC`. */
  | 'long'
  /** `YYMMDDNNNC`. */
  | 'short'
  /** `YYMMDD NNNC`, `YYMMDD - NNNC` (space or spaced dash, NBSP/thin space included). */
  | 'spaced'
  /** `YYYYMMDD NNNC`, `YYYYMMDD - NNNC`: also the shape of a date followed by a clock time. */
  | 'spaced-long'
  /** `YYYY-MM-DD-NNNC`. */
  | 'iso-date'
  /** `SE` + 10 digits + `01`: a VAT number; the 10 digits are a sole trader's personnummer or an orgnr. */
  | 'vat';

/** A validated candidate before context scoring. */
export interface Candidate {
  readonly type: EntityType;
  readonly start: number;
  readonly end: number;
  readonly shape: Shape;
  readonly normalized: string;
  readonly testNumber: boolean;
  readonly personal: boolean;
  /** The century came from the reference date, not from the text. */
  readonly centuryInferred: boolean;
  readonly futureDate: boolean;
  /** Last four characters look like a clock time `hhmm` (timestamp look-alike). */
  readonly timeLike: boolean;
  /** 10-digit run starting `07`: the shape of a Swedish mobile number. */
  readonly phoneLike: boolean;
  /** Written after Nordea's personkonto clearing number (3300 or 3782): the account is the person's number. */
  readonly personkonto: boolean;
}

/**
 * Look-alike classes: numbers compete only with strings of the same written shape (a column of
 * 10-digit customer numbers says nothing about a `YYYYMMDD-NNNC` elsewhere on the page).
 */
export const SHAPE_CLASS: Readonly<Record<Shape, number>> = {
  short: 0,
  vat: 0,
  long: 1,
  separated: 2,
  spaced: 2,
  'separated-long': 3,
  'spaced-long': 3,
  'iso-date': 3,
};
export const SHAPE_CLASS_COUNT = 4;

/** Output of the candidate pass. */
export interface ScanResult {
  /** Valid candidates in text order, never overlapping. */
  readonly candidates: Candidate[];
  /** Per {@link SHAPE_CLASS}: start offsets of number-shaped strings that failed validation (look-alike density). */
  readonly rejected: number[][];
}

const INTERIM_LETTER_CODES = new Set([...'TRSUWXJKLMN'].map((c) => c.charCodeAt(0)));
const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Letters, digits, `_` (and any non-ASCII letter, digit or combining mark) glue a number to a word. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95;
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return NON_ASCII_WORD.test(String.fromCharCode(c));
}

function isDash(c: number): boolean {
  return c === 45 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe63 || c === 0xff0d;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x2007 || c === 0x2009 || c === 0x202f;
}

function isMaskChar(c: number): boolean {
  return c === 88 || c === 120 || c === 42; // X x *
}

/*
 * The scan's state lives in module variables while `scanIdentityNumbers` runs (it is synchronous and
 * calls nothing that could re-enter it), and its helpers are plain module functions. As closures made
 * afresh for every call they had new identities each time, which threw away TurboFan's code for the
 * whole scan ("wrong call target") and had it compiled again and again in every worker.
 */
let text = '';
let n = 0;
/** `text` is in the `utf8-bytes` form. */
let bytes = false;
let settings!: ScanSettings;
let candidates: Candidate[] = [];
let rejected: number[][] = [];
let personkonto = false;
const digits = new Int8Array(10);

// Digits are ASCII in both forms; these read the (decoded) character at or before an offset and its
// width, for the separators and boundaries around a digit run.
function code(k: number): number {
  return bytes ? utf8UnitAt(text, k) : k < n ? text.charCodeAt(k) : -1;
}
function width(k: number): number {
  return bytes ? utf8WidthAt(text, k) : 1;
}
function codeBefore(k: number): number {
  return bytes ? utf8UnitBefore(text, k) : text.charCodeAt(k - 1);
}
function widthBefore(k: number): number {
  return bytes ? utf8WidthBefore(text, k) : 1;
}
/** The code unit after the first unit of the character at `k` (decoded text's `k + 1`). */
function codeAfterFirstUnit(k: number): number {
  return bytes ? utf8UnitAfterUnitAt(text, k) : code(k + 1);
}
/** The code unit before the last unit of the character ending at `k` (decoded text's `k - 2`). */
function codeBeforeLastUnit(k: number): number {
  return bytes ? utf8UnitBeforeUnitBefore(text, k) : text.charCodeAt(k - 2);
}

/** The character at `k` may follow a number. */
function rightBoundaryOk(k: number, spaced: boolean): boolean {
  if (k >= n) return true;
  const c = code(k);
  if (isWordChar(c)) return false;
  const next = codeAfterFirstUnit(k);
  if (!isDigit(next)) return true;
  // `-`, `/`, `.`, `:`, `+` followed by a digit: part of a longer token (IBAN, UUID, date, version).
  if (isDash(c) || c === 47 || c === 46 || c === 58 || c === 43) return false;
  // A spaced form followed by another space-separated digit group is a longer digit sequence.
  return !(spaced && isSpace(c));
}

/**
 * The characters before `s` allow a number to start at `s`. Sets `personkonto` when the number
 * follows Nordea's personkonto clearing number (`3300-`, `3300 `, `3782-`…), which is allowed.
 */
function leftBoundaryOk(s: number, spaced: boolean): boolean {
  personkonto = false;
  if (s === 0) return true;
  const c = codeBefore(s);
  if (isWordChar(c)) return false;
  if (!spaced && followsPersonkontoClearing(s)) {
    personkonto = true;
    return true;
  }
  if (s < 2 || !isDigit(codeBeforeLastUnit(s))) return true;
  if (isDash(c) || c === 47 || c === 46 || c === 58 || c === 43) return false;
  return !(spaced && isSpace(c));
}

/**
 * The number at `s` follows Nordea's personkonto clearing number 3300 or 3782, separated by one
 * to three characters of a dash, space, tab, comma, semicolon or quote (`3300-…`, `"3300","…`).
 */
function followsPersonkontoClearing(s: number): boolean {
  // `k` is the end of the text before the separators; at most four characters are separators.
  let k = s;
  for (let count = 0; count < 4 && k > 0 && isClearingSeparator(codeBefore(k)); count++) k -= widthBefore(k);
  if (k === s || k < 4) return false;
  return isPersonkontoClearing(k - 4);
}

function isClearingSeparator(c: number): boolean {
  return isDash(c) || isSpace(c) || c === 9 || c === 44 || c === 59 || c === 34 || c === 39;
}

/** `3300` or `3782` standing alone at `k` (Nordea personkonto clearing numbers). */
function isPersonkontoClearing(k: number): boolean {
  if (k > 0 && isDigit(text.charCodeAt(k - 1))) return false;
  const a = text.charCodeAt(k), b = text.charCodeAt(k + 1), c = text.charCodeAt(k + 2), d = text.charCodeAt(k + 3);
  return (a === 51 && b === 51 && c === 48 && d === 48) || (a === 51 && b === 55 && c === 56 && d === 50);
}

function fillDigits(at: number, into: number, count: number): void {
  for (let k = 0; k < count; k++) digits[into + k] = text.charCodeAt(at + k) - 48;
}

/** Validates the ten digits in `digits` and records the candidate or the rejection. */
function accept(
  start: number,
  end: number,
  shape: Shape,
  century: number,
  separator: SeparatorCode,
  interimLetter: number,
): void {
  const interim = interimLetter !== 0;
  const v: ValidatedNumber | string = validateDigits(digits, century, separator, interim, settings);
  if (typeof v === 'string') {
    // A failing 10-digit run that starts with 0 is a phone number in the making, not a sign of a
    // list of reference numbers: it does not count as a look-alike.
    if (!(shape === 'short' && digits[0] === 0)) rejected[SHAPE_CLASS[shape]]!.push(start);
    return;
  }
  if (v.kind === 'organisationsnummer') {
    if (!settings.includeNonPersonal) return;
    candidates.push({
      type: 'ORGANISATIONSNUMMER',
      start,
      end,
      shape,
      normalized: normalizedOf(16, 0),
      testNumber: false,
      personal: false,
      centuryInferred: false,
      futureDate: false,
      timeLike: false,
      phoneLike: false,
      personkonto: false,
    });
    return;
  }
  const normalized = normalizedOf(century !== -1 ? century : Math.floor(v.year / 100), interimLetter);
  const dd = digits[4]! * 10 + digits[5]!;
  const testNumber =
    !interim &&
    isTestNumberParts(v.year, v.month, dd, digits[6]! * 100 + digits[7]! * 10 + digits[8]!);
  const hh = digits[6]! * 10 + digits[7]!;
  const mi = digits[8]! * 10 + digits[9]!;
  candidates.push({
    type: v.kind === 'samordningsnummer' ? 'SAMORDNINGSNUMMER' : v.kind === 'interim' ? 'INTERIM_NUMBER' : 'PERSONNUMMER',
    start,
    end,
    shape,
    normalized,
    testNumber,
    personal: true,
    centuryInferred: v.centuryInferred,
    futureDate: v.futureDate,
    timeLike: !interim && hh <= 23 && mi <= 59,
    phoneLike: shape === 'short' && digits[0] === 0 && digits[1] === 7,
    personkonto,
  });
}

/**
 * The 12-character form from the century and the ten digits in `digits` (with the interim letter,
 * if any, in the seventh place), made as one flat string.
 */
function normalizedOf(century: number, interimLetter: number): string {
  const d = digits;
  return String.fromCharCode(
    48 + Math.floor(century / 10),
    48 + (century % 10),
    48 + d[0]!,
    48 + d[1]!,
    48 + d[2]!,
    48 + d[3]!,
    48 + d[4]!,
    48 + d[5]!,
    interimLetter !== 0 ? interimLetter : 48 + d[6]!,
    48 + d[7]!,
    48 + d[8]!,
    48 + d[9]!,
  );
}

/** A masked number `YYMMDD-XXXX`: the birth date alone is personal data. */
function acceptPartial(start: number, end: number, dateAt: number, century: number, centuryText: string): void {
  fillDigits(dateAt, 0, 6);
  const mm = digits[2]! * 10 + digits[3]!;
  const ddRaw = digits[4]! * 10 + digits[5]!;
  const dd = ddRaw > 60 ? ddRaw - 60 : ddRaw;
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return;
  const yy = digits[0]! * 10 + digits[1]!;
  let year: number;
  if (century === -1) {
    const base = settings.reference.year;
    year = base - ((((base - yy) % 100) + 100) % 100);
  } else {
    if (century < 18 || century > 20) return;
    year = century * 100 + yy;
  }
  if (year * 10000 + mm * 100 + dd > settings.reference.ymd) return;
  const cent = centuryText !== '' ? centuryText : String(Math.floor(year / 100));
  candidates.push({
    type: 'PARTIAL_PERSONNUMMER',
    start,
    end,
    shape: 'separated',
    normalized: cent + text.slice(dateAt, dateAt + 6),
    testNumber: false,
    personal: true,
    centuryInferred: century === -1,
    futureDate: false,
    timeLike: false,
    phoneLike: false,
    personkonto: false,
  });
}

/** Handles the digit run [s, e); returns the index where scanning resumes. */
function processRun(s: number, e: number): number {
  const len = e - s;
  if (len === 12 && s >= 2 && (text.charCodeAt(s - 1) | 32) === 101 && (text.charCodeAt(s - 2) | 32) === 115) {
    return processVat(s, e);
  }
  if (len === 6 || len === 8) return processDatePart(s, e);
  if (len !== 10 && len !== 12 && len !== 4) return e;
  if (!leftBoundaryOk(s, false)) return e;
  if (len === 4) return processIsoDate(s, e);
  if (!rightBoundaryOk(e, false)) return e;
  if (len === 10) {
    fillDigits(s, 0, 10);
    accept(s, e, 'short', -1, SEP_NONE, 0);
  } else {
    fillDigits(s + 2, 0, 10);
    const century = (text.charCodeAt(s) - 48) * 10 + (text.charCodeAt(s + 1) - 48);
    accept(s, e, 'long', century, SEP_NONE, 0);
  }
  return e;
}

/** `SE` + 10 digits + `01`. */
function processVat(s: number, e: number): number {
  const before = s >= 3 ? codeBefore(s - 2) : 32;
  if (isWordChar(before) || text.charCodeAt(e - 2) !== 48 || text.charCodeAt(e - 1) !== 49) return e;
  if (!rightBoundaryOk(e, false)) return e;
  personkonto = false;
  fillDigits(s, 0, 10);
  accept(s - 2, e, 'vat', -1, SEP_NONE, 0);
  return e;
}

/** A 6- or 8-digit run: date part followed by a separator and the birth number (or a mask). */
function processDatePart(s: number, e: number): number {
  const len = e - s;
  let j = e;
  let c = code(j);
  let separator: SeparatorCode = SEP_NONE;
  let spaced = false;
  if (isDash(c)) {
    separator = SEP_DASH;
    j += width(j);
  } else if (c === 43) {
    separator = SEP_PLUS;
    j++;
  } else if (isSpace(c)) {
    spaced = true;
    separator = SEP_DASH;
    j += width(j);
    c = code(j);
    if (isDash(c) || c === 43) {
      separator = c === 43 ? SEP_PLUS : SEP_DASH;
      j += width(j);
      if (isSpace(code(j))) j += width(j);
    }
  } else if (!INTERIM_LETTER_CODES.has(c)) {
    return e;
  }
  if (j + 4 > n) return e;
  if (!leftBoundaryOk(s, spaced)) return e;
  const c0 = text.charCodeAt(j);
  const century = len === 8 ? (text.charCodeAt(s) - 48) * 10 + (text.charCodeAt(s + 1) - 48) : -1;
  const dateAt = len === 8 ? s + 2 : s;
  const end = j + 4;
  const fourDigits =
    isDigit(c0) && isDigit(text.charCodeAt(j + 1)) && isDigit(text.charCodeAt(j + 2)) && isDigit(text.charCodeAt(j + 3));
  if (fourDigits && (separator !== SEP_NONE || spaced)) {
    if (isDigit(code(end)) || !rightBoundaryOk(end, spaced)) return e;
    fillDigits(dateAt, 0, 6);
    fillDigits(j, 6, 4);
    const shape: Shape = spaced ? (len === 8 ? 'spaced-long' : 'spaced') : len === 8 ? 'separated-long' : 'separated';
    accept(s, end, shape, century, separator, 0);
    return end;
  }
  if (
    INTERIM_LETTER_CODES.has(c0) &&
    !spaced &&
    isDigit(text.charCodeAt(j + 1)) &&
    isDigit(text.charCodeAt(j + 2)) &&
    isDigit(text.charCodeAt(j + 3))
  ) {
    if (isDigit(code(end)) || !rightBoundaryOk(end, false)) return e;
    fillDigits(dateAt, 0, 6);
    digits[6] = 1;
    fillDigits(j + 1, 7, 3);
    const shape: Shape = separator === SEP_NONE ? (len === 8 ? 'long' : 'short') : len === 8 ? 'separated-long' : 'separated';
    accept(s, end, shape, century, separator, c0);
    return end;
  }
  if (
    separator !== SEP_NONE &&
    isMaskChar(c0) &&
    text.charCodeAt(j + 1) === c0 &&
    text.charCodeAt(j + 2) === c0 &&
    text.charCodeAt(j + 3) === c0
  ) {
    if (!rightBoundaryOk(end, spaced)) return e;
    acceptPartial(s, end, dateAt, century, len === 8 ? text.slice(s, s + 2) : '');
    return end;
  }
  return e;
}

/** `YYYY-MM-DD-NNNC` (dates written with dashes in some forms). */
function processIsoDate(s: number, e: number): number {
  // Dash, MM, dash, DD, dash, NNNC; a dash variant is wider than one char in the byte form.
  if (!isDash(code(e))) return e;
  const month = e + width(e);
  if (!isDigit(code(month)) || !isDigit(code(month + 1)) || !isDash(code(month + 2))) return e;
  const day = month + 2 + width(month + 2);
  if (!isDigit(code(day)) || !isDigit(code(day + 1)) || !isDash(code(day + 2))) return e;
  const birth = day + 2 + width(day + 2);
  for (let k = birth; k < birth + 4; k++) if (!isDigit(code(k))) return e;
  const end = birth + 4;
  if (isDigit(code(end)) || !rightBoundaryOk(end, false)) return e;
  fillDigits(s + 2, 0, 2);
  fillDigits(month, 2, 2);
  fillDigits(day, 4, 2);
  fillDigits(birth, 6, 4);
  const century = (text.charCodeAt(s) - 48) * 10 + (text.charCodeAt(s + 1) - 48);
  accept(s, end, 'iso-date', century, SEP_DASH, 0);
  return end;
}

/**
 * Scans `text` for identity-number candidates. Pure; linear in `text.length`.
 * Offsets are indices into `text` (bytes in the `utf8-bytes` form).
 */
export function scanIdentityNumbers(input: string, scanSettings: ScanSettings): ScanResult {
  text = input;
  n = input.length;
  bytes = scanSettings.utf8Bytes === true;
  settings = scanSettings;
  candidates = [];
  rejected = Array.from({ length: SHAPE_CLASS_COUNT }, () => []);
  personkonto = false;
  try {
    walk(input, input.length);
    return { candidates, rejected };
  } finally {
    // Not kept alive until the next call: the text may be a large segment.
    text = '';
    candidates = [];
    rejected = [];
  }
}

/** The walk over the whole text (`text` and `n` as locals: the probe loop reads them on every step). */
function walk(text: string, n: number): void {
  // Probe every fourth character: any run of ≥ 4 digits contains a probed position.
  // Four probes per step where no digit is near (prose), then one at a time; `(c - 48) >>> 0 > 9`
  // is "not a digit" in one comparison.
  let consumed = 0;
  let i = 3;
  while (i < n) {
    while (
      i + 12 < n &&
      (text.charCodeAt(i) - 48) >>> 0 > 9 &&
      (text.charCodeAt(i + 4) - 48) >>> 0 > 9 &&
      (text.charCodeAt(i + 8) - 48) >>> 0 > 9 &&
      (text.charCodeAt(i + 12) - 48) >>> 0 > 9
    ) {
      i += 16;
    }
    // Past the end: reading there would return NaN, and V8 throws away the optimised code for that.
    if (i >= n) break;
    if ((text.charCodeAt(i) - 48) >>> 0 > 9) {
      i += 4;
      continue;
    }
    let s = i;
    while (s > consumed && isDigit(text.charCodeAt(s - 1))) s--;
    let e = i + 1;
    while (e < n && isDigit(text.charCodeAt(e))) e++;
    const resume = processRun(s, e);
    consumed = resume;
    i = resume + 4;
  }
}
