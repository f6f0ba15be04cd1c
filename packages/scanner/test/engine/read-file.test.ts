import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadBuffer, readFileForScan } from '../../src/engine/read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'gallra-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('readFileForScan', () => {
  it('reads files of any size into one reused buffer, each with exactly its own bytes', () => {
    const into = new ReadBuffer();
    const contents = [Buffer.alloc(300_000, 0x61), Buffer.from('kort\n'), Buffer.alloc(0), Buffer.alloc(700_000, 0x62), Buffer.from('åäö\n')];
    const seen = new Set<ArrayBufferLike>();
    contents.forEach((content, i) => {
      expect(into.tryHold()).toBe(true);
      const read = readFileForScan(file(`f${i}`, content), 10_000_000, into);
      expect(read.truncated).toBe(false);
      expect(Buffer.compare(read.bytes, content)).toBe(0);
      seen.add(read.bytes.buffer);
      into.release();
    });
    // Grown once for the 700 KB file, otherwise the same memory.
    expect(seen.size).toBeLessThanOrEqual(2);
  });

  it('reads the whole file whatever size it was listed with (it may have grown or shrunk since)', () => {
    const content = Buffer.alloc(200_000, 0x64);
    const path = file('changed', content);
    for (const listed of [0, 10, 199_999, 200_000, 500_000]) {
      const into = new ReadBuffer();
      into.tryHold();
      for (const buffer of [undefined, into]) {
        const read = readFileForScan(path, 10_000_000, buffer, listed);
        expect(read.truncated).toBe(false);
        expect(Buffer.compare(read.bytes, content), `listed ${listed}`).toBe(0);
      }
    }
    expect(readFileForScan(path, 150_000, undefined, 1000).truncated).toBe(true);
  });

  it('lends the buffer to one read at a time', () => {
    const into = new ReadBuffer();
    expect(into.tryHold()).toBe(true);
    expect(into.tryHold()).toBe(false);
    into.release();
    expect(into.tryHold()).toBe(true);
  });

  it('notices a file over the limit, with or without a reused buffer', () => {
    const path = file('big', Buffer.alloc(5000, 0x63));
    expect(readFileForScan(path, 4999).truncated).toBe(true);
    const into = new ReadBuffer();
    into.tryHold();
    const read = readFileForScan(path, 4999, into);
    expect(read.truncated).toBe(true);
    expect(read.bytes.length).toBe(4999);
    expect(readFileForScan(path, 5000, into)).toMatchObject({ truncated: false });
  });
});
