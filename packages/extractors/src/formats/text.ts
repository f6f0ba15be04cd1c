import { detectEncoding, StreamingTextDecoder } from '../decode-text.js';
import { defineFormat, type FormatInput } from '../format.js';

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
  let controls = 0;
  for (const b of input.head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) controls++;
  return controls <= input.head.length * MAX_CONTROL_SHARE;
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
  async *extract(input, ctx) {
    const detected = detectEncoding(input.head) ?? { encoding: 'windows-1252' as const, bomLength: 0 };
    const decoder = new StreamingTextDecoder(detected.encoding, detected.bomLength);
    let pending = '';
    let line = 1;
    const flush = function* (final: boolean) {
      while (pending.length > 0) {
        const cut = cutPoint(pending, final);
        if (cut === 0) return;
        const segment = pending.slice(0, cut);
        pending = pending.slice(cut);
        yield { kind: 'segment' as const, text: segment, place: { kind: 'text' as const, line } };
        line += countLines(segment);
      }
    };
    // Content already in memory is decoded as one chunk: no stream to set up and tear down per file.
    for await (const chunk of input.inMemory ? [input.inMemory] : input.open()) {
      ctx.signal?.throwIfAborted();
      pending += decoder.write(chunk as Buffer);
      yield* flush(false);
    }
    pending += decoder.write(new Uint8Array(0), true);
    yield* flush(true);
  },
});
