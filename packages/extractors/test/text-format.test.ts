import { detect } from '@gallra/core';
import { describe, expect, it } from 'vitest';
import { extractBytes } from './helpers.js';

describe('text format', () => {
  it('streams a large file in segments that end at line breaks, with correct line numbers', async () => {
    // ~3 MB: 60,000 lines; a number on every 997th line, so several fall near segment boundaries.
    const lines: string[] = [];
    const expected: number[] = [];
    for (let i = 1; i <= 60_000; i++) {
      if (i % 997 === 0) {
        lines.push(`rad ${i}: 19850101-2382`);
        expected.push(i);
      } else lines.push(`rad ${i}: ${'lorem ipsum dolor sit amet '.repeat(1 + (i % 2))}`);
    }
    const result = await extractBytes('big.txt', `${lines.join('\n')}\n`);
    expect(result.format).toBe('text');
    expect(result.segments.length).toBeGreaterThan(3);
    const found: number[] = [];
    for (const s of result.segments) {
      expect(s.place.kind).toBe('text');
      if (s.place.kind !== 'text') continue;
      expect(s.text.length).toBeLessThanOrEqual(300 * 1024);
      expect(s.text.endsWith('\n')).toBe(true);
      for (const f of detect(s.text)) {
        found.push(s.place.line + s.text.slice(0, f.start).split('\n').length - 1);
      }
    }
    expect(found).toEqual(expected);
    expect(result.segments.map((s) => s.text).join('')).toBe(`${lines.join('\n')}\n`);
  });

  it('cuts an overlong line at a separator so a number is never split', async () => {
    const unit = 'x1 19850101-2382;';
    const text = unit.repeat(Math.ceil((1.5 * 1024 * 1024) / unit.length));
    const result = await extractBytes('one-line.csv', text);
    expect(result.segments.length).toBeGreaterThan(1);
    const total = result.segments.reduce((n, s) => n + detect(s.text).length, 0);
    expect(total).toBe(text.length / unit.length);
  });

  it('treats a zero-byte file as format empty without events', async () => {
    const result = await extractBytes('tom.txt', Buffer.alloc(0));
    expect(result).toMatchObject({ format: 'empty', segments: [], problems: [], error: null });
  });
});
