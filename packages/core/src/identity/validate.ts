/**
 * Validation of Swedish identity numbers on plain digit values (detection spec §1.4).
 * Shared by the detector (which fills digits straight from char codes, allocation-free) and by
 * `parsePersonnummer` (which reads one string).
 */

/** What a valid number is. */
export type IdentityKind = 'personnummer' | 'samordningsnummer' | 'interim' | 'organisationsnummer';

/** Why a candidate is not a valid identity number. */
export type ParseFailureReason =
  /** Not one of the accepted surface forms. */
  | 'format'
  /** Luhn check digit wrong. */
  | 'checksum'
  /** Birth number `000`. */
  | 'birth-number'
  /** Month outside 01–12 (00 allowed only for samordningsnummer in lenient mode; ≥ 20 = organisationsnummer). */
  | 'month'
  /** Day not a calendar day (personnummer: strict; samordningsnummer: day 60–91 in lenient mode). */
  | 'day'
  /** Explicit century other than 18/19/20 (or 16 on a number that is not an organisationsnummer). */
  | 'century'
  /** A 12-digit number whose birth date lies after the reference date. */
  | 'future-date';

/** Separator between date and birth number: none, `-` (or a dash variant), `+` (100 years or older). */
export const SEP_NONE = 0;
export const SEP_DASH = 1;
export const SEP_PLUS = 2;
export type SeparatorCode = typeof SEP_NONE | typeof SEP_DASH | typeof SEP_PLUS;

/** The reference date as the validator needs it (UTC calendar date). */
export interface ReferenceDate {
  readonly year: number;
  /** `year * 10000 + month * 100 + day`. */
  readonly ymd: number;
}

/** Builds a {@link ReferenceDate} from a `Date`, in UTC. */
export function referenceDate(now: Date): ReferenceDate {
  const year = now.getUTCFullYear();
  return { year, ymd: year * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate() };
}

/** A validated number. `year`/`month`/`day` are the birth date (day 0 / month 0 = unknown). */
export interface ValidatedNumber {
  readonly kind: IdentityKind;
  /** Full year; 0 for organisationsnummer. */
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** The century came from the reference date (10-digit input), not from the text. */
  readonly centuryInferred: boolean;
  /** The birth date lies after the reference date (only possible with an inferred century). */
  readonly futureDate: boolean;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month]!;
}

/**
 * Luhn over the ten digits `YYMMDDNNNC` (weights 2,1,2,1,… from the left).
 * `digits` holds numbers 0–9; an interim letter must already be replaced by 1.
 */
export function luhn10(digits: ArrayLike<number>): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let v = digits[i]!;
    if ((i & 1) === 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 === 0;
}

/** Options of {@link validateDigits}. */
export interface ValidateSettings {
  readonly reference: ReferenceDate;
  /** Apply a strict calendar check to samordningsnummer too (default lenient, spec §1.4 step 7). */
  readonly strictSamordningsnummer: boolean;
}

/**
 * Validates `YYMMDDNNNC` given as ten digit values.
 *
 * @param digits - ten values 0–9 (`digits[6]` is 1 when `interim` is true).
 * @param century - the two explicit century digits as a number (16, 18, 19, 20, …) or -1 if absent.
 * @param separator - separator code; `+` moves the inferred century back by 100 years.
 * @param interim - the first birth-number position held an interim letter (T, R, S, …).
 */
export function validateDigits(
  digits: ArrayLike<number>,
  century: number,
  separator: SeparatorCode,
  interim: boolean,
  settings: ValidateSettings,
): ValidatedNumber | ParseFailureReason {
  if (!luhn10(digits)) return 'checksum';
  const yy = digits[0]! * 10 + digits[1]!;
  const mm = digits[2]! * 10 + digits[3]!;
  const dd = digits[4]! * 10 + digits[5]!;

  if (mm >= 20) {
    // Month field ≥ 20 is the organisationsnummer marker; legal-form group 0 does not exist.
    if (interim || digits[0] === 0 || (century !== -1 && century !== 16)) return 'month';
    return { kind: 'organisationsnummer', year: 0, month: 0, day: 0, centuryInferred: false, futureDate: false };
  }
  if (century === 16) return 'century';
  if (!interim && digits[6] === 0 && digits[7] === 0 && digits[8] === 0) return 'birth-number';

  let kind: IdentityKind;
  let day: number;
  if (dd >= 1 && dd <= 31) {
    kind = interim ? 'interim' : 'personnummer';
    day = dd;
  } else if (dd >= 61 && dd <= 91 && !interim) {
    kind = 'samordningsnummer';
    day = dd - 60;
  } else if (dd === 60 && !interim && !settings.strictSamordningsnummer) {
    kind = 'samordningsnummer';
    day = 0;
  } else {
    return 'day';
  }
  const lenientSamordning = kind === 'samordningsnummer' && !settings.strictSamordningsnummer;
  if (mm > 12 || (mm === 0 && !lenientSamordning)) return 'month';

  let year: number;
  const centuryInferred = century === -1;
  if (centuryInferred) {
    const base = settings.reference.year - (separator === SEP_PLUS ? 100 : 0);
    year = base - ((((base - yy) % 100) + 100) % 100);
  } else {
    if (century < 18 || century > 20) return 'century';
    year = century * 100 + yy;
  }

  if (!lenientSamordning && day > daysInMonth(year, mm)) return 'day';

  const futureDate = year * 10000 + mm * 100 + day > settings.reference.ymd;
  if (futureDate && !centuryInferred) return 'future-date';
  return { kind, year, month: mm, day, centuryInferred, futureDate };
}
