import { describe, expect, it } from 'vitest';
import { ByteSizeError, formatByteSize, parseByteSize } from '../src/byte-size.js';

describe('parseByteSize', () => {
  it('reads plain bytes and K, M, G, T as powers of 1024, in any case, with an optional B or iB', () => {
    expect(parseByteSize('1048576')).toBe(1_048_576);
    expect(parseByteSize('1500K')).toBe(1500 * 1024);
    expect(parseByteSize('512M')).toBe(512 * 1024 * 1024);
    expect(parseByteSize('2G')).toBe(2 * 1024 ** 3);
    expect(parseByteSize('1T')).toBe(1024 ** 4);
    expect(parseByteSize('512m')).toBe(parseByteSize('512M'));
    expect(parseByteSize('512MB')).toBe(parseByteSize('512M'));
    expect(parseByteSize('512MiB')).toBe(parseByteSize('512M'));
    expect(parseByteSize('100B')).toBe(100);
    expect(parseByteSize(' 2G ')).toBe(2 * 1024 ** 3);
  });

  it('allows a fraction with a unit and rounds it down to whole bytes', () => {
    expect(parseByteSize('1.5G')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('0.5K')).toBe(512);
    expect(parseByteSize('1.3K')).toBe(1331);
  });

  it('rejects garbage, zero, signs, exponents, fractional bytes and sizes too large to count exactly', () => {
    for (const bad of ['', 'abc', '12Q', 'M', '-5', '+5', '0', '0K', '0.0001K', '1e9', '1.5', '2 G', '2GG', '1,5G', 'Infinity', 'NaN', '0x10', '99999999T']) {
      expect(() => parseByteSize(bad), bad).toThrow(ByteSizeError);
    }
  });
});

describe('formatByteSize', () => {
  it('gives the shortest exact form, which parses back to the same count', () => {
    expect(formatByteSize(512 * 1024 * 1024)).toBe('512M');
    expect(formatByteSize(1024 ** 3)).toBe('1G');
    expect(formatByteSize(1536 * 1024 * 1024)).toBe('1536M');
    expect(formatByteSize(1500)).toBe('1500');
    for (const n of [1, 1023, 1024, 1500 * 1024, 3 * 1024 ** 4, 1024 ** 3 + 1]) expect(parseByteSize(formatByteSize(n))).toBe(n);
  });
});
