/**
 * A BIFF8 (Excel 97-2003) record reader that pulls out cell values and comments, nothing else:
 * no styles, formats or formulas. It walks the Workbook stream once; SheetJS, which builds the whole
 * workbook model, was about 10× slower on the same files (docs/formats.md). Private helper of the xls
 * format module, which falls back to SheetJS for the older BIFF5/7 files this reader does not handle.
 */

/** The workbook is not BIFF8 (BIFF5/7 or older): another reader must handle it. */
export class BiffVersionError extends Error {
  override readonly name = 'BiffVersionError';
}
/** The records are inconsistent (damaged file). */
export class BiffFormatError extends Error {
  override readonly name = 'BiffFormatError';
}
/** The workbook has a FILEPASS record: its content is encrypted. */
export class BiffEncryptedError extends Error {
  override readonly name = 'BiffEncryptedError';
}

export interface BiffCell {
  readonly sheet: string;
  /** 0-based row and column. */
  readonly row: number;
  readonly col: number;
  /** A1-style address, e.g. `B7`. */
  readonly cell: string;
  /** A string as stored, or a number (formatted by the caller). */
  readonly value: string | number;
  /** Number-format code of the cell's style (custom codes such as `000000-0000`), for numbers. */
  readonly format?: string;
  /** True when `value` is the cell's comment text. */
  readonly comment?: true;
}

export interface BiffSheet {
  readonly name: string;
  /** 0 visible, 1 hidden, 2 very hidden. */
  readonly visibility: number;
}

const BOF = 0x0809;
const EOF = 0x000a;
const CONTINUE = 0x003c;
const FILEPASS = 0x002f;
const BOUNDSHEET = 0x0085;
const SST = 0x00fc;
const LABELSST = 0x00fd;
const NUMBER = 0x0203;
const RK = 0x027e;
const MULRK = 0x00bd;
const LABEL = 0x0204;
/** A LABEL with formatting runs after the string (written by some producers even in BIFF8). */
const RSTRING = 0x00d6;
const FORMULA = 0x0006;
const STRING = 0x0207;
const NOTE = 0x001c;
const OBJ = 0x005d;
const TXO = 0x01b6;
const FORMAT = 0x041e;
const XF = 0x00e0;

/** `A`, `B`, … `Z`, `AA`, … for a 0-based column. */
export function columnName(col: number): string {
  let name = '';
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return name;
}

/** Decodes an RK number: a 30-bit integer or the high 30 bits of a double, optionally ÷100. */
export function decodeRk(rk: number): number {
  let value: number;
  if (rk & 0x02) value = (rk | 0) >> 2;
  else {
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(4, rk & 0xfffffffc, true);
    value = view.getFloat64(0, true);
  }
  return rk & 0x01 ? value / 100 : value;
}

/**
 * Reads a record's payload plus its CONTINUE records as one buffer, remembering where each
 * CONTINUE started: a string's characters that cross such a boundary restart with a flags byte.
 */
class ContinuedData {
  private pos = 0;
  /** Index of the first boundary after `pos` (reads only move forward). */
  private nextBoundary = 0;
  constructor(
    private readonly data: Uint8Array,
    private readonly view: DataView,
    /** Offsets in `data` where a CONTINUE payload starts, ascending. */
    private readonly boundaries: readonly number[],
  ) {}
  get offset(): number {
    return this.pos;
  }
  get remaining(): number {
    return this.data.length - this.pos;
  }
  u8(): number {
    if (this.pos + 1 > this.data.length) throw new BiffFormatError('string table ends early');
    return this.data[this.pos++]!;
  }
  u16(): number {
    if (this.pos + 2 > this.data.length) throw new BiffFormatError('string table ends early');
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    if (this.pos + 4 > this.data.length) throw new BiffFormatError('string table ends early');
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.data.length) throw new BiffFormatError('string table ends early');
  }
  /** `count` characters, switching between 8- and 16-bit at CONTINUE boundaries. */
  chars(count: number, highByte: boolean): string {
    let out = '';
    let high = highByte;
    let left = count;
    while (left > 0) {
      while (this.nextBoundary < this.boundaries.length && this.boundaries[this.nextBoundary]! <= this.pos) this.nextBoundary++;
      const boundary = this.boundaries[this.nextBoundary] ?? this.data.length;
      const width = high ? 2 : 1;
      const fit = Math.min(left, Math.floor((boundary - this.pos) / width));
      if (fit > 0) {
        const slice = this.data.subarray(this.pos, this.pos + fit * width);
        out += high ? Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).toString('utf16le') : latin1(slice);
        this.pos += fit * width;
        left -= fit;
      }
      if (left > 0) {
        if (this.pos >= this.data.length) throw new BiffFormatError('string runs past the string table');
        high = (this.u8() & 0x01) !== 0; // the continuation's own flags byte
      }
    }
    return out;
  }
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Reads an XLUnicodeRichExtendedString (SST entry) and skips its formatting runs and phonetic data. */
function readSstString(r: ContinuedData): string {
  const cch = r.u16();
  const flags = r.u8();
  const runs = flags & 0x08 ? r.u16() : 0;
  const ext = flags & 0x04 ? r.u32() : 0;
  const text = r.chars(cch, (flags & 0x01) !== 0);
  r.skip(runs * 4 + ext);
  return text;
}

/** An XLUnicodeString inside one record: `cch` (16-bit or 8-bit), flags, characters. */
function unicodeString(data: Uint8Array, view: DataView, offset: number, shortLength = false): string {
  const cch = shortLength ? data[offset]! : view.getUint16(offset, true);
  const at = offset + (shortLength ? 1 : 2);
  const high = (data[at]! & 0x01) !== 0;
  const start = at + 1;
  const end = start + cch * (high ? 2 : 1);
  if (end > data.length) throw new BiffFormatError('string runs past its record');
  const slice = data.subarray(start, end);
  return high ? Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).toString('utf16le') : latin1(slice);
}

/** Iterates the records of a BIFF stream from `start`. */
function* records(stream: Uint8Array, view: DataView, start: number): Generator<{ type: number; data: Uint8Array; next: number }> {
  let pos = start;
  while (pos + 4 <= stream.length) {
    const type = view.getUint16(pos, true);
    const length = view.getUint16(pos + 2, true);
    const end = pos + 4 + length;
    if (end > stream.length) throw new BiffFormatError('record runs past the end of the stream');
    yield { type, data: stream.subarray(pos + 4, end), next: end };
    pos = end;
  }
}

/** Joins a record with the CONTINUE records that follow it. */
function withContinues(stream: Uint8Array, view: DataView, first: Uint8Array, next: number): { reader: ContinuedData; after: number } {
  const parts = [first];
  const boundaries: number[] = [];
  let total = first.length;
  let pos = next;
  for (const rec of records(stream, view, next)) {
    if (rec.type !== CONTINUE) break;
    boundaries.push(total);
    parts.push(rec.data);
    total += rec.data.length;
    pos = rec.next;
  }
  const data = parts.length === 1 ? first : Buffer.concat(parts);
  return { reader: new ContinuedData(data, new DataView(data.buffer, data.byteOffset, data.byteLength), boundaries), after: pos };
}

export interface BiffWorkbook {
  readonly sheets: readonly BiffSheet[];
  /** Cells and comments of every sheet (hidden ones included), sheet by sheet in record order. */
  cells(): Generator<BiffCell>;
}

/** Parses the globals substream of a BIFF8 Workbook stream. */
export function readBiff8(stream: Uint8Array): BiffWorkbook {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const sheets: Array<BiffSheet & { readonly offset: number; readonly type: number }> = [];
  let sst: string[] = [];
  let first = true;
  /** Custom number-format codes by id (built-in ids below 164 carry no digit masks we need). */
  const formatCodes = new Map<number, string>();
  /** Format id per XF (cell style) index. */
  const xfFormats: number[] = [];
  for (const rec of records(stream, view, 0)) {
    if (first) {
      if (rec.type !== BOF || rec.data.length < 4) throw new BiffFormatError('the Workbook stream does not start with BOF');
      const version = view.getUint16(rec.data.byteOffset - stream.byteOffset, true);
      if (version !== 0x0600) throw new BiffVersionError(`BIFF version 0x${version.toString(16)}`);
      first = false;
      continue;
    }
    if (rec.type === EOF) break;
    if (rec.type === FILEPASS) throw new BiffEncryptedError('the workbook is encrypted');
    if (rec.type === BOUNDSHEET && rec.data.length >= 8) {
      const dv = new DataView(rec.data.buffer, rec.data.byteOffset, rec.data.byteLength);
      sheets.push({
        offset: dv.getUint32(0, true),
        visibility: rec.data[4]! & 0x03,
        type: rec.data[5]!,
        name: unicodeString(rec.data, dv, 6, true),
      });
    } else if (rec.type === FORMAT && rec.data.length >= 5) {
      const dv = new DataView(rec.data.buffer, rec.data.byteOffset, rec.data.byteLength);
      formatCodes.set(dv.getUint16(0, true), unicodeString(rec.data, dv, 2));
    } else if (rec.type === XF && rec.data.length >= 4) {
      xfFormats.push(new DataView(rec.data.buffer, rec.data.byteOffset, rec.data.byteLength).getUint16(2, true));
    } else if (rec.type === SST && rec.data.length >= 8) {
      const { reader } = withContinues(stream, view, rec.data, rec.next);
      reader.u32(); // total references
      const unique = reader.u32();
      sst = [];
      for (let i = 0; i < unique && reader.remaining > 0; i++) sst.push(readSstString(reader));
    }
  }
  if (first) throw new BiffFormatError('empty Workbook stream');

  function* sheetCells(sheet: (typeof sheets)[number]): Generator<BiffCell> {
    const notes: Array<{ row: number; col: number; id: number }> = [];
    const objTexts = new Map<number, string>();
    let lastObjId = -1;
    let pendingFormula: [number, number] | undefined;
    let depth = 0;
    const name = sheet.name;
    const text = (row: number, col: number, value: string): BiffCell => ({ sheet: name, row, col, cell: `${columnName(col)}${row + 1}`, value });
    const number = (row: number, col: number, xf: number, value: number): BiffCell => {
      const format = formatCodes.get(xfFormats[xf] ?? 0);
      return { sheet: name, row, col, cell: `${columnName(col)}${row + 1}`, value, ...(format !== undefined ? { format } : {}) };
    };
    for (const rec of records(stream, view, sheet.offset)) {
      const d = rec.data;
      const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
      if (rec.type === BOF) {
        depth++;
        continue;
      }
      if (rec.type === EOF) {
        if (--depth <= 0) break;
        continue;
      }
      if (depth > 1) continue; // an embedded chart substream
      switch (rec.type) {
        case LABELSST: {
          if (d.length < 10) break;
          const value = sst[dv.getUint32(6, true)];
          if (value !== undefined) yield text(dv.getUint16(0, true), dv.getUint16(2, true), value);
          break;
        }
        case NUMBER:
          if (d.length >= 14) yield number(dv.getUint16(0, true), dv.getUint16(2, true), dv.getUint16(4, true), dv.getFloat64(6, true));
          break;
        case RK:
          if (d.length >= 10) yield number(dv.getUint16(0, true), dv.getUint16(2, true), dv.getUint16(4, true), decodeRk(dv.getUint32(6, true)));
          break;
        case MULRK: {
          const row = dv.getUint16(0, true);
          const firstCol = dv.getUint16(2, true);
          const count = Math.floor((d.length - 6) / 6);
          for (let k = 0; k < count; k++) {
            yield number(row, firstCol + k, dv.getUint16(4 + k * 6, true), decodeRk(dv.getUint32(4 + k * 6 + 2, true)));
          }
          break;
        }
        case LABEL:
        case RSTRING:
          if (d.length >= 9) yield text(dv.getUint16(0, true), dv.getUint16(2, true), unicodeString(d, dv, 6));
          break;
        case FORMULA: {
          if (d.length < 14) break;
          const row = dv.getUint16(0, true);
          const col = dv.getUint16(2, true);
          pendingFormula = undefined;
          if (dv.getUint16(12, true) !== 0xffff) yield number(row, col, dv.getUint16(4, true), dv.getFloat64(6, true));
          else if (d[6] === 0) pendingFormula = [row, col]; // the string result follows in a STRING record
          break;
        }
        case STRING:
          if (pendingFormula !== undefined && d.length >= 3) yield text(pendingFormula[0], pendingFormula[1], unicodeString(d, dv, 0));
          pendingFormula = undefined;
          break;
        case OBJ:
          // ftCmo is the first sub-record: ft (0x15), cb, ot, id.
          if (d.length >= 8 && dv.getUint16(0, true) === 0x15) lastObjId = dv.getUint16(6, true);
          break;
        case TXO: {
          if (d.length < 12) break;
          const cch = dv.getUint16(10, true);
          if (cch === 0) break;
          // The text is in the CONTINUE records that follow, each starting with a flags byte.
          const parts: Uint8Array[] = [];
          for (const cont of records(stream, view, rec.next)) {
            if (cont.type !== CONTINUE) break;
            parts.push(cont.data);
          }
          let comment = '';
          for (const part of parts) {
            if (comment.length >= cch || part.length === 0) break;
            const high = (part[0]! & 0x01) !== 0;
            const body = part.subarray(1);
            const take = Math.min(cch - comment.length, Math.floor(body.length / (high ? 2 : 1)));
            const slice = body.subarray(0, take * (high ? 2 : 1));
            comment += high ? Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).toString('utf16le') : latin1(slice);
          }
          objTexts.set(lastObjId, comment);
          break;
        }
        case NOTE:
          if (d.length >= 8) notes.push({ row: dv.getUint16(0, true), col: dv.getUint16(2, true), id: dv.getUint16(6, true) });
          break;
        default:
          break;
      }
    }
    for (const note of notes) {
      const comment = objTexts.get(note.id);
      if (comment !== undefined) yield { ...text(note.row, note.col, comment), comment: true };
    }
  }

  return {
    sheets: sheets.map(({ name, visibility }) => ({ name, visibility })),
    *cells() {
      for (const sheet of sheets) {
        if (sheet.type !== 0 && sheet.type !== 1) continue; // charts and VBA modules hold no cells
        if (sheet.offset >= stream.length) throw new BiffFormatError(`sheet ${sheet.name} starts past the end of the stream`);
        yield* sheetCells(sheet);
      }
    },
  };
}
