import {
  CONTINUATION_DIGITS,
  TERMINAL_DIGITS,
  TEST_PERSONNUMMER_ENCODED,
  TEST_SAMORDNINGSNUMMER_ENCODED,
} from './generated/test-numbers.js';
import { luhnValid } from './luhn.js';

/**
 * Skatteverket's official test numbers as integer keys `YYYYMMDDNNN` (the 12-digit form without its
 * check digit). Decoded once, on first use, from the generated module (~3 ms); after that a lookup
 * is one `Set.has` on a number.
 */
let keys: Set<number> | undefined;

function decodeInto(encoded: string, into: Set<number>): void {
  let previous = 0;
  let gap = 0;
  for (let i = 0; i < encoded.length; i++) {
    const ch = encoded[i]!;
    const terminal = TERMINAL_DIGITS.indexOf(ch);
    if (terminal >= 0) {
      previous += gap * 32 + terminal;
      into.add(previous);
      gap = 0;
    } else {
      gap = gap * 32 + CONTINUATION_DIGITS.indexOf(ch);
    }
  }
}

/** The decoded key set (exported for the detector and tests; do not mutate). */
export function testNumberKeys(): ReadonlySet<number> {
  if (keys === undefined) {
    const set = new Set<number>();
    decodeInto(TEST_PERSONNUMMER_ENCODED, set);
    decodeInto(TEST_SAMORDNINGSNUMMER_ENCODED, set);
    keys = set;
  }
  return keys;
}

/**
 * Key lookup used by the detector: `key` is `YYYYMMDDNNN` as a number, for a candidate whose Luhn
 * check digit has already been verified.
 */
export function isTestNumberKey(key: number): boolean {
  return testNumberKeys().has(key);
}

/**
 * True when `normalized` is one of Skatteverket's official test personnummer or test
 * samordningsnummer (open data, ~41,500 + 2,264 numbers that are never assigned to real people).
 *
 * @param normalized - the 12-digit form `YYYYMMDDNNNC` (as in {@link Finding.normalized}); any
 *   other input, or a number whose check digit is wrong, gives `false`.
 * @example
 * ```ts
 * isTestNumber('196408233234'); // true: an official test personnummer
 * isTestNumber('6408233234');   // false: give the 12-digit form
 * ```
 */
export function isTestNumber(normalized: string): boolean {
  if (normalized.length !== 12 || !/^\d{12}$/.test(normalized)) return false;
  if (!luhnValid(normalized.slice(2))) return false;
  return isTestNumberKey(Number(normalized.slice(0, 11)));
}
