import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatContext, type FormatEvent, type FormatInput } from '../format.js';
import { CfbFormatError, openOfficeCfb, readSummaryAuthors, sniffOfficeCfb } from './cfb.js';
import { BiffEncryptedError, BiffFormatError, BiffVersionError, readBiff8, type BiffCell } from './xls-biff.js';
import { HeaderTracker, numericCellText } from '../office/cells.js';

const EXTENSIONS = ['.xls', '.xlt'];

/**
 * The text a detector should see for a raw cell value. Integers are written out in full
 * (`198501011234`, never `1.98501E+11`), through the cell's digit mask if it has one; a 9-digit
 * integer gets its leading zero back, because Excel and LibreOffice drop it when a 10-digit
 * personnummer such as `0101012391` is typed as a number.
 */
export function cellValueText(value: unknown, formatCode?: string): string | null {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null; // booleans, errors
  // The same rendering as xlsx/ods: digit masks such as `000000-0000` are applied, as Excel shows them.
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value < 0 ? value.toFixed(0) : numericCellText(value.toFixed(0), formatCode);
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
  const cfb = openOfficeCfb(bytes);
  const workbookStream = cfb.find('Workbook');
  if (workbookStream === undefined) {
    yield* extractWithSheetJs(bytes, ctx); // BIFF5/7 ("Book" stream)
    return;
  }
  try {
    const workbook = readBiff8(cfb.read(workbookStream));
    for (const { field, value } of readSummaryAuthors(cfb)) yield { kind: 'metadata', field, value };
    let count = 0;
    let sheet = '';
    let headers = new HeaderTracker();
    let row: BiffCell[] = [];
    // Cells come row by row; the header tracker sees each row before its cells are reported.
    const flushRow = function* (): Generator<FormatEvent> {
      if (row.length === 0) return;
      const rowNumber = row[0]!.row + 1;
      const texts = row.map((c) => [c, cellValueText(c.value, c.format)] as const).filter((e): e is readonly [BiffCell, string] => e[1] !== null && e[1].trim() !== '');
      headers.observeRow(rowNumber, texts.map(([c, t]) => [c.col, t, typeof c.value === 'string'] as const));
      for (const [c, text] of texts) {
        const header = headers.headerOf(c.col, rowNumber);
        yield { kind: 'segment', text, place: { kind: 'cell', sheet: c.sheet, cell: c.cell, ...(header !== undefined ? { header } : {}) } };
      }
      row = [];
    };
    for (const cell of workbook.cells()) {
      if (++count % 4096 === 0) throwIfAborted(ctx.signal);
      if (cell.sheet !== sheet || (row.length > 0 && cell.row !== row[0]!.row) || cell.comment) yield* flushRow();
      if (cell.sheet !== sheet) {
        sheet = cell.sheet;
        headers = new HeaderTracker();
      }
      if (cell.comment) {
        if (typeof cell.value === 'string' && cell.value.trim() !== '') {
          yield { kind: 'segment', text: cell.value, place: { kind: 'cell', sheet: cell.sheet, cell: cell.cell, part: 'comment' } };
        }
        continue;
      }
      row.push(cell);
    }
    yield* flushRow();
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
  sniff: (input) => sniffOfficeCfb(input, EXTENSIONS, ['Workbook', 'Book']),
  extract: extractXls,
});
