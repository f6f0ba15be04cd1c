import { describe, expect, it } from 'vitest';
import { createDetector } from '../src/index.js';
import { scanIdentityNumbers } from '../src/identity/scan.js';
import { scoreCandidates } from '../src/identity/score.js';
import { referenceDate } from '../src/identity/validate.js';
import { NOW } from './helpers.js';

const detector = createDetector({ now: NOW });
const settings = { reference: referenceDate(NOW), strictSamordningsnummer: false, includeNonPersonal: false };

const MB = 1 << 20;
const hostile: Record<string, (n: number) => string> = {
  digits: (n) => '7'.repeat(n),
  dashes: (n) => '-'.repeat(n),
  'date-dash pairs': (n) => '640823-'.repeat(Math.ceil(n / 7)).slice(0, n),
  'almost numbers': (n) => '640823-323 '.repeat(Math.ceil(n / 11)).slice(0, n),
  'invalid numbers': (n) => '640823-3235 '.repeat(Math.ceil(n / 12)).slice(0, n),
  'digit-space groups': (n) => '1234 '.repeat(Math.ceil(n / 5)).slice(0, n),
  'keywords only': (n) => 'personnummer '.repeat(Math.ceil(n / 13)).slice(0, n),
};

describe('hostile input is handled in linear time', () => {
  it('10 MB of digits and 10 MB of dashes complete and find nothing', () => {
    expect(detector.detect('1'.repeat(10 * MB))).toEqual([]);
    expect(detector.detect('-'.repeat(10 * MB))).toEqual([]);
    expect(detector.detect('640823-3234'.repeat(MB))).toEqual([]); // glued: one endless token
  });

  /** A string stand-in that counts every character read (charCodeAt, and characters copied by slice). */
  function counting(text: string): { text: string; reads: () => number } {
    let reads = 0;
    const probe = {
      length: text.length,
      charCodeAt(i: number): number {
        reads++;
        return text.charCodeAt(i);
      },
      slice(a?: number, b?: number): string {
        const s = text.slice(a, b);
        reads += s.length;
        return s;
      },
      indexOf(search: string, from = 0): number {
        const at = text.indexOf(search, from);
        reads += (at === -1 ? text.length : at + 1) - from;
        return at;
      },
      lastIndexOf(search: string, from = text.length): number {
        const at = text.lastIndexOf(search, from);
        reads += from - at;
        return at;
      },
    };
    return { text: probe as unknown as string, reads: () => reads };
  }

  for (const [name, make] of Object.entries(hostile)) {
    it(`${name}: characters read grow linearly (counted, not timed)`, () => {
      const perChar: number[] = [];
      for (const size of [20_000, 80_000]) {
        const c = counting(make(size));
        scanIdentityNumbers(c.text, settings);
        perChar.push(c.reads() / size);
      }
      // Every character is read a bounded number of times, whatever the input and its size.
      expect(perChar[0]).toBeLessThan(6);
      expect(perChar[1]).toBeLessThan(6);
      expect(perChar[1]! / perChar[0]!).toBeLessThan(1.5);
    });
  }

  it('scoring a dense list of valid numbers reads each character a bounded number of times', () => {
    const line = 'Personnummer: 19640823-3234, telefon 070-174 06 05\n';
    const perChar: number[] = [];
    for (const copies of [500, 2000]) {
      const c = counting(line.repeat(copies));
      const scan = scanIdentityNumbers(c.text, settings);
      expect(scan.candidates).toHaveLength(copies);
      const { scores } = scoreCandidates(c.text, scan, 'Personnummer');
      expect(scores.every((score) => score >= 0.85)).toBe(true);
      perChar.push(c.reads() / c.text.length);
    }
    expect(perChar[0]).toBeLessThan(8);
    expect(perChar[1]! / perChar[0]!).toBeLessThan(1.5);
  });
});
