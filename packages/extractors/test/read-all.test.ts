import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAll } from '../src/dispatch/input.js';

const chunks = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => Buffer.from(text.slice(i * size, (i + 1) * size)));

describe('readAll', () => {
  const text = 'Kund 19850101-2382; '.repeat(500);

  it('reads into one buffer of the expected size: exactly, fewer bytes, or more (a file that grew)', async () => {
    for (const expected of [text.length, text.length + 1000, 100, 0]) {
      const bytes = await readAll(Readable.from(chunks(text, 333)), 1 << 20, expected);
      expect(bytes.toString()).toBe(text);
    }
  });

  it('fails with too-large past the limit, with or without an expected size', async () => {
    for (const expected of [0, 500, text.length]) {
      await expect(readAll(Readable.from(chunks(text, 333)), 5000, expected)).rejects.toMatchObject({ reason: 'too-large' });
    }
  });
});
