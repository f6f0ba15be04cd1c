import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reference date used by tests unless a test needs another: the day the detection spec was written. */
export const NOW = new Date('2026-11-22T12:00:00Z');

export const DATA_DIR = join(import.meta.dirname, '..', 'data');

export function readJson<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(DATA_DIR, ...path), 'utf8')) as T;
}

/** The 12-digit values of one Skatteverket CSV (header line dropped). */
export function readTestNumbers(file: 'testpersonnummer.csv' | 'testsamordningsnummer.csv'): string[] {
  return readFileSync(join(DATA_DIR, 'skatteverket-testpersonnummer', file), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l !== '');
}

/** Luhn check digit for the nine digits `YYMMDDNNN`. */
export function luhnCheckDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let v = nine.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

/** Seeded PRNG (mulberry32) so generated data is reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
