import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatContext, type FormatEvent, type FormatInput } from '../format.js';
import { hasExtension, sniffCfb } from './cfb.js';

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
  readonly v?: unknown;
  readonly c?: ReadonlyArray<{ readonly t?: string }>;
}

async function* extractXls(input: FormatInput, ctx: FormatContext): AsyncGenerator<FormatEvent> {
  throwIfAborted(ctx.signal);
  const bytes = await input.bytes();
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
    let count = 0;
    for (const address of Object.keys(sheet)) {
      if (address.startsWith('!')) continue;
      if (++count % 4096 === 0) throwIfAborted(ctx.signal);
      const cell = sheet[address]!;
      const text = cellValueText(cell.v);
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
 * Excel 97-2003 (.xls, BIFF8; BIFF5 too) through SheetJS 0.20.3 (`@e965/xlsx`, the republished
 * official build with the CVE-2023-30533 and CVE-2024-22363 fixes): every sheet including hidden
 * ones, one segment per cell (`Sheet!B7`), cell comments with `part: 'comment'`, author metadata.
 */
export const xls = defineFormat({
  meta: {
    id: 'xls',
    description: 'Excel 97-2003 binary workbook (SheetJS)',
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
