import { describe, expect, it } from 'vitest';
import { SharedStrings } from '../src/formats/xlsx-shared-strings.js';

describe('SharedStrings (packed xlsx shared string table)', () => {
  it('gives back every string as pushed: empty, non-ASCII, surrogate pairs, lone surrogates', () => {
    const table = new SharedStrings();
    const strings = ['Namn', '', 'Åsa Öberg', 'Personnummer 19850101-2382', '😀 emoji', 'x\uD800y', 'Ärende 12'];
    for (const s of strings) table.push(s);
    expect(table.length).toBe(strings.length);
    // A lone surrogate cannot be stored in UTF-8; it reads back as U+FFFD, like any UTF-8 round trip.
    expect(strings.map((_, i) => table.get(i))).toEqual(strings.map((s) => s.replace('\uD800', '\uFFFD')));
  });

  it('answers undefined for an index outside the table, as a plain array would', () => {
    const table = new SharedStrings();
    table.push('a');
    for (const index of [1, -1, 0.5, Number.NaN, 1e9]) expect(table.get(index)).toBeUndefined();
  });

  it('reads strings that cross block boundaries and one longer than a block', () => {
    const table = new SharedStrings();
    const strings: string[] = [];
    // ~12 MB in strings of 1–97 chars with multi-byte letters: several 4 MB blocks, boundaries fall inside strings.
    for (let i = 0; i < 200_000; i++) strings.push(`${'åäö'.repeat(i % 7)}rad ${i} ${'x'.repeat(i % 80)}`);
    strings.push('ö'.repeat(5 * 1024 * 1024)); // 10 MB of UTF-8 in one string
    strings.push('efter');
    for (const s of strings) table.push(s);
    for (let i = 0; i < strings.length; i++) {
      if (table.get(i) !== strings[i]) expect(`${i}: ${table.get(i)?.slice(0, 40)}`).toBe(`${i}: ${strings[i]!.slice(0, 40)}`);
    }
  });
});
