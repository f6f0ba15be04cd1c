import { utf16LengthOfUtf8, type Place, type Segment } from '@gallra/extractors';
import type { ReportLocation } from './report.js';

/** The fields of a report location that come from the segment's place (everything but line and column). */
type PlaceFields = Omit<ReportLocation, 'line' | 'column' | 'member'>;

/**
 * Maps offsets in one segment's text to report locations.
 *
 * Findings arrive in text order, so the locator walks forward from the previous offset, counting line
 * breaks with `indexOf` (a native scan) between one finding and the next: one pass over the text up to
 * the last finding, no per-line array. An offset before the previous one restarts from the beginning.
 */
export class SegmentLocator {
  private readonly text: string;
  /** The text is UTF-8 bytes (`form: 'utf8-bytes'`): offsets are byte offsets, columns still count UTF-16 units. */
  private readonly utf8Bytes: boolean;
  private readonly member: string | null;
  private readonly fields: PlaceFields;
  private readonly firstLine: number;
  /** 0-based number and start offset of the line the last offset was on (every break before it is counted). */
  private line = 0;
  private lineStart = 0;
  /** Next `\n` / `\r` at or after `lineStart` (`Infinity`: none left; -1: not looked up yet). */
  private nextLf = -1;
  private nextCr = -1;

  constructor(segment: Segment) {
    this.text = segment.text;
    this.utf8Bytes = segment.form === 'utf8-bytes';
    this.member = segment.member.length > 0 ? segment.member.join('/') : null;
    this.firstLine = segment.place.kind === 'text' ? segment.place.line : segment.place.kind === 'mail' ? (segment.place.line ?? 1) : 1;
    this.fields = placeFields(segment.place);
  }

  /**
   * The location of offset `offset` of the segment's text (a byte offset for `utf8-bytes` text): 1-based
   * line, and 1-based column in UTF-16 units of the decoded line, whichever form the text is in.
   */
  locate(offset: number): ReportLocation {
    if (offset < this.lineStart) this.restart();
    this.advance(offset);
    const column = (this.utf8Bytes ? utf16LengthOfUtf8(this.text, this.lineStart, offset) : offset - this.lineStart) + 1;
    return { line: this.firstLine + this.line, column, member: this.member, ...this.fields };
  }

  private restart(): void {
    this.line = 0;
    this.lineStart = 0;
    this.nextLf = -1;
    this.nextCr = -1;
  }

  /** Counts the line breaks that end before or at `offset`. A line ends at `\n`, `\r\n` or a lone `\r`. */
  private advance(offset: number): void {
    const text = this.text;
    for (;;) {
      if (this.nextLf !== Infinity && this.nextLf < this.lineStart) this.nextLf = indexOrInfinity(text, '\n', this.lineStart);
      if (this.nextCr !== Infinity && this.nextCr < this.lineStart) this.nextCr = indexOrInfinity(text, '\r', this.lineStart);
      const brk = Math.min(this.nextLf, this.nextCr);
      // A break at `brk` starts a new line at brk + 1 (brk + 2 for \r\n); it counts once that start is ≤ offset.
      const crlf = brk === this.nextCr && this.nextLf === brk + 1;
      const next = crlf ? brk + 2 : brk + 1;
      if (next > offset) break;
      this.line++;
      this.lineStart = next;
    }
  }
}

function indexOrInfinity(text: string, char: string, from: number): number {
  const i = text.indexOf(char, from);
  return i < 0 ? Infinity : i;
}

function placeFields(place: Place): PlaceFields {
  switch (place.kind) {
    case 'text':
      return {};
    case 'page':
      return { page: place.page };
    case 'cell':
      return {
        sheet: place.sheet,
        cell: place.cell,
        ...(place.part !== undefined ? { part: place.part } : {}),
        // A column label such as "Personnummer"; one with digits could be data, so it is left out.
        ...(place.header !== undefined && !/\d/.test(place.header) ? { header: place.header } : {}),
      };
    case 'paragraph':
      return { part: place.part, paragraph: place.index };
    case 'slide':
      return { slide: place.slide };
    case 'mail':
      return { message: place.message, field: place.field };
    case 'metadata':
      return { field: place.field };
  }
}

/** Offsets where lines begin. A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files). */
export function indexLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
