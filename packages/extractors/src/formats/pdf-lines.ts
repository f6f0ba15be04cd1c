/**
 * Turns the positioned text items of one PDF page into plain text lines, and joins lines where a
 * line break splits one token (a personnummer wrapped at its hyphen, or at the space between its
 * date and serial parts). Pure: no pdf.js types, so it can be tested on its own.
 */

/** The parts of a pdf.js `TextItem` this module needs. */
export interface PositionedText {
  readonly str: string;
  readonly hasEOL: boolean;
  /** pdf.js transform matrix `[a, b, c, d, x, y]`. */
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
}

/** Groups text items into lines in content order: a new line starts at `hasEOL` or a baseline jump. */
export function itemsToLines(items: readonly PositionedText[]): string[] {
  const lines: string[] = [];
  let line = '';
  let prev: PositionedText | undefined;
  for (const item of items) {
    if (prev !== undefined && !prev.hasEOL && line !== '') {
      const size = Math.max(Math.abs(item.height), Math.abs(prev.height), 1);
      const dy = Math.abs((item.transform[5] ?? 0) - (prev.transform[5] ?? 0));
      const prevEnd = (prev.transform[4] ?? 0) + prev.width;
      const gap = (item.transform[4] ?? 0) - prevEnd;
      if (dy > size * 0.5) {
        lines.push(line);
        line = '';
      } else if (gap > size * 0.15 && !/\s$/.test(line) && !/^\s/.test(item.str)) {
        // Items placed apart on one baseline without a space glyph (table cells, justified text).
        line += ' ';
      }
    }
    line += item.str;
    if (item.hasEOL) {
      lines.push(line);
      line = '';
    }
    prev = item;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => l.replace(/\s+$/u, ''));
}

const DIGITS_THEN_HYPHEN = /\d[-\u2010-\u2015\u2212]$/u;
const ENDS_WITH_DIGIT = /\d$/u;
const STARTS_WITH_DIGIT = /^\d/u;
const WORD_THEN_HYPHEN = /\p{L}-$/u;
const STARTS_LOWERCASE = /^\p{Ll}/u;

/**
 * Joins lines into page text. A break after `19890812-` before `8542` is removed (the hyphen was the
 * line-break opportunity); a break between two digit groups becomes one space (the layout engine broke
 * at a space); a word hyphenated at the line end is re-joined. Every other break stays a newline.
 */
export function joinLines(lines: readonly string[]): string {
  let text = '';
  for (let i = 0; i < lines.length; i++) {
    const current = lines[i]!.replace(/^\s+/u, '');
    if (i === 0) {
      text = current;
      continue;
    }
    if (DIGITS_THEN_HYPHEN.test(text) && STARTS_WITH_DIGIT.test(current)) text += current;
    else if (ENDS_WITH_DIGIT.test(text) && STARTS_WITH_DIGIT.test(current)) text += ' ' + current;
    else if (WORD_THEN_HYPHEN.test(text) && STARTS_LOWERCASE.test(current)) text = text.slice(0, -1) + current;
    else text += '\n' + current;
  }
  return text;
}
