import { describe, expect, it } from 'vitest';
import type { Segment } from '@gallra/extractors';
import { SegmentLocator, indexLineStarts } from '../src/location.js';

describe('indexLineStarts', () => {
  it('treats \\n, \\r\\n and a lone \\r as one line break each', () => {
    expect(indexLineStarts('a\nb\r\nc\rd')).toEqual([0, 2, 5, 7]);
    expect(indexLineStarts('')).toEqual([0]);
    expect(indexLineStarts('\n\n')).toEqual([0, 1, 2]);
  });
});

describe('SegmentLocator', () => {
  const text = 'first line\r\nsecond: X\nthird';
  it('maps offsets of a text segment to 1-based line and column, offset by the segment start line', () => {
    const segment: Segment = { text, place: { kind: 'text', line: 10 }, member: [] };
    const locator = new SegmentLocator(segment);
    expect(locator.locate(0)).toEqual({ line: 10, column: 1, member: null });
    expect(locator.locate(text.indexOf('X'))).toEqual({ line: 11, column: 9, member: null });
    expect(locator.locate(text.indexOf('third'))).toEqual({ line: 12, column: 1, member: null });
  });

  it('carries the place fields and the member path', () => {
    const cell = new SegmentLocator({ text: 'x', place: { kind: 'cell', sheet: 'Blad1', cell: 'C7' }, member: ['2019', 'lista.xlsx'] });
    expect(cell.locate(0)).toEqual({ line: 1, column: 1, member: '2019/lista.xlsx', sheet: 'Blad1', cell: 'C7' });
    const para = new SegmentLocator({ text: 'a\nb', place: { kind: 'paragraph', part: 'footnotes', index: 3 }, member: [] });
    expect(para.locate(2)).toEqual({ line: 2, column: 1, member: null, part: 'footnotes', paragraph: 3 });
    expect(new SegmentLocator({ text: 'x', place: { kind: 'page', page: 4 }, member: [] }).locate(0)).toMatchObject({ page: 4 });
    expect(new SegmentLocator({ text: 'x', place: { kind: 'slide', slide: 2 }, member: [] }).locate(0)).toMatchObject({ slide: 2 });
    expect(new SegmentLocator({ text: 'x', place: { kind: 'mail', message: 5, field: 'subject' }, member: ['inbox.mbox'] }).locate(0)).toEqual({
      line: 1,
      column: 1,
      member: 'inbox.mbox',
      message: 5,
      field: 'subject',
    });
    expect(new SegmentLocator({ text: 'x', place: { kind: 'metadata', field: 'author' }, member: [] }).locate(0)).toMatchObject({ field: 'author' });
  });

  it('reports a number in a cell comment as the comment, with the column header label', () => {
    const place = { kind: 'cell', sheet: 'Blad1', cell: 'B7', header: 'Personnummer', part: 'comment' } as const;
    expect(new SegmentLocator({ text: 'x', place, member: [] }).locate(0)).toEqual({
      line: 1,
      column: 1,
      member: null,
      sheet: 'Blad1',
      cell: 'B7',
      part: 'comment',
      header: 'Personnummer',
    });
    const value = new SegmentLocator({ text: 'x', place: { kind: 'cell', sheet: 'Blad1', cell: 'B7', header: 'Personnummer' }, member: [] });
    expect(value.locate(0)).not.toHaveProperty('part');
    // A "header" with digits could be a data row: never copied into the report.
    const dataRow = new SegmentLocator({ text: 'x', place: { kind: 'cell', sheet: 'S', cell: 'A2', header: '19850101-1234' }, member: [] });
    expect(dataRow.locate(0)).not.toHaveProperty('header');
  });

  it('agrees with indexLineStarts for offsets in any order and every kind of line break', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = ['a', 'bc', '\n', '\r\n', '\r', '\n\n', '\r\r', 'å'];
    for (let round = 0; round < 20; round++) {
      let text = '';
      while (text.length < 200) text += pieces[Math.floor(random() * pieces.length)];
      const starts = indexLineStarts(text);
      const expected = (offset: number) => {
        let line = 0;
        while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
        return { line: 5 + line, column: offset - starts[line]! + 1 };
      };
      const locator = new SegmentLocator({ text, place: { kind: 'text', line: 5 }, member: [] });
      const offsets = Array.from({ length: 60 }, () => Math.floor(random() * text.length));
      const ordered = [...offsets].sort((x, y) => x - y);
      for (const offset of [...ordered, ...offsets]) expect(locator.locate(offset)).toMatchObject(expected(offset));
    }
  });

  it('locates byte offsets of utf8-bytes text at the same line and UTF-16 column as in the decoded text', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = ['a', 'bc', '\n', '\r\n', '\r', 'å', '€', '😀', ' 1'];
    for (let round = 0; round < 20; round++) {
      const chars: string[] = [];
      while (chars.length < 150) chars.push(pieces[Math.floor(random() * pieces.length)]!);
      const text = chars.join('');
      // Offset of each piece in the decoded text and in its UTF-8 bytes.
      const offsets: { utf16: number; byte: number }[] = [];
      let utf16 = 0;
      let byte = 0;
      for (const piece of chars) {
        offsets.push({ utf16, byte });
        utf16 += piece.length;
        byte += Buffer.byteLength(piece, 'utf8');
      }
      const decoded = new SegmentLocator({ text, place: { kind: 'text', line: 3 }, member: [] });
      const bytes = new SegmentLocator({ text: Buffer.from(text, 'utf8').toString('latin1'), form: 'utf8-bytes', place: { kind: 'text', line: 3 }, member: [] });
      const picks = Array.from({ length: 40 }, () => offsets[Math.floor(random() * offsets.length)]!);
      const ordered = [...picks].sort((x, y) => x.byte - y.byte);
      for (const pick of [...ordered, ...picks]) expect(bytes.locate(pick.byte)).toEqual(decoded.locate(pick.utf16));
    }
  });

  it('columns count UTF-16 code units', () => {
    const locator = new SegmentLocator({ text: 'åäö 😀 X', place: { kind: 'text', line: 1 }, member: [] });
    expect(locator.locate('åäö 😀 X'.indexOf('X'))).toMatchObject({ line: 1, column: 8 });
  });
});
