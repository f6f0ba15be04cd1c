import { describe, expect, it } from 'vitest';
import type { FileReport } from '../src/report.js';
import { createWriter, writerNames, WRITERS } from '../src/writers/index.js';
import { displayPath, formatLocation } from '../src/writers/text.js';
import { StringSink } from './collect-stream.js';
import { reportSchemaErrors } from './validate-report.js';

const header = {
  schemaVersion: '1.0.0',
  tool: { name: 'gallra', version: '0.0.0' },
  scan: { roots: ['r'], startedAt: '2026-01-01T00:00:00.000Z', options: {} },
};
const footer = {
  finishedAt: '2026-01-01T00:00:01.000Z',
  summary: { files: 0, filesWithFindings: 0, errors: 0, findingsByType: {} },
  failed: false,
};
const file = (i: number): FileReport => ({
  root: 'r',
  path: `f${i}.txt`,
  size: i,
  modified: '2026-01-01T00:00:00.000Z',
  format: 'text',
  status: 'ok',
  error: null,
  findings: [],
});

describe('writer registry', () => {
  it('has text and json and rejects unknown names', () => {
    expect(writerNames()).toEqual(expect.arrayContaining(['text', 'json']));
    expect(Object.keys(WRITERS)).toEqual(writerNames());
    expect(() => createWriter('nope', { out: new StringSink() })).toThrow(/unknown format "nope"/);
    expect(() => createWriter('toString', { out: new StringSink() })).toThrow(RangeError);
  });
});

describe('json writer', () => {
  it('streams one valid JSON document for zero and for many files', async () => {
    for (const count of [0, 1, 500]) {
      const out = new StringSink();
      const writer = createWriter('json', { out });
      await writer.begin(header);
      for (let i = 0; i < count; i++) await writer.file(file(i));
      await writer.end({ ...footer, summary: { ...footer.summary, files: count } });
      const report = JSON.parse(out.text);
      expect(report.files).toHaveLength(count);
      expect(report.scan.finishedAt).toBe(footer.finishedAt);
      expect(reportSchemaErrors(report)).toEqual([]);
    }
  });
});

describe('text helpers', () => {
  it('displayPath joins root and path; a file root is shown as given', () => {
    expect(displayPath({ root: 'share', path: 'a/b.txt' })).toBe('share/a/b.txt');
    expect(displayPath({ root: 'share/', path: 'a.txt' })).toBe('share/a.txt');
    expect(displayPath({ root: '.', path: 'a.txt' })).toBe('a.txt');
    expect(displayPath({ root: 'docs/brev.txt', path: 'brev.txt' })).toBe('docs/brev.txt');
  });
  it('formatLocation shows member and place before line:column', () => {
    expect(formatLocation({ line: 3, column: 7, member: null })).toBe('3:7');
    expect(formatLocation({ line: 1, column: 1, member: 'a.zip/b.xlsx', sheet: 'Blad1', cell: 'C4' })).toBe('a.zip/b.xlsx Blad1!C4 1:1');
    expect(formatLocation({ line: 2, column: 5, member: null, page: 3 })).toBe('page 3 2:5');
  });
});

describe('ChunkBuffer', () => {
  it('keeps strings and UTF-8 bytes in order and empties on take', async () => {
    const { ChunkBuffer } = await import('../src/writers/stream.js');
    const chunks = new ChunkBuffer();
    chunks.add('å');
    chunks.add('b');
    expect(chunks.take()).toBe('åb');
    chunks.add('{');
    chunks.add(new TextEncoder().encode('"ö":1'));
    chunks.add('}');
    const taken = chunks.take();
    expect(Buffer.from(taken as Uint8Array).toString('utf8')).toBe('{"ö":1}');
    expect(chunks.size).toBe(0);
    expect(chunks.take()).toBe('');
  });
});
