import { isTestNumber } from '@gallra/core';

/** How a number was written: which of its digits appear, and whether it claims to be 100 or older. */
export interface SurfaceForm {
  /** 12 when the century is written (`19850315-1234`), 10 when not (`850315-1234`). */
  readonly digits: 10 | 12;
  /** The `+` separator: the person is 100 or older (10-digit forms only). */
  readonly centenarian: boolean;
}

/** Reads the form of a matched number from its text: only digits and the separator are looked at. */
export function surfaceFormOf(surface: string): SurfaceForm | null {
  const digits = surface.replace(/\D/g, '').length;
  if (digits !== 10 && digits !== 12) return null;
  return { digits, centenarian: digits === 10 && surface.includes('+') };
}

/**
 * Writes `replacement` (12 digits, `YYYYMMDDNNNC`) in the place of the digits of `surface`, keeping every
 * other character (separators, spaces, dashes) as it was: `850315-1234` → `640823-3234`,
 * `19850315 1234` → `19640823 3234`.
 */
export function applySurface(surface: string, replacement: string): string {
  const digitCount = surface.replace(/\D/g, '').length;
  const digits = digitCount === 12 ? replacement : replacement.slice(2);
  let i = 0;
  return surface.replace(/\d/g, () => digits[i++]!);
}

const DAY_MS = 86_400_000;
/** How far from the original birth date to look for a test number (samordningsnummer are sparse). */
const MAX_DAYS_AWAY = 3_660;

/**
 * Picks an official Skatteverket test number to replace `normalized` (a real 12-digit number), so that:
 * - it is the same kind (personnummer, or samordningsnummer with day + 60);
 * - written in `form` it reads back as the same century (10-digit `-`/none: born within the last 100
 *   years of `now`; `+`: 100 or older), so a re-scan recognises it as a test number;
 * - its birth date is the original one when the list has a test number for it, else a near one;
 * - the choice among equally close ones is fixed by `seed` (e.g. the finding's keyed fingerprint),
 *   so the same number always becomes the same test number.
 * Returns null when no test number fits (e.g. an interim number).
 */
export function pickTestNumber(normalized: string, form: SurfaceForm, seed: string, now: Date): string | null {
  if (!/^\d{12}$/.test(normalized)) return null;
  const year = Number(normalized.slice(0, 4));
  const month = Number(normalized.slice(4, 6));
  const rawDay = Number(normalized.slice(6, 8));
  const samordning = rawDay > 60;
  const day = samordning ? rawDay - 60 : rawDay;
  const birth = Date.UTC(year, Math.max(month, 1) - 1, Math.max(day, 1));
  const pick = Number.parseInt(seed.slice(0, 8) || '0', 16) || 0;
  // The same birth date first (any serial); then the nearest date, looking first at serials 230–239 and
  // 980–989, where most official test numbers are (fast), then at all serials.
  if (fitsForm(new Date(birth), form, now)) {
    const sameDay = testNumbersOn(new Date(birth), samordning);
    if (sameDay.length > 0) return sameDay[pick % sameDay.length]!;
  }
  for (const serials of [COMMON_SERIALS, ALL_SERIALS]) {
    for (let away = 0; away <= MAX_DAYS_AWAY; away++) {
      for (const sign of away === 0 ? [1] : [1, -1]) {
        const date = new Date(birth + sign * away * DAY_MS);
        if (!fitsForm(date, form, now)) continue;
        const candidates = testNumbersOn(date, samordning, serials);
        if (candidates.length > 0) return candidates[pick % candidates.length]!;
      }
    }
  }
  return null;
}

const ALL_SERIALS: readonly number[] = Array.from({ length: 999 }, (_, i) => i + 1);
const COMMON_SERIALS: readonly number[] = [...Array.from({ length: 10 }, (_, i) => 230 + i), ...Array.from({ length: 10 }, (_, i) => 980 + i)];

/** Whether a person born on `date` and written in `form` reads back with the same century. */
function fitsForm(date: Date, form: SurfaceForm, now: Date): boolean {
  if (date.getTime() > now.getTime()) return false;
  if (form.digits === 12) return true;
  const y = date.getUTCFullYear();
  const current = now.getUTCFullYear();
  // The detector picks the latest year ≤ now (minus 100 with `+`) that ends in the written two digits.
  return form.centenarian ? y <= current - 100 && y > current - 200 : y <= current && y > current - 100;
}

/** The official test numbers for one birth date among `serials`, ascending (one Luhn sum per serial). */
export function testNumbersOn(date: Date, samordning: boolean, serials: readonly number[] = ALL_SERIALS): string[] {
  const yyyy = String(date.getUTCFullYear()).padStart(4, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(date.getUTCDate() + (samordning ? 60 : 0)).padStart(2, '0');
  const out: string[] = [];
  const prefix = `${yyyy.slice(2)}${mm}${dd}`;
  const dateSum = luhnPartialSum(prefix);
  for (const serial of serials) {
    const nnn = String(serial).padStart(3, '0');
    // Luhn weights 2,1,2,… from the left: the serial's digits sit at positions 7–9 (weights 2,1,2).
    const sum = dateSum + doubled(nnn.charCodeAt(0) - 48) + (nnn.charCodeAt(1) - 48) + doubled(nnn.charCodeAt(2) - 48);
    const full = `${yyyy}${mm}${dd}${nnn}${(10 - (sum % 10)) % 10}`;
    if (isTestNumber(full)) out.push(full);
  }
  return out;
}

function doubled(d: number): number {
  const x = d * 2;
  return x > 9 ? x - 9 : x;
}

/** The Luhn sum of the six date digits (weights 2,1,2,1,2,1). */
function luhnPartialSum(sixDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 6; i++) {
    const d = sixDigits.charCodeAt(i) - 48;
    sum += i % 2 === 0 ? doubled(d) : d;
  }
  return sum;
}
