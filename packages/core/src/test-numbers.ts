import {
  CONTINUATION_DIGITS,
  TERMINAL_DIGITS,
  TEST_PERSONNUMMER_ENCODED,
  TEST_SAMORDNINGSNUMMER_ENCODED,
} from './generated/test-numbers.js';
import { luhnValid } from './luhn.js';

/**
 * Skatteverket's official test numbers as small-integer keys (see {@link testNumberKey}). Decoded
 * once, on first use, from the generated module (a few ms); after that a lookup is one `Set.has`
 * on a small integer, which V8 hashes without allocating.
 */
let keys: Set<number> | undefined;

/**
 * The lookup key of `YYYY MM DD NNN` (DD as written, i.e. +60 for samordningsnummer; the check
 * digit is implied). It stays below 2^30 for years 1800–2599, so it is a V8 small integer.
 */
export function testNumberKey(year: number, month: number, day: number, birthNumber: number): number {
  return ((year - 1800) * 1300 + month * 100 + day) * 1000 + birthNumber;
}

function keyOfElevenDigits(n: number): number {
  const birthNumber = n % 1000;
  const date = Math.floor(n / 1000);
  return testNumberKey(Math.floor(date / 10000), Math.floor(date / 100) % 100, date % 100, birthNumber);
}

function decodeInto(encoded: string, into: Set<number>): void {
  let previous = 0;
  let gap = 0;
  for (let i = 0; i < encoded.length; i++) {
    const ch = encoded[i]!;
    const terminal = TERMINAL_DIGITS.indexOf(ch);
    if (terminal >= 0) {
      previous += gap * 32 + terminal;
      into.add(keyOfElevenDigits(previous));
      gap = 0;
    } else {
      gap = gap * 32 + CONTINUATION_DIGITS.indexOf(ch);
    }
  }
}

/** The decoded key set, keys made by {@link testNumberKey} (exported for tests; do not mutate). */
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
 * The same keys in an open-addressing hash table (linear probing, load 1/3, -1 = empty): 512 KB
 * that a lookup touches once or twice, where `Set.has` on 43,000 keys cost ~0.4 µs of cache misses
 * per valid number in profiles of dense text.
 */
let table: Int32Array | undefined;
const TABLE_BITS = 17;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

function slotOf(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - TABLE_BITS);
}

function buildTable(): Int32Array {
  const set = testNumberKeys();
  if (set.size * 2 > 1 << TABLE_BITS) throw new Error('test-number table too small');
  const t = new Int32Array(1 << TABLE_BITS).fill(-1);
  for (const key of set) {
    let slot = slotOf(key);
    while (t[slot] !== -1) slot = (slot + 1) & TABLE_MASK;
    t[slot] = key;
  }
  return t;
}

/** Lookup used by the detector, for a candidate whose Luhn check digit has already been verified. */
export function isTestNumberParts(year: number, month: number, day: number, birthNumber: number): boolean {
  const t = (table ??= buildTable());
  const key = testNumberKey(year, month, day, birthNumber);
  for (let slot = slotOf(key); ; slot = (slot + 1) & TABLE_MASK) {
    const found = t[slot]!;
    if (found === key) return true;
    if (found === -1) return false;
  }
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
  return testNumberKeys().has(keyOfElevenDigits(Number(normalized.slice(0, 11))));
}
