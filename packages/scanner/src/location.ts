import type { Segment } from '@gallra/extractors';
import type { ReportLocation } from './report.js';

/**
 * Maps offsets in one segment's text to report locations. Line starts are indexed once per segment
 * (lazily), so many findings in a large segment cost a binary search each, not a rescan.
 */
export class SegmentLocator {
  private lineStarts: number[] | null = null;
  private readonly base: Omit<ReportLocation, 'line' | 'column'>;
  private readonly firstLine: number;

  constructor(private readonly segment: Segment) {
    const place = segment.place;
    const member = segment.member.length > 0 ? segment.member.join('/') : null;
    this.firstLine = place.kind === 'text' ? place.line : 1;
    switch (place.kind) {
      case 'text':
        this.base = { member };
        break;
      case 'page':
        this.base = { member, page: place.page };
        break;
      case 'cell':
        this.base = { member, sheet: place.sheet, cell: place.cell };
        break;
      case 'paragraph':
        this.base = { member, part: place.part, paragraph: place.index };
        break;
      case 'slide':
        this.base = { member, slide: place.slide };
        break;
      case 'mail':
        this.base = { member, message: place.message, field: place.field };
        break;
      case 'metadata':
        this.base = { member, field: place.field };
        break;
    }
  }

  /** The location of UTF-16 offset `offset` of the segment's text: 1-based line and column. */
  locate(offset: number): ReportLocation {
    const starts = (this.lineStarts ??= indexLineStarts(this.segment.text));
    // Last line start ≤ offset.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const { member, ...rest } = this.base;
    return { line: this.firstLine + lo, column: offset - starts[lo]! + 1, member: member ?? null, ...rest };
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
