/**
 * Splits a mailbox (mbox) byte stream into messages with bounded memory: a line starting with `From `
 * begins a new message (the separator line itself is not part of it), and `>From `, `>>From `… lines
 * lose one `>` (mboxrd un-escaping; also right for mboxo's `>From `). Only the current message is
 * held, and not even that once it passes `maxMessageBytes` (it is then reported by number and size).
 */

/** One message of the mailbox: its bytes, or null when it was larger than the limit. */
export interface MboxMessage {
  /** 1-based position in the mailbox. */
  readonly number: number;
  readonly size: number;
  readonly bytes: Buffer | null;
}

const LF = 0x0a;
const GT = 0x3e;
const FROM = Buffer.from('From ', 'latin1');
/** A line head longer than this is never kept back to decide whether it is a separator. */
const MAX_UNDECIDED = 1024;

function startsWithFrom(data: Buffer, at: number): boolean {
  return data.length - at >= 5 && data[at] === 0x46 && data[at + 1] === 0x72 && data[at + 2] === 0x6f && data[at + 3] === 0x6d && data[at + 4] === 0x20;
}

/** What the line starting at `at` is: a separator, an escaped `>From ` line, or anything else. */
function classify(data: Buffer, at: number): 'from' | 'escaped' | 'other' {
  if (startsWithFrom(data, at)) return 'from';
  if (data[at] !== GT) return 'other';
  let j = at + 1;
  while (j < data.length && data[j] === GT) j++;
  return startsWithFrom(data, j) ? 'escaped' : 'other';
}

/** True when the line head `data[at..]` (no line break in it) could still become a `From ` or `>From ` line. */
function undecided(data: Buffer, at: number): boolean {
  if (data.length - at > MAX_UNDECIDED) return false;
  let j = at;
  while (j < data.length && data[j] === GT) j++;
  const rest = data.length - j;
  if (rest >= FROM.length) return false;
  return data.compare(FROM, 0, rest, j, data.length) === 0;
}

export class MboxSplitter {
  readonly #maxMessageBytes: number;
  #parts: Buffer[] = [];
  #size = 0;
  #count = 0;
  /** A separator line was seen (or content before the first one): a message is open. */
  #open = false;
  /** Inside a separator line whose end has not arrived yet: its bytes are dropped. */
  #inSeparator = false;
  /** True when the next byte starts a line. */
  #atLineStart = true;
  /** A line head kept back until it is known whether it is a separator (always starts a line). */
  #pending: Buffer | null = null;

  constructor(maxMessageBytes: number) {
    this.#maxMessageBytes = maxMessageBytes;
  }

  /** Feeds the next chunk; returns the messages it completed. */
  push(chunk: Buffer): MboxMessage[] {
    const out: MboxMessage[] = [];
    let data = chunk;
    let atLineStart = this.#atLineStart;
    if (this.#pending !== null) {
      data = Buffer.concat([this.#pending, chunk]);
      this.#pending = null;
      atLineStart = true;
    }
    if (data.length === 0) return out;
    let pos = 0;
    if (this.#inSeparator) {
      const nl = data.indexOf(LF);
      if (nl < 0) return out;
      this.#inSeparator = false;
      pos = nl + 1;
      atLineStart = true;
    }
    // Keep back an incomplete last line that may still turn out to be a separator.
    let limit = data.length;
    const lastNl = data.lastIndexOf(LF);
    const tail = lastNl >= 0 ? lastNl + 1 : atLineStart ? pos : -1;
    if (tail >= pos && tail < data.length && undecided(data, tail)) limit = tail;
    const view = limit < data.length ? data.subarray(0, limit) : data;

    let cursor = pos;
    let lineStart = atLineStart && pos < limit ? pos : -1;
    let searchFrom = pos;
    let nextF = -2;
    let nextG = -2;
    for (;;) {
      if (lineStart < 0) {
        // The next line that starts with `F` or `>`: the only ones that can be separators or escapes.
        if (nextF !== -1 && nextF < searchFrom) nextF = view.indexOf('\nF', searchFrom, 'latin1');
        if (nextG !== -1 && nextG < searchFrom) nextG = view.indexOf('\n>', searchFrom, 'latin1');
        const next = nextF < 0 ? nextG : nextG < 0 ? nextF : Math.min(nextF, nextG);
        if (next < 0) break;
        lineStart = next + 1;
      }
      if (lineStart >= limit) break;
      const kind = classify(view, lineStart);
      if (kind === 'from') {
        this.#append(view.subarray(cursor, lineStart));
        const done = this.#finish();
        if (done) out.push(done);
        this.#open = true;
        const nl = view.indexOf(LF, lineStart);
        if (nl < 0) {
          this.#inSeparator = true; // the rest of this chunk is the separator line
          cursor = limit;
          break;
        }
        cursor = nl + 1;
        searchFrom = nl;
      } else {
        if (kind === 'escaped') {
          this.#append(view.subarray(cursor, lineStart));
          cursor = lineStart + 1; // drop one `>`
        }
        searchFrom = lineStart;
      }
      lineStart = -1;
    }
    if (cursor < limit) this.#append(view.subarray(cursor, limit));
    if (limit < data.length) this.#pending = Buffer.from(data.subarray(limit));
    this.#atLineStart = data[data.length - 1] === LF;
    return out;
  }

  /** Ends the input; returns the last message, if any. */
  end(): MboxMessage[] {
    if (this.#pending !== null) {
      this.#append(this.#pending);
      this.#pending = null;
    }
    const done = this.#finish();
    return done ? [done] : [];
  }

  #append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    // Blank lines before the first separator are no message.
    if (!this.#open && bytes.some((b) => b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09)) this.#open = true;
    this.#size += bytes.length;
    if (this.#size > this.#maxMessageBytes) this.#parts = []; // too large: count, do not keep
    else this.#parts.push(bytes);
  }

  #finish(): MboxMessage | null {
    if (!this.#open) {
      this.#parts = [];
      this.#size = 0;
      return null;
    }
    const size = this.#size;
    const bytes = size > this.#maxMessageBytes ? null : this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts, size);
    this.#parts = [];
    this.#size = 0;
    this.#open = false;
    return { number: ++this.#count, size, bytes };
  }
}
