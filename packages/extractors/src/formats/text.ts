import { isUtf8 } from 'node:buffer';
import { decodeValidUtf8, detectEncoding, StreamingTextDecoder } from '../decode-text.js';
import { defineFormat, type FormatContext, type FormatEvent, type FormatInput } from '../format.js';
import { utf8OffsetOfUnits } from '../utf8-bytes.js';

/** Target size of one text segment (UTF-16 code units). Segments end at a line break. */
export const TEXT_CHUNK_CHARS = 256 * 1024;
/** A line longer than this is cut at a separator (space, punctuation) instead of its line break. */
const MAX_SEGMENT_CHARS = 4 * TEXT_CHUNK_CHARS;

/** Share of control bytes (other than tab, CR, LF, FF, ESC) above which bytes are binary, not text. */
const MAX_CONTROL_SHARE = 0.05;

function looksTextual(input: FormatInput): boolean {
  const detected = detectEncoding(input.head);
  if (detected === null) return false;
  if (detected.encoding.startsWith('utf-16')) return true;
  return countControlBytes(input.head) <= input.head.length * MAX_CONTROL_SHARE;
}

/** True for bytes below 0x20 other than tab, LF, FF, CR and ESC. */
function isControl(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b;
}

/**
 * Control bytes (see {@link isControl}) in `bytes`. Runs every file's head, so it reads four bytes at a
 * time where it can: a word without any byte below 0x20 (the common case in text) is skipped whole.
 */
export function countControlBytes(bytes: Uint8Array): number {
  let controls = 0;
  let i = 0;
  const misalignment = bytes.byteOffset & 3;
  const lead = misalignment === 0 ? 0 : Math.min(4 - misalignment, bytes.length);
  for (; i < lead; i++) if (isControl(bytes[i]!)) controls++;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (bytes.length - i) >>> 2);
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    // Some byte of the word is below 0x20 (the "has less than" bit trick); only then look at each byte.
    if ((((word - 0x20202020) & ~word) & 0x80808080) === 0) continue;
    const at = i + w * 4;
    for (let k = at; k < at + 4; k++) if (isControl(bytes[k]!)) controls++;
  }
  for (i += words.length * 4; i < bytes.length; i++) if (isControl(bytes[i]!)) controls++;
  return controls;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Where to cut `pending` so that no word or number straddles two segments: at the last line break
 * within the first `TEXT_CHUNK_CHARS`, else at the next line break, or for an overlong line after the
 * last separator (space, comma, semicolon, bar) before `MAX_SEGMENT_CHARS`.
 * Returns 0 when more text is needed first (never when `final`).
 */
export function cutPoint(pending: string, final: boolean): number {
  if (pending.length <= TEXT_CHUNK_CHARS) return final ? pending.length : 0;
  const nl = pending.lastIndexOf('\n', TEXT_CHUNK_CHARS - 1);
  if (nl >= 0) return nl + 1;
  const next = pending.indexOf('\n', TEXT_CHUNK_CHARS);
  if (next >= 0 && next < MAX_SEGMENT_CHARS) return next + 1;
  if (pending.length <= MAX_SEGMENT_CHARS) return final ? pending.length : 0;
  for (let i = MAX_SEGMENT_CHARS - 1; i > MAX_SEGMENT_CHARS - 4096; i--) {
    if (/[\s,;|]/.test(pending[i]!)) return i + 1;
  }
  return MAX_SEGMENT_CHARS; // no separator in the last 4 K characters: a hard cut is the only bounded choice
}

/**
 * Plain text (txt, csv, log, source code, xml, json…): encoding detected from the bytes (BOM, UTF-16,
 * UTF-8, windows-1252), streamed in segments of about 256 K characters that end at a line break, each
 * carrying its first line number. Memory stays bounded for files of any size.
 */
export const text = defineFormat({
  meta: {
    id: 'text',
    description: 'Plain text in UTF-8, UTF-16 or windows-1252 (txt, csv, tsv, log, json, xml, source code)',
    extensions: ['.txt', '.csv', '.tsv', '.log', '.md', '.json', '.xml', '.ini', '.cfg', '.conf', '.yaml', '.yml', '.sql'],
    mediaTypes: ['text/plain', 'text/csv'],
  },
  sniff: looksTextual,
  encodingOf: (input) => detectEncoding(input.head)?.encoding,
  extractInMemory: (input, ctx) => inMemoryEvents(input.head, input.inMemory, ctx),
  async *extract(input, ctx) {
    if (input.inMemory !== undefined) {
      yield* inMemoryEvents(input.head, input.inMemory, ctx);
      return;
    }
    const detected = detectEncoding(input.head) ?? { encoding: 'windows-1252' as const, bomLength: 0 };
    const segmenter = new TextSegmenter(1);
    const decoder = new StreamingTextDecoder(detected.encoding, detected.bomLength);
    for await (const chunk of input.open()) {
      ctx.signal?.throwIfAborted();
      segmenter.pending += decoder.write(chunk as Buffer);
      yield* segmenter.flush(false);
    }
    segmenter.pending += decoder.write(new Uint8Array(0), true);
    yield* segmenter.flush(true);
  },
});

/**
 * The segments of text held in memory, produced without waiting for anything: decoded as one chunk
 * (no stream to set up and tear down per file, and no deadline check: one chunk is one step).
 */
function* inMemoryEvents(head: Uint8Array, bytes: Uint8Array, ctx: FormatContext): Generator<TextSegmentEvent> {
  const detected = detectEncoding(head) ?? { encoding: 'windows-1252' as const, bomLength: 0 };
  if (detected.encoding === 'utf-8' && ctx.textForms?.includes('utf8-bytes')) {
    const body = validUtf8Body(bytes, detected.bomLength);
    if (body !== null) {
      yield* utf8ByteSegments(body);
      return;
    }
  }
  const segmenter = new TextSegmenter(1);
  const decoded = detected.encoding === 'utf-8' ? decodeValidUtf8(bytes.subarray(detected.bomLength)) : null;
  if (decoded !== null) segmenter.pending = decoded;
  else {
    // As a stream of one chunk, so that the text (and where it is cut) is the streamed one exactly.
    const decoder = new StreamingTextDecoder(detected.encoding, detected.bomLength);
    segmenter.pending = decoder.write(bytes);
    yield* segmenter.flush(false);
    segmenter.pending += decoder.write(new Uint8Array(0), true);
  }
  yield* segmenter.flush(true);
}

type TextSegmentEvent = Extract<FormatEvent, { kind: 'segment' }>;

/** Cuts decoded text into segments (see {@link cutPoint}) as it arrives, numbering their first lines. */
class TextSegmenter {
  /** Decoded text not yet given out as a segment. */
  pending = '';
  constructor(private line: number) {}

  *flush(final: boolean): Generator<TextSegmentEvent> {
    while (this.pending.length > 0) {
      const cut = cutPoint(this.pending, final);
      if (cut === 0) return;
      const segment = this.pending.slice(0, cut);
      this.pending = this.pending.slice(cut);
      yield { kind: 'segment', text: segment, place: { kind: 'text', line: this.line } };
      // Lines are counted for the next segment's first line; after the last one there is none.
      if (!final || this.pending.length > 0) this.line += countLines(segment);
    }
  }
}

/**
 * The bytes after the BOM when they are valid UTF-8 that decodes exactly as the text path would
 * decode it, else null. A second BOM right after the first is excluded: the decoder drops that one too.
 */
function validUtf8Body(bytes: Uint8Array, bomLength: number): Buffer | null {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + bomLength, bytes.byteLength - bomLength);
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return null;
  return isUtf8(body) ? body : null;
}

/**
 * Segments of valid UTF-8 `bytes` in the `utf8-bytes` form (one byte per char: no decoding), cut at
 * exactly the places where {@link cutPoint} cuts the decoded text, so each segment holds the same
 * characters and starts on the same line as it would in decoded form. An overlong line, which the
 * decoded path cuts at a separator or anywhere, sends the rest of the file down the decoded path.
 */
function* utf8ByteSegments(bytes: Buffer): Generator<TextSegmentEvent> {
  let from = 0;
  let line = 1;
  while (from < bytes.length) {
    const cut = utf8CutPoint(bytes, from);
    if (cut < 0) {
      const segmenter = new TextSegmenter(line);
      segmenter.pending = bytes.toString('utf8', from);
      yield* segmenter.flush(true);
      return;
    }
    const segment = bytes.toString('latin1', from, cut);
    yield { kind: 'segment', text: segment, form: 'utf8-bytes', place: { kind: 'text', line } };
    if (cut === bytes.length) return;
    line += countLines(segment);
    from = cut;
  }
}

/**
 * {@link cutPoint} (of the final text) for the decoded form of `bytes[from…]`, as a byte offset; -1
 * when the decoded path would cut inside an overlong line. Character counts are UTF-16 units, found by
 * walking the bytes only when there are more bytes than `TEXT_CHUNK_CHARS` left.
 */
export function utf8CutPoint(bytes: Buffer, from: number): number {
  const rest = bytes.length;
  // Whole rest ≤ TEXT_CHUNK_CHARS units?
  const chunkAt = utf8OffsetOfUnits(bytes, from, TEXT_CHUNK_CHARS);
  if (chunkAt < 0 || (chunkAt === rest && utf8OffsetOfUnits(bytes, from, TEXT_CHUNK_CHARS + 1) < 0)) return rest;
  // Last line break among the first TEXT_CHUNK_CHARS units (a break has units(from…it) ≤ CHUNK − 1).
  const nl = chunkAt > from ? bytes.lastIndexOf(0x0a, chunkAt - 1) : -1;
  if (nl >= from) return nl + 1;
  const next = bytes.indexOf(0x0a, chunkAt);
  const maxAt = utf8OffsetOfUnits(bytes, from, MAX_SEGMENT_CHARS);
  if (next >= 0 && (maxAt < 0 || next < maxAt)) return next + 1;
  if (maxAt < 0 || (maxAt === rest && utf8OffsetOfUnits(bytes, from, MAX_SEGMENT_CHARS + 1) < 0)) return rest;
  return -1;
}
