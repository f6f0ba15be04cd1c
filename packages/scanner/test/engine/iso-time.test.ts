import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/engine/iso-time.js';

describe('isoTime', () => {
  it('equals Date#toISOString for whole and fractional milliseconds from 1970 to 9999', () => {
    const edges = [0, 0.5, 999.999, 86_399_999, 86_400_000, 951_782_400_000 /* 2000-02-29 */, 4_107_542_400_000 /* 2100-03-01 */];
    const leapDays = [1972, 2000, 2024, 2400, 9996].map((y) => Date.UTC(y, 1, 29, 23, 59, 59, 999));
    const yearEnds = [1999, 2099, 2100, 9999].map((y) => Date.UTC(y, 11, 31, 23, 59, 59, 999) + 0.75);
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 253_402_300_800_000;
    const samples = [...edges, ...leapDays, ...yearEnds, ...Array.from({ length: 20_000 }, () => random()), ...Array.from({ length: 2000 }, () => Math.floor(random()))];
    for (const ms of samples) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('stays right for neighbouring times in the same second and when going back to an earlier one', () => {
    const start = Date.UTC(2026, 11, 31, 23, 59, 58, 990);
    const times = [...Array.from({ length: 400 }, (_, i) => start + i * 7.25), start + 500, start, start + 1, start + 2010];
    for (const ms of times) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves times before 1970, from year 10000 on, and invalid ones to Date', () => {
    for (const ms of [-1, -0.5, -62_198_755_200_000, 253_402_300_800_000, 8.64e15]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
