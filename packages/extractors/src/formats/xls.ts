import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatContext, type FormatEvent, type FormatInput } from '../format.js';
import { CfbFormatError, hasExtension, parseCfb, readSummaryAuthors, sniffCfb, type CfbFile } from './cfb.js';
import { BiffEncryptedError, BiffFormatError, BiffVersionError, readBiff8 } from './xls-biff.js';

const EXTENSIONS = ['.xls', '.xlt'];

/**
 * The text a detector should see for a raw cell value. Integers are written out in full
 * (`198501011234`, never `1.98501E+11`); a 9-digit integer gets its leading zero back, because Excel
 * and LibreOffice drop it when a 10-digit personnummer such as `0101012391` is typed as a number.
 */
export function cellValueText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null; // booleans, errors
  if (Number.isInteger(value) && Math.abs(value) < 1e21) {
    const digits = value.toFixed(0);
    return value >= 100_000_000 && value <= 999_999_999 ? `0${digits}` : digits;
  }
  return String(value);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExtractionError('timeout', 'Excel extraction was aborted', { cause: signal.reason });
}

interface SheetCell {
  /** SheetJS cell type: `e` (error) cells hold an error code in `v`, not data. */
  readonly t?: string;
  readonly v?: unknown;
  readonly c?: ReadonlyArray<{ readonly t?: string }>;
}

async function* extractXls(input: FormatInput, ctx: FormatContext): AsyncGenerator<FormatEvent> {
  throwIfAborted(ctx.signal);
  const bytes = await input.bytes();
  let cfb: CfbFile;
  try {
    cfb = parseCfb(bytes);
  } catch (error) {
    if (error instanceof CfbFormatError) throw new ExtractionError('corrupt', `damaged compound file: ${error.message}`, { cause: error });
    throw error;
  }
  if (cfb.has('EncryptionInfo')) throw new ExtractionError('encrypted', 'encrypted Office document');
  const workbookStream = cfb.find('Workbook');
  if (workbookStream === undefined) {
    yield* extractWithSheetJs(bytes, ctx); // BIFF5/7 ("Book" stream)
    return;
  }
  try {
    const workbook = readBiff8(cfb.read(workbookStream));
    for (const { field, value } of readSummaryAuthors(cfb)) yield { kind: 'metadata', field, value };
    let count = 0;
    for (const cell of workbook.cells()) {
      if (++count % 4096 === 0) throwIfAborted(ctx.signal);
      const text = cellValueText(cell.value);
      if (text === null || text.trim() === '') continue;
      yield {
        kind: 'segment',
        text,
        place: cell.comment ? { kind: 'cell', sheet: cell.sheet, cell: cell.cell, part: 'comment' } : { kind: 'cell', sheet: cell.sheet, cell: cell.cell },
      };
    }
  } catch (error) {
    if (error instanceof BiffVersionError) {
      yield* extractWithSheetJs(bytes, ctx);
      return;
    }
    if (error instanceof BiffEncryptedError) throw new ExtractionError('encrypted', 'the workbook is password-protected', { cause: error });
    if (error instanceof BiffFormatError || error instanceof CfbFormatError) {
      throw new ExtractionError('corrupt', `damaged workbook: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** SheetJS for the BIFF5/7 workbooks the BIFF8 reader does not handle. */
async function* extractWithSheetJs(bytes: Uint8Array, ctx: FormatContext): AsyncGenerator<FormatEvent> {
  const XLSX = await import('@e965/xlsx');
  let workbook: ReturnType<typeof XLSX.read>;
  try {
    workbook = XLSX.read(bytes, {
      type: 'buffer',
      // Raw values only: formatted text loses digits, and styles/formulas are not needed for detection.
      cellText: false,
      cellHTML: false,
      cellFormula: false,
      cellDates: false,
      cellStyles: false,
      bookVBA: false,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/password|encrypt/i.test(message)) throw new ExtractionError('encrypted', 'the workbook is password-protected', { cause: error });
    throw new ExtractionError('corrupt', 'the workbook could not be parsed', { cause: error });
  }
  const props = workbook.Props;
  if (props?.Author) yield { kind: 'metadata', field: 'author', value: props.Author };
  if (props?.LastAuthor && props.LastAuthor !== props.Author) yield { kind: 'metadata', field: 'lastModifiedBy', value: props.LastAuthor };
  // Every sheet, hidden and very hidden ones included: they hold data too.
  for (const sheetName of workbook.SheetNames) {
    throwIfAborted(ctx.signal);
    const sheet = workbook.Sheets[sheetName] as Record<string, SheetCell> | undefined;
    if (sheet === undefined) continue;
    for (const address of Object.keys(sheet)) {
      if (address.startsWith('!')) continue;
      const cell = sheet[address]!;
      const text = cell.t === 'e' ? null : cellValueText(cell.v);
      if (text !== null && text.trim() !== '') yield { kind: 'segment', text, place: { kind: 'cell', sheet: sheetName, cell: address } };
      for (const comment of cell.c ?? []) {
        if (comment.t && comment.t.trim() !== '') {
          yield { kind: 'segment', text: comment.t, place: { kind: 'cell', sheet: sheetName, cell: address, part: 'comment' } };
        }
      }
    }
  }
}

/**
 * Excel 97-2003 (.xls): BIFF8 through our own record reader (`xls-biff.ts`), older BIFF5/7 through
 * SheetJS 0.20.3 (`@e965/xlsx`, the republished official build with the CVE-2023-30533 and
 * CVE-2024-22363 fixes). Every sheet including hidden ones, one segment per cell (`Sheet!B7`), cell
 * comments with `part: 'comment'`, the summary author fields as metadata.
 */
export const xls = defineFormat({
  meta: {
    id: 'xls',
    description: 'Excel 97-2003 binary workbook (BIFF8 record reader; SheetJS for BIFF5/7)',
    extensions: EXTENSIONS,
    mediaTypes: ['application/vnd.ms-excel'],
  },
  async sniff(input) {
    const cfb = await sniffCfb(input);
    if (cfb === null) return false;
    if (cfb === 'unreadable') return hasExtension(input.name, EXTENSIONS);
    return (cfb.has('Workbook') || cfb.has('Book')) && !cfb.has('EncryptionInfo');
  },
  extract: extractXls,
});
