import { describe, expect, it } from 'vitest';
import { BiffEncryptedError, BiffFormatError, BiffVersionError, readBiff8, type BiffCell } from '../src/formats/xls-biff.js';

// Hand-built BIFF8 streams: the records Excel writes that LibreOffice's files (the fixtures) do not
// exercise, with their byte layout from [MS-XLS].

function record(type: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(4);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(body.length, 2);
  return Buffer.concat([head, body]);
}
const u16 = (...v: number[]) => Buffer.from(new Uint16Array(v).buffer);
const u32 = (...v: number[]) => Buffer.from(new Uint32Array(v).buffer);
const f64 = (v: number) => Buffer.from(new Float64Array([v]).buffer);
const u8 = (...v: number[]) => Buffer.from(v);
/** XLUnicodeString: cch (16-bit), flags, characters (8-bit when all are Latin-1). */
const xlString = (s: string) => {
  const wide = [...s].some((c) => c.charCodeAt(0) > 0xff);
  return Buffer.concat([u16(s.length), u8(wide ? 1 : 0), Buffer.from(s, wide ? 'utf16le' : 'latin1')]);
};
const BOF = (dt: number) => record(0x0809, u16(0x0600, dt), u32(0, 0, 0));
const EOF = record(0x000a);
const cellHead = (row: number, col: number, xf = 15) => u16(row, col, xf);

/** Globals (BOF, extra records, BOUNDSHEET, EOF) followed by one sheet substream. */
function workbook(globals: Uint8Array[], sheet: Uint8Array[], sheetName = 'Blad1'): Uint8Array {
  const name = Buffer.concat([u8(sheetName.length, 0), Buffer.from(sheetName, 'latin1')]);
  const boundSheetLength = 4 + 6 + name.length;
  const before = Buffer.concat([BOF(0x0005), ...globals]);
  const offset = before.length + boundSheetLength + EOF.length;
  return Buffer.concat([before, record(0x0085, u32(offset), u8(0, 0), name), EOF, BOF(0x0010), ...sheet, EOF]);
}
const values = (cells: Iterable<BiffCell>) => [...cells].map((c) => [c.cell, c.value, c.comment ?? false]);

describe('BIFF8 records', () => {
  it('reads RK, MULRK, NUMBER, LABEL, RSTRING and a formula with a string result', () => {
    const rk = (n: number) => ((n << 2) | 2) >>> 0;
    const stream = workbook(
      [],
      [
        record(0x027e, cellHead(0, 0), u32(rk(42))),
        record(0x00bd, u16(1, 0), u16(15), u32(rk(1)), u16(15), u32(rk(2)), u16(15), u32(rk(3)), u16(2)),
        record(0x0203, cellHead(2, 0), f64(199102232395)),
        record(0x0204, cellHead(3, 0), xlString('19900318-2392')),
        record(0x00d6, cellHead(3, 1), xlString('Łódź 850101'), u16(0)),
        record(0x0006, cellHead(4, 0), u8(0, 0, 0, 0, 0, 0), u16(0xffff), u16(0), u32(0), u8(0x01)),
        record(0x0207, xlString('19881226-2387')),
        record(0x0006, cellHead(5, 0), f64(7), u16(0), u32(0), u8(0x01)),
      ],
    );
    expect(values(readBiff8(stream).cells())).toEqual([
      ['A1', 42, false],
      ['A2', 1, false],
      ['B2', 2, false],
      ['C2', 3, false],
      ['A3', 199102232395, false],
      ['A4', '19900318-2392', false],
      ['B4', 'Łódź 850101', false],
      ['A5', '19881226-2387', false],
      ['A6', 7, false],
    ]);
  });

  it('reads a shared-string table whose strings cross CONTINUE records, switching 8/16-bit there', () => {
    // String 1 starts 8-bit in the SST record and continues 16-bit in the CONTINUE (new flags byte);
    // string 2 starts at the beginning of the CONTINUE's remaining bytes (no flags byte before its header).
    const first = 'Personnummer ';
    const rest = '19900318-2392 Ő';
    const sst = record(0x00fc, u32(2, 2), u16(first.length + rest.length), u8(0), Buffer.from(first, 'latin1'));
    const cont = record(0x003c, u8(1), Buffer.from(rest, 'utf16le'), xlString('andra'));
    const stream = workbook([sst, cont], [record(0x00fd, cellHead(0, 0), u32(0)), record(0x00fd, cellHead(0, 1), u32(1))]);
    expect(values(readBiff8(stream).cells())).toEqual([
      ['A1', 'Personnummer 19900318-2392 Ő', false],
      ['B1', 'andra', false],
    ]);
  });

  it('skips rich-text runs and phonetic data of shared strings', () => {
    const rich = Buffer.concat([u16(3), u8(0x08 | 0x04), u16(1), u32(4), Buffer.from('abc'), u32(0), u32(0xdeadbeef)]);
    const sst = record(0x00fc, u32(2, 2), rich, xlString('def'));
    const stream = workbook([sst], [record(0x00fd, cellHead(0, 0), u32(1)), record(0x00fd, cellHead(1, 0), u32(0))]);
    expect(values(readBiff8(stream).cells())).toEqual([
      ['A1', 'def', false],
      ['A2', 'abc', false],
    ]);
  });

  it('ties a NOTE to its comment text through OBJ and TXO', () => {
    const obj = record(0x005d, u16(0x15, 0x12, 0x19, 7), Buffer.alloc(14));
    const txo = record(0x01b6, Buffer.alloc(10), u16(15), Buffer.alloc(6));
    const text = record(0x003c, u8(0), Buffer.from('Se 850101-1234', 'latin1'), u8(0x20));
    const runs = record(0x003c, Buffer.alloc(16));
    const note = record(0x001c, u16(4, 2, 0, 7), xlString('Granskare'), u8(0));
    const stream = workbook([], [obj, txo, text, runs, note]);
    expect(values(readBiff8(stream).cells())).toEqual([['C5', 'Se 850101-1234 ', true]]);
  });

  it('skips an embedded chart substream inside a sheet', () => {
    const chart = [BOF(0x0020), record(0x0203, cellHead(9, 9), f64(1)), EOF];
    const stream = workbook([], [record(0x0203, cellHead(0, 0), f64(5)), ...chart, record(0x0203, cellHead(1, 0), f64(6))]);
    expect(values(readBiff8(stream).cells())).toEqual([
      ['A1', 5, false],
      ['A2', 6, false],
    ]);
  });

  it('reports FILEPASS as encrypted, BIFF5 as another version, and broken records as format errors', () => {
    expect(() => readBiff8(workbook([record(0x002f, u16(1), Buffer.alloc(52))], []))).toThrow(BiffEncryptedError);
    const biff5 = Buffer.concat([record(0x0809, u16(0x0500, 5), u32(0)), EOF]);
    expect(() => readBiff8(biff5)).toThrow(BiffVersionError);
    const truncated = workbook([], [record(0x0203, cellHead(0, 0), f64(5))]).subarray(0, -6);
    expect(() => [...readBiff8(truncated).cells()]).toThrow(BiffFormatError);
    expect(() => readBiff8(Buffer.from([0x01, 0x02, 0x03, 0x04]))).toThrow(BiffFormatError);
  });
});
