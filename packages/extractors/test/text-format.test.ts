import { detect } from '@gallra/core';
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { extract, type ExtractEvent } from '../src/index.js';
import { extractBytes } from './helpers.js';
import { countControlBytes } from '../src/formats/text.js';

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

  it('reads content given in memory without opening a stream, with the same result as streaming it', async () => {
    const samples: [string, Buffer][] = [
      ['utf8.txt', Buffer.from('Namn;Personnummer\nÅsa;19850101-2382\r\nrad tre\n', 'utf8')],
      ['latin.txt', Buffer.from('Pnr: 19850101-2382 \x96 Göran\n', 'latin1')],
      ['utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('pnr 19850101-2382\n', 'utf16le')])],
      ['big.log', Buffer.from('lorem ipsum 19850101-2382\n'.repeat(40_000), 'utf8')],
      ['page.html', Buffer.from('<!doctype html><html><body><p>pnr 19850101-2382</p></body></html>', 'utf8')],
      ['binary.bin', Buffer.from([0, 1, 2, 3, 0, 0, 7, 8])],
      // The in-memory fast decode must agree with the streaming decoder on BOMs, astral characters and bad tails.
      ['bom.txt', Buffer.from('\ufeffÅsa 😀 19850101-2382\n', 'utf8')],
      ['two-boms.txt', Buffer.from('\ufeff\ufeffÅsa 19850101-2382\n', 'utf8')],
      ['bom-only.txt', Buffer.from('\ufeff', 'utf8')],
      ['cut-tail.txt', Buffer.from('Åsa 19850101-2382\n€', 'utf8').subarray(0, -1)],
      ['bad-middle.txt', Buffer.concat([Buffer.from('å'.repeat(3000), 'utf8'), Buffer.from([0xc3, 0x28]), Buffer.from(' 19850101-2382\n')])],
    ];
    const collect = async (input: Parameters<typeof extract>[0]) => {
      try {
        const extraction = await extract(input);
        const events: ExtractEvent[] = [];
        for await (const e of extraction.events) events.push(e);
        return { format: extraction.format, encoding: extraction.encoding, events };
      } catch (error) {
        return { error: String(error) };
      }
    };
    for (const [name, data] of samples) {
      const streamed = await collect({ name, size: data.length, open: () => Readable.from([data]) });
      let opened = 0;
      const inMemory = await collect({ name, size: data.length, bytes: data, open: () => (opened++, Readable.from([data])) });
      expect(inMemory, name).toEqual(streamed);
      if ('format' in inMemory && inMemory.format === 'text') expect(opened, name).toBe(0);
    }
  });

  it('counts control bytes word by word exactly as byte by byte, at any alignment', () => {
    let seed = 5;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const naive = (bytes: Uint8Array) => bytes.filter((b) => b < 0x20 && ![0x09, 0x0a, 0x0d, 0x0c, 0x1b].includes(b)).length;
    const backing = new Uint8Array(5000);
    for (let round = 0; round < 200; round++) {
      // Mostly text with a few bytes of every kind, so words with and without low bytes both occur.
      for (let i = 0; i < backing.length; i++) backing[i] = random() < 0.9 ? 0x20 + Math.floor(random() * 0xe0) : Math.floor(random() * 0x40);
      const start = Math.floor(random() * 8);
      const bytes = backing.subarray(start, start + Math.floor(random() * 4096));
      expect(countControlBytes(bytes)).toBe(naive(bytes));
    }
    expect(countControlBytes(new Uint8Array(0))).toBe(0);
    expect(countControlBytes(Buffer.from([1, 2, 0x0a, 0x1f, 0x20, 0x7f]).subarray(1))).toBe(2);
  });
});
