/** Column letters for a 0-based column index: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** 0-based column index of an A1 reference (`B7` → 1), or -1. */
export function columnIndex(ref: string): number {
  let index = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    index = index * 26 + (c - 64);
  }
  return i === 0 ? -1 : index - 1;
}

/** 1-based row of an A1 reference (`B7` → 7), or NaN. */
export function rowNumber(ref: string): number {
  return Number(ref.replace(/^[A-Z]+/, ''));
}

/** How many rows from the top of a sheet may hold the header row. */
const HEADER_SCAN_ROWS = 5;
const MAX_HEADER_CHARS = 100;

/**
 * Finds the column headers of a sheet while its rows stream past: the first row of labels (text cells
 * without digits) within the first rows, unless a row of data (two or more cells, or numbers) came
 * before it. A one-cell title row such as "Lista 2019" above the header row is passed over.
 */
export class HeaderTracker {
  #headers = new Map<number, string>();
  #headerRow = 0;
  #decided = false;

  /** Header text of a column for a cell in `row` below the header row. */
  headerOf(column: number, row: number): string | undefined {
    return row > this.#headerRow ? this.#headers.get(column) : undefined;
  }

  /** Call once per row, before its cells are emitted; `cells` are [column, text, isText] of non-empty cells. */
  observeRow(row: number, cells: readonly (readonly [number, string, boolean])[]): void {
    if (this.#decided || cells.length === 0) return;
    if (row > HEADER_SCAN_ROWS) {
      this.#decided = true;
      return;
    }
    const labels = cells.every(([, text, isText]) => isText && !/\d/.test(text) && text.trim().length <= MAX_HEADER_CHARS);
    if (labels) {
      this.#headers = new Map(cells.map(([column, text]) => [column, text.trim().replace(/\s+/g, ' ')]));
      this.#headerRow = row;
      this.#decided = true;
    } else if (cells.length >= 2) this.#decided = true; // data before any header row: no headers
  }
}

/** Digits of a non-negative integer value, or null. */
function integerDigits(value: number): string | null {
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < 0 || value >= 1e15) return null;
  return value.toFixed(0);
}

/**
 * A number-format code that is only a digit mask with literals, such as `000000-0000`, `000000\-0000`
 * or `"SE"0000000000`: the placeholders (`0`, `#`, `?`) and literal pieces, or null for anything else
 * (dates, decimals, exponents, percentages, text).
 */
export function parseDigitMask(code: string): (string | { placeholder: '0' | '#' | '?' })[] | null {
  const section = code.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)[0] ?? '';
  const tokens: (string | { placeholder: '0' | '#' | '?' })[] = [];
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    if (c === '0' || c === '#' || c === '?') tokens.push({ placeholder: c });
    else if (c === '\\') tokens.push(section[++i] ?? '');
    else if (c === '"') {
      const end = section.indexOf('"', i + 1);
      if (end < 0) return null;
      tokens.push(section.slice(i + 1, end));
      i = end;
    } else if (c === '[') {
      const end = section.indexOf(']', i + 1);
      if (end < 0) return null;
      i = end; // [Red], [$-41D]: colour and locale, no output
    } else if (c === '_' || c === '*') i++; // padding: skip the following character
    else if (/[-+ ()/:,]/.test(c)) {
      if (c === '/' || c === ':' || c === ',') return null; // fractions, times, thousands separators
      tokens.push(c);
    } else return null; // letters (dates), '.', 'E', '%', '@'
  }
  return tokens.some((t) => typeof t !== 'string') ? tokens : null;
}

/** Renders the digits of an integer through a digit mask, as Excel displays it. */
export function applyDigitMask(digits: string, mask: readonly (string | { placeholder: '0' | '#' | '?' })[]): string {
  let out = '';
  let d = digits.length - 1;
  let remainingPlaceholders = mask.filter((t) => typeof t !== 'string').length;
  for (let i = mask.length - 1; i >= 0; i--) {
    const token = mask[i]!;
    if (typeof token === 'string') {
      out = token + out;
      continue;
    }
    remainingPlaceholders--;
    if (remainingPlaceholders === 0 && d >= 0) {
      out = digits.slice(0, d + 1) + out; // the first placeholder takes all remaining digits
      d = -1;
    } else if (d >= 0) out = digits[d--] + out;
    else if (token.placeholder === '0') out = `0${out}`;
    else if (token.placeholder === '?') out = ` ${out}`;
  }
  return out;
}

const MASKS = new Map<string, ReturnType<typeof parseDigitMask>>();
/** Parsed digit masks, cached per format code (a workbook has few codes and many cells). */
function maskOf(code: string): ReturnType<typeof parseDigitMask> {
  let mask = MASKS.get(code);
  if (mask === undefined && !MASKS.has(code)) {
    mask = parseDigitMask(code);
    if (MASKS.size < 1000) MASKS.set(code, mask);
  }
  return mask ?? null;
}

/**
 * Text for a numeric cell, as a detector should see it: the raw value in full (never `1.98501E+11`),
 * through the cell's digit mask if it has one (`000000-0000` → `850101-2382`), and a 9-digit integer
 * with the leading zero restored (`101012391` → `0101012391`: Excel and LibreOffice drop the zero of
 * a 10-digit personnummer typed as a number).
 */
export function numericCellText(raw: string, formatCode: string | undefined): string {
  const value = Number(raw);
  const digits = integerDigits(value);
  if (digits === null) return Number.isFinite(value) && /e/i.test(raw) ? String(value) : raw;
  const mask = formatCode ? maskOf(formatCode) : null;
  if (mask) return applyDigitMask(digits, mask);
  return digits.length === 9 ? `0${digits}` : digits;
}
